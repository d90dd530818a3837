//! Render: the model into files of the site. Each renderer adds its files to
//! an in-memory `Output`; nothing in `public/` changes until `write` has the
//! whole site, so a failed build never leaves half a site behind.

mod charts;
pub mod data;
pub mod entries;
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
/// of the open data's files while both are alive), or joined when first
/// read (`later`).
#[derive(Clone)]
pub struct Bytes(std::sync::Arc<Made>);

enum Made {
    Now(Vec<u8>),
    /// Made on first use, once.
    Later(std::sync::LazyLock<Vec<u8>, Box<dyn FnOnce() -> Vec<u8> + Send>>),
}

impl Bytes {
    /// Bytes made by `make` when first read: the open data's large files,
    /// joined from every entry's rows, which `iop serve` shows before it
    /// has joined them (a request for one waits for it) and writes after.
    pub fn later(make: impl FnOnce() -> Vec<u8> + Send + 'static) -> Bytes {
        Bytes(std::sync::Arc::new(Made::Later(std::sync::LazyLock::new(
            Box::new(make),
        ))))
    }
}

impl Default for Bytes {
    fn default() -> Bytes {
        Vec::new().into()
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bytes({} bytes)", self.len())
    }
}

impl PartialEq for Bytes {
    fn eq(&self, other: &Bytes) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0) || **self == **other
    }
}

impl Eq for Bytes {}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Bytes {
        Bytes(std::sync::Arc::new(Made::Now(bytes)))
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
        match &*self.0 {
            Made::Now(bytes) => bytes,
            Made::Later(bytes) => bytes,
        }
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

/// Why a partnership needs a newer source, if it does, and the day that
/// sorts the list of those that do (see `granska::behov`).
pub type Behov = Option<(
    Option<chrono::NaiveDate>,
    std::sync::Arc<crate::granska::Behov>,
)>;

/// A page: its output file ("kommun/malmo/index.html") and its bytes.
pub type Page = (String, Bytes);

/// The site's files by path ("partnerskap/x/index.html"), in a stable order.
#[derive(Debug, Default)]
pub struct Output {
    /// All but the partnerships' own pages.
    pub files: BTreeMap<String, Bytes>,
    /// The partnerships' own pages, once rendered.
    pub partnerskap: Option<EntryPages>,
}

/// Each partnership's own pages (its page and its aliases' redirects), by
/// place, and where each page is: most of a large site, carried whole from
/// one build of `iop serve` to the next.
#[derive(Debug, Clone)]
pub struct EntryPages {
    pages: std::sync::Arc<Vec<Result<std::sync::Arc<Vec<Page>>, Diagnostic>>>,
    index: std::sync::Arc<EntryIndex>,
}

/// Where each partnership's pages are: by path, the place and the page's
/// index among the place's; and how many pages each place has.
#[derive(Debug, Default)]
pub(crate) struct EntryIndex {
    paths: foldhash::HashMap<String, (u32, u32)>,
    counts: Vec<u32>,
}

impl EntryPages {
    /// The pages of `pages`; `kept` is the index of an earlier build's,
    /// taken over if every place has the same pages as then (`changed`
    /// says which places may not).
    fn new(
        pages: std::sync::Arc<Vec<Result<std::sync::Arc<Vec<Page>>, Diagnostic>>>,
        kept: Option<(std::sync::Arc<EntryIndex>, &[usize])>,
    ) -> EntryPages {
        let own = |i: usize| pages[i].as_deref().map_or(&[][..], Vec::as_slice);
        let same = |index: &EntryIndex, i: usize| {
            index.counts.get(i) == Some(&(own(i).len() as u32))
                && own(i)
                    .iter()
                    .enumerate()
                    .all(|(n, (path, _))| index.paths.get(path) == Some(&(i as u32, n as u32)))
        };
        let index = match kept {
            Some((index, changed))
                if index.counts.len() == pages.len()
                    && changed.iter().all(|&i| same(&index, i)) =>
            {
                index
            }
            _ => {
                let mut index = EntryIndex::default();
                for i in 0..pages.len() {
                    index.counts.push(own(i).len() as u32);
                    for (n, (path, _)) in own(i).iter().enumerate() {
                        index.paths.insert(path.clone(), (i as u32, n as u32));
                    }
                }
                std::sync::Arc::new(index)
            }
        };
        EntryPages { pages, index }
    }

