//! Each chart's numbers read back from its table and its SVG, the maps'
//! completeness, determinism and escaping.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use iop_chart::*;
use roxmltree::{Document, Node};

fn parse(html: &str) -> Document<'_> {
    Document::parse(html).unwrap_or_else(|e| panic!("not well-formed: {e}"))
}

fn text(n: Node) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .map(|d| d.text().unwrap_or(""))
        .collect()
}

fn has_class(n: &Node, class: &str) -> bool {
    n.attribute("class")
        .is_some_and(|c| c.split(' ').any(|x| x == class))
}

fn elements<'a>(doc: &'a Document, tag: &str) -> Vec<Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == tag)
        .collect()
}

/// Rows of the data table body as cell texts.
fn table_rows(doc: &Document) -> Vec<Vec<String>> {
    let tbody = elements(doc, "tbody").into_iter().next().expect("tbody");
    tbody
        .children()
        .filter(|r| r.tag_name().name() == "tr")
        .map(|r| r.children().filter(|c| c.is_element()).map(text).collect())
        .collect()
}

/// Texts of SVG `<text>` elements with a class, in document order.
fn svg_texts(doc: &Document, class: &str) -> Vec<String> {
    elements(doc, "text")
        .into_iter()
        .filter(|n| has_class(n, class))
        .map(text)
        .collect()
}

fn assert_accessible_figure(doc: &Document, id: &str, title: &str) {
    let fig = doc.root_element();
    assert_eq!(fig.tag_name().name(), "figure");
    assert_eq!(fig.attribute("id"), Some(id));
    assert!(text(elements(doc, "figcaption")[0]).contains(title));
    let svg = elements(doc, "svg")[0];
    assert_eq!(svg.attribute("width"), Some("100%"));
    assert!(svg.attribute("viewBox").is_some());
    assert!(matches!(svg.attribute("role"), Some("img") | Some("group")));
    // aria references resolve to the SVG's <title> and <desc>
    let title_id = svg.attribute("aria-labelledby").unwrap();
    let desc_id = svg.attribute("aria-describedby").unwrap();
    let t = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(title_id))
        .unwrap();
    let d = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(desc_id))
        .unwrap();
    assert_eq!(t.tag_name().name(), "title");
    assert_eq!(text(t), title);
    assert_eq!(d.tag_name().name(), "desc");
    // role=img must not hide links
    if svg.attribute("role") == Some("img") {
        assert!(elements(doc, "a").is_empty());
    }
    let summary = elements(doc, "summary")[0];
    assert_eq!(text(summary), "Visa som tabell");
}

#[test]
fn bar_chart_numbers_match() {
    let c = focus_chart();
    let html = bar_chart(&c);
    let doc = parse(&html);
    assert_accessible_figure(&doc, "fokus", &c.title);
    let rows = table_rows(&doc);
    assert_eq!(rows.len(), c.bars.len());
    for (row, bar) in rows.iter().zip(&c.bars) {
        assert_eq!(row[0], bar.label);
        assert_eq!(row[1], bar.value.to_string());
    }
    assert_eq!(
        svg_texts(&doc, "chart-value"),
        c.bars
            .iter()
            .map(|b| b.value.to_string())
            .collect::<Vec<_>>()
    );
    let labels = svg_texts(&doc, "chart-label");
    for (l, b) in labels.iter().zip(&c.bars) {
        assert!(
            b.label.starts_with(l.trim_end_matches('…')),
            "{l} vs {}",
            b.label
        );
    }
    // links on bars and in the table
    let hrefs: Vec<_> = elements(&doc, "a")
        .iter()
        .filter_map(|a| a.attribute("href"))
        .collect();
    assert_eq!(hrefs.len(), 2 * c.bars.len());
    // bar lengths are proportional to the values
    let widths: Vec<f64> = elements(&doc, "rect")
        .iter()
        .filter(|r| has_class(r, "chart-bar"))
        .map(|r| r.attribute("width").unwrap().parse().unwrap())
        .collect();
    let ratio = widths[0] / f64::from(c.bars[0].value);
    for (w, b) in widths.iter().zip(&c.bars) {
        assert!(
            (w - ratio * f64::from(b.value)).abs() <= 2.1,
            "{w} for {}",
            b.value
        );
    }
}

