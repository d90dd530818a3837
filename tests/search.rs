//! Search: the index `iop build` writes for /sok/ answers like `iop
//! search`, finds Swedish word forms and unaccented spellings, and its facet
//! counts agree with the browse pages. Exact results are asserted on the
//! frozen fixture catalogue (tests/fixtures/rapport-2023); the real
//! catalogue, which grows, is held to invariants only.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::repo;
use iop_search::{Catalogue, Query};

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/rapport-2023")
}

/// A site built once; the index and its texts as the browser downloads them.
fn built(root: &Path) -> (tempfile::TempDir, Catalogue) {
    let out = tempfile::tempdir().unwrap();
    iop::site::build(root, "2023-04-01".parse().unwrap(), out.path()).unwrap();
    let index = std::fs::read(out.path().join("sok/index.bin")).unwrap();
    let texts = std::fs::read(out.path().join("sok/texts.bin")).unwrap();
    let catalogue = Catalogue::open_with_texts(&index, &texts).unwrap();
    (out, catalogue)
}

/// The fixture catalogue's index.
fn index() -> &'static (tempfile::TempDir, Catalogue) {
    static INDEX: OnceLock<(tempfile::TempDir, Catalogue)> = OnceLock::new();
    INDEX.get_or_init(|| built(&fixture()))
}

/// The real catalogue's index.
fn real_index() -> &'static (tempfile::TempDir, Catalogue) {
    static INDEX: OnceLock<(tempfile::TempDir, Catalogue)> = OnceLock::new();
    INDEX.get_or_init(|| built(&repo()))
}

fn search(text: &str) -> iop_search::Results {
    index().1.search(&Query::text(text))
}

fn slugs(results: &iop_search::Results) -> Vec<&str> {
    results.hits.iter().map(|h| h.slug.as_str()).collect()
}

#[test]
fn swedish_word_forms_and_unaccented_spellings() {
    let jourer = search("kvinnojourer");
    assert_eq!(
        {
            let mut s = slugs(&jourer);
            s.sort();
            s
        },
        [
            "kalmar-kvinnojouren",
            "karlskrona-kvinnojouren-vald-i-nara-relationer",
            "linkoping-kvinnojouren-ellinor-tjejjouren-beata"
        ]
    );
    assert!(
        jourer
            .hits
            .iter()
            .all(|h| h.snippet_html.contains("<mark>"))
    );
    assert_eq!(search("goteborg").total, search("Göteborg").total);
    assert!(search("goteborg").total > 20);
    assert!(search("flyktingar").total >= search("flykting").total.min(1));
    assert!(
        search("\"värmestuga ung\"")
            .hits
            .iter()
            .any(|h| h.slug == "malmo-varmestuga-ung")
    );
}

#[test]
fn empty_query_lists_everything_and_facets_add_up_on_the_real_catalogue() {
    let checked = iop::site::check_site(&repo());
    let catalogue = checked.catalogue.unwrap();
    let all = real_index().1.search(&Query {
        limit: 100_000,
        ..Query::default()
    });
    assert_eq!(all.total, catalogue.partnerskap.len());
    assert_eq!(
        all.facets.status.iter().map(|(_, n)| n).sum::<usize>(),
        all.total
    );
    // A kommun's facet count is what its kommun page lists (Gotland's
    // partnerships belong to Region Gotland and have no kommun facet).
    for (namn, n) in &all.facets.kommun {
        let kommun = iop::reference::reference().find_kommun(namn).unwrap();
        assert_eq!(*n, catalogue.for_kommun(&kommun.kod).count(), "{namn}");
    }
}

#[test]
fn filters_combine_with_text() {
    let malmo_ongoing = index().1.search(&Query {
        text: "malmo".into(),
        status: vec!["pågående".into()],
        limit: 100,
        ..Query::default()
    });
    assert_eq!(malmo_ongoing.total, 10, "{:?}", slugs(&malmo_ongoing));
    assert!(malmo_ongoing.hits.iter().all(|h| h.status == "pågående"));
    let vgr = index().1.search(&Query {
        region: vec!["Västra Götalandsregionen".into()],
        limit: 100,
        ..Query::default()
    });
    assert_eq!(
        vgr.total,
        10 + (14 + 4) + 6,
        "the region's own, Göteborg's (active and ended) and Borås's: {:?}",
        slugs(&vgr)
    );
}

#[test]
fn the_command_line_gives_the_same_results_as_the_site_on_the_real_catalogue() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_iop"))
        .args([
            "search",
            "stadsmission",
            "--json",
            "--as-of",
            "2023-04-01",
            "--root",
        ])
        .arg(repo())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cli: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let site = serde_json::to_value(real_index().1.search(&Query::text("stadsmission"))).unwrap();
    assert_eq!(cli, site);
    assert!(site["total"].as_u64().unwrap() >= 10);
}
