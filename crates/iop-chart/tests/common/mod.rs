#![allow(dead_code)]
//! Sample data covering every chart type and edge case; shared by
//! `examples/preview.rs` and the tests (screenshots, determinism).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use iop_chart::{
    Bar, BarChart, CSS, End, Start, TimelineItem, bar_chart, column_chart, kommun_map, kommuner,
    lan, lan_map, timeline,
};

/// The site's reference table (src/reference/): the one source of the names
/// the maps show, which the site passes in as the tests do.
const KOMMUNER_CSV: &str = include_str!("../../../../src/reference/kommuner.csv");
const REGIONER_CSV: &str = include_str!("../../../../src/reference/regioner.csv");

/// Column `column` of the reference table `csv`, by its first column.
fn names(csv: &'static str, column: usize) -> BTreeMap<&'static str, &'static str> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let fields: Vec<&str> = l.split(',').collect();
            (fields[0], fields[column])
        })
        .collect()
}

/// Kommunkod → "Malmö".
pub fn kommun_names() -> BTreeMap<&'static str, &'static str> {
    names(KOMMUNER_CSV, 1)
}

/// Länskod → "Region Skåne".
pub fn region_names() -> BTreeMap<&'static str, &'static str> {
    names(REGIONER_CSV, 2)
}

pub fn kommun_name(kod: &str) -> String {
    kommun_names()[kod].to_owned()
}

