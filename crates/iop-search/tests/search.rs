//! Analysis, ranking, filters, facets, phrases and reproducibility, on a
//! small catalogue made here.

use iop_search::{Catalogue, Query, SearchDoc, build_index};

#[allow(clippy::too_many_arguments)]
fn doc(
    slug: &str,
    namn: &str,
    beskrivning: &str,
    organisationer: &[&str],
    kommuner: &[&str],
    regioner: &[&str],
    fokus: &[&str],
    status: &str,
    år: impl IntoIterator<Item = i32>,
) -> SearchDoc {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    SearchDoc {
        slug: slug.into(),
        namn: namn.into(),
        beskrivning: beskrivning.into(),
        organisationer: s(organisationer),
        om_organisationer: Vec::new(),
        organisationsnamn: Vec::new(),
        kommuner: s(kommuner),
        regioner: s(regioner),
        organ: Vec::new(),
        fokus: s(fokus),
        status: status.into(),
        // The site's order of statuses, as the site would give it.
        status_ordning: ["pågående", "kommande", "avslutad", "okänd"]
            .iter()
            .position(|s| *s == status)
            .unwrap_or(4) as u32,
        år: år.into_iter().collect(),
        parter: format!("{} och {}", organisationer.join(", "), kommuner.join(", ")),
        period: "2021-01-01 – 2024-12-31".into(),
    }
}

fn docs() -> Vec<SearchDoc> {
    let mut kalmar = doc(
        "kalmar-kvinnojour",
        "Kvinnojouren Kalmar",
        "Skyddat boende och stöd till våldsutsatta kvinnor och deras barn.",
        &["Kvinnojouren i Kalmar"],
        &["Kalmar"],
        &["Region Kalmar län"],
        &["Våld i nära relationer"],
        "pågående",
        2021..=2025,
    );
    kalmar.organisationsnamn = vec!["Unizon".into()];
    kalmar.organ = vec!["Socialnämnden".into()];
    vec![
        kalmar,
        doc(
            "malmo-flykting",
            "Mottagning av ensamkommande",
            "Boende och stöd för varje flykting som kommer till Malmö, med läxhjälp på kvällarna.",
            &["Rädda Barnen"],
            &["Malmö"],
            &["Region Skåne"],
            &["Flyktingmottagande och integration", "Barn och unga"],
            "avslutad",
            2016..=2019,
        ),
        doc(
            "malmo-varmestuga",
            "Värmestuga för unga",
            "En värmestuga i centrala Malmö där unga i hemlöshet får mat, samtal och vila.",
            &["Stadsmissionen"],
            &["Malmö"],
            &["Region Skåne"],
            &["Hemlöshet", "Barn och unga"],
            "pågående",
            2023..=2026,
        ),
        doc(
            "goteborg-fritid",
            "Meningsfull fritid i Göteborg",
            "Idrott och meningsfull fritid för barn som annars står utanför föreningslivet.",
            &["RF-SISU Västra Götaland"],
            &["Göteborg"],
            &["Västra Götalandsregionen"],
            &["Fritid och idrott", "Barn och unga"],
            "pågående",
            2022..=2023,
        ),
        doc(
            "lund-laxhjalp",
            "Läxhjälp i Lund",
            "Frivilliga ger stöd i skolarbetet två kvällar i veckan.",
            &["Röda Korset"],
            &["Lund"],
            &["Region Skåne"],
            &["Barn och unga"],
            "kommande",
            2027..=2028,
        ),
        doc(
            "umea-okand",
            "Ångestlinjen i Umeå",
            "Samtalsstöd per telefon. Uppgifter om perioden saknas.",
            &["Mind"],
            &["Umeå"],
            &["Region Västerbotten"],
            &["Hälsa och vård"],
            "okänd",
            [],
        ),
    ]
}

fn catalogue() -> Catalogue {
    open(&docs())
}

/// Index and texts, as `iop search` and the page (once the texts arrive)
/// have them.
fn open(docs: &[SearchDoc]) -> Catalogue {
    let b = build_index(docs).expect("build");
    Catalogue::open_bundles(&b).expect("open")
}

