//! Every kind of bad input an editor can write, with the exact diagnostic
//! `iop check` gives: the file, the line and column, the message and the hint.

mod common;

use common::*;
use iop::diagnostic::{Diagnostic, Severity};
use iop::site;

/// Checks the fixture with `file` replaced by `text`; returns the errors.
/// Also builds it over a previously built site, which must stay as it was.
fn errors_for(file: &str, text: &str) -> Vec<Diagnostic> {
    errors_after(|fixture| fixture.write(file, text))
}

/// Like `errors_for`, with any change to the fixture.
fn errors_after(change: impl FnOnce(&Fixture)) -> Vec<Diagnostic> {
    let fixture = Fixture::new();
    let out = fixture.root().join("public");
    site::build(fixture.root(), "2023-04-01".parse().unwrap(), &out).unwrap();
    let before = snapshot(&out);
    change(&fixture);
    let checked = site::check_site(fixture.root());
    assert!(checked.catalogue.is_none(), "an error must stop the build");
    assert!(site::build(fixture.root(), "2023-04-01".parse().unwrap(), &out).is_err());
    assert!(snapshot(&out) == before, "a failed build changed public/");
    checked.diagnostics.errors().cloned().collect()
}

fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap()))
        .collect()
}

fn one_error(file: &str, text: &str) -> Diagnostic {
    let errors = errors_for(file, text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

const P: &str = "content/partnerskap/malmo-test.md";

fn partnerskap(from: &str, to: &str) -> String {
    assert!(PARTNERSKAP.contains(from), "{from}");
    PARTNERSKAP.replace(from, to)
}

#[track_caller]
fn assert_at(d: &Diagnostic, file: &str, line: usize, column: usize, message: &str) {
    assert_eq!(
        (d.file.as_str(), d.line, d.column, d.message.as_str()),
        (file, line, column, message),
        "{d:#?}"
    );
}

#[test]
fn the_fixture_itself_is_valid() {
    let checked = site::check_site(Fixture::new().root());
    assert!(
        checked.diagnostics.0.is_empty(),
        "{}",
        checked.diagnostics.to_text()
    );
}

#[test]
fn unknown_kommun_suggests_the_nearest() {
    let d = one_error(P, &partnerskap("kommun: Malmö", "kommun: Götebrog"));
    assert_at(&d, P, 4, 13, "okänd kommun 'Götebrog'");
    assert_eq!(d.hint.as_deref(), Some("menade du 'Göteborg'?"));
    assert_eq!(d.length, 8);
}

#[test]
fn unknown_region() {
    let d = one_error(P, &partnerskap("kommun: Malmö", "region: Region Skane"));
    assert_at(&d, P, 4, 13, "okänd region 'Region Skane'");
    assert_eq!(d.hint.as_deref(), Some("menade du 'Region Skåne'?"));
}

#[test]
fn a_public_party_names_exactly_one_body() {
    let d = one_error(
        P,
        &partnerskap(
            "kommun: Malmö\n",
            "kommun: Malmö\n    region: Region Skåne\n",
        ),
    );
    assert_at(
        &d,
        P,
        4,
        5,
        "en offentlig part ska ange exakt en av 'kommun' och 'region'",
    );
}

#[test]
fn end_before_start() {
    let d = one_error(P, &partnerskap("slut: 2024-04-30", "slut: 2021-04-30"));
    assert_at(&d, P, 9, 7, "slut (2021-04-30) före start (2022-02-01)");
    assert_eq!(d.hint.as_deref(), Some("har datumen bytt plats?"));
}

#[test]
fn impossible_and_malformed_dates() {
    let d = one_error(P, &partnerskap("start: 2022-02-01", "start: 2023-02-30"));
    assert_at(
        &d,
        P,
        8,
        8,
        "'2023-02-30' är inget giltigt datum — finns den dagen i kalendern?",
    );
    let d = one_error(
        P,
        &partnerskap("start: 2022-02-01", "start: 1 februari 2022"),
    );
    assert_at(&d, P, 8, 8, "'1 februari 2022' är inget datum");
    assert_eq!(
        d.hint.as_deref(),
        Some("skriv ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD, t.ex. 2023-04-01")
    );
}

#[test]
fn unknown_key_is_an_error_with_a_suggestion() {
    let errors = errors_for(P, &partnerskap("namn:", "namm:"));
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_at(&errors[0], P, 2, 1, "nyckeln 'namn' saknas");
    assert_at(&errors[1], P, 2, 1, "okänd nyckel 'namm'");
    assert_eq!(
        errors[1].hint.as_deref(),
        Some("menade du 'namn'? En okänd nyckel skulle annars tappa data")
    );
}

#[test]
fn unknown_organisation_says_how_to_create_it() {
    let d = one_error(P, &partnerskap("[Testföreningen]", "[Testförening X]"));
    assert_at(&d, P, 6, 19, "okänd organisation 'Testförening X'");
    assert_eq!(
        d.hint.as_deref(),
        Some(
            "menade du 'Testföreningen'? Om det är en annan organisation: skapa den med `iop new organisation \"Testförening X\"`"
        )
    );
}

#[test]
fn organisations_match_by_alias_in_any_case() {
    let fixture = Fixture::new();
    fixture.write(
        P,
        &partnerskap("[Testföreningen]", "[testföreningen i malmö]"),
    );
    assert!(!site::check_site(fixture.root()).diagnostics.has_errors());
}

#[test]
fn unknown_focus_area_and_source() {
    let d = one_error(P, &partnerskap("[hemloshet]", "[hemlöshet]"));
    assert_at(&d, P, 7, 16, "okänt fokusområde 'hemlöshet'");
    assert_eq!(d.hint.as_deref(), Some("menade du 'hemloshet'?"));
    let d = one_error(P, &partnerskap("[famna-fremia-2023]", "[famna-2023]"));
    assert_at(&d, P, 10, 10, "okänd källa 'famna-2023'");
}

#[test]
fn links_must_be_http() {
    let d = one_error(
        P,
        &partnerskap(
            "källor:",
            "länkar:\n  - { titel: Avtal, url: \"ftp://example.se/a.pdf\" }\nkällor:",
        ),
    );
    assert_at(
        &d,
        P,
        11,
        26,
        "adressen ska börja med http:// eller https://",
    );
}

#[test]
fn organisationsnummer_check_digit() {
    let org = "content/organisationer/testforeningen.md";
    let d = one_error(
        org,
        &ORGANISATION.replace("alias:", "organisationsnummer: 802002-4281\nalias:"),
    );
    assert_at(
        &d,
        org,
        3,
        22,
        "organisationsnumret '802002-4281' har fel kontrollsiffra",
    );
}

#[test]
fn an_alias_belongs_to_one_organisation() {
    let fixture = Fixture::new();
    fixture.write(
        "content/organisationer/annan.md",
        "---\nnamn: Annan förening\nalias: [Testföreningen i Malmö]\n---\nText.\n",
    );
    let checked = site::check_site(fixture.root());
    let errors: Vec<_> = checked.diagnostics.errors().collect();
    assert_eq!(errors.len(), 1, "{}", checked.diagnostics.to_text());
    assert_at(
        errors[0],
        "content/organisationer/testforeningen.md",
        3,
        9,
        "namnet 'Testföreningen i Malmö' används redan av content/organisationer/annan.md",
    );
}

#[test]
fn a_partnership_alias_may_not_take_another_address() {
    let fixture = Fixture::new();
    fixture.write(
        "content/partnerskap/annan.md",
        &PARTNERSKAP.replace("Värmestuga Test", "Annat"),
    );
    fixture.write(P, &partnerskap("källor:", "alias: [annan]\nkällor:"));
    let checked = site::check_site(fixture.root());
    let errors: Vec<_> = checked.diagnostics.errors().collect();
    assert_eq!(errors.len(), 1, "{}", checked.diagnostics.to_text());
    assert_at(
        errors[0],
        P,
        10,
        9,
        "adressen 'annan' används redan av content/partnerskap/annan.md",
    );
}

#[test]
fn file_names_are_addresses() {
    let d = one_error("content/partnerskap/Värmestuga Test.md", PARTNERSKAP);
    assert_at(
        &d,
        "content/partnerskap/Värmestuga Test.md",
        0,
        0,
        "filnamnet 'Värmestuga Test' går inte att använda i en adress",
    );
    assert!(d.hint.as_deref().unwrap().contains("'varmestuga-test.md'"));
}

#[test]
fn files_that_would_be_dropped_are_reported() {
    let d = one_error("content/partnerskap/anteckning.txt", "text");
    assert_at(
        &d,
        "content/partnerskap/anteckning.txt",
        0,
        0,
        "filen är ingen Markdown-fil och skulle inte komma med på webbplatsen",
    );
    let d = one_error(P, "namn: X\n");
    assert_at(
        &d,
        P,
        1,
        1,
        "filen saknar inledande YAML-block (front matter)",
    );
    let d = one_error(
        P,
        &partnerskap("namn: Värmestuga Test", "namn: Värmestuga: Test"),
    );
    assert_eq!(
        (d.line, d.message.starts_with("kan inte läsa YAML")),
        (2, true),
        "{d:#?}"
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let fixture = Fixture::new();
    fixture.write(
        P,
        &partnerskap("kommun: Malmö", "kommun: Malmoe").replace("[hemloshet]", "[okänt]"),
    );
    fixture.write(
        "content/partnerskap/andra.md",
        &PARTNERSKAP.replace("slut: 2024-04-30", "slut: 2020"),
    );
    let checked = site::check_site(fixture.root());
    let d = &checked.diagnostics;
    assert_eq!(d.errors().count(), 3, "{}", d.to_text());
    assert_eq!(d.summary(), "3 fel i 2 filer.");
    let text = d.to_text();
    assert!(text.contains(
        "content/partnerskap/malmo-test.md:4:13: fel: okänd kommun 'Malmoe'\n  |\n4 |   - kommun: Malmoe\n  |             ^^^^^^\n  = tips: menade du 'Malmö'?\n"
    ), "{text}");
}

#[test]
fn json_and_github_formats() {
    let fixture = Fixture::new();
    fixture.write(P, &partnerskap("kommun: Malmö", "kommun: Malmoe"));
    let d = site::check_site(fixture.root()).diagnostics;
    let json: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
    assert_eq!(json["fel"], 1);
    assert_eq!(json["diagnostiker"][0]["file"], P);
    assert_eq!(json["diagnostiker"][0]["line"], 4);
    assert_eq!(json["diagnostiker"][0]["severity"], "fel");
    assert_eq!(
        d.to_github(),
        "::error file=content/partnerskap/malmo-test.md,line=4,col=13::okänd kommun 'Malmoe'%0ATips: menade du 'Malmö'?\n"
    );
}

#[test]
fn warnings_do_not_stop_the_build() {
    let fixture = Fixture::new();
    fixture.write(
        "content/organisationer/oanvand.md",
        "---\nnamn: Oanvänd förening\n---\nText.\n",
    );
    fixture.write("content/partnerskap/malmo-test-kopia.md", PARTNERSKAP);
    let checked = site::check_site(fixture.root());
    assert!(checked.catalogue.is_some());
    let warnings: Vec<_> = checked
        .diagnostics
        .0
        .iter()
        .filter(|d| d.severity == Severity::Varning)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        [
            "organisationen 'Oanvänd förening' ingår inte i något partnerskap",
            "möjlig dubblett av content/partnerskap/malmo-test-kopia.md: samma parter (Testföreningen) och överlappande period",
        ]
    );
}

#[test]
fn the_check_command_exits_non_zero_on_errors() {
    let fixture = Fixture::new();
    let iop = env!("CARGO_BIN_EXE_iop");
    let ok = std::process::Command::new(iop)
        .args(["check", "--format", "text"])
        .current_dir(fixture.root())
        .output()
        .unwrap();
    assert!(ok.status.success());
    // The entry's period has passed without a newer source: a note, not an error.
    assert!(
        String::from_utf8_lossy(&ok.stderr)
            .contains("Inga fel, 1 partnerskap behöver en nyare källa."),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    fixture.write(P, &partnerskap("kommun: Malmö", "kommun: Malmoe"));
    let bad = std::process::Command::new(iop)
        .args(["check", "--format", "github"])
        .current_dir(fixture.root())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stdout)
            .starts_with("::error file=content/partnerskap/malmo-test.md,line=4,col=13::")
    );
}

#[test]
fn unknown_keys_are_explained_with_the_keys_allowed_there() {
    let org = "content/organisationer/testforeningen.md";
    let d = one_error(
        org,
        &ORGANISATION.replace("alias:", "webplats: https://example.se\nalias:"),
    );
    assert_at(&d, org, 3, 1, "okänd nyckel 'webplats'");
    assert_eq!(
        d.hint.as_deref(),
        Some("menade du 'webbplats'? En okänd nyckel skulle annars tappa data")
    );
    let d = one_error(
        org,
        &ORGANISATION.replace("alias:", "hemsida: https://example.se\nalias:"),
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("tillåtna nycklar här: namn, alias, webbplats, organisationsnummer, del_av")
    );
    let d = one_error(P, &partnerskap("    organ:", "    organn:"));
    assert_at(&d, P, 5, 5, "okänd nyckel 'organn'");
    assert_eq!(
        d.hint.as_deref(),
        Some("menade du 'organ'? En okänd nyckel skulle annars tappa data")
    );
    let d = one_error(
        P,
        &partnerskap(
            "källor:",
            "länkar:\n  - { titel: Avtal, adress: \"https://example.se\" }\nkällor:",
        ),
    );
    assert_eq!(d.message, "okänd nyckel 'adress'");
    assert_eq!(d.hint.as_deref(), Some("tillåtna nycklar här: titel, url"));
}

const ORG: &str = "content/organisationer/testforeningen.md";

#[test]
fn a_del_av_cycle_is_an_error_in_each_file() {
    let errors = errors_after(|fixture| {
        fixture.write(
            ORG,
            &ORGANISATION.replace("alias:", "del_av: Annan förening\nalias:"),
        );
        fixture.write(
            "content/organisationer/annan.md",
            "---\nnamn: Annan förening\ndel_av: Testföreningen i Malmö\n---\nText.\n",
        );
    });
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_at(
        &errors[0],
        "content/organisationer/annan.md",
        3,
        9,
        "'del_av' bildar en cirkel: Annan förening → Testföreningen → Annan förening",
    );
    assert_at(
        &errors[1],
        ORG,
        3,
        9,
        "'del_av' bildar en cirkel: Testföreningen → Annan förening → Testföreningen",
    );
    assert_eq!(
        errors[0].hint.as_deref(),
        Some(
            "en organisation kan inte ingå i sig själv, inte heller via andra; ta bort 'del_av' i en av filerna"
        )
    );
}

#[test]
fn a_longer_del_av_cycle_and_a_branch_into_it() {
    let errors = errors_after(|fixture| {
        fixture.write(ORG, &ORGANISATION.replace("alias:", "del_av: B\nalias:"));
        fixture.write(
            "content/organisationer/b.md",
            "---\nnamn: B\ndel_av: C\n---\nText.\n",
        );
        fixture.write(
            "content/organisationer/c.md",
            "---\nnamn: C\ndel_av: Testföreningen\n---\nText.\n",
        );
        // D is part of the cycle's B but not in the cycle itself.
        fixture.write(
            "content/organisationer/d.md",
            "---\nnamn: D\ndel_av: B\n---\nText.\n",
        );
    });
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|d| (d.file.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "content/organisationer/b.md",
                "'del_av' bildar en cirkel: B → C → Testföreningen → B"
            ),
            (
                "content/organisationer/c.md",
                "'del_av' bildar en cirkel: C → Testföreningen → B → C"
            ),
            (
                ORG,
                "'del_av' bildar en cirkel: Testföreningen → B → C → Testföreningen"
            ),
        ]
    );
}

