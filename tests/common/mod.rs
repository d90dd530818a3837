//! Shared helpers for the integration tests: the real site root, small
//! fixture sites written to temporary folders, and reading built output.
#![allow(dead_code)] // each test binary uses a different subset

use std::fs;
use std::path::{Path, PathBuf};

/// The repository root: the real catalogue.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A minimal valid site in a temporary folder: the real site.toml, focus
/// areas and sources, one organisation and one partnership.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub const PARTNERSKAP: &str = "---
namn: Värmestuga Test
offentliga_parter:
  - kommun: Malmö
    organ: Arbetsmarknads- och socialnämnden
idéburna_parter: [Testföreningen]
fokusområden: [hemloshet]
start: 2022-02-01
slut: 2024-04-30
källor: [famna-fremia-2023]
---
Testföreningen driver en värmestuga tillsammans med Malmö.
";

pub const ORGANISATION: &str = "---
namn: Testföreningen
alias: [Testföreningen i Malmö]
---
En förening för tester.
";

impl Fixture {
    /// The real site.toml, focus areas and sources; no entries yet.
    pub fn empty() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::copy(repo().join("site.toml"), root.join("site.toml")).unwrap();
        fs::create_dir_all(root.join("content/partnerskap")).unwrap();
        fs::create_dir_all(root.join("content/organisationer")).unwrap();
        for f in ["fokusomraden.yaml", "kallor.yaml"] {
            fs::copy(repo().join("content").join(f), root.join("content").join(f)).unwrap();
        }
        Fixture { dir }
    }

    /// A valid site with one organisation and one partnership.
    pub fn new() -> Fixture {
        let fixture = Fixture::empty();
        fixture.write("content/organisationer/testforeningen.md", ORGANISATION);
        fixture.write("content/partnerskap/malmo-test.md", PARTNERSKAP);
        fixture
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.root().join(rel)).unwrap();
    }
}

/// Every file under `dir`, relative, with '/' separators.
pub fn files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

pub fn read(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The rows of the first table with class "partnerskap" in a page.
pub fn table_rows(html: &str) -> usize {
    html.split("<table class=\"partnerskap\"")
        .skip(1)
        .map(|t| {
            t.split("</table>")
                .next()
                .unwrap()
                .matches("<tr role=\"row\" data-status=")
                .count()
        })
        .sum()
}

/// Runs `command` and returns its output, failing the test with its stderr
/// when it does not succeed.
pub fn run_ok(command: &mut std::process::Command) -> std::process::Output {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
