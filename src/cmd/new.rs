use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Kind {
    /// Ett nytt partnerskap i content/partnerskap/.
    Partnerskap,
    /// En ny organisation i content/organisationer/.
    Organisation {
        /// Organisationens namn.
        namn: String,
    },
}

pub fn run(_root: &Path, _kind: Kind) -> ExitCode {
    ExitCode::FAILURE
}