/// Warnings (and no errors) after `change`; the build goes on.
fn warnings_after(change: impl FnOnce(&Fixture)) -> Vec<Diagnostic> {
    let fixture = Fixture::new();
    change(&fixture);
    let checked = site::check_site(fixture.root());
    assert!(
        !checked.diagnostics.has_errors(),
        "{}",
        checked.diagnostics.to_text()
    );
    assert!(checked.catalogue.is_some());
    checked.diagnostics.0
}

#[test]
fn a_missing_or_renamed_content_folder_is_an_error() {
    let errors = errors_after(|fixture| {
        std::fs::remove_dir_all(fixture.root().join("content/partnerskap")).unwrap();
    });
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_at(
        &errors[0],
        "content/partnerskap",
        0,
        0,
        "mappen content/partnerskap/ saknas, så katalogen skulle bli tom",
    );
    assert_eq!(
        errors[0].hint.as_deref(),
        Some(
            "har mappen bytt namn eller flyttats? Den ska heta content/partnerskap/ och ligga bredvid site.toml"
        )
    );
    let errors = errors_after(|fixture| {
        std::fs::rename(
            fixture.root().join("content/organisationer"),
            fixture.root().join("content/organisation"),
        )
        .unwrap();
    });
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|d| (d.file.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "content/organisation/testforeningen.md",
                "filen ligger fel och skulle inte komma med på webbplatsen"
            ),
            (
                "content/organisationer",
                "mappen content/organisationer/ saknas, så katalogen skulle bli tom"
            ),
            (P, "okänd organisation 'Testföreningen'"),
        ]
    );
}