#[test]
fn duration_chart_labels_left_and_no_links() {
    let c = duration_chart();
    let html = bar_chart(&c);
    let doc = parse(&html);
    assert_accessible_figure(&doc, "langd", &c.title);
    assert_eq!(elements(&doc, "svg")[0].attribute("role"), Some("img"));
    assert_eq!(
        svg_texts(&doc, "chart-label"),
        c.bars.iter().map(|b| b.label.clone()).collect::<Vec<_>>()
    );
    assert_eq!(
        svg_texts(&doc, "chart-value"),
        ["12", "57", "23", "6", "14", "9"]
    );
    let rows = table_rows(&doc);
    assert_eq!(rows[5], ["okänd", "9"]);
}

#[test]
fn column_chart_numbers_match() {
    let c = per_year_chart();
    let html = column_chart(&c);
    let doc = parse(&html);
    assert_accessible_figure(&doc, "per-ar", &c.title);
    let rows = table_rows(&doc);
    assert_eq!(rows.len(), c.bars.len());
    for (row, bar) in rows.iter().zip(&c.bars) {
        assert_eq!(row, &[bar.label.clone(), bar.value.to_string()]);
    }
    assert_eq!(
        svg_texts(&doc, "chart-value"),
        c.bars
            .iter()
            .map(|b| b.value.to_string())
            .collect::<Vec<_>>()
    );
    // year labels: a subset in order, always including the last year
    let labels = svg_texts(&doc, "chart-label");
    assert_eq!(labels.last(), c.bars.last().map(|b| &b.label));
    assert!(labels.len() >= c.bars.len() / 3);
    // column heights proportional to values
    let heights: Vec<f64> = elements(&doc, "rect")
        .iter()
        .filter(|r| has_class(r, "chart-bar"))
        .map(|r| r.attribute("height").unwrap().parse().unwrap())
        .collect();
    let max = c.bars.iter().map(|b| b.value).max().unwrap();
    let hmax = heights.iter().cloned().fold(0.0, f64::max);
    for (h, b) in heights.iter().zip(&c.bars) {
        assert!((h - hmax * f64::from(b.value) / f64::from(max)).abs() < 0.2 + hmax * 0.01);
    }
}

#[test]
fn column_chart_many_years_and_big_numbers() {
    let c = BarChart {
        id: "manga".into(),
        title: "Många år".into(),
        description: "Test".into(),
        label_heading: "År".into(),
        value_heading: "Antal".into(),
        bars: (1990..=2030)
            .map(|y| Bar::new(y.to_string(), (y as u32 - 1980) * 97))
            .collect(),
    };
    let html = column_chart(&c);
    let doc = parse(&html);
    let rows = table_rows(&doc);
    assert_eq!(rows[40], ["2030", "4\u{a0}850"]);
    // labels thinned out so they don't overlap
    assert!(svg_texts(&doc, "chart-label").len() < 41);
}

#[test]
fn empty_charts_render() {
    let c = BarChart {
        id: "tom".into(),
        title: "Tomt".into(),
        description: "Inget".into(),
        label_heading: "A".into(),
        value_heading: "B".into(),
        bars: vec![],
    };
    for html in [bar_chart(&c), column_chart(&c)] {
        let doc = parse(&html);
        assert!(html.contains("Inga uppgifter att visa."));
        assert!(table_rows(&doc).is_empty());
    }
    let html = timeline("t", "Tom", "Inget", &[], date(2025, 1, 1));
    parse(&html);
    assert!(html.contains("Inga uppgifter att visa."));
    let zero = BarChart {
        bars: vec![Bar::new("Noll", 0)],
        ..c
    };
    parse(&bar_chart(&zero));
    parse(&column_chart(&zero));
}

