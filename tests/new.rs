//! `iop new`: the files it writes pass `iop check` as written, and when it
//! cannot write one it says why and what to do.
//!
//! Each test runs the built binary on a small site in a temporary folder,
//! with stdin not a terminal, as in a script or CI.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The repository's vocabulary files and two organisations.
fn site() -> common::Fixture {
    let fixture = common::Fixture::empty();
    fs::write(
        fixture.root().join("content/organisationer/bris.md"),
        "---\nnamn: BRIS\nalias: [Barnens rätt i samhället]\nwebbplats: https://www.bris.se\n---\nBRIS stöder barn och unga.\n",
    )
    .unwrap();
    fs::write(
        fixture.root().join("content/organisationer/skane-stadsmission.md"),
        "---\nnamn: Skåne Stadsmission\n---\nSkåne Stadsmission är en idéburen organisation i Skåne.\n",
    )
    .unwrap();
    fixture
}

fn iop(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iop"))
        .arg("--root")
        .arg(root)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("iop runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `iop check --format json` has no errors.
fn assert_checks(root: &Path) {
    let check = iop(root, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["fel"], 0, "{report:#}");
    assert!(check.status.success(), "{}", stderr(&check));
}

fn files_in(root: &Path, dir: &str) -> usize {
    fs::read_dir(root.join("content").join(dir))
        .unwrap()
        .count()
}

/// Each top-level key of `schema` stands in `text` (as `key:` or `# key:`),
/// in the schema's order.
#[track_caller]
fn assert_every_key_in_order(text: &str, schema: schemars::Schema) {
    let schema = serde_json::to_value(schema).unwrap();
    let keys: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
    assert!(keys.len() > 4, "{keys:?}");
    let at: Vec<usize> = keys
        .iter()
        .map(|key| {
            text.find(&format!("\n{key}:"))
                .or_else(|| text.find(&format!("\n# {key}:")))
                .unwrap_or_else(|| panic!("{key} saknas i\n{text}"))
        })
        .collect();
    assert!(
        at.is_sorted(),
        "nycklarna står inte i schemats ordning: {keys:?}\n{text}"
    );
}

#[test]
fn new_organisation_and_partnerskap_pass_the_checker() {
    let site = site();
    let root = site.root();

    let org = iop(
        root,
        &[
            "new",
            "organisation",
            "Testföreningen",
            "--webbplats",
            "https://test.example.org",
        ],
    );
    assert!(org.status.success(), "{}", stderr(&org));
    let text = fs::read_to_string(root.join("content/organisationer/testforeningen.md")).unwrap();
    assert!(text.starts_with("---\n"), "{text}");
    assert!(text.contains("namn: Testföreningen\n"), "{text}");
    assert!(
        text.contains("webbplats: https://test.example.org\n"),
        "{text}"
    );
    // The comments are the schema's descriptions.
    assert!(text.contains("# Organisationens namn.\n"), "{text}");
    assert!(text.contains("# del_av:"), "{text}");
    assert_every_key_in_order(&text, iop::schema::organisation_schema());
    assert!(
        text.contains("# organisationsnummer: 123456-7897\n"),
        "{text}"
    );
    let said = stderr(&org);
    assert!(
        said.contains("Skrev content/organisationer/testforeningen.md"),
        "{said}"
    );
    assert!(said.contains("Nästa steg"), "{said}");
    // The placeholder it writes is what the checker asks to replace.
    assert!(
        said.contains("varning: beskrivningen är fortfarande platshållartexten från `iop new`"),
        "{said}"
    );

    let new = iop(
        root,
        &[
            "new",
            "partnerskap",
            "--namn",
            "Stöd till människor i hemlöshet",
            "--kommun",
            "Malmö",
            "--organ",
            "Arbetsmarknads- och socialnämnden",
            "--organisation",
            "Testföreningen",
            "--organisation",
            "barnens rätt i samhället",
            "--fokus",
            "hemloshet",
            "--kalla",
            "famna-fremia-2023",
            "--start",
            "2024-01",
            "--slut",
            "tills vidare",
        ],
    );
    let said = stderr(&new);
    assert!(new.status.success(), "{said}");
    let path = root.join("content/partnerskap/malmo-stod-till-manniskor-i-hemloshet.md");
    let text = fs::read_to_string(&path).unwrap();
    for wanted in [
        "namn: Stöd till människor i hemlöshet\n",
        "  - kommun: Malmö\n    organ: Arbetsmarknads- och socialnämnden\n",
        // An alias is written as the organisation's name.
        "idéburna_parter:\n  - Testföreningen\n  - BRIS\n",
        "fokusområden: [hemloshet]\n",
        "start: 2024-01\n",
        "slut: tills vidare\n",
        "källor: [famna-fremia-2023]\n",
        "# Partnerskapets namn, som det visas på sidan.\n",
        "# Ett till tre fokusområden: id från content/fokusomraden.yaml.\n",
        "# förlängningar:",
        "# avslutad:",
        "# alias:",
        "Skriv här 2–4 meningar om partnerskapet",
    ] {
        assert!(text.contains(wanted), "{wanted:?} saknas i\n{text}");
    }
    assert!(
        said.contains("Skrev content/partnerskap/malmo-stod-till-manniskor-i-hemloshet.md"),
        "{said}"
    );
    // Valid, but the checker reminds the editor to replace the placeholder.
    assert!(
        said.contains("varning: beskrivningen är fortfarande platshållartexten från `iop new`"),
        "{said}"
    );
    assert!(said.contains("Inga fel, 1 varning."), "{said}");
    assert_checks(root);

    // Every key of the format is in the new file, in the schema's order: set,
    // or commented out with the schema's description and example.
    assert_every_key_in_order(&text, iop::schema::partnerskap_schema());
    assert!(
        text.contains("# länkar:\n#   - titel: Beslut i socialnämnden\n#     url: https://www.exempel.se/beslut.pdf\n"),
        "{text}"
    );

    // Never overwrites.
    let again = iop(
        root,
        &[
            "new",
            "partnerskap",
            "--namn",
            "Stöd till människor i hemlöshet",
            "--kommun",
            "Malmö",
            "--organisation",
            "BRIS",
            "--fokus",
            "hemloshet",
            "--kalla",
            "famna-fremia-2023",
        ],
    );
    assert!(!again.status.success());
    assert!(stderr(&again).contains("finns redan"), "{}", stderr(&again));
    assert_eq!(fs::read_to_string(&path).unwrap(), text);

    // Nor takes a name another organisation has.
    let twin = iop(root, &["new", "organisation", "bris"]);
    assert!(!twin.status.success());
    assert!(
        stderr(&twin).contains("content/organisationer/bris.md"),
        "{}",
        stderr(&twin)
    );
}

#[test]
fn values_that_need_quotes_regions_and_linked_sources() {
    let site = site();
    let root = site.root();
    let new = iop(
        root,
        &[
            "new",
            "partnerskap",
            "--namn",
            "Vård: #1 för alla",
            "--region",
            "Skåne",
            "--kommun",
            "1280",
            "--organisation",
            "Skåne Stadsmission",
            "--fokus",
            "halsa-och-vard,hemloshet",
            "--kalla",
            "https://www.skane.se/beslut.pdf",
            "--slut",
            "2026",
            "--beskrivning",
            "Region Skåne och Skåne Stadsmission driver en mottagning.",
        ],
    );
    let said = stderr(&new);
    assert!(new.status.success(), "{said}");
    let text =
        fs::read_to_string(root.join("content/partnerskap/malmo-vard-1-for-alla.md")).unwrap();
    for wanted in [
        "namn: \"Vård: #1 för alla\"\n",
        // Kommuner first, then regioner.
        "offentliga_parter:\n  - kommun: Malmö\n    # organ: Socialnämnden\n  - region: Region Skåne\n",
        "fokusområden: [halsa-och-vard, hemloshet]\n",
        "  - titel: www.skane.se\n    url: https://www.skane.se/beslut.pdf\n",
        "slut: 2026\n",
        "# start: ",
        "---\nRegion Skåne och Skåne Stadsmission driver en mottagning.\n",
    ] {
        assert!(text.contains(wanted), "{wanted:?} saknas i\n{text}");
    }
    assert_checks(root);
}

#[test]
fn unknown_kommun_gets_a_suggestion() {
    let site = site();
    let new = iop(
        site.root(),
        &[
            "new",
            "partnerskap",
            "--namn",
            "Test",
            "--kommun",
            "Malmoe",
            "--organisation",
            "BRIS",
            "--fokus",
            "hemloshet",
            "--kalla",
            "famna-fremia-2023",
        ],
    );
    assert!(!new.status.success());
    let said = stderr(&new);
    assert!(said.contains("fel: okänd kommun 'Malmoe'"), "{said}");
    assert!(said.contains("menade du 'Malmö'?"), "{said}");
    assert_eq!(files_in(site.root(), "partnerskap"), 0);
}

#[test]
fn unknown_values_are_explained() {
    let site = site();
    let base = ["new", "partnerskap", "--namn", "Test", "--kommun", "Malmö"];
    let run = |extra: &[&str]| {
        let args: Vec<&str> = base.iter().chain(extra).copied().collect();
        let output = iop(site.root(), &args);
        assert!(!output.status.success());
        stderr(&output)
    };
    let org = run(&[
        "--organisation",
        "Föreningen Okänd",
        "--fokus",
        "hemloshet",
        "--kalla",
        "famna-fremia-2023",
    ]);
    assert!(
        org.contains("okänd organisation 'Föreningen Okänd'"),
        "{org}"
    );
    assert!(
        org.contains("iop new organisation \"Föreningen Okänd\""),
        "{org}"
    );
    let fokus = run(&[
        "--organisation",
        "BRIS",
        "--fokus",
        "hemlöshet",
        "--kalla",
        "famna-fremia-2023",
    ]);
    assert!(fokus.contains("okänt fokusområde 'hemlöshet'"), "{fokus}");
    assert!(fokus.contains("menade du 'hemloshet'?"), "{fokus}");
    let datum = run(&[
        "--organisation",
        "BRIS",
        "--fokus",
        "hemloshet",
        "--kalla",
        "famna-fremia-2023",
        "--start",
        "2024-02-30",
    ]);
    assert!(
        datum.contains("'2024-02-30' är inget giltigt datum"),
        "{datum}"
    );
    let kalla = run(&[
        "--organisation",
        "BRIS",
        "--fokus",
        "hemloshet",
        "--kalla",
        "famna-fremia",
    ]);
    assert!(kalla.contains("okänd källa 'famna-fremia'"), "{kalla}");
    assert_eq!(files_in(site.root(), "partnerskap"), 0);
}

#[test]
fn without_a_terminal_missing_essentials_are_listed() {
    let site = site();
    let new = iop(
        site.root(),
        &[
            "new",
            "partnerskap",
            "--kommun",
            "Malmö",
            "--fokus",
            "hemloshet",
        ],
    );
    assert!(!new.status.success());
    let said = stderr(&new);
    assert!(said.contains("uppgifter saknas"), "{said}");
    assert!(said.contains("--namn"), "{said}");
    assert!(said.contains("--organisation"), "{said}");
    assert!(said.contains("--kalla"), "{said}");
    assert!(said.contains("famna-fremia-2023"), "{said}");
    // What was given is not asked for.
    assert!(!said.contains("--kommun … eller"), "{said}");
    assert!(!said.contains("--fokus …"), "{said}");
    assert_eq!(files_in(site.root(), "partnerskap"), 0);

    let org = iop(site.root(), &["new", "organisation"]);
    assert!(!org.status.success());
    assert!(
        stderr(&org).contains("organisationens namn saknas"),
        "{}",
        stderr(&org)
    );
}

#[test]
fn new_organisation_checks_its_parent() {
    let site = site();
    let root = site.root();
    let unknown = iop(
        root,
        &["new", "organisation", "BRIS Syd", "--del-av", "Brris"],
    );
    assert!(!unknown.status.success());
    assert!(
        stderr(&unknown).contains("menade du 'BRIS'?"),
        "{}",
        stderr(&unknown)
    );
    let new = iop(
        root,
        &["new", "organisation", "BRIS Syd", "--del-av", "bris"],
    );
    assert!(new.status.success(), "{}", stderr(&new));
    let text = fs::read_to_string(root.join("content/organisationer/bris-syd.md")).unwrap();
    assert!(text.contains("del_av: BRIS\n"), "{text}");
    assert_checks(root);
}

/// `iop new` reads names with the checker's vocabulary: an alias in an
/// organisation file that has a YAML error still means that organisation,
/// as it does to `iop check`, which then blames only the broken file.
#[test]
fn new_knows_names_as_the_checker_does() {
    let site = site();
    let bris = site.root().join("content/organisationer/bris.md");
    fs::write(
        &bris,
        "---\nnamn: BRIS\nalias: [Barnens rätt i samhället\n---\nBRIS stöder barn och unga.\n",
    )
    .unwrap();
    let output = iop(
        site.root(),
        &[
            "new",
            "partnerskap",
            "--namn",
            "Stöd till barn",
            "--kommun",
            "Malmö",
            "--organisation",
            "Barnens rätt i samhället",
            "--fokus",
            "barn-och-unga",
            "--kalla",
            "famna-fremia-2023",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains("Skrev content/partnerskap/malmo-stod-till-barn.md"),
        "{said}"
    );
    assert!(!said.contains("okänd organisation"), "{said}");
    let check = iop(site.root(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["fel"], 1, "{report:#}");
    let errors: Vec<&serde_json::Value> = report["diagnostiker"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "fel")
        .collect();
    assert_eq!(errors[0]["file"], "content/organisationer/bris.md");
}
