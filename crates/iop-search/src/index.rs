//! Writing the index (feature `indexing`, native only): tantivy indexes
//! the catalogue, and what searching needs of its segments is exported into
//! the compact index (`compact.rs`).
//!
//! Documents are numbered in the order of their slugs, which an edit never
//! changes. An [`Indexer`] kept from build to build (as `iop serve` keeps
//! one) therefore has tantivy index again only the documents that changed,
//! changes only the postings of their terms, and writes again only the
//! parts those are in: parts are cut where their content says and named by
//! it (`compact::cut`, `compact::part_name`), so the other parts keep their
//! bytes and their names. What it writes is byte for byte what a fresh
//! index of the same documents writes.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use tantivy::indexer::NoMergePolicy;
use tantivy::postings::Postings as _;
use tantivy::schema::IndexRecordOption;
use tantivy::store::Compressor;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{
    DocSet, Index, IndexSettings, IndexWriter, ReloadPolicy, TERMINATED, TantivyDocument,
};

use crate::analysis::{self, WordStemmer, collation_key, fold, lowercase_into};
use crate::bundle::{self, Facet, STATUS_FACET, TABLE_FILE, Table};
use crate::compact::{
    self, DISPLAY_BYTES, FIELDS, Kind, Layout, PART_BYTES, Positions, Postings, TEXT_BYTES,
    encode_positions, encode_postings, index_terms,
};
use crate::lexicon;
use crate::schema::{INDEX_ANALYZER, build_schema};
use crate::{Error, SearchDoc};

/// Memory budget of a batch's (single) indexing thread: large enough that
/// the batch lands in one segment.
const WRITER_MEMORY: usize = 15_000_000;

/// Documents tantivy indexes together, each batch on its own core.
const BATCH_DOCS: usize = 1024;

/// The gzip-compressed files [`build_index`] writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundles {
    /// What every search needs: the vocabulary, the field norms, what
    /// facets count, and where the parts are; for
    /// [`Catalogue::open`](crate::Catalogue::open); the site's
    /// `sok/index.bin`.
    pub index: Vec<u8>,
    /// The postings and positions, in parts of consecutive terms, and
    /// what hits show and their descriptions, in parts of documents
    /// consecutive in the order of their names, by file name relative to
    /// `index` (`delar/…`), for
    /// [`Catalogue::add_part`](crate::Catalogue::add_part): a search
    /// needs those its terms and its hits shown are in, and their
    /// snippets the texts parts of the hits.
    pub parts: Parts,
}

/// Files by name.
type Parts = Vec<(String, Vec<u8>)>;

/// Builds the search files for `docs` (see [`Bundles`]), each
/// self-contained and gzip-compressed.
///
/// The output depends only on the set of docs (numbered by slug, listed by
/// name), never on their order, the time or randomness: building twice
/// gives the same bytes.
pub fn build_index<'d>(docs: impl IntoIterator<Item = &'d SearchDoc>) -> Result<Bundles, Error> {
    let docs: Vec<Arc<SearchDoc>> = docs.into_iter().cloned().map(Arc::new).collect();
    Indexer::default().index(&docs)
}

/// Indexing that keeps what it made for the next build, so that `iop
/// serve` redoes only what an edit changed (see the module's comment). A
/// document is unchanged when it is the same `Arc` at the same place of
/// the list given; when documents came or went, it indexes afresh.
#[derive(Default)]
pub struct Indexer {
    kept: Option<Kept>,
}

impl Indexer {
    /// The search files for `docs`, as [`build_index`] makes them.
    pub fn index(&mut self, docs: &[Arc<SearchDoc>]) -> Result<Bundles, Error> {
        // Taken: after an error the next build starts afresh.
        let mut kept = match self.kept.take() {
            Some(mut kept) => match kept.changes(docs).or_else(|| kept.renumber(docs)) {
                Some(changed) => {
                    kept.update(docs, changed)?;
                    kept
                }
                None => Kept::new(docs)?,
            },
            None => Kept::new(docs)?,
        };
        let bundles = kept.export()?;
        self.kept = Some(kept);
        Ok(bundles)
    }
}

/// What a build made, kept for the next.
struct Kept {
    /// The documents as given, and each one's number.
    input: Vec<Arc<SearchDoc>>,
    ids: Vec<u32>,
    /// Whether every slug is another: then a document keeps its number
    /// whatever else of it changes.
    unique_slugs: bool,
    /// By number: each document and what it alone gives.
    docs: Vec<Doc>,
    /// How many documents have each word: of their own words (what
    /// completes a coordination), and with the words completions add.
    own_df: BTreeMap<String, u32>,
    df: BTreeMap<String, u32>,
    /// What coordinations are completed over: the folded words of
    /// `own_df` and their folded stems, each with how many of its words
    /// give it (see `Lexicon::known`).
    known: FxHashMap<String, u32>,
    /// Each word's stem.
    stems: FxHashMap<String, String>,
    /// The index terms, sorted, each one's `key_hash` and its postings.
    terms: Vec<String>,
    term_hashes: Vec<u64>,
    postings: Vec<Term>,
    /// The documents by number in the order of their names, if made.
    in_order: Option<Vec<u32>>,
    /// The documents changed since the latest export (all, after a fresh
    /// index).
    changed: Vec<u32>,
    /// What facets count, and each document's years.
    facets: Vec<Facets>,
    years: Vec<Vec<i32>>,
    /// The facets a changed document gave or took a value, during an
    /// update.
    changed_facets: Vec<usize>,
    /// Whether a renumbering changed the vocabulary coordinations are
    /// completed over, or left the facets to be made again.
    renumbered: Option<bool>,
    /// The tokens indexed in each field.
    tokens: [u64; FIELDS],
    /// The latest build's parts, by kind and by the hash of their first
    /// item's key (see `Part`).
    parts: [FxHashMap<u64, Part>; 4],
}

