//! The JSON Schema editors' tools use: committed in schemas/, always equal to
//! what `iop schema` derives from the format's definitions, accepting the
//! real content and rejecting broken files.

mod common;

use std::fs;

use common::{PARTNERSKAP, repo};

fn schema(name: &str) -> jsonschema::Validator {
    let text = fs::read_to_string(repo().join("schemas").join(name)).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&value)
        .unwrap()
}

fn front_matter(markdown: &str) -> serde_json::Value {
    let yaml = markdown.split("---\n").nth(1).unwrap();
    iop::yaml::parse(yaml, 1).unwrap().value
}

#[test]
fn committed_schemas_are_what_iop_schema_writes() {
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_iop"))
        .args(["schema", "--out"])
        .arg(out.path())
        .status()
        .unwrap();
    assert!(status.success());
    for entry in fs::read_dir(out.path()).unwrap() {
        let entry = entry.unwrap();
        let committed =
            fs::read_to_string(repo().join("schemas").join(entry.file_name())).unwrap_or_default();
        assert_eq!(
            committed,
            fs::read_to_string(entry.path()).unwrap(),
            "schemas/{} is stale: run `iop schema --out schemas`",
            entry.file_name().to_string_lossy()
        );
    }
}

#[test]
fn the_real_content_validates() {
    for (dir, name) in [
        ("partnerskap", "partnerskap.schema.json"),
        ("organisationer", "organisation.schema.json"),
    ] {
        let validator = schema(name);
        let mut n = 0;
        for entry in fs::read_dir(repo().join("content").join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let document = front_matter(&fs::read_to_string(&path).unwrap());
            let errors: Vec<String> = validator
                .iter_errors(&document)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            n += 1;
        }
        assert!(n > 50, "{dir}: {n}");
    }
    for (file, name) in [
        ("fokusomraden.yaml", "fokusomraden.schema.json"),
        ("kallor.yaml", "kallor.schema.json"),
    ] {
        let text = fs::read_to_string(repo().join("content").join(file)).unwrap();
        let value = iop::yaml::parse(&text, 1).unwrap().value;
        assert!(schema(name).is_valid(&value), "{file}");
    }
}

#[test]
fn broken_files_do_not_validate() {
    let validator = schema("partnerskap.schema.json");
    assert!(validator.is_valid(&front_matter(PARTNERSKAP)));
    for (from, to) in [
        ("namn:", "namm:"),
        ("start: 2022-02-01", "start: 2022-02-30"),
        ("slut: 2024-04-30", "slut: snart"),
        ("fokusområden: [hemloshet]", "fokusområden: []"),
        (
            "kommun: Malmö\n",
            "kommun: Malmö\n    region: Region Skåne\n",
        ),
        (
            "källor: [famna-fremia-2023]",
            "källor: [{ titel: X, url: \"ftp://x\" }]",
        ),
    ] {
        let broken = PARTNERSKAP.replace(from, to);
        assert_ne!(broken, PARTNERSKAP);
        assert!(
            !validator.is_valid(&front_matter(&broken)),
            "{to} should not validate"
        );
    }
}
