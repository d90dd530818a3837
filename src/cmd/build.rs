use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use iop::site;

pub fn run(
    root: &Path,
    as_of: NaiveDate,
    out: Option<PathBuf>,
    overrides: &site::Overrides,
) -> ExitCode {
    let out = out.unwrap_or_else(|| site::default_out(root));
    match site::build_with(root, as_of, &out, overrides) {
        Ok(built) => {
            if !built.diagnostics.0.is_empty() {
                eprint!("{}", built.diagnostics.to_text());
            }
            eprintln!(
                "Byggde {} partnerskap till {} ({} filer, {} skrivna, {:.1} MB) på {:.2} s, status per {as_of}.",
                built.partnerskap,
                out.display(),
                built.files,
                built.written,
                built.bytes as f64 / 1e6,
                built.seconds
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprint!("{}", diagnostics.to_text());
            eprintln!("Bygget avbröts; {} är oförändrad.", out.display());
            ExitCode::FAILURE
        }
    }
}
