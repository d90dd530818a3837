//! Benchmark: the same synthetic catalogue built by iop and, when `hugo` is
//! on PATH, as a Hugo site with the same taxonomies (kommun, region, focus
//! area, organisation); the builds interleaved, medians printed.
//!
//!     cargo bench --bench build -- 1k 10k 50k [--runs 5]
//!     IOP_BENCH_N=50000 cargo bench --bench build
//!
//! Each round builds, in this order: iop into an empty folder ("iop full"),
//! iop again over its own output ("iop again", the incremental write), and
//! Hugo into an empty folder. Wall time, CPU time (user + system) and peak
//! memory come from wait4 for each process. Not a test: it asserts nothing
//! about speed; it prints figures.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn main() {
    let (sizes, runs) = sizes();
    let hugo = Command::new("hugo")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !hugo {
        println!("hugo finns inte på PATH: bara iop mäts (apt-get install hugo)");
    }
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("iop");
        let hugo_site = dir.path().join("hugo");
        write_catalogue(&site, n);
        if hugo {
            write_hugo_site(&hugo_site, n);
        }
        let iop = env!("CARGO_BIN_EXE_iop");
        let iop_build = |out: &Path| {
            let mut c = Command::new(iop);
            c.args(["build", "--as-of", "2024-01-01", "--root"])
                .arg(&site)
                .arg("--out")
                .arg(out);
            c
        };
        let mut rounds: Vec<[Option<Run>; 3]> = Vec::new();
        for round in 0..runs {
            let out = dir.path().join(format!("ut-{round}"));
            let full = measure(&mut iop_build(&out));
            let again = measure(&mut iop_build(&out));
            let files = walkdir::WalkDir::new(&out)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .count();
            let _ = std::fs::remove_dir_all(&out);
            let h = hugo.then(|| {
                let out = dir.path().join(format!("hugo-ut-{round}"));
                let run = measure(
                    Command::new("hugo")
                        .arg("--quiet")
                        .arg("--source")
                        .arg(&hugo_site)
                        .arg("--destination")
                        .arg(&out),
                );
                let hugo_files = walkdir::WalkDir::new(&out)
                    .into_iter()
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_file())
                    .count();
                if round == 0 {
                    println!("{n}: iop skrev {files} filer, hugo {hugo_files}");
                }
                let _ = std::fs::remove_dir_all(&out);
                run
            });
            rounds.push([Some(full), Some(again), h]);
        }
        println!("\n{n} partnerskap, {runs} omgångar, medianer:");
        println!(
            "{:<12} {:>9} {:>9} {:>10}",
            "", "vägg s", "cpu s", "topp MiB"
        );
        let names = ["iop full", "iop again", "hugo"];
        let mut medians = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let runs: Vec<Run> = rounds.iter().filter_map(|r| r[i]).collect();
            if runs.is_empty() {
                medians.push(None);
                continue;
            }
            let m = Run {
                wall: median(runs.iter().map(|r| r.wall).collect()),
                cpu: median(runs.iter().map(|r| r.cpu).collect()),
                peak_mib: median(runs.iter().map(|r| r.peak_mib).collect()),
            };
            println!(
                "{name:<12} {:>9.2} {:>9.2} {:>10.0}",
                m.wall, m.cpu, m.peak_mib
            );
            medians.push(Some(m));
        }
        if let (Some(h), Some(full), Some(again)) = (medians[2], medians[0], medians[1]) {
            for (name, m) in [("iop full", full), ("iop again", again)] {
                println!(
                    "{name} / hugo: vägg {:.2}×, cpu {:.2}×, minne {:.2}×",
                    m.wall / h.wall,
                    m.cpu / h.cpu,
                    m.peak_mib / h.peak_mib
                );
            }
        }
    }
}
