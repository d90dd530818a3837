//! Full-text search for IOP-katalogen.
//!
//! This is the one search implementation of the project, and it is one crate
//! on purpose: `iop search` on the command line and the search page `/sok/`
//! in the browser (through `iop-search-wasm`, compiled to WebAssembly) run
//! this very code, so they share the analyzer, the query rules, the ranking
//! and the facet counts, and therefore give the same results.
//!
//! * Natively, with the `indexing` feature, [`build_index`] has tantivy
//!   index the catalogue ([`SearchDoc`]s) and exports what searching reads
//!   into reproducible, gzip-compressed files: the index (the vocabulary,
//!   field norms and what facets count) and the parts (postings and
//!   positions by range of terms; what hits show, and their descriptions
//!   for snippets, by range of documents in the order of their names), so
//!   a search fetches only those of its terms and of the hits it shows.
//!   Documents are numbered by slug, and parts are named by their content:
//!   an [`Indexer`] kept between builds redoes only what an edit changed,
//!   and an unchanged part keeps its name.
//! * Everywhere, [`Catalogue::open`] reads an index bundle,
//!   [`Catalogue::add_part`] its parts, and [`Catalogue::search`] answers
//!   a [`Query`] with [`Results`]: words and phrases matched and ranked
//!   (tantivy's BM25, field weights), filters, facet counts and, once the
//!   hits' texts parts are added ([`Results::texts_needed`]), highlighted
//!   snippets. The texts never change which documents match or their
//!   order. [`Catalogue::try_search`] names the parts a query still needs.
//!   The reader does not use tantivy at all.
//!
//! The Swedish analyzer lives in one place (`analysis.rs`) and is used
//! for the index, the queries and the highlighting alike.
//!
//! In WebAssembly the bundles must be decompressed before
//! [`Catalogue::open`] and [`Catalogue::add_part`] (the browser's
//! `DecompressionStream` does it, so the module carries no inflater);
//! natively both accept either form.

mod analysis;
mod bundle;
mod codec;
mod compact;
#[cfg(feature = "indexing")]
mod index;
mod lexicon;
mod order;
#[cfg(feature = "indexing")]
mod schema;
mod search;
mod snippet;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use analysis::{collation_key, fold};
#[cfg(feature = "indexing")]
pub use index::{Bundles, Indexer, build_index};
pub use search::Catalogue;

/// One partnership as search sees it: plain data built by the site builder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// URL slug, e.g. "malmo-varmestuga-ung"; results link to
    /// `{base}/partnerskap/{slug}/`.
    pub slug: String,
    pub namn: String,
    /// Plain text (Markdown already stripped).
    pub beskrivning: String,
    /// Display names of the idéburna parter (facet values, shown).
    pub organisationer: Vec<String>,
    /// Aliases and parent organisations: searchable, not shown.
    pub organisationsnamn: Vec<String>,
    /// What the organisations are (their descriptions, plain text):
    /// searchable with the description, not shown ("idrottsförening").
    pub om_organisationer: Vec<String>,
    /// Kommun display names, e.g. "Malmö" (facet).
    pub kommuner: Vec<String>,
    /// Regions involved: the region parties and the region of each kommun
    /// party (facet), e.g. "Region Skåne".
    pub regioner: Vec<String>,
    /// Nämnder and förvaltningar (searchable).
    pub organ: Vec<String>,
    /// Focus-area display names (facet).
    pub fokus: Vec<String>,
    /// The status name as the site shows it, e.g. "pågående" or "perioden har löpt ut" (facet).
    pub status: String,
    /// The status's place in the site's order of statuses, which facets
    /// follow; the site defines the statuses, not the search.
    pub status_ordning: u32,
    /// Every calendar year the agreement ran (facet "år"); empty when unknown.
    pub år: Vec<i32>,
    /// Display line of all parties, shown in results.
    pub parter: String,
    /// Display, e.g. "2022-02-01 – 2024-04-30" or "okänd period".
    pub period: String,
}