/// A part the latest build wrote.
struct Part {
    /// A hash of the keys of its items, in order.
    members: u64,
    name: String,
    /// Packed and gzip-compressed.
    bytes: Arc<Vec<u8>>,
}

/// A facet's dictionary (see `facet`), each value's number of documents,
/// and each document's values.
struct Facets {
    facet: Facet,
    /// Each value's place in the dictionary and number of documents.
    values: FxHashMap<String, (u32, u32)>,
}

/// The facets' values of a document, in the order of `Table::facets`.
fn facet_values(d: &SearchDoc) -> [&[String]; 5] {
    [
        &d.kommuner,
        &d.regioner,
        &d.fokus,
        &d.organisationer,
        std::slice::from_ref(&d.status),
    ]
}

/// A document's years, as the table has them.
fn years(d: &SearchDoc) -> Vec<i32> {
    d.år
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

impl Facets {
    /// The facet `i` of the documents.
    fn new(docs: &[Doc], i: usize) -> Facets {
        let by_id: Vec<&Arc<SearchDoc>> = docs.iter().map(|d| &d.doc).collect();
        let facet = facet(&by_id, i, i == STATUS_FACET);
        let mut values: FxHashMap<String, (u32, u32)> = facet
            .values
            .iter()
            .enumerate()
            .map(|(p, v)| (v.clone(), (p as u32, 0)))
            .collect();
        for ids in &facet.docs {
            for &v in ids {
                values
                    .get_mut(&facet.values[v as usize])
                    .expect("a value")
                    .1 += 1;
            }
        }
        Facets { facet, values }
    }

    /// Takes document `id` as `now` instead of `was`; false, changing
    /// nothing, if a value comes or goes (the dictionary changes).
    fn patch(&mut self, i: usize, id: u32, was: &SearchDoc, now: &SearchDoc) -> bool {
        let distinct =
            |d: &SearchDoc| -> BTreeSet<String> { facet_values(d)[i].iter().cloned().collect() };
        let (before, after) = (distinct(was), distinct(now));
        if before == after && (i != STATUS_FACET || was.status_ordning == now.status_ordning) {
            return true;
        }
        let comes = after.iter().any(|v| !self.values.contains_key(v));
        let goes = before
            .iter()
            .any(|v| !after.contains(v) && self.values.get(v).is_some_and(|c| c.1 == 1));
        if comes || goes || i == STATUS_FACET {
            return false;
        }
        for v in &before {
            self.values.get_mut(v).expect("a value").1 -= 1;
        }
        let mut ids: Vec<u32> = after
            .iter()
            .map(|v| {
                let entry = self.values.get_mut(v).expect("a value");
                entry.1 += 1;
                entry.0
            })
            .collect();
        ids.sort_unstable();
        self.facet.docs[id as usize] = ids;
        true
    }
}

/// One document and what it alone gives the index.
struct Doc {
    doc: Arc<SearchDoc>,
    /// The name's place in Swedish order.
    key: String,
    /// Its distinct words (see `words`).
    words: BTreeSet<String>,
    /// Its texts that may be coordinations (they have hyphens), with
    /// their fields: most documents have none.
    coordinating: Vec<(usize, String)>,
    /// The words its coordinations leave out, with their fields (see
    /// `complete`), for the vocabulary it was completed over.
    completed: Vec<(usize, String)>,
    /// Per field, tantivy's field norm and the tokens indexed.
    norms: [u32; FIELDS],
    tokens: [u64; FIELDS],
    /// The `key_hash` of its slug, and the bytes of its display row and
    /// of its description.
    slug_hash: u64,
    row_bytes: usize,
    text_bytes: usize,
}

impl Doc {
    fn new(doc: &Arc<SearchDoc>) -> Doc {
        Doc {
            doc: Arc::clone(doc),
            key: collation_key(&doc.namn),
            words: words(doc),
            coordinating: searchable(doc)
                .iter()
                .enumerate()
                .flat_map(|(f, texts)| {
                    texts
                        .iter()
                        .filter(|t| t.contains('-'))
                        .map(move |t| (f, (*t).clone()))
                })
                .collect(),
            completed: Vec::new(),
            norms: [0; FIELDS],
            tokens: [0; FIELDS],
            slug_hash: compact::key_hash(&doc.slug),
            row_bytes: row(doc).iter().map(|s| s.len() + 1).sum(),
            text_bytes: doc.beskrivning.len() + 1,
        }
    }

    /// The place of a document that has come, until it is read (`update`).
    fn empty() -> Doc {
        Doc {
            doc: Arc::new(SearchDoc::default()),
            key: String::new(),
            words: BTreeSet::new(),
            coordinating: Vec::new(),
            completed: Vec::new(),
            norms: [0; FIELDS],
            tokens: [0; FIELDS],
            slug_hash: 0,
            row_bytes: 0,
            text_bytes: 0,
        }
    }

    /// The words it counts for in the vocabulary: its own and those its
    /// completions add.
    fn all_words(&self) -> BTreeSet<&str> {
        self.words
            .iter()
            .map(String::as_str)
            .chain(self.completed.iter().map(|(_, w)| w.as_str()))
            .collect()
    }
}

/// One term's postings and positions in every field, and their encodings
/// once made (until the postings change).
#[derive(Default, Clone)]
struct Term {
    postings: [Postings; FIELDS],
    positions: [Positions; FIELDS],
    encoded: Option<Arc<(Vec<u8>, Vec<u8>)>>,
}

impl Term {
    fn is_empty(&self) -> bool {
        self.postings.iter().all(|p| p.docs.is_empty())
    }

    /// Removes document `id` from every field.
    fn remove(&mut self, id: u32) {
        for (p, at) in self.postings.iter_mut().zip(&mut self.positions) {
            if let Ok(i) = p.docs.binary_search(&id) {
                p.docs.remove(i);
                p.freqs.remove(i);
                at.remove(i);
            }
        }
        self.encoded = None;
    }

    /// Adds document `id` to field `f`, in order.
    fn insert(&mut self, f: usize, id: u32, freq: u32, positions: Vec<u32>) {
        let (p, at) = (&mut self.postings[f], &mut self.positions[f]);
        let i = p.docs.partition_point(|&d| d < id);
        p.docs.insert(i, id);
        p.freqs.insert(i, freq);
        at.insert(i, positions);
        self.encoded = None;
    }

    fn encoded(&mut self) -> &(Vec<u8>, Vec<u8>) {
        self.encoded.get_or_insert_with(|| {
            Arc::new((
                encode_postings(&self.postings),
                encode_positions(&self.positions),
            ))
        })
    }
}

/// The order documents are numbered in: by slug, then by the rest, so
/// that the numbers never depend on the order given.
fn by_slug(a: &SearchDoc, b: &SearchDoc) -> std::cmp::Ordering {
    (
        &a.slug,
        &a.namn,
        &a.beskrivning,
        &a.parter,
        &a.period,
        &a.status,
    )
        .cmp(&(
            &b.slug,
            &b.namn,
            &b.beskrivning,
            &b.parter,
            &b.period,
            &b.status,
        ))
        .then_with(|| {
            let lists = |d: &SearchDoc| {
                [
                    &d.organisationer,
                    &d.organisationsnamn,
                    &d.om_organisationer,
                    &d.kommuner,
                    &d.regioner,
                    &d.organ,
                    &d.fokus,
                ]
                .map(|l| l.clone())
            };
            lists(a)
                .cmp(&lists(b))
                .then(a.år.cmp(&b.år))
                .then(a.status_ordning.cmp(&b.status_ordning))
        })
}

/// What tantivy made of some documents: per field, each term's postings
/// and positions (by document number), and each document's field norms
/// and tokens.
struct Indexed {
    terms: [Vec<(String, Postings, Positions)>; FIELDS],
    norms: Vec<(u32, [u32; FIELDS], [u64; FIELDS])>,
}

impl Kept {
    /// Indexes `docs` afresh.
    fn new(docs: &[Arc<SearchDoc>]) -> Result<Kept, Error> {
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.par_sort_by(|&a, &b| by_slug(&docs[a], &docs[b]));
        let mut ids = vec![0; docs.len()];
        for (id, &i) in order.iter().enumerate() {
            ids[i] = id as u32;
        }
        let unique_slugs = order.windows(2).all(|w| docs[w[0]].slug != docs[w[1]].slug);
        let mut kept = Kept {
            input: docs.to_vec(),
            ids,
            unique_slugs,
            docs: order.par_iter().map(|&i| Doc::new(&docs[i])).collect(),
            own_df: BTreeMap::new(),
            df: BTreeMap::new(),
            known: FxHashMap::default(),
            stems: FxHashMap::default(),
            terms: Vec::new(),
            term_hashes: Vec::new(),
            postings: Vec::new(),
            in_order: None,
            changed: (0..docs.len() as u32).collect(),
            facets: Vec::new(),
            years: Vec::new(),
            changed_facets: Vec::new(),
            renumbered: None,
            tokens: [0; FIELDS],
            parts: Default::default(),
        };
        for id in 0..kept.docs.len() {
            let words: Vec<String> = kept.docs[id].words.iter().cloned().collect();
            kept.own_words(&words, 1);
        }
        let mut completer = Completer::new(&kept.known);
        let completed: Vec<Vec<(usize, String)>> =
            kept.docs.iter().map(|d| completer.complete(d)).collect();
        for (doc, completed) in kept.docs.iter_mut().zip(completed) {
            doc.completed = completed;
        }
        for doc in &kept.docs {
            count(&mut kept.df, doc.all_words().into_iter(), 1);
        }
        let words: Vec<String> = kept.df.keys().cloned().collect();
        kept.stem(&words);
        kept.terms = index_terms(kept.df.keys().map(|w| kept.stems[w].as_str()));
        kept.term_hashes = kept.terms.iter().map(|t| compact::key_hash(t)).collect();
        kept.postings = vec![Term::default(); kept.terms.len()];
        kept.facets = (0..facet_values(&SearchDoc::default()).len())
            .map(|i| Facets::new(&kept.docs, i))
            .collect();
        kept.years = kept.docs.iter().map(|d| years(&d.doc)).collect();
        let all: Vec<u32> = (0..kept.docs.len() as u32).collect();
        let batches: Vec<&[u32]> = all.chunks(BATCH_DOCS).collect();
        let indexed: Vec<Indexed> = batches
            .par_iter()
            .map(|ids| kept.index_docs(ids))
            .collect::<Result<_, Error>>()?;
        // Batches of consecutive numbers, in order: each term's postings
        // are appended in order.
        for indexed in indexed {
            kept.add(indexed, true)?;
        }
        Ok(kept)
    }

    /// The numbers of the documents that changed, if `docs` are the same
    /// documents but for some at the same places with the same slugs.
    fn changes(&self, docs: &[Arc<SearchDoc>]) -> Option<Vec<u32>> {
        if !self.unique_slugs || self.input.len() != docs.len() {
            return None;
        }
        let mut changed = Vec::new();
        for (i, (was, now)) in self.input.iter().zip(docs).enumerate() {
            if !Arc::ptr_eq(was, now) {
                if was.slug != now.slug {
                    return None;
                }
                changed.push(self.ids[i]);
            }
        }
        changed.sort_unstable();
        Some(changed)
    }

    /// Takes the changed documents (by number) from `docs`, the list given.
    fn update(&mut self, docs: &[Arc<SearchDoc>], changed: Vec<u32>) -> Result<(), Error> {
        // The documents by number.
        let mut by_id: Vec<usize> = vec![0; docs.len()];
        for (i, &id) in self.ids.iter().enumerate() {
            by_id[id as usize] = i;
        }
        self.input = docs.to_vec();
        let mut old: BTreeMap<u32, Doc> = BTreeMap::new();
        let renumbered = self.renumbered.take();
        let mut new_words = renumbered.unwrap_or(false);
        for &id in &changed {
            let new = Doc::new(&docs[by_id[id as usize]]);
            let words: Vec<String> = new.words.iter().cloned().collect();
            let was = std::mem::replace(&mut self.docs[id as usize], new);
            let gone: Vec<String> = was.words.iter().cloned().collect();
            new_words |= self.own_words(&gone, -1);
            new_words |= self.own_words(&words, 1);
            let now = &self.docs[id as usize].doc;
            self.years[id as usize] = years(now);
            for (i, facets) in self.facets.iter_mut().enumerate() {
                if renumbered.is_some() || !facets.patch(i, id, &was.doc, now) {
                    self.changed_facets.push(i);
                }
            }
            old.insert(id, was);
        }
        // A facet whose dictionary changed, made again; after a
        // renumbering, every facet.
        if renumbered.is_some() {
            self.changed_facets.extend(0..self.facets.len());
        }
        self.changed_facets.sort_unstable();
        self.changed_facets.dedup();
        for i in std::mem::take(&mut self.changed_facets) {
            self.facets[i] = Facets::new(&self.docs, i);
        }
        self.changed = changed.clone();
        // Completions: of the changed documents, and of every document that
        // may have a coordination when the words they complete over changed.
        let candidates: Vec<u32> = if new_words {
            (0..self.docs.len() as u32)
                .filter(|&id| {
                    old.contains_key(&id) || !self.docs[id as usize].coordinating.is_empty()
                })
                .collect()
        } else {
            changed.clone()
        };
        let mut completer = Completer::new(&self.known);
        let completions: Vec<(u32, Vec<(usize, String)>)> = candidates
            .into_iter()
            .map(|id| (id, completer.complete(&self.docs[id as usize])))
            .collect();
        for (id, completed) in completions {
            let doc = &mut self.docs[id as usize];
            match old.entry(id) {
                std::collections::btree_map::Entry::Occupied(_) => doc.completed = completed,
                // Completed otherwise: indexed again.
                std::collections::btree_map::Entry::Vacant(entry) if completed != doc.completed => {
                    let mut was = Doc::new(&doc.doc);
                    was.norms = doc.norms;
                    was.tokens = doc.tokens;
                    was.completed = std::mem::replace(&mut doc.completed, completed);
                    entry.insert(was);
                }
                std::collections::btree_map::Entry::Vacant(_) => {}
            }
        }
        // The vocabulary, the stems, and each term without the old documents.
        for (&id, was) in &old {
            count(&mut self.df, was.all_words().into_iter(), -1);
            let now = &self.docs[id as usize];
            let now_words: Vec<String> = now.all_words().into_iter().map(str::to_owned).collect();
            count(&mut self.df, now_words.iter().map(String::as_str), 1);
            self.stem(&now_words);
        }
        for (&id, was) in &old {
            self.forget(id, was);
        }
        // The changed documents indexed again, into the terms.
        let ids: Vec<u32> = old.keys().copied().collect();
        let indexed = self.replay(&ids);
        self.add(indexed, false)?;
        // Terms no document has any more.
        let mut t = 0;
        while t < self.terms.len() {
            if self.postings[t].is_empty() {
                self.terms.remove(t);
                self.term_hashes.remove(t);
                self.postings.remove(t);
            } else {
                t += 1;
            }
        }
        Ok(())
    }

    /// Takes what document `id`, as `was`, gave the terms and the tokens.
    fn forget(&mut self, id: u32, was: &Doc) {
        for (total, tokens) in self.tokens.iter_mut().zip(was.tokens) {
            *total -= tokens;
        }
        let terms: BTreeSet<String> = was
            .all_words()
            .into_iter()
            .flat_map(|w| {
                let stem = self.stems[w].clone();
                let folded = fold(&stem);
                std::iter::once(stem).chain(folded)
            })
            .collect();
        for term in terms {
            if let Ok(t) = self.terms.binary_search(&term) {
                self.postings[t].remove(id);
            }
        }
    }

    /// Numbers the documents of `docs` (the same slugs but some come and
    /// some gone) in place of the kept ones: the documents gone are taken
    /// out, every kept number moves to its new place, and each document
    /// that came gets an empty place. Returns the documents that came or
    /// changed, by their new numbers, for `update`; `None` if a slug is
    /// there twice (then `Kept::new` numbers them).
    fn renumber(&mut self, docs: &[Arc<SearchDoc>]) -> Option<Vec<u32>> {
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.par_sort_by(|&a, &b| by_slug(&docs[a], &docs[b]));
        if !self.unique_slugs || order.windows(2).any(|w| docs[w[0]].slug == docs[w[1]].slug) {
            return None;
        }
        // The kept numbers are in the order of slugs too: one merge.
        let mut moved: Vec<Option<u32>> = vec![None; self.docs.len()];
        let mut changed = Vec::new();
        let mut old = 0;
        for (new, &i) in order.iter().enumerate() {
            let slug = &docs[i].slug;
            while old < self.docs.len() && self.docs[old].doc.slug < *slug {
                old += 1;
            }
            match self.docs.get(old).filter(|d| d.doc.slug == *slug) {
                Some(d) => {
                    moved[old] = Some(new as u32);
                    if !Arc::ptr_eq(&d.doc, &docs[i]) {
                        changed.push(new as u32);
                    }
                    old += 1;
                }
                None => changed.push(new as u32),
            }
        }
        // The documents gone: out of the vocabulary, the terms, the tokens.
        let mut new_words = false;
        for id in (0..moved.len()).filter(|&id| moved[id].is_none()) {
            let was = std::mem::replace(&mut self.docs[id], Doc::empty());
            let words: Vec<String> = was.words.iter().cloned().collect();
            new_words |= self.own_words(&words, -1);
            count(&mut self.df, was.all_words().into_iter(), -1);
            self.forget(id as u32, &was);
        }
        // Every number to its new place.
        for term in &mut self.postings {
            let mut renumbered = false;
            for p in &mut term.postings {
                for doc in &mut p.docs {
                    let new = moved[*doc as usize].expect("the documents gone are out");
                    renumbered |= new != *doc;
                    *doc = new;
                }
            }
            if renumbered {
                term.encoded = None;
            }
        }
        let mut kept: Vec<Option<Doc>> = std::mem::take(&mut self.docs)
            .into_iter()
            .map(Some)
            .collect();
        let mut years = vec![Vec::new(); docs.len()];
        self.docs = (0..docs.len()).map(|_| Doc::empty()).collect();
        for (old, new) in moved.iter().enumerate() {
            if let Some(new) = *new {
                self.docs[new as usize] = kept[old].take().expect("moved once");
                years[new as usize] = std::mem::take(&mut self.years[old]);
            }
        }
        self.years = years;
        self.in_order = self.in_order.take().map(|in_order| {
            in_order
                .into_iter()
                .filter_map(|id| moved[id as usize])
                .collect()
        });
        self.ids = vec![0; docs.len()];
        for (new, &i) in order.iter().enumerate() {
            self.ids[i] = new as u32;
        }
        self.input = docs.to_vec();
        self.renumbered = Some(new_words);
        Some(changed)
    }

    /// Counts `words` of one document in or out (`by` 1 or -1) of
    /// `own_df` and what coordinations are completed over; whether that
    /// changed.
    fn own_words(&mut self, words: &[String], by: i32) -> bool {
        self.stem(words);
        let mut changed = false;
        for w in words {
            let came_or_went = count(&mut self.own_df, std::iter::once(w.as_str()), by);
            if came_or_went {
                for k in [lexicon::key(w), lexicon::key(&self.stems[w])] {
                    changed |= count_key(&mut self.known, k, by);
                }
            }
        }
        changed
    }

    /// Stems the words not stemmed yet.
    fn stem(&mut self, words: &[String]) {
        let mut stemmer = WordStemmer::new();
        for w in words {
            if !self.stems.contains_key(w) {
                self.stems.insert(w.clone(), stemmer.stem(w));
            }
        }
    }

    /// Has tantivy index the documents `ids` (in order) in one segment.
    fn index_docs(&self, ids: &[u32]) -> Result<Indexed, Error> {
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
        // One thread: documents get numbers in the order they are added.
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, WRITER_MEMORY)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for &id in ids {
            let d = &self.docs[id as usize];
            let mut doc = TantivyDocument::default();
            for (field, texts) in searchable(&d.doc).iter().enumerate() {
                for text in texts {
                    doc.add_text(fields[field], text);
                }
            }
            for (field, word) in &d.completed {
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
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let mut indexed = Indexed {
            terms: Default::default(),
            norms: ids
                .iter()
                .map(|&id| (id, [0; FIELDS], [0; FIELDS]))
                .collect(),
        };
        let segment = match searcher.segment_readers() {
            [] => return Ok(indexed),
            [segment] => segment,
            more => {
                return Err(Error::Bundle(format!(
                    "expected one segment after merging, found {}",
                    more.len()
                )));
            }
        };
        for (f, &field) in fields.iter().enumerate() {
            let inverted = segment.inverted_index(field)?;
            let norms = segment.get_fieldnorms_reader(field)?;
            for (local, n) in indexed.norms.iter_mut().enumerate() {
                n.1[f] = norms.fieldnorm(local as u32);
            }
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                let term = String::from_utf8(stream.key().to_vec())
                    .map_err(|_| Error::Bundle("an index term is not UTF-8".to_string()))?;
                let mut p = inverted.read_postings_from_terminfo(
                    stream.value(),
                    IndexRecordOption::WithFreqsAndPositions,
                )?;
                let (mut docs, mut at) = (Postings::default(), Positions::default());
                while p.doc() != TERMINATED {
                    let local = p.doc() as usize;
                    docs.docs.push(ids[local]);
                    docs.freqs.push(p.term_freq());
                    indexed.norms[local].2[f] += u64::from(p.term_freq());
                    let mut v = Vec::new();
                    p.positions(&mut v);
                    at.push(v);
                    p.advance();
                }
                indexed.terms[f].push((term, docs, at));
            }
        }
        Ok(indexed)
    }

    /// What tantivy makes of the documents `ids` (in order), made as tantivy
    /// makes it, without an index: in each field, the tokens of the index
    /// analyzer for each of its values in turn, at their positions after
    /// the last of the value before and a gap of one (tantivy's
    /// `PostingsWriter::index_text`); the field norm is the number of
    /// tokens, quantised as tantivy stores it. For the few documents an
    /// edit changed, this saves a tantivy commit, milliseconds each; the
    /// indexer's tests hold it to tantivy's own (`index_docs`).
    fn replay(&self, ids: &[u32]) -> Indexed {
        let mut terms: [BTreeMap<String, (Postings, Positions)>; FIELDS] = Default::default();
        let mut norms = Vec::new();
        let mut analyzer = IndexTokenizer::default();
        for &id in ids {
            let d = &self.docs[id as usize];
            let (mut field_norms, mut field_tokens) = ([0; FIELDS], [0; FIELDS]);
            for (f, texts) in searchable(&d.doc).iter().enumerate() {
                let completed = d
                    .completed
                    .iter()
                    .filter(|(cf, _)| *cf == f)
                    .map(|(_, w)| w);
                let mut own: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
                let mut texts_of: Vec<&str> = texts.iter().map(|t| t.as_str()).collect();
                texts_of.extend(completed.map(String::as_str));
                let (mut next, mut tokens) = (0u32, 0u32);
                let mut found: Vec<(String, u32)> = Vec::new();
                for text in texts_of {
                    let mut end = next;
                    let mut stream = analyzer.token_stream(text);
                    while stream.advance() {
                        let token = stream.token();
                        let position = next + token.position as u32;
                        end = end.max(position + token.position_length as u32);
                        found.push((token.text.clone(), position));
                        tokens += 1;
                    }
                    next = end + 1;
                }
                for (term, position) in &found {
                    own.entry(term.as_str()).or_default().push(*position);
                }
                for (term, positions) in own {
                    let (p, at) = terms[f].entry(term.to_owned()).or_default();
                    p.docs.push(id);
                    p.freqs.push(positions.len() as u32);
                    at.push(positions);
                }
                field_tokens[f] = u64::from(tokens);
                field_norms[f] =
                    tantivy::fieldnorm::FieldNormReader::constant(1, tokens).fieldnorm(0);
            }
            norms.push((id, field_norms, field_tokens));
        }
        Indexed {
            terms: terms.map(|t| t.into_iter().map(|(term, (p, at))| (term, p, at)).collect()),
            norms,
        }
    }

    /// Adds what tantivy made of some documents to the terms; `fresh`
    /// when every term is in the list already (made from the vocabulary).
    fn add(&mut self, indexed: Indexed, fresh: bool) -> Result<(), Error> {
        for (id, norms, tokens) in indexed.norms {
            let doc = &mut self.docs[id as usize];
            doc.norms = norms;
            doc.tokens = tokens;
            for (total, tokens) in self.tokens.iter_mut().zip(tokens) {
                *total += tokens;
            }
        }
        for (f, terms) in indexed.terms.into_iter().enumerate() {
            // Both in byte order: each term is found after the last.
            let mut t = 0;
            for (term, docs, at) in terms {
                t += self.terms[t..].partition_point(|x| *x < term);
                if self.terms.get(t) != Some(&term) {
                    if fresh {
                        return Err(Error::Bundle(format!(
                            "index term {term:?} is not in the vocabulary"
                        )));
                    }
                    self.term_hashes.insert(t, compact::key_hash(&term));
                    self.terms.insert(t, term);
                    self.postings.insert(t, Term::default());
                }
                let kept = &mut self.postings[t];
                for ((id, freq), positions) in docs.docs.into_iter().zip(docs.freqs).zip(at) {
                    kept.insert(f, id, freq, positions);
                }
            }
        }
        Ok(())
    }

    /// The search files of the documents as they are now.
    fn export(&mut self) -> Result<Bundles, Error> {
        let n = self.docs.len();
        let changed = std::mem::take(&mut self.changed);
        let in_order = self.in_order(&changed);
        let mut rank = vec![0; n];
        for (r, &id) in in_order.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        // Each term's encodings, made again for the terms that changed.
        let dirty_terms: Vec<bool> = self.postings.iter().map(|t| t.encoded.is_none()).collect();
        self.postings
            .par_iter_mut()
            .filter(|t| t.encoded.is_none())
            .for_each(|t| {
                t.encoded();
            });
        let encoded: Vec<&(Vec<u8>, Vec<u8>)> = self
            .postings
            .iter()
            .map(|t| &**t.encoded.as_ref().expect("encoded above"))
            .collect();
        let mut dirty_docs = vec![false; n];
        for &id in &changed {
            dirty_docs[id as usize] = true;
        }
        let mut layout = Layout {
            tokens: self
                .tokens
                .iter()
                .map(|&t| {
                    u32::try_from(t).map_err(|_| Error::Bundle("too many tokens".to_string()))
                })
                .collect::<Result<_, _>>()?,
            norms: (0..FIELDS)
                .map(|f| self.docs.iter().map(|d| d.norms[f]).collect())
                .collect(),
            ..Layout::default()
        };
        let hashes = &self.term_hashes;
        let docs = &self.docs;
        // Terms are cut by the size of one of their encodings, documents
        // (in the order of names) by the size of their row or description.
        let by_terms = |size: fn(&(Vec<u8>, Vec<u8>)) -> usize, bytes| {
            compact::cut(
                encoded.iter().map(|e| size(e)).zip(hashes.iter().copied()),
                bytes,
            )
        };
        let by_docs = |size: fn(&Doc) -> usize, bytes| {
            compact::cut(
                in_order.iter().map(|&id| {
                    let d = &docs[id as usize];
                    (size(d), d.slug_hash)
                }),
                bytes,
            )
        };
        layout.postings = by_terms(|e| e.0.len(), PART_BYTES);
        layout.positions = by_terms(|e| e.1.len(), PART_BYTES);
        layout.display = by_docs(|d| d.row_bytes, DISPLAY_BYTES);
        layout.texts = by_docs(|d| d.text_bytes, TEXT_BYTES);
        // Each part: the latest build's if it has the same items, none of
        // them changed; else made, and compressed unless the latest build
        // made one with the same name.
        let mut ranges: Vec<(Kind, usize, usize)> = Vec::new();
        for kind in [Kind::Postings, Kind::Positions, Kind::Display, Kind::Texts] {
            let starts = layout.starts(kind);
            let count = match kind {
                Kind::Display | Kind::Texts => n,
                _ => self.terms.len(),
            };
            for (i, &start) in starts.iter().enumerate() {
                ranges.push((
                    kind,
                    start as usize,
                    starts.get(i + 1).map_or(count, |&e| e as usize),
                ));
            }
        }
        let kept = &self.parts;
        let terms = &self.terms;
        let made: Vec<(Kind, u64, Part)> = ranges
            .into_par_iter()
            .map(|(kind, a, b)| {
                let key = |i: usize| match kind {
                    Kind::Display | Kind::Texts => docs[in_order[i] as usize].slug_hash,
                    _ => hashes[i],
                };
                let members = {
                    use std::hash::Hasher;
                    let mut h = rustc_hash::FxHasher::default();
                    (a..b).for_each(|i| h.write_u64(key(i)));
                    h.finish()
                };
                let dirty = match kind {
                    Kind::Display | Kind::Texts => {
                        in_order[a..b].iter().any(|&id| dirty_docs[id as usize])
                    }
                    _ => dirty_terms[a..b].iter().any(|&d| d),
                };
                let first = if a < b { key(a) } else { 0 };
                if !dirty
                    && let Some(part) = kept[kind as usize].get(&first)
                    && part.members == members
                {
                    let part = Part {
                        members,
                        name: part.name.clone(),
                        bytes: Arc::clone(&part.bytes),
                    };
                    return Ok((kind, first, part));
                }
                let (raw, keys): (Vec<u8>, Vec<&str>) = match kind {
                    Kind::Postings => (
                        encoded[a..b]
                            .iter()
                            .flat_map(|e| e.0.iter().copied())
                            .collect(),
                        terms[a..b].iter().map(String::as_str).collect(),
                    ),
                    Kind::Positions => (
                        encoded[a..b]
                            .iter()
                            .flat_map(|e| e.1.iter().copied())
                            .collect(),
                        terms[a..b].iter().map(String::as_str).collect(),
                    ),
                    Kind::Display => {
                        let rows: Vec<[&str; 4]> = in_order[a..b]
                            .iter()
                            .map(|&id| row(&docs[id as usize].doc))
                            .collect();
                        (
                            compact::encode_rows(&rows),
                            rows.iter().map(|r| r[0]).collect(),
                        )
                    }
                    Kind::Texts => {
                        let docs: Vec<&SearchDoc> = in_order[a..b]
                            .iter()
                            .map(|&id| &*docs[id as usize].doc)
                            .collect();
                        let texts: Vec<&str> =
                            docs.iter().map(|d| d.beskrivning.as_str()).collect();
                        (
                            compact::encode_texts(&texts),
                            docs.iter().map(|d| d.slug.as_str()).collect(),
                        )
                    }
                };
                let name = compact::part_name(kind, keys.into_iter(), &raw);
                let bytes = match kept[kind as usize].get(&first).filter(|p| p.name == name) {
                    Some(part) => Arc::clone(&part.bytes),
                    None => {
                        let file = format!("delar/{}-{name}.bin", kind.letter());
                        Arc::new(bundle::compress(&bundle::pack(&[(file, raw)]))?)
                    }
                };
                Ok((
                    kind,
                    first,
                    Part {
                        members,
                        name,
                        bytes,
                    },
                ))
            })
            .collect::<Result<_, Error>>()?;
        let mut parts: Parts = Vec::with_capacity(made.len());
        let mut next: [FxHashMap<u64, Part>; 4] = Default::default();
        for (kind, first, part) in made {
            layout.names[kind as usize].push(part.name.clone());
            parts.push((
                format!("delar/{}-{}.bin", kind.letter(), part.name),
                part.bytes.to_vec(),
            ));
            next[kind as usize].insert(first, part);
        }
        self.parts = next;
        let (ord, ord_df): (Vec<&str>, Vec<u32>) =
            self.df.iter().map(|(w, &c)| (w.as_str(), c)).unzip();
        // The facets and years are lent to the table while it is encoded.
        let table = Table {
            layout,
            docs: n as u32,
            rank,
            facets: self
                .facets
                .iter_mut()
                .map(|f| std::mem::take(&mut f.facet))
                .collect(),
            år: std::mem::take(&mut self.years),
            ord: ord.join(" "),
            ord_df,
        };
        let encoded = table.encode();
        self.years = table.år;
        for (kept, facet) in self.facets.iter_mut().zip(table.facets) {
            kept.facet = facet;
        }
        self.in_order = Some(in_order);
        Ok(Bundles {
            index: bundle::compress(&bundle::pack(&[(TABLE_FILE.to_string(), encoded)]))?,
            parts,
        })
    }

    /// The documents in the order of their names: the latest build's, with
    /// the `changed` ones placed again.
    fn in_order(&mut self, changed: &[u32]) -> Vec<u32> {
        let docs = &self.docs;
        let key = |id: u32| {
            let d = &docs[id as usize];
            (&d.key, &d.doc.namn, &d.doc.slug)
        };
        let placed = self.in_order.take().map(|mut in_order| {
            let mut moved = vec![false; docs.len()];
            for &id in changed {
                moved[id as usize] = true;
            }
            in_order.retain(|&id| !moved[id as usize]);
            for &id in changed {
                let at = in_order.partition_point(|&other| key(other) < key(id));
                in_order.insert(at, id);
            }
            in_order
        });
        match placed {
            Some(in_order) if in_order.len() == docs.len() => in_order,
            _ => {
                let mut in_order: Vec<u32> = (0..docs.len() as u32).collect();
                in_order.par_sort_by(|&a, &b| key(a).cmp(&key(b)));
                in_order
            }
        }
    }
}

/// What a hit shows of a document: slug, name, parties, period.
fn row(d: &SearchDoc) -> [&str; 4] {
    [&d.slug, &d.namn, &d.parter, &d.period].map(String::as_str)
}

/// Adds `by` to the count of `key`; whether it came or went.
fn count_key(counts: &mut FxHashMap<String, u32>, key: String, by: i32) -> bool {
    if by > 0 {
        let n = counts.entry(key).or_default();
        *n += 1;
        *n == 1
    } else {
        match counts.get_mut(&key) {
            Some(n) if *n > 1 => {
                *n -= 1;
                false
            }
            Some(_) => {
                counts.remove(&key);
                true
            }
            None => false,
        }
    }
}

/// Adds `by` to the count of each of `words`; whether a word came or went.
fn count<'w>(
    df: &mut BTreeMap<String, u32>,
    words: impl Iterator<Item = &'w str>,
    by: i32,
) -> bool {
    let mut changed = false;
    for w in words {
        if by > 0 {
            match df.get_mut(w) {
                Some(n) => *n += 1,
                None => {
                    df.insert(w.to_owned(), 1);
                    changed = true;
                }
            }
        } else if let Some(n) = df.get_mut(w) {
            *n -= 1;
            if *n == 0 {
                df.remove(w);
                changed = true;
            }
        }
    }
    changed
}

