//! Render: the model into files of the site. Each renderer adds its files to
//! an in-memory `Output`; nothing in `public/` changes until `write` has the
//! whole site, so a failed build never leaves half a site behind.

mod charts;
pub mod data;
mod feed;
mod html;
mod jsonld;
mod search;
pub mod view;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::Catalogue;
pub use html::LISTSIDA;
pub use search::search_docs;

/// A file's bytes, shared: a rebuild keeps most files of the last one, and
/// the page cache, the output and `iop serve`'s site all hold them. Made
/// from a `Vec` without copying it (an `Arc<[u8]>` would copy the 30 MB
/// of the open data's files while both are alive).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bytes(std::sync::Arc<Vec<u8>>);

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Bytes {
        Bytes(std::sync::Arc::new(bytes))
    }
}

impl From<&[u8]> for Bytes {
    fn from(bytes: &[u8]) -> Bytes {
        bytes.to_vec().into()
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// A page: its output file ("kommun/malmo/index.html") and its bytes.
pub type Page = (String, Bytes);

/// The site's files by path ("partnerskap/x/index.html"), in a stable order.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, Bytes>,
}

impl Output {
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.add_shared(path, bytes.into().into());
    }

    /// `add`, for bytes shared with a cache.
    pub fn add_shared(&mut self, path: impl Into<String>, bytes: Bytes) {
        self.files.insert(path.into(), bytes);
    }
}

/// What every renderer needs to know about the build.
pub struct Build<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub catalogue: &'a Catalogue,
    /// The day statuses are computed for.
    pub as_of: NaiveDate,
    /// Pages kept from earlier builds (by `iop serve`), if any.
    pub cache: Option<&'a PageCache>,
    /// The open data's rows, which the pages use too: made once, by `rows`.
    pub rows: std::sync::OnceLock<data::Rows>,
    /// The vocabulary's key and each partnership's, in the catalogue's
    /// order: made once, by `keys`.
    pub entry_keys: std::sync::OnceLock<(u64, Vec<u64>)>,
    /// Each kommun's, region's, focus area's and organisation's
    /// partnerships: made once, by `groups`, for the pages and the data.
    pub groups: std::sync::OnceLock<crate::model::Groups>,
}

impl Build<'_> {
    /// The catalogue's lists (see `Groups`).
    pub fn groups(&self) -> &crate::model::Groups {
        self.groups
            .get_or_init(|| crate::model::Groups::of(self.catalogue))
    }

    /// The rows of the open data (see `data::Rows`).
    pub fn rows(&self) -> &data::Rows {
        self.rows.get_or_init(|| data::Rows::new(self))
    }

    /// Every entry's key, in the catalogue's order: a hash of everything
    /// its own pages and rows are made of (the entry, the organisations
    /// and focus areas it may refer to, the site's settings and the day).
    /// Nothing of other entries: so a list's pages are made of its
    /// entries' keys (see `html::Pages::group`).
    pub fn entry_keys(&self) -> &[u64] {
        &self.keys().1
    }

    /// A hash of what every entry's key includes besides the entry: the
    /// organisations, the focus areas, the site's settings and the day.
    pub fn vocabulary_key(&self) -> u64 {
        self.keys().0
    }

    fn keys(&self) -> &(u64, Vec<u64>) {
        self.entry_keys.get_or_init(|| {
            use rayon::prelude::*;
            let catalogue = self.catalogue;
            let vocabulary = crate::incremental::key(&(
                serde_json::to_string(self.config).unwrap_or_default(),
                self.as_of,
                &catalogue.organisationer,
                &catalogue.fokusomraden,
            ));
            let keys = catalogue
                .partnerskap
                .par_iter()
                .map(|p| {
                    let entry = match self.cache {
                        Some(cache) => cache.entry_hash(p),
                        None => crate::incremental::key(p),
                    };
                    crate::incremental::key(&(vocabulary, entry))
                })
                .collect();
            (vocabulary, keys)
        })
    }
}

/// What one build kept of the one before, by id: taken over (`get`) when
/// its key is unchanged; what no build asked for is forgotten by the next.
struct Generations<V> {
    /// Of the latest build.
    current: foldhash::HashMap<String, (u64, V)>,
    /// Of the one before, emptied as the latest takes them: what remains
    /// there is what the site no longer has or has changed.
    previous: foldhash::HashMap<String, (u64, V)>,
}

impl<V> Default for Generations<V> {
    fn default() -> Self {
        Generations {
            current: Default::default(),
            previous: Default::default(),
        }
    }
}

impl<V: Clone> Generations<V> {
    fn begin(&mut self) {
        // The tables swap rather than go: a rebuild refills one as large.
        std::mem::swap(&mut self.previous, &mut self.current);
        self.current.clear();
    }

    fn get(&mut self, id: &str, key: u64) -> Option<V> {
        // The id moves over: a rebuild takes over thousands of values.
        let (id, (stored, value)) = self.previous.remove_entry(id)?;
        if stored != key {
            return None;
        }
        self.current.insert(id, (key, value.clone()));
        Some(value)
    }

    fn put(&mut self, id: &str, key: u64, value: V) {
        self.current.insert(id.to_owned(), (key, value));
    }
}

