use std::path::PathBuf;
use std::process::ExitCode;

use iop::schema;

type MakeSchema = fn() -> schemars::Schema;

/// The schema files, as content files reference them.
pub const FILES: [(&str, MakeSchema); 4] = [
    ("partnerskap.schema.json", schema::partnerskap_schema),
    ("organisation.schema.json", schema::organisation_schema),
    ("fokusomraden.schema.json", schema::fokusomraden_schema),
    ("kallor.schema.json", schema::kallor_schema),
];

pub fn run(out: Option<PathBuf>) -> ExitCode {
    let pretty =
        |s: schemars::Schema| serde_json::to_string_pretty(&s).expect("schema is JSON") + "\n";
    let Some(dir) = out else {
        print!("{}", pretty(schema::partnerskap_schema()));
        return ExitCode::SUCCESS;
    };
    for (name, make) in FILES {
        let path = dir.join(name);
        if let Err(e) =
            std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, pretty(make())))
        {
            eprintln!("kunde inte skriva {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        eprintln!("Skrev {}", path.display());
    }
    ExitCode::SUCCESS
}
