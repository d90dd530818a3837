//! Open data: the catalogue as files others can reuse, in /data/. CSV and
//! JSON of the partnerships, their parties, the organisations and the
//! counts per kommun and region; a JSON Schema of the JSON; a Frictionless
//! Data Package describing the CSV files; and a DCAT-AP-SE record for
//! Sweden's data portal. Every file is derived from the rows below, and every
//! CSV column is declared once (`Kolumn`), so the CSV, the Data Package and
//! the /data/ page cannot disagree.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value, json};

use super::view::Views;
use super::{Build, Bytes, Output, Renderer};
use crate::diagnostic::Diagnostic;
use crate::model::{Catalogue, Offentlig, Slut, Status};
use crate::reference::{GOTLAND_LANSKOD, reference};

pub struct Data;

/// How the items of a list are joined in one CSV cell.
pub const AVGRANSARE: &str = " | ";

/// The values of the content files that become items of a list in a CSV
/// cell, where '|' would split them: by the file (its folder under
/// content/, or its name) and the value's JSON pointer, with `*` for any
/// place in a list. The checker refuses a '|' in them.
const LISTVARDEN: [(&str, &str); 12] = [
    ("partnerskap", "/offentliga_parter/*/organ"),
    ("partnerskap", "/offentliga_parter/*/organ/*"),
    ("partnerskap", "/övriga_parter/*"),
    ("partnerskap", "/källor/*/titel"),
    ("partnerskap", "/källor/*/url"),
    ("partnerskap", "/länkar/*/titel"),
    ("partnerskap", "/länkar/*/url"),
    ("organisationer", "/namn"),
    ("organisationer", "/alias/*"),
    ("fokusomraden.yaml", "/*/namn"),
    ("kallor.yaml", "/*/titel"),
    ("kallor.yaml", "/*/url"),
];

/// Whether the value at `pointer` in the content file `file` (relative to
/// the site root) becomes an item of a list in a CSV cell (see
/// `LISTVARDEN`).
pub fn is_list_item(file: &Path, pointer: &str) -> bool {
    // content/partnerskap/x.md → "partnerskap"; content/kallor.yaml → "kallor.yaml".
    let Some(place) = file
        .components()
        .nth(1)
        .and_then(|c| c.as_os_str().to_str())
    else {
        return false;
    };
    let pattern: String = pointer
        .split('/')
        .skip(1)
        .map(|t| {
            if t.parse::<usize>().is_ok() {
                "/*".to_owned()
            } else {
                format!("/{t}")
            }
        })
        .collect();
    LISTVARDEN.contains(&(place, pattern.as_str()))
}

impl Renderer for Data {
    fn render(&self, build: &Build, output: &mut Output) -> Result<(), Diagnostic> {
        let rows = build.rows();
        for tabell in tabeller() {
            output.add_shared(format!("data/{}", tabell.fil()), (tabell.csv)(rows));
        }
        let partnerskap = rows.partnerskap.clone();
        output.add_shared(
            "data/partnerskap.json",
            Bytes::later(move || partnerskap.json()),
        );
        output.add("data/organisationer.json", pretty(&rows.organisationer));
        output.add(
            "data/partnerskap.schema.json",
            pretty(&schemars::schema_for!(Vec<PartnerskapData>)),
        );
        output.add(
            "data/organisationer.schema.json",
            pretty(&schemars::schema_for!(Vec<OrganisationData>)),
        );
        output.add("data/datapackage.json", pretty(&datapackage(build)));
        output.add("data/dcat.jsonld", pretty(&dcat(build)));
        Ok(())
    }
}

fn pretty(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("plain data serializes");
    bytes.push(b'\n');
    bytes
}

/// Views whose URLs are absolute: the data leaves the site.
fn views<'a>(build: &'a Build) -> Views<'a> {
    Views::new(
        build.catalogue,
        build.groups(),
        build.statuses(),
        build.config.base_url().to_owned(),
        build.as_of,
    )
}

/// Ett partnerskap i katalogen, med alla uppgifter och med kommuner, regioner, organisationer och fokusområden uppslagna.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PartnerskapData {
    /// Permanent id; filnamnet i content/partnerskap/ och sista delen av adressen.
    pub slug: String,
    /// Partnerskapets permanenta adress.
    pub url: String,
    pub namn: String,
    /// Kommuner och regioner som är parter, i den ordning posten anger dem.
    pub offentliga_parter: Vec<OffentligData>,
    /// Idéburna organisationer som är parter.
    pub ideburna_parter: Vec<OrganisationRef>,
    /// Övriga parter (bolag och andra), som de skrivits.
    pub ovriga_parter: Vec<String>,
    pub fokusomraden: Vec<FokusRef>,
    /// Startdatum som redaktören skrev det: ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD; null om okänt.
    pub start: Option<String>,
    /// Slutdatum som det skrevs, eller "tills vidare"; null om okänt.
    pub slut: Option<String>,
    /// Tidigare slutdatum som avtalet förlängts från, som de skrevs.
    pub forlangningar: Vec<String>,
    /// Datum då partnerskapet avslutades enligt en källa, som det skrevs.
    pub avslutad: Option<String>,
    /// Datum då en daterad källa senast bekräftade att det var aktivt, som det skrevs.
    pub bekraftad: Option<String>,
    /// Första dagen startdatumet kan avse (2022 → 2022-01-01).
    #[schemars(extend("format" = "date"))]
    pub start_dag: Option<String>,
    /// Sista dagen slutdatumet kan avse (2024 → 2024-12-31); null för "tills vidare" och okänt.
    #[schemars(extend("format" = "date"))]
    pub slut_dag: Option<String>,
    /// Sista dagen datumet i avslutad kan avse.
    #[schemars(extend("format" = "date"))]
    pub avslutad_dag: Option<String>,
    /// Första dagen datumet i bekräftad kan avse.
    #[schemars(extend("format" = "date"))]
    pub bekraftad_dag: Option<String>,
    /// Avtalets sista dag när den är känd: avslutad_dag, annars slut_dag.
    #[schemars(extend("format" = "date"))]
    pub sista_dag: Option<String>,
    /// Sant när avtalet gäller tills vidare.
    pub tills_vidare: bool,
    /// Status per status_per, härledd ur datumen (se /om/status/).
    #[schemars(schema_with = "status_schema")]
    pub status: String,
    /// Dagen statusen gäller: dagen filerna byggdes.
    #[schemars(extend("format" = "date"))]
    pub status_per: String,
    pub kallor: Vec<KallaData>,
    /// Avtal, beslut och andra dokument; url är null när dokumentet inte finns på nätet.
    pub lankar: Vec<LankData>,
    /// Tidigare slugs, som fortsätter att fungera som adresser.
    pub alias: Vec<String>,
    /// Beskrivningen som ren text.
    pub beskrivning: String,
    /// Dagen posten lades till i katalogen.
    #[schemars(extend("format" = "date"))]
    pub tillagd: String,
    /// Dagen posten senast ändrades.
    #[schemars(extend("format" = "date"))]
    pub andrad: String,
}