/// The pages of the previous build, so that a rebuild after one edit
/// renders only the pages whose inputs changed: the bulk of a large site
/// is reused. Pages are kept two ways:
/// - by what they are made of (`groups`): a partnership's pages (the page
///   and its aliases' redirects) by its entry, a kommun's or an
///   organisation's pages by its entries, each with a hash of those
///   inputs, checked without building the pages' data;
/// - each page by its output file (`pages`), with a hash of its template,
///   path, title and data, for pages made of the whole catalogue.
///
/// The search index keeps its own shards (`search_index`).
#[derive(Default)]
pub struct PageCache {
    /// Pages by group id.
    pub(crate) groups: Kept<Vec<Page>>,
    /// Pages by output file.
    pub(crate) pages: Kept<Page>,
    /// Each partnership's hash, by slug, with the entry it is of.
    hashes: Kept<(std::sync::Arc<crate::model::Partnerskap>, u64)>,
    /// Each partnership's card, by slug.
    pub(crate) cards: Kept<std::sync::Arc<view::Card>>,
    /// Each partnership's open data row and texts, by slug.
    pub(crate) entries: Kept<std::sync::Arc<data::Entry>>,
    /// Each partnership's search document, by slug.
    pub(crate) search_docs: Kept<std::sync::Arc<iop_search::SearchDoc>>,
    /// The search index, in shards, to index again only what changed.
    pub(crate) search_index: std::sync::Mutex<iop_search::Indexer>,
    /// The parsed templates, with the hash of their texts.
    templates: std::sync::Mutex<Option<(u64, std::sync::Arc<tera::Tera>)>>,
    /// Partnership pages rendered (not reused) by the latest build.
    pub rendered: std::sync::atomic::AtomicUsize,
}

impl PageCache {
    /// Starts a build: the pages of the last one become the previous ones.
    fn begin(&self) {
        self.groups.begin();
        self.pages.begin();
        self.entries.begin();
        self.cards.begin();
        self.hashes.begin();
        self.search_docs.begin();
    }

    /// The templates parsed from texts hashing to `hash`: the kept ones if
    /// the texts are unchanged, else `parse`'s, kept if they parse.
    fn templates(
        &self,
        hash: u64,
        parse: impl FnOnce() -> Result<std::sync::Arc<tera::Tera>, Diagnostic>,
    ) -> Result<std::sync::Arc<tera::Tera>, Diagnostic> {
        let mut kept = lock(&self.templates);
        if let Some((h, tera)) = &*kept
            && *h == hash
        {
            return Ok(std::sync::Arc::clone(tera));
        }
        let tera = parse()?;
        *kept = Some((hash, std::sync::Arc::clone(&tera)));
        Ok(tera)
    }

    /// A hash of the entry `p`: hashed once while the check memo hands
    /// out the same entry (an unchanged file), not on every rebuild.
    fn entry_hash(&self, p: &std::sync::Arc<crate::model::Partnerskap>) -> u64 {
        // Kept with the entry, whose address is then never another's.
        let address = std::sync::Arc::as_ptr(p) as usize as u64;
        self.hashes
            .get_or(&p.slug, address, || {
                (p.clone(), crate::incremental::key(&**p))
            })
            .1
    }
}

/// Values of one kind kept between builds, by id (see `Generations`).
pub(crate) struct Kept<V>(std::sync::Mutex<Generations<V>>);

impl<V> Default for Kept<V> {
    fn default() -> Self {
        Kept(Default::default())
    }
}

impl<V: Clone> Kept<V> {
    fn begin(&self) {
        lock(&self.0).begin();
    }

    /// The value kept under `id` if its key is `key`, else `make`'s (made
    /// without holding the lock, as cards are made in parallel), kept.
    pub(crate) fn get_or(&self, id: &str, key: u64, make: impl FnOnce() -> V) -> V {
        self.try_get_or(id, key, || Ok::<V, std::convert::Infallible>(make()))
            .unwrap_or_else(|never| match never {})
    }

    /// `get_or`, for a `make` that can fail: nothing is kept then.
    pub(crate) fn try_get_or<E>(
        &self,
        id: &str,
        key: u64,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        if let Some(value) = lock(&self.0).get(id, key) {
            return Ok(value);
        }
        let value = make()?;
        lock(&self.0).put(id, key, value.clone());
        Ok(value)
    }
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A renderer adds one kind of output: pages, feeds, the search index.
pub trait Renderer {
    fn render(&self, build: &Build, output: &mut Output) -> Result<(), Diagnostic>;
}

/// Renders everything but the search index (see `render_search`): the
/// whole site is the two, in this order.
pub fn render_pages(build: &Build) -> Result<Output, Diagnostic> {
    if let Some(cache) = build.cache {
        cache.begin();
    }
    // What the renderers share is made first, not by whichever asks first
    // while they run side by side: a worker filling a `OnceLock` in
    // parallel may take on work that asks for it again, which deadlocks.
    build.groups();
    build.rows();
    let alone = |renderer: &dyn Renderer| {
        let mut output = Output::default();
        renderer.render(build, &mut output).map(|()| output)
    };
    // When serving, the pages and the open data side by side (as the kinds
    // of pages, see `Pages::all`); the feeds list in the sitemap what both
    // wrote.
    let (pages, data) = match build.cache {
        Some(_) => rayon::join(|| alone(&html::Html), || alone(&data::Data)),
        None => (alone(&html::Html), alone(&data::Data)),
    };
    let mut output = pages?;
    output.files.extend(data?.files);
    feed::Feeds.render(build, &mut output)?;
    Ok(output)
}

/// Adds the search index's files to `output`.
pub fn render_search(build: &Build, output: &mut Output) -> Result<(), Diagnostic> {
    search::SearchIndex.render(build, output)
}