    /// The pages of the partnership at place `i`.
    pub fn of(&self, i: usize) -> &[Page] {
        self.pages[i].as_deref().map_or(&[], Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    fn get(&self, path: &str) -> Option<&Bytes> {
        let &(i, n) = self.index.paths.get(path)?;
        Some(&self.of(i as usize)[n as usize].1)
    }
}

impl Output {
    /// The file at `path`.
    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.files
            .get(path)
            .or_else(|| self.partnerskap.as_ref()?.get(path))
    }

    /// Whether some file is in `folder` ("a/b/").
    pub fn has_folder(&self, folder: &str) -> bool {
        self.files
            .range(folder.to_owned()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(folder))
            // A partnership's page is its folder's only file.
            || self
                .partnerskap
                .as_ref()
                .is_some_and(|p| p.get(&format!("{folder}index.html")).is_some())
    }

    /// Every file, by path.
    pub fn all(&self) -> BTreeMap<String, &Bytes> {
        let entries = self.partnerskap.iter().flat_map(|p| {
            (0..p.len()).flat_map(move |i| p.of(i).iter().map(|(path, bytes)| (path, bytes)))
        });
        self.files
            .iter()
            .chain(entries)
            .map(|(path, bytes)| (path.clone(), bytes))
            .collect()
    }

    /// How many files there are.
    pub fn len(&self) -> usize {
        self.files.len() + self.partnerskap.as_ref().map_or(0, |p| p.index.paths.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

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
    /// How the entries relate to the previous build's, with a page cache:
    /// made once, by `alignment`.
    pub alignment: std::sync::OnceLock<entries::Alignment>,
    /// The vocabulary's key and each partnership's, in the catalogue's
    /// order: made once, by `keys`.
    pub entry_keys: std::sync::OnceLock<(u64, Vec<u64>)>,
    /// Each kommun's, region's, focus area's and organisation's
    /// partnerships: made once, by `groups`, for the pages and the data.
    pub groups: std::sync::OnceLock<std::sync::Arc<crate::model::Groups>>,
    /// Each partnership's status on `as_of`, by place: made once, by
    /// `statuses`.
    pub statuses: std::sync::OnceLock<std::sync::Arc<Vec<crate::model::Status>>>,
    /// Each partnership's rank by slug: made once, by `slug_rank`.
    pub slug_rank: std::sync::OnceLock<std::sync::Arc<Vec<u32>>>,
}

impl<'a> Build<'a> {
    pub fn new(
        root: &'a Path,
        config: &'a Config,
        catalogue: &'a Catalogue,
        as_of: NaiveDate,
        cache: Option<&'a PageCache>,
    ) -> Build<'a> {
        Build {
            root,
            config,
            catalogue,
            as_of,
            cache,
            rows: Default::default(),
            alignment: Default::default(),
            entry_keys: Default::default(),
            groups: Default::default(),
            statuses: Default::default(),
            slug_rank: Default::default(),
        }
    }

    /// The catalogue's lists (see `Groups`): with a page cache, the
    /// previous build's when no entry's lists changed.
    pub fn groups(&self) -> &crate::model::Groups {
        self.groups.get_or_init(|| match self.cache {
            Some(cache) => {
                let alignment = self.alignment();
                // No entry joined or left a list.
                let unchanged = alignment.same_places()
                    && alignment.changed.iter().all(|&i| {
                        alignment.before(i).is_some_and(|before| {
                            crate::model::Groups::same_lists(before, &self.catalogue.partnerskap[i])
                        })
                    });
                let groups = cache
                    .groups_of
                    .take(alignment)
                    .filter(|_| unchanged)
                    .unwrap_or_else(|| {
                        std::sync::Arc::new(crate::model::Groups::of(self.catalogue))
                    });
                cache.groups_of.keep(alignment, &groups);
                groups
            }
            None => std::sync::Arc::new(crate::model::Groups::of(self.catalogue)),
        })
    }

    /// The rows of the open data (see `data::Rows`).
    pub fn rows(&self) -> &data::Rows {
        self.rows.get_or_init(|| data::Rows::new(self))
    }

    /// How the entries relate to the previous build's (see `Alignment`);
    /// only with a page cache, which keeps the entries for the next build.
    pub fn alignment(&self) -> &entries::Alignment {
        self.alignment.get_or_init(|| {
            let cache = self
                .cache
                .expect("entries are aligned only with a page cache");
            let before = lock(&cache.before).take();
            let alignment = entries::Alignment::new(self.catalogue, before);
            *lock(&cache.before) = Some(std::sync::Arc::clone(&alignment.entries));
            alignment
        })
    }

    /// Each entry's value: with a page cache, kept in `kept` for `context`
    /// and made again only for the entries that changed (see `PerEntry`);
    /// without, made for every entry.
    pub(crate) fn per_entry<V: Clone + Send + Sync>(
        &self,
        kept: fn(&PageCache) -> &entries::PerEntry<V>,
        context: impl FnOnce() -> u64,
        make: impl Fn(usize) -> V + Sync,
    ) -> std::sync::Arc<Vec<V>> {
        use rayon::prelude::*;
        match self.cache {
            Some(cache) => kept(cache).values(self.alignment(), context(), make),
            None => std::sync::Arc::new(
                (0..self.catalogue.partnerskap.len())
                    .into_par_iter()
                    .map(&make)
                    .collect(),
            ),
        }
    }

    /// Each partnership's status on the build's day, by place.
    pub fn statuses(&self) -> &[crate::model::Status] {
        self.statuses.get_or_init(|| {
            let catalogue = self.catalogue;
            self.per_entry(
                |c| &c.statuses,
                || crate::incremental::key(&self.as_of),
                |i| catalogue.partnerskap[i].period.status(self.as_of),
            )
        })
    }

    /// Each entry's rank in the order of slugs (see `Entries::slug_rank`).
    pub fn slug_rank(&self) -> &[u32] {
        self.slug_rank.get_or_init(|| match self.cache {
            Some(_) => std::sync::Arc::clone(&self.alignment().entries.slug_rank),
            None => std::sync::Arc::new(entries::slug_rank(&self.catalogue.partnerskap)),
        })
    }

    /// A hash of what each partnership gives the charts that count it (its
    /// focus areas, its period and its sources' dates), by place: a chart
    /// of many is drawn again only when one of these changed.
    pub fn fakta_keys(&self) -> std::sync::Arc<Vec<u64>> {
        let catalogue = self.catalogue;
        self.per_entry(
            |c| &c.fakta,
            || crate::incremental::key(&self.as_of),
            |i| {
                let p = &catalogue.partnerskap[i];
                let kallor: Vec<_> = p.kallor.iter().map(|k| (k.datum, k.publicerad)).collect();
                crate::incremental::key(&(&p.fokus, &p.period, kallor))
            },
        )
    }

    /// When each partnership last changed (see `Historik`), by place.
    pub fn andrad(&self) -> std::sync::Arc<Vec<chrono::NaiveDate>> {
        let catalogue = self.catalogue;
        self.per_entry(
            |c| &c.andrad,
            || 0,
            |i| catalogue.partnerskap[i].historik.andrad,
        )
    }

    /// Why each partnership needs a newer source on the build's day, if it
    /// does, by place, with the day that sorts the list /att-granska/.
    pub fn behov(&self) -> std::sync::Arc<Vec<Behov>> {
        let catalogue = self.catalogue;
        self.per_entry(
            |c| &c.behov,
            || crate::incremental::key(&self.as_of),
            |i| {
                crate::granska::behov(&catalogue.partnerskap[i], self.as_of)
                    .map(|b| (b.senast_belagd, std::sync::Arc::new(b)))
            },
        )
    }

    /// The places of the `n` partnerships with the newest sources, newest
    /// first (then by slug).
    pub fn latest(&self, n: usize) -> Vec<usize> {
        let catalogue = self.catalogue;
        let newest = self.per_entry(
            |c| &c.senaste_kalla,
            || 0,
            |i| catalogue.partnerskap[i].senaste_kalla(),
        );
        let rank = self.slug_rank();
        let key = |&i: &usize| (std::cmp::Reverse(newest[i]), rank[i]);
        let mut places: Vec<usize> = (0..catalogue.partnerskap.len()).collect();
        if places.len() > n {
            places.select_nth_unstable_by_key(n, key);
            places.truncate(n);
        }
        places.sort_unstable_by_key(key);
        places
    }

    /// Every entry's key, in the catalogue's order: a hash of everything
    /// its own pages and rows are made of (the entry, the organisations
    /// and focus areas it may refer to, the site's settings and the day).
    /// Nothing of other entries: so a list's pages are made of its
    /// entries' keys (see `html::Pages::group`). Only with a page cache.
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
            let catalogue = self.catalogue;
            let vocabulary = crate::incremental::key(&(
                serde_json::to_string(self.config).unwrap_or_default(),
                self.as_of,
                &catalogue.organisationer,
                &catalogue.fokusomraden,
            ));
            let keys = self
                .alignment()
                .entries
                .hashes
                .iter()
                .map(|&entry| crate::incremental::key(&(vocabulary, entry)))
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
    /// The entries of the latest build, with their hashes (see `Alignment`).
    before: std::sync::Mutex<Option<std::sync::Arc<entries::Entries>>>,
    /// The lists of the latest build.
    groups_of: entries::Previous<crate::model::Groups>,
    /// Each partnership's status, by place.
    statuses: entries::PerEntry<crate::model::Status>,
    /// Each partnership's card, by place.
    pub(crate) cards: entries::PerEntry<std::sync::Arc<view::Card>>,
    /// The cards in Swedish order of their names.
    pub(crate) order: entries::Previous<entries::Order>,
    /// Each partnership's open data row and texts, by place.
    pub(crate) entries: entries::PerEntry<std::sync::Arc<data::Entry>>,
    /// Each partnership's search document, by place.
    pub(crate) search_docs: entries::PerEntry<std::sync::Arc<iop_search::SearchDoc>>,
    /// Each partnership's pages (its page and its aliases' redirects), or
    /// why they could not be rendered, by place.
    pub(crate) partnerskap_pages: entries::PerEntry<Result<std::sync::Arc<Vec<Page>>, Diagnostic>>,
    /// Why each partnership needs a newer source, by place.
    behov: entries::PerEntry<Behov>,
    /// When each partnership last changed, by place.
    andrad: entries::PerEntry<chrono::NaiveDate>,
    /// What each partnership gives the charts, by place.
    fakta: entries::PerEntry<u64>,
    /// The charts, by id.
    pub(crate) charts: Kept<String>,
    /// The date of each partnership's newest source, by place.
    senaste_kalla: entries::PerEntry<Option<crate::model::Datum>>,
    /// The search index, which redoes only what an edit changed.
    pub(crate) search_index: std::sync::Mutex<iop_search::Indexer>,
    /// The parsed templates, with the hash of their texts.
    templates: std::sync::Mutex<Option<(u64, std::sync::Arc<tera::Tera>)>>,
    /// Where the latest build's partnership pages are.
    pub(crate) entry_index: entries::Previous<EntryIndex>,
    /// Partnership pages rendered (not reused) by the latest build.
    pub rendered: std::sync::atomic::AtomicUsize,
}

impl PageCache {
    /// Starts a build: the pages of the last one become the previous ones.
    fn begin(&self) {
        self.groups.begin();
        self.pages.begin();
        self.charts.begin();
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
    /// without holding the lock), kept.
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
