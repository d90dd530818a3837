//! Writing the index (feature `indexing`, native only): tantivy indexes
//! the catalogue, and what searching needs of its segment is exported into
//! the compact index (`compact.rs`).

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use tantivy::indexer::NoMergePolicy;
use tantivy::postings::Postings as _;
use tantivy::schema::IndexRecordOption;
use tantivy::store::Compressor;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{
    DocSet, Index, IndexSettings, IndexWriter, ReloadPolicy, TERMINATED, TantivyDocument,
};

use crate::analysis::{self, WordStemmer, collation_key, fold, lowercase_into};
use crate::bundle::{self, Facet, STATUS_FACET, TABLE_FILE, TEXTS_FILE, Table, Texts};
use crate::compact::{
    self, DISPLAY_BYTES, FIELDS, Kind, Layout, PART_BYTES, Positions, Postings, encode_positions,
    encode_postings, index_terms,
};
use crate::lexicon::Lexicon;
use crate::schema::{INDEX_ANALYZER, build_schema};
use crate::{Error, SearchDoc};

/// Memory budget of a shard's (single) indexing thread: large enough that
/// the shard lands in one segment.
const WRITER_MEMORY: usize = 15_000_000;

/// About this many documents share a shard: the most a build indexes
/// again for one changed document.
const SHARD_DOCS: usize = 1024;

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
    let docs: Vec<Arc<SearchDoc>> = docs.into_iter().cloned().map(Arc::new).collect();
    Indexer::default().index(&docs)
}

/// Indexing that keeps what it made for the next build, so that `iop
/// serve` redoes only what an edit changed: each document's words, and
/// the catalogue indexed by tantivy in shards (by slug), of which a build
/// indexes again only those with a changed document. A document is
/// unchanged when it is the same `Arc`.
///
/// The files are the same as [`build_index`]'s: a document's postings,
/// positions and field norms do not depend on the shard it is in, and the
/// export puts them in the order of the whole catalogue.
#[derive(Default)]
pub struct Indexer {
    /// Each document's sort key and words, by slug.
    words: FxHashMap<String, Arc<Own>>,
    /// Each word's stem, of the words indexed so far.
    stems: FxHashMap<String, String>,
    /// How many of the documents have each word (of `words`), counted
    /// again only for documents that changed.
    df: FxHashMap<String, u32>,
    shards: Vec<Shard>,
}

/// What a document alone gives: kept with the document it is of.
struct Own {
    doc: Arc<SearchDoc>,
    /// The name's place in Swedish order.
    key: String,
    words: Arc<BTreeSet<String>>,
}

/// A document as a shard indexes it: with the words its coordinations
/// leave out, and their fields (see `complete`).
type Indexed = (Arc<SearchDoc>, Vec<(usize, String)>);

/// Some of the catalogue's documents, indexed by tantivy in one segment.
struct Shard {
    /// What it was indexed from: its documents, in id order, and their
    /// completed words.
    docs: Vec<Indexed>,
    index: Index,
}

