//! Benchmark: a synthetic catalogue of N partnerships (default 10 000),
//! the size of its bundles and the time per query, natively.
//!
//! ```text
//! cargo run --release -p iop-search --features indexing --example bench -- [N] [--out DIR] [--runs R] [--dump FILE]
//! ```
//!
//! `--out` also writes the bundles (as `iop build` writes `sok/index.bin`
//! and `sok/delar/`) to DIR and `--dump` the queries with their results
//! (every part added) as JSON, to time the WebAssembly module on
//! the same bundles and check that it answers the same:
//! `node crates/iop-search-wasm/bench.mjs MODULE DIR DUMP`.

use std::io::Write;
use std::time::{Duration, Instant};

use iop_search::{Catalogue, Query, SearchDoc, build_index};

fn main() {
    let mut n = 10_000;
    let mut out = None;
    let mut runs = 5;
    let mut dump = None;
    let usage = "usage: bench [N] [--out DIR] [--runs R] [--dump FILE]";
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next(),
            "--dump" => dump = args.next(),
            "--runs" => runs = args.next().and_then(|r| r.parse().ok()).expect(usage),
            _ => n = a.parse().expect(usage),
        }
    }

    let docs = synthetic(n);
    let t = Instant::now();
    let bundles = build_index(&docs).expect("build_index");
    let build = t.elapsed();
    println!("docs:            {n}");
    println!("build_index:     {:.2} s", build.as_secs_f64());
    println!(
        "index:           {} bytes gzip (as written), {} bytes inflated",
        bundles.index.len(),
        inflate(&bundles.index).len()
    );
    let texts: usize = bundles
        .parts
        .iter()
        .filter(|(n, _)| n.starts_with("delar/x-"))
        .map(|(_, p)| p.len())
        .sum();
    println!("texts parts:     {texts} bytes gzip in all");
    if let Some(dir) = out {
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).expect("create --out");
        std::fs::write(dir.join("index.bin"), &bundles.index).expect("write index");
        std::fs::create_dir_all(dir.join("delar")).expect("create delar");
        for (name, part) in &bundles.parts {
            std::fs::write(dir.join(name), part).expect("write part");
        }
        println!("written to:      {}/index.bin, delar/", dir.display());
    }

    let t = Instant::now();
    let mut catalogue = Catalogue::open(&bundles.index).expect("open");
    println!("open:            {:.1} ms", ms(t.elapsed()));
    let t = Instant::now();
    for (_, part) in &bundles.parts {
        catalogue.add_part(part).expect("add_part");
    }
    println!(
        "add_part:        {:.1} ms for all {} parts",
        ms(t.elapsed()),
        bundles.parts.len()
    );

    let queries = queries();
    if let Some(path) = dump {
        // The queries and their results, for comparison with the wasm module.
        let all: Vec<_> = queries
            .iter()
            .map(|q| serde_json::json!({ "query": q, "results": catalogue.search(q) }))
            .collect();
        std::fs::write(&path, serde_json::to_vec(&all).expect("json")).expect("write dump");
    }
    // Warm up (lazy tables, allocator).
    for q in &queries {
        catalogue.search(q);
    }
    let mut times = Vec::new();
    let mut per_query = Vec::new();
    for q in &queries {
        let mut best = Duration::MAX;
        let mut total = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let r = catalogue.search(q);
            let e = t.elapsed();
            times.push(e);
            best = best.min(e);
            total = r.total;
        }
        per_query.push((q, best, total));
    }
    times.sort();
    let pct = |p: f64| ms(times[((times.len() - 1) as f64 * p).round() as usize]);
    println!(
        "query:           median {:.2} ms, p95 {:.2} ms, max {:.2} ms ({} runs of {} queries)",
        pct(0.5),
        pct(0.95),
        pct(1.0),
        times.len(),
        queries.len()
    );
    let mut stdout = std::io::stdout().lock();
    for (q, best, total) in per_query {
        let _ = writeln!(
            stdout,
            "  {:>7.2} ms {:>6} hits  {}",
            ms(best),
            total,
            describe(q)
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn inflate(gz: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut out)
        .expect("inflate");
    out
}

fn describe(q: &Query) -> String {
    let mut s = format!("{:?}", q.text);
    for (k, v) in [
        ("kommun", &q.kommun),
        ("region", &q.region),
        ("fokus", &q.fokus),
        ("organisation", &q.organisation),
        ("status", &q.status),
    ] {
        if !v.is_empty() {
            s.push_str(&format!(" {k}={v:?}"));
        }
    }
    if let Some(y) = q.år {
        s.push_str(&format!(" år={y}"));
    }
    s
}

/// The queries timed: typed words, prefixes, typos, phrases, filters.
pub fn queries() -> Vec<Query> {
    let mut qs: Vec<Query> = [
        "",
        "k",
        "kv",
        "kvinnoj",
        "kvinnojour",
        "kvinnojourer",
        "kvinnojuoren",
        "flyktingar",
        "malmo",
        "göteborg",
        "stöd till barn",
        "läxhjälp för unga i",
        "\"meningsfull fritid\"",
        "ensamhet äldre mötesplats",
        "arbetsmarknad praktik stöd",
        "stadsmissionen",
        "a",
        "s",
        "ungdomar idrott förening",
        "hemlöshet natthärbärge",
    ]
    .into_iter()
    .map(Query::text)
    .collect();
    qs.push(Query {
        kommun: vec!["Malmö".into()],
        ..Query::default()
    });
    qs.push(Query {
        text: "stöd".into(),
        kommun: vec!["Malmö".into(), "Lund".into()],
        status: vec!["pågående".into()],
        ..Query::default()
    });
    qs.push(Query {
        text: "barn".into(),
        fokus: vec!["Barn och unga".into()],
        år: Some(2023),
        ..Query::default()
    });
    qs.push(Query {
        region: vec!["Region Skåne".into()],
        år: Some(2020),
        ..Query::default()
    });
    qs
}

/// Deterministic pseudo-random numbers (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in 0..n.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Skewed towards 0, like word frequencies.
    fn zipf(&mut self, n: usize) -> usize {
        let r = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((r * r * r) * n as f64) as usize
    }

    fn pick<'a>(&mut self, v: &'a [&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

const KOMMUNER: &[&str] = &[
    "Stockholm",
    "Göteborg",
    "Malmö",
    "Uppsala",
    "Linköping",
    "Örebro",
    "Västerås",
    "Helsingborg",
    "Norrköping",
    "Jönköping",
    "Umeå",
    "Lund",
    "Borås",
    "Huddinge",
    "Eskilstuna",
    "Nacka",
    "Gävle",
    "Halmstad",
    "Södertälje",
    "Sundsvall",
    "Botkyrka",
    "Växjö",
    "Haninge",
    "Kristianstad",
    "Kungsbacka",
    "Luleå",
    "Järfälla",
    "Täby",
    "Karlstad",
    "Solna",
    "Skellefteå",
    "Mölndal",
    "Kalmar",
    "Falun",
    "Östersund",
    "Trollhättan",
    "Borlänge",
    "Norrtälje",
    "Uddevalla",
    "Ängelholm",
    "Åre",
    "Örnsköldsvik",
];
const REGIONER: &[&str] = &[
    "Region Stockholm",
    "Västra Götalandsregionen",
    "Region Skåne",
    "Region Uppsala",
    "Region Östergötland",
    "Region Örebro län",
    "Region Västmanland",
    "Region Jönköpings län",
    "Region Västerbotten",
    "Region Kalmar län",
    "Region Dalarna",
    "Region Norrbotten",
];
const FOKUS: &[&str] = &[
    "Våld i nära relationer",
    "Hemlöshet och utsatta EU-medborgare",
    "Flyktingmottagande och integration",
    "Arbetsmarknad",
    "Barn och unga",
    "Fritid och idrott",
    "Äldre och ensamhet",
    "Funktionsnedsättning",
    "Hälsa och vård",
    "Brottsoffer",
    "Beroende",
    "Kultur",
];
const STATUS: &[&str] = &["pågående", "kommande", "avslutad", "okänd"];
const ORG_KINDS: &[&str] = &[
    "Stadsmissionen",
    "Kvinnojouren",
    "Tjejjouren",
    "Röda Korset",
    "Rädda Barnen",
    "Frälsningsarmén",
    "Idrottsföreningen",
    "Studieförbundet",
    "Hyresgästföreningen",
    "Fritidsgården",
    "Föreningen Mötesplats",
    "Brottsofferjouren",
    "Kyrkans Hus",
    "Läxhjälpsföreningen",
    "Seniorföreningen",
];
const NAME_HEADS: &[&str] = &[
    "Kvinnojour",
    "Värmestuga",
    "Läxhjälp",
    "Mötesplats",
    "Natthärbärge",
    "Skyddat boende",
    "Meningsfull fritid",
    "Språkcafé",
    "Arbetsträning",
    "Stödboende",
    "Familjecentral",
    "Sommarlovsaktiviteter",
    "Samtalsstöd",
    "Praktikplatser",
    "Träffpunkt för äldre",
    "Mentorsprogram",
    "Jourtelefon",
    "Matbank",
];
/// Stems and endings: combined into a vocabulary of a few thousand words.
const STEMS: &[&str] = &[
    "stöd",
    "barn",
    "ung",
    "kvinn",
    "flykting",
    "boende",
    "förening",
    "kommun",
    "arbet",
    "familj",
    "mötesplats",
    "fritid",
    "idrott",
    "samtal",
    "hjälp",
    "trygghet",
    "gemenskap",
    "ensamhet",
    "äldre",
    "hälsa",
    "skol",
    "läxhjälp",
    "språk",
    "praktik",
    "jour",
    "våld",
    "relation",
    "hem",
    "natt",
    "mat",
    "kultur",
    "musik",
    "dans",
    "natur",
    "friluft",
    "cykel",
    "simning",
    "fotboll",
    "schack",
    "konst",
    "verkstad",
    "café",
    "lokal",
    "insats",
    "verksamhet",
    "ideell",
    "frivillig",
    "volontär",
    "ledare",
    "mentor",
    "förälder",
    "skydd",
    "brott",
    "offer",
    "beroende",
    "missbruk",
    "psykisk",
    "sorg",
    "suicid",
    "integration",
    "etablering",
    "nyanländ",
    "asyl",
    "migration",
    "bostad",
    "hyra",
    "ekonomi",
    "skuld",
    "rådgivning",
    "vägledning",
    "utbildning",
    "studie",
    "cirkel",
    "digital",
    "dator",
    "telefon",
    "chatt",
    "uppsökande",
    "fält",
    "kväll",
    "helg",
    "sommar",
    "lov",
    "läger",
    "resa",
    "måltid",
    "kläder",
    "dusch",
    "tvätt",
    "sjukvård",
    "tandvård",
    "kris",
    "trauma",
    "funktion",
    "tillgänglighet",
    "delaktighet",
    "inflytande",
    "demokrati",
    "medborgare",
    "samverkan",
    "partnerskap",
    "överenskommelse",
    "avtal",
    "finansiering",
    "bidrag",
    "utveckling",
];
const ENDINGS: &[&str] = &[
    "", "en", "ar", "arna", "er", "erna", "et", "ande", "are", "ens", "s", "ning", "lig", "het",
];
const FILLER: &[&str] = &[
    "och",
    "i",
    "för",
    "med",
    "till",
    "som",
    "att",
    "på",
    "av",
    "den",
    "det",
    "de",
    "ett",
    "en",
    "om",
    "från",
    "under",
    "efter",
    "genom",
    "mellan",
    "där",
    "när",
    "också",
    "samt",
    "varje",
    "vecka",
    "år",
    "staden",
    "området",
    "personer",
    "människor",
    "målgruppen",
];

fn word(rng: &mut Rng) -> String {
    if rng.below(3) == 0 {
        return rng.pick(FILLER).to_string();
    }
    let stem = STEMS[rng.zipf(STEMS.len())];
    let mut w = stem.to_string();
    if rng.below(6) == 0 {
        // A compound.
        w.push_str(STEMS[rng.below(STEMS.len())]);
    }
    w.push_str(ENDINGS[rng.zipf(ENDINGS.len())]);
    w
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = word(rng);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(&w);
        }
    }
    s.push('.');
    s
}

