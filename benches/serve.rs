//! Benchmark: how long after saving one partnership file `iop serve` answers
//! with the changed page, on the synthetic catalogue of `benches/build.rs`.
//!
//!     cargo bench --bench serve -- 10k [--runs 10]
//!
//! The time runs from the end of the write to the first answer that shows
//! the new name, polled every 5 ms, for the entry's page, its kommun's page
//! and the first page of the list of all partnerships; and until the server
//! reports that the new site, search index included, is served. Then the same for a new
//! word in the description, which only the entry's page and the search
//! show. Each edit waits for the
//! previous one's index, then half a second, so that each is its own
//! rebuild. It includes the server's wait for the editor to be done saving
//! (5 ms of quiet once the file is closed). Medians and ranges are
//! printed. Not a test.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn get(port: u16, path: &str) -> Vec<u8> {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return Vec::new();
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    );
    let mut body = Vec::new();
    let _ = stream.read_to_end(&mut body);
    body
}

fn shows(port: u16, path: &str, name: &str) -> bool {
    String::from_utf8_lossy(&get(port, path)).contains(name)
}

/// Median and range in milliseconds.
fn summary(times: &[f64]) -> String {
    format!(
        "{:.0} ms ({:.0}–{:.0})",
        median(times.to_vec()) * 1e3,
        times.iter().copied().fold(f64::INFINITY, f64::min) * 1e3,
        times.iter().copied().fold(0.0, f64::max) * 1e3,
    )
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
        // When each rebuild's search index is served, as the server says.
        let (index_tx, index_served) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                if line.contains("visades efter") {
                    let _ = index_tx.send(Instant::now());
                }
            }
        });
        let file = site.join("content/partnerskap/partnerskap-5.md");
        let original = std::fs::read_to_string(&file).unwrap();
        // The entry's page, its kommun's, the list's first page, the index.
        let paths = [
            "/partnerskap/partnerskap-5/",
            "/kommun/boras/",
            "/partnerskap/",
        ];
        let mut times: [Vec<f64>; 4] = Default::default();
        for run in 0..runs {
            // Sorts first, so that it is on the first page of the lists.
            let name = format!("Aaa ändrat {run}");
            let text = original.replacen("namn: Partnerskap 5", &format!("namn: {name}"), 1);
            std::fs::write(&file, text).unwrap();
            let saved = Instant::now();
            let mut at: [Option<f64>; 4] = [None; 4];
            while at.iter().any(Option::is_none) {
                for (i, path) in paths.iter().enumerate() {
                    if at[i].is_none() && shows(port, path, &name) {
                        at[i] = Some(saved.elapsed().as_secs_f64());
                    }
                }
                if at[3].is_none()
                    && let Ok(served) = index_served.try_recv()
                {
                    at[3] = Some((served - saved).as_secs_f64());
                }
                assert!(
                    saved.elapsed() < Duration::from_secs(300),
                    "no change served"
                );
                std::thread::sleep(Duration::from_millis(5));
            }
            for (t, a) in times.iter_mut().zip(at) {
                t.push(a.unwrap());
            }
            // Quiet between edits, so that each is its own rebuild.
            std::thread::sleep(Duration::from_millis(500));
        }
        // The commonest edit: a word more in the description, which only
        // the entry's page and the search show.
        let mut described: [Vec<f64>; 2] = Default::default();
        for run in 0..runs {
            let word = format!("zebrafink{run}");
            std::fs::write(&file, format!("{original}Ett nytt ord: {word}.\n")).unwrap();
            let saved = Instant::now();
            let mut at: [Option<f64>; 2] = [None; 2];
            while at.iter().any(Option::is_none) {
                if at[0].is_none() && shows(port, paths[0], &word) {
                    at[0] = Some(saved.elapsed().as_secs_f64());
                }
                if at[1].is_none()
                    && let Ok(served) = index_served.try_recv()
                {
                    at[1] = Some((served - saved).as_secs_f64());
                }
                assert!(
                    saved.elapsed() < Duration::from_secs(300),
                    "no change served"
                );
                std::thread::sleep(Duration::from_millis(5));
            }
            for (t, a) in described.iter_mut().zip(at) {
                t.push(a.unwrap());
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        let _ = child.kill();
        let _ = child.wait();
        println!(
            "iop serve, {n} partnerskap, {runs} namnbyten och {runs} nya ord i beskrivningen, \
             tid från sparad fil till visad ändring (median, min–max):\n  \
             nytt namn: partnerskapets sida {}, kommunsidan {}, listan /partnerskap/ {}, sökindexet {}\n  \
             nytt ord: partnerskapets sida {}, sökindexet {}",
            summary(&times[0]),
            summary(&times[1]),
            summary(&times[2]),
            summary(&times[3]),
            summary(&described[0]),
            summary(&described[1]),
        );
    }
}
