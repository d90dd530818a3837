use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use iop::{granska, site};

use crate::Format;

/// Checks the content; the partnerships that need a newer source on `day`
/// are listed as notes, never as errors.
pub fn run(root: &Path, format: Option<Format>, day: NaiveDate) -> ExitCode {
    let mut checked = site::check_site(root);
    if let Some(catalogue) = &checked.catalogue {
        checked
            .diagnostics
            .extend(granska::noteringar(root, catalogue, day));
    }
    let diagnostics = &checked.diagnostics;
    let in_actions = std::env::var_os("GITHUB_ACTIONS").is_some();
    match format.unwrap_or(if in_actions {
        Format::Github
    } else {
        Format::Text
    }) {
        Format::Text => eprint!("{}", diagnostics.to_text()),
        Format::Json => print!("{}", diagnostics.to_json()),
        Format::Github => {
            print!("{}", diagnostics.to_github());
            eprint!("{}", diagnostics.to_text());
        }
    }
    if diagnostics.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
