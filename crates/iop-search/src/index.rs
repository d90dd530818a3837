//! Writing the index (feature `indexing`, native only).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use tantivy::directory::RamDirectory;
use tantivy::indexer::NoMergePolicy;
use tantivy::store::Compressor;
use tantivy::{Directory, Index, IndexSettings, IndexWriter, TantivyDocument};

use crate::analysis::{INDEX_ANALYZER, collation_key, index_analyzer, query_analyzer};
use crate::bundle::{self, Facet, STATUS_FACET, TABLE_FILE, TEXTS_FILE, Table, Texts};
use crate::lexicon::Lexicon;
use crate::schema::build_schema;
use crate::{Error, SearchDoc};

/// The segment id every bundle uses instead of tantivy's random one.
const FIXED_SEGMENT_ID: &str = "10b5e0c5000040008000000000000001";

/// Memory budget of the (single) indexing thread: large enough that the
/// whole catalogue lands in one segment.
const WRITER_MEMORY: usize = 200_000_000;

/// The two gzip-compressed bundles [`build_index`] writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundles {
    /// Everything a search needs except the descriptions, for
    /// [`Catalogue::open`](crate::Catalogue::open); the site's
    /// `sok/index.bin`.
    pub index: Vec<u8>,
    /// The descriptions, which only snippets need, for
    /// [`Catalogue::add_texts`](crate::Catalogue::add_texts); the site's
    /// `sok/texts.bin`.
    pub texts: Vec<u8>,
}

/// Builds the search bundles for `docs`: the index and the texts (see
/// [`Bundles`]), each a self-contained, gzip-compressed file.
///
/// The output depends only on the set of docs (they are sorted by name,
/// then slug), never on their order, the time or randomness: building twice
/// gives the same bytes.
pub fn build_index(docs: &[SearchDoc]) -> Result<Bundles, Error> {
    let mut docs: Vec<&SearchDoc> = docs.iter().collect();
    docs.sort_by_cached_key(|d| (collation_key(&d.namn), d.namn.clone(), d.slug.clone()));

    let (schema, fields) = build_schema();
    let settings = IndexSettings {
        docstore_compression: Compressor::None,
        docstore_compress_dedicated_thread: false,
        ..IndexSettings::default()
    };
    let dir = RamDirectory::create();
    let index = Index::builder()
        .schema(schema)
        .settings(settings)
        .open_or_create(dir.clone())?;
    index
        .tokenizers()
        .register(INDEX_ANALYZER, index_analyzer());

    // Words of the catalogue, to complete "kvinno- och tjejjouren".
    let (words, df) = vocabulary(&docs, &vec![Vec::new(); docs.len()]);
    let lexicon = Lexicon::new(
        words
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect(),
        df,
    );
    let completed: Vec<Vec<(usize, String)>> = docs.iter().map(|d| complete(d, &lexicon)).collect();

    // One thread: documents get ids in the order they are added.
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(1, WRITER_MEMORY)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    for (d, completed) in docs.iter().zip(&completed) {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.namn, &d.namn);
        for o in d.organisationer.iter().chain(&d.organisationsnamn) {
            doc.add_text(fields.org, o);
        }
        for c in d
            .kommuner
            .iter()
            .chain(&d.regioner)
            .chain(&d.organ)
            .chain(&d.fokus)
        {
            doc.add_text(fields.context, c);
        }
        doc.add_text(fields.beskrivning, &d.beskrivning);
        // What the organisations are goes with the description: a field
        // of its own repeated most of its terms (9 KB more index, gzip,
        // for the real catalogue) and ranked no better.
        for o in &d.om_organisationer {
            doc.add_text(fields.beskrivning, o);
        }
        let all = [fields.namn, fields.org, fields.context, fields.beskrivning];
        for (field, word) in completed {
            doc.add_text(all[*field], word);
        }
        writer.add_document(doc)?;
    }
    writer.commit()?;
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;

    let metas = index.load_metas()?;
    let mut files = Vec::new();
    let meta_json = dir.atomic_read(Path::new("meta.json"))?;
    let mut meta_json = String::from_utf8(meta_json)
        .map_err(|_| Error::Bundle("meta.json is not UTF-8".to_string()))?;
    match metas.segments.as_slice() {
        [] => {}
        [segment] => {
            let id = segment.id();
            let simple = id.uuid_string();
            let hyphenated = hyphenate(&simple);
            meta_json = meta_json.replace(&hyphenated, &hyphenate(FIXED_SEGMENT_ID));
            let mut paths: Vec<_> = segment.list_files().into_iter().collect();
            paths.sort();
            // The list names every possible component; some never exist
            // (deletes, the temporary store).
            for path in paths.into_iter().filter(|p| dir.exists(p).unwrap_or(false)) {
                let data = dir.atomic_read(&path)?;
                let name = path.to_string_lossy().replace(&simple, FIXED_SEGMENT_ID);
                files.push((name, data));
            }
        }
        more => {
            return Err(Error::Bundle(format!(
                "expected one segment after merging, found {}",
                more.len()
            )));
        }
    }
    files.insert(0, ("meta.json".to_string(), meta_json.into_bytes()));
    let beskrivning: Vec<String> = docs.iter().map(|d| d.beskrivning.clone()).collect();
    let texts = Texts {
        id: bundle::texts_id(&beskrivning),
        beskrivning,
    };
    files.push((
        TABLE_FILE.to_string(),
        serde_json::to_vec(&table(&docs, &completed, &texts.id)).map_err(json_err)?,
    ));
    let texts = vec![(
        TEXTS_FILE.to_string(),
        serde_json::to_vec(&texts).map_err(json_err)?,
    )];
    Ok(Bundles {
        index: bundle::compress(&bundle::pack(&files))?,
        texts: bundle::compress(&bundle::pack(&texts))?,
    })
}

