//! Benchmark: builds a synthetic catalogue of 10 000 partnerships with the
//! release `iop` binary and reports wall time and peak memory.
//!
//!     cargo bench --bench build            # 10 000 partnerships
//!     IOP_BENCH_N=50000 cargo bench --bench build
//!
//! Not a test: it asserts nothing about speed; it prints figures.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const KOMMUNER: [&str; 12] = [
    "Malmö",
    "Göteborg",
    "Stockholm",
    "Umeå",
    "Uppsala",
    "Borås",
    "Kalmar",
    "Värmdö",
    "Lund",
    "Kiruna",
    "Västerås",
    "Gotland",
];
const FOKUS: [&str; 6] = [
    "hemloshet",
    "barn-och-unga",
    "arbetsmarknad",
    "kultur",
    "brottsoffer",
    "halsa-och-vard",
];
const WORDS: [&str; 12] = [
    "mötesplats",
    "stöd",
    "unga",
    "familjer",
    "boende",
    "arbete",
    "integration",
    "trygghet",
    "samverkan",
    "ensamhet",
    "idrott",
    "vård",
];

fn write_catalogue(root: &Path, n: usize) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::create_dir_all(root.join("content/partnerskap")).unwrap();
    fs::create_dir_all(root.join("content/organisationer")).unwrap();
    fs::copy(repo.join("site.toml"), root.join("site.toml")).unwrap();
    for f in ["fokusomraden.yaml", "kallor.yaml"] {
        fs::copy(repo.join("content").join(f), root.join("content").join(f)).unwrap();
    }
    let organisations = (n / 20).max(2);
    for o in 0..organisations {
        fs::write(
            root.join(format!("content/organisationer/forening-{o}.md")),
            format!("---\nnamn: Förening {o}\nalias: [Föreningen nummer {o}]\n---\nEn idéburen förening.\n"),
        )
        .unwrap();
    }
    for i in 0..n {
        let kommun = KOMMUNER[i % KOMMUNER.len()];
        let words: Vec<&str> = (0..40)
            .map(|w| WORDS[(i * 7 + w * 3) % WORDS.len()])
            .collect();
        let start = 2010 + (i % 14);
        fs::write(
            root.join(format!("content/partnerskap/partnerskap-{i}.md")),
            format!(
                "---\nnamn: Partnerskap {i} om {}\noffentliga_parter:\n  - kommun: {kommun}\n    organ: Socialnämnden\n\
                 idéburna_parter: [Förening {}, Förening {}]\nfokusområden: [{}, {}]\nstart: {start}-03-01\nslut: {}-12-31\n\
                 källor: [famna-fremia-2023]\n---\n{}.\n",
                words[0],
                i % organisations,
                // A second, different organisation.
                (i % organisations + 1 + (i / 3) % (organisations - 1)) % organisations,
                FOKUS[i % FOKUS.len()],
                FOKUS[(i + 1) % FOKUS.len()],
                start + 1 + i % 4,
                words.join(" ")
            ),
        )
        .unwrap();
    }
}

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
    write_catalogue(dir.path(), n);
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
