//! Runs the pipeline: load → check → render → write.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;

use crate::check::check_with;
use crate::config::Config;
use crate::diagnostic::Diagnostics;
use crate::history::History;
use crate::incremental::Memo;
use crate::load::load_with;
use crate::model::Catalogue;
use crate::render::{Build, Output, render_pages, render_search};

/// A checked catalogue with its configuration.
pub struct Checked {
    pub config: Option<Config>,
    /// Present only when there are no errors.
    pub catalogue: Option<Catalogue>,
    pub diagnostics: Diagnostics,
}

/// Loads and checks the site at `root` without rendering anything.
pub fn check_site(root: &Path) -> Checked {
    check_site_with(root, None)
}

/// `check_site`, reusing from `memo` the files and check outcomes of
/// unchanged files.
pub fn check_site_with(root: &Path, memo: Option<&Memo>) -> Checked {
    let mut diagnostics = Diagnostics::default();
    let config = Config::load(root);
    let sources = load_with(root, memo.map(|m| &m.load));
    let (catalogue, found) = match sources {
        Ok(sources) => {
            let history = match memo {
                Some(memo) => History::read_with(root, &memo.history),
                None => std::sync::Arc::new(History::read(root)),
            };
            check_with(&sources, &history, memo.map(|m| &m.check))
        }
        Err(found) => (None, found),
    };
    diagnostics.extend(found.0);
    let config = match config {
        Ok(config) => Some(config),
        Err(found) => {
            diagnostics.extend(found.0);
            None
        }
    };
    let diagnostics = diagnostics.sorted();
    Checked {
        catalogue: catalogue.filter(|_| !diagnostics.has_errors() && config.is_some()),
        config,
        diagnostics,
    }
}

/// What a successful build did.
pub struct Built {
    pub files: usize,
    /// Files whose bytes changed or are new; the others kept their inode.
    pub written: usize,
    pub bytes: usize,
    pub partnerskap: usize,
    pub seconds: f64,
    pub diagnostics: Diagnostics,
}

/// Builds the site at `root` into `out`, with statuses as of `as_of`. On
/// any error nothing is written and `out` stays as it was.
pub fn build(root: &Path, as_of: NaiveDate, out: &Path) -> Result<Built, Diagnostics> {
    build_with(root, as_of, out, &Overrides::default())
}

/// Settings given for one build that win over site.toml, such as the
/// address a deployment publishes to.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub base_url: Option<String>,
    pub repository: Option<String>,
}

/// `build`, with `overrides` applied to site.toml.
pub fn build_with(
    root: &Path,
    as_of: NaiveDate,
    out: &Path,
    overrides: &Overrides,
) -> Result<Built, Diagnostics> {
    let started = Instant::now();
    crate::write::check_output(root, out).map_err(|d| Diagnostics(vec![d]))?;
    // Before anything can fail: a build killed earlier may have left moves
    // it had decided on undone.
    crate::write::clean_up(out);
    let unwritable = |e: std::io::Error| {
        Diagnostics(vec![crate::diagnostic::Diagnostic::error(
            out,
            format!("kunde inte skriva webbplatsen: {e}"),
        )])
    };
    // The pages go next to `out` as soon as they are rendered, and leave
    // memory before the search index is built; nothing is decided until
    // the whole site is there, so a failure after them changes nothing.
    let mut staged = None;
    let mut pages_ready = |pages: Output| {
        staged = Some(crate::write::Staged::begin(out).and_then(|mut staged| {
            staged.add(&pages.all(), None)?;
            Ok(staged)
        }));
    };
    let rendered = render_site_with(root, as_of, overrides, None, Some(&mut pages_ready))?;
    let mut staged = staged
        .expect("the pages come before the search index")
        .map_err(unwritable)?;
    staged
        .add(&rendered.output.files, None)
        .map_err(unwritable)?;
    let written = staged.finish().map_err(unwritable)?;
    Ok(Built {
        files: written.files,
        written: written.written,
        bytes: written.bytes,
        partnerskap: rendered.partnerskap,
        seconds: started.elapsed().as_secs_f64(),
        diagnostics: rendered.diagnostics,
    })
}

/// A site rendered in memory, not yet written.
pub struct Rendered {
    pub output: crate::render::Output,
    pub partnerskap: usize,
    pub diagnostics: Diagnostics,
}

/// Loads, checks and renders the site at `root` in memory.
pub fn render_site(
    root: &Path,
    as_of: NaiveDate,
    overrides: &Overrides,
) -> Result<Rendered, Diagnostics> {
    render_site_with(root, as_of, overrides, None, None)
}

/// `render_site`, for `iop serve`: reuses from `memo` the check outcomes
/// and pages whose inputs are unchanged, keeping the new ones there. Given
/// `pages_ready`, hands it every file but the search index's as soon as
/// they are rendered, before the index is built; the returned `output`
/// then holds only the index's files.
pub fn render_site_with(
    root: &Path,
    as_of: NaiveDate,
    overrides: &Overrides,
    memo: Option<&Memo>,
    pages_ready: Option<&mut dyn FnMut(Output)>,
) -> Result<Rendered, Diagnostics> {
    let checked = check_site_with(root, memo);
    let (Some(catalogue), Some(mut config)) = (checked.catalogue, checked.config) else {
        return Err(checked.diagnostics);
    };
    if let Some(base_url) = &overrides.base_url {
        if let Err(why) = crate::config::web_address(base_url, false) {
            return Err(Diagnostics(vec![
                crate::diagnostic::Diagnostic::error(Path::new("--base-url"), why)
                    .hint("skriv hela adressen, t.ex. https://example.org/iop/"),
            ]));
        }
        config.base_url = base_url.clone();
    }
    if let Some(repository) = &overrides.repository {
        if let Err(why) = crate::config::web_address(repository, true) {
            return Err(Diagnostics(vec![
                crate::diagnostic::Diagnostic::error(Path::new("--repository"), why)
                    .hint("skriv arkivets https-adress, t.ex. https://github.com/konto/arkiv"),
            ]));
        }
        config.repository = Some(repository.clone());
    }
    let mut build = Build::new(root, &config, &catalogue, as_of, memo.map(|m| &m.pages));
    let mut output = render_pages(&build).map_err(|d| Diagnostics(vec![d]))?;
    // Only the pages need the open data's rows: not kept while the search
    // index is built.
    drop(build.rows.take());
    if let Some(pages_ready) = pages_ready {
        pages_ready(output);
        output = Output::default();
    }
    render_search(&build, &mut output).map_err(|d| Diagnostics(vec![d]))?;
    Ok(Rendered {
        output,
        partnerskap: catalogue.partnerskap.len(),
        diagnostics: checked.diagnostics,
    })
}

/// `public/` under the site root unless told otherwise.
pub fn default_out(root: &Path) -> PathBuf {
    root.join("public")
}