#[test]
fn markdown_files_in_the_wrong_place_are_errors() {
    let errors = errors_after(|fixture| {
        fixture.write("content/partnerskap/2024/malmo-annat.md", PARTNERSKAP);
        fixture.write("content/malmo-tredje.md", PARTNERSKAP);
    });
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_at(
        &errors[0],
        "content/malmo-tredje.md",
        0,
        0,
        "filen ligger fel och skulle inte komma med på webbplatsen",
    );
    assert_eq!(
        errors[0].hint.as_deref(),
        Some(
            "flytta den till content/partnerskap/ om den är ett partnerskap, eller till content/organisationer/ om den är en organisation"
        )
    );
    assert_at(
        &errors[1],
        "content/partnerskap/2024/malmo-annat.md",
        0,
        0,
        "filen ligger fel och skulle inte komma med på webbplatsen",
    );
    assert_eq!(
        errors[1].hint.as_deref(),
        Some("flytta den till content/partnerskap/; undermappar läses inte")
    );
}

#[test]
fn editor_backups_hidden_and_unused_files_are_warnings() {
    let warnings = warnings_after(|fixture| {
        for name in [
            ".malmo-test.md.swp",
            "malmo-test.md~",
            "#malmo-test.md#",
            "malmo-test.md.orig",
        ] {
            fixture.write(&format!("content/partnerskap/{name}"), PARTNERSKAP);
        }
        fixture.write("content/partnerskap/.utkast.md", PARTNERSKAP);
        fixture.write("content/anteckningar.txt", "att göra");
    });
    let found: Vec<(&str, &str)> = warnings
        .iter()
        .map(|d| (d.file.as_str(), d.message.as_str()))
        .collect();
    let backup = "en textredigerares tillfälliga fil eller säkerhetskopia; den kommer inte med på webbplatsen";
    assert_eq!(
        found,
        [
            (
                "content/anteckningar.txt",
                "filen används inte och kommer inte med på webbplatsen"
            ),
            ("content/partnerskap/#malmo-test.md#", backup),
            ("content/partnerskap/.malmo-test.md.swp", backup),
            (
                "content/partnerskap/.utkast.md",
                "dold fil; den kommer inte med på webbplatsen"
            ),
            ("content/partnerskap/malmo-test.md.orig", backup),
            ("content/partnerskap/malmo-test.md~", backup),
        ]
    );
}

