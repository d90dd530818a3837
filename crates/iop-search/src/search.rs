//! Opening a bundle and answering queries.
//!
//! Tantivy stores the terms, postings, positions and field norms; matching
//! and scoring are done here, straight from the postings, with tantivy's
//! own BM25 weights and its term dictionary's automaton search. Not going
//! through tantivy's `Query`/`Weight`/`Scorer` objects keeps the
//! WebAssembly module small: their `Debug` implementations reach tantivy's
//! regex use and with it the Unicode tables of `regex-syntax`, which were
//! 45 % of the module (1.6 MB → 0.94 MB, 528 KB → 292 KB gzipped).
//!
//! With a single segment of at most some ten thousand documents, every
//! clause is evaluated into dense per-document arrays: simple, and a few
//! milliseconds at most.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use tantivy::directory::RamDirectory;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::query::Bm25Weight;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    Directory, DocId, DocSet, Index, InvertedIndexReader, ReloadPolicy, Score, Searcher,
    TERMINATED, Term,
};
use tantivy_fst::Automaton;

use crate::analysis::{INDEX_ANALYZER, index_analyzer, is_stopword, query_analyzer, stem};
use crate::bundle::{self, FACETS, STATUS_FACET, TABLE_FILE, TEXTS_FILE, Table, Texts};
use crate::schema::Fields;
use crate::snippet::{self, Matcher};
use crate::{Error, FACET_LIMIT, Facets, Hit, Query, Results};

/// Words this long (in letters) or longer tolerate one typo.
pub(crate) const FUZZY_MIN_CHARS: usize = 5;
/// The word being typed counts from this many letters on.
pub(crate) const PREFIX_MIN_CHARS: usize = 2;
/// Weight of a prefix match relative to the field's weight (a prefix match
/// scores a constant; a whole-word match scores BM25 on top).
const PREFIX_WEIGHT: f32 = 0.5;
/// Weight of a one-typo match relative to the field's weight.
const FUZZY_WEIGHT: f32 = 0.3;

/// Statuses in the order facets list them.
const STATUS_ORDER: [&str; 6] = [
    "pågående",
    "bekräftad",
    "kommande",
    "perioden har löpt ut",
    "avslutad",
    "okänd",
];

/// An opened search index.
pub struct Catalogue {
    searcher: Searcher,
    /// The searchable fields with their weights and readers.
    fields: Vec<FieldReader>,
    /// Display columns and facet dictionaries (the per-document facet lists
    /// are moved to `facts`).
    table: Table,
    facts: Facts,
    /// The descriptions by document id, once added: snippets need them,
    /// matching and ranking do not.
    beskrivning: Option<Vec<String>>,
    /// Built on the first query with a long word.
    typo_automata: OnceLock<LevenshteinAutomatonBuilder>,
}

