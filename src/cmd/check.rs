use std::path::Path;
use std::process::ExitCode;

use iop::site;

use crate::Format;

pub fn run(root: &Path, format: Option<Format>) -> ExitCode {
    let checked = site::check_site(root);
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
