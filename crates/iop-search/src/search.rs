//! Opening a bundle and answering queries.
//!
//! The compact index (`compact.rs`) holds the postings, positions and field
//! norms tantivy computed; matching and scoring are done here, with
//! tantivy's BM25 formula (the same floating-point operations, so the same
//! scores). This is the only reader: `iop search` and the WebAssembly
//! module behind /sok/ both run it, and the module does not link tantivy.
//!
//! The postings come in parts. Natively every part is added at once; the
//! browser adds those a query needs: [`Catalogue::try_search`] records
//! every lookup in a part not yet added and answers with the parts to
//! fetch instead of results. A search whose lookups all found their parts
//! has read exactly what it would have read with every part there, so the
//! results are the same as in `iop search`.
//!
//! Every clause is evaluated into dense per-document arrays: simple, and a
//! few milliseconds at most.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};

use crate::analysis::{fold, is_stopword, stem, tokens};
use crate::bundle::{self, FACETS, STATUS_FACET, TABLE_FILE, Table};
use crate::compact::{
    self, BOOSTS, FIELDS, Kind, Positions, Postings, Row, decode_positions, decode_postings,
    decode_rows, decode_texts,
};
use crate::lexicon::{Lexicon, WordId};
use crate::order;
use crate::snippet::{self, Matcher};
use crate::{Error, FACET_LIMIT, Facets, Hit, Query, Results};

type DocId = u32;
type Score = f32;

/// BM25's term frequency saturation and length normalisation, as tantivy's.
const K1: Score = 1.2;
const B: Score = 0.75;

/// Unknown words whose stem is this long (in letters) or longer also
/// tolerate one typo in the stem.
pub(crate) const FUZZY_MIN_CHARS: usize = 5;
/// The word being typed counts from this many letters on.
pub(crate) const PREFIX_MIN_CHARS: usize = 2;
/// Weight of a prefix match relative to the field's weight (a prefix match
/// scores a constant; a whole-word match scores BM25 on top).
const PREFIX_WEIGHT: f32 = 0.5;
/// Weight of a match on a corrected word (BM25) relative to the field's.
const TYPO_WEIGHT: f32 = 0.5;
/// Weight of a match on a compound containing the word (BM25).
const COMPOUND_WEIGHT: f32 = 0.5;
/// Weight of a one-typo match on the stem (a constant).
const FUZZY_WEIGHT: f32 = 0.3;

/// An opened search index.
pub struct Catalogue {
    /// Display columns, facet dictionaries and the layout of the parts
    /// (the per-document facet lists are moved to `facts`).
    table: Table,
    facts: Facts,
    /// The texts parts added so far: the descriptions, which snippets
    /// need and matching and ranking do not.
    texts: Vec<Option<Vec<String>>>,
    /// The words of the catalogue, for typos, diacritics, prefixes and
    /// compounds.
    lexicon: Lexicon,
    /// The terms of the index, sorted: a term's id is its place here.
    terms: Vec<String>,
    /// Per field: the weight and the average field norm.
    fields: [FieldStats; FIELDS],
    /// The parts added so far, by number.
    postings: Vec<Option<Vec<[Postings; FIELDS]>>>,
    positions: Vec<Option<Vec<[Positions; FIELDS]>>>,
    display: Vec<Option<Vec<Row>>>,
    /// Built on the first query with a long unknown word.
    typo_automata: OnceLock<LevenshteinAutomatonBuilder>,
}

thread_local! {
    /// Parts the search running on this thread looked into and did not
    /// have (a search runs on one thread, start to end).
    static MISSING: RefCell<BTreeSet<(Kind, usize)>> = const { RefCell::new(BTreeSet::new()) };
    /// Texts parts that hits of the search running on this thread have
    /// no snippet for: the results do not wait for them.
    static TEXTS_MISSING: RefCell<BTreeSet<usize>> = const { RefCell::new(BTreeSet::new()) };
}

/// One searchable field.
struct FieldStats {
    boost: Score,
    avg_fieldnorm: Score,
}

/// BM25 of one term (or the terms of a phrase) in one field, as tantivy
/// computes it.
struct Bm25 {
    weight: Score,
    avg_fieldnorm: Score,
}

impl Bm25 {
    fn new(idf: Score, avg_fieldnorm: Score) -> Bm25 {
        Bm25 {
            weight: idf * (1.0 + K1),
            avg_fieldnorm,
        }
    }

    fn score(&self, fieldnorm: u32, term_freq: u32) -> Score {
        let norm = K1 * (1.0 - B + B * fieldnorm as Score / self.avg_fieldnorm);
        let tf = term_freq as Score;
        self.weight * (tf / (tf + norm))
    }
}

fn idf(doc_freq: usize, docs: usize) -> Score {
    let x = ((docs - doc_freq) as Score + 0.5) / (doc_freq as Score + 0.5);
    (1.0 + x).ln()
}

/// Per-document facet values, flattened for fast scans.
struct Facts {
    facets: [Lists<u32>; FACETS.len()],
    år: Lists<i32>,
}

