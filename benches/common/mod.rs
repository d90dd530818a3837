//! A synthetic catalogue for the benchmarks (`build` and `search`).

use std::fs;
use std::path::Path;

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

/// Writes a synthetic catalogue of `n` partnerships (and a twentieth as
/// many organisations) under `root`, with the repository's site.toml,
/// focus areas and sources.
pub fn write_catalogue(root: &Path, n: usize) {
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