#[test]
fn one_unreadable_file_does_not_stop_the_checks_of_the_others() {
    let errors = errors_after(|fixture| {
        std::fs::write(
            fixture.root().join("content/partnerskap/latin1.md"),
            b"---\nnamn: V\xe4rmestuga\n---\n",
        )
        .unwrap();
        fixture.write(
            "content/partnerskap/stor.md",
            &format!("{PARTNERSKAP}{}", "x".repeat(1_000_001)),
        );
        fixture.write(P, &partnerskap("kommun: Malmö", "kommun: Malmoe"));
    });
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|d| (d.file.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "content/partnerskap/latin1.md",
                "filen är inte sparad som UTF-8"
            ),
            (P, "okänd kommun 'Malmoe'"),
            (
                "content/partnerskap/stor.md",
                "filen är för stor (1.0 MB); en innehållsfil får vara högst 1 MB"
            ),
        ]
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_in_content_are_refused_unread() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("hemlig.md");
    std::fs::write(&secret, "---\nnamn: HEMLIGT INNEHÅLL\n---\n").unwrap();
    let mut text = String::new();
    let errors = errors_after(|fixture| {
        let content = fixture.root().join("content");
        std::os::unix::fs::symlink(&secret, content.join("partnerskap/lank.md")).unwrap();
        std::os::unix::fs::symlink(outside.path(), content.join("organisationer/mapp")).unwrap();
        text = site::check_site(fixture.root()).diagnostics.to_text();
    });
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|d| (d.file.as_str(), d.message.as_str()))
        .collect();
    let message = "en symbolisk länk; länkar i content/ följs inte";
    assert_eq!(
        found,
        [
            ("content/organisationer/mapp", message),
            ("content/partnerskap/lank.md", message),
        ]
    );
    assert!(!text.contains("HEMLIGT"), "{text}");
    assert!(
        !text.contains(&*outside.path().to_string_lossy()),
        "the link's target is named: {text}"
    );
}

const SITE: &str = "site.toml";

fn site_toml(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(repo().join(SITE)).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

#[test]
fn a_theme_is_a_folder_name_never_a_path() {
    for theme in ["/etc", "../..", "", ".hidden", "a/b"] {
        let d = one_error(
            SITE,
            &site_toml("theme = \"default\"", &format!("theme = \"{theme}\"")),
        );
        assert_at(
            &d,
            SITE,
            8,
            if theme.is_empty() { 9 } else { 10 },
            &format!("theme: '{theme}' är inget namn på en mapp i themes/"),
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("ett tema är namnet på en mapp i themes/, t.ex. theme = \"default\"")
        );
    }
}

#[test]
fn site_toml_addresses_are_checked() {
    let cases = [
        (
            "base_url = \"http://127.0.0.1:1111\"",
            "base_url = \"javascript:alert(1)\"",
            6,
            13,
            "base_url: 'javascript:alert(1)' ska vara en adress som börjar med http:// eller https://",
        ),
        (
            "base_url = \"http://127.0.0.1:1111\"",
            "base_url = \"https://\"",
            6,
            13,
            "base_url: 'https://' saknar domännamn",
        ),
        (
            "base_url = \"http://127.0.0.1:1111\"",
            "base_url = \"https://exa mple.org/\"",
            6,
            13,
            "base_url: adressen innehåller ett tecken som inte hör hemma i en adress ( )",
        ),
        (
            "# repository = \"https://github.com/<konto>/<arkiv>\"",
            "repository = \"http://github.com/konto/arkiv\"",
            11,
            15,
            "repository: 'http://github.com/konto/arkiv' ska vara en adress som börjar med https://",
        ),
        (
            "path = \"/kommun/\"",
            "path = \"kommun/\"",
            19,
            9,
            "menyvalet 'Kommuner': sökvägen 'kommun/' ska börja med ett /",
        ),
        (
            "path = \"/kommun/\"",
            "path = \"data:text/html,<script>alert(1)</script>\"",
            19,
            9,
            "menyvalet 'Kommuner': sökvägen 'data:text/html,<script>alert(1)</script>' ska börja med ett /",
        ),
        (
            "path = \"/kommun/\"",
            "path = \"//evil.example/\"",
            19,
            9,
            "menyvalet 'Kommuner': sökvägen '//evil.example/' ska börja med ett /",
        ),
    ];
    for (from, to, line, column, message) in cases {
        let d = one_error(SITE, &site_toml(from, to));
        assert_at(&d, SITE, line, column, message);
    }
    // Full https addresses are fine in the menu.
    let fixture = Fixture::new();
    fixture.write(
        SITE,
        &site_toml(
            "path = \"/kommun/\"",
            "path = \"https://example.org/kommuner\"",
        ),
    );
    let checked = site::check_site(fixture.root());
    assert!(
        !checked.diagnostics.has_errors(),
        "{}",
        checked.diagnostics.to_text()
    );
}

#[test]
fn control_characters_in_values_are_errors() {
    let d = one_error(
        P,
        &partnerskap(
            "namn: Värmestuga Test",
            r#"namn: "Värmestuga Test\n::notice::x""#,
        ),
    );
    assert_at(
        &d,
        P,
        2,
        7,
        "'namn' innehåller ett osynligt styrtecken (U+000A)",
    );
    let d = one_error(
        P,
        &partnerskap(
            "organ: Arbetsmarknads- och socialnämnden",
            r#"organ: "A\u001b]52;c;SGVq\u0007""#,
        ),
    );
    assert_at(
        &d,
        P,
        5,
        12,
        "'organ' innehåller ett osynligt styrtecken (U+001B)",
    );
    // A right-to-left override shows "Malmö stad" as something else.
    let d = one_error(
        P,
        &partnerskap("namn: Värmestuga Test", "namn: \"Värmestuga \u{202e}tseT\""),
    );
    assert_at(
        &d,
        P,
        2,
        7,
        "'namn' innehåller ett osynligt styrtecken (U+202E)",
    );
    let d = one_error(P, &format!("{PARTNERSKAP}Röd \u{2066}text\n"));
    assert_at(
        &d,
        P,
        13,
        5,
        "beskrivningen innehåller ett osynligt styrtecken (U+2066)",
    );
    let d = one_error(P, &format!("{PARTNERSKAP}Röd \u{1b}[31mtext\n"));
    assert_at(
        &d,
        P,
        13,
        5,
        "beskrivningen innehåller ett osynligt styrtecken (U+001B)",
    );
    let d = one_error(
        SITE,
        &site_toml("title = \"IOP-katalogen\"", "title = \"IOP\\u0007\""),
    );
    assert_at(
        &d,
        SITE,
        2,
        9,
        "title innehåller ett osynligt styrtecken (U+0007)",
    );
}

/// Values that would be commands or escape sequences in a terminal or a CI
/// log are shown inert in every format: here a file name and a key, which
/// the messages quote as they are.
#[test]
fn no_value_can_inject_into_the_output() {
    let fixture = Fixture::new();
    let evil = "x\n::notice title=x::injicerad\r\n::error::x\u{1b}]52;c;SGVq\u{7}\u{9b}2J\u{202e}";
    fixture.write(&format!("content/partnerskap/{evil}.md"), PARTNERSKAP);
    fixture.write(P, &partnerskap("källor:", "\"nyckel\\e[2J\": x\nkällor:"));
    let iop = env!("CARGO_BIN_EXE_iop");
    let run = |format: &str| {
        std::process::Command::new(iop)
            .args(["check", "--format", format])
            .current_dir(fixture.root())
            .output()
            .unwrap()
    };
    let github = run("github");
    let (stdout, stderr) = (
        String::from_utf8(github.stdout).unwrap(),
        String::from_utf8(github.stderr).unwrap(),
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with("::error file=content/partnerskap/malmo-test.md,line=10,col=1::okänd nyckel 'nyckel\\u{1b}[2J'%0ATips: "),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with(
            "::error file=content/partnerskap/x%0A%3A%3Anotice title=x%3A%3Ainjicerad\\u{d}%0A%3A%3Aerror%3A%3Ax\\u{1b}]52;c;SGVq\\u{7}\\u{9b}2J\\u{202e}.md::filnamnet 'x%0A::notice title=x::injicerad\\u{d}%0A::error::x"
        ),
        "{stdout}"
    );
    for text in [&stdout, &stderr] {
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(!text.contains('\u{202e}'));
    }
    assert!(
        !stderr.lines().any(|l| l.trim_start().starts_with("::")),
        "{stderr}"
    );
    assert!(
        stderr.contains("fel: okänd nyckel 'nyckel\\u{1b}[2J'"),
        "{stderr}"
    );
    let json = String::from_utf8(run("json").stdout).unwrap();
    assert!(
        !json.chars().any(|c| c.is_control() && c != '\n'),
        "{json:?}"
    );
    assert!(json.contains("\\u009b2J\\u202e"), "{json}");
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        parsed["diagnostiker"][1]["file"],
        format!("content/partnerskap/{evil}.md")
    );
}

