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

/// A site built once; the index, its parts and its texts as the browser
/// downloads them.
fn built(root: &Path) -> (tempfile::TempDir, Catalogue) {
    let out = tempfile::tempdir().unwrap();
    iop::site::build(root, "2023-04-01".parse().unwrap(), out.path()).unwrap();
    let catalogue = Catalogue::open_dir(&out.path().join("sok")).unwrap();
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
            "linkoping-kvinnojouren-ellinor-tjejjouren-beata",
            // "Kvinno- och tjejjouren"
            "umea-kvinno-och-tjejjouren-skyddat-boende"
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

/// The judged queries of tests/relevance.tsv: (query, relevant slugs,
/// words never to be marked).
fn judged() -> Vec<(String, Vec<String>, Vec<String>)> {
    let table = std::fs::read_to_string(repo().join("tests/relevance.tsv")).unwrap();
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let list = |i: usize| -> Vec<String> {
                cols.get(i)
                    .map(|c| c.split_whitespace().map(str::to_string).collect())
                    .unwrap_or_default()
            };
            (cols[0].to_string(), list(1), list(2))
        })
        .collect()
}

/// Recall and precision of the top five over the judged queries (typos,
/// words without diacritics, compounds, short words, organisations,
/// regions, phrases): at least the issue's 0.97 and 0.95, no query
/// without a hit, the best hit of every query relevant, and no hit with
/// one of the words a query must not mark (skane is not "ska" or "kan").
/// benches/relevance.py prints the same figures for any `iop` binary.
#[test]
fn search_relevance_table() {
    let rows = judged();
    assert!(rows.len() >= 30, "{} judged queries", rows.len());
    let (mut recall, mut precision) = (0.0, 0.0);
    let mut report = String::new();
    for (query, relevant, never) in &rows {
        let all = index().1.search(&Query {
            text: query.clone(),
            limit: 1000,
            ..Query::default()
        });
        let top: Vec<&str> = all.hits.iter().take(5).map(|h| h.slug.as_str()).collect();
        let good = top
            .iter()
            .filter(|s| relevant.iter().any(|r| r == *s))
            .count();
        let r = good as f64 / relevant.len().min(5) as f64;
        let p = if top.is_empty() {
            0.0
        } else {
            good as f64 / top.len() as f64
        };
        report.push_str(&format!("{r:.2} {p:.2} {query:?}: {top:?}\n"));
        recall += r;
        precision += p;
        assert!(!top.is_empty(), "{query:?} finds nothing");
        assert!(
            relevant.iter().any(|r| r == top[0]),
            "{query:?}: best hit {} is not relevant",
            top[0]
        );
        for hit in &all.hits {
            for html in [&hit.namn_html, &hit.snippet_html] {
                for marked in html.split("<mark>").skip(1) {
                    let word = marked.split("</mark>").next().unwrap().to_lowercase();
                    assert!(
                        !never.contains(&word),
                        "{query:?} marks {word:?} in {}",
                        hit.slug
                    );
                }
            }
        }
    }
    let n = rows.len() as f64;
    let (recall, precision) = (recall / n, precision / n);
    println!("{report}mean recall {recall:.3}, precision {precision:.3}");
    assert!(recall >= 0.97, "mean recall {recall:.3}\n{report}");
    assert!(precision >= 0.95, "mean precision {precision:.3}\n{report}");
}

#[test]
fn typos_and_partial_matches_are_never_a_dead_end() {
    // Corrected words are offered, with the query's other words as typed.
    let r = search("hemlösheet i Malmö");
    assert_eq!(r.suggestion.as_deref(), Some("hemlöshet i Malmö"));
    assert!(!r.partial);
    assert!(
        r.hits.iter().all(|h| h.slug.starts_with("malmo-")),
        "{:?}",
        slugs(&r)
    );
    // Known words are not corrected: Skåne is not "ska", "kan", "saknar".
    let skane = search("skane ");
    assert_eq!(skane.suggestion, None);
    assert_eq!(skane.total, search("skåne ").total);
    assert!(skane.total < 30, "{}", skane.total);
    let vasteras = search("vasteras ");
    assert_eq!(slugs(&vasteras).len(), 3, "{:?}", slugs(&vasteras));
    // No partnership has all words: the ones with most of them, and the
    // word nothing has is named.
    let r = search("kvinnojour qwxyzzy ");
    assert!(r.partial);
    assert_eq!(r.unmatched, ["qwxyzzy"]);
    assert_eq!(r.total, search("kvinnojour ").total);
    // A query that nothing matches at all stays empty, not partial.
    let r = search("qwxyzzy ");
    assert_eq!((r.total, r.partial), (0, false));
    assert_eq!(r.unmatched, ["qwxyzzy"]);
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
    // Statuses are listed in the site's own order, whichever occur.
    let listed: Vec<&str> = all.facets.status.iter().map(|(s, _)| s.as_str()).collect();
    let site_order: Vec<&str> = iop::model::Status::ALL
        .iter()
        .map(|s| s.namn())
        .filter(|n| listed.contains(n))
        .collect();
    assert_eq!(listed, site_order);
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
    // A plain query, a corrected one and one that only partly matches.
    for query in ["stadsmission", "hemlösheet malmo", "kvinnojour qwxyzzy"] {
        let output = common::run_ok(
            std::process::Command::new(env!("CARGO_BIN_EXE_iop"))
                .args(["search", query, "--json", "--as-of", "2023-04-01", "--root"])
                .arg(repo()),
        );
        let cli: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let site = serde_json::to_value(real_index().1.search(&Query::text(query))).unwrap();
        assert_eq!(cli, site, "{query}");
        assert!(site["total"].as_u64().unwrap() >= 1, "{query}");
    }
    let site = real_index().1.search(&Query::text("stadsmission"));
    assert!(site.total >= 10);
    assert!(
        real_index()
            .1
            .search(&Query::text("hemlösheet malmo"))
            .suggestion
            .is_some()
    );
    assert!(
        real_index()
            .1
            .search(&Query::text("kvinnojour qwxyzzy"))
            .partial
    );
}