fn slugs(c: &Catalogue, q: &Query) -> Vec<String> {
    c.search(q).hits.into_iter().map(|h| h.slug).collect()
}

fn text(c: &Catalogue, t: &str) -> Vec<String> {
    slugs(c, &Query::text(t))
}

#[test]
fn stemming_finds_inflected_forms() {
    let c = catalogue();
    assert_eq!(text(&c, "kvinnojourer "), ["kalmar-kvinnojour"]);
    assert_eq!(text(&c, "kvinnojouren "), ["kalmar-kvinnojour"]);
    assert_eq!(text(&c, "flyktingar "), ["malmo-flykting"]);
    assert_eq!(text(&c, "värmestugor "), ["malmo-varmestuga"]);
}

#[test]
fn diacritics_optional_in_queries_but_exact_forms_work() {
    let c = catalogue();
    let malmo = ["malmo-flykting", "malmo-varmestuga"];
    let mut got = text(&c, "malmo ");
    got.sort();
    assert_eq!(got, malmo);
    let mut got = text(&c, "Malmö ");
    got.sort();
    assert_eq!(got, malmo);
    assert_eq!(text(&c, "goteborg "), ["goteborg-fritid"]);
    assert_eq!(text(&c, "göteborg "), ["goteborg-fritid"]);
    assert_eq!(text(&c, "angestlinjen "), ["umea-okand"]);
    // With diacritics a query keeps its letters: "får" is not "far".
    assert_eq!(text(&c, "får "), ["malmo-varmestuga"]);
    assert!(text(&c, "far ").contains(&"malmo-varmestuga".to_string()));
}

#[test]
fn the_word_being_typed_matches_as_prefix() {
    let c = catalogue();
    assert_eq!(text(&c, "kvinnoj"), ["kalmar-kvinnojour"]);
    assert_eq!(text(&c, "skyddat kvinnoj"), ["kalmar-kvinnojour"]);
    assert_eq!(text(&c, "värmest"), ["malmo-varmestuga"]);
    assert_eq!(text(&c, "varmest"), ["malmo-varmestuga"]);
    // Prefixes of words, not of stems: "skyddat" stems to "skydd".
    assert_eq!(text(&c, "skyddat"), ["kalmar-kvinnojour"]);
    // A finished word (followed by a space) is not a prefix any more.
    assert!(text(&c, "kvinnojo ").is_empty());
    // Only the last word is a prefix: the first one here matches nothing,
    // so the hits are those with the other word, marked as partial.
    let r = c.search(&Query::text("kvinnojo kalmar"));
    assert!(r.partial);
    assert_eq!(r.unmatched, ["kvinnojo"]);
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].slug, "kalmar-kvinnojour");
    assert!(!c.search(&Query::text("kvinnoj kalmar")).partial);
}

#[test]
fn one_typo_on_long_words() {
    let c = catalogue();
    assert_eq!(text(&c, "kvinnojuoren "), ["kalmar-kvinnojour"]); // transposition
    assert_eq!(text(&c, "kvinojouren "), ["kalmar-kvinnojour"]); // deletion
    assert_eq!(text(&c, "värmestuaa "), ["malmo-varmestuga"]); // substitution
    assert_eq!(text(&c, "kalmr "), ["kalmar-kvinnojour"]);
    // Two typos: no.
    assert!(text(&c, "kvinojuoren ").is_empty());
    // Short words tolerate one too, if the first letter is right.
    assert_eq!(text(&c, "lnud "), ["lund-laxhjalp"]);
    assert!(text(&c, "nlud ").is_empty());
    // Words under four letters must be exact.
    assert!(text(&c, "lnd ").is_empty());
    // The correction is offered, in the query as typed.
    let r = c.search(&Query::text("Kvinnojuoren i kalmar"));
    assert_eq!(r.suggestion.as_deref(), Some("kvinnojouren i kalmar"));
    assert_eq!(c.search(&Query::text("kvinnojouren ")).suggestion, None);
}

#[test]
fn known_words_are_not_fuzzy() {
    let c = catalogue();
    // "stöd" is a word of the catalogue: no typo tolerance turns it into
    // "stod" or "stad"; and "malmo" is Malmö, whose stem is a word.
    let r = c.search(&Query::text("malmo "));
    assert_eq!(r.total, 2);
    assert_eq!(r.suggestion, None);
}

