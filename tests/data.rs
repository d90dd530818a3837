//! The open data in /data/, read back: the CSV files with the csv crate and
//! the JSON with serde_json, field by field against the checked model, on a
//! fixture site whose numbers are known and on the real catalogue; the Data
//! Package with frictionless; the DCAT record as JSON-LD with its mandatory
//! properties; and the schema.org JSON-LD on every entry page.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use chrono::NaiveDate;
use common::*;
use iop::model::{Catalogue, Offentlig, Partnerskap, Slut, Status};
use iop::reference::reference;
use iop::site;
use serde_json::{Value, json};

const AS_OF: &str = "2023-04-01";
const BASE: &str = "https://example.org/iop";

fn as_of() -> NaiveDate {
    AS_OF.parse().unwrap()
}

/// A partnership with every key, and text that needs quoting in CSV and
/// escaping in HTML, JSON and a `<script>` element.
const FULL: &str = r#"---
namn: "Allt, på en gång: \"citat\" & </script><script>alert(1)</script>"
offentliga_parter:
  - kommun: Malmö
    organ: [Socialnämnden, Kulturnämnden]
  - region: Region Skåne
  - kommun: Gotland
idéburna_parter: [Testföreningen, Moderföreningen]
övriga_parter: [MKB Fastighets AB]
fokusområden: [hemloshet, kultur]
start: 2021
slut: 2024-06
förlängningar: [2022-12-31, 2023-06]
avslutad: 2024-03-31
bekräftad: 2023-02
länkar:
  - { titel: "Avtalet (pdf)", url: "https://example.org/avtal.pdf" }
  - { titel: "Beslut, punkt 3" }
källor:
  - famna-fremia-2023
  - { titel: "Nyhet om partnerskapet", url: "https://example.org/nyhet", datum: 2023-02 }
  - { titel: "Sida utan datum", url: "https://example.org/sida", läst: 2023-03-01 }
alias: [gammal-adress]
---
Ett partnerskap med *alla* nycklar, ett "citat", ett kommatecken
och en radbrytning.
"#;

const TILLS_VIDARE: &str = "---
namn: Regionens eget
offentliga_parter:
  - region: Region Skåne
idéburna_parter: [Moderföreningen]
fokusområden: [kultur]
start: 2022-05
slut: tills vidare
källor: [famna-fremia-2023]
---
Region Skåne och Moderföreningen.
";

const MODER: &str = "---
namn: Moderföreningen
webbplats: https://example.org/moder
organisationsnummer: 802002-4280
---
Riksorganisationen.
";

const DOTTER: &str = "---
namn: Testföreningen
alias: [Testföreningen i Malmö]
del_av: Moderföreningen
---
En lokal förening.
";

/// Three partnerships, two organisations, built as of AS_OF at BASE.
fn fixture() -> &'static (Fixture, PathBuf) {
    static FIXTURE: OnceLock<(Fixture, PathBuf)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let fixture = Fixture::new();
        fixture.write("content/organisationer/testforeningen.md", DOTTER);
        fixture.write("content/organisationer/moderforeningen.md", MODER);
        fixture.write("content/partnerskap/allt.md", FULL);
        fixture.write("content/partnerskap/skane-eget.md", TILLS_VIDARE);
        let out = fixture.root().join("public");
        let overrides = site::Overrides {
            base_url: Some(format!("{BASE}/")),
            repository: None,
        };
        if let Err(d) = site::build_with(fixture.root(), as_of(), &out, &overrides) {
            panic!("the fixture does not build:\n{}", d.to_text());
        }
        (fixture, out)
    })
}

fn fixture_catalogue() -> Catalogue {
    catalogue_of(fixture().0.root())
}

/// The real catalogue, built once for the tests in this file.
fn real() -> &'static (tempfile::TempDir, PathBuf) {
    static REAL: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    REAL.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        if let Err(d) = site::build(&repo(), as_of(), &out) {
            panic!("the real catalogue does not build:\n{}", d.to_text());
        }
        (dir, out)
    })
}

fn real_base() -> String {
    let config = iop::config::Config::load(&repo()).unwrap();
    config.base_url().to_owned()
}

fn catalogue_of(root: &Path) -> Catalogue {
    let checked = site::check_site(root);
    checked
        .catalogue
        .unwrap_or_else(|| panic!("{}", checked.diagnostics.to_text()))
}

/// A CSV file as header → value maps, read with the csv crate.
fn read_csv(public: &Path, file: &str) -> Vec<BTreeMap<String, String>> {
    let bytes = fs::read(public.join("data").join(file)).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(r.len(), header.len(), "{file}: a row with too few fields");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

fn read_json(public: &Path, file: &str) -> Value {
    serde_json::from_str(&read(&public.join("data"), file)).unwrap()
}

/// The items of a list cell, as the /data/ page documents them.
fn split(cell: &str) -> Vec<String> {
    if cell.is_empty() {
        Vec::new()
    } else {
        cell.split(" | ").map(str::to_owned).collect()
    }
}

/// A CSV list can not tell one empty item from none: compare as read.
fn as_read(items: Vec<String>) -> Vec<String> {
    if items.len() == 1 && items[0].is_empty() {
        Vec::new()
    } else {
        items
    }
}

fn typ(o: &Offentlig) -> &'static str {
    match o {
        Offentlig::Kommun(_) => "kommun",
        Offentlig::Region(_) => "region",
    }
}