/// A document's searchable texts, by field: the name; the organisations
/// (display names, aliases, parents); the public side (kommuner, regions,
/// organ) and focus areas; the description, with what the organisations
/// are (a field of its own repeated most of its terms, 9 KB more index,
/// gzip, for the real catalogue, and ranked no better).
fn searchable(d: &SearchDoc) -> [Vec<&String>; FIELDS] {
    [
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
    ]
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

/// Words left out of a coordination, put back: "Kvinno- och tjejjouren"
/// also says "kvinnojouren", "arbetsmarknads- och socialnämnden" also
/// "arbetsmarknadsnämnden". The first part and the last part of the
/// compound after "och", "eller" or "samt" (split over the vocabulary),
/// lowercased, with the index of the field (see `searchable`). A
/// catalogue repeats its texts (every entry of a focus area names it), so
/// each text is completed once.
struct Completer<'k> {
    known: &'k FxHashMap<String, u32>,
    done: FxHashMap<String, Vec<String>>,
}

impl<'k> Completer<'k> {
    fn new(known: &'k FxHashMap<String, u32>) -> Completer<'k> {
        Completer {
            known,
            done: FxHashMap::default(),
        }
    }

    fn complete(&mut self, d: &Doc) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        let known = |piece: &str| self.known.contains_key(piece);
        for (field, text) in &d.coordinating {
            let words = match self.done.get(text.as_str()) {
                Some(words) => words,
                None => {
                    let tokens: Vec<(String, usize, usize)> = analysis::tokens(text)
                        .map(|t| (t.text, t.from, t.to))
                        .collect();
                    let words = lexicon::coordinations(text, &tokens, &known)
                        .into_iter()
                        .map(|(_, _, word)| word)
                        .collect();
                    self.done.entry(text.clone()).or_insert(words)
                }
            };
            out.extend(words.iter().map(|w| (*field, w.clone())));
        }
        out
    }
}

/// A facet's dictionary (alphabetical, or the natural order of statuses)
/// and each document's value indexes.
fn facet(docs: &[&Arc<SearchDoc>], i: usize, is_status: bool) -> Facet {
    // Distinct values by hash: most documents repeat a few dozen values.
    let distinct: rustc_hash::FxHashSet<&str> = docs
        .iter()
        .flat_map(|d| facet_values(d)[i])
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
            let mut ids: Vec<u32> = facet_values(d)[i].iter().map(|v| pos[v.as_str()]).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    Facet { values, docs }
}
