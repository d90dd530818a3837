//! `iop`: the command-line front end of IOP-katalogen.

mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

/// Bygger och kontrollerar katalogen över idéburna offentliga partnerskap.
#[derive(Parser)]
#[command(name = "iop", version, about)]
struct Cli {
    /// Webbplatsens rotmapp (där site.toml ligger).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Bygger webbplatsen till public/ (eller --out).
    Build {
        /// Räkna status (pågående, avslutad …) per detta datum i stället för i dag.
        #[arg(long, value_name = "ÅÅÅÅ-MM-DD")]
        as_of: Option<NaiveDate>,
        /// Mappen som webbplatsen skrivs till.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Adressen webbplatsen publiceras på, i stället för base_url i site.toml.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Arkivets adress (för "Rätta uppgifterna"-länkar), i stället för repository i site.toml.
        #[arg(long, value_name = "URL")]
        repository: Option<String>,
    },
    /// Kontrollerar innehållet utan att bygga; avslutar med felkod vid fel.
    Check {
        /// Utdataformat; i GitHub Actions blir standard "github".
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Dagen som avgör vilka partnerskap som behöver en nyare källa; annars i dag.
        #[arg(long, value_name = "ÅÅÅÅ-MM-DD")]
        as_of: Option<NaiveDate>,
    },
    /// Bygger, visar webbplatsen på localhost och bygger om vid ändringar.
    Serve {
        /// Porten på 127.0.0.1; 0 väljer en ledig port.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Räkna status (pågående, avslutad …) per detta datum i stället för i dag.
        #[arg(long, value_name = "ÅÅÅÅ-MM-DD")]
        as_of: Option<NaiveDate>,
        /// Mappen som webbplatsen skrivs till.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Skapar en ny, giltig och kommenterad innehållsfil.
    New {
        #[command(subcommand)]
        kind: cmd::new::Kind,
    },
    /// Söker i katalogen med samma sökning som webbplatsen.
    Search(cmd::search::Args),
    /// Skriver JSON Schema för innehållsfilerna.
    Schema {
        /// Mappen som schemafilerna skrivs till (annars skrivs partnerskapets schema till standard ut).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Github,
}

fn main() -> ExitCode {
    keep_large_blocks_mapped();
    let cli = Cli::parse();
    let root = cli.root;
    let today = || chrono::Local::now().date_naive();
    match cli.command {
        Command::Build {
            as_of,
            out,
            base_url,
            repository,
        } => cmd::build::run(
            &root,
            as_of.unwrap_or_else(today),
            out,
            &iop::site::Overrides {
                base_url,
                repository,
            },
        ),
        Command::Check { format, as_of } => {
            cmd::check::run(&root, format, as_of.unwrap_or_else(today))
        }
        Command::Serve { port, as_of, out } => cmd::serve::run(&root, port, as_of, out),
        Command::New { kind } => cmd::new::run(&root, kind),
        Command::Search(args) => cmd::search::run(&root, args, today()),
        Command::Schema { out } => cmd::schema::run(out),
    }
}

/// Has glibc give every large block (128 KiB and up) its own mapping, as
/// it does at first. Left alone, it raises that threshold to the size of
/// each large block freed, and later large blocks come from its heaps,
/// where they stay after they are freed, between live data: the search
/// index frees many (each shard's indexing buffers), and at 10 000 entries
/// a build's peak grew by 30 MB to 330 MB with them.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_large_blocks_mapped() {
    // SAFETY: mallopt only sets a malloc parameter, before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_large_blocks_mapped() {}
