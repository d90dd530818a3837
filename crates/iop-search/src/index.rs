//! Writing the index (feature `indexing`, native only): tantivy indexes
//! the catalogue, and what searching needs of its segment is exported into
//! the compact index (`compact.rs`).

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use tantivy::indexer::NoMergePolicy;
use tantivy::postings::Postings as _;
use tantivy::schema::IndexRecordOption;
use tantivy::store::Compressor;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{
    DocSet, Index, IndexSettings, IndexWriter, ReloadPolicy, TERMINATED, TantivyDocument,
};

use crate::analysis::{WordStemmer, collation_key, fold, tokens};
use crate::bundle::{self, Facet, STATUS_FACET, TABLE_FILE, TEXTS_FILE, Table, Texts};
use crate::compact::{
    self, DISPLAY_BYTES, FIELDS, Kind, Layout, PART_BYTES, Positions, Postings, Row,
    encode_positions, encode_postings, index_terms,
};
use crate::lexicon::Lexicon;
use crate::schema::{INDEX_ANALYZER, build_schema};
use crate::{Error, SearchDoc};

/// Memory budget of the (single) indexing thread: large enough that the
/// whole catalogue lands in one segment.
const WRITER_MEMORY: usize = 200_000_000;

/// The gzip-compressed files [`build_index`] writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundles {
    /// What every search needs: the vocabulary, the field norms, what
    /// facets count, and where the parts are; for
    /// [`Catalogue::open`](crate::Catalogue::open); the site's
    /// `sok/index.bin`.
    pub index: Vec<u8>,
    /// The descriptions, which only snippets need, for
    /// [`Catalogue::add_texts`](crate::Catalogue::add_texts); the site's
    /// `sok/texts.bin`.
    pub texts: Vec<u8>,
    /// The postings and positions, in parts of consecutive terms, and
    /// what hits show, in parts of consecutive documents, by file name
    /// relative to `index` (`delar/…`), for
    /// [`Catalogue::add_part`](crate::Catalogue::add_part): a search
    /// needs those its terms and its hits shown are in.
    pub parts: Parts,
}

/// Builds the search files for `docs` (see [`Bundles`]), each
/// self-contained and gzip-compressed.
///
/// The output depends only on the set of docs (they are sorted by name,
/// then slug), never on their order, the time or randomness: building twice
/// gives the same bytes.
pub fn build_index<'d>(docs: impl IntoIterator<Item = &'d SearchDoc>) -> Result<Bundles, Error> {
    let mut docs: Vec<&SearchDoc> = docs.into_iter().collect();
    docs.sort_by_cached_key(|d| (collation_key(&d.namn), d.namn.clone(), d.slug.clone()));

    let (schema, fields) = build_schema();
    let settings = IndexSettings {
        docstore_compression: Compressor::None,
        docstore_compress_dedicated_thread: false,
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema)
        .settings(settings)
        .create_in_ram()?;
    index
        .tokenizers()
        .register(INDEX_ANALYZER, IndexTokenizer::default());

    // Words of the catalogue, to complete "kvinno- och tjejjouren".
    let own_words: Vec<BTreeSet<String>> = docs.par_iter().map(|d| words(d)).collect();
    let (words, df) = vocabulary(&own_words, &vec![Vec::new(); docs.len()]);
    let lexicon = Lexicon::new(
        words
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect(),
        df,
    );
    let completed: Vec<Vec<(usize, String)>> =
        docs.par_iter().map(|d| complete(d, &lexicon)).collect();

    // One thread: documents get ids in the order they are added.
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(1, WRITER_MEMORY)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    for (d, completed) in docs.iter().zip(&completed) {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields[0], &d.namn);
        for o in d.organisationer.iter().chain(&d.organisationsnamn) {
            doc.add_text(fields[1], o);
        }
        for c in d
            .kommuner
            .iter()
            .chain(&d.regioner)
            .chain(&d.organ)
            .chain(&d.fokus)
        {
            doc.add_text(fields[2], c);
        }
        doc.add_text(fields[3], &d.beskrivning);
        // What the organisations are goes with the description: a field
        // of its own repeated most of its terms (9 KB more index, gzip,
        // for the real catalogue) and ranked no better.
        for o in &d.om_organisationer {
            doc.add_text(fields[3], o);
        }
        for (field, word) in completed {
            doc.add_text(fields[*field], word);
        }
        writer.add_document(doc)?;
    }
    writer.commit()?;
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;

    let beskrivning: Vec<String> = docs.iter().map(|d| d.beskrivning.clone()).collect();
    let texts = Texts {
        id: bundle::texts_id(&beskrivning),
        beskrivning,
    };
    let mut table = table(&docs, &own_words, &completed, &texts.id);
    let mut stemmer = WordStemmer::new();
    let stems: Vec<String> = table
        .ord
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| stemmer.stem(w))
        .collect();
    let terms = index_terms(stems.iter().map(String::as_str));
    let rows: Vec<Row> = docs
        .iter()
        .map(|d| {
            [
                d.slug.clone(),
                d.namn.clone(),
                d.parter.clone(),
                d.period.clone(),
            ]
        })
        .collect();
    let (layout, parts) = export(&index, &fields, &terms, &rows)?;
    table.layout = layout;
    let files = vec![(TABLE_FILE.to_string(), table.encode())];
    let texts = vec![(TEXTS_FILE.to_string(), texts.encode())];
    Ok(Bundles {
        index: bundle::compress(&bundle::pack(&files))?,
        texts: bundle::compress(&bundle::pack(&texts))?,
        parts,
    })
}

