//! The catalogue against its main source, the Famna/Fremia report of
//! 2023-04-01: built as of that day, the active partnerships per kommun and
//! per region are those its section 3 lists, and sampled entries carry the
//! source's facts field by field. Only entries that cite the report count,
//! so entries from other sources never change these numbers.

mod common;

use std::collections::BTreeMap;

use common::repo;
use iop::model::{Catalogue, Offentlig, Slut, Status};
use iop::reference::reference;
use iop::site;

fn catalogue() -> Catalogue {
    let checked = site::check_site(&repo());
    checked
        .catalogue
        .unwrap_or_else(|| panic!("{}", checked.diagnostics.to_text()))
}

fn day() -> chrono::NaiveDate {
    "2023-04-01".parse().unwrap()
}

const REPORT: &str = "famna-fremia-2023";

fn cites_report(p: &iop::model::Partnerskap) -> bool {
    p.kallor.iter().any(|k| k.id.as_deref() == Some(REPORT))
}

/// Rows of the report's section 3 tables, per kommun (3.1) and region (3.2).
/// Stockholm is 3.1.9 (4) plus Rinkeby-Kista 3.1.10 (7); Göteborg is 3.1.1
/// (3) plus 3.1.2 (11). The listing has 68 + 24 = 92 rows; the report's text
/// says 94.
const KOMMUNER: [(&str, usize); 13] = [
    ("Göteborg", 14),
    ("Borås", 6),
    // 9 in 3.1.4, plus the Röda Korset treatment centre that 3.2.5 lists
    // under Region Skåne with Malmö as a party too.
    ("Malmö", 10),
    ("Umeå", 5),
    ("Kalmar", 3),
    ("Värmdö", 3),
    ("Uppsala", 9),
    ("Stockholm", 11),
    ("Lund", 1),
    ("Pajala", 1),
    ("Linköping", 1),
    ("Karlskrona", 2),
    ("Västerås", 3),
];

const REGIONER: [(&str, usize); 5] = [
    ("Västra Götalandsregionen", 10),
    ("Region Gotland", 2),
    ("Region Östergötland", 4),
    ("Region Värmland", 6),
    ("Region Skåne", 2),
];

#[test]
fn active_per_kommun_and_region_as_the_report_lists_them() {
    let catalogue = catalogue();
    let reference = reference();
    let active =
        |p: &&iop::model::Partnerskap| cites_report(p) && p.period.status(day()).is_active();
    let mut kommuner = BTreeMap::new();
    for k in &reference.kommuner {
        let n = catalogue.for_kommun(&k.kod).filter(active).count();
        if n > 0 && k.lanskod != iop::reference::GOTLAND_LANSKOD {
            kommuner.insert(k.namn.as_str(), n);
        }
    }
    let expected: BTreeMap<&str, usize> = KOMMUNER.into_iter().collect();
    assert_eq!(kommuner, expected);
    let mut regioner = BTreeMap::new();
    for r in &reference.regioner {
        let n = catalogue.for_region(&r.lanskod).filter(active).count();
        if n > 0 {
            regioner.insert(r.namn.as_str(), n);
        }
    }
    let expected: BTreeMap<&str, usize> = REGIONER.into_iter().collect();
    assert_eq!(regioner, expected);
    // Counted once each: 92 rows, one of them with both Malmö and Region Skåne.
    assert_eq!(catalogue.entries().filter(|p| active(p)).count(), 92);
}

#[test]
fn the_report_is_a_dated_link_and_its_sections_give_the_statuses() {
    let catalogue = catalogue();
    let report = catalogue
        .kallor
        .iter()
        .find(|k| k.id.as_deref() == Some(REPORT))
        .unwrap();
    assert!(report.url.starts_with("https://www.fremia.se/"));
    assert_eq!(report.datum.to_string(), "2023-04-01");
    let (mut active, mut ended) = (0, 0);
    for p in catalogue.partnerskap.iter().filter(|p| cites_report(p)) {
        // Section 4 lists ended partnerships ("AVSLUTAD"); section 3 the
        // active ones, which the report confirms on its date.
        if p.period.avslutad.is_some() {
            ended += 1;
            assert_eq!(p.period.status(day()), Status::Avslutad, "{}", p.slug);
        } else {
            active += 1;
            assert!(p.period.status(day()).is_active(), "{}", p.slug);
            assert!(p.period.bekraftad.is_some(), "{}", p.slug);
        }
        assert!((1..=3).contains(&p.fokus.len()), "{}", p.slug);
        assert!(
            !p.beskrivning.plain.is_empty(),
            "{} has no description",
            p.slug
        );
    }
    assert_eq!((active, ended), (92, 13));
}

fn entry<'a>(catalogue: &'a Catalogue, slug: &str) -> &'a iop::model::Partnerskap {
    catalogue
        .partnerskap
        .iter()
        .find(|p| p.slug == slug)
        .unwrap_or_else(|| panic!("no entry {slug}"))
}

fn organisations(catalogue: &Catalogue, p: &iop::model::Partnerskap) -> Vec<String> {
    p.ideburna
        .iter()
        .map(|&i| catalogue.organisationer[i].namn.clone())
        .collect()
}

