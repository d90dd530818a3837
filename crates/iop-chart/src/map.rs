//! Choropleth maps of Sweden: kommuner and län, shaded by a count.
//!
//! The boundaries are embedded at compile time from `data/*.tsv`, made once by
//! `tools/simplify_map.py` from SCB's boundaries (SWEREF 99 TM, simplified
//! over a shared topology, integer coordinates): codes and shapes only. The
//! names shown are the caller's, from the site's one reference table.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use iop_text::collation_key;

use crate::util::{
    INK, MUTED, clean_id, count, esc, figure, head_cell, num, num_cell, svg_open, svg_title,
    table_open,
};

/// One kommun or län on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    /// Kommunkod (4 digits) or länskod (2 digits). The names are the
    /// caller's: the site's reference table is their one source.
    pub kod: &'static str,
    /// SVG path data in the map's viewBox.
    pub path: &'static str,
}

struct MapData {
    width: f64,
    height: f64,
    areas: Vec<Area>,
}

const KOMMUNER_TSV: &str = include_str!("../data/kommuner.tsv");
const LAN_TSV: &str = include_str!("../data/lan.tsv");
const BORDERS_TSV: &str = include_str!("../data/borders.tsv");
const INSETS_TSV: &str = include_str!("../data/insets.tsv");

/// An enlarged part of the kommun map (Stockholm, Göteborg, Malmö–Lund).
#[derive(Debug, Clone, PartialEq)]
pub struct Inset {
    pub name: &'static str,
    /// Where the enlargement is drawn: x, y, width, height in the viewBox.
    pub frame: [f64; 4],
    /// The enlarged window on the main map: x, y, width, height.
    pub window: [f64; 4],
    /// (kommunkod, path) of every kommun visible in the window, clipped.
    pub areas: Vec<(&'static str, &'static str)>,
}

fn rect4(s: &str) -> [f64; 4] {
    let v: Vec<f64> = s
        .split(' ')
        .map(|n| n.parse().expect("inset number"))
        .collect();
    [v[0], v[1], v[2], v[3]]
}

/// The enlarged insets drawn on the kommun map.
pub fn insets() -> &'static [Inset] {
    static D: OnceLock<Vec<Inset>> = OnceLock::new();
    D.get_or_init(|| {
        let mut out: Vec<Inset> = Vec::new();
        for line in INSETS_TSV.lines().skip(1).filter(|l| !l.is_empty()) {
            let f: Vec<&'static str> = line.split('\t').collect();
            if f[0] == "#inset" {
                out.push(Inset {
                    name: f[1],
                    frame: rect4(f[2]),
                    window: rect4(f[3]),
                    areas: Vec::new(),
                });
            } else {
                out.last_mut()
                    .expect("inset header")
                    .areas
                    .push((f[0], f[1]));
            }
        }
        out
    })
}

/// The credit shown on every map.
pub const SOURCE: &str = "Källa: SCB (CC BY 4.0)";
const SOURCE_CREDIT: &str = "SCB (CC BY 4.0)";

fn parse(tsv: &'static str) -> MapData {
    let mut lines = tsv.lines();
    let header = lines.next().expect("viewBox header");
    let vb: Vec<f64> = header
        .strip_prefix("#viewBox\t")
        .expect("viewBox header")
        .split(' ')
        .map(|v| v.parse().expect("viewBox number"))
        .collect();
    let areas = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (kod, path) = l.split_once('\t').expect("code and path");
            Area { kod, path }
        })
        .collect();
    MapData {
        width: vb[2],
        height: vb[3],
        areas,
    }
}

fn kommun_data() -> &'static MapData {
    static D: OnceLock<MapData> = OnceLock::new();
    D.get_or_init(|| parse(KOMMUNER_TSV))
}

fn lan_data() -> &'static MapData {
    static D: OnceLock<MapData> = OnceLock::new();
    D.get_or_init(|| parse(LAN_TSV))
}

fn borders() -> &'static str {
    BORDERS_TSV
        .lines()
        .nth(1)
        .and_then(|l| l.split('\t').nth(2))
        .expect("borders row")
}

/// All 290 kommuner on the map, ordered by kommunkod.
pub fn kommuner() -> &'static [Area] {
    &kommun_data().areas
}