/// A list per document, stored contiguously.
struct Lists<T> {
    /// Document d's items are items[start[d]..start[d + 1]].
    start: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy> Lists<T> {
    fn new(per_doc: Vec<Vec<T>>) -> Lists<T> {
        let mut start = Vec::with_capacity(per_doc.len() + 1);
        let mut items = Vec::with_capacity(per_doc.iter().map(Vec::len).sum());
        start.push(0);
        for list in per_doc {
            items.extend_from_slice(&list);
            start.push(items.len() as u32);
        }
        Lists { start, items }
    }

    fn get(&self, doc: usize) -> &[T] {
        &self.items[self.start[doc] as usize..self.start[doc + 1] as usize]
    }
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue")
            .field("docs", &self.table.len())
            .finish()
    }
}

impl Catalogue {
    /// Opens an index bundle written by `build_index` ([`Bundles::index`]).
    /// Natively the bundle may be gzip-compressed (as written) or already
    /// inflated; in WebAssembly it must be inflated.
    ///
    /// Searches need the parts their terms are in
    /// ([`add_part`](Catalogue::add_part)); their hits have no snippet
    /// until the texts parts of the hits are added
    /// ([`Results::texts_needed`]).
    ///
    /// [`Bundles::index`]: crate::Bundles::index
    pub fn open(bundle: &[u8]) -> Result<Catalogue, Error> {
        let raw = bundle::decompress(bundle)?;
        let data = bundle::unpack(&raw)?
            .into_iter()
            .find(|(name, _)| *name == TABLE_FILE)
            .ok_or_else(|| Error::Bundle(format!("no {TABLE_FILE}")))?
            .1;
        let mut table = Table::decode(data)?;
        table.check()?;
        let facts = Facts {
            facets: std::array::from_fn(|i| Lists::new(std::mem::take(&mut table.facets[i].docs))),
            år: Lists::new(std::mem::take(&mut table.år)),
        };
        let lexicon = Lexicon::new(
            std::mem::take(&mut table.ord)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect(),
            std::mem::take(&mut table.ord_df),
        );
        let terms = compact::index_terms(lexicon.stems());
        let n = table.len().max(1) as Score;
        let layout = &table.layout;
        let fields = std::array::from_fn(|f| FieldStats {
            boost: BOOSTS[f],
            avg_fieldnorm: layout.tokens[f] as Score / n,
        });
        if [&layout.postings, &layout.positions]
            .iter()
            .any(|starts| starts.last().is_some_and(|&s| s as usize > terms.len()))
            || [&layout.display, &layout.texts]
                .iter()
                .any(|starts| starts.last().is_some_and(|&s| s as usize > table.len()))
        {
            return Err(Error::Bundle("parts beyond the terms".to_string()));
        }
        Ok(Catalogue {
            postings: vec![None; layout.postings.len()],
            positions: vec![None; layout.positions.len()],
            display: vec![None; layout.display.len()],
            texts: vec![None; layout.texts.len()],
            table,
            facts,
            lexicon,
            terms,
            fields,
            typo_automata: OnceLock::new(),
        })
    }

    /// Opens the files `build_index` wrote, every part included: what
    /// `iop search` searches.
    #[cfg(feature = "indexing")]
    pub fn open_bundles(bundles: &crate::Bundles) -> Result<Catalogue, Error> {
        let mut catalogue = Catalogue::open(&bundles.index)?;
        for (_, part) in &bundles.parts {
            catalogue.add_part(part)?;
        }
        Ok(catalogue)
    }

