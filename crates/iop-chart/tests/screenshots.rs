//! Renders the sample page (every chart type) in headless Chromium at a
//! desktop and a phone width and keeps the PNGs for a person to look at:
//! `target/tmp/iop-chart-screenshots/` (or `$IOP_CHART_SCREENSHOTS`).
//! Skipped, with a note, when no Chromium is installed.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

fn screenshot(browser: &Path, page: &Path, out: &Path, width: u32, height: u32) {
    let profile = out.with_extension("profile");
    let _ = std::fs::remove_file(out);
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", out.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium took too long");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = std::fs::remove_dir_all(&profile);
    let png = std::fs::read(out).expect("screenshot written");
    assert!(
        png.starts_with(b"\x89PNG"),
        "{} is not a PNG",
        out.display()
    );
    assert!(png.len() > 20_000, "{} looks empty", out.display());
}

#[test]
fn screenshots() {
    let Some(browser) = chromium() else {
        eprintln!("no chromium found: screenshots skipped");
        return;
    };
    let dir = std::env::var_os("IOP_CHART_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("iop-chart-screenshots"));
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    let page = dir.join("charts.html");
    std::fs::write(&page, common::sample_page()).expect("write page");
    let page = page.canonicalize().expect("page path");
    screenshot(&browser, &page, &dir.join("charts-desktop.png"), 1200, 4300);
    screenshot(&browser, &page, &dir.join("charts-phone.png"), 390, 5600);
    eprintln!("screenshots in {}", dir.display());
}