impl Indexer {
    /// The search files for `docs`, as [`build_index`] makes them.
    pub fn index(&mut self, docs: &[Arc<SearchDoc>]) -> Result<Bundles, Error> {
        let own: Vec<Arc<Own>> = docs
            .par_iter()
            .map(|d| match self.words.get(&d.slug) {
                Some(own) if Arc::ptr_eq(&own.doc, d) => Arc::clone(own),
                _ => Arc::new(Own {
                    doc: Arc::clone(d),
                    key: collation_key(&d.namn),
                    words: Arc::new(words(d)),
                }),
            })
            .collect();
        self.keep_words(&own);
        let mut own: Vec<&Arc<Own>> = own.iter().collect();
        own.sort_by(|a, b| {
            (&a.key, &a.doc.namn, &a.doc.slug).cmp(&(&b.key, &b.doc.namn, &b.doc.slug))
        });
        let docs: Vec<&Arc<SearchDoc>> = own.iter().map(|o| &o.doc).collect();
        // Words of the catalogue, to complete "kvinno- och tjejjouren".
        let own_words: Vec<Arc<BTreeSet<String>>> =
            own.iter().map(|o| Arc::clone(&o.words)).collect();
        let mut df: FxHashMap<&str, u32> = self.df.iter().map(|(w, &n)| (w.as_str(), n)).collect();
        let (words, counts) = vocabulary(&df);
        let lexicon = Lexicon::new(words.into_iter().map(str::to_string).collect(), counts);
        let completed: Vec<Vec<(usize, String)>> =
            docs.par_iter().map(|d| complete(d, &lexicon)).collect();

        let members = shards(&docs);
        let (_, fields) = build_schema();
        Self::index_shards(&mut self.shards, &docs, &completed, &members, fields)?;

        let beskrivning: Vec<String> = docs.iter().map(|d| d.beskrivning.clone()).collect();
        let texts = Texts {
            id: bundle::texts_id(&beskrivning),
            beskrivning,
        };
        add_completed(&mut df, &own_words, &completed);
        let (ord, ord_df) = vocabulary(&df);
        let mut stemmer = WordStemmer::new();
        let mut kept = std::mem::take(&mut self.stems);
        let stems: Vec<String> = ord
            .iter()
            .map(|&w| match kept.remove_entry(w) {
                Some(word_and_stem) => word_and_stem,
                None => (w.to_owned(), stemmer.stem(w)),
            })
            .map(|(w, stem)| {
                self.stems.insert(w, stem.clone());
                stem
            })
            .collect();
        let terms = index_terms(stems.iter().map(String::as_str));
        let rows: Vec<[&str; 4]> = docs
            .iter()
            .map(|d| [&d.slug, &d.namn, &d.parter, &d.period].map(String::as_str))
            .collect();
        // The postings, the table and the texts side by side.
        let shards = &self.shards;
        let ((exported, mut table), texts) = rayon::join(
            || {
                rayon::join(
                    || export(shards, &members, &fields, &terms, &rows),
                    || table(&docs, (ord.join(" "), ord_df), &texts.id),
                )
            },
            || bundle::compress(&bundle::pack(&[(TEXTS_FILE.to_string(), texts.encode())])),
        );
        let (layout, parts) = exported?;
        table.layout = layout;
        let files = vec![(TABLE_FILE.to_string(), table.encode())];
        Ok(Bundles {
            index: bundle::compress(&bundle::pack(&files))?,
            texts: texts?,
            parts,
        })
    }

    /// Keeps `own` (the new documents) by slug, and counts in `df` their
    /// words instead of those of the last build's.
    fn keep_words(&mut self, own: &[Arc<Own>]) {
        let previous = std::mem::replace(
            &mut self.words,
            own.iter()
                .map(|o| (o.doc.slug.clone(), Arc::clone(o)))
                .collect(),
        );
        let add = |df: &mut FxHashMap<String, u32>, o: &Own| {
            for w in o.words.iter() {
                match df.get_mut(w.as_str()) {
                    Some(n) => *n += 1,
                    None => {
                        df.insert(w.clone(), 1);
                    }
                }
            }
        };
        if previous.is_empty() || self.words.len() != own.len() {
            // The first build, or after one with a slug there twice: each
            // document's words counted.
            self.df.clear();
            for o in own {
                add(&mut self.df, o);
            }
        } else {
            let now: rustc_hash::FxHashSet<*const Own> = own.iter().map(Arc::as_ptr).collect();
            for o in previous.values().filter(|o| !now.contains(&Arc::as_ptr(o))) {
                for w in o.words.iter() {
                    if let Some(n) = self.df.get_mut(w.as_str()) {
                        *n -= 1;
                        if *n == 0 {
                            self.df.remove(w.as_str());
                        }
                    }
                }
            }
            let before: rustc_hash::FxHashSet<*const Own> =
                previous.values().map(Arc::as_ptr).collect();
            for o in own.iter().filter(|o| !before.contains(&Arc::as_ptr(o))) {
                add(&mut self.df, o);
            }
        }
        if self.words.len() != own.len() {
            // Two documents with one slug: the next build could not tell
            // which words left, so it counts them all.
            self.words.clear();
        }
    }