#[test]
fn timeline_items_match() {
    let items = timeline_items();
    let html = timeline("tl", "Tidslinje", "Beskrivning", &items, date(2025, 6, 1));
    let doc = parse(&html);
    assert_accessible_figure(&doc, "tl", "Tidslinje");
    assert_eq!(elements(&doc, "svg")[0].attribute("role"), Some("group"));
    let links: Vec<_> = elements(&doc, "a")
        .into_iter()
        .filter(|a| has_class(a, "chart-item"))
        .collect();
    assert_eq!(links.len(), items.len());
    for (a, it) in links.iter().zip(&items) {
        assert_eq!(a.attribute("href"), Some(it.href.as_str()));
        let label = a.attribute("aria-label").unwrap();
        // The visible (maybe shortened) name comes first, and the full name is in the label.
        let visible = it.label.trim_end_matches('…');
        assert!(label.contains(&it.label), "{label}");
        assert!(label.contains(&it.status), "{label}");
        assert!(
            label.starts_with(&visible[..visible.len().min(10)]),
            "{label}"
        );
        match it.end {
            End::UntilFurtherNotice => assert!(label.contains("tills vidare")),
            End::Unknown => assert!(label.contains("okänt slut")),
            End::Date(d) => assert!(label.contains(&d.to_string())),
        }
        match it.start {
            Start::Unknown => assert!(label.contains("okänd start")),
            Start::Date(d) => assert!(label.contains(&d.to_string())),
        }
    }
    let rows = table_rows(&doc);
    assert_eq!(rows.len(), items.len());
    for (row, it) in rows.iter().zip(&items) {
        assert_eq!(row[0], it.label);
        let start = match it.start {
            Start::Date(d) => d.to_string(),
            Start::Unknown => "okänd".into(),
        };
        let end = match it.end {
            End::Date(d) => d.to_string(),
            End::UntilFurtherNotice => "tills vidare".into(),
            End::Unknown => "okänt".into(),
        };
        assert_eq!(row[1..], [start, end, it.status.clone()]);
    }
    // A leading space separates the period from the name in the link text.
    let periods: Vec<String> = svg_texts(&doc, "chart-period")
        .iter()
        .map(|t| t.trim_start().to_owned())
        .collect();
    // A name that would be cut keeps its room; its status is then only in
    // the aria label and the table.
    assert_eq!(periods[0], "2016–2021");
    assert!(
        links[0]
            .attribute("aria-label")
            .unwrap()
            .contains("Avslutat")
    );
    assert_eq!(periods[2], "2021 – tills vidare · Pågående");
    assert_eq!(periods[3], "2018 – okänt slut · Okänd");
    assert!(
        periods[4].starts_with("okänd start – 2023"),
        "{}",
        periods[4]
    );

    assert_eq!(periods[6], "okänd period");
    // the "idag" marker, the fade for open ends and dashed unknowns
    assert!(html.contains(">idag</text>"));
    assert!(html.contains("<title>Idag: 2025-06-01</title>"));
    assert!(html.contains("url(#tl-fade)"));
    assert!(html.contains("stroke-dasharray"));
}

#[test]
fn timeline_bars_are_placed_by_date() {
    let items = vec![
        item(
            "A",
            Start::Date(date(2020, 1, 1)),
            End::Date(date(2022, 1, 1)),
            "",
        ),
        item(
            "B",
            Start::Date(date(2021, 1, 1)),
            End::Date(date(2023, 1, 1)),
            "",
        ),
    ];
    let html = timeline("p", "T", "D", &items, date(2022, 6, 1));
    let doc = parse(&html);
    let bars: Vec<(f64, f64)> = elements(&doc, "a")
        .iter()
        .filter(|a| has_class(a, "chart-item"))
        .map(|a| {
            // the last rect in the link is the bar
            let r = a
                .descendants()
                .rfind(|n| n.tag_name().name() == "rect")
                .unwrap();
            let x: f64 = r.attribute("x").unwrap().parse().unwrap();
            let w: f64 = r.attribute("width").unwrap().parse().unwrap();
            (x, w)
        })
        .collect();
    // same length (two years, one leap), B shifted by one year
    assert!((bars[0].1 - bars[1].1).abs() < 0.5, "{bars:?}");
    assert!((bars[1].0 - bars[0].0 - bars[0].1 / 2.0).abs() < 0.3);
    // A ended before as_of: grey; B ongoing: blue
    assert!(html.contains("fill=\"#767676\""));
    assert!(html.contains("fill=\"#2b6cb0\""));
}