/// All 21 län on the map, ordered by länskod.
pub fn lan() -> &'static [Area] {
    &lan_data().areas
}

/// Fills of the non-zero classes, light to dark; each has at least 3.4:1
/// contrast against white and about 1.6:1 against its neighbour.
const RAMP: [&str; 4] = ["#4a90c8", "#2b6cb0", "#174a80", "#0a2a55"];
/// Fill of the "0" class.
const ZERO: &str = "#eeeeee";

/// A legend class: counts `lo..=hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    pub lo: u32,
    pub hi: u32,
    pub fill: &'static str,
}

impl Class {
    /// "0", "1", "2–4".
    pub fn label(&self) -> String {
        if self.lo == self.hi {
            count(self.lo)
        } else {
            format!("{}–{}", count(self.lo), count(self.hi))
        }
    }
}

/// Legend classes for counts up to `max`: always "0", then up to four classes
/// with round lower bounds (1, 2–4, 5–9, 10–max for a max of 10 to 29).
pub fn classes(max: u32) -> Vec<Class> {
    const LADDERS: [[u32; 4]; 7] = [
        [1, 2, 5, 10],
        [1, 3, 10, 30],
        [1, 5, 20, 50],
        [1, 10, 50, 100],
        [1, 10, 100, 300],
        [1, 10, 100, 1000],
        [1, 100, 1000, 10000],
    ];
    let bounds: Vec<u32> = if max <= 4 {
        (1..=max).collect()
    } else if let Some(l) = LADDERS.iter().rev().find(|l| l[3] <= max) {
        l.to_vec()
    } else {
        LADDERS[0].iter().copied().filter(|b| *b <= max).collect()
    };
    let ramp: &[usize] = match bounds.len() {
        1 => &[2],
        2 => &[1, 3],
        3 => &[0, 2, 3],
        _ => &[0, 1, 2, 3],
    };
    let mut out = vec![Class {
        lo: 0,
        hi: 0,
        fill: ZERO,
    }];
    for (i, lo) in bounds.iter().enumerate() {
        let hi = bounds.get(i + 1).map_or(max, |n| n - 1);
        out.push(Class {
            lo: *lo,
            hi,
            fill: RAMP[ramp[i]],
        });
    }
    out
}

fn class_of(classes: &[Class], n: u32) -> usize {
    classes.iter().rposition(|c| n >= c.lo).unwrap_or(0)
}

/// Map of Sweden's 290 kommuner shaded by `counts` (kommunkod → number of
/// partnerships; missing codes count as 0), each named `name(kod)`. Every kommun is a link to
/// `href(kod)` titled "Malmö: 12 partnerskap"; the legend shows the classes
/// with how many kommuner fall in each; the table lists every kommun with
/// partnerships.
pub fn kommun_map(
    id: &str,
    title: &str,
    description: &str,
    counts: &BTreeMap<String, u32>,
    name: &dyn Fn(&str) -> String,
    href: &dyn Fn(&str) -> String,
) -> String {
    let spec = Spec {
        kind: "kommun",
        data: kommun_data(),
        borders: Some(borders()),
        insets: insets(),
        heading: "Kommun",
        noun: ("kommun", "kommuner"),
        name,
    };
    choropleth(&spec, id, title, description, counts, href)
}

/// Map of the 21 län, shaded by `counts` (länskod → number, e.g. the
/// regions' own partnerships). Areas are named `name(länskod)`, by their
/// region ("Region Skåne: 3 partnerskap"); each links to `href(länskod)`.
pub fn lan_map(
    id: &str,
    title: &str,
    description: &str,
    counts: &BTreeMap<String, u32>,
    name: &dyn Fn(&str) -> String,
    href: &dyn Fn(&str) -> String,
) -> String {
    let spec = Spec {
        kind: "lan",
        data: lan_data(),
        borders: None,
        insets: &[],
        heading: "Region",
        noun: ("region", "regioner"),
        name,
    };
    choropleth(&spec, id, title, description, counts, href)
}

struct Spec<'a> {
    kind: &'static str,
    data: &'static MapData,
    borders: Option<&'static str>,
    insets: &'static [Inset],
    heading: &'static str,
    /// Singular and plural, for "(1 kommun)", "(3 kommuner)".
    noun: (&'static str, &'static str),
    /// The name shown for a code: "Malmö", "Region Skåne".
    name: &'a dyn Fn(&str) -> String,
}