#[test]
fn compounds_are_found_by_their_parts() {
    // The splitter knows the words of the catalogue: "jouren" and "barn"
    // must occur on their own somewhere.
    let mut d = docs();
    d[0].beskrivning.push_str(" Jouren svarar dygnet runt.");
    d[4].beskrivning.push_str(" I samarbete med barnjouren.");
    let c = open(&d);
    // The word itself ranks above the compounds with it.
    assert_eq!(text(&c, "jour "), ["kalmar-kvinnojour", "lund-laxhjalp"]);
    let lund = &c.search(&Query::text("jour ")).hits[1];
    assert!(
        lund.snippet_html.contains("<mark>barnjouren</mark>"),
        "{lund:?}"
    );
    // An unknown compound is searched as its parts.
    let mut got = text(&c, "läxhjälpskvällar ");
    got.sort();
    assert_eq!(got, ["lund-laxhjalp", "malmo-flykting"]);
    // Words left out of a coordination count: "Kvinno- och tjejjouren".
    let mut d = docs();
    d[0].beskrivning.push_str(" Jouren svarar dygnet runt.");
    d[5].beskrivning.push_str(" Med Kvinno- och tjejjouren.");
    let c2 = open(&d);
    let mut got = text(&c2, "kvinnojouren ");
    got.sort();
    assert_eq!(got, ["kalmar-kvinnojour", "umea-okand"]);
    // Parts must be known: "stug" is no word here.
    assert!(text(&c, "stugvila ").is_empty());
}

#[test]
fn all_words_must_match() {
    let c = catalogue();
    assert_eq!(text(&c, "vila malmö "), ["malmo-varmestuga"]);
    // No partnership has both: the ones with either, flagged as partial.
    let r = c.search(&Query::text("kvinnojour malmö "));
    assert!(r.partial && r.unmatched.is_empty(), "{r:?}");
    assert_eq!(r.total, 3);
    // Stopwords do not count while there are other words.
    assert_eq!(text(&c, "stöd för kvinnor "), ["kalmar-kvinnojour"]);
}

#[test]
fn every_field_is_searched() {
    let c = catalogue();
    assert_eq!(text(&c, "unizon "), ["kalmar-kvinnojour"]); // alias
    assert_eq!(text(&c, "socialnämnden "), ["kalmar-kvinnojour"]); // organ
    assert_eq!(text(&c, "västerbotten "), ["umea-okand"]); // region
    assert_eq!(text(&c, "hemlöshet "), ["malmo-varmestuga"]); // focus and text
    assert_eq!(text(&c, "röda korset "), ["lund-laxhjalp"]); // organisation
}

#[test]
fn name_and_organisation_rank_above_description() {
    let c = catalogue();
    // "läxhjälp" is the name of one, a word in the other's description.
    assert_eq!(text(&c, "läxhjälp "), ["lund-laxhjalp", "malmo-flykting"]);
    // "barn": organisation "Rädda Barnen" beats descriptions.
    let got = text(&c, "barnen ");
    assert_eq!(got[0], "malmo-flykting");
    // "stuga"-words: name beats description of the same word.
    let got = text(&c, "värmestuga ");
    assert_eq!(got, ["malmo-varmestuga"]);
}

#[test]
fn phrases() {
    let c = catalogue();
    assert_eq!(text(&c, "\"meningsfull fritid\""), ["goteborg-fritid"]);
    assert!(text(&c, "\"fritid meningsfull\"").is_empty());
    assert_eq!(text(&c, "\"skyddat boende\""), ["kalmar-kvinnojour"]);
    let mut got = text(&c, "boende ");
    got.sort();
    assert_eq!(got, ["kalmar-kvinnojour", "malmo-flykting"]);
    // Phrases fold diacritics like words.
    assert_eq!(text(&c, "\"centrala malmo\""), ["malmo-varmestuga"]);
}