fn kommun_map_html(counts: &BTreeMap<String, u32>) -> String {
    kommun_map("km", "Karta", "Beskrivning", counts, &kommun_name, &|k| {
        format!("/kommun/{k}/")
    })
}

#[test]
fn kommun_map_has_every_kommun_with_a_link() {
    let counts = kommun_counts();
    let html = kommun_map_html(&counts);
    let doc = parse(&html);
    assert_accessible_figure(&doc, "km", "Karta");
    let names = kommun_names();
    assert_eq!(names.len(), 290);
    let areas = doc
        .descendants()
        .find(|n| has_class(n, "chart-areas"))
        .unwrap();
    let links: Vec<_> = areas
        .children()
        .filter(|n| n.tag_name().name() == "a")
        .collect();
    assert_eq!(links.len(), 290);
    let mut seen = BTreeSet::new();
    let classes = classes(counts.values().copied().max().unwrap());
    for a in links {
        let href = a.attribute("href").unwrap();
        let kod = href.trim_start_matches("/kommun/").trim_end_matches('/');
        assert!(seen.insert(kod.to_string()), "duplicate {kod}");
        let n = counts.get(kod).copied().unwrap_or(0);
        let expected = format!("{}: {} partnerskap", names[kod], n);
        assert_eq!(a.attribute("aria-label"), Some(expected.as_str()));
        let title = a
            .children()
            .find(|c| c.tag_name().name() == "title")
            .unwrap();
        assert_eq!(text(title), expected);
        // shaded by the class that covers its count
        let path = a
            .children()
            .find(|c| c.tag_name().name() == "path")
            .unwrap();
        let ci: usize = path
            .attribute("class")
            .unwrap()
            .trim_start_matches("chart-c")
            .parse()
            .unwrap();
        assert!(classes[ci].lo <= n && n <= classes[ci].hi);
        assert_eq!(path.attribute("fill"), Some(classes[ci].fill));
        assert!(path.attribute("d").unwrap().starts_with('M'));
    }
    assert_eq!(seen.len(), 290);
    assert!(html.contains("Källa: SCB (CC BY 4.0)"));
}

#[test]
fn kommun_map_legend_and_table_match_counts() {
    let counts = kommun_counts();
    let html = kommun_map_html(&counts);
    let doc = parse(&html);
    let max = counts.values().copied().max().unwrap();
    let classes = classes(max);
    let legend = doc
        .descendants()
        .find(|n| has_class(n, "chart-legend"))
        .unwrap();
    let legend_texts: Vec<String> = legend
        .children()
        .filter(|n| n.tag_name().name() == "text")
        .map(text)
        .collect();
    assert_eq!(legend_texts[0], "Antal partnerskap");
    let mut total = 0;
    for (c, t) in classes.iter().zip(&legend_texts[1..]) {
        let members = kommuner()
            .iter()
            .filter(|a| {
                let n = counts.get(a.kod).copied().unwrap_or(0);
                c.lo <= n && n <= c.hi
            })
            .count();
        total += members;
        let noun = if members == 1 { "kommun" } else { "kommuner" };
        assert_eq!(t, &format!("{} ({members} {noun})", c.label()));
    }
    assert_eq!(total, 290);
    assert_eq!(legend_texts.len(), classes.len() + 1);
    // table: every kommun with partnerships, most first, then the rest
    let rows = table_rows(&doc);
    let with: Vec<_> = counts.iter().filter(|(_, n)| **n > 0).collect();
    assert_eq!(rows.len(), with.len() + 1);
    let names = kommun_names();
    for (kod, n) in &with {
        let row = vec![names[kod.as_str()].to_string(), n.to_string()];
        assert!(rows.contains(&row), "{row:?}");
    }
    let values: Vec<u32> = rows[..with.len()]
        .iter()
        .map(|r| r[1].parse().unwrap())
        .collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(
        rows.last().unwrap(),
        &[format!("Övriga {} kommuner", 290 - with.len()), "0".into()]
    );
    assert_eq!(rows[0], ["Stockholm", "37"]);
}

