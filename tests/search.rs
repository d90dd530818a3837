//! Search on the real catalogue: the index `iop build` writes for /sok/
//! answers like `iop search`, finds Swedish word forms and unaccented
//! spellings, and its facet counts agree with the browse pages.

mod common;

use std::sync::OnceLock;

use common::repo;
use iop_search::{Catalogue, Query};

/// The real catalogue built once; the index and its texts as the browser
/// downloads them.
fn index() -> &'static (tempfile::TempDir, Catalogue) {
    static INDEX: OnceLock<(tempfile::TempDir, Catalogue)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        iop::site::build(&repo(), "2023-04-01".parse().unwrap(), out.path()).unwrap();
        let index = std::fs::read(out.path().join("sok/index.bin")).unwrap();
        let texts = std::fs::read(out.path().join("sok/texts.bin")).unwrap();
        let catalogue = Catalogue::open_with_texts(&index, &texts).unwrap();
        (out, catalogue)
    })
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
fn empty_query_lists_everything_and_facets_add_up() {
    let checked = iop::site::check_site(&repo());
    let catalogue = checked.catalogue.unwrap();
    let all = index().1.search(&Query {
        limit: 1000,
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
    assert!(malmo_ongoing.total >= 8);
    assert!(malmo_ongoing.hits.iter().all(|h| h.status == "pågående"));
    let vgr = index().1.search(&Query {
        region: vec!["Västra Götalandsregionen".into()],
        limit: 100,
        ..Query::default()
    });
    assert!(
        vgr.total >= 10 + 14 + 6,
        "the region's own and its kommuner's: {}",
        vgr.total
    );
}

#[test]
fn the_command_line_gives_the_same_results_as_the_site() {
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
    let site = serde_json::to_value(search("stadsmission")).unwrap();
    assert_eq!(cli, site);
    assert!(site["total"].as_u64().unwrap() >= 10);
}
