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

/// The site's files by path ("partnerskap/x/index.html"), in a stable order.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
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
}

impl Build<'_> {
    /// The rows of the open data (see `data::Rows`).
    pub fn rows(&self) -> &data::Rows {
        self.rows.get_or_init(|| data::Rows::new(self))
    }
}

/// The partnership pages of the previous build, each with a hash of
/// everything it was rendered from (its view, its JSON-LD, the site's
/// settings and templates), so that a rebuild after one edit renders only
/// the pages whose inputs changed: the bulk of a large site is reused.
/// An entry's key and its pages (the page and its aliases' redirects).
type CachedPages = (u64, Vec<(String, String)>);

/// Every other page by its site path, with a hash of its template, path,
/// title and data: of the latest build (`current`) and of the one before
/// (`previous`, emptied as the latest takes its pages; what remains there
/// is pages the site no longer has).
#[derive(Default)]
struct OtherPages {
    current: std::collections::HashMap<String, (u64, (String, String))>,
    previous: std::collections::HashMap<String, (u64, (String, String))>,
}

#[derive(Default)]
pub struct PageCache {
    pages: std::sync::Mutex<std::collections::HashMap<String, CachedPages>>,
    other: std::sync::Mutex<OtherPages>,
    /// Partnership pages rendered (not reused) by the latest build.
    pub rendered: std::sync::atomic::AtomicUsize,
}

impl PageCache {
    pub(crate) fn get(&self, slug: &str, key: u64) -> Option<Vec<(String, String)>> {
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages
            .get(slug)
            .filter(|(k, _)| *k == key)
            .map(|(_, p)| p.clone())
    }

    pub(crate) fn put(&self, slug: &str, key: u64, pages: &[(String, String)]) {
        self.rendered
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut cached = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        cached.insert(slug.to_owned(), (key, pages.to_vec()));
    }

    /// Starts a build: the pages of the last one become the previous ones.
    fn begin(&self) {
        let mut other = self.other.lock().unwrap_or_else(|e| e.into_inner());
        other.previous = std::mem::take(&mut other.current);
    }

    /// The output file and HTML of the page at `path` if its key is `key`.
    pub(crate) fn page(&self, path: &str, key: u64) -> Option<(String, String)> {
        let mut other = self.other.lock().unwrap_or_else(|e| e.into_inner());
        let (stored, page) = other.previous.remove(path)?;
        if stored != key {
            return None;
        }
        other.current.insert(path.to_owned(), (key, page.clone()));
        Some(page)
    }

    pub(crate) fn put_page(&self, path: &str, key: u64, page: &(String, String)) {
        let mut other = self.other.lock().unwrap_or_else(|e| e.into_inner());
        other.current.insert(path.to_owned(), (key, page.clone()));
    }

    /// Forgets pages of entries that no longer exist.
    pub(crate) fn keep_only(&self, slugs: &std::collections::HashSet<&str>) {
        let mut cached = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        cached.retain(|slug, _| slugs.contains(slug.as_str()));
    }
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
    // Feeds lists in the sitemap what the renderers before it wrote.
    let renderers: [&dyn Renderer; 3] = [&html::Html, &data::Data, &feed::Feeds];
    let mut output = Output::default();
    for renderer in renderers {
        renderer.render(build, &mut output)?;
    }
    Ok(output)
}

/// Adds the search index's files to `output`.
pub fn render_search(build: &Build, output: &mut Output) -> Result<(), Diagnostic> {
    search::SearchIndex.render(build, output)
}