/// Files by name.
type Parts = Vec<(String, Vec<u8>)>;

/// Reads the postings, positions and field norms of the (single) segment,
/// by term of `terms`, and cuts them, and the documents' encoded display
/// rows, into parts.
fn export(
    index: &Index,
    fields: &[tantivy::schema::Field; FIELDS],
    terms: &[String],
    rows: &[Row],
) -> Result<(Layout, Parts), Error> {
    let n_docs = rows.len();
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let mut postings: Vec<[Postings; FIELDS]> = vec![Default::default(); terms.len()];
    let mut positions: Vec<[Positions; FIELDS]> = vec![Default::default(); terms.len()];
    let mut layout = Layout {
        tokens: vec![0; FIELDS],
        norms: vec![vec![0; n_docs]; FIELDS],
        ..Layout::default()
    };
    match searcher.segment_readers() {
        [] => {}
        [segment] => {
            for (f, &field) in fields.iter().enumerate() {
                let inverted = segment.inverted_index(field)?;
                layout.tokens[f] = u32::try_from(inverted.total_num_tokens())
                    .map_err(|_| Error::Bundle("too many tokens".to_string()))?;
                let norms = segment.get_fieldnorms_reader(field)?;
                for (doc, norm) in layout.norms[f].iter_mut().enumerate() {
                    *norm = norms.fieldnorm(doc as u32);
                }
                let mut stream = inverted.terms().stream()?;
                while stream.advance() {
                    let key = String::from_utf8_lossy(stream.key());
                    let id = terms
                        .binary_search_by(|t| t.as_str().cmp(&key))
                        .map_err(|_| {
                            Error::Bundle(format!("index term {key:?} is not in the vocabulary"))
                        })?;
                    let mut p = inverted.read_postings_from_terminfo(
                        stream.value(),
                        IndexRecordOption::WithFreqsAndPositions,
                    )?;
                    let (docs, at) = (&mut postings[id][f], &mut positions[id][f]);
                    while p.doc() != TERMINATED {
                        docs.docs.push(p.doc());
                        docs.freqs.push(p.term_freq());
                        let mut v = Vec::new();
                        p.positions(&mut v);
                        at.push(v);
                        p.advance();
                    }
                }
            }
        }
        more => {
            return Err(Error::Bundle(format!(
                "expected one segment after merging, found {}",
                more.len()
            )));
        }
    }
    let postings: Vec<Vec<u8>> = postings.iter().map(encode_postings).collect();
    let positions: Vec<Vec<u8>> = positions.iter().map(encode_positions).collect();
    layout.postings = compact::cut(postings.iter().map(Vec::len), PART_BYTES);
    layout.positions = compact::cut(positions.iter().map(Vec::len), PART_BYTES);
    let row_bytes = rows.iter().map(|r| r.iter().map(|s| s.len() + 1).sum());
    layout.display = compact::cut(row_bytes, DISPLAY_BYTES);
    let mut raw: Vec<(Kind, usize, Vec<u8>)> = Vec::new();
    // Each part of a kind, made by `make` from its range of items.
    let mut add = |kind: Kind, count: usize, make: &dyn Fn(usize, usize) -> Vec<u8>| {
        let starts = layout.starts(kind);
        for (i, &start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(count, |&e| e as usize);
            raw.push((kind, i, make(start as usize, end)));
        }
    };
    add(Kind::Postings, postings.len(), &|a, b| {
        postings[a..b].concat()
    });
    add(Kind::Positions, positions.len(), &|a, b| {
        positions[a..b].concat()
    });
    add(Kind::Display, rows.len(), &|a, b| {
        compact::encode_rows(&rows[a..b])
    });
    // The parts and where they begin: what a part's bytes mean.
    let starts: Vec<u8> = [&layout.postings, &layout.positions, &layout.display]
        .iter()
        .flat_map(|s| s.iter().flat_map(|v| v.to_le_bytes()).chain([0xff; 4]))
        .collect();
    let chunks = std::iter::once(starts.as_slice()).chain(raw.iter().map(|(_, _, d)| d.as_slice()));
    layout.id = bundle::fingerprint(chunks.collect::<Vec<_>>().into_iter());
    let parts = raw
        .into_iter()
        .map(|(kind, i, data)| {
            let name = layout.name(kind, i);
            let packed = bundle::pack(&[(name.clone(), data)]);
            Ok((name, bundle::compress(&packed)?))
        })
        .collect::<Result<_, Error>>()?;
    Ok((layout, parts))
}

