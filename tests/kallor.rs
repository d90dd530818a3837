//! Every claim sourced: a source is a link with a date, a confirmation
//! names a source of that date, and `iop check` lists the entries that need
//! a newer source as notes, never as errors.

mod common;

use common::*;
use iop::diagnostic::Severity;
use iop::site;

const P: &str = "content/partnerskap/malmo-test.md";

fn with_sources(sources: &str) -> String {
    let text = PARTNERSKAP.replace("källor: [famna-fremia-2023]\n", sources);
    assert_ne!(text, PARTNERSKAP);
    text
}

/// The errors `iop check` gives for the fixture with `file` replaced.
fn errors(file: &str, text: &str) -> Vec<(usize, String, Option<String>)> {
    let fixture = Fixture::new();
    fixture.write(file, text);
    let checked = site::check_site(fixture.root());
    assert_eq!(
        checked.catalogue.is_none(),
        checked.diagnostics.has_errors()
    );
    checked
        .diagnostics
        .errors()
        .map(|d| {
            assert_eq!(d.file, file);
            (d.line, d.message.clone(), d.hint.clone())
        })
        .collect()
}

#[test]
fn a_source_written_in_place_needs_a_url_and_a_date() {
    let text =
        with_sources("källor:\n  - titel: Beslut i nämnden\n    url: https://malmo.se/beslut\n");
    let found = errors(P, &text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 11);
    assert_eq!(found[0].1, "källan saknar datum");
    assert!(found[0].2.as_deref().unwrap().contains("läst: ÅÅÅÅ-MM-DD"));

    let text = with_sources("källor:\n  - { titel: Beslut, datum: 2024-05-02 }\n");
    assert_eq!(errors(P, &text)[0].1, "källan saknar 'url'");

    let text = with_sources(
        "källor:\n  - { titel: Beslut, url: \"malmo.se/beslut\", datum: 2024-05-02 }\n",
    );
    assert_eq!(
        errors(P, &text)[0].1,
        "adressen ska börja med http:// eller https:// och ha ett värdnamn"
    );

    let text = with_sources(
        "källor:\n  - { titel: Beslut, url: \"https://malmo.se/b\", datum: 2024-05-02, läst: 2024-06-01 }\n",
    );
    assert_eq!(errors(P, &text)[0].1, "källan har både 'datum' och 'läst'");

    let text = with_sources(
        "källor:\n  - { titel: Beslut, url: \"https://malmo.se/b\", datum: 2024-02-30 }\n",
    );
    assert!(errors(P, &text)[0].1.contains("'2024-02-30'"));
}

#[test]
fn a_named_source_needs_a_url_and_a_date() {
    let fixture_kallor = std::fs::read_to_string(repo().join("content/kallor.yaml")).unwrap();
    let broken =
        format!("{fixture_kallor}- id: utan-adress\n  titel: Ett beslut\n  datum: 2024-05-02\n");
    // One error, at its cause: the partnerships citing the file's sources
    // are not blamed too.
    let found = errors("content/kallor.yaml", &broken);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "nyckeln 'url' saknas");
    let broken = format!(
        "{fixture_kallor}- id: utan-datum\n  titel: Ett beslut\n  url: https://malmo.se/b\n"
    );
    assert_eq!(
        errors("content/kallor.yaml", &broken)[0].1,
        "källan saknar datum"
    );
}

#[test]
fn a_confirmation_names_a_published_source_of_its_date() {
    let confirmed = PARTNERSKAP.replace(
        "slut: 2024-04-30\n",
        "slut: 2024-04-30\nbekräftad: 2023-05-10\n",
    );
    let text = confirmed.replace(
        "källor: [famna-fremia-2023]\n",
        "källor:\n  - { titel: Nytt IOP, url: \"https://malmo.se/iop\", läst: 2023-05-10 }\n",
    );
    let found = errors(P, &text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 10);
    assert_eq!(
        found[0].1,
        "ingen av källorna har datumet 2023-05-10, så bekräftelsen går inte att följa"
    );
    // The same source with its publication date confirms it.
    let text = text.replace("läst: 2023-05-10", "datum: 2023-05-10");
    assert_eq!(errors(P, &text), []);
}

#[test]
fn entries_that_need_a_newer_source_are_notes_not_errors() {
    let fixture = Fixture::new();
    let iop = env!("CARGO_BIN_EXE_iop");
    let check = |as_of: &str| {
        let out = std::process::Command::new(iop)
            .args(["check", "--format", "json", "--as-of", as_of])
            .current_dir(fixture.root())
            .output()
            .unwrap();
        assert!(out.status.success(), "notes never fail the check");
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    // Within its period, with no confirmation at all: a note pointing at källor.
    let during = check("2023-01-01");
    assert_eq!(during["fel"], 0);
    assert_eq!(during["noteringar"], 1);
    let note = &during["diagnostiker"][0];
    assert_eq!(note["severity"], "notering");
    assert_eq!(note["file"], P);
    assert_eq!(note["line"], 10);
    assert_eq!(
        note["message"],
        "behöver en nyare källa: ingen daterad källa bekräftar att partnerskapet är aktivt"
    );
    // After the period: the period ran out, pointing at slut.
    let after = check("2024-05-01");
    let note = &after["diagnostiker"][0];
    assert_eq!(note["line"], 9);
    assert!(
        note["message"]
            .as_str()
            .unwrap()
            .contains("avtalsperioden löpte ut 2024-04-30"),
        "{note}"
    );
    // A fresh confirmation takes the entry off the list.
    fixture.write(
        P,
        &PARTNERSKAP
            .replace("slut: 2024-04-30\n", "slut: 2024-04-30\nbekräftad: 2023-05-10\n")
            .replace(
                "källor: [famna-fremia-2023]\n",
                "källor:\n  - { titel: Nytt IOP, url: \"https://malmo.se/iop\", datum: 2023-05-10 }\n",
            ),
    );
    let confirmed = check("2024-01-01");
    assert_eq!(confirmed["noteringar"], 0, "{confirmed}");
    let stale = check("2024-11-11");
    assert_eq!(stale["noteringar"], 1, "18 months after the confirmation");
    let _ = Severity::Notering;
}