#[test]
fn kommun_map_insets_repeat_links_outside_tab_order() {
    let counts = kommun_counts();
    let html = kommun_map_html(&counts);
    let doc = parse(&html);
    let insets_nodes: Vec<_> = doc
        .descendants()
        .filter(|n| has_class(n, "chart-inset"))
        .collect();
    assert_eq!(insets_nodes.len(), insets().len());
    assert_eq!(insets().len(), 3);
    for (g, inset) in insets_nodes.iter().zip(insets()) {
        assert_eq!(g.attribute("aria-hidden"), Some("true"));
        let links: Vec<_> = g
            .descendants()
            .filter(|n| n.tag_name().name() == "a")
            .collect();
        assert_eq!(links.len(), inset.areas.len());
        for a in links {
            assert_eq!(a.attribute("tabindex"), Some("-1"));
        }
    }
    let stockholm: Vec<&str> = insets()[0].areas.iter().map(|(k, _)| *k).collect();
    for kod in ["0180", "0183", "0184", "0186", "0162"] {
        assert!(
            stockholm.contains(&kod),
            "{kod} missing from the Stockholm inset"
        );
    }
    assert!(insets()[1].areas.iter().any(|(k, _)| *k == "1480"));
    assert!(insets()[2].areas.iter().any(|(k, _)| *k == "1280"));
}

#[test]
fn kommun_map_all_zero_and_unknown_codes() {
    let mut counts = BTreeMap::new();
    counts.insert("9999".to_string(), 3);
    let html = kommun_map_html(&counts);
    let doc = parse(&html);
    let rows = table_rows(&doc);
    assert_eq!(rows[0], ["Okänd kod 9999", "3"]);
    assert_eq!(rows[1], ["Övriga 290 kommuner", "0"]);
    assert!(html.contains("(290 kommuner)"));
}

#[test]
fn lan_map_has_every_lan() {
    let counts = lan_counts();
    let html = lan_map(
        "lm",
        "Regioner",
        "Beskrivning",
        &counts,
        &region_name,
        &|k| format!("/region/{k}/"),
    );
    let doc = parse(&html);
    assert_accessible_figure(&doc, "lm", "Regioner");
    assert_eq!(lan().len(), 21);
    let areas = doc
        .descendants()
        .find(|n| has_class(n, "chart-areas"))
        .unwrap();
    let links: Vec<_> = areas
        .children()
        .filter(|n| n.tag_name().name() == "a")
        .collect();
    assert_eq!(links.len(), 21);
    for (a, l) in links.iter().zip(lan()) {
        assert_eq!(a.attribute("href").unwrap(), format!("/region/{}/", l.kod));
        let n = counts.get(l.kod).copied().unwrap_or(0);
        assert_eq!(
            a.attribute("aria-label").unwrap(),
            format!("{}: {n} partnerskap", region_name(l.kod))
        );
    }
    assert!(html.contains("Region Skåne"));
    assert!(html.contains("Västra Götalandsregionen"));
    let rows = table_rows(&doc);
    let nonzero = counts.values().filter(|n| **n > 0).count();
    assert_eq!(rows.len(), nonzero + 1);
}

#[test]
fn map_data_is_complete_and_inside_the_view_box() {
    let kommun_codes: BTreeSet<&str> = kommuner().iter().map(|a| a.kod).collect();
    assert_eq!(kommun_codes.len(), 290);
    let lan_codes: BTreeSet<&str> = lan().iter().map(|a| a.kod).collect();
    assert_eq!(lan_codes.len(), 21);
    for k in kommuner() {
        assert_eq!(k.kod.len(), 4);
        assert!(lan_codes.contains(&k.kod[..2]), "{}", k.kod);
    }
    // The map has an area for every kommun and län of the site's reference
    // table, and no other.
    assert_eq!(kommun_codes, kommun_names().into_keys().collect());
    assert_eq!(lan_codes, region_names().into_keys().collect());
    for a in kommuner().iter().chain(lan()) {
        for (x, y) in points(a.path) {
            assert!(
                (0..=800).contains(&x) && (0..=1909).contains(&y),
                "{} at {x},{y}",
                a.kod
            );
        }
    }
    for inset in insets() {
        let [fx, fy, fw, fh] = inset.frame;
        for (kod, path) in &inset.areas {
            assert!(kommun_codes.contains(kod));
            for (x, y) in points(path) {
                assert!(
                    f64::from(x) >= fx
                        && f64::from(x) <= fx + fw
                        && f64::from(y) >= fy
                        && f64::from(y) <= fy + fh
                );
            }
        }
    }
}