#[test]
fn links_that_the_sanitizer_would_remove_are_errors() {
    let cases = [
        (
            "[klick](javascript:alert(1))",
            "länken går till en otillåten adress (javascript:)",
        ),
        (
            "[klick](JaVaScRiPt:alert(1))",
            "länken går till en otillåten adress (javascript:)",
        ),
        (
            "[klick](&#106;avascript:alert(1))",
            "länken går till en otillåten adress (javascript:)",
        ),
        (
            "<javascript:alert(1)>",
            "länken går till en otillåten adress (javascript:)",
        ),
        (
            "[klick](data:text/html;base64,PHNjcmlwdD4=)",
            "länken går till en otillåten adress (data:)",
        ),
        (
            "[klick](vbscript:msgbox(1))",
            "länken går till en otillåten adress (vbscript:)",
        ),
        (
            "<a href=\"&#x6A;avascript:alert(1)\">klick</a>",
            "otillåten HTML i beskrivningen (javascript:)",
        ),
        (
            "<a href=\"vbscript:msgbox(1)\">klick</a>",
            "otillåten adress i beskrivningen (vbscript:)",
        ),
        (
            "<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/\">",
            "otillåten HTML i beskrivningen (<meta>)",
        ),
        (
            "<base href=\"https://example.org/\">",
            "otillåten HTML i beskrivningen (<base>)",
        ),
        (
            "<p style=\"color: red\">Viktigt</p>",
            "attributet 'style' i <p> skulle tas bort",
        ),
        (
            "<span class='stor' title=\"x\">Viktigt</span>",
            "attributet 'class' i <span> skulle tas bort",
        ),
        (
            "<!-- intern anteckning -->",
            "en HTML-kommentar i beskrivningen skulle tas bort",
        ),
        (
            "<img src=\"https://example.org/pixel.gif\" alt=\"\">",
            "bilden hämtas från en annan webbplats",
        ),
        (
            "![pixel](https://example.org/pixel.gif)",
            "bilden hämtas från en annan webbplats",
        ),
    ];
    for (markdown, message) in cases {
        let errors = errors_for(P, &format!("{PARTNERSKAP}\n{markdown}\n"));
        assert_eq!(errors.len(), 1, "{markdown}: {errors:#?}");
        assert_at(&errors[0], P, 14, 1, message);
    }
    // What stays is fine: web and mail links, the site's own images.
    let fixture = Fixture::new();
    fixture.write(
        P,
        &format!("{PARTNERSKAP}\n[a](https://example.org/) <https://example.org> [b](mailto:a@example.org) ![c](/bild.png) <abbr title=\"idéburet offentligt partnerskap\">IOP</abbr> <a href=\"https://example.org/\">d</a>\n"),
    );
    let checked = site::check_site(fixture.root());
    assert!(
        checked.diagnostics.0.is_empty(),
        "{}",
        checked.diagnostics.to_text()
    );
}

#[test]
fn blank_values_are_errors() {
    let cases = [
        (
            "namn: Värmestuga Test",
            "namn: \"   \"",
            2,
            7,
            "'namn' får inte vara tom",
        ),
        (
            "namn: Värmestuga Test",
            "namn: \"\u{a0}\"",
            2,
            7,
            "'namn' får inte vara tom",
        ),
        (
            "namn: Värmestuga Test",
            "namn: \"\"",
            2,
            7,
            "'namn' får inte vara tom",
        ),
        (
            "källor:",
            "alias: [\"\"]\nkällor:",
            10,
            9,
            "'alias' har ett tomt värde",
        ),
        (
            "organ: Arbetsmarknads- och socialnämnden",
            "organ: \"\"",
            5,
            12,
            "'organ' får inte vara tom",
        ),
        (
            "källor:",
            "övriga_parter: [MKB, \" \"]\nkällor:",
            10,
            22,
            "'övriga_parter' har ett tomt värde",
        ),
        (
            "källor:",
            "länkar:\n  - { titel: \" \" }\nkällor:",
            11,
            14,
            "'titel' får inte vara tom",
        ),
        (
            "källor:",
            "länkar:\n  - { titel: Avtal, url: \"https://\" }\nkällor:",
            11,
            26,
            "'https://' saknar domännamn",
        ),
        (
            "start: 2022-02-01",
            "start: 0x7E7",
            8,
            8,
            "'0x7E7' är inget tal skrivet med vanliga siffror",
        ),
    ];
    for (from, to, line, column, message) in cases {
        let d = one_error(P, &partnerskap(from, to));
        assert_at(&d, P, line, column, message);
    }
    let d = one_error(
        ORG,
        &ORGANISATION
            .replace("webbplats", "")
            .replace("alias:", "webbplats: https://\nalias:"),
    );
    assert_at(&d, ORG, 3, 12, "'https://' saknar domännamn");
}