#[test]
fn empty_text_lists_everything_in_swedish_order() {
    let c = catalogue();
    let r = c.search(&Query::default());
    assert_eq!(r.total, 6);
    let names: Vec<_> = r.hits.iter().map(|h| h.namn.as_str()).collect();
    assert_eq!(
        names,
        [
            "Kvinnojouren Kalmar",
            "Läxhjälp i Lund",
            "Meningsfull fritid i Göteborg",
            "Mottagning av ensamkommande",
            "Värmestuga för unga",
            "Ångestlinjen i Umeå",
        ]
    );
    let r = c.search(&Query {
        limit: 2,
        ..Query::default()
    });
    assert_eq!(r.total, 6);
    assert_eq!(r.hits.len(), 2);
}

#[test]
fn filters_combine_with_text() {
    let c = catalogue();
    let q = |f: &dyn Fn(&mut Query)| {
        let mut q = Query::default();
        f(&mut q);
        slugs(&c, &q)
    };
    assert_eq!(
        q(&|q| q.kommun = vec!["Malmö".into()]),
        ["malmo-flykting", "malmo-varmestuga"]
    );
    // Values of one filter are alternatives.
    assert_eq!(
        q(&|q| q.kommun = vec!["Malmö".into(), "Lund".into()]),
        ["lund-laxhjalp", "malmo-flykting", "malmo-varmestuga"]
    );
    // Filters combine.
    assert_eq!(
        q(&|q| {
            q.region = vec!["Region Skåne".into()];
            q.status = vec!["pågående".into()];
        }),
        ["malmo-varmestuga"]
    );
    assert_eq!(q(&|q| q.fokus = vec!["Barn och unga".into()]).len(), 4);
    assert_eq!(q(&|q| q.organisation = vec!["Mind".into()]), ["umea-okand"]);
    assert_eq!(q(&|q| q.år = Some(2017)), ["malmo-flykting"]);
    assert_eq!(
        q(&|q| q.år = Some(2023)),
        ["kalmar-kvinnojour", "goteborg-fritid", "malmo-varmestuga"]
    );
    assert!(q(&|q| q.kommun = vec!["Ingenstans".into()]).is_empty());
    // With text.
    assert_eq!(
        q(&|q| {
            q.text = "kvinnor ".into();
            q.kommun = vec!["Göteborg".into()];
        }),
        Vec::<String>::new()
    );
    assert_eq!(
        q(&|q| {
            q.text = "barn ".into();
            q.kommun = vec!["Göteborg".into()];
        }),
        ["goteborg-fritid"]
    );
}

#[test]
fn facets_count_all_matches() {
    let c = catalogue();
    let r = c.search(&Query {
        limit: 1,
        ..Query::default()
    });
    let f = &r.facets;
    assert_eq!(f.kommun[0], ("Malmö".to_string(), 2));
    assert_eq!(f.kommun.len(), 5);
    assert_eq!(f.region[0], ("Region Skåne".to_string(), 3));
    assert_eq!(f.fokus[0], ("Barn och unga".to_string(), 4));
    assert_eq!(
        f.status,
        [
            ("pågående".to_string(), 3),
            ("kommande".to_string(), 1),
            ("avslutad".to_string(), 1),
            ("okänd".to_string(), 1)
        ]
    );
    assert_eq!(f.år.first(), Some(&(2028, 1)));
    assert_eq!(f.år.last(), Some(&(2016, 1)));
    assert!(f.år.contains(&(2023, 3)));

    // A facet's counts ignore its own filter (to show the alternatives)
    // but apply the others; values without matches are left out.
    let r = c.search(&Query {
        kommun: vec!["Malmö".into()],
        status: vec!["pågående".into()],
        ..Query::default()
    });
    assert_eq!(r.total, 1);
    assert_eq!(
        r.facets.kommun,
        [
            ("Göteborg".to_string(), 1),
            ("Kalmar".to_string(), 1),
            ("Malmö".to_string(), 1)
        ]
    );
    assert_eq!(
        r.facets.status,
        [("pågående".to_string(), 1), ("avslutad".to_string(), 1)]
    );
    assert_eq!(r.facets.fokus.len(), 2); // Hemlöshet, Barn och unga

    // Text restricts facet counts too; a selected value without match stays.
    let r = c.search(&Query {
        text: "kvinnojour ".into(),
        kommun: vec!["Lund".into()],
        ..Query::default()
    });
    assert_eq!(r.total, 0);
    assert_eq!(
        r.facets.kommun,
        [("Kalmar".to_string(), 1), ("Lund".to_string(), 0)]
    );
}