    /// Indexes again the shards whose documents changed; `members` are
    /// each shard's documents, by id.
    fn index_shards(
        shards: &mut Vec<Shard>,
        docs: &[&Arc<SearchDoc>],
        completed: &[Vec<(usize, String)>],
        members: &[Vec<u32>],
        fields: [tantivy::schema::Field; FIELDS],
    ) -> Result<(), Error> {
        let mut kept: Vec<Option<Shard>> = std::mem::take(shards).into_iter().map(Some).collect();
        // Shards are by slug among this many: with another count, none is kept.
        kept.resize_with(members.len(), || None);
        kept.truncate(members.len());
        *shards = members
            .par_iter()
            .zip(kept)
            .map(|(ids, kept)| {
                let wanted: Vec<Indexed> = ids
                    .iter()
                    .map(|&i| (Arc::clone(docs[i as usize]), completed[i as usize].clone()))
                    .collect();
                match kept {
                    Some(shard) if shard.holds(&wanted) => Ok(shard),
                    _ => Shard::new(wanted, &fields),
                }
            })
            .collect::<Result<_, Error>>()?;
        Ok(())
    }
}

/// Each shard's documents, by id (their place in `docs`): a document's
/// shard is a hash of its slug, so an edit leaves it where it was.
fn shards(docs: &[&Arc<SearchDoc>]) -> Vec<Vec<u32>> {
    let count = docs.len().div_ceil(SHARD_DOCS).max(1);
    let mut members = vec![Vec::new(); count];
    for (id, d) in docs.iter().enumerate() {
        let mut hasher = std::hash::DefaultHasher::new();
        d.slug.hash(&mut hasher);
        members[(hasher.finish() % count as u64) as usize].push(id as u32);
    }
    members
}

impl Shard {
    /// Indexes `docs`, in their order.
    fn new(docs: Vec<Indexed>, fields: &[tantivy::schema::Field; FIELDS]) -> Result<Shard, Error> {
        let (schema, _) = build_schema();
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
        // One thread: documents get ids in the order they are added.
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, WRITER_MEMORY)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for (d, completed) in &docs {
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
            // What the organisations are goes with the description: a
            // field of its own repeated most of its terms (9 KB more
            // index, gzip, for the real catalogue) and ranked no better.
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
        Ok(Shard { docs, index })
    }

    /// Whether the shard was indexed from `docs`.
    fn holds(&self, docs: &[Indexed]) -> bool {
        self.docs.len() == docs.len()
            && self
                .docs
                .iter()
                .zip(docs)
                .all(|((a, ca), (b, cb))| Arc::ptr_eq(a, b) && ca == cb)
    }
}

/// Files by name.
type Parts = Vec<(String, Vec<u8>)>;

/// Reads the postings, positions and field norms of the shards, whose
/// documents are `members` (by id), by term of `terms`, and cuts them, and
/// the documents' encoded display rows, into parts.
fn export(
    shards: &[Shard],
    members: &[Vec<u32>],
    fields: &[tantivy::schema::Field; FIELDS],
    terms: &[String],
    rows: &[[&str; 4]],
) -> Result<(Layout, Parts), Error> {
    let mut segments = Vec::new();
    for (shard, ids) in shards.iter().zip(members) {
        let reader = shard
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        match reader.searcher().segment_readers() {
            [] => {}
            [segment] => segments.push((segment.clone(), ids.as_slice())),
            more => {
                return Err(Error::Bundle(format!(
                    "expected one segment after merging, found {}",
                    more.len()
                )));
            }
        }
    }
    // The fields are read side by side.
    let mut read: Vec<Field> = fields
        .par_iter()
        .map(|&field| read_field(&segments, field, terms, rows.len()))
        .collect::<Result<_, Error>>()?;
    let mut layout = Layout {
        tokens: read
            .iter()
            .map(|r| {
                u32::try_from(r.tokens).map_err(|_| Error::Bundle("too many tokens".to_string()))
            })
            .collect::<Result<_, _>>()?,
        norms: read
            .iter_mut()
            .map(|r| std::mem::take(&mut r.norms))
            .collect(),
        ..Layout::default()
    };
    let mut take = |t: usize| -> ([Postings; FIELDS], [Positions; FIELDS]) {
        (
            std::array::from_fn(|f| std::mem::take(&mut read[f].postings[t])),
            std::array::from_fn(|f| std::mem::take(&mut read[f].positions[t])),
        )
    };
    let (postings, positions): (Vec<_>, Vec<_>) = (0..terms.len()).map(&mut take).unzip();
    let postings: Vec<Vec<u8>> = postings.par_iter().map(encode_postings).collect();
    let positions: Vec<Vec<u8>> = positions.par_iter().map(encode_positions).collect();
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
        .into_par_iter()
        .map(|(kind, i, data)| {
            let name = layout.name(kind, i);
            let packed = bundle::pack(&[(name.clone(), data)]);
            Ok((name, bundle::compress(&packed)?))
        })
        .collect::<Result<_, Error>>()?;
    Ok((layout, parts))
}