#[test]
fn names_are_compared_and_stored_in_nfc() {
    let fixture = Fixture::new();
    let nfd = "Bora\u{30a}s Stadsmission";
    fixture.write(
        "content/organisationer/boras-stadsmission.md",
        &format!("---\nnamn: {nfd}\n---\nText.\n"),
    );
    fixture.write(
        P,
        &partnerskap("[Testföreningen]", "[Testföreningen, Borås Stadsmission]"),
    );
    let checked = site::check_site(fixture.root());
    let catalogue = checked
        .catalogue
        .unwrap_or_else(|| panic!("{}", checked.diagnostics.to_text()));
    assert!(
        catalogue
            .organisationer
            .iter()
            .any(|o| o.namn == "Borås Stadsmission")
    );
    // Two files whose names differ only in how "å" is encoded are one name.
    let errors = errors_after(|fixture| {
        fixture.write(
            "content/organisationer/boras-1.md",
            &format!("---\nnamn: {nfd}\n---\nText.\n"),
        );
        fixture.write(
            "content/organisationer/boras-2.md",
            "---\nnamn: Borås Stadsmission\n---\nText.\n",
        );
    });
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_at(
        &errors[0],
        "content/organisationer/boras-2.md",
        2,
        7,
        "namnet 'Borås Stadsmission' används redan av content/organisationer/boras-1.md",
    );
}

#[test]
fn a_description_over_100_kb_is_an_error() {
    let d = one_error(
        P,
        &format!("{PARTNERSKAP}{}\n", "Lång text. ".repeat(10_000)),
    );
    assert_at(
        &d,
        P,
        12,
        1,
        "beskrivningen är för lång (120 kB); den får vara högst 100 kB",
    );
}

#[test]
fn many_copies_of_one_entry_give_one_warning() {
    let warnings = warnings_after(|fixture| {
        for i in 0..2000 {
            fixture.write(&format!("content/partnerskap/kopia-{i:04}.md"), PARTNERSKAP);
        }
    });
    assert_eq!(warnings.len(), 1, "{:#?}", &warnings[..3]);
    assert_eq!(warnings[0].file, "content/partnerskap/kopia-0001.md");
    let listed: Vec<String> = std::iter::once(0)
        .chain(2..11)
        .map(|i| format!("content/partnerskap/kopia-{i:04}.md"))
        .collect();
    assert_eq!(
        warnings[0].message,
        format!(
            "möjlig dubblett av {}, och 1990 till: samma parter (Testföreningen) och överlappande period",
            listed.join(", ")
        )
    );
}