#[test]
fn hits_show_what_results_need() {
    let c = catalogue();
    let r = c.search(&Query::text("flyktingar läxhjälp"));
    let h = &r.hits[0];
    assert_eq!(h.slug, "malmo-flykting");
    assert_eq!(h.namn, "Mottagning av ensamkommande");
    assert_eq!(h.parter, "Rädda Barnen och Malmö");
    assert_eq!(h.period, "2021-01-01 – 2024-12-31");
    assert_eq!(h.status, "avslutad");
    assert_eq!(
        h.snippet_html,
        "Boende och stöd för varje <mark>flykting</mark> som kommer till Malmö, med \
         <mark>läxhjälp</mark> på kvällarna."
    );
    let r = c.search(&Query::text("kvinnojour"));
    assert_eq!(r.hits[0].namn_html, "<mark>Kvinnojouren</mark> Kalmar");
    let r = c.search(&Query::text("malmo"));
    assert!(r.hits[0].snippet_html.contains("<mark>Malmö</mark>"));
}

#[test]
fn long_descriptions_are_cut_around_the_matches() {
    let mut d = docs();
    d[0].beskrivning = format!(
        "{} Här nämns <mål> & medel för ett jourboende. {}",
        "Inledning utan något av intresse. ".repeat(10),
        "Avslutning som inte heller säger något. ".repeat(10)
    );
    let c = open(&d);
    let s = &c.search(&Query::text("jourboende")).hits[0].snippet_html;
    assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
    assert!(
        s.contains("Här nämns &lt;mål&gt; &amp; medel för ett <mark>jourboende</mark>."),
        "{s}"
    );
    assert!(s.chars().count() < 300, "{s}");
}

#[test]
fn build_index_is_reproducible() {
    let a = build_index(&docs()).unwrap();
    let b = build_index(&docs()).unwrap();
    assert!(a == b, "two builds differ");
    let mut shuffled = docs();
    shuffled.reverse();
    shuffled.swap(0, 3);
    let c = build_index(&shuffled).unwrap();
    assert!(a == c, "input order changed the bundle");
    let texts = |b: &iop_search::Bundles| {
        let texts: Vec<_> = b
            .parts
            .iter()
            .filter(|(n, _)| n.starts_with("delar/x-"))
            .cloned()
            .collect();
        assert!(!texts.is_empty());
        texts
    };
    let mut changed = docs();
    changed[2].namn.push('!');
    let d = build_index(&changed).unwrap();
    assert!(d.index != a.index && texts(&d) == texts(&a));
    let mut changed = docs();
    changed[2].beskrivning.push('!');
    assert!(texts(&build_index(&changed).unwrap()) != texts(&a));
    // All are gzip as written.
    assert!(a.index.starts_with(&[0x1f, 0x8b]));
    assert!(a.parts.iter().all(|(_, p)| p.starts_with(&[0x1f, 0x8b])));
}

/// The queries a part-by-part search is checked on: words, a prefix, a
/// phrase, typos, a compound part, an unknown word, filters.
fn part_queries() -> Vec<Query> {
    let mut queries: Vec<Query> = [
        "malmo",
        "boende ",
        "\"skyddat boende\"",
        "kvinoj",
        "kvinnojuor ",
        "jour ",
        "stödd till kvinor ",
        "qwxyzzy ",
    ]
    .into_iter()
    .map(Query::text)
    .collect();
    queries.push(Query {
        text: "stöd".into(),
        kommun: vec!["Malmö".into()],
        ..Query::default()
    });
    queries
}