    /// Opens the search files of a built site (its `sok/` directory): the
    /// index and every part.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn open_dir(dir: &std::path::Path) -> Result<Catalogue, Error> {
        let mut catalogue = Catalogue::open(&std::fs::read(dir.join("index.bin"))?)?;
        for name in catalogue.parts() {
            catalogue.add_part(&std::fs::read(dir.join(name))?)?;
        }
        Ok(catalogue)
    }

    /// The file names of all parts, relative to the index.
    pub fn parts(&self) -> Vec<String> {
        let layout = &self.table.layout;
        [Kind::Postings, Kind::Positions, Kind::Display, Kind::Texts]
            .into_iter()
            .flat_map(|kind| (0..layout.starts(kind).len()).map(move |i| layout.name(kind, i)))
            .collect()
    }

    /// Adds a part of this index (gzip-compressed, or, and in WebAssembly
    /// only, inflated). A part this index does not name is refused; one of
    /// another build with the same name holds the same (see
    /// `compact::part_name`).
    pub fn add_part(&mut self, bundle: &[u8]) -> Result<(), Error> {
        let raw = bundle::decompress(bundle)?;
        let files = bundle::unpack(&raw)?;
        let layout = &self.table.layout;
        let [(name, data)] = files[..] else {
            return Err(Error::Bundle("not an index part".to_string()));
        };
        let (kind, part) = layout
            .parse(name)
            .ok_or_else(|| Error::Bundle(format!("{name} is not a part of this index")))?;
        let n = self.table.len();
        match kind {
            Kind::Postings => {
                let terms = layout.len(kind, part, self.terms.len());
                self.postings[part] = Some(decode_postings(data, terms, n)?)
            }
            Kind::Positions => {
                let terms = layout.len(kind, part, self.terms.len());
                self.positions[part] = Some(decode_positions(data, terms)?)
            }
            Kind::Display => {
                self.display[part] = Some(decode_rows(data, layout.len(kind, part, n))?)
            }
            Kind::Texts => self.texts[part] = Some(decode_texts(data, layout.len(kind, part, n))?),
        }
        Ok(())
    }

    /// Number of partnerships in the index.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.len() == 0
    }

    /// Answers a query (see [`Query`] for its rules) from the parts added:
    /// with every part, as `iop search` has them, the answer; otherwise
    /// possibly less (see [`try_search`](Catalogue::try_search)).
    pub fn search(&self, q: &Query) -> Results {
        MISSING.with_borrow_mut(BTreeSet::clear);
        TEXTS_MISSING.with_borrow_mut(BTreeSet::clear);
        let mut clauses = parse(&q.text);
        // Score per matching document, or None for "every document".
        let mut outcome = Outcome::default();
        let scored: Option<Vec<(DocId, Score)>> = if clauses.is_empty() {
            None
        } else {
            Some(self.matches(&mut clauses, &mut outcome))
        };

        let filters = Filters::new(&self.table, q);
        let mut counts = Counts::new(&self.table, &self.facts);
        let mut hits: Vec<(DocId, Score)> = Vec::new();
        let mut consider = |doc: DocId, score: Score| {
            let mask = filters.failing(&self.facts, doc as usize);
            counts.add(&self.facts, doc as usize, mask);
            if mask == 0 {
                hits.push((doc, score));
            }
        };
        match scored {
            Some(docs) => docs.into_iter().for_each(|(d, s)| consider(d, s)),
            None => (0..self.table.len() as DocId).for_each(|d| consider(d, 0.0)),
        }
        // Best first; equal scores (and no text at all) in name order.
        let rank = &self.table.rank;
        order::sort_by(&mut hits, |a, b| {
            b.1.total_cmp(&a.1)
                .then(rank[a.0 as usize].cmp(&rank[b.0 as usize]))
        });

        let matcher = Matcher::new(outcome.terms, &self.lexicon);
        let total = hits.len();
        let empty = Row::default();
        let hits = hits
            .into_iter()
            .take(q.limit)
            .map(|(doc, _)| {
                let (t, d) = (&self.table, doc as usize);
                let status = &t.facets[STATUS_FACET].values;
                let [slug, namn, parter, period] = self.row(d).unwrap_or(&empty);
                Hit {
                    slug: slug.clone(),
                    namn: namn.clone(),
                    namn_html: snippet::highlight_all(namn, &matcher),
                    parter: parter.clone(),
                    period: period.clone(),
                    status: self.facts.facets[STATUS_FACET]
                        .get(d)
                        .first()
                        .map(|&v| status[v as usize].clone())
                        .unwrap_or_default(),
                    snippet_html: self
                        .text(d)
                        .map(|b| snippet::snippet(b, &matcher))
                        .unwrap_or_default(),
                }
            })
            .collect();
        let suggestion = (!outcome.corrections.is_empty())
            .then(|| correct(&q.text, &outcome.corrections))
            .filter(|s| s.trim() != q.text.trim());
        let texts_needed = TEXTS_MISSING
            .with_borrow_mut(std::mem::take)
            .into_iter()
            .map(|part| self.table.layout.name(Kind::Texts, part))
            .collect();
        Results {
            total,
            hits,
            facets: counts.into_facets(&self.table, q),
            suggestion,
            partial: outcome.partial,
            unmatched: outcome.unmatched,
            texts_needed,
        }
    }

    /// Answers a query as [`search`](Catalogue::search) does with every
    /// part added, or, when it needs parts not added yet, names them (file
    /// names relative to the index): add them and ask again.
    pub fn try_search(&self, q: &Query) -> Result<Results, Vec<String>> {
        let results = self.search(q);
        let missing = MISSING.with_borrow_mut(std::mem::take);
        if missing.is_empty() {
            Ok(results)
        } else {
            let layout = &self.table.layout;
            Err(missing
                .into_iter()
                .map(|(kind, part)| layout.name(kind, part))
                .collect())
        }
    }

    /// The documents matching the clauses, with their scores.
    ///
    /// Each word is looked up in every field as the words of the catalogue
    /// it stands for (see [`Catalogue::resolve`]): as written (BM25 times
    /// the field's weight), in compounds and, when the word is unknown, as
    /// the words one typo away (BM25 at a lower weight), and, for the word
    /// being typed, as the beginning of words (a constant share of the
    /// field's weight). A phrase scores BM25 of its occurrences. A
    /// document's score is the sum over clauses and fields.
    ///
    /// Never a dead end: when no document has every clause, known words
    /// get typo tolerance too (a typo may make another real word); when
    /// still none has them all, the documents matching the most clauses
    /// are returned and `outcome.partial` says so. An unknown word that
    /// is a compound of known words is searched as its parts.
    fn matches(&self, clauses: &mut Vec<Clause>, outcome: &mut Outcome) -> Vec<(DocId, Score)> {
        // Unknown compounds become their parts.
        let mut split = Vec::with_capacity(clauses.len());
        for c in clauses.drain(..) {
            match c {
                Clause::Word(w) if !self.is_known(&w) => {
                    let parts = self.lexicon.split(&w.text);
                    if parts.is_empty() || !self.lexicon.near(&w.text).is_empty() {
                        split.push(Clause::Word(w));
                    } else {
                        split.extend(parts.into_iter().map(|p| {
                            Clause::Word(Word {
                                text: p.clone(),
                                stem: p,
                                prefix: false,
                                span: w.span,
                            })
                        }));
                    }
                }
                c => split.push(c),
            }
        }
        *clauses = split;

        let none = vec![false; clauses.len()];
        let mut best = self.attempt(clauses, &none);
        if best.2 < clauses.len() {
            // Typo tolerance for known words too: first for one word at a
            // time (so that only the word that needs it is corrected),
            // then for all.
            let relaxable: Vec<bool> = clauses
                .iter()
                .map(|c| match c {
                    Clause::Word(w) => !self.lexicon.near(&w.text).is_empty(),
                    Clause::Phrase(_) => false,
                })
                .collect();
            let mut masks: Vec<Vec<bool>> = (0..clauses.len())
                .filter(|&i| relaxable[i])
                .map(|i| (0..clauses.len()).map(|j| j == i).collect())
                .collect();
            if masks.len() > 1 {
                masks.push(relaxable);
            }
            for mask in masks {
                let attempt = self.attempt(clauses, &mask);
                if attempt.2 > best.2 {
                    best = attempt;
                }
                if best.2 == clauses.len() {
                    break;
                }
            }
        }
        let (docs, found, _) = best;
        *outcome = found;
        docs
    }

    /// One pass of [`Catalogue::matches`], with typo tolerance for the
    /// known words of the clauses marked `relaxed`: the documents matching
    /// the most clauses, what was looked up, and how many clauses they
    /// match.
    fn attempt(&self, clauses: &[Clause], relaxed: &[bool]) -> Attempt {
        let n = self.len();
        let mut outcome = Outcome::default();
        let mut total = vec![0.0 as Score; n];
        let mut matched = vec![0usize; n];
        let mut clause = Accumulator::new(n);
        for (c, &relaxed) in clauses.iter().zip(relaxed) {
            clause.clear();
            match c {
                Clause::Word(w) => {
                    let senses = self.resolve(w, relaxed);
                    for f in 0..FIELDS {
                        self.word(f, &senses, &mut clause, &mut outcome.terms);
                    }
                    if let Some(id) = senses.correction
                        && clause.hit.iter().any(|&h| h)
                    {
                        outcome
                            .corrections
                            .push((w.span, self.lexicon.word(id).to_string()));
                    }
                }
                Clause::Phrase(stems) => {
                    outcome.terms.extend(stems.iter().cloned());
                    for f in 0..FIELDS {
                        self.phrase(f, stems, &mut clause);
                    }
                }
            }
            if !clause.hit.iter().any(|&h| h) {
                outcome.unmatched.push(c.text());
            }
            for (doc, (&hit, &score)) in clause.hit.iter().zip(&clause.score).enumerate() {
                if hit {
                    matched[doc] += 1;
                    total[doc] += score;
                }
            }
        }
        let most = matched.iter().copied().max().unwrap_or(0);
        let docs: Vec<(DocId, Score)> = (0..n)
            .filter(|&d| most > 0 && matched[d] == most)
            .map(|d| (d as DocId, total[d]))
            .collect();
        outcome.partial = most > 0 && most < clauses.len();
        (docs, outcome, most)
    }

    /// Whether a word is in the catalogue as written (or, the word being
    /// typed, as the beginning of a word), or its stem is.
    fn is_known(&self, w: &Word) -> bool {
        !self.lexicon.exact(&w.text).is_empty()
            || (w.prefix && !self.lexicon.prefixed(&w.text).is_empty())
            || (0..FIELDS).any(|f| self.postings(f, &w.stem).is_some())
    }

    /// A term's postings in a field; None when the field lacks it (or the
    /// part is missing, which is recorded).
    fn postings(&self, field: usize, term: &str) -> Option<&Postings> {
        self.lookup(Kind::Postings, &self.postings, field, term)
            .filter(|p| !p.docs.is_empty())
    }

    /// A term's positions in a field, per document of its postings.
    fn positions(&self, field: usize, term: &str) -> Option<&Positions> {
        self.lookup(Kind::Positions, &self.positions, field, term)
    }

    /// What a hit shows of a document; None when its part is missing
    /// (which is recorded).
    fn row(&self, doc: usize) -> Option<&Row> {
        let rank = self.table.rank[doc];
        let (part, i) = self.table.layout.locate(Kind::Display, rank);
        let Some(rows) = &self.display[part] else {
            MISSING.with_borrow_mut(|m| m.insert((Kind::Display, part)));
            return None;
        };
        rows.get(i)
    }

    /// A document's description, for snippets; None when its part is
    /// missing (which is recorded apart: results do not wait for it).
    fn text(&self, doc: usize) -> Option<&str> {
        let rank = self.table.rank[doc];
        let (part, i) = self.table.layout.locate(Kind::Texts, rank);
        let Some(texts) = &self.texts[part] else {
            TEXTS_MISSING.with_borrow_mut(|m| m.insert(part));
            return None;
        };
        texts.get(i).map(String::as_str)
    }

    /// A term's entry for a field in the parts of one kind, recording a
    /// missing part.
    fn lookup<'a, T>(
        &self,
        kind: Kind,
        parts: &'a [Option<Vec<[T; FIELDS]>>],
        field: usize,
        term: &str,
    ) -> Option<&'a T> {
        let id = self.terms.binary_search_by(|t| t.as_str().cmp(term)).ok()?;
        let (part, i) = self.table.layout.locate(kind, id as u32);
        let Some(loaded) = &parts[part] else {
            MISSING.with_borrow_mut(|m| m.insert((kind, part)));
            return None;
        };
        Some(&loaded[i][field])
    }

    /// What a query word is looked up as; `relaxed` gives known words
    /// typo tolerance too.
    fn resolve(&self, w: &Word, relaxed: bool) -> Senses {
        let lex = &self.lexicon;
        let folded = fold(&w.text).is_none();
        let mut s = Senses::default();
        let exact = lex.exact(&w.text);
        s.exact.extend(exact.iter().map(|&id| lex.term(id, folded)));
        if exact.is_empty() {
            s.exact.push(w.stem.clone());
        }
        order::sort_dedup(&mut s.exact);
        let mut compound: Vec<String> = s
            .exact
            .iter()
            .flat_map(|t| lex.compounds(t))
            .map(|&id| lex.term(id, folded))
            .filter(|t| !s.exact.contains(t))
            .collect();
        order::sort_dedup(&mut compound);
        s.compound = compound;
        if w.prefix {
            let mut prefix: Vec<String> = lex
                .prefixed(&w.text)
                .into_iter()
                .map(|id| lex.term(id, folded))
                .filter(|t| !s.exact.contains(t))
                .collect();
            order::sort_dedup(&mut prefix);
            s.prefix = prefix;
        }
        let known = self.is_known(w);
        if !known || relaxed {
            let near = lex.near(&w.text);
            s.correction = near.first().copied();
            let mut typo: Vec<String> = near.iter().map(|&id| lex.term(id, false)).collect();
            order::sort_dedup(&mut typo);
            s.typo = typo;
            if !known && near.is_empty() && w.stem.chars().count() >= FUZZY_MIN_CHARS {
                let dfa = self
                    .typo_automata
                    .get_or_init(|| LevenshteinAutomatonBuilder::new(1, true))
                    .build_dfa(&w.stem);
                s.stem_typo = self
                    .terms
                    .iter()
                    .filter(|t| one_typo(&dfa, t))
                    .cloned()
                    .collect();
            }
        }
        s
    }

    fn word(&self, f: usize, senses: &Senses, acc: &mut Accumulator, terms: &mut HashSet<String>) {
        let boost = self.fields[f].boost;
        for (list, weight) in [
            (&senses.exact, 1.0),
            (&senses.compound, COMPOUND_WEIGHT),
            (&senses.typo, TYPO_WEIGHT),
        ] {
            for t in list {
                if self.bm25(f, t, boost * weight, acc) {
                    terms.insert(t.clone());
                }
            }
        }
        for (list, weight) in [
            (&senses.prefix, PREFIX_WEIGHT),
            (&senses.stem_typo, FUZZY_WEIGHT),
        ] {
            self.constant(f, list, boost * weight, acc, terms);
        }
    }

    /// Adds BM25 of a term, times `weight`, to the documents that have it;
    /// whether any has.
    fn bm25(&self, f: usize, text: &str, weight: Score, acc: &mut Accumulator) -> bool {
        let Some(p) = self.postings(f, text) else {
            return false;
        };
        let bm25 = Bm25::new(idf(p.docs.len(), self.len()), self.fields[f].avg_fieldnorm);
        let norms = &self.table.layout.norms[f];
        for (&doc, &freq) in p.docs.iter().zip(&p.freqs) {
            acc.add(doc, weight * bm25.score(norms[doc as usize], freq));
        }
        true
    }

    /// Adds `score` once to every document with any of the terms; those
    /// found go to `terms` (for highlighting).
    fn constant(
        &self,
        f: usize,
        list: &[String],
        score: Score,
        acc: &mut Accumulator,
        terms: &mut HashSet<String>,
    ) {
        if list.is_empty() {
            return;
        }
        let mut seen = vec![false; self.len()];
        for t in list {
            if let Some(p) = self.postings(f, t) {
                terms.insert(t.clone());
                for &doc in &p.docs {
                    seen[doc as usize] = true;
                }
            }
        }
        for (doc, _) in seen.iter().enumerate().filter(|(_, s)| **s) {
            acc.add(doc as DocId, score);
        }
    }

    fn phrase(&self, f: usize, stems: &[String], acc: &mut Accumulator) {
        let mut terms = Vec::with_capacity(stems.len());
        for stem in stems {
            match (self.postings(f, stem), self.positions(f, stem)) {
                (Some(p), Some(at)) => terms.push((p, at)),
                _ => return,
            }
        }
        let idf_sum: Score = terms
            .iter()
            .map(|(p, _)| idf(p.docs.len(), self.len()))
            .sum();
        let bm25 = Bm25::new(idf_sum, self.fields[f].avg_fieldnorm);
        let norms = &self.table.layout.norms[f];
        let (first, first_at) = terms[0];
        'docs: for (i, &doc) in first.docs.iter().enumerate() {
            let mut positions: Vec<&[u32]> = Vec::with_capacity(terms.len() - 1);
            for (p, at) in &terms[1..] {
                match p.docs.binary_search(&doc) {
                    Ok(j) => positions.push(&at[j]),
                    Err(_) => continue 'docs,
                }
            }
            // Occurrences: the first word at p, the i-th at p + i.
            let count = first_at[i]
                .iter()
                .filter(|&&start| {
                    positions
                        .iter()
                        .enumerate()
                        .all(|(k, pos)| pos.binary_search(&(start + k as u32 + 1)).is_ok())
                })
                .count() as u32;
            if count > 0 {
                acc.add(
                    doc,
                    self.fields[f].boost * bm25.score(norms[doc as usize], count),
                );
            }
        }
    }
}