fn kod(o: &Offentlig) -> String {
    match o {
        Offentlig::Kommun(k) | Offentlig::Region(k) => k.clone(),
    }
}

/// What partnerskap.json must say of `p`, straight from the model.
fn expected_json(c: &Catalogue, p: &Partnerskap, base: &str, day: NaiveDate) -> Value {
    let d = |d: Option<iop::model::Datum>| d.map(|d| d.to_string());
    let slut_datum = match p.period.slut {
        Some(Slut::Datum(s)) => Some(s),
        _ => None,
    };
    json!({
        "slug": p.slug,
        "url": format!("{base}/partnerskap/{}/", p.slug),
        "namn": p.namn,
        "offentliga_parter": p.offentliga.iter().map(|o| json!({
            "typ": typ(&o.part),
            "namn": o.part.namn(),
            "kommunkod": match &o.part { Offentlig::Kommun(k) => Some(k.clone()), _ => None },
            "lanskod": o.part.lanskod(),
            "organ": o.organ,
            "url": match &o.part {
                Offentlig::Kommun(k) => format!("{base}/kommun/{}/", reference().kommun(k).slug),
                Offentlig::Region(l) => format!("{base}/region/{}/", reference().region(l).slug),
            },
        })).collect::<Vec<_>>(),
        "ideburna_parter": p.ideburna.iter().map(|&i| json!({
            "slug": c.organisationer[i].slug,
            "namn": c.organisationer[i].namn,
            "url": format!("{base}/organisation/{}/", c.organisationer[i].slug),
        })).collect::<Vec<_>>(),
        "ovriga_parter": p.ovriga,
        "fokusomraden": p.fokus.iter().map(|&i| json!({
            "id": c.fokusomraden[i].id, "namn": c.fokusomraden[i].namn,
        })).collect::<Vec<_>>(),
        "start": d(p.period.start),
        "slut": p.period.slut.map(|s| match s {
            Slut::Datum(d) => d.to_string(),
            Slut::TillsVidare => "tills vidare".to_owned(),
        }),
        "forlangningar": p.period.forlangningar.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        "avslutad": d(p.period.avslutad),
        "bekraftad": d(p.period.bekraftad),
        "start_dag": p.period.start.map(|d| d.first_day().to_string()),
        "slut_dag": slut_datum.map(|d| d.last_day().to_string()),
        "avslutad_dag": p.period.avslutad.map(|d| d.last_day().to_string()),
        "bekraftad_dag": p.period.bekraftad.map(|d| d.first_day().to_string()),
        "sista_dag": p.period.last_day().map(|d| d.to_string()),
        "tills_vidare": p.period.slut == Some(Slut::TillsVidare),
        "status": p.period.status(day).namn(),
        "status_per": day.to_string(),
        "kallor": p.kallor.iter().map(|k| json!({
            "id": k.id, "titel": k.titel, "url": k.url,
            "datum": k.datum.to_string(), "publicerad": k.publicerad,
        })).collect::<Vec<_>>(),
        "lankar": p.lankar.iter().map(|l| json!({ "titel": l.titel, "url": l.url })).collect::<Vec<_>>(),
        "alias": p.alias,
        "beskrivning": p.beskrivning.plain,
        "tillagd": p.historik.tillagd.to_string(),
        "andrad": p.historik.andrad.to_string(),
    })
}

/// A JSON value as the CSV writes it: lists joined, null empty.
fn cell(value: &Value) -> Vec<String> {
    match value {
        Value::Null => vec![String::new()],
        Value::String(s) => vec![s.clone()],
        Value::Bool(b) => vec![b.to_string()],
        other => vec![other.to_string()],
    }
}