#[test]
fn a_search_names_the_parts_it_needs_and_then_answers_as_with_all() {
    let mut docs = docs();
    // Enough text for several parts.
    for i in 0..400 {
        let mut d = docs[i % docs.len()].clone();
        d.slug = format!("{}-{i}", d.slug);
        d.beskrivning = format!("{} ord{i}x{} fler{i}ord", d.beskrivning, i * 7);
        docs.push(d);
    }
    let b = build_index(&docs).unwrap();
    assert!(b.parts.len() > 2, "{} parts", b.parts.len());
    let full = Catalogue::open_bundles(&b).unwrap();
    let part = |name: &str| &b.parts.iter().find(|(n, _)| n == name).unwrap().1;
    for q in part_queries() {
        let mut c = Catalogue::open(&b.index).unwrap();
        let mut fetched = Vec::new();
        // The parts the results need, then those the hits' snippets need.
        let results = loop {
            let needs = match c.try_search(&q) {
                Ok(results) if results.texts_needed.is_empty() => break results,
                Ok(results) => {
                    assert!(
                        results
                            .texts_needed
                            .iter()
                            .all(|n| n.starts_with("delar/x-"))
                    );
                    results.texts_needed
                }
                Err(needs) => needs,
            };
            assert!(!needs.is_empty());
            for name in needs {
                assert!(!fetched.contains(&name), "{name} asked for twice");
                c.add_part(part(&name)).unwrap();
                fetched.push(name);
            }
        };
        assert_eq!(results, full.search(&q), "{q:?}");
        assert_eq!(full.try_search(&q).as_ref(), Ok(&results));
        // Positions only for phrases.
        if !q.text.contains('"') {
            assert!(
                fetched.iter().all(|n| !n.starts_with("delar/p")),
                "{q:?}: {fetched:?}"
            );
        }
        assert!(fetched.len() < b.parts.len(), "{q:?} fetched every part");
    }
}

/// A part is named by what it holds: a part of another build with the
/// same name is the same part, and a browser may use its cached copy; an
/// edit renames only the parts it changed; a part this index does not name
/// is refused.
#[test]
fn parts_are_named_by_what_they_hold() {
    let mut docs = docs();
    for i in 0..600 {
        let mut d = docs[i % docs.len()].clone();
        d.slug = format!("{}-{i}", d.slug);
        d.namn = format!("{} {i}", d.namn);
        d.beskrivning = format!("{} ord{i}x{}", d.beskrivning, i * 7);
        docs.push(d);
    }
    let b = build_index(&docs).unwrap();
    let mut other = docs.clone();
    other[100].namn = "Något helt annat".into();
    other[100]
        .beskrivning
        .push_str(" Och ett nytt ord: zebrafinkar.");
    let o = build_index(&other).unwrap();
    let mine: std::collections::HashMap<&String, &Vec<u8>> =
        b.parts.iter().map(|(n, p)| (n, p)).collect();
    let (same, renamed): (Vec<_>, Vec<_>) = o.parts.iter().partition(|(n, _)| mine.contains_key(n));
    assert!(!renamed.is_empty(), "the edit changed no part");
    assert!(
        same.len() > renamed.len() * 2,
        "{} parts kept their names, {} got new ones",
        same.len(),
        renamed.len()
    );
    for (name, part) in &same {
        assert!(mine[name] == part, "{name} differs between the builds");
    }
    let mut c = Catalogue::open(&b.index).unwrap();
    for (_, part) in &renamed {
        assert!(c.add_part(part).is_err());
    }
    assert!(c.add_part(&b.index).is_err());
    assert!(c.add_part(b"").is_err());
    for (_, part) in &b.parts {
        c.add_part(part).unwrap();
    }
}

/// The results never wait for the descriptions: without their texts parts
/// the hits are the same, without snippets, and the results name the
/// texts parts they need; with those, the snippets come.
#[test]
fn without_texts_the_same_hits_without_snippets() {
    let b = build_index(&docs()).unwrap();
    let mut c = Catalogue::open(&b.index).unwrap();
    for (_, part) in b.parts.iter().filter(|(n, _)| !n.starts_with("delar/x-")) {
        c.add_part(part).unwrap();
    }
    let full = catalogue();
    let queries = [
        Query::default(),
        Query::text("malmo"),
        Query::text("boende "),
        Query::text("\"skyddat boende\""),
        Query::text("kvinoj"),
        Query {
            text: "stöd".into(),
            kommun: vec!["Malmö".into()],
            ..Query::default()
        },
    ];
    for q in &queries {
        let without = c.search(q);
        let with = full.search(q);
        assert!(without.hits.iter().all(|h| h.snippet_html.is_empty()));
        assert!(with.texts_needed.is_empty());
        assert!(
            !without.texts_needed.is_empty() || without.hits.is_empty(),
            "{q:?}"
        );
        let mut blanked = with.clone();
        for h in &mut blanked.hits {
            h.snippet_html.clear();
        }
        blanked.texts_needed = without.texts_needed.clone();
        assert_eq!(without, blanked, "{q:?}");
    }
    assert!(
        full.search(&Query::text("malmo"))
            .hits
            .iter()
            .any(|h| !h.snippet_html.is_empty())
    );
    // Added later, the texts give the full results.
    for q in &queries {
        for name in c.search(q).texts_needed {
            let part = &b.parts.iter().find(|(n, _)| *n == name).unwrap().1;
            c.add_part(part).unwrap();
        }
        assert_eq!(c.search(q), full.search(q), "{q:?}");
    }
}