fn status_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let names: Vec<&str> = Status::ALL.iter().map(|s| s.namn()).collect();
    schemars::json_schema!({ "type": "string", "enum": names })
}

/// En kommun eller region som är part, med SCB:s koder.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OffentligData {
    /// "kommun" eller "region". Gotland är alltid Region Gotland.
    #[schemars(extend("enum" = ["kommun", "region"]))]
    pub typ: String,
    /// "Malmö kommun", "Region Skåne".
    pub namn: String,
    /// Kommunkod (fyra siffror) för en kommun; null för en region.
    pub kommunkod: Option<String>,
    /// Länskod (två siffror): regionens, eller länet kommunen ligger i.
    pub lanskod: String,
    /// Nämnder och förvaltningar, som de skrevs.
    pub organ: Vec<String>,
    /// Kommunens eller regionens sida i katalogen.
    pub url: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OrganisationRef {
    /// Organisationens id i organisationer.json.
    pub slug: String,
    pub namn: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FokusRef {
    pub id: String,
    pub namn: String,
}

/// En källa med adress och datum.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct KallaData {
    /// Källans id i content/kallor.yaml; null för en källa som bara detta partnerskap anger.
    pub id: Option<String>,
    pub titel: String,
    pub url: String,
    /// Publiceringsdatum, eller för en sida utan datum dagen den lästes (se publicerad).
    pub datum: String,
    /// Sant när datum är källans publiceringsdatum, falskt när det är dagen en odaterad sida lästes.
    pub publicerad: bool,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LankData {
    pub titel: String,
    pub url: Option<String>,
}

/// En idéburen organisation i katalogen.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OrganisationData {
    pub slug: String,
    /// Organisationens sida i katalogen.
    pub url: String,
    pub namn: String,
    /// Andra stavningar av namnet.
    pub alias: Vec<String>,
    pub webbplats: Option<String>,
    /// NNNNNN-NNNN.
    pub organisationsnummer: Option<String>,
    /// Slug för den överordnade organisationen.
    pub del_av: Option<String>,
    /// Partnerskap där organisationen själv är part.
    pub antal_partnerskap: usize,
    /// Partnerskap där organisationen eller någon av dess lokala delar är part.
    pub antal_med_lokala_delar: usize,
}

/// One party of one partnership: a row of parter.csv.
#[derive(Debug, Clone)]
pub struct PartRad {
    pub partnerskap: String,
    pub roll: &'static str,
    pub ordning: usize,
    pub namn: String,
    pub kod: String,
    pub lanskod: String,
    pub organisation: String,
    pub organ: Vec<String>,
}

/// A kommun or region with its partnerships per status: a row of kommuner.csv.
#[derive(Debug, Clone)]
pub struct OmradeRad {
    pub kod: String,
    pub namn: String,
    pub typ: &'static str,
    pub lanskod: String,
    pub lan: String,
    pub url: String,
    /// In the order of `Status::ALL`.
    pub per_status: Vec<usize>,
    pub totalt: usize,
}

/// Every row of every file, computed once.
pub struct Rows {
    pub partnerskap: PartnerskapRows,
    pub organisationer: Vec<OrganisationData>,
    pub omraden: Vec<OmradeRad>,
}

/// Each partnership's row, by place, shared with the files that are
/// joined from them when first read (see `Bytes::later`).
#[derive(Clone)]
pub struct PartnerskapRows {
    entries: Arc<Vec<Arc<Entry>>>,
    /// Whether the entries' texts are kept (with a page cache).
    kept: bool,
}

impl std::ops::Deref for PartnerskapRows {
    type Target = [Arc<Entry>];

    fn deref(&self) -> &[Arc<Entry>] {
        &self.entries
    }
}

/// One partnership's row and, with a page cache, its text in each file,
/// kept while its entry is unchanged: a rebuild after one edit writes the
/// files from the others' texts instead of serialising every row again.
pub struct Entry {
    pub data: PartnerskapData,
    /// Its object in partnerskap.json, indented as in the array.
    json: OnceLock<Vec<u8>>,
    /// Its line in partnerskap.csv.
    csv: OnceLock<CsvLines>,
    /// Its lines in parter.csv.
    parter_csv: OnceLock<CsvLines>,
}

/// Lines of a CSV file.
type CsvLines = Vec<u8>;

impl Rows {
    pub fn new(build: &Build) -> Rows {
        let views = views(build);
        let catalogue = build.catalogue;
        let partnerskap = build.per_entry(
            |c| &c.entries,
            || build.vocabulary_key(),
            |i| {
                Arc::new(Entry {
                    data: partnerskap_data(&views, &catalogue.partnerskap[i]),
                    json: OnceLock::new(),
                    csv: OnceLock::new(),
                    parter_csv: OnceLock::new(),
                })
            },
        );
        let organisationer = catalogue
            .organisationer
            .iter()
            .enumerate()
            .map(|(i, o)| OrganisationData {
                slug: o.slug.clone(),
                url: views.organisation_url(i),
                namn: o.namn.clone(),
                alias: o.alias.clone(),
                webbplats: o.webbplats.clone(),
                organisationsnummer: o.organisationsnummer.clone(),
                del_av: o.del_av.map(|d| catalogue.organisationer[d].slug.clone()),
                antal_partnerskap: views.groups.egna(catalogue, i).count(),
                antal_med_lokala_delar: views.groups.organisation(catalogue, i).count(),
            })
            .collect();
        Rows {
            partnerskap: PartnerskapRows {
                entries: partnerskap,
                kept: build.cache.is_some(),
            },
            organisationer,
            omraden: omraden(&views, catalogue),
        }
    }
}