/// One field as every shard has it: each term's postings and positions,
/// in the catalogue's document order, the field's tokens and each
/// document's norm.
struct Field {
    postings: Vec<Postings>,
    positions: Vec<Positions>,
    tokens: u64,
    norms: Vec<u32>,
}

/// Reads `field` of the shards' segments, whose documents are the ids
/// with each, by term of `terms`.
fn read_field(
    segments: &[(tantivy::SegmentReader, &[u32])],
    field: tantivy::schema::Field,
    terms: &[String],
    n_docs: usize,
) -> Result<Field, Error> {
    let mut read = Field {
        postings: vec![Postings::default(); terms.len()],
        positions: vec![Positions::default(); terms.len()],
        tokens: 0,
        norms: vec![0; n_docs],
    };
    for (segment, ids) in segments {
        let inverted = segment.inverted_index(field)?;
        read.tokens += inverted.total_num_tokens();
        let norms = segment.get_fieldnorms_reader(field)?;
        for (doc, &id) in ids.iter().enumerate() {
            read.norms[id as usize] = norms.fieldnorm(doc as u32);
        }
        // Both are in byte order: the terms are found in one pass.
        let mut stream = inverted.terms().stream()?;
        let mut term = 0;
        while stream.advance() {
            let key = stream.key();
            term += terms[term..].partition_point(|t| t.as_bytes() < key);
            if terms.get(term).is_none_or(|t| t.as_bytes() != key) {
                return Err(Error::Bundle(format!(
                    "index term {:?} is not in the vocabulary",
                    String::from_utf8_lossy(key)
                )));
            }
            let mut p = inverted.read_postings_from_terminfo(
                stream.value(),
                IndexRecordOption::WithFreqsAndPositions,
            )?;
            let (docs, at) = (&mut read.postings[term], &mut read.positions[term]);
            while p.doc() != TERMINATED {
                docs.docs.push(ids[p.doc() as usize]);
                docs.freqs.push(p.term_freq());
                let mut v = Vec::new();
                p.positions(&mut v);
                at.push(v);
                p.advance();
            }
        }
    }
    // Each shard gave its documents in order; the catalogue's order is
    // theirs merged.
    for (p, at) in read.postings.iter_mut().zip(&mut read.positions) {
        in_order(p, at);
    }
    Ok(read)
}

/// Puts one term's postings in one field, and their positions, in
/// document order.
fn in_order(postings: &mut Postings, positions: &mut Positions) {
    if postings.docs.is_sorted() {
        return;
    }
    let mut order: Vec<usize> = (0..postings.docs.len()).collect();
    order.sort_by_key(|&i| postings.docs[i]);
    postings.docs = order.iter().map(|&i| postings.docs[i]).collect();
    postings.freqs = order.iter().map(|&i| postings.freqs[i]).collect();
    *positions = order
        .iter()
        .map(|&i| std::mem::take(&mut positions[i]))
        .collect();
}

/// The index analyzer, for tantivy: the words of `analysis::tokens`,
/// stemmed, each stem with diacritics followed by its folded form at the
/// same position. Each word's stem and folded form are found once: a
/// catalogue repeats its words thousands of times, and stemming is most of
/// the indexing. The stream writes each token into one buffer, so indexing
/// a known word allocates nothing.
#[derive(Clone, Default)]
struct IndexTokenizer {
    stems: FxHashMap<String, (String, Option<String>)>,
}

struct IndexTokens<'a> {
    words: analysis::Words<'a>,
    stems: &'a mut FxHashMap<String, (String, Option<String>)>,
    stemmer: Option<WordStemmer>,
    /// The word being indexed, lowercased.
    word: String,
    /// Whether its folded form is still to come.
    folded_next: bool,
    current: Token,
}

impl Tokenizer for IndexTokenizer {
    type TokenStream<'a> = IndexTokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> IndexTokens<'a> {
        IndexTokens {
            words: analysis::words(text),
            stems: &mut self.stems,
            stemmer: None,
            word: String::new(),
            folded_next: false,
            current: Token::default(),
        }
    }
}

