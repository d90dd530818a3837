//! Benchmark: how long after saving one partnership file `iop serve` answers
//! with the changed page, on the synthetic catalogue of `benches/build.rs`.
//!
//!     cargo bench --bench serve -- 10k [--runs 10]
//!
//! The time runs from the end of the write to the first answer for the
//! entry's page that shows the new name, polled every 5 ms; it includes the
//! server's wait for the editor to be done saving (200 ms of quiet). Also
//! timed: the first answer for the kommun page showing it. Not a test.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn get(port: u16, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    );
    let mut body = String::new();
    let _ = stream.read_to_string(&mut body);
    body
}

fn main() {
    let (sizes, runs) = sizes();
    let runs = runs.max(5);
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("iop");
        write_catalogue(&site, n);
        let mut child = Command::new(env!("CARGO_BIN_EXE_iop"))
            .arg("--root")
            .arg(&site)
            .args(["serve", "--port", "0", "--as-of", "2024-01-01"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let port: u16 = loop {
            let mut line = String::new();
            assert!(
                stderr.read_line(&mut line).unwrap() > 0,
                "iop serve stopped"
            );
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                break rest
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .unwrap();
            }
        };
        std::thread::spawn(move || for _ in stderr.lines() {});
        let file = site.join("content/partnerskap/partnerskap-5.md");
        let original = std::fs::read_to_string(&file).unwrap();
        let (mut page, mut kommun) = (Vec::new(), Vec::new());
        for run in 0..runs {
            // Sorts first, so that it is on the first page of the kommun's list.
            let name = format!("Aaa ändrat {run}");
            let text = original.replacen("namn: Partnerskap 5", &format!("namn: {name}"), 1);
            std::fs::write(&file, text).unwrap();
            let saved = Instant::now();
            let (mut page_at, mut kommun_at) = (None, None);
            while page_at.is_none() || kommun_at.is_none() {
                if page_at.is_none() && get(port, "/partnerskap/partnerskap-5/").contains(&name) {
                    page_at = Some(saved.elapsed().as_secs_f64());
                }
                if kommun_at.is_none() && get(port, "/kommun/boras/").contains(&name) {
                    kommun_at = Some(saved.elapsed().as_secs_f64());
                }
                assert!(
                    saved.elapsed() < Duration::from_secs(300),
                    "no change served"
                );
                std::thread::sleep(Duration::from_millis(5));
            }
            page.push(page_at.unwrap());
            kommun.push(kommun_at.unwrap());
            // Quiet between edits, so that each is its own rebuild.
            std::thread::sleep(Duration::from_millis(500));
        }
        let _ = child.kill();
        let _ = child.wait();
        println!(
            "iop serve, {n} partnerskap, {runs} ändringar: sidan visar ändringen efter {:.0} ms (median; {:.0}–{:.0}), kommunsidan efter {:.0} ms",
            median(page.clone()) * 1e3,
            page.iter().copied().fold(f64::INFINITY, f64::min) * 1e3,
            page.iter().copied().fold(0.0, f64::max) * 1e3,
            median(kommun) * 1e3,
        );
    }
}