impl PartnerskapRows {
    /// An entry's text in one file (`cell` of it): kept with a page
    /// cache, else made by `make` for this once.
    fn text<'e, T: Clone>(
        &self,
        entry: &'e Entry,
        cell: fn(&Entry) -> &OnceLock<T>,
        make: impl FnOnce() -> T,
    ) -> std::borrow::Cow<'e, T> {
        if self.kept {
            std::borrow::Cow::Borrowed(cell(entry).get_or_init(make))
        } else {
            std::borrow::Cow::Owned(make())
        }
    }

    /// partnerskap.json: the rows as one array, as `pretty` writes it.
    fn json(&self) -> Vec<u8> {
        if self.is_empty() {
            return pretty(&[(); 0]);
        }
        let mut out = b"[".to_vec();
        for (i, entry) in self.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            let text = self.text(
                entry,
                |e| &e.json,
                || {
                    // Inside the array each line is indented one step more.
                    let mut text = b"  ".to_vec();
                    for &b in
                        &serde_json::to_vec_pretty(&entry.data).expect("plain data serializes")
                    {
                        text.push(b);
                        if b == b'\n' {
                            text.extend_from_slice(b"  ");
                        }
                    }
                    text
                },
            );
            out.extend_from_slice(&text);
        }
        out.extend_from_slice(b"\n]\n");
        out
    }

    /// A CSV file: `header`, then each entry's lines (`cell` of it, made
    /// by `lines`).
    fn csv(
        &self,
        header: Vec<u8>,
        cell: fn(&Entry) -> &OnceLock<CsvLines>,
        lines: impl Fn(&Entry) -> CsvLines,
    ) -> Vec<u8> {
        let mut out = header;
        for entry in self.iter() {
            out.extend_from_slice(&self.text(entry, cell, || lines(entry)));
        }
        out
    }
}

fn partnerskap_data(views: &Views, p: &crate::model::Partnerskap) -> PartnerskapData {
    let catalogue = views.catalogue;
    let period = &p.period;
    let text = |d: Option<crate::model::Datum>| d.map(|d| d.to_string());
    let slut_datum = match period.slut {
        Some(Slut::Datum(d)) => Some(d),
        _ => None,
    };
    PartnerskapData {
        slug: p.slug.clone(),
        url: views.partnerskap_url(&p.slug),
        namn: p.namn.clone(),
        offentliga_parter: p
            .offentliga
            .iter()
            .map(|o| OffentligData {
                typ: match o.part {
                    Offentlig::Kommun(_) => "kommun",
                    Offentlig::Region(_) => "region",
                }
                .to_owned(),
                namn: o.part.namn(),
                kommunkod: match &o.part {
                    Offentlig::Kommun(kod) => Some(kod.clone()),
                    Offentlig::Region(_) => None,
                },
                lanskod: o.part.lanskod().to_owned(),
                organ: o.organ.clone(),
                url: views.offentlig(&o.part).url,
            })
            .collect(),
        ideburna_parter: p
            .ideburna
            .iter()
            .map(|&i| OrganisationRef {
                slug: catalogue.organisationer[i].slug.clone(),
                namn: catalogue.organisationer[i].namn.clone(),
                url: views.organisation_url(i),
            })
            .collect(),
        ovriga_parter: p.ovriga.clone(),
        fokusomraden: p
            .fokus
            .iter()
            .map(|&i| FokusRef {
                id: catalogue.fokusomraden[i].id.clone(),
                namn: catalogue.fokusomraden[i].namn.clone(),
            })
            .collect(),
        start: text(period.start),
        slut: period.slut.map(|s| match s {
            Slut::Datum(d) => d.to_string(),
            Slut::TillsVidare => crate::schema::TILLS_VIDARE.to_owned(),
        }),
        forlangningar: period.forlangningar.iter().map(|d| d.to_string()).collect(),
        avslutad: text(period.avslutad),
        bekraftad: text(period.bekraftad),
        start_dag: period.start.map(|d| d.first_day().to_string()),
        slut_dag: slut_datum.map(|d| d.last_day().to_string()),
        avslutad_dag: period.avslutad.map(|d| d.last_day().to_string()),
        bekraftad_dag: period.bekraftad.map(|d| d.first_day().to_string()),
        sista_dag: period.last_day().map(|d| d.to_string()),
        tills_vidare: period.slut == Some(Slut::TillsVidare),
        status: views.status(p).namn().to_owned(),
        status_per: views.as_of.to_string(),
        kallor: p
            .kallor
            .iter()
            .map(|k| KallaData {
                id: k.id.clone(),
                titel: k.titel.clone(),
                url: k.url.clone(),
                datum: k.datum.to_string(),
                publicerad: k.publicerad,
            })
            .collect(),
        lankar: p
            .lankar
            .iter()
            .map(|l| LankData {
                titel: l.titel.clone(),
                url: l.url.clone(),
            })
            .collect(),
        alias: p.alias.clone(),
        beskrivning: p.beskrivning.plain.clone(),
        tillagd: p.historik.tillagd.to_string(),
        andrad: p.historik.andrad.to_string(),
    }
}

/// The partnership's parties in long form, numbered from 1 within each role.
fn parter(p: &PartnerskapData) -> Vec<PartRad> {
    let rad = |roll, ordning, namn: &str| PartRad {
        partnerskap: p.slug.clone(),
        roll,
        ordning,
        namn: namn.to_owned(),
        kod: String::new(),
        lanskod: String::new(),
        organisation: String::new(),
        organ: Vec::new(),
    };
    let offentliga = p.offentliga_parter.iter().zip(1..).map(|(o, n)| PartRad {
        kod: o.kommunkod.clone().unwrap_or_else(|| o.lanskod.clone()),
        lanskod: o.lanskod.clone(),
        organ: o.organ.clone(),
        ..rad("offentlig", n, &o.namn)
    });
    let ideburna = p.ideburna_parter.iter().zip(1..).map(|(o, n)| PartRad {
        organisation: o.slug.clone(),
        ..rad("ideburen", n, &o.namn)
    });
    let ovriga = p
        .ovriga_parter
        .iter()
        .zip(1..)
        .map(|(o, n)| rad("ovrig", n, o));
    offentliga.chain(ideburna).chain(ovriga).collect()
}