/// One searchable field of the (single) segment.
struct FieldReader {
    field: Field,
    boost: Score,
    index: Arc<InvertedIndexReader>,
    norms: FieldNormReader,
    avg_fieldnorm: Score,
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
    /// Searches work at once; their hits have no snippet until
    /// [`add_texts`](Catalogue::add_texts).
    ///
    /// [`Bundles::index`]: crate::Bundles::index
    pub fn open(bundle: &[u8]) -> Result<Catalogue, Error> {
        let raw = bundle::decompress(bundle)?;
        let dir = RamDirectory::create();
        let mut table = None;
        for (name, data) in bundle::unpack(&raw)? {
            if name == TABLE_FILE {
                table = Some(
                    serde_json::from_slice::<Table>(data)
                        .map_err(|e| Error::Bundle(format!("table: {e}")))?,
                );
            } else {
                dir.atomic_write(Path::new(name), data)?;
            }
        }
        let mut table = table.ok_or_else(|| Error::Bundle(format!("no {TABLE_FILE}")))?;
        table.check()?;
        let facts = Facts {
            facets: std::array::from_fn(|i| Lists::new(std::mem::take(&mut table.facets[i].docs))),
            år: Lists::new(std::mem::take(&mut table.år)),
        };
        let index = Index::open(dir)?;
        // As when writing, though reading never tokenizes through the index.
        index
            .tokenizers()
            .register(INDEX_ANALYZER, index_analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let segments = searcher.segment_readers();
        if segments.len() > 1 {
            return Err(Error::Bundle("more than one segment".to_string()));
        }
        if searcher.num_docs() as usize != table.len() {
            return Err(Error::Bundle(format!(
                "index has {} documents, table {}",
                searcher.num_docs(),
                table.len()
            )));
        }
        let mut fields = Vec::new();
        if let Some(segment) = segments.first() {
            let n = segment.max_doc().max(1) as Score;
            for (field, boost) in Fields::from_schema(&index.schema())?.weighted() {
                let index = segment.inverted_index(field)?;
                fields.push(FieldReader {
                    field,
                    boost,
                    avg_fieldnorm: index.total_num_tokens() as Score / n,
                    index,
                    norms: segment.get_fieldnorms_reader(field)?,
                });
            }
        }
        Ok(Catalogue {
            searcher,
            fields,
            table,
            facts,
            beskrivning: None,
            typo_automata: OnceLock::new(),
        })
    }

    /// Opens an index bundle and adds its texts bundle: both files that
    /// `build_index` wrote.
    pub fn open_with_texts(index: &[u8], texts: &[u8]) -> Result<Catalogue, Error> {
        let mut catalogue = Catalogue::open(index)?;
        catalogue.add_texts(texts)?;
        Ok(catalogue)
    }

    /// Adds the texts bundle written with this index ([`Bundles::texts`],
    /// gzip-compressed or, and in WebAssembly only, inflated), so that hits
    /// get snippets. Texts from another build are refused.
    ///
    /// [`Bundles::texts`]: crate::Bundles::texts
    pub fn add_texts(&mut self, bundle: &[u8]) -> Result<(), Error> {
        let raw = bundle::decompress(bundle)?;
        let data = bundle::unpack(&raw)?
            .into_iter()
            .find(|(name, _)| *name == TEXTS_FILE)
            .ok_or_else(|| Error::Bundle(format!("no {TEXTS_FILE}")))?
            .1;
        let texts: Texts =
            serde_json::from_slice(data).map_err(|e| Error::Bundle(format!("texts: {e}")))?;
        if texts.id != self.table.texts || texts.beskrivning.len() != self.table.len() {
            return Err(Error::Bundle(
                "the texts do not belong to this index".to_string(),
            ));
        }
        self.beskrivning = Some(texts.beskrivning);
        Ok(())
    }

    /// Whether the texts have been added (and hits have snippets).
    pub fn has_texts(&self) -> bool {
        self.beskrivning.is_some()
    }

    /// Number of partnerships in the index.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.len() == 0
    }

    /// Answers a query. See [`Query`] for its rules.
    pub fn search(&self, q: &Query) -> Results {
        let clauses = parse(&q.text);
        // Score per matching document, or None for "every document".
        let scored: Option<Vec<(DocId, Score)>> = if clauses.is_empty() {
            None
        } else {
            // Reading an in-memory index cannot fail short of a corrupt
            // bundle, which `open` has checked; treat failure as no match.
            Some(self.matches(&clauses).unwrap_or_default())
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
        // Best first; equal scores (and no text at all) in name order, which
        // is document id order.
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));

