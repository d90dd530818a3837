//! Benchmark of the search page /sok/: the bytes a reader downloads before
//! the first result of a search opened from a shared link, and the time
//! per query, for the frozen fixture catalogue (106 partnerships) and
//! synthetic ones (the `build` benchmark's, of 10 000 and 50 000
//! partnerships unless IOP_BENCH_N, a comma-separated list, says
//! otherwise).
//!
//!     cargo bench --bench search
//!     IOP_BENCH_N=10000 cargo bench --bench search
//!
//! Bytes: the page, its style sheets and script, the WebAssembly module,
//! the index and, per query, the parts of the index it needs (the texts
//! parts of the hits, for their snippets, come after the first result),
//! each gzip-compressed
//! (level 9, as a server would; the index files are gzip already) and as
//! they are, for a host without compression. Latency: natively (the engine alone, as
//! `iop search` runs it) and, when `node` is on PATH, the module in Node
//! through crates/iop-search-wasm/bench.mjs (as sok.js drives it, JSON
//! included). For the synthetic catalogues, the same entries as a Hugo site
//! indexed by Pagefind, and the bytes Pagefind's interface fetches for the
//! same queries (see `pagefind`). Not a test: it asserts nothing; it prints
//! figures.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use iop_search::{Catalogue, Query};

/// Typical queries: a word being typed, whole words, typos, a compound
/// part, words without diacritics, a phrase, a word nothing has.
const QUERIES: [&str; 12] = [
    "k",
    "kv",
    "kvinnojour",
    "kvinnojourer ",
    "hemlösheet ",
    "jour ",
    "malmo ",
    "stöd till barn ",
    "\"våld i nära\"",
    "stadsmission",
    "rada barnen ",
    "kvinnojour qwxyzzy ",
];

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = tempfile::tempdir().unwrap();
    build(
        &repo.join("tests/fixtures/rapport-2023"),
        "2023-04-01",
        fixture.path(),
    );
    report("fixture (tests/fixtures/rapport-2023)", fixture.path());

    let sizes = std::env::var("IOP_BENCH_N").unwrap_or_else(|_| "10000,50000".to_string());
    for n in sizes
        .split(',')
        .map(|n| n.trim().parse::<usize>().expect("IOP_BENCH_N"))
    {
        let synthetic = tempfile::tempdir().unwrap();
        common::write_catalogue(synthetic.path(), n);
        let public = synthetic.path().join("public");
        let t = Instant::now();
        build(synthetic.path(), "2024-01-01", &public);
        println!(
            "(built {n} partnerships in {:.1} s)",
            t.elapsed().as_secs_f64()
        );
        report(&format!("synthetic, {n} partnerships"), &public);
        pagefind(synthetic.path(), n);
    }
}