/// A search: free text plus filters.
///
/// Within one filter the values are alternatives (kommun Malmö *or* Lund);
/// different filters must all hold. Every field has a default, so a JSON
/// query may name only what it uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    /// Words (all must match), "quoted phrases"; the last word is also
    /// matched as a prefix, a word finds the compounds it is part of
    /// ("jour" → "kvinnojouren"), and a word the catalogue does not have
    /// is corrected (one typo, in words of four letters or more) or split
    /// into the words it is compounded of. When nothing has every word,
    /// the partnerships with the most of them are returned
    /// ([`Results::partial`]).
    pub text: String,
    pub kommun: Vec<String>,
    pub region: Vec<String>,
    pub fokus: Vec<String>,
    pub organisation: Vec<String>,
    pub status: Vec<String>,
    pub år: Option<i32>,
    /// Maximum number of hits returned (the total and the facets always
    /// cover every match).
    pub limit: usize,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            text: String::new(),
            kommun: Vec::new(),
            region: Vec::new(),
            fokus: Vec::new(),
            organisation: Vec::new(),
            status: Vec::new(),
            år: None,
            limit: DEFAULT_LIMIT,
        }
    }
}

/// Hits returned when a query does not say.
pub const DEFAULT_LIMIT: usize = 20;
/// Values listed per facet at most: the most frequent ones, plus those
/// selected in the query.
pub const FACET_LIMIT: usize = 100;

impl Query {
    /// A text query without filters.
    pub fn text(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            ..Query::default()
        }
    }
}

/// The answer to a [`Query`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// Number of partnerships matching text and filters.
    pub total: usize,
    /// The best `limit` of them, best first (by name when there is no text).
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// "Menade du …": the query with its misspelt words corrected, when
    /// some were (the hits already include the corrected words).
    pub suggestion: Option<String>,
    /// No partnership matches every word of the query: the hits are those
    /// matching the most of them.
    pub partial: bool,
    /// Words (or "phrases") of the query that no partnership matches.
    pub unmatched: Vec<String>,
    /// The texts parts (file names relative to the index) the hits need
    /// for their snippets and that are not added yet: add them and search
    /// again for the same hits with snippets. Empty with every part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts_needed: Vec<String>,
}

/// One result.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub slug: String,
    pub namn: String,
    /// The name as escaped HTML with the matched words in `<mark>`.
    pub namn_html: String,
    pub parter: String,
    pub period: String,
    pub status: String,
    /// An excerpt of the description as escaped HTML with the matched words
    /// in `<mark>`; empty until its texts part is added
    /// ([`Results::texts_needed`]).
    pub snippet_html: String,
}

/// Counts per facet value over all matches.
///
/// The counts of one facet apply every filter except that facet's own
/// (so they tell what ticking another value of it would add). Values with no
/// match are left out unless selected, and only the [`FACET_LIMIT`] most
/// frequent are listed. Order: status in its natural order, years newest
/// first, the rest by count and then alphabetically.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    pub kommun: Vec<(String, usize)>,
    pub region: Vec<(String, usize)>,
    pub fokus: Vec<(String, usize)>,
    pub organisation: Vec<(String, usize)>,
    pub status: Vec<(String, usize)>,
    pub år: Vec<(i32, usize)>,
}

/// Errors from building or opening a search index.
#[derive(Debug)]
pub enum Error {
    /// The bundle is not one this version of the code wrote.
    Bundle(String),
    /// Tantivy failed (building the index).
    #[cfg(feature = "indexing")]
    Index(tantivy::TantivyError),
    Io(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Bundle(msg) => write!(f, "invalid search bundle: {msg}"),
            #[cfg(feature = "indexing")]
            Error::Index(e) => write!(f, "search index: {e}"),
            Error::Io(e) => write!(f, "search index I/O: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Bundle(_) => None,
            #[cfg(feature = "indexing")]
            Error::Index(e) => Some(e),
            Error::Io(e) => Some(e),
        }
    }
}

#[cfg(feature = "indexing")]
impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error::Index(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}