/// Every kommun (Gotland only as Region Gotland) and every region, with
/// the partnerships it is a party to per status.
fn omraden(views: &Views, catalogue: &Catalogue) -> Vec<OmradeRad> {
    let reference = reference();
    let counts = |ps: Vec<&crate::model::Partnerskap>| {
        let mut per_status = vec![0; Status::ALL.len()];
        for p in &ps {
            let status = views.status(p);
            per_status[Status::ALL
                .iter()
                .position(|&s| s == status)
                .expect("every status")] += 1;
        }
        (per_status, ps.len())
    };
    let kommuner = reference
        .kommuner
        .iter()
        .filter(|k| k.lanskod != GOTLAND_LANSKOD)
        .map(|k| {
            let (per_status, totalt) = counts(views.groups.kommun(catalogue, &k.kod).collect());
            OmradeRad {
                kod: k.kod.clone(),
                namn: Offentlig::Kommun(k.kod.clone()).namn(),
                typ: "kommun",
                lanskod: k.lanskod.clone(),
                lan: reference.region(&k.lanskod).lan.clone(),
                url: views.kommun_url(&k.kod),
                per_status,
                totalt,
            }
        });
    let regioner = reference.regioner.iter().map(|r| {
        let (per_status, totalt) = counts(views.groups.region(catalogue, &r.lanskod).collect());
        OmradeRad {
            kod: r.lanskod.clone(),
            namn: r.namn.clone(),
            typ: "region",
            lanskod: r.lanskod.clone(),
            lan: r.lan.clone(),
            url: views.region_url(&r.lanskod),
            per_status,
            totalt,
        }
    });
    kommuner.chain(regioner).collect()
}

/// How a row gives a column's value: one text, or the items of a list,
/// joined with `AVGRANSARE` in the cell.
pub enum Varde<T> {
    Text(Box<dyn Fn(&T) -> String>),
    Lista(ListaFn<T>),
}

type ListaFn<T> = Box<dyn Fn(&T) -> Vec<String>>;

/// One column of a CSV file: its header, its Table Schema type, what it
/// means, and how a row gives its value.
pub struct Kolumn<T> {
    pub namn: &'static str,
    /// "string", "integer", "boolean" or "date".
    pub typ: &'static str,
    pub beskrivning: &'static str,
    pub varde: Varde<T>,
}

fn t<T>(
    namn: &'static str,
    typ: &'static str,
    beskrivning: &'static str,
    f: impl Fn(&T) -> String + 'static,
) -> Kolumn<T> {
    Kolumn {
        namn,
        typ,
        beskrivning,
        varde: Varde::Text(Box::new(f)),
    }
}