/// Texts of other descriptions are parts of another name: refused.
#[test]
fn texts_of_another_build_are_refused() {
    let b = build_index(&docs()).unwrap();
    let mut other = docs();
    other[1].beskrivning = "Något helt annat.".into();
    let o = build_index(&other).unwrap();
    let mut c = Catalogue::open(&b.index).unwrap();
    let mine: Vec<&String> = b.parts.iter().map(|(n, _)| n).collect();
    let theirs: Vec<_> = o
        .parts
        .iter()
        .filter(|(n, _)| n.starts_with("delar/x-") && !mine.contains(&n))
        .collect();
    assert!(!theirs.is_empty());
    for (_, part) in theirs {
        assert!(c.add_part(part).is_err());
    }
}

#[test]
fn empty_catalogue_and_bad_bundles() {
    let c = open(&[]);
    assert!(c.is_empty());
    let r = c.search(&Query::text("malmö"));
    assert_eq!(r.total, 0);
    assert!(Catalogue::open(b"").is_err());
    assert!(Catalogue::open(b"not a bundle at all").is_err());
    let mut bundle = build_index(&docs()).unwrap().index;
    bundle.truncate(bundle.len() / 2);
    assert!(Catalogue::open(&bundle).is_err());
}

#[test]
fn query_json_may_name_only_what_it_uses() {
    let q: Query = serde_json::from_str(r#"{"text":"malmö","kommun":["Malmö"]}"#).unwrap();
    assert_eq!(q.limit, iop_search::DEFAULT_LIMIT);
    assert_eq!(q.år, None);
    let q: Query = serde_json::from_str(r#"{"år":2023}"#).unwrap();
    assert_eq!(q.år, Some(2023));
}

/// An indexer that keeps its shards from build to build gives, after each
/// edit, the very files a fresh index of the same documents gives: a
/// rename that moves a document first, a coordination that a new word in
/// another document completes, a removal and an addition, over enough documents
/// for several shards.
#[test]
fn an_indexer_kept_between_builds_gives_what_a_fresh_one_gives() {
    use std::sync::Arc;
    let words = [
        "stöd",
        "barn",
        "boende",
        "läxhjälp",
        "idrott",
        "jour",
        "mat",
    ];
    let mut docs: Vec<Arc<SearchDoc>> = (0..2600)
        .map(|i| {
            let w = |k: usize| words[(i * k + k) % words.len()];
            Arc::new(doc(
                &format!("p-{i}"),
                &format!("Partnerskap {i} om {}", w(3)),
                &format!("Vi ger {} och {} i {} år.", w(1), w(2), i % 7),
                &[&format!("Förening {}", i % 40)],
                &[["Malmö", "Lund", "Örebro"][i % 3]],
                &["Region Skåne"],
                &[w(5)],
                ["pågående", "avslutad"][i % 2],
                [2020 + (i % 5) as i32],
            ))
        })
        .collect();
    let fresh = |docs: &[Arc<SearchDoc>]| build_index(docs.iter().map(|d| &**d)).unwrap();
    let mut indexer = iop_search::Indexer::default();
    assert!(indexer.index(&docs).unwrap() == fresh(&docs), "first build");

    let edit = |docs: &mut Vec<Arc<SearchDoc>>, i: usize, f: &dyn Fn(&mut SearchDoc)| {
        let mut d = (*docs[i]).clone();
        f(&mut d);
        docs[i] = Arc::new(d);
    };
    edit(&mut docs, 1500, &|d| d.namn = format!("Aaa {}", d.namn));
    assert!(indexer.index(&docs).unwrap() == fresh(&docs), "a rename");
    // Not completed yet: no document has a word that ends "tjejjouren".
    edit(&mut docs, 900, &|d| {
        d.beskrivning.push_str(" Kvinno- och tjejjouren.")
    });
    assert!(
        indexer.index(&docs).unwrap() == fresh(&docs),
        "a coordination"
    );
    // A new word in another document completes it: "kvinnojouren".
    edit(&mut docs, 7, &|d| {
        d.beskrivning.push_str(" Jouren har öppet.")
    });
    let b = indexer.index(&docs).unwrap();
    assert!(b == fresh(&docs), "a new word");
    let catalogue = Catalogue::open_bundles(&b).unwrap();
    let found = |text: &str| {
        let query = Query {
            text: text.into(),
            ..Query::default()
        };
        catalogue
            .search(&query)
            .hits
            .iter()
            .map(|h| h.slug.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(found("\"kvinnojouren\""), ["p-900"]);
    // What the table has of a document: a facet's value for another it
    // has, one no other document has, one it takes from the last to have
    // it; another status; other years.
    edit(&mut docs, 11, &|d| d.kommuner = vec!["Lund".into()]);
    assert!(
        indexer.index(&docs).unwrap() == fresh(&docs),
        "another kommun"
    );
    edit(&mut docs, 12, &|d| {
        d.organisationer = vec!["Helt ny förening".into()]
    });
    assert!(indexer.index(&docs).unwrap() == fresh(&docs), "a new value");
    edit(&mut docs, 12, &|d| {
        d.organisationer = vec!["Förening 1".into()]
    });
    assert!(
        indexer.index(&docs).unwrap() == fresh(&docs),
        "a value gone"
    );
    edit(&mut docs, 13, &|d| {
        d.status = "kommande".into();
        d.status_ordning = 1;
        d.år = vec![2031, 2030];
    });
    assert!(
        indexer.index(&docs).unwrap() == fresh(&docs),
        "a status, years"
    );
    // Several at once, one of them only in its description.
    for i in [20, 21, 22] {
        edit(&mut docs, i, &|d| d.beskrivning.push_str(" Och mer."));
    }
    edit(&mut docs, 23, &|d| d.namn = "Zz sist".into());
    assert!(indexer.index(&docs).unwrap() == fresh(&docs), "several");
    docs.remove(2000);
    docs.push(docs[5].clone());
    edit(&mut docs, 2599, &|d| d.slug = "ny".into());
    assert!(
        indexer.index(&docs).unwrap() == fresh(&docs),
        "a removal and an addition"
    );
    // One whose slug comes in the middle: every number after it moves.
    let mut middle = (*docs[10]).clone();
    middle.slug = "p-1000a".into();
    middle.namn = "Mitt i".into();
    docs.insert(1001, Arc::new(middle));
    assert!(
        indexer.index(&docs).unwrap() == fresh(&docs),
        "one in the middle"
    );
    edit(&mut docs, 1500, &|d| {
        d.beskrivning.push_str(" Efter flytten.")
    });
    assert!(
        indexer.index(&docs).unwrap() == fresh(&docs),
        "an edit after it"
    );
    docs.remove(1700);
    docs.remove(3);
    assert!(indexer.index(&docs).unwrap() == fresh(&docs), "two gone");
    docs.truncate(1000);
    assert!(
        indexer.index(&docs).unwrap() == fresh(&docs),
        "fewer shards"
    );
    // The word counts stay right through a slug that is there twice.
    docs.push(docs[3].clone());
    assert!(
        indexer.index(&docs).unwrap() == fresh(&docs),
        "one slug twice"
    );
    docs.pop();
    edit(&mut docs, 3, &|d| {
        d.beskrivning = "Helt nya ord: rullskridsko.".into()
    });
    assert!(
        indexer.index(&docs).unwrap() == fresh(&docs),
        "after one slug twice"
    );
}