        let matcher = Matcher::new(&clauses);
        let total = hits.len();
        let hits = hits
            .into_iter()
            .take(q.limit)
            .map(|(doc, _)| {
                let (t, d) = (&self.table, doc as usize);
                let status = &t.facets[STATUS_FACET].values;
                Hit {
                    slug: t.slug[d].clone(),
                    namn: t.namn[d].clone(),
                    namn_html: snippet::highlight_all(&t.namn[d], &matcher),
                    parter: t.parter[d].clone(),
                    period: t.period[d].clone(),
                    status: self.facts.facets[STATUS_FACET]
                        .get(d)
                        .first()
                        .map(|&v| status[v as usize].clone())
                        .unwrap_or_default(),
                    snippet_html: self
                        .beskrivning
                        .as_ref()
                        .map(|b| snippet::snippet(&b[d], &matcher))
                        .unwrap_or_default(),
                }
            })
            .collect();
        Results {
            total,
            hits,
            facets: counts.into_facets(&self.table, q),
        }
    }

    /// The documents matching every clause, with their scores.
    ///
    /// Each clause is looked up in every field: a whole word scores BM25
    /// times the field's weight, a phrase BM25 of its occurrences, and a
    /// prefix or one-typo match a constant share of the field's weight.
    /// A document's score is the sum over clauses and fields.
    fn matches(&self, clauses: &[Clause]) -> tantivy::Result<Vec<(DocId, Score)>> {
        let n = self.len();
        let mut total = vec![0.0 as Score; n];
        let mut matched = vec![0usize; n];
        let mut clause = Accumulator::new(n);
        for c in clauses {
            clause.clear();
            // The typo automaton is the same for every field.
            let typos = match c {
                Clause::Word(w) if w.fuzzy => Some(
                    self.typo_automata
                        .get_or_init(|| LevenshteinAutomatonBuilder::new(1, true))
                        .build_dfa(&w.stem),
                ),
                _ => None,
            };
            for f in &self.fields {
                match c {
                    Clause::Word(w) => self.word(f, w, typos.as_ref(), &mut clause)?,
                    Clause::Phrase(stems) => self.phrase(f, stems, &mut clause)?,
                }
            }
            for (doc, (&hit, &score)) in clause.hit.iter().zip(&clause.score).enumerate() {
                if hit {
                    matched[doc] += 1;
                    total[doc] += score;
                }
            }
        }
        Ok((0..n)
            .filter(|&d| matched[d] == clauses.len())
            .map(|d| (d as DocId, total[d]))
            .collect())
    }

    fn word(
        &self,
        f: &FieldReader,
        w: &Word,
        typos: Option<&DFA>,
        acc: &mut Accumulator,
    ) -> tantivy::Result<()> {
        let term = Term::from_field_text(f.field, &w.stem);
        if let Some(info) = f.index.get_term_info(&term)? {
            let bm25 = Bm25Weight::for_one_term(
                u64::from(info.doc_freq),
                self.len() as u64,
                f.avg_fieldnorm,
            );
            let mut postings = f
                .index
                .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
            while postings.doc() != TERMINATED {
                let doc = postings.doc();
                acc.add(
                    doc,
                    f.boost * bm25.score(f.norms.fieldnorm_id(doc), postings.term_freq()),
                );
                postings.advance();
            }
        }
        if w.prefix {
            let prefix = Prefix(w.stem.as_bytes());
            self.constant(f, prefix, f.boost * PREFIX_WEIGHT, acc)?;
        }
        if let Some(dfa) = typos {
            self.constant(f, OneTypo(dfa), f.boost * FUZZY_WEIGHT, acc)?;
        }
        Ok(())
    }

    /// Adds `score` once to every document with a term the automaton accepts.
    fn constant<A>(
        &self,
        f: &FieldReader,
        automaton: A,
        score: Score,
        acc: &mut Accumulator,
    ) -> tantivy::Result<()>
    where
        A: Automaton,
        A::State: Clone,
    {
        let mut seen = vec![false; self.len()];
        let mut terms = f.index.terms().search(automaton).into_stream()?;
        while terms.advance() {
            let mut postings = f
                .index
                .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
            while postings.doc() != TERMINATED {
                seen[postings.doc() as usize] = true;
                postings.advance();
            }
        }
        for (doc, _) in seen.iter().enumerate().filter(|(_, s)| **s) {
            acc.add(doc as DocId, score);
        }
        Ok(())
    }

    fn phrase(
        &self,
        f: &FieldReader,
        stems: &[String],
        acc: &mut Accumulator,
    ) -> tantivy::Result<()> {
        let terms: Vec<Term> = stems
            .iter()
            .map(|s| Term::from_field_text(f.field, s))
            .collect();
        let mut postings = Vec::with_capacity(terms.len());
        for term in &terms {
            match f
                .index
                .read_postings(term, IndexRecordOption::WithFreqsAndPositions)?
            {
                Some(p) => postings.push(p),
                None => return Ok(()),
            }
        }
        let bm25 = Bm25Weight::for_terms(&self.searcher, &terms)?;
        let mut positions: Vec<Vec<u32>> = vec![Vec::new(); terms.len()];
        let mut doc = postings[0].doc();
        while doc != TERMINATED {
            if postings[1..].iter_mut().all(|p| p.seek(doc) == doc) {
                for (p, pos) in postings.iter_mut().zip(positions.iter_mut()) {
                    pos.clear();
                    p.positions(pos);
                }
                // Occurrences: the first word at p, the i-th at p + i.
                let count = positions[0]
                    .iter()
                    .filter(|&&start| {
                        positions[1..]
                            .iter()
                            .enumerate()
                            .all(|(i, pos)| pos.binary_search(&(start + i as u32 + 1)).is_ok())
                    })
                    .count() as u32;
                if count > 0 {
                    acc.add(doc, f.boost * bm25.score(f.norms.fieldnorm_id(doc), count));
                }
            }
            doc = postings[0].advance();
        }
        Ok(())
    }
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