fn l<T>(
    namn: &'static str,
    beskrivning: &'static str,
    f: impl Fn(&T) -> Vec<String> + 'static,
) -> Kolumn<T> {
    Kolumn {
        namn,
        typ: "string",
        beskrivning,
        varde: Varde::Lista(Box::new(f)),
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn partnerskap_kolumner() -> Vec<Kolumn<PartnerskapData>> {
    type P = PartnerskapData;
    vec![
        t(
            "slug",
            "string",
            "Permanent id: filnamnet i content/partnerskap/ och sista delen av adressen.",
            |p: &P| p.slug.clone(),
        ),
        t(
            "url",
            "string",
            "Partnerskapets permanenta adress.",
            |p: &P| p.url.clone(),
        ),
        t("namn", "string", "Partnerskapets namn.", |p: &P| {
            p.namn.clone()
        }),
        l(
            "offentliga_parter",
            "Kommuner och regioner som är parter, t.ex. Malmö kommun, Region Skåne.",
            |p: &P| p.offentliga_parter.iter().map(|o| o.namn.clone()).collect(),
        ),
        l(
            "offentliga_typer",
            "För varje offentlig part: kommun eller region.",
            |p: &P| p.offentliga_parter.iter().map(|o| o.typ.clone()).collect(),
        ),
        l(
            "offentliga_koder",
            "För varje offentlig part: kommunkoden (fyra siffror) för en kommun, länskoden (två siffror) för en region.",
            |p: &P| {
                p.offentliga_parter
                    .iter()
                    .map(|o| o.kommunkod.clone().unwrap_or_else(|| o.lanskod.clone()))
                    .collect()
            },
        ),
        l(
            "lanskoder",
            "För varje offentlig part: länskoden för länet den hör till.",
            |p: &P| {
                p.offentliga_parter
                    .iter()
                    .map(|o| o.lanskod.clone())
                    .collect()
            },
        ),
        l(
            "organ",
            "Nämnder och förvaltningar för alla offentliga parter tillsammans; vilken part som har vilket organ står i parter.csv.",
            |p: &P| {
                p.offentliga_parter
                    .iter()
                    .flat_map(|o| o.organ.clone())
                    .collect()
            },
        ),
        l(
            "ideburna_parter",
            "De idéburna organisationernas namn.",
            |p: &P| p.ideburna_parter.iter().map(|o| o.namn.clone()).collect(),
        ),
        l(
            "ideburna_slugs",
            "De idéburna organisationernas id (slug i organisationer.csv), i samma ordning.",
            |p: &P| p.ideburna_parter.iter().map(|o| o.slug.clone()).collect(),
        ),
        l(
            "ovriga_parter",
            "Parter som varken är offentliga eller idéburna.",
            |p: &P| p.ovriga_parter.clone(),
        ),
        l("fokusomraden", "Fokusområdenas id.", |p: &P| {
            p.fokusomraden.iter().map(|f| f.id.clone()).collect()
        }),
        l(
            "fokusomraden_namn",
            "Fokusområdenas namn, i samma ordning.",
            |p: &P| p.fokusomraden.iter().map(|f| f.namn.clone()).collect(),
        ),
        t(
            "start",
            "string",
            "Startdatum som det skrevs: ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD; tomt om okänt.",
            |p: &P| opt(&p.start),
        ),
        t(
            "slut",
            "string",
            "Slutdatum som det skrevs, eller \"tills vidare\"; tomt om okänt.",
            |p: &P| opt(&p.slut),
        ),
        l(
            "forlangningar",
            "Tidigare slutdatum som avtalet förlängts från, som de skrevs.",
            |p: &P| p.forlangningar.clone(),
        ),
        t(
            "avslutad",
            "string",
            "Datum då partnerskapet avslutades enligt en källa, som det skrevs.",
            |p: &P| opt(&p.avslutad),
        ),
        t(
            "bekraftad",
            "string",
            "Datum då en daterad källa senast bekräftade att partnerskapet var aktivt, som det skrevs.",
            |p: &P| opt(&p.bekraftad),
        ),
        t(
            "start_dag",
            "date",
            "Första dagen startdatumet kan avse (2022 blir 2022-01-01).",
            |p: &P| opt(&p.start_dag),
        ),
        t(
            "slut_dag",
            "date",
            "Sista dagen slutdatumet kan avse (2024 blir 2024-12-31); tomt för tills vidare och okänt.",
            |p: &P| opt(&p.slut_dag),
        ),
        t(
            "avslutad_dag",
            "date",
            "Sista dagen datumet i avslutad kan avse.",
            |p: &P| opt(&p.avslutad_dag),
        ),
        t(
            "bekraftad_dag",
            "date",
            "Första dagen datumet i bekraftad kan avse.",
            |p: &P| opt(&p.bekraftad_dag),
        ),
        t(
            "sista_dag",
            "date",
            "Avtalets sista dag när den är känd: avslutad_dag, annars slut_dag.",
            |p: &P| opt(&p.sista_dag),
        ),
        t(
            "tills_vidare",
            "boolean",
            "true när avtalet gäller tills vidare, annars false.",
            |p: &P| p.tills_vidare.to_string(),
        ),
        t(
            "status",
            "string",
            "Status per status_per, härledd ur datumen: pågående, kommande, bekräftad, perioden har löpt ut, avslutad eller okänd.",
            |p: &P| p.status.clone(),
        ),
        t(
            "status_per",
            "date",
            "Dagen statusen gäller: dagen filerna byggdes.",
            |p: &P| p.status_per.clone(),
        ),
        l("kallor_titlar", "Källornas titlar.", |p: &P| {
            p.kallor.iter().map(|k| k.titel.clone()).collect()
        }),
        l(
            "kallor_url",
            "Källornas adresser, i samma ordning.",
            |p: &P| p.kallor.iter().map(|k| k.url.clone()).collect(),
        ),
        l(
            "kallor_datum",
            "Källornas datum, i samma ordning.",
            |p: &P| p.kallor.iter().map(|k| k.datum.clone()).collect(),
        ),
        l(
            "kallor_publicerad",
            "För varje källa: true när datumet är källans publiceringsdatum, false när det är dagen en odaterad sida lästes.",
            |p: &P| p.kallor.iter().map(|k| k.publicerad.to_string()).collect(),
        ),
        l(
            "kallor_id",
            "För varje källa: dess id i content/kallor.yaml, tomt för en källa som bara detta partnerskap anger.",
            |p: &P| {
                p.kallor
                    .iter()
                    .map(|k| k.id.clone().unwrap_or_default())
                    .collect()
            },
        ),
        l(
            "lankar_titlar",
            "Titlar på avtal, beslut och andra dokument.",
            |p: &P| p.lankar.iter().map(|l| l.titel.clone()).collect(),
        ),
        l(
            "lankar_url",
            "Dokumentens adresser, i samma ordning; tomt för ett dokument som inte finns på nätet.",
            |p: &P| {
                p.lankar
                    .iter()
                    .map(|l| l.url.clone().unwrap_or_default())
                    .collect()
            },
        ),
        l(
            "alias",
            "Tidigare slugs, som fortsätter att fungera som adresser.",
            |p: &P| p.alias.clone(),
        ),
        t(
            "beskrivning",
            "string",
            "Beskrivningen som ren text.",
            |p: &P| p.beskrivning.clone(),
        ),
        t(
            "tillagd",
            "date",
            "Dagen posten lades till i katalogen.",
            |p: &P| p.tillagd.clone(),
        ),
        t(
            "andrad",
            "date",
            "Dagen posten senast ändrades.",
            |p: &P| p.andrad.clone(),
        ),
    ]
}

fn parter_kolumner() -> Vec<Kolumn<PartRad>> {
    type R = PartRad;
    vec![
        t(
            "partnerskap",
            "string",
            "Partnerskapets slug i partnerskap.csv.",
            |r: &R| r.partnerskap.clone(),
        ),
        t(
            "roll",
            "string",
            "offentlig, ideburen eller ovrig.",
            |r: &R| r.roll.to_owned(),
        ),
        t(
            "ordning",
            "integer",
            "Partens plats bland partnerskapets parter med samma roll, från 1.",
            |r: &R| r.ordning.to_string(),
        ),
        t("namn", "string", "Partens namn.", |r: &R| r.namn.clone()),
        t(
            "kod",
            "string",
            "För en offentlig part: kommunkoden, eller länskoden för en region (kod i kommuner.csv); annars tomt.",
            |r: &R| r.kod.clone(),
        ),
        t(
            "lanskod",
            "string",
            "För en offentlig part: länskoden för länet den hör till; annars tomt.",
            |r: &R| r.lanskod.clone(),
        ),
        t(
            "organisation",
            "string",
            "För en idéburen part: organisationens slug i organisationer.csv; annars tomt.",
            |r: &R| r.organisation.clone(),
        ),
        l(
            "organ",
            "För en offentlig part: nämnder och förvaltningar.",
            |r: &R| r.organ.clone(),
        ),
    ]
}

fn organisation_kolumner() -> Vec<Kolumn<OrganisationData>> {
    type O = OrganisationData;
    vec![
        t(
            "slug",
            "string",
            "Permanent id: filnamnet i content/organisationer/.",
            |o: &O| o.slug.clone(),
        ),
        t(
            "url",
            "string",
            "Organisationens sida i katalogen.",
            |o: &O| o.url.clone(),
        ),
        t("namn", "string", "Organisationens namn.", |o: &O| {
            o.namn.clone()
        }),
        l("alias", "Andra stavningar av namnet.", |o: &O| {
            o.alias.clone()
        }),
        t(
            "webbplats",
            "string",
            "Organisationens webbplats.",
            |o: &O| opt(&o.webbplats),
        ),
        t(
            "organisationsnummer",
            "string",
            "Organisationsnummer, NNNNNN-NNNN.",
            |o: &O| opt(&o.organisationsnummer),
        ),
        t(
            "del_av",
            "string",
            "Slug för den överordnade organisationen, t.ex. riksorganisationen för en lokal krets.",
            |o: &O| opt(&o.del_av),
        ),
        t(
            "antal_partnerskap",
            "integer",
            "Partnerskap där organisationen själv är part.",
            |o: &O| o.antal_partnerskap.to_string(),
        ),
        t(
            "antal_med_lokala_delar",
            "integer",
            "Partnerskap där organisationen eller någon av dess lokala delar är part.",
            |o: &O| o.antal_med_lokala_delar.to_string(),
        ),
    ]
}

fn omrade_kolumner() -> Vec<Kolumn<OmradeRad>> {
    type R = OmradeRad;
    let mut kolumner = vec![
        t(
            "kod",
            "string",
            "Kommunkod (fyra siffror) eller, för en region, länskod (två siffror), enligt SCB.",
            |r: &R| r.kod.clone(),
        ),
        t(
            "namn",
            "string",
            "Kommunens eller regionens namn.",
            |r: &R| r.namn.clone(),
        ),
        t("typ", "string", "kommun eller region.", |r: &R| {
            r.typ.to_owned()
        }),
        t(
            "lanskod",
            "string",
            "Länskoden för länet; för en region dess egen kod.",
            |r: &R| r.lanskod.clone(),
        ),
        t("lan", "string", "Länets namn.", |r: &R| r.lan.clone()),
        t("url", "string", "Sidan i katalogen.", |r: &R| r.url.clone()),
    ];
    for (i, status) in Status::ALL.iter().enumerate() {
        kolumner.push(t(
            status.id(),
            "integer",
            status_beskrivning(*status),
            move |r: &R| r.per_status[i].to_string(),
        ));
    }
    kolumner.push(t(
        "totalt",
        "integer",
        "Alla partnerskap där kommunen eller regionen är part.",
        |r: &R| r.totalt.to_string(),
    ));
    kolumner
}

fn status_beskrivning(status: Status) -> &'static str {
    match status {
        Status::Pagaende => {
            "Antal partnerskap där kommunen eller regionen är part med status pågående."
        }
        Status::Kommande => "Antal med status kommande.",
        Status::Bekraftad => "Antal med status bekräftad: slutdatum okänt, bekräftat aktivt.",
        Status::LoptUt => "Antal där den kända avtalsperioden har löpt ut.",
        Status::Avslutad => "Antal med status avslutad.",
        Status::Okand => "Antal med okänd status.",
    }
}

/// The columns' values for `rows` as CSV: UTF-8, CRLF line ends, fields
/// quoted when they must be (RFC 4180), after a header if `header`. The
/// items of a list are joined with `AVGRANSARE`; the checker refuses a '|'
/// in them (see `LISTVARDEN`).
fn write_csv<T, R: std::borrow::Borrow<T>>(
    kolumner: &[Kolumn<T>],
    rows: impl IntoIterator<Item = R>,
    header: bool,
) -> Vec<u8> {
    // Writing to memory cannot fail.
    const IN_MEMORY: &str = "CSV written to memory";
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    if header {
        writer
            .write_record(kolumner.iter().map(|k| k.namn))
            .expect(IN_MEMORY);
    }
    for row in rows {
        let row = row.borrow();
        let mut record = Vec::with_capacity(kolumner.len());
        for k in kolumner {
            record.push(match &k.varde {
                Varde::Text(f) => f(row),
                Varde::Lista(f) => f(row).join(AVGRANSARE),
            });
        }
        writer.write_record(&record).expect(IN_MEMORY);
    }
    writer.into_inner().expect(IN_MEMORY)
}

/// A column without its value: what the page and the Data Package show.
#[derive(Debug, Clone, Serialize)]
pub struct Falt {
    pub namn: &'static str,
    pub typ: &'static str,
    pub beskrivning: &'static str,
    pub lista: bool,
}

fn falt<T>(kolumner: &[Kolumn<T>]) -> Vec<Falt> {
    kolumner
        .iter()
        .map(|k| Falt {
            namn: k.namn,
            typ: k.typ,
            beskrivning: k.beskrivning,
            lista: matches!(k.varde, Varde::Lista(_)),
        })
        .collect()
}

/// A foreign key: a column of this file that names a row of another.
#[derive(Debug, Clone, Serialize)]
pub struct Referens {
    pub kolumn: &'static str,
    /// The file it points into, without ".csv".
    pub till: &'static str,
    pub till_kolumn: &'static str,
}

/// One CSV file as the page and the Data Package describe it.
#[derive(Debug, Clone, Serialize)]
pub struct Tabell {
    /// The Data Package's resource name, and the file name without ".csv".
    pub namn: &'static str,
    pub titel: &'static str,
    pub beskrivning: &'static str,
    pub nyckel: Vec<&'static str>,
    pub referenser: Vec<Referens>,
    pub falt: Vec<Falt>,
    #[serde(skip)]
    csv: fn(&Rows) -> Bytes,
}

impl Tabell {
    pub fn fil(&self) -> String {
        format!("{}.csv", self.namn)
    }
}

fn referens(kolumn: &'static str, till: &'static str, till_kolumn: &'static str) -> Referens {
    Referens {
        kolumn,
        till,
        till_kolumn,
    }
}

/// Every CSV file, in the order the page and the Data Package list them.
pub fn tabeller() -> Vec<Tabell> {
    vec![
        Tabell {
            namn: "partnerskap",
            titel: "Partnerskap",
            beskrivning: "En rad per partnerskap, med alla uppgifter.",
            nyckel: vec!["slug"],
            referenser: Vec::new(),
            falt: falt(&partnerskap_kolumner()),
            csv: |rows| {
                let rows = rows.partnerskap.clone();
                Bytes::later(move || {
                    let k = partnerskap_kolumner();
                    let header = write_csv(&k, std::iter::empty::<&PartnerskapData>(), true);
                    rows.csv(header, |e| &e.csv, |e| write_csv(&k, [&e.data], false))
                })
            },
        },
        Tabell {
            namn: "parter",
            titel: "Parter",
            beskrivning: "En rad per part i varje partnerskap: offentliga parter med SCB:s koder och organ, idéburna organisationer och övriga parter.",
            nyckel: vec!["partnerskap", "roll", "ordning"],
            referenser: vec![
                referens("partnerskap", "partnerskap", "slug"),
                referens("kod", "kommuner", "kod"),
                referens("organisation", "organisationer", "slug"),
            ],
            falt: falt(&parter_kolumner()),
            csv: |rows| {
                let rows = rows.partnerskap.clone();
                Bytes::later(move || {
                    let k = parter_kolumner();
                    let header = write_csv(&k, std::iter::empty::<PartRad>(), true);
                    rows.csv(
                        header,
                        |e| &e.parter_csv,
                        |e| write_csv(&k, parter(&e.data), false),
                    )
                })
            },
        },
        Tabell {
            namn: "organisationer",
            titel: "Organisationer",
            beskrivning: "En rad per idéburen organisation.",
            nyckel: vec!["slug"],
            referenser: vec![referens("del_av", "organisationer", "slug")],
            falt: falt(&organisation_kolumner()),
            csv: |rows| write_csv(&organisation_kolumner(), &rows.organisationer, true).into(),
        },
        Tabell {
            namn: "kommuner",
            titel: "Kommuner och regioner",
            beskrivning: "En rad per kommun och per region med antalet partnerskap där den är part, per status. Gotland finns en gång, som Region Gotland (kod 09), som också är Gotlands kommun.",
            nyckel: vec!["kod"],
            referenser: vec![referens("lanskod", "kommuner", "kod")],
            falt: falt(&omrade_kolumner()),
            csv: |rows| write_csv(&omrade_kolumner(), &rows.omraden, true).into(),
        },
    ]
}

/// The files besides the CSV files, for the page and the DCAT record:
/// (file, title, media type, EU file type, description).
pub const OVRIGA_FILER: [(&str, &str, &str, &str, &str); 6] = [
    (
        "partnerskap.json",
        "Partnerskap (JSON)",
        "application/json",
        "JSON",
        "Samma uppgifter som partnerskap.csv, som en lista av objekt med listor och parter som egna objekt.",
    ),
    (
        "partnerskap.schema.json",
        "JSON Schema för partnerskap.json",
        "application/json",
        "JSON",
        "Beskriver varje fält i partnerskap.json.",
    ),
    (
        "organisationer.json",
        "Organisationer (JSON)",
        "application/json",
        "JSON",
        "Samma uppgifter som organisationer.csv.",
    ),
    (
        "organisationer.schema.json",
        "JSON Schema för organisationer.json",
        "application/json",
        "JSON",
        "Beskriver varje fält i organisationer.json.",
    ),
    (
        "datapackage.json",
        "Datapaket (Frictionless Data Package)",
        "application/json",
        "JSON",
        "Beskriver CSV-filerna: fält, typer, nycklar och licens, så att de kan kontrolleras med frictionless validate.",
    ),
    (
        "dcat.jsonld",
        "DCAT-AP-SE-beskrivning",
        "application/ld+json",
        "JSON_LD",
        "Datamängden och dess filer beskrivna enligt DCAT-AP-SE, för Sveriges dataportal.",
    ),
];

/// Where to get in touch when the site names no address: the repository's
/// issues, else the page on how to contribute.
fn kontakt_url(build: &Build) -> String {
    match &build.config.repository {
        Some(repo) => format!("{}/issues", repo.trim_end_matches('/')),
        None => format!("{}/om/#bidra", build.config.base_url()),
    }
}

/// The publisher's name: the site's `utgivare`, else its title.
fn utgivare(build: &Build) -> (String, Option<String>) {
    match &build.config.utgivare {
        Some(u) => (u.namn.clone(), u.url.clone()),
        None => (build.config.title.clone(), None),
    }
}

/// The Frictionless Data Package of the CSV files.
fn datapackage(build: &Build) -> Value {
    let config = build.config;
    let base = config.base_url();
    let licens = &config.data_licens;
    let resources: Vec<Value> = tabeller()
        .iter()
        .map(|t| {
            let fields: Vec<Value> = t
                .falt
                .iter()
                .map(|f| {
                    let description = if f.lista {
                        format!(
                            "{} En lista: värdena skiljs med \"{AVGRANSARE}\".",
                            f.beskrivning
                        )
                    } else {
                        f.beskrivning.to_owned()
                    };
                    json!({ "name": f.namn, "type": f.typ, "description": description })
                })
                .collect();
            let foreign_keys: Vec<Value> = t
                .referenser
                .iter()
                .map(|r| {
                    let resource = if r.till == t.namn { "" } else { r.till };
                    json!({
                        "fields": r.kolumn,
                        "reference": { "resource": resource, "fields": r.till_kolumn }
                    })
                })
                .collect();
            json!({
                "name": t.namn,
                "title": t.titel,
                "description": t.beskrivning,
                "path": t.fil(),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {
                    "delimiter": ",",
                    "lineTerminator": "\r\n",
                    "quoteChar": "\"",
                    "doubleQuote": true,
                    "header": true
                },
                "schema": {
                    "fields": fields,
                    "missingValues": [""],
                    "primaryKey": t.nyckel,
                    "foreignKeys": foreign_keys
                }
            })
        })
        .collect();
    json!({
        "profile": "tabular-data-package",
        "name": crate::text::slugify(&config.title),
        "title": config.title,
        "description": format!("{} Status per {}.", config.description, build.as_of),
        "homepage": format!("{base}/data/"),
        "version": build.as_of.to_string(),
        "created": format!("{}T00:00:00Z", build.as_of),
        "keywords": keywords(),
        "licenses": [{ "name": licens.name, "path": licens.path, "title": licens.title }],
        "contributors": [{ "title": utgivare(build).0, "role": "publisher" }],
        "resources": resources
    })
}

fn keywords() -> [&'static str; 5] {
    [
        "idéburet offentligt partnerskap",
        "IOP",
        "civilsamhälle",
        "kommuner",
        "regioner",
    ]
}

const EU: &str = "http://publications.europa.eu/resource/authority";

/// The DCAT-AP-SE record: a catalogue with one dataset and a distribution
/// per file, as JSON-LD.
fn dcat(build: &Build) -> Value {
    let config = build.config;
    let base = config.base_url();
    let licens = json!({ "@id": config.data_licens.path });
    let (utgivare_namn, utgivare_url) = utgivare(build);
    let publisher = json!({
        "@id": utgivare_url.clone().unwrap_or_else(|| format!("{base}/#utgivare")),
        "@type": "foaf:Agent",
        "foaf:name": utgivare_namn,
    });
    let contact = match &config.kontakt {
        Some(k) => {
            let mut c = json!({ "@type": "vcard:Organization", "vcard:fn": k.namn });
            if let Some(epost) = &k.epost {
                c["vcard:hasEmail"] = json!({ "@id": format!("mailto:{epost}") });
            }
            match (&k.url, &k.epost) {
                (Some(url), _) => c["vcard:hasURL"] = json!({ "@id": url }),
                (None, None) => c["vcard:hasURL"] = json!({ "@id": kontakt_url(build) }),
                (None, Some(_)) => {}
            }
            c
        }
        None => json!({
            "@type": "vcard:Organization",
            "vcard:fn": utgivare_namn,
            "vcard:hasURL": { "@id": kontakt_url(build) }
        }),
    };
    let sv = |text: &str| json!({ "@value": text, "@language": config.language });
    let day = |d: String| json!({ "@value": d, "@type": "xsd:date" });
    let issued = build
        .catalogue
        .partnerskap
        .iter()
        .map(|p| p.historik.tillagd)
        .min()
        .unwrap_or(build.as_of);
    let mut distributions: Vec<Value> = tabeller()
        .iter()
        .map(|t| distribution(build, &t.fil(), t.titel, t.beskrivning, "text/csv", "CSV"))
        .collect();
    for (fil, titel, media, format, beskrivning) in OVRIGA_FILER {
        distributions.push(distribution(build, fil, titel, beskrivning, media, format));
    }
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#"
        },
        "@id": format!("{base}/data/dcat.jsonld#katalog"),
        "@type": "dcat:Catalog",
        "dct:title": sv(&config.title),
        "dct:description": sv(&config.description),
        "dct:publisher": publisher,
        "dct:license": licens,
        "dct:language": { "@id": format!("{EU}/language/SWE") },
        "dct:issued": day(issued.to_string()),
        "dct:modified": day(build.as_of.to_string()),
        "foaf:homepage": { "@id": format!("{base}/") },
        "dcat:dataset": [{
            "@id": format!("{base}/data/#datamangd"),
            "@type": "dcat:Dataset",
            "dct:title": sv(&format!("{}: idéburna offentliga partnerskap", config.title)),
            "dct:description": sv(&format!(
                "{} En post per partnerskap med parter, SCB:s kommun- och länskoder, fokusområden, period, status och källor, samt organisationerna och antalet partnerskap per kommun och region. Byggs om vid varje ändring och varje natt.",
                config.description
            )),
            "dct:publisher": publisher,
            "dcat:contactPoint": contact,
            "dcat:theme": [
                { "@id": format!("{EU}/data-theme/SOCI") },
                { "@id": format!("{EU}/data-theme/GOVE") }
            ],
            "dcat:keyword": keywords().iter().map(|k| sv(k)).collect::<Vec<_>>(),
            "dct:language": { "@id": format!("{EU}/language/SWE") },
            "dct:spatial": { "@id": format!("{EU}/country/SWE") },
            "dct:accrualPeriodicity": { "@id": format!("{EU}/frequency/DAILY") },
            "dct:issued": day(issued.to_string()),
            "dct:modified": day(build.as_of.to_string()),
            "dct:license": licens,
            "dcat:landingPage": { "@id": format!("{base}/data/") },
            "dcat:distribution": distributions
        }]
    })
}