#[test]
fn a_quoted_line_is_cut_to_about_200_characters() {
    let long = "x".repeat(5_000);
    let fixture = Fixture::new();
    fixture.write(
        P,
        &partnerskap(
            "[Testföreningen]",
            &format!("[Testföreningen, {long}, Okänd]"),
        ),
    );
    let text = site::check_site(fixture.root()).diagnostics.to_text();
    assert!(text.lines().all(|l| l.chars().count() < 600), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    // The second error is at "Okänd", after the 5 000 x: shown with … on
    // both sides and underlined in the shortened line.
    let at = lines
        .iter()
        .position(|l| l.contains("okänd organisation 'Okänd'"))
        .unwrap();
    let (source, carets) = (lines[at + 2], lines[at + 3]);
    assert!(
        source.starts_with("6 | …") && source.ends_with("Okänd]"),
        "{source}"
    );
    assert!(source.chars().count() <= 210, "{source}");
    let column = carets.chars().position(|c| c == '^').unwrap();
    let underlined: String = source.chars().skip(column).take(5).collect();
    assert_eq!(underlined, "Okänd", "{source}\n{carets}");
    assert_eq!(carets.matches('^').count(), 5);
}

/// No message may quote the parsers' English or a Rust debug dump.
#[track_caller]
fn assert_swedish(d: &Diagnostic) {
    for text in std::iter::once(&d.message).chain(&d.hint) {
        for english in iop::explain::ENGLISH {
            assert!(!text.contains(english), "{english:?} in {d:#?}");
        }
    }
}

#[test]
fn a_duplicate_key_is_shown_at_its_second_occurrence() {
    let d = one_error(
        P,
        &partnerskap("start: 2022-02-01", "start: 2022-02-01\nstart: 2022-03-01"),
    );
    assert_at(
        &d,
        P,
        9,
        1,
        "kan inte läsa YAML: nyckeln 'start' står två gånger",
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("ta bort den ena raden, eller samla värdena under en nyckel (en lista: [a, b])")
    );
    assert_swedish(&d);
}

#[test]
fn yaml_syntax_errors_are_said_in_swedish() {
    let deep = format!("namn: {}{}", "[".repeat(200), "]".repeat(200));
    let cases = [
        (
            "namn: Värmestuga Test",
            "namn: @Värmestuga",
            2,
            7,
            "kan inte läsa YAML: ett värde kan inte börja med '@'",
        ),
        (
            "  - kommun: Malmö",
            "\t- kommun: Malmö",
            4,
            1,
            "kan inte läsa YAML: ett tabbtecken där YAML bara tillåter mellanslag",
        ),
        (
            "start: 2022-02-01",
            "start: *borjan",
            8,
            8,
            "kan inte läsa YAML: '*' hänvisar till ett ankare (&namn) som inte finns",
        ),
        (
            "start: 2022-02-01",
            "start: *början",
            8,
            8,
            "kan inte läsa YAML: '*' hänvisar till ett ankare (&namn) som inte finns",
        ),
        (
            "start: 2022-02-01",
            "start: * 2022",
            8,
            8,
            "kan inte läsa YAML: namnet på ett ankare (&) eller alias (*) saknas eller har ett tecken som inte får stå där",
        ),
        (
            "namn: Värmestuga Test",
            "namn: \"Värmestuga Test",
            2,
            7,
            "kan inte läsa YAML: ett värde som börjar här tar aldrig slut",
        ),
        (
            "[hemloshet]",
            "[hemloshet",
            7,
            15,
            "kan inte läsa YAML: listan [ … ] stängs inte, eller två värden saknar komma mellan sig",
        ),
        (
            "namn: Värmestuga Test",
            &deep,
            2,
            106,
            "kan inte läsa YAML: värdena ligger i för många nivåer inuti varandra (mer än 100)",
        ),
        (
            "namn: Värmestuga Test",
            "namn: Värmestuga: Test",
            2,
            17,
            "kan inte läsa YAML: ett kolon följt av mellanslag mitt i ett värde",
        ),
        (
            "start: 2022-02-01",
            "~: 2022-02-01",
            8,
            1,
            "kan inte läsa YAML: en nyckel som inte är en text",
        ),
        (
            "start: 2022-02-01",
            "? [a, b]\n: 2022-02-01",
            8,
            3,
            "kan inte läsa YAML: en nyckel som inte är en text",
        ),
    ];
    for (from, to, line, column, message) in cases {
        let d = one_error(P, &partnerskap(from, to));
        assert_at(&d, P, line, column, message);
        assert_swedish(&d);
    }
}

#[test]
fn more_than_one_document_in_a_list() {
    const K: &str = "content/kallor.yaml";
    let kallor = std::fs::read_to_string(repo().join(K)).unwrap();
    let line = kallor.lines().count() + 1;
    let d = one_error(K, &format!("{kallor}---\n- id: annan\n"));
    assert_at(
        &d,
        K,
        line,
        1,
        "kan inte läsa YAML: filen innehåller mer än ett YAML-dokument",
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("ta bort raden med bara --- eller ...; allt ska stå i ett dokument")
    );
}

#[test]
fn dates_name_the_rule_they_break() {
    let cases = [
        (
            "start: 1023-01-01",
            "'1023-01-01' är inget giltigt datum — året ska vara mellan 1900 och 2199",
        ),
        (
            "start: 1023",
            "'1023' är inget giltigt datum — året ska vara mellan 1900 och 2199",
        ),
        (
            "start: 2023-13",
            "'2023-13' är inget giltigt datum — månaden ska vara mellan 01 och 12",
        ),
    ];
    for (to, message) in cases {
        let d = one_error(P, &partnerskap("start: 2022-02-01", to));
        // At 'start', not at the top of the block.
        assert_at(&d, P, 8, 8, message);
        assert_eq!(
            d.hint.as_deref(),
            Some("skriv ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD, t.ex. 2023-04-01")
        );
    }
    let d = one_error(P, &partnerskap("slut: 2024-04-30", "slut: 2024-02-30"));
    assert_at(
        &d,
        P,
        9,
        7,
        "'2024-02-30' är inget giltigt datum — finns den dagen i kalendern?",
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("skriv ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD eller 'tills vidare'")
    );
}

#[test]
fn values_of_the_wrong_form_are_explained() {
    let cases = [
        (
            "namn: Värmestuga Test",
            "namn: [Värmestuga, Test]",
            2,
            7,
            "'namn' har fel form: väntade en text, men det är en lista",
            "om texten innehåller ': ' eller börjar med ett specialtecken, sätt den inom citattecken",
        ),
        (
            "kommun: Malmö",
            "kommun: [Malmö]",
            4,
            13,
            "'kommun' har fel form: väntade ett namn eller en fyrsiffrig kommunkod, men det är en lista",
            "'kommun': Kommunens namn (som SCB skriver det) eller fyrsiffriga kommunkod.",
        ),
        (
            "organ: Arbetsmarknads- och socialnämnden",
            "organ: { nämnd: Arbetsmarknadsnämnden }",
            5,
            12,
            "'organ' har fel form: väntade en text eller en lista med texter, men det är nycklar med värden",
            "'organ': Nämnd eller förvaltning, en eller flera.",
        ),
        (
            "kommun: Malmö",
            "kommun:",
            4,
            11,
            "'kommun' saknar värde",
            "skriv ett värde efter kolonet, eller ta bort raden",
        ),
        (
            "[hemloshet]",
            "[hemloshet, 7]",
            7,
            27,
            "värde nr 2 i 'fokusområden' har fel form: väntade en text, men det är ett tal",
            "skriv en lista: fokusområden: [a, b] eller en rad per värde som börjar med '- '",
        ),
    ];
    for (from, to, line, column, message, hint) in cases {
        let d = one_error(P, &partnerskap(from, to));
        assert_at(&d, P, line, column, message);
        assert_eq!(d.hint.as_deref(), Some(hint), "{d:#?}");
        assert_swedish(&d);
    }
    let d = one_error(P, "---\n- Värmestuga Test\n---\nText.\n");
    assert_at(
        &d,
        P,
        2,
        1,
        "YAML-blocket ska bestå av nycklar med värden, men det är en lista",
    );
    let d = one_error(
        ORG,
        &ORGANISATION.replace("alias:", "organisationsnummer: 80200-24280\nalias:"),
    );
    assert_at(&d, ORG, 3, 22, "'80200-24280' är inget organisationsnummer");
    assert_eq!(
        d.hint.as_deref(),
        Some("skriv tio siffror som NNNNNN-NNNN, t.ex. 802002-4280")
    );
    assert_swedish(&d);
}

#[test]
fn a_schema_error_does_not_hide_the_other_checks() {
    let errors = errors_for(
        P,
        &partnerskap("källor: [famna-fremia-2023]\n", "bekräftad: 2023-01-01\n")
            .replace("kommun: Malmö", "kommun: Götebrog"),
    );
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_at(&errors[0], P, 2, 1, "nyckeln 'källor' saknas");
    assert_at(&errors[1], P, 4, 13, "okänd kommun 'Götebrog'");
    assert_eq!(errors[1].hint.as_deref(), Some("menade du 'Göteborg'?"));
}

/// The errors and the warnings of the fixture after `change`.
fn diagnostics_after(change: impl FnOnce(&Fixture)) -> Vec<Diagnostic> {
    let fixture = Fixture::new();
    fixture.write(
        "content/partnerskap/malmo-andra.md",
        &PARTNERSKAP.replace("Värmestuga Test", "Annan stuga"),
    );
    change(&fixture);
    let checked = site::check_site(fixture.root());
    assert!(checked.catalogue.is_none());
    checked.diagnostics.0
}

#[test]
fn a_broken_list_of_focus_areas_is_reported_once() {
    const F: &str = "content/fokusomraden.yaml";
    let text = std::fs::read_to_string(repo().join(F)).unwrap();
    let line = text.lines().position(|l| l == "- id: hemloshet").unwrap() + 2;
    let broken = text.replace("- id: hemloshet\n", "- id: hemloshet\n  id: hemlöshet\n");
    // Checked, built: the error stops the build and leaves public/ alone.
    let errors = errors_for(F, &broken);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_at(
        &errors[0],
        F,
        line,
        3,
        "kan inte läsa YAML: nyckeln 'id' står två gånger",
    );
    let found = diagnostics_after(|fixture| fixture.write(F, &broken));
    let found: Vec<(&str, usize, &str)> = found
        .iter()
        .filter(|d| d.severity != Severity::Notering)
        .map(|d| (d.file.as_str(), d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                F,
                0,
                "2 partnerskap hänvisar till filen och kunde inte kontrolleras helt förrän felet i den är rättat"
            ),
            (F, line, "kan inte läsa YAML: nyckeln 'id' står två gånger"),
        ]
    );
}