pub fn region_name(lanskod: &str) -> String {
    region_names()[lanskod].to_owned()
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn focus_chart() -> BarChart {
    BarChart {
        id: "fokus".into(),
        title: "Partnerskap per fokusområde".into(),
        description:
            "Antal partnerskap inom varje fokusområde. Ett partnerskap kan ha flera fokusområden."
                .into(),
        label_heading: "Fokusområde".into(),
        value_heading: "Partnerskap".into(),
        bars: [
            ("Social omsorg och stöd till utsatta", 48),
            ("Integration och etablering", 31),
            ("Barn och unga", 27),
            ("Våld i nära relationer & kvinnojourer", 19),
            ("Kultur och fritid", 9),
            ("Hälsa", 4),
            ("Övrigt", 1),
        ]
        .iter()
        .map(|(l, v)| Bar::new(*l, *v).with_href(format!("/fokus/{}/", v)))
        .collect(),
    }
}

pub fn duration_chart() -> BarChart {
    BarChart {
        id: "langd".into(),
        title: "Avtalens längd".into(),
        description: "Hur långa avtalen är, räknat från start till slut.".into(),
        label_heading: "Längd".into(),
        value_heading: "Partnerskap".into(),
        bars: [
            ("under 1 år", 12),
            ("1–3 år", 57),
            ("3–5 år", 23),
            ("över 5 år", 6),
            ("tills vidare", 14),
            ("okänd", 9),
        ]
        .iter()
        .map(|(l, v)| Bar::new(*l, *v))
        .collect(),
    }
}

pub fn per_year_chart() -> BarChart {
    BarChart {
        id: "per-ar".into(),
        title: "Aktiva partnerskap per år".into(),
        description: "Antal partnerskap som var aktiva någon gång under året.".into(),
        label_heading: "År".into(),
        value_heading: "Aktiva partnerskap".into(),
        bars: (2012..=2025)
            .map(|y| Bar::new(y.to_string(), ((y - 2011) * (y - 2011)) as u32 / 2))
            .collect(),
    }
}

pub fn timeline_items() -> Vec<TimelineItem> {
    vec![
        item(
            "Kvinnojouren Malmö – skyddat boende och stödsamtal",
            Start::Date(date(2016, 3, 1)),
            End::Date(date(2021, 2, 28)),
            "Avslutat",
        ),
        item(
            "Stadsmissionen: Crossroads",
            Start::Date(date(2019, 9, 1)),
            End::Date(date(2026, 8, 31)),
            "Pågående",
        ),
        item(
            "Läxhjälp i Rosengård",
            Start::Date(date(2021, 1, 1)),
            End::UntilFurtherNotice,
            "Pågående",
        ),
        item(
            "Fritidsbanken",
            Start::Date(date(2018, 5, 1)),
            End::Unknown,
            "Okänd",
        ),
        item(
            "Mötesplats för nyanlända",
            Start::Unknown,
            End::Date(date(2023, 12, 31)),
            "Avslutat",
        ),
        item(
            "Idrott för alla <och> \"några\"",
            Start::Unknown,
            End::UntilFurtherNotice,
            "Pågående",
        ),
        item(
            "Ett partnerskap vi vet mycket lite om",
            Start::Unknown,
            End::Unknown,
            "",
        ),
        item(
            "Sommarlovsaktiviteter",
            Start::Date(date(2024, 6, 10)),
            End::Date(date(2024, 8, 16)),
            "Avslutat",
        ),
        item(
            "Ett mycket långt namn på ett idéburet offentligt partnerskap om samverkan kring hemlöshet i centrala staden",
            Start::Date(date(2025, 1, 1)),
            End::Date(date(2027, 12, 31)),
            "Pågående",
        ),
    ]
}

pub const AS_OF: (i32, u32, u32) = (2025, 6, 1);

/// Deterministic sample counts per kommun: larger in the big cities.
pub fn kommun_counts() -> BTreeMap<String, u32> {
    let mut kc = BTreeMap::new();
    for (i, k) in kommuner().iter().enumerate() {
        let n = match k.kod {
            "0180" => 37,
            "1480" => 24,
            "1280" => 15,
            "0380" | "0580" | "1880" => 8,
            _ => ((i * 7919) % 13).saturating_sub(8) as u32,
        };
        if n > 0 {
            kc.insert(k.kod.to_string(), n);
        }
    }
    kc
}

pub fn lan_counts() -> BTreeMap<String, u32> {
    let mut lc = BTreeMap::new();
    for (i, l) in lan().iter().enumerate() {
        lc.insert(l.kod.to_string(), ((i * 5) % 7) as u32);
    }

    lc
}

/// A whole HTML page with every chart, styled with [`CSS`].
pub fn sample_page() -> String {
    let (y, m, d) = AS_OF;
    let mut html = String::new();
    html.push_str(
        "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\">\
        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <title>iop-chart förhandsvisning</title><style>",
    );
    html.push_str(CSS);
    html.push_str("body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1a1a1a}\
        .cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:2rem}</style></head><body>\
        <h1>Diagram och kartor</h1>");
    html.push_str(&bar_chart(&focus_chart()));
    html.push_str(&bar_chart(&duration_chart()));
    html.push_str(&column_chart(&per_year_chart()));
    html.push_str(&timeline(
        "tidslinje",
        "Partnerskap över tid",
        "Varje partnerskap som en stapel från start till slut.",
        &timeline_items(),
        date(y, m, d),
    ));
    html.push_str("<div class=\"cols\">");
    html.push_str(&kommun_map(
        "karta-kommuner",
        "Partnerskap per kommun",
        "Kommunerna färgade efter antal partnerskap i katalogen.",
        &kommun_counts(),
        &kommun_name,
        &|kod| format!("/kommun/{kod}/"),
    ));
    html.push_str(&lan_map(
        "karta-regioner",
        "Regionernas egna partnerskap",
        "Länen färgade efter antal partnerskap där regionen är part.",
        &lan_counts(),
        &region_name,
        &|kod| format!("/region/{kod}/"),
    ));
    html.push_str("</div></body></html>\n");
    html
}

pub fn item(label: &str, start: Start, end: End, status: &str) -> TimelineItem {
    TimelineItem {
        label: label.into(),
        href: format!("/partnerskap/{}/", label.len()),
        start,
        end,
        status: status.into(),
    }
}