/// What partnerskap.csv must say of `p`: the expected JSON, flattened as
/// the /data/ page documents, list cells as their items.
fn expected_csv(expected: &Value) -> BTreeMap<&'static str, Vec<String>> {
    let list = |key: &str, field: &str| -> Vec<String> {
        expected[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let v = if field.is_empty() { v } else { &v[field] };
                cell(v).remove(0)
            })
            .collect()
    };
    let one = |key: &str| cell(&expected[key]);
    let offentliga = expected["offentliga_parter"].as_array().unwrap();
    BTreeMap::from([
        ("slug", one("slug")),
        ("url", one("url")),
        ("namn", one("namn")),
        ("offentliga_parter", list("offentliga_parter", "namn")),
        ("offentliga_typer", list("offentliga_parter", "typ")),
        (
            "offentliga_koder",
            offentliga
                .iter()
                .map(|o| {
                    o["kommunkod"]
                        .as_str()
                        .unwrap_or(o["lanskod"].as_str().unwrap())
                        .to_owned()
                })
                .collect(),
        ),
        ("lanskoder", list("offentliga_parter", "lanskod")),
        (
            "organ",
            offentliga
                .iter()
                .flat_map(|o| o["organ"].as_array().unwrap().iter())
                .map(|v| v.as_str().unwrap().to_owned())
                .collect(),
        ),
        ("ideburna_parter", list("ideburna_parter", "namn")),
        ("ideburna_slugs", list("ideburna_parter", "slug")),
        ("ovriga_parter", list("ovriga_parter", "")),
        ("fokusomraden", list("fokusomraden", "id")),
        ("fokusomraden_namn", list("fokusomraden", "namn")),
        ("start", one("start")),
        ("slut", one("slut")),
        ("forlangningar", list("forlangningar", "")),
        ("avslutad", one("avslutad")),
        ("bekraftad", one("bekraftad")),
        ("start_dag", one("start_dag")),
        ("slut_dag", one("slut_dag")),
        ("avslutad_dag", one("avslutad_dag")),
        ("bekraftad_dag", one("bekraftad_dag")),
        ("sista_dag", one("sista_dag")),
        ("tills_vidare", one("tills_vidare")),
        ("status", one("status")),
        ("status_per", one("status_per")),
        ("kallor_titlar", list("kallor", "titel")),
        ("kallor_url", list("kallor", "url")),
        ("kallor_datum", list("kallor", "datum")),
        ("kallor_publicerad", list("kallor", "publicerad")),
        ("kallor_id", list("kallor", "id")),
        ("lankar_titlar", list("lankar", "titel")),
        ("lankar_url", list("lankar", "url")),
        ("alias", list("alias", "")),
        ("beskrivning", one("beskrivning")),
        ("tillagd", one("tillagd")),
        ("andrad", one("andrad")),
    ])
}