/// The same synthetic catalogue as a Hugo site indexed by Pagefind, and
/// the bytes its own interface fetches for the same queries
/// (benches/pagefind-bytes.mjs), when `hugo` is on PATH and Pagefind is
/// installed (`npm install --prefix target/pagefind pagefind@1.6.0`, or
/// PAGEFIND naming its binary).
fn pagefind(dir: &Path, n: usize) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let binary = std::env::var_os("PAGEFIND")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("target/pagefind/node_modules/.bin/pagefind"));
    let hugo = Command::new("hugo").arg("version").output();
    if !binary.exists() || !hugo.is_ok_and(|o| o.status.success()) {
        println!(
            "  Pagefind: not measured (needs hugo on PATH and npm install --prefix target/pagefind pagefind@1.6.0)"
        );
        return;
    }
    let site = dir.join("hugo");
    common::write_hugo_site(&site, n);
    let public = site.join("public");
    let run = |command: &mut Command| {
        let output = command.output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let t = Instant::now();
    run(Command::new("hugo")
        .args(["--quiet", "--source"])
        .arg(&site)
        .arg("--destination")
        .arg(&public));
    let hugo_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    run(Command::new(&binary).arg("--site").arg(&public));
    println!(
        "== Pagefind, the same {n} partnerships as a Hugo site (hugo {hugo_s:.1} s, pagefind {:.1} s)",
        t.elapsed().as_secs_f64()
    );
    let files = walkdir::WalkDir::new(public.join("pagefind"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    println!("  pagefind/: {files} files; per query, before the first results:");
    let output = Command::new("node")
        .arg(repo.join("benches/pagefind-bytes.mjs"))
        .arg(&public)
        .args(QUERIES)
        .output();
    match output {
        Ok(o) if o.status.success() => print!("{}", String::from_utf8_lossy(&o.stdout)),
        Ok(o) => println!(
            "  pagefind-bytes.mjs failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(_) => println!("  no node on PATH, not measured"),
    }
}

fn build(root: &Path, as_of: &str, out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_iop"))
        .args(["build", "--as-of", as_of, "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn report(name: &str, public: &Path) {
    println!("== {name}");
    let page = fs::read_to_string(public.join("sok/index.html")).unwrap();
    let mut files: Vec<PathBuf> = vec![public.join("sok/index.html")];
    files.extend(
        stylesheets(&page)
            .into_iter()
            .map(|href| public.join(href.trim_start_matches('/'))),
    );
    for f in ["sok/sok.js", "sok/iop-search.wasm", "sok/index.bin"] {
        files.push(public.join(f));
    }
    let (mut raw, mut gz) = (0, 0);
    for f in &files {
        let (as_is, compressed) = sizes(f);
        println!(
            "  {:<28} {:>9} bytes, {:>8} gzip",
            f.strip_prefix(public).unwrap().display(),
            as_is,
            compressed
        );
        raw += as_is;
        gz += compressed;
    }
    let sok = public.join("sok");
    let index = fs::read(sok.join("index.bin")).unwrap();
    let parts = Catalogue::open(&index).unwrap().parts();
    let all: usize = parts.iter().map(|p| sizes(&sok.join(p)).1).sum();
    println!(
        "  then per query some of the {} parts of sok/delar/ ({all} bytes in all):",
        parts.len()
    );
    let mut firsts = Vec::new();
    let mut snippets = Vec::new();
    for q in QUERIES {
        // A page opened from a link: a fresh module, the parts this query asks for.
        let mut fresh = Catalogue::open(&index).unwrap();
        let (mut fetched, mut part_raw, mut part_gz) = (0, 0, 0);
        let results = loop {
            match fresh.try_search(&Query::text(q)) {
                Ok(results) => break results,
                Err(needs) => {
                    for name in needs {
                        fresh.add_part(&fs::read(sok.join(&name)).unwrap()).unwrap();
                        let (r, g) = sizes(&sok.join(&name));
                        fetched += 1;
                        part_raw += r;
                        part_gz += g;
                    }
                }
            }
        };
        // Then the descriptions of the hits shown, for their snippets.
        snippets.push(
            results
                .texts_needed
                .iter()
                .map(|name| sizes(&sok.join(name)).1)
                .sum::<usize>(),
        );
        firsts.push(gz + part_gz);
        println!(
            "    {:>8} gzip, {:>9} without compression, {fetched:>3} parts  {q:?}",
            gz + part_gz,
            raw + part_raw
        );
    }
    firsts.sort();
    println!(
        "  before the first result: median {} bytes with gzip, max {}",
        firsts[firsts.len() / 2],
        firsts[firsts.len() - 1]
    );
    snippets.sort();
    println!(
        "  then the texts parts of the hits shown (snippets): median {} bytes with gzip, max {}",
        snippets[snippets.len() / 2],
        snippets[snippets.len() - 1]
    );

    let t = Instant::now();
    let catalogue = Catalogue::open_dir(&sok).unwrap();
    let open = t.elapsed();
    println!("  native: open with every part {:.1} ms", ms(open));
    let mut all = Vec::new();
    let mut out = std::io::stdout().lock();
    for q in QUERIES {
        let query = Query::text(q);
        catalogue.search(&query); // warm
        let mut best = Duration::MAX;
        let mut total = 0;
        for _ in 0..10 {
            let t = Instant::now();
            total = catalogue.search(&query).total;
            let e = t.elapsed();
            best = best.min(e);
            all.push(e);
        }
        let _ = writeln!(out, "    {:>7.2} ms {total:>6} hits  {q:?}", ms(best));
    }
    all.sort();
    let _ = writeln!(
        out,
        "  native query: median {:.2} ms, max {:.2} ms",
        ms(all[all.len() / 2]),
        ms(all[all.len() - 1])
    );
    drop(out);

    let node = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/iop-search-wasm/bench.mjs"))
        .arg(public.join("sok/iop-search.wasm"))
        .arg(public.join("sok"))
        .output();
    match node {
        Ok(o) if o.status.success() => {
            for line in String::from_utf8_lossy(&o.stdout).lines() {
                println!("  wasm: {line}");
            }
        }
        Ok(o) => println!(
            "  wasm: bench.mjs failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(_) => println!("  wasm: no node on PATH, not timed"),
    }
}

/// The style sheets a page links to.
fn stylesheets(page: &str) -> Vec<String> {
    page.split("<link ")
        .skip(1)
        .filter(|tag| tag.contains("rel=\"stylesheet\""))
        .filter_map(|tag| tag.split("href=\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// A file's size as it is and gzip-compressed (the index files are gzip
/// already: a server sends them as they are).
fn sizes(path: &Path) -> (usize, usize) {
    let bytes = fs::read(path).unwrap();
    let compressed = if bytes.starts_with(&[0x1f, 0x8b]) {
        bytes.len()
    } else {
        gzip(&bytes)
    };
    (bytes.len(), compressed)
}

fn gzip(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap().len()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