/// Absolute points of "M x y l dx dy ... z" path data.
fn points(path: &str) -> Vec<(i32, i32)> {
    let mut out = Vec::new();
    for sub in path.split('M').filter(|s| !s.is_empty()) {
        let sub = sub.trim_end_matches('z');
        let (abs, rel) = sub.split_once('l').unwrap_or((sub, ""));
        let nums = |s: &str| -> Vec<i32> {
            let mut v = Vec::new();
            let mut cur = String::new();
            for c in s.chars() {
                if c == '-' || c == ' ' {
                    if !cur.is_empty() && cur != "-" {
                        v.push(cur.parse().unwrap());
                    }
                    cur.clear();
                    if c == '-' {
                        cur.push('-');
                    }
                } else {
                    cur.push(c);
                }
            }
            if !cur.is_empty() {
                v.push(cur.parse().unwrap());
            }
            v
        };
        let a = nums(abs);
        let (mut x, mut y) = (a[0], a[1]);
        out.push((x, y));
        for d in nums(rel).chunks(2) {
            x += d[0];
            y += d[1];
            out.push((x, y));
        }
    }
    out
}

#[test]
fn output_is_deterministic() {
    assert_eq!(sample_page(), sample_page());
    let a = kommun_map_html(&kommun_counts());
    let b = kommun_map_html(&kommun_counts());
    assert_eq!(a, b);
}

#[test]
fn kommun_map_stays_small() {
    let html = kommun_map_html(&kommun_counts());
    // About 29 KB with gzip -9; the raw size guards against regressions.
    assert!(html.len() < 140_000, "{} bytes", html.len());
}

#[test]
fn text_is_escaped() {
    let evil = "<script>alert(\"x\")</script> & 'q'";
    let c = BarChart {
        id: "x\" onload=\"alert(1)".into(),
        title: evil.into(),
        description: evil.into(),
        label_heading: evil.into(),
        value_heading: evil.into(),
        bars: vec![Bar::new(evil, 3).with_href("/a?b=1&c=\"2\"")],
    };
    let items = vec![TimelineItem {
        label: evil.into(),
        href: "/p?a=1&b=<2>".into(),
        start: Start::Date(date(2020, 1, 1)),
        end: End::Unknown,
        status: evil.into(),
    }];
    let mut counts = BTreeMap::new();
    counts.insert("0180".to_string(), 1);
    let outputs = [
        bar_chart(&c),
        column_chart(&c),
        timeline(&c.id, evil, evil, &items, date(2025, 1, 1)),
        kommun_map(&c.id, evil, evil, &counts, &|_| evil.into(), &|_| {
            "/k?a=1&b=\"x\"".into()
        }),
        lan_map(&c.id, evil, evil, &counts, &|_| evil.into(), &|_| {
            "/l?<x>".into()
        }),
    ];
    for html in &outputs {
        assert!(!html.contains("<script>"));
        assert!(!html.contains("onload=\""));
        assert!(
            html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;")
        );
        let doc = parse(html);
        // the id was cleaned and derived ids still resolve
        assert_eq!(
            doc.root_element().attribute("id"),
            Some("x--onload--alert-1-")
        );
        assert!(
            doc.descendants()
                .any(|n| n.attribute("id") == Some("x--onload--alert-1--title"))
        );
    }
    assert!(outputs[0].contains("href=\"/a?b=1&amp;c=&quot;2&quot;\""));
}

#[test]
fn css_is_provided() {
    assert!(CSS.contains(".chart-table"));
    assert!(CSS.contains(":focus-visible"));
}