/// Accepts the terms that begin with the given bytes.
struct Prefix<'a>(&'a [u8]);

impl Automaton for Prefix<'_> {
    /// Bytes matched so far; None once a byte differs.
    type State = Option<usize>;

    fn start(&self) -> Option<usize> {
        Some(0)
    }

    fn is_match(&self, state: &Option<usize>) -> bool {
        *state == Some(self.0.len())
    }

    fn can_match(&self, state: &Option<usize>) -> bool {
        state.is_some()
    }

    fn will_always_match(&self, state: &Option<usize>) -> bool {
        *state == Some(self.0.len())
    }

    fn accept(&self, state: &Option<usize>, byte: u8) -> Option<usize> {
        match *state {
            Some(i) if i == self.0.len() => Some(i),
            Some(i) if self.0[i] == byte => Some(i + 1),
            _ => None,
        }
    }
}

/// Accepts the terms at most one edit (a transposition counts as one)
/// from a word.
struct OneTypo<'a>(&'a DFA);

impl Automaton for OneTypo<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// One required part of a query.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Clause {
    Word(Word),
    /// Stems of a quoted phrase of two words or more.
    Phrase(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word {
    pub stem: String,
    /// The word being typed: also match words it begins.
    pub prefix: bool,
    /// Long enough to tolerate one typo.
    pub fuzzy: bool,
}

/// Splits query text into clauses: quoted phrases and single words.
///
/// An unclosed quote (a phrase still being typed) counts as plain words.
/// Stopwords are dropped while the query has anything else.
pub(crate) fn parse(text: &str) -> Vec<Clause> {
    let quotes = text.matches('"').count();
    // With an odd number of quotes, the last one is not a delimiter.
    let closed = if quotes % 2 == 1 { quotes - 1 } else { quotes };
    let mut segments: Vec<(bool, &str)> = Vec::new();
    let mut rest = text;
    let mut inside = false;
    for _ in 0..closed {
        let i = rest.find('"').expect("counted quote");
        segments.push((inside, &rest[..i]));
        rest = &rest[i + 1..];
        inside = !inside;
    }
    segments.push((false, rest));
    let ends_in_word = text.chars().last().is_some_and(char::is_alphanumeric);

    let mut analyzer = query_analyzer();
    let mut clauses = Vec::new();
    let mut stopwords = Vec::new();
    let n_segments = segments.len();
    for (i, (phrase, segment)) in segments.into_iter().enumerate() {
        let mut words: Vec<String> = Vec::new();
        let mut stream = analyzer.token_stream(segment);
        while let Some(t) = stream.next() {
            words.push(t.text.clone());
        }
        if phrase {
            let stems: Vec<String> = words.iter().map(|w| stem(w)).collect();
            match stems.len() {
                0 => {}
                1 => clauses.push(Clause::Word(Word {
                    stem: stems.into_iter().next().expect("one"),
                    prefix: false,
                    fuzzy: false,
                })),
                _ => clauses.push(Clause::Phrase(stems)),
            }
            continue;
        }
        let last_segment = i + 1 == n_segments;
        let n = words.len();
        for (j, w) in words.into_iter().enumerate() {
            let prefix = last_segment && j + 1 == n && ends_in_word;
            if prefix && w.chars().count() < PREFIX_MIN_CHARS {
                // A word just begun says too little yet: wait for more.
                continue;
            }
            let word = Word {
                stem: stem(&w),
                prefix,
                fuzzy: w.chars().count() >= FUZZY_MIN_CHARS,
            };
            if !prefix && is_stopword(&w) {
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

/// Rank of a status in the order facets list statuses.
pub(crate) fn status_rank(status: &str) -> usize {
    STATUS_ORDER
        .iter()
        .position(|o| *o == status)
        .unwrap_or(STATUS_ORDER.len())
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
            out.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
            if out.len() > FACET_LIMIT {
                let mut kept = 0;
                out.retain(|(_, v, _)| {
                    kept += 1;
                    kept <= FACET_LIMIT || selected.contains(v)
                });
            }
            if i == STATUS_FACET {
                // Natural order, which the dictionary has.
                out.sort_by_key(|(i, v, _)| (*i, status_rank(v)));
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
            år.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
            let mut kept = 0;
            år.retain(|(y, _)| {
                kept += 1;
                kept <= FACET_LIMIT || q.år == Some(*y)
            });
        }
        år.sort_by_key(|&(y, _)| std::cmp::Reverse(y));
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

    fn w(stem: &str, prefix: bool, fuzzy: bool) -> Clause {
        Clause::Word(Word {
            stem: stem.to_string(),
            prefix,
            fuzzy,
        })
    }

    #[test]
    fn parse_words_phrases_prefix() {
        assert_eq!(parse(""), vec![]);
        assert_eq!(parse("  "), vec![]);
        assert_eq!(
            parse("kvinnojourer malm"),
            vec![w("kvinnojour", false, true), w("malm", true, false)]
        );
        assert_eq!(parse("malmö "), vec![w("malmö", false, true)]);
        assert_eq!(
            parse("\"stöd till kvinnor\" lund"),
            vec![
                Clause::Phrase(vec!["stöd".into(), "till".into(), "kvinn".into()]),
                w("lund", true, false)
            ]
        );
        // Unclosed quote: plain words, last one a prefix.
        assert_eq!(
            parse("\"stöd kvinn"),
            vec![w("stöd", false, false), w("kvinn", true, true)]
        );
        // Stopwords go while something else remains.
        assert_eq!(parse("stöd för "), vec![w("stöd", false, false)]);
        assert_eq!(parse("och "), vec![w("och", false, false)]);
        // A single letter being typed waits for the next one.
        assert_eq!(parse("k"), vec![]);
        assert_eq!(parse("malmö k"), vec![w("malmö", false, true)]);
        assert_eq!(
            parse("malmö k "),
            vec![w("malmö", false, true), w("k", false, false)]
        );
    }
}