/// The stem and folded form of a lowercased word, found once.
fn forms<'m>(
    stems: &'m mut FxHashMap<String, (String, Option<String>)>,
    stemmer: &mut Option<WordStemmer>,
    word: &str,
) -> &'m (String, Option<String>) {
    if !stems.contains_key(word) {
        let stem = stemmer.get_or_insert_with(WordStemmer::new).stem(word);
        let folded = fold(&stem);
        stems.insert(word.to_string(), (stem, folded));
    }
    &stems[word]
}

impl TokenStream for IndexTokens<'_> {
    fn advance(&mut self) -> bool {
        if self.folded_next {
            self.folded_next = false;
            let folded = self.stems[&self.word].1.as_deref().unwrap_or_default();
            self.current.text.clear();
            self.current.text.push_str(folded);
            return true;
        }
        let Some(w) = self.words.next() else {
            return false;
        };
        self.word.clear();
        analysis::lowercase_into(w.text, &mut self.word);
        let (stem, folded) = forms(self.stems, &mut self.stemmer, &self.word);
        self.folded_next = folded.is_some();
        let current = &mut self.current;
        current.text.clear();
        current.text.push_str(stem);
        current.offset_from = w.from;
        current.offset_to = w.to;
        current.position = w.position as usize;
        current.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

/// Builds the table; `docs` are in document id order, `ord` and `ord_df`
/// their vocabulary (see `vocabulary`).
fn table(docs: &[&Arc<SearchDoc>], (ord, ord_df): (String, Vec<u32>), texts: &str) -> Table {
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
    let mut words = BTreeSet::new();
    let mut word = String::new();
    for text in std::iter::once(&d.namn)
        .chain(&d.organisationer)
        .chain(&d.organisationsnamn)
        .chain(&d.kommuner)
        .chain(&d.regioner)
        .chain(&d.organ)
        .chain(&d.fokus)
        .chain(std::iter::once(&d.beskrivning))
        .chain(&d.om_organisationer)
    {
        for w in analysis::words(text) {
            word.clear();
            lowercase_into(w.text, &mut word);
            if !words.contains(&word) {
                words.insert(word.clone());
            }
        }
    }
    words
}

/// Counts in `df` the words that completion put back in documents that
/// did not have them.
fn add_completed<'w>(
    df: &mut FxHashMap<&'w str, u32>,
    words: &[Arc<BTreeSet<String>>],
    completed: &'w [Vec<(usize, String)>],
) {
    for (own, completed) in words.iter().zip(completed) {
        let more: BTreeSet<&str> = completed
            .iter()
            .map(|(_, w)| w.as_str())
            .filter(|w| !own.contains(*w))
            .collect();
        for w in more {
            *df.entry(w).or_default() += 1;
        }
    }
}

/// The words of `df`, sorted, and their counts.
fn vocabulary<'w>(df: &FxHashMap<&'w str, u32>) -> (Vec<&'w str>, Vec<u32>) {
    let mut df: Vec<(&str, u32)> = df.iter().map(|(w, n)| (*w, *n)).collect();
    df.sort_unstable();
    df.into_iter().unzip()
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
        // A coordination has a hyphen; most texts have none.
        for text in texts.iter().filter(|t| t.contains('-')) {
            let words: Vec<(String, usize, usize)> = analysis::tokens(text)
                .map(|t| (t.text, t.from, t.to))
                .collect();
            for (_, _, word) in lexicon.coordinations(text, &words) {
                out.push((field, word));
            }
        }
    }
    out
}

/// A facet's dictionary (alphabetical, or the natural order of statuses)
/// and each document's value indexes.
fn facet(docs: &[&Arc<SearchDoc>], get: fn(&SearchDoc) -> &[String], is_status: bool) -> Facet {
    // Distinct values by hash: most documents repeat a few dozen values.
    let distinct: rustc_hash::FxHashSet<&str> = docs
        .iter()
        .flat_map(|d| get(d))
        .map(String::as_str)
        .collect();
    let mut values: Vec<String> = distinct.into_iter().map(str::to_owned).collect();
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
    let pos: FxHashMap<&str, u32> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (v.as_str(), i as u32))
        .collect();
    let docs = docs
        .par_iter()
        .map(|d| {
            let mut ids: Vec<u32> = get(d).iter().map(|v| pos[v.as_str()]).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    Facet { values, docs }
}
