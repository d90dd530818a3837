use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

pub fn run(_root: &Path, _port: u16, _as_of: Option<NaiveDate>, _out: Option<PathBuf>) -> ExitCode {
    ExitCode::FAILURE
}