#[test]
fn sampled_entries_match_the_source_field_by_field() {
    let c = catalogue();

    // 3.1.4: "Fryshuset Malmö, Skåne Stadsmission, Svenska kyrkan Malmö, Röda
    // Korset Malmökretsen, Värmestuga Ung | Arbetsmarknads- och
    // socialförvaltningen | 2022-02-01–2024-04-30 … (Punkt 35)"
    let p = entry(&c, "malmo-varmestuga-ung");
    assert_eq!(p.namn, "Värmestuga Ung");
    assert_eq!(p.offentliga.len(), 1);
    assert_eq!(p.offentliga[0].part, Offentlig::Kommun("1280".into()));
    assert_eq!(
        p.offentliga[0].organ,
        ["Arbetsmarknads- och socialförvaltningen"]
    );
    assert_eq!(
        organisations(&c, p),
        [
            "Fryshuset Malmö",
            "Skåne Stadsmission",
            "Svenska kyrkan Malmö",
            "Röda Korset Malmökretsen"
        ]
    );
    assert_eq!(p.period.display(), "2022-02-01 – 2024-04-30");
    assert_eq!(p.lankar.len(), 1);
    assert!(p.lankar[0].titel.contains("35") && p.lankar[0].url.is_none());
    assert_eq!(
        c.organisationer[p.ideburna[3]]
            .del_av
            .map(|i| c.organisationer[i].namn.as_str()),
        Some("Svenska Röda Korset")
    );

    // 3.2.4: "Fritidsbanken | Region Värmland | 2020-12-18–tills vidare"
    let p = entry(&c, "varmland-parasport-fritidsbanken");
    assert_eq!(p.offentliga[0].part, Offentlig::Region("17".into()));
    assert_eq!(p.period.start.unwrap().to_string(), "2020-12-18");
    assert_eq!(p.period.slut, Some(Slut::TillsVidare));

    // 3.1.8: Samariterhemmet "2017-05-01–2019-12-31, förlängdes till
    // 2021-12-31, nya tidsperioden 2022-01-01–2023-12-31"
    let p = entry(&c, "uppsala-samariterhemmet-aldrecenter");
    assert_eq!(p.period.display(), "2017-05-01 – 2023-12-31");
    let extended: Vec<String> = p
        .period
        .forlangningar
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(extended, ["2019-12-31", "2021-12-31"]);

    // 3.1.2: Hjärterum "2022-08-01–2023-03-31 (förlängt)": new end unknown.
    let p = entry(&c, "goteborg-ukraina-hjarterum");
    assert_eq!(p.period.display(), "2022-08-01 – okänt slut");
    assert_eq!(p.period.forlangningar.len(), 1);
    assert_eq!(p.offentliga[0].organ, ["Socialförvaltningen Sydväst"]);

    // 3.1.10: a stadsdelsnämnd belongs to its kommun; "löpte ut vid
    // årsskiftet, därav förlängt i 1 år" is an extension, not a 2023 start.
    let p = entry(&c, "stockholm-rinkeby-kista-fryshuset");
    assert_eq!(p.offentliga[0].part, Offentlig::Kommun("0180".into()));
    assert_eq!(p.period.display(), "okänd start – 2023-12-31");
    assert_eq!(p.period.forlangningar.len(), 1);
    assert_eq!(p.offentliga[0].organ, ["Rinkeby-Kista stadsdelsnämnd"]);

    // 3.1.11: Pajala gives no period at all: unknown, not guessed.
    let p = entry(&c, "pajala-brottsofferjouren-norrbotten");
    assert_eq!(p.period.display(), "okänd period");

    // 3.2.5: one partnership, two public parties.
    let p = entry(&c, "skane-malmo-behandlingscenter-roda-korset");
    let parts: Vec<&Offentlig> = p.offentliga.iter().map(|o| &o.part).collect();
    assert_eq!(
        parts,
        [
            &Offentlig::Kommun("1280".into()),
            &Offentlig::Region("12".into())
        ]
    );

    // Section 4 (ended): Göteborg, with a company among the parties.
    let p = entry(&c, "goteborg-hjallbo-lovgardet");
    assert_eq!(p.period.display(), "2019 – 2022");
    assert_eq!(p.ovriga, ["Bostad AB Poseidon"]);
    assert_eq!(p.period.status(day()), Status::Avslutad);

    // IOP Ensamkommande (seeds 003, 004): 2015–2020, nine organisations.
    let p = entry(&c, "goteborg-iop-ensamkommande");
    assert_eq!(p.period.display(), "2015 – 2020");
    assert_eq!(p.ideburna.len(), 9);
    assert_eq!(p.offentliga[0].organ, ["Social resursförvaltning"]);
}

#[test]
fn gotland_is_counted_once() {
    let c = catalogue();
    let gotland_kommun = reference().find_kommun("Gotland").unwrap();
    let as_kommun: Vec<_> = c.for_kommun(&gotland_kommun.kod).map(|p| &p.slug).collect();
    let as_region: Vec<_> = c.for_region("09").map(|p| &p.slug).collect();
    assert_eq!(
        as_kommun, as_region,
        "Gotland's kommun page shows Region Gotland's partnerships"
    );
    let in_report = c.for_region("09").filter(|p| cites_report(p)).count();
    assert_eq!(in_report, 2);
}