/// `n` plausible partnerships.
pub fn synthetic(n: usize) -> Vec<SearchDoc> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    // About one organisation per three partnerships, as in real catalogues.
    let orgs: Vec<String> = (0..n.div_ceil(3))
        .map(|i| {
            format!(
                "{} {}{}",
                rng.pick(ORG_KINDS),
                rng.pick(KOMMUNER),
                if i % 5 == 0 { " ideell förening" } else { "" }
            )
        })
        .collect();
    (0..n)
        .map(|i| {
            let k = rng.zipf(KOMMUNER.len());
            let kommun = KOMMUNER[k];
            let region = REGIONER[k % REGIONER.len()];
            let org = &orgs[rng.below(orgs.len())];
            let mut organisationer = vec![org.clone()];
            if rng.below(4) == 0 {
                organisationer.push(orgs[rng.below(orgs.len())].clone());
            }
            let mut fokus = vec![FOKUS[rng.zipf(FOKUS.len())].to_string()];
            if rng.below(2) == 0 {
                let f = FOKUS[rng.below(FOKUS.len())].to_string();
                if !fokus.contains(&f) {
                    fokus.push(f);
                }
            }
            let start = 2008 + rng.below(18) as i32;
            let years = 1 + rng.below(5) as i32;
            let status = STATUS[if start + years < 2026 {
                2
            } else {
                rng.below(2)
            }]
            .to_string();
            let (år, period) = if rng.below(20) == 0 {
                (Vec::new(), "okänd period".to_string())
            } else {
                (
                    (start..start + years).collect(),
                    format!("{start}-01-01 – {}-12-31", start + years - 1),
                )
            };
            let beskrivning = (0..2 + rng.below(5))
                .map(|_| {
                    let len = 6 + rng.below(14);
                    sentence(&mut rng, len)
                })
                .collect::<Vec<_>>()
                .join(" ");
            SearchDoc {
                slug: format!("p{i:05}"),
                namn: format!("{} {} {}", rng.pick(NAME_HEADS), kommun, i),
                beskrivning,
                om_organisationer: Vec::new(),
                organisationsnamn: if rng.below(5) == 0 {
                    vec![format!("{} riksförbund", rng.pick(ORG_KINDS))]
                } else {
                    Vec::new()
                },
                parter: format!("{} och {} kommun", organisationer.join(", "), kommun),
                organisationer,
                kommuner: vec![kommun.to_string()],
                regioner: vec![region.to_string()],
                organ: vec![format!("Socialnämnden i {kommun}")],
                fokus,
                status_ordning: STATUS.iter().position(|s| *s == status).unwrap_or(0) as u32,
                status,
                år,
                period,
            }
        })
        .collect()
}