/// Whether a term is at most one edit (a transposition counts as one)
/// from the word the automaton was built for.
fn one_typo(dfa: &DFA, term: &str) -> bool {
    let mut state = dfa.initial_state();
    for &b in term.as_bytes() {
        state = dfa.transition(state, b);
        if state == SINK_STATE {
            return false;
        }
    }
    matches!(dfa.distance(state), Distance::Exact(_))
}

/// Scores of one clause.
struct Accumulator {
    hit: Vec<bool>,
    score: Vec<Score>,
}

impl Accumulator {
    fn new(n: usize) -> Accumulator {
        Accumulator {
            hit: vec![false; n],
            score: vec![0.0; n],
        }
    }

    fn clear(&mut self) {
        self.hit.fill(false);
        self.score.fill(0.0);
    }

    fn add(&mut self, doc: DocId, score: Score) {
        self.hit[doc as usize] = true;
        self.score[doc as usize] += score;
    }
}

/// One required part of a query.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Clause {
    Word(Word),
    /// Stems of a quoted phrase of two words or more.
    Phrase(Vec<String>),
}

impl Clause {
    /// The clause as the query said it.
    fn text(&self) -> String {
        match self {
            Clause::Word(w) => w.text.clone(),
            Clause::Phrase(stems) => format!("\"{}\"", stems.join(" ")),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word {
    /// The word lowercased, as typed.
    pub text: String,
    pub stem: String,
    /// The word being typed: also match words it begins.
    pub prefix: bool,
    /// Byte range in the query text (for a suggestion).
    pub span: (usize, usize),
}

/// What a word of the query is looked up as, in every field.
#[derive(Default)]
struct Senses {
    /// The stems of the words it stands for as written (BM25).
    exact: Vec<String>,
    /// Stems of compounds with it as a part (BM25, lower weight).
    compound: Vec<String>,
    /// Stems of the words one typo away (BM25, lower weight).
    typo: Vec<String>,
    /// Stems of the words it begins, for the word being typed (constant).
    prefix: Vec<String>,
    /// The terms one typo from the stem, for an unknown word without near
    /// words (constant).
    stem_typo: Vec<String>,
    /// The most used of the near words: the "menade du" correction.
    correction: Option<WordId>,
}

/// One pass of matching: the documents with their scores, what was found
/// out, and how many clauses the documents match.
type Attempt = (Vec<(DocId, Score)>, Outcome, usize);

/// What matching found out, besides the documents.
#[derive(Default)]
struct Outcome {
    /// Every index term that matched, for highlighting.
    terms: HashSet<String>,
    /// Corrected words: their place in the query text and the correction.
    corrections: Vec<((usize, usize), String)>,
    /// The documents match only some clauses.
    partial: bool,
    /// Clauses no document matches.
    unmatched: Vec<String>,
}

/// The query text with the corrections put in.
fn correct(text: &str, corrections: &[((usize, usize), String)]) -> String {
    let mut sorted: Vec<&((usize, usize), String)> = corrections.iter().collect();
    order::sort_by_key(&mut sorted, |(span, _)| *span);
    sorted.dedup_by_key(|(span, _)| *span);
    let mut out = String::with_capacity(text.len() + 8);
    let mut pos = 0;
    for ((from, to), word) in sorted {
        if *from < pos || *to > text.len() {
            continue;
        }
        out.push_str(&text[pos..*from]);
        out.push_str(word);
        pos = *to;
    }
    out.push_str(&text[pos..]);
    out.trim().to_string()
}

/// Splits query text into clauses: quoted phrases and single words.
///
/// An unclosed quote (a phrase still being typed) counts as plain words.
/// Stopwords are dropped while the query has anything else.
pub(crate) fn parse(text: &str) -> Vec<Clause> {
    let quotes = text.matches('"').count();
    // With an odd number of quotes, the last one is not a delimiter.
    let closed = if quotes % 2 == 1 { quotes - 1 } else { quotes };
    let mut segments: Vec<(bool, usize, &str)> = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    let mut inside = false;
    for _ in 0..closed {
        let i = rest.find('"').expect("counted quote");
        segments.push((inside, offset, &rest[..i]));
        rest = &rest[i + 1..];
        offset += i + 1;
        inside = !inside;
    }
    segments.push((false, offset, rest));
    let ends_in_word = text.chars().last().is_some_and(char::is_alphanumeric);

    let mut clauses = Vec::new();
    let mut stopwords = Vec::new();
    let n_segments = segments.len();
    for (i, (phrase, offset, segment)) in segments.into_iter().enumerate() {
        let words: Vec<(String, (usize, usize))> = tokens(segment)
            .map(|t| (t.text, (offset + t.from, offset + t.to)))
            .collect();
        if phrase {
            let stems: Vec<String> = words.iter().map(|(w, _)| stem(w)).collect();
            match stems.len() {
                0 => {}
                1 => {
                    let (text, span) = words.into_iter().next().expect("one");
                    clauses.push(Clause::Word(Word {
                        text,
                        stem: stems.into_iter().next().expect("one"),
                        prefix: false,
                        span,
                    }))
                }
                _ => clauses.push(Clause::Phrase(stems)),
            }
            continue;
        }
        let last_segment = i + 1 == n_segments;
        let n = words.len();
        for (j, (w, span)) in words.into_iter().enumerate() {
            let prefix = last_segment && j + 1 == n && ends_in_word;
            if prefix && w.chars().count() < PREFIX_MIN_CHARS {
                // A word just begun says too little yet: wait for more.
                continue;
            }
            let word = Word {
                stem: stem(&w),
                prefix,
                span,
                text: w,
            };
            if !prefix && is_stopword(&word.text) {
                stopwords.push((clauses.len(), word));
            } else {
                clauses.push(Clause::Word(word));
            }
        }
    }
    if clauses.is_empty() {
        // Nothing but stopwords: search for them after all.
        clauses = stopwords
            .into_iter()
            .map(|(_, w)| Clause::Word(w))
            .collect();
    }
    clauses
}

/// The filters of a query, resolved against the table's dictionaries.
struct Filters {
    /// Per text facet (`FACETS` order): which values are selected, if any.
    selected: [Option<Vec<bool>>; FACETS.len()],
    år: Option<i32>,
}

/// Bit of the year filter in a `Filters::failing` mask; text facets use
/// bits 0..FACETS.len().
const ÅR_BIT: u8 = 1 << FACETS.len();

impl Filters {
    fn new(table: &Table, q: &Query) -> Filters {
        let wanted = |name: &str| -> &[String] {
            match name {
                "kommun" => &q.kommun,
                "region" => &q.region,
                "fokus" => &q.fokus,
                "organisation" => &q.organisation,
                _ => &q.status,
            }
        };
        Filters {
            selected: std::array::from_fn(|i| {
                let wanted = wanted(FACETS[i]);
                (!wanted.is_empty()).then(|| {
                    table.facets[i]
                        .values
                        .iter()
                        .map(|v| wanted.contains(v))
                        .collect()
                })
            }),
            år: q.år,
        }
    }

    /// Bit set of the filters document `doc` fails.
    fn failing(&self, facts: &Facts, doc: usize) -> u8 {
        let mut mask = 0;
        for (i, sel) in self.selected.iter().enumerate() {
            if let Some(sel) = sel
                && !facts.facets[i].get(doc).iter().any(|&v| sel[v as usize])
            {
                mask |= 1 << i;
            }
        }
        if self.år.is_some_and(|y| !facts.år.get(doc).contains(&y)) {
            mask |= ÅR_BIT;
        }
        mask
    }
}

/// Facet counts: a document counts for a facet when it passes every filter
/// but (possibly) that facet's own.
struct Counts {
    facets: [Vec<usize>; FACETS.len()],
    /// Counts by year, from `first_year`.
    år: Vec<usize>,
    first_year: i32,
}

impl Counts {
    fn new(table: &Table, facts: &Facts) -> Counts {
        let years = &facts.år.items;
        let first_year = years.iter().copied().min().unwrap_or(0);
        let last_year = years.iter().copied().max().unwrap_or(-1);
        Counts {
            facets: std::array::from_fn(|i| vec![0; table.facets[i].values.len()]),
            år: vec![0; (last_year - first_year + 1).max(0) as usize],
            first_year,
        }
    }

    fn add(&mut self, facts: &Facts, doc: usize, mask: u8) {
        let counts_for = |bit: u8| mask & !bit == 0;
        for (i, counts) in self.facets.iter_mut().enumerate() {
            if counts_for(1 << i) {
                for &v in facts.facets[i].get(doc) {
                    counts[v as usize] += 1;
                }
            }
        }
        if counts_for(ÅR_BIT) {
            for &y in facts.år.get(doc) {
                self.år[(y - self.first_year) as usize] += 1;
            }
        }
    }

    fn into_facets(self, table: &Table, q: &Query) -> Facets {
        let [kommun, region, fokus, organisation, status] = self.facets;
        let list = |i: usize, counts: Vec<usize>, selected: &[String]| {
            let values = &table.facets[i].values;
            let mut out: Vec<(usize, String, usize)> = values
                .iter()
                .zip(counts)
                .enumerate()
                .filter(|(_, (v, c))| *c > 0 || selected.contains(v))
                .map(|(i, (v, c))| (i, v.clone(), c))
                .collect();
            // Selected values unknown to the index still show, with 0.
            for s in selected {
                if !values.contains(s) {
                    out.push((usize::MAX, s.clone(), 0));
                }
            }
            // Most matches first, then alphabetically (dictionary order).
            order::sort_by(&mut out, |a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
            if out.len() > FACET_LIMIT {
                let mut kept = 0;
                out.retain(|(_, v, _)| {
                    kept += 1;
                    kept <= FACET_LIMIT || selected.contains(v)
                });
            }
            if i == STATUS_FACET {
                // Natural order, which the dictionary has.
                order::sort_by_key(&mut out, |(i, _, _)| *i);
            }
            out.into_iter().map(|(_, v, c)| (v, c)).collect()
        };
        let mut år: Vec<(i32, usize)> = self
            .år
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, c)| (self.first_year + i as i32, *c))
            .collect();
        if let Some(y) = q.år
            && !år.iter().any(|(x, _)| *x == y)
        {
            år.push((y, 0));
        }
        if år.len() > FACET_LIMIT {
            order::sort_by(&mut år, |a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
            let mut kept = 0;
            år.retain(|(y, _)| {
                kept += 1;
                kept <= FACET_LIMIT || q.år == Some(*y)
            });
        }
        order::sort_by_key(&mut år, |&(y, _)| std::cmp::Reverse(y));
        Facets {
            kommun: list(0, kommun, &q.kommun),
            region: list(1, region, &q.region),
            fokus: list(2, fokus, &q.fokus),
            organisation: list(3, organisation, &q.organisation),
            status: list(STATUS_FACET, status, &q.status),
            år,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words as (stem, prefix), phrases as their stems joined by spaces.
    fn p(text: &str) -> Vec<(String, bool)> {
        parse(text)
            .into_iter()
            .map(|c| match c {
                Clause::Word(w) => {
                    assert_eq!(text[w.span.0..w.span.1].to_lowercase(), w.text);
                    (w.stem, w.prefix)
                }
                Clause::Phrase(s) => (s.join(" "), false),
            })
            .collect()
    }

    fn w(stem: &str, prefix: bool) -> (String, bool) {
        (stem.to_string(), prefix)
    }

    #[test]
    fn parse_words_phrases_prefix() {
        assert_eq!(p(""), vec![]);
        assert_eq!(p("  "), vec![]);
        assert_eq!(
            p("kvinnojourer malm"),
            vec![w("kvinnojour", false), w("malm", true)]
        );
        assert_eq!(p("malmö "), vec![w("malmö", false)]);
        assert_eq!(
            p("\"stöd till kvinnor\" lund"),
            vec![w("stöd till kvinn", false), w("lund", true)]
        );
        // Unclosed quote: plain words, last one a prefix.
        assert_eq!(p("\"stöd kvinn"), vec![w("stöd", false), w("kvinn", true)]);
        // Stopwords go while something else remains.
        assert_eq!(p("stöd för "), vec![w("stöd", false)]);
        assert_eq!(p("och "), vec![w("och", false)]);
        // A single letter being typed waits for the next one.
        assert_eq!(p("k"), vec![]);
        assert_eq!(p("malmö k"), vec![w("malmö", false)]);
        assert_eq!(p("malmö k "), vec![w("malmö", false), w("k", false)]);
    }

    #[test]
    fn corrections_replace_the_words_typed() {
        let text = "Hemlösheet i  Malmo";
        let c = parse(text);
        let Clause::Word(first) = &c[0] else { panic!() };
        assert_eq!(
            correct(text, &[(first.span, "hemlöshet".to_string())]),
            "hemlöshet i  Malmo"
        );
    }
}