fn json_err(e: serde_json::Error) -> Error {
    Error::Bundle(format!("table: {e}"))
}

/// "0123…" (32 hex digits) → "01234567-89ab-cdef-0123-456789abcdef".
fn hyphenate(simple: &str) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        &simple[0..8],
        &simple[8..12],
        &simple[12..16],
        &simple[16..20],
        &simple[20..32]
    )
}

/// Builds the table; `docs` are in document id order.
fn table(docs: &[&SearchDoc], completed: &[Vec<(usize, String)>], texts: &str) -> Table {
    let column = |f: fn(&SearchDoc) -> &String| docs.iter().map(|d| f(d).clone()).collect();
    let values: [fn(&SearchDoc) -> &[String]; 5] = [
        |d| &d.kommuner,
        |d| &d.regioner,
        |d| &d.fokus,
        |d| &d.organisationer,
        |d| std::slice::from_ref(&d.status),
    ];
    let facets = values
        .iter()
        .enumerate()
        .map(|(i, get)| facet(docs, *get, i == STATUS_FACET))
        .collect();
    let (ord, ord_df) = vocabulary(docs, completed);
    Table {
        ord,
        ord_df,
        slug: column(|d| &d.slug),
        namn: column(|d| &d.namn),
        parter: column(|d| &d.parter),
        period: column(|d| &d.period),
        texts: texts.to_string(),
        facets,
        år: docs
            .iter()
            .map(|d| {
                d.år
                    .iter()
                    .copied()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect()
            })
            .collect(),
    }
}

/// Every distinct word (lowercased, unstemmed) of the searchable fields,
/// sorted and joined by spaces, and the number of documents using each.
fn vocabulary(docs: &[&SearchDoc], completed: &[Vec<(usize, String)>]) -> (String, Vec<u32>) {
    let mut analyzer = query_analyzer();
    let mut df: std::collections::BTreeMap<String, u32> = std::collections::BTreeMap::new();
    for (d, completed) in docs.iter().zip(completed) {
        let mut seen: BTreeSet<String> = completed.iter().map(|(_, w)| w.clone()).collect();
        let texts = std::iter::once(&d.namn)
            .chain(&d.organisationer)
            .chain(&d.organisationsnamn)
            .chain(&d.kommuner)
            .chain(&d.regioner)
            .chain(&d.organ)
            .chain(&d.fokus)
            .chain(std::iter::once(&d.beskrivning))
            .chain(&d.om_organisationer);
        for text in texts {
            let mut stream = analyzer.token_stream(text);
            while let Some(t) = stream.next() {
                seen.insert(t.text.clone());
            }
        }
        for w in seen {
            *df.entry(w).or_default() += 1;
        }
    }
    let words: Vec<&str> = df.keys().map(String::as_str).collect();
    (words.join(" "), df.values().copied().collect())
}

/// Words left out of a coordination, put back: "Kvinno- och tjejjouren"
/// also says "kvinnojouren", "arbetsmarknads- och socialnämnden" also
/// "arbetsmarknadsnämnden". The first part and the last part of the
/// compound after "och", "eller" or "samt" (split over the vocabulary),
/// lowercased, with the index of the field (namn, org, context,
/// beskrivning, as in `build_index`).
fn complete(d: &SearchDoc, lexicon: &Lexicon) -> Vec<(usize, String)> {
    let mut analyzer = query_analyzer();
    let fields: [Vec<&String>; 4] = [
        vec![&d.namn],
        d.organisationer
            .iter()
            .chain(&d.organisationsnamn)
            .collect(),
        d.kommuner
            .iter()
            .chain(&d.regioner)
            .chain(&d.organ)
            .chain(&d.fokus)
            .collect(),
        std::iter::once(&d.beskrivning)
            .chain(&d.om_organisationer)
            .collect(),
    ];
    let mut out = Vec::new();
    for (field, texts) in fields.iter().enumerate() {
        for text in texts {
            let mut tokens = Vec::new();
            let mut stream = analyzer.token_stream(text);
            while let Some(t) = stream.next() {
                tokens.push((t.text.clone(), t.offset_from, t.offset_to));
            }
            for (_, _, word) in lexicon.coordinations(text, &tokens) {
                out.push((field, word));
            }
        }
    }
    out
}

/// A facet's dictionary (alphabetical, or the natural order of statuses)
/// and each document's value indexes.
fn facet(docs: &[&SearchDoc], get: fn(&SearchDoc) -> &[String], is_status: bool) -> Facet {
    let mut values: Vec<String> = docs
        .iter()
        .flat_map(|d| get(d))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .cloned()
        .collect();
    if is_status {
        let rank = |status: &str| {
            docs.iter()
                .filter(|d| d.status == status)
                .map(|d| d.status_ordning)
                .min()
                .unwrap_or(u32::MAX)
        };
        values.sort_by_cached_key(|s| (rank(s), collation_key(s), s.clone()));
    } else {
        values.sort_by_cached_key(|s| (collation_key(s), s.clone()));
    }
    let pos: HashMap<&str, u32> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (v.as_str(), i as u32))
        .collect();
    let docs = docs
        .iter()
        .map(|d| {
            let ids: BTreeSet<u32> = get(d).iter().map(|v| pos[v.as_str()]).collect();
            ids.into_iter().collect()
        })
        .collect();
    Facet { values, docs }
}
