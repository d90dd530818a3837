//! Writes an HTML page with every chart type on sample data, for looking at
//! in a browser or as a headless Chromium screenshot:
//!
//!     cargo run -p iop-chart --example preview -- /tmp/preview.html
//!     chromium --headless --screenshot=/tmp/preview.png --window-size=1200,2000 file:///tmp/preview.html
//!
//! The test `screenshots` does the same and keeps the PNGs.

#[path = "../tests/common/mod.rs"]
mod common;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/iop-chart-preview.html".into());
    std::fs::write(&path, common::sample_page()).expect("write preview");
    eprintln!("wrote {path}");
}
