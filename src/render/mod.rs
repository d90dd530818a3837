//! Render: the model into files of the site. Each renderer adds its files to
//! one in-memory `Output`; nothing touches the disk until `write` has the
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
}

/// A renderer adds one kind of output: pages, feeds, the search index.
pub trait Renderer {
    fn render(&self, build: &Build, output: &mut Output) -> Result<(), Diagnostic>;
}

/// Renders the whole site.
pub fn render(build: &Build) -> Result<Output, Diagnostic> {
    // Feeds lists in the sitemap what the renderers before it wrote.
    let renderers: [&dyn Renderer; 4] =
        [&html::Html, &data::Data, &feed::Feeds, &search::SearchIndex];
    let mut output = Output::default();
    for renderer in renderers {
        renderer.render(build, &mut output)?;
    }
    Ok(output)
}