/// The index analyzer, for tantivy: the words of `analysis::tokens`,
/// stemmed, each stem with diacritics followed by its folded form at the
/// same position. Each word's stem and folded form are found once: a
/// catalogue repeats its words thousands of times, and stemming is most of
/// the indexing.
#[derive(Clone, Default)]
struct IndexTokenizer {
    stems: HashMap<String, (String, Option<String>)>,
}

struct IndexTokens {
    tokens: std::vec::IntoIter<Token>,
    current: Token,
}

impl Tokenizer for IndexTokenizer {
    type TokenStream<'a> = IndexTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> IndexTokens {
        let mut stemmer = None;
        let mut out = Vec::new();
        for t in tokens(text) {
            let (stem, folded) = self.stems.entry(t.text).or_insert_with_key(|word| {
                let stem = stemmer.get_or_insert_with(WordStemmer::new).stem(word);
                let folded = fold(&stem);
                (stem, folded)
            });
            for text in std::iter::once(stem.clone()).chain(folded.clone()) {
                out.push(Token {
                    offset_from: t.from,
                    offset_to: t.to,
                    position: t.position as usize,
                    text,
                    position_length: 1,
                });
            }
        }
        IndexTokens {
            tokens: out.into_iter(),
            current: Token::default(),
        }
    }
}

impl TokenStream for IndexTokens {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(t) => {
                self.current = t;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

/// Builds the table; `docs` are in document id order.
fn table(
    docs: &[&SearchDoc],
    words: &[BTreeSet<String>],
    completed: &[Vec<(usize, String)>],
    texts: &str,
) -> Table {
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
    let (ord, ord_df) = vocabulary(words, completed);
    Table {
        layout: Layout::default(),
        ord,
        ord_df,
        docs: docs.len() as u32,
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

/// The distinct words (lowercased, unstemmed) of a document's searchable
/// fields: found once, for the vocabulary with and without completions.
fn words(d: &SearchDoc) -> BTreeSet<String> {
    std::iter::once(&d.namn)
        .chain(&d.organisationer)
        .chain(&d.organisationsnamn)
        .chain(&d.kommuner)
        .chain(&d.regioner)
        .chain(&d.organ)
        .chain(&d.fokus)
        .chain(std::iter::once(&d.beskrivning))
        .chain(&d.om_organisationer)
        .flat_map(|text| tokens(text).map(|t| t.text))
        .collect()
}

/// Every distinct word of the documents (their `words` and `completed`
/// ones), sorted and joined by spaces, and the number of documents using
/// each.
fn vocabulary(
    words: &[BTreeSet<String>],
    completed: &[Vec<(usize, String)>],
) -> (String, Vec<u32>) {
    let mut df: HashMap<&str, u32> = HashMap::new();
    for (own, completed) in words.iter().zip(completed) {
        let more: BTreeSet<&str> = completed
            .iter()
            .map(|(_, w)| w.as_str())
            .filter(|w| !own.contains(*w))
            .collect();
        for w in own.iter().map(String::as_str).chain(more) {
            *df.entry(w).or_default() += 1;
        }
    }
    let mut df: Vec<(&str, u32)> = df.into_iter().collect();
    df.sort_unstable();
    let words: Vec<&str> = df.iter().map(|(w, _)| *w).collect();
    (words.join(" "), df.iter().map(|(_, n)| *n).collect())
}

/// Words left out of a coordination, put back: "Kvinno- och tjejjouren"
/// also says "kvinnojouren", "arbetsmarknads- och socialnämnden" also
/// "arbetsmarknadsnämnden". The first part and the last part of the
/// compound after "och", "eller" or "samt" (split over the vocabulary),
/// lowercased, with the index of the field (namn, org, context,
/// beskrivning, as in `build_index`).
fn complete(d: &SearchDoc, lexicon: &Lexicon) -> Vec<(usize, String)> {
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
            let words: Vec<(String, usize, usize)> =
                tokens(text).map(|t| (t.text, t.from, t.to)).collect();
            for (_, _, word) in lexicon.coordinations(text, &words) {
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