/// Which columns hold lists, as the Data Package says.
fn list_columns(public: &Path, resource: &str) -> Vec<String> {
    let package = read_json(public, "datapackage.json");
    let resource = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == resource)
        .unwrap();
    resource["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["description"].as_str().unwrap().contains("En lista"))
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Every partnership, organisation, party and kommun, read back from the
/// files and compared with the model.
fn assert_round_trip(public: &Path, c: &Catalogue, base: &str) {
    let day = as_of();
    // partnerskap.json: one object per partnership, every field.
    let json = read_json(public, "partnerskap.json");
    let objects = json.as_array().unwrap();
    assert_eq!(objects.len(), c.partnerskap.len());
    for (object, p) in objects.iter().zip(&c.partnerskap) {
        assert_eq!(object, &expected_json(c, p, base, day), "{}", p.slug);
    }
    // partnerskap.csv: the same, flattened.
    let rows = read_csv(public, "partnerskap.csv");
    assert_eq!(rows.len(), c.partnerskap.len());
    let lists = list_columns(public, "partnerskap");
    assert!(lists.contains(&"kallor_url".to_owned()), "{lists:?}");
    for (row, p) in rows.iter().zip(&c.partnerskap) {
        let expected = expected_csv(&expected_json(c, p, base, day));
        assert_eq!(
            row.keys().map(String::as_str).collect::<Vec<_>>().len(),
            expected.len(),
            "{}: columns",
            p.slug
        );
        for (column, value) in expected {
            let cell = row
                .get(column)
                .unwrap_or_else(|| panic!("no column {column}"));
            let read = if lists.iter().any(|l| l == column) {
                (split(cell), as_read(value))
            } else {
                (vec![cell.clone()], value)
            };
            assert_eq!(read.0, read.1, "{}: {column}", p.slug);
        }
    }
    // parter.csv: every party of every partnership, in order.
    let parter = read_csv(public, "parter.csv");
    let mut expected = Vec::new();
    for p in &c.partnerskap {
        for (n, o) in p.offentliga.iter().enumerate() {
            expected.push(vec![
                p.slug.clone(),
                "offentlig".into(),
                (n + 1).to_string(),
                o.part.namn(),
                kod(&o.part),
                o.part.lanskod().to_owned(),
                String::new(),
                o.organ.join(" | "),
            ]);
        }
        for (n, &i) in p.ideburna.iter().enumerate() {
            let org = &c.organisationer[i];
            expected.push(vec![
                p.slug.clone(),
                "ideburen".into(),
                (n + 1).to_string(),
                org.namn.clone(),
                String::new(),
                String::new(),
                org.slug.clone(),
                String::new(),
            ]);
        }
        for (n, o) in p.ovriga.iter().enumerate() {
            expected.push(vec![
                p.slug.clone(),
                "ovrig".into(),
                (n + 1).to_string(),
                o.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
    }
    let columns = [
        "partnerskap",
        "roll",
        "ordning",
        "namn",
        "kod",
        "lanskod",
        "organisation",
        "organ",
    ];
    let read: Vec<Vec<String>> = parter
        .iter()
        .map(|r| columns.iter().map(|c| r[*c].clone()).collect())
        .collect();
    assert_eq!(read, expected);
    // organisationer.json and .csv.
    let orgs = read_json(public, "organisationer.json");
    let orgs = orgs.as_array().unwrap();
    let org_rows = read_csv(public, "organisationer.csv");
    assert_eq!(orgs.len(), c.organisationer.len());
    assert_eq!(org_rows.len(), c.organisationer.len());
    for (i, o) in c.organisationer.iter().enumerate() {
        let expected = json!({
            "slug": o.slug,
            "url": format!("{base}/organisation/{}/", o.slug),
            "namn": o.namn,
            "alias": o.alias,
            "webbplats": o.webbplats,
            "organisationsnummer": o.organisationsnummer,
            "del_av": o.del_av.map(|d| c.organisationer[d].slug.clone()),
            "antal_partnerskap": c.partnerskap.iter().filter(|p| p.ideburna.contains(&i)).count(),
            "antal_med_lokala_delar": c.for_organisation(i).count(),
        });
        assert_eq!(orgs[i], expected, "{}", o.slug);
        let row = &org_rows[i];
        for key in [
            "slug",
            "url",
            "namn",
            "webbplats",
            "organisationsnummer",
            "del_av",
        ] {
            assert_eq!(row[key], cell(&expected[key])[0], "{}: {key}", o.slug);
        }
        assert_eq!(split(&row["alias"]), o.alias, "{}", o.slug);
        for key in ["antal_partnerskap", "antal_med_lokala_delar"] {
            assert_eq!(row[key], expected[key].to_string(), "{}: {key}", o.slug);
        }
    }
    // kommuner.csv: every kommun but Gotland's, then every region.
    let areas = read_csv(public, "kommuner.csv");
    let reference = reference();
    let kommuner: Vec<_> = reference
        .kommuner
        .iter()
        .filter(|k| k.lanskod != iop::reference::GOTLAND_LANSKOD)
        .collect();
    assert_eq!(areas.len(), kommuner.len() + reference.regioner.len());
    let expect = |row: &BTreeMap<String, String>, ps: Vec<&Partnerskap>, what: &str| {
        for status in Status::ALL {
            let n = ps.iter().filter(|p| p.period.status(day) == status).count();
            assert_eq!(row[status.id()], n.to_string(), "{what}: {}", status.id());
        }
        assert_eq!(row["totalt"], ps.len().to_string(), "{what}");
    };
    for (row, k) in areas.iter().zip(&kommuner) {
        assert_eq!(
            (row["kod"].as_str(), row["typ"].as_str()),
            (k.kod.as_str(), "kommun")
        );
        assert_eq!(row["namn"], k.officiellt_namn);
        assert_eq!(row["lanskod"], k.lanskod);
        assert_eq!(row["url"], format!("{base}/kommun/{}/", k.slug));
        expect(row, c.for_kommun(&k.kod).collect(), &k.namn);
    }
    for (row, r) in areas[kommuner.len()..].iter().zip(&reference.regioner) {
        assert_eq!(
            (row["kod"].as_str(), row["typ"].as_str()),
            (r.lanskod.as_str(), "region")
        );
        assert_eq!(row["namn"], r.namn);
        assert_eq!(row["lan"], r.lan);
        expect(row, c.for_region(&r.lanskod).collect(), &r.namn);
    }
}

#[test]
fn the_fixture_round_trips_with_exact_numbers() {
    let (_, public) = fixture();
    let c = fixture_catalogue();
    assert_eq!(c.partnerskap.len(), 3);
    assert_round_trip(public, &c, BASE);
    // Exact values of the entry with every key.
    let rows = read_csv(public, "partnerskap.csv");
    let allt = rows.iter().find(|r| r["slug"] == "allt").unwrap();
    assert_eq!(
        allt["namn"],
        "Allt, på en gång: \"citat\" & </script><script>alert(1)</script>"
    );
    assert_eq!(
        allt["offentliga_parter"],
        "Malmö stad | Region Skåne | Region Gotland"
    );
    assert_eq!(allt["offentliga_koder"], "1280 | 12 | 09");
    assert_eq!(allt["offentliga_typer"], "kommun | region | region");
    assert_eq!(allt["organ"], "Socialnämnden | Kulturnämnden");
    assert_eq!(allt["ideburna_slugs"], "testforeningen | moderforeningen");
    assert_eq!(
        (allt["start"].as_str(), allt["start_dag"].as_str()),
        ("2021", "2021-01-01")
    );
    assert_eq!(
        (allt["slut"].as_str(), allt["slut_dag"].as_str()),
        ("2024-06", "2024-06-30")
    );
    assert_eq!(allt["forlangningar"], "2022-12-31 | 2023-06");
    assert_eq!(allt["sista_dag"], "2024-03-31");
    assert_eq!(
        (allt["bekraftad"].as_str(), allt["bekraftad_dag"].as_str()),
        ("2023-02", "2023-02-01")
    );
    assert_eq!(allt["status"], "pågående");
    assert_eq!(allt["status_per"], AS_OF);
    assert_eq!(allt["kallor_publicerad"], "true | true | false");
    assert_eq!(allt["kallor_datum"], "2023-04-01 | 2023-02 | 2023-03-01");
    assert_eq!(allt["lankar_url"], "https://example.org/avtal.pdf | ");
    assert_eq!(
        allt["beskrivning"],
        "Ett partnerskap med alla nycklar, ett \"citat\", ett kommatecken och en radbrytning."
    );
    let eget = rows.iter().find(|r| r["slug"] == "skane-eget").unwrap();
    assert_eq!(
        (eget["slut"].as_str(), eget["slut_dag"].as_str()),
        ("tills vidare", "")
    );
    assert_eq!(eget["tills_vidare"], "true");
    // The raw file quotes what needs quoting and ends lines with CRLF.
    let raw = read(&public.join("data"), "partnerskap.csv");
    assert!(raw.contains("\"Allt, på en gång: \"\"citat\"\" & </script>"));
    assert_eq!(raw.matches("\r\n").count(), 4, "a header and three rows");
    // Counts per kommun and region, for maps.
    let areas = read_csv(public, "kommuner.csv");
    let area = |kod: &str| areas.iter().find(|r| r["kod"] == kod).unwrap();
    assert_eq!(
        (
            area("1280")["pagaende"].as_str(),
            area("1280")["totalt"].as_str()
        ),
        ("2", "2")
    );
    assert_eq!(
        (
            area("12")["pagaende"].as_str(),
            area("12")["totalt"].as_str()
        ),
        ("2", "2")
    );
    assert_eq!(area("09")["totalt"], "1");
    assert_eq!(area("09")["namn"], "Region Gotland");
    assert!(
        areas.iter().all(|r| r["kod"] != "0980"),
        "Gotland counted once"
    );
    assert_eq!(area("1281")["totalt"], "0");
    assert_eq!(areas.len(), 289 + 21);
    let orgs = read_csv(public, "organisationer.csv");
    let moder = orgs
        .iter()
        .find(|o| o["slug"] == "moderforeningen")
        .unwrap();
    assert_eq!(
        (
            moder["antal_partnerskap"].as_str(),
            moder["antal_med_lokala_delar"].as_str()
        ),
        ("2", "3")
    );
    let dotter = orgs.iter().find(|o| o["slug"] == "testforeningen").unwrap();
    assert_eq!(dotter["del_av"], "moderforeningen");
    assert_eq!(
        read_csv(public, "parter.csv").len(),
        (3 + 2 + 1) + (1 + 1) + (1 + 1)
    );
}

#[test]
fn the_real_catalogue_round_trips() {
    let (_, public) = real();
    let c = catalogue_of(&repo());
    assert!(c.partnerskap.len() > 100, "the real catalogue");
    assert_round_trip(public, &c, &real_base());
}

#[test]
fn the_json_validates_against_its_published_schema() {
    for public in [&fixture().1, &real().1] {
        for name in ["partnerskap", "organisationer"] {
            let schema = read_json(public, &format!("{name}.schema.json"));
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .unwrap();
            let data = read_json(public, &format!("{name}.json"));
            let errors: Vec<String> = validator
                .iter_errors(&data)
                .map(|e| format!("{}: {e}", e.instance_path()))
                .take(5)
                .collect();
            assert!(errors.is_empty(), "{name}.json: {errors:?}");
            // The schema is strict enough to reject a broken file.
            let mut broken = data.clone();
            broken[0]["slug"] = json!(42);
            assert!(
                !validator.is_valid(&broken),
                "{name}.schema.json accepts anything"
            );
        }
    }
}

/// `frictionless` from tests/run's venv; without it the test says so.
fn frictionless() -> Option<PathBuf> {
    std::env::var_os("IOP_FRICTIONLESS").map(PathBuf::from)
}

fn validate(frictionless: &Path, package: &Path) -> Value {
    let output = Command::new(frictionless)
        .args(["validate", "--json"])
        .arg(package)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", frictionless.display()));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "frictionless said no JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn the_data_package_validates_with_frictionless() {
    let Some(bin) = frictionless() else {
        eprintln!(
            "SKIPPED: IOP_FRICTIONLESS is unset; tests/run installs frictionless in target/venv and sets it"
        );
        return;
    };
    for public in [&fixture().1, &real().1] {
        let report = validate(&bin, &public.join("data/datapackage.json"));
        assert_eq!(report["valid"], true, "{report:#}");
        assert_eq!(
            report["tasks"].as_array().unwrap().len(),
            4,
            "every CSV file"
        );
    }
    // The foreign keys are checked: a party naming no kommun fails.
    let copy = tempfile::tempdir().unwrap();
    for f in files(&fixture().1.join("data")) {
        fs::copy(fixture().1.join("data").join(&f), copy.path().join(&f)).unwrap();
    }
    let parter = read(copy.path(), "parter.csv").replace(",1280,12,", ",9999,12,");
    fs::write(copy.path().join("parter.csv"), parter).unwrap();
    let report = validate(&bin, &copy.path().join("datapackage.json"));
    assert_eq!(report["valid"], false, "{report:#}");
    assert!(report.to_string().contains("foreign-key"), "{report:#}");
}

#[test]
fn the_data_package_describes_every_csv_file_with_its_licence() {
    let (_, public) = fixture();
    let package = read_json(public, "datapackage.json");
    assert_eq!(package["licenses"][0]["name"], "CC0-1.0");
    assert!(
        package["licenses"][0]["path"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let resources = package["resources"].as_array().unwrap();
    let csv: Vec<String> = files(&public.join("data"))
        .into_iter()
        .filter(|f| f.ends_with(".csv"))
        .collect();
    let paths: Vec<&str> = resources
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), csv.len());
    for r in resources {
        let path = r["path"].as_str().unwrap();
        assert!(csv.iter().any(|f| f == path), "{path}");
        // The described fields are the file's header, in order.
        let header = read(&public.join("data"), path)
            .lines()
            .next()
            .unwrap()
            .to_owned();
        let fields: Vec<&str> = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(fields.join(","), header, "{path}");
        assert!(!r["schema"]["primaryKey"].as_array().unwrap().is_empty());
    }
    let parter = resources.iter().find(|r| r["name"] == "parter").unwrap();
    let targets: Vec<&str> = parter["schema"]["foreignKeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["reference"]["resource"].as_str().unwrap())
        .collect();
    assert_eq!(targets, ["partnerskap", "kommuner", "organisationer"]);
}

#[test]
fn a_site_sets_its_own_data_licence() {
    let fixture = Fixture::new();
    let toml = read(fixture.root(), "site.toml");
    let toml = toml.replace(
        "name = \"CC0-1.0\"\npath = \"https://creativecommons.org/publicdomain/zero/1.0/\"\ntitle = \"Creative Commons Zero v1.0 Universal\"",
        "name = \"CC-BY-4.0\"\npath = \"https://creativecommons.org/licenses/by/4.0/\"\ntitle = \"Creative Commons Attribution 4.0\"",
    );
    assert!(toml.contains("CC-BY-4.0"), "site.toml sets data_licens");
    fixture.write("site.toml", &toml);
    let out = fixture.root().join("public");
    site::build(fixture.root(), as_of(), &out).unwrap();
    assert_eq!(
        read_json(&out, "datapackage.json")["licenses"][0]["name"],
        "CC-BY-4.0"
    );
    let dcat = read_json(&out, "dcat.jsonld");
    assert_eq!(
        dcat["dcat:dataset"][0]["dct:license"]["@id"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert!(read(&out, "data/index.html").contains("Creative Commons Attribution 4.0"));
}

#[test]
fn the_dcat_record_has_the_mandatory_properties() {
    for (public, base) in [(&fixture().1, BASE.to_owned()), (&real().1, real_base())] {
        let dcat = read_json(public, "dcat.jsonld");
        let context = dcat["@context"].as_object().unwrap();
        assert_eq!(context["dcat"], "http://www.w3.org/ns/dcat#");
        assert_eq!(context["dct"], "http://purl.org/dc/terms/");
        assert_eq!(context["vcard"], "http://www.w3.org/2006/vcard/ns#");
        assert_eq!(dcat["@type"], "dcat:Catalog");
        for key in [
            "dct:title",
            "dct:description",
            "dct:publisher",
            "dct:license",
        ] {
            assert!(!dcat[key].is_null(), "catalogue {key}");
        }
        let datasets = dcat["dcat:dataset"].as_array().unwrap();
        assert_eq!(datasets.len(), 1);
        let dataset = &datasets[0];
        assert_eq!(dataset["@type"], "dcat:Dataset");
        for key in [
            "dct:title",
            "dct:description",
            "dct:publisher",
            "dcat:contactPoint",
            "dcat:theme",
            "dct:issued",
            "dct:modified",
            "dct:language",
            "dct:license",
            "dcat:distribution",
        ] {
            assert!(!dataset[key].is_null(), "dataset {key}");
        }
        assert_eq!(dataset["dct:title"]["@language"], "sv");
        assert!(
            !dataset["dct:publisher"]["foaf:name"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        let contact = &dataset["dcat:contactPoint"];
        assert_eq!(contact["@type"], "vcard:Organization");
        assert!(!contact["vcard:fn"].as_str().unwrap().is_empty());
        // An address to write to, or a page to get in touch through.
        let email = contact["vcard:hasEmail"]["@id"].as_str();
        let page = contact["vcard:hasURL"]["@id"].as_str();
        assert!(
            email.is_some_and(|e| e.starts_with("mailto:"))
                || page.is_some_and(|u| u.starts_with("http")),
            "{contact}"
        );
        assert_eq!(dataset["dct:modified"]["@value"], AS_OF);
        for theme in dataset["dcat:theme"].as_array().unwrap() {
            assert!(
                theme["@id"]
                    .as_str()
                    .unwrap()
                    .starts_with("http://publications.europa.eu/resource/authority/data-theme/")
            );
        }
        // A distribution per file in /data/, each one there to download.
        let distributions = dataset["dcat:distribution"].as_array().unwrap();
        let data_files: Vec<String> = files(&public.join("data"))
            .into_iter()
            .filter(|f| f != "index.html")
            .collect();
        assert_eq!(distributions.len(), data_files.len());
        for d in distributions {
            assert_eq!(d["@type"], "dcat:Distribution");
            assert_eq!(d["dcat:accessURL"]["@id"], format!("{base}/data/"));
            let download = d["dcat:downloadURL"]["@id"].as_str().unwrap();
            let file = download.strip_prefix(&format!("{base}/data/")).unwrap();
            assert!(data_files.iter().any(|f| f == file), "{download}");
            for key in ["dct:format", "dcat:mediaType", "dct:license", "dct:title"] {
                assert!(!d[key].is_null(), "{download}: {key}");
            }
        }
    }
}

/// rdflib, when tests/run's venv is there: the record is real JSON-LD, and
/// its graph has the catalogue, the dataset and every distribution.
#[test]
fn the_dcat_record_parses_as_rdf() {
    let Some(python) = std::env::var_os("IOP_PYTHON") else {
        eprintln!(
            "SKIPPED: IOP_PYTHON is unset; tests/run installs rdflib in target/venv and sets it"
        );
        return;
    };
    let (_, public) = fixture();
    let script = r#"
import sys, rdflib
g = rdflib.Graph().parse(sys.argv[1], format="json-ld")
q = """PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
  ?c a dcat:Catalog ; dcat:dataset ?s .
  ?s a dcat:Dataset ; dct:title ?t ; dct:publisher ?p ; dcat:contactPoint ?k ;
     dct:license ?l ; dcat:distribution ?d .
  ?d dcat:downloadURL ?u ; dcat:mediaType ?m ; dct:format ?f .
}"""
print(next(iter(g.query(q)))[0])
"#;
    let output = run_ok(
        Command::new(python)
            .args(["-c", script])
            .arg(public.join("data/dcat.jsonld")),
    );
    let data_files = files(&public.join("data")).len() - 1; // not index.html
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        data_files.to_string()
    );
}

/// The JSON-LD of a page, parsed; the page has exactly one.
fn page_jsonld(html: &str) -> Value {
    let open = "<script type=\"application/ld+json\">";
    assert_eq!(html.matches(open).count(), 1);
    let text = html
        .split(open)
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn assert_entry_jsonld(public: &Path, c: &Catalogue, base: &str) {
    for p in &c.partnerskap {
        let page = read(public, &format!("partnerskap/{}/index.html", p.slug));
        let ld = page_jsonld(&page);
        let url = format!("{base}/partnerskap/{}/", p.slug);
        assert_eq!(ld["@context"], "https://schema.org");
        assert_eq!(ld["@type"], "Project", "{}", p.slug);
        assert_eq!(
            (ld["name"].as_str(), ld["url"].as_str()),
            (Some(p.namn.as_str()), Some(url.as_str()))
        );
        assert_eq!(ld["description"], p.beskrivning.plain);
        let members = ld["member"].as_array().unwrap();
        let types: Vec<&str> = members
            .iter()
            .map(|m| m["@type"].as_str().unwrap())
            .collect();
        let mut expected = vec!["GovernmentOrganization"; p.offentliga.len()];
        expected.extend(vec!["NGO"; p.ideburna.len()]);
        expected.extend(vec!["Organization"; p.ovriga.len()]);
        assert_eq!(types, expected, "{}", p.slug);
        for (m, o) in members.iter().zip(&p.offentliga) {
            assert_eq!(m["name"], o.part.namn());
            assert_eq!(m["identifier"], kod(&o.part));
        }
        for (m, &i) in members[p.offentliga.len()..].iter().zip(&p.ideburna) {
            let org = &c.organisationer[i];
            assert_eq!(m["name"], org.namn);
            assert_eq!(m["url"], format!("{base}/organisation/{}/", org.slug));
        }
        let citations = ld["citation"].as_array().unwrap();
        assert_eq!(citations.len(), p.kallor.len(), "{}", p.slug);
        for (cite, k) in citations.iter().zip(&p.kallor) {
            assert_eq!(cite["url"], k.url);
            let published = k.publicerad.then(|| k.datum.to_string());
            assert_eq!(
                cite["datePublished"].as_str(),
                published.as_deref(),
                "{}",
                p.slug
            );
        }
        assert_eq!(
            ld["foundingDate"].as_str(),
            p.period.start.map(|s| s.to_string()).as_deref()
        );
    }
    for o in &c.organisationer {
        let ld = page_jsonld(&read(
            public,
            &format!("organisation/{}/index.html", o.slug),
        ));
        assert_eq!(ld["@type"], "NGO");
        assert_eq!(ld["name"], o.namn);
        assert_eq!(ld["url"], format!("{base}/organisation/{}/", o.slug));
        assert_eq!(ld["sameAs"].as_str(), o.webbplats.as_deref());
        let parent = o.del_av.map(|d| c.organisationer[d].namn.as_str());
        assert_eq!(
            ld["parentOrganization"]["name"].as_str(),
            parent,
            "{}",
            o.slug
        );
    }
}

#[test]
fn every_entry_page_has_schema_org_json_ld() {
    let (_, public) = real();
    assert_entry_jsonld(public, &catalogue_of(&repo()), &real_base());
    let (_, public) = fixture();
    let c = fixture_catalogue();
    assert_entry_jsonld(public, &c, BASE);
    // A name with </script> stays inside the element.
    let page = read(public, "partnerskap/allt/index.html");
    let script = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .unwrap();
    let script = script.split("</script>").next().unwrap();
    assert!(
        !script.contains('<') && script.contains("\\u003c/script\\u003e"),
        "{script}"
    );
    let ld = page_jsonld(&page);
    assert_eq!(ld["dissolutionDate"], "2024-03-31");
    let members = ld["member"].as_array().unwrap();
    assert_eq!(members[0]["identifier"], "1280");
    assert_eq!(members[3]["sameAs"], serde_json::Value::Null);
    assert_eq!(members[4]["sameAs"], "https://example.org/moder");
    let dotter = page_jsonld(&read(public, "organisation/testforeningen/index.html"));
    assert_eq!(
        dotter["parentOrganization"]["url"],
        format!("{BASE}/organisation/moderforeningen/")
    );
}

#[test]
fn the_data_page_explains_every_file_and_field() {
    let (_, public) = fixture();
    let page = read(public, "data/index.html");
    assert!(page.contains("<h1>Öppna data</h1>"));
    let package = read_json(public, "datapackage.json");
    for r in package["resources"].as_array().unwrap() {
        let path = r["path"].as_str().unwrap();
        assert!(
            page.contains(&format!("href=\"/iop/data/{path}\"")),
            "{path}"
        );
        for f in r["schema"]["fields"].as_array().unwrap() {
            let name = f["name"].as_str().unwrap();
            assert!(
                page.contains(&format!("<code>{name}</code>")),
                "{path}: {name}"
            );
        }
    }
    for f in [
        "partnerskap.json",
        "organisationer.json",
        "partnerskap.schema.json",
        "datapackage.json",
        "dcat.jsonld",
    ] {
        assert!(page.contains(&format!("href=\"/iop/data/{f}\"")), "{f}");
    }
    assert!(page.contains("<code> | </code>"), "the list separator");
    assert!(page.contains("CC0-1.0"));
    assert!(page.contains("varje natt"));
    assert!(
        page.contains(&format!("Version {AS_OF}. {BASE}/data/")),
        "the citation"
    );
    // Linked from /om/ and every page's footer.
    assert!(read(public, "om/index.html").contains("href=\"/iop/data/\""));
    assert!(read(public, "index.html").contains("href=\"/iop/data/\">Öppna data</a>"));
}

#[test]
fn the_data_files_are_in_the_sitemap_and_reproducible() {
    let (fixture, public) = fixture();
    let sitemap = read(public, "sitemap.xml");
    let data: Vec<String> = files(&public.join("data"));
    assert!(data.len() >= 11, "{data:?}");
    for f in &data {
        let loc = if f == "index.html" {
            String::new()
        } else {
            f.clone()
        };
        assert!(
            sitemap.contains(&format!("<loc>{BASE}/data/{loc}</loc>")),
            "{f}"
        );
    }
    let again = tempfile::tempdir().unwrap();
    let overrides = site::Overrides {
        base_url: Some(format!("{BASE}/")),
        repository: None,
    };
    site::build_with(fixture.root(), as_of(), again.path(), &overrides).unwrap();
    for f in &data {
        assert!(
            fs::read(public.join("data").join(f)).unwrap()
                == fs::read(again.path().join("data").join(f)).unwrap(),
            "data/{f} differs between two builds"
        );
    }
}
