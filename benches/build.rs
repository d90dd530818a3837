//! Benchmark: builds a synthetic catalogue of 10 000 partnerships with the
//! release `iop` binary and reports wall time and peak memory.
//!
//!     cargo bench --bench build            # 10 000 partnerships
//!     IOP_BENCH_N=50000 cargo bench --bench build
//!
//! Not a test: it asserts nothing about speed; it prints figures.

mod common;

use std::process::Command;
use std::time::Instant;

/// Peak resident memory of the largest finished child process, in MiB.
fn children_peak_mib() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a complete rusage into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    usage.ru_maxrss as f64 / 1024.0
}

fn main() {
    let n: usize = std::env::var("IOP_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    common::write_catalogue(dir.path(), n);
    let iop = env!("CARGO_BIN_EXE_iop");
    let started = Instant::now();
    let output = Command::new(iop)
        .args(["build", "--as-of", "2024-01-01", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files = walkdir::WalkDir::new(dir.path().join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file());
    let (count, bytes) = files.fold((0usize, 0u64), |(c, b), e| {
        (c + 1, b + e.metadata().unwrap().len())
    });
    println!(
        "iop build: {n} partnerskap → {count} filer, {:.1} MB",
        bytes as f64 / 1e6
    );
    println!("wall time: {seconds:.2} s");
    println!("peak memory (max RSS): {:.0} MiB", children_peak_mib());
}