fn distribution(
    build: &Build,
    fil: &str,
    titel: &str,
    beskrivning: &str,
    media: &str,
    format: &str,
) -> Value {
    let base = build.config.base_url();
    let language = &build.config.language;
    json!({
        "@id": format!("{base}/data/{fil}"),
        "@type": "dcat:Distribution",
        "dct:title": { "@value": titel, "@language": language },
        "dct:description": { "@value": beskrivning, "@language": language },
        "dcat:accessURL": { "@id": format!("{base}/data/") },
        "dcat:downloadURL": { "@id": format!("{base}/data/{fil}") },
        "dcat:mediaType": { "@id": format!("http://www.iana.org/assignments/media-types/{media}") },
        "dct:format": { "@id": format!("{EU}/file-type/{format}") },
        "dct:license": { "@id": build.config.data_licens.path }
    })
}

/// Everything the /data/ page says about the files.
#[derive(Debug, Serialize)]
pub struct DataSida {
    pub tabeller: Vec<Tabell>,
    pub ovriga: Vec<FilRad>,
    pub avgransare: &'static str,
    pub licens: crate::config::Licens,
    pub citat: String,
    /// Status ids and names, for the columns of kommuner.csv.
    pub statusar: Vec<(&'static str, &'static str)>,
}

#[derive(Debug, Serialize)]
pub struct FilRad {
    pub fil: &'static str,
    pub titel: &'static str,
    pub beskrivning: &'static str,
}

pub fn sida(build: &Build) -> DataSida {
    use chrono::Datelike;
    let (utgivare, _) = utgivare(build);
    DataSida {
        tabeller: tabeller(),
        ovriga: OVRIGA_FILER
            .iter()
            .map(|&(fil, titel, _, _, beskrivning)| FilRad {
                fil,
                titel,
                beskrivning,
            })
            .collect(),
        avgransare: AVGRANSARE,
        licens: build.config.data_licens.clone(),
        citat: format!(
            "{utgivare} ({}). {}: idéburna offentliga partnerskap i Sveriges kommuner och regioner [datamängd]. Version {}. {}/data/",
            build.as_of.year(),
            build.config.title,
            build.as_of,
            build.config.base_url()
        ),
        statusar: Status::ALL.iter().map(|s| (s.id(), s.namn())).collect(),
    }
}
