use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use iop::{render::search_docs, site};

/// Söker i katalogen, med samma sökning och rangordning som webbplatsens /sok/.
#[derive(clap::Args)]
pub struct Args {
    /// Sökord; "fraser" inom citattecken.
    query: String,
    #[arg(long)]
    kommun: Vec<String>,
    #[arg(long)]
    region: Vec<String>,
    #[arg(long)]
    fokus: Vec<String>,
    #[arg(long)]
    organisation: Vec<String>,
    #[arg(long)]
    status: Vec<String>,
    #[arg(long = "år", alias = "ar")]
    ar: Option<i32>,
    /// Högst så många träffar.
    #[arg(long, default_value_t = iop_search::DEFAULT_LIMIT)]
    limit: usize,
    /// Status per detta datum i stället för i dag.
    #[arg(long, value_name = "ÅÅÅÅ-MM-DD")]
    as_of: Option<NaiveDate>,
    /// Skriv resultatet som JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(root: &Path, args: Args, today: NaiveDate) -> ExitCode {
    let checked = site::check_site(root);
    let Some(catalogue) = checked.catalogue else {
        eprint!("{}", checked.diagnostics.to_text());
        return ExitCode::FAILURE;
    };
    let docs = search_docs(&catalogue, args.as_of.unwrap_or(today));
    let results = iop_search::build_index(&docs)
        .and_then(|b| iop_search::Catalogue::open_bundles(&b))
        .map(|index| {
            index.search(&iop_search::Query {
                text: args.query,
                kommun: args.kommun,
                region: args.region,
                fokus: args.fokus,
                organisation: args.organisation,
                status: args.status,
                år: args.ar,
                limit: args.limit,
            })
        });
    let results = match results {
        Ok(results) => results,
        Err(e) => {
            eprintln!("sökningen misslyckades: {e}");
            return ExitCode::FAILURE;
        }
    };
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&results).expect("results are JSON")
        );
    } else {
        print!("{}", text(&results));
    }
    ExitCode::SUCCESS
}

/// Results for a terminal: name, parties, period and status, and the snippet
/// with its highlights in *stars*.
fn text(results: &iop_search::Results) -> String {
    use std::fmt::Write as _;
    let mut out = format!("{} träffar\n", results.total);
    if let Some(suggestion) = &results.suggestion {
        writeln!(out, "Menade du: {suggestion}").unwrap();
    }
    if results.partial {
        if results.unmatched.is_empty() {
            writeln!(out, "Inget partnerskap har alla orden; de som har flest:").unwrap();
        } else {
            writeln!(
                out,
                "Inget partnerskap nämner {}; de som har de andra orden:",
                results.unmatched.join(", ")
            )
            .unwrap();
        }
    }
    if results.total == 0 {
        writeln!(
            out,
            "Bläddra i stället bland alla partnerskap, per kommun, fokusområde eller organisation på webbplatsen."
        )
        .unwrap();
    }
    for hit in &results.hits {
        let snippet = hit
            .snippet_html
            .replace("<mark>", "*")
            .replace("</mark>", "*");
        let snippet = snippet
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'");
        writeln!(out, "\n{}  [{}]", hit.namn, hit.slug).unwrap();
        writeln!(out, "  {}", hit.parter).unwrap();
        writeln!(out, "  {} · {}", hit.period, hit.status).unwrap();
        if !snippet.is_empty() {
            writeln!(out, "  {snippet}").unwrap();
        }
    }
    out
}