impl Spec<'_> {
    fn noun(&self, n: u32) -> &'static str {
        if n == 1 { self.noun.0 } else { self.noun.1 }
    }
}

const LEGEND_FONT: f64 = 26.0;

fn choropleth(
    spec: &Spec,
    id: &str,
    title: &str,
    description: &str,
    counts: &BTreeMap<String, u32>,
    href: &dyn Fn(&str) -> String,
) -> String {
    let id = clean_id(id);
    let data = spec.data;
    let n_of = |a: &Area| counts.get(a.kod).copied().unwrap_or(0);
    let max = data.areas.iter().map(n_of).max().unwrap_or(0);
    let classes = classes(max);
    let mut per_class = vec![0u32; classes.len()];

    let mut svg = String::with_capacity(64 * 1024);
    svg_open(&mut svg, &id, data.width, data.height, "28rem", true);
    svg_title(&mut svg, &id, title, description);
    let _ = write!(
        svg,
        "<g class=\"chart-areas\" stroke=\"#fff\" stroke-width=\"{}\" stroke-linejoin=\"round\">",
        if spec.borders.is_some() { "1" } else { "1.5" }
    );
    for a in &data.areas {
        let n = n_of(a);
        let c = class_of(&classes, n);
        per_class[c] += 1;
        let name = format!("{}: {} partnerskap", (spec.name)(a.kod), count(n));
        let _ = write!(
            svg,
            // Out of the tab order: 290 tab stops would stand between a
            // keyboard user and the page; the table below has the same links.
            "<a href=\"{}\" aria-label=\"{n}\" tabindex=\"-1\"><title>{n}</title><path class=\"chart-c{c}\" d=\"{}\" fill=\"{}\"/></a>",
            esc(&href(a.kod)),
            a.path,
            classes[c].fill,
            n = esc(&name),
        );
    }
    svg.push_str("</g>");
    if let Some(b) = spec.borders {
        let _ = write!(
            svg,
            "<path class=\"chart-borders\" d=\"{b}\" fill=\"none\" stroke=\"#4d4d4d\" stroke-width=\"1.6\" \
             stroke-linejoin=\"round\" pointer-events=\"none\" aria-hidden=\"true\"/>"
        );
    } else {
        // Without kommun borders, outline each län in dark grey instead.
        let _ = write!(
            svg,
            "<path class=\"chart-borders\" d=\"{}\" fill=\"none\" stroke=\"#4d4d4d\" stroke-width=\"1.6\" \
             stroke-linejoin=\"round\" pointer-events=\"none\" aria-hidden=\"true\"/>",
            data.areas.iter().map(|a| a.path).collect::<String>()
        );
    }

    // Enlarged insets in the sea east of the southern half. They repeat
    // links that are already on the map, so they are hidden from assistive
    // technology and left out of the tab order.
    for inset in spec.insets {
        let [wx, wy, ww, wh] = inset.window;
        let [fx, fy, fw, fh] = inset.frame;
        let _ = write!(
            svg,
            "<g class=\"chart-inset\" aria-hidden=\"true\">\
             <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{INK}\" stroke-width=\"1.5\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"22\" font-weight=\"700\">{}</text>\
             <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\"/>\
             <g class=\"chart-areas\" stroke=\"#fff\" stroke-width=\"1.5\" stroke-linejoin=\"round\">",
            num(wx),
            num(wy),
            num(ww),
            num(wh),
            num(fx),
            num(fy - 9.0),
            esc(inset.name),
            num(fx),
            num(fy),
            num(fw),
            num(fh),
        );
        for (kod, path) in &inset.areas {
            let n = counts.get(*kod).copied().unwrap_or(0);
            let name = (spec.name)(kod);
            let c = class_of(&classes, n);
            let _ = write!(
                svg,
                "<a href=\"{}\" tabindex=\"-1\"><title>{}: {} partnerskap</title><path class=\"chart-c{c}\" d=\"{path}\" fill=\"{}\"/></a>",
                esc(&href(kod)),
                esc(&name),
                count(n),
                classes[c].fill
            );
        }
        let _ = write!(
            svg,
            "</g><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{INK}\" stroke-width=\"1.5\"/></g>",
            num(fx),
            num(fy),
            num(fw),
            num(fh),
        );
    }

    // Legend in the empty north-west corner (Norway).
    let f = LEGEND_FONT;
    let _ = write!(
        svg,
        "<g class=\"chart-legend\" font-size=\"{}\"><text x=\"8\" y=\"{}\" font-weight=\"700\">Antal partnerskap</text>",
        num(f),
        num(f + 4.0)
    );
    // Only classes some area falls in: an empty class in the key says nothing.
    let shown: Vec<usize> = (0..classes.len()).filter(|&i| per_class[i] > 0).collect();
    for (row, &i) in shown.iter().enumerate() {
        let c = &classes[i];
        let y = f + 24.0 + row as f64 * (f + 18.0);
        let _ = write!(
            svg,
            "<rect x=\"8\" y=\"{}\" width=\"44\" height=\"{}\" fill=\"{}\" stroke=\"#4d4d4d\" stroke-width=\"1.5\"/>\
             <text x=\"64\" y=\"{}\"><tspan font-weight=\"700\">{}</tspan><tspan fill=\"{MUTED}\"> ({} {})</tspan></text>",
            num(y),
            num(f + 4.0),
            c.fill,
            num(y + f * 0.95),
            c.label(),
            count(per_class[i]),
            spec.noun(per_class[i])
        );
    }
    svg.push_str("</g>");
    let _ = write!(
        svg,
        "<text class=\"chart-source\" x=\"8\" y=\"{}\" font-size=\"22\" fill=\"{INK}\">{}</text></svg>",
        num(f + 24.0 + shown.len() as f64 * (f + 18.0) + 30.0),
        esc(SOURCE)
    );

    // Table: every area with partnerships, most first; then the rest in one row.
    let mut rows: Vec<(&Area, u32)> = data
        .areas
        .iter()
        .map(|a| (a, n_of(a)))
        .filter(|(_, n)| *n > 0)
        .collect();
    // Most partnerships first, then in Swedish order; each name made once.
    rows.sort_by_cached_key(|(a, n)| (std::cmp::Reverse(*n), collation_key(&(spec.name)(a.kod))));
    let mut t = String::new();
    table_open(
        &mut t,
        title,
        &[spec.heading, "Partnerskap"],
        &[false, true],
    );
    for (a, n) in &rows {
        let _ = write!(
            t,
            "<tr>{}{}</tr>",
            head_cell(&(spec.name)(a.kod), Some(&href(a.kod))),
            num_cell(*n)
        );
    }
    for (kod, n) in counts {
        if *n > 0 && !data.areas.iter().any(|a| a.kod == kod) {
            let _ = write!(
                t,
                "<tr>{}{}</tr>",
                head_cell(&format!("Okänd kod {kod}"), None),
                num_cell(*n)
            );
        }
    }
    let rest = data.areas.len() - rows.len();
    if rest > 0 {
        let _ = write!(
            t,
            "<tr>{}{}</tr>",
            head_cell(
                &format!("Övriga {} {}", count(rest as u32), spec.noun(rest as u32)),
                None
            ),
            num_cell(0)
        );
    }
    t.push_str("</tbody></table>");
    let note = format!(
        "<span class=\"chart-source\" style=\"display:block\">Kartunderlag: {}.</span>",
        esc(SOURCE_CREDIT)
    );
    figure(
        &format!("map chart-map-{}", spec.kind),
        &id,
        title,
        description,
        &svg,
        &t,
        &note,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_every_count() {
        for max in 0..2000 {
            let cs = classes(max);
            assert_eq!(cs[0].lo, 0);
            assert!(cs.len() <= 5);
            for n in 0..=max {
                let c = &cs[class_of(&cs, n)];
                assert!(c.lo <= n && n <= c.hi, "max {max} n {n} {cs:?}");
            }
            assert_eq!(cs.last().unwrap().hi, max);
            for w in cs.windows(2) {
                assert_eq!(w[0].hi + 1, w[1].lo);
            }
        }
        let labels: Vec<String> = classes(12).iter().map(Class::label).collect();
        assert_eq!(labels, ["0", "1", "2–4", "5–9", "10–12"]);
    }
}