#[test]
fn a_broken_organisation_file_does_not_blame_the_partnerships() {
    // The YAML cannot be read at all: the names are read from its lines,
    // and the file name still names it.
    for (broken, line, message) in [
        (
            ORGANISATION.replace(
                "alias: [Testföreningen i Malmö]",
                "alias: [Testföreningen i Malmö",
            ),
            3,
            "kan inte läsa YAML: listan [ … ] stängs inte, eller två värden saknar komma mellan sig",
        ),
        (
            ORGANISATION.replace("namn: Testföreningen", "namn: \"Testföreningen"),
            2,
            "kan inte läsa YAML: ett värde som börjar här tar aldrig slut",
        ),
        (
            ORGANISATION.replace("namn: Testföreningen", "namn: [Testföreningen]"),
            2,
            "'namn' har fel form: väntade en text, men det är en lista",
        ),
    ] {
        let errors = errors_for(ORG, &broken);
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_at(&errors[0], ORG, line, errors[0].column, message);
        let found = diagnostics_after(|fixture| fixture.write(ORG, &broken));
        let found: Vec<(&str, &str)> = found
            .iter()
            .filter(|d| d.severity != Severity::Notering)
            .map(|d| (d.file.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    ORG,
                    "2 partnerskap hänvisar till filen och kunde inte kontrolleras helt förrän felet i den är rättat"
                ),
                (ORG, message),
            ]
        );
    }
    // Named by its file name: testforeningen.
    let errors = errors_after(|fixture| {
        fixture.write(ORG, "---\nnamn: @Testföreningen\n---\nText.\n");
        fixture.write(P, &partnerskap("[Testföreningen]", "[testforeningen]"));
    });
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, ORG);
}

/// Found by tests/fuzz.rs: a focus-area id or an alias becomes a folder of
/// the built site, and a name over 255 bytes failed the build after
/// `iop check` had passed.
#[test]
fn ids_and_aliases_are_at_most_100_characters() {
    const F: &str = "content/fokusomraden.yaml";
    let text = std::fs::read_to_string(repo().join(F)).unwrap();
    let line = text.lines().position(|l| l == "- id: hemloshet").unwrap() + 1;
    let long = "x".repeat(300);
    let errors = errors_for(
        F,
        &text.replace("- id: hemloshet\n", &format!("- id: {long}\n")),
    );
    // Reported once: the partnerships naming 'hemloshet' are not blamed.
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_at(
        &errors[0],
        F,
        line,
        7,
        "id:t är för långt (300 tecken); det får vara högst 100 tecken",
    );
    let d = one_error(
        P,
        &partnerskap("källor:", &format!("alias: [{long}]\nkällor:")),
    );
    assert_at(
        &d,
        P,
        10,
        9,
        "aliaset är för långt (300 tecken); det får vara högst 100 tecken",
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("det blir en del av en adress på webbplatsen: välj några korta ord med bindestreck")
    );
}

/// In the open data's CSV files the items of a list are joined with " | ":
/// a '|' in one would split it. The checker says so at the value, for every
/// kind of file such items come from, so that `iop build` never meets it.
#[test]
fn a_bar_in_an_item_of_a_csv_list_is_an_error() {
    const MESSAGE: &str = "innehåller '|', som i de öppna data skiljer värdena i en lista";
    let d = one_error(
        P,
        &partnerskap(
            "organ: Arbetsmarknads- och socialnämnden",
            "organ: Arbetsmarknad | Social",
        ),
    );
    assert_at(&d, P, 5, 12, &format!("'organ' {MESSAGE}"));
    assert_eq!(
        d.hint.as_deref(),
        Some("skriv ett annat tecken i stället för '|', t.ex. '–' eller ','")
    );
    // A web page's title often has one: "Värmestugor | Malmö stad".
    let d = one_error(
        P,
        &partnerskap(
            "källor: [famna-fremia-2023]",
            "källor:\n  - titel: Värmestugor | Malmö stad\n    url: https://malmo.se/varmestugor\n    läst: 2023-04-01",
        ),
    );
    assert_at(&d, P, 11, 12, &format!("'titel' {MESSAGE}"));
    let org = "content/organisationer/testforeningen.md";
    let d = one_error(
        org,
        &ORGANISATION.replace(
            "[Testföreningen i Malmö]",
            "[Testföreningen i Malmö | Lund]",
        ),
    );
    assert_at(&d, org, 3, 9, &format!("'alias' {MESSAGE}"));
    let fokus = "content/fokusomraden.yaml";
    let text = std::fs::read_to_string(repo().join(fokus)).unwrap();
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("namn: ").map(|c| (i + 1, c + 7)))
        .unwrap();
    let d = one_error(fokus, &text.replacen("namn: ", "namn: A | ", 1));
    assert_at(&d, fokus, line, column, &format!("'namn' {MESSAGE}"));
}

/// A '|' where the CSV files do not split on it is the editor's to write:
/// in a partnership's name it is a field of its own, quoted as needed.
#[test]
fn a_bar_in_a_name_is_kept_in_the_open_data() {
    let fixture = Fixture::new();
    fixture.write(
        "content/partnerskap/malmo-test.md",
        &partnerskap("namn: Värmestuga Test", "namn: Värmestuga | Test"),
    );
    let out = fixture.root().join("public");
    site::build(fixture.root(), "2023-04-01".parse().unwrap(), &out).unwrap();
    let csv = read(&out, "data/partnerskap.csv");
    assert!(csv.contains(",Värmestuga | Test,"), "{csv}");
}
