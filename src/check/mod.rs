//! Validate: turns the loaded files into the model, reporting every problem
//! of every file in one run. One module per concern, in the order they run:
//!
//! - [`file`]: one file read into values and checked against the JSON Schema
//!   of its kind (all shape errors at once) and the rules every value follows;
//!   [`schema_errors`] says each schema error in Swedish.
//! - [`lists`] and [`organisationer`]: what entries refer to, read into the
//!   [`Vocabulary`] even when some of those files are broken.
//! - [`partnerskap`]: the rules of one partnership against the vocabulary.
//! - [`katalog`]: the rules of the catalogue as a whole.

mod file;
mod katalog;
mod lists;
mod organisationer;
mod partnerskap;
mod schema_errors;

use std::sync::Arc;

use rayon::prelude::*;

use file::FileProblems;
pub use katalog::KatalogMemo;
use katalog::check_katalog;
use lists::{fokusomraden, kallor};
use organisationer::organisationer;
pub use organisationer::organisationsnummer_ok;
use partnerskap::{Known, partnerskap};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::history::History;
use crate::load::Sources;
use crate::model::*;
use crate::schema;
use crate::vocabulary::{Namn, Vocabulary};

/// The description `iop new organisation` writes until the editor replaces it.
pub const ORGANISATION_PLATSHALLARE: &str = "Skriv här en eller två meningar om organisationen: vad den är och vad den gör. Ersätt hela den här texten – annars visas den på webbplatsen.";

/// The description `iop new partnerskap` writes until the editor replaces it.
pub const PLATSHALLARE: &str = "Skriv här 2–4 meningar om partnerskapet: vilka parterna är, vad de gör tillsammans, för vem och varför. Ersätt hela den här texten – annars visas den på webbplatsen.";

/// The checked catalogue and everything worth telling the editor. The
/// catalogue is only returned when there are no errors.
pub fn check(sources: &Sources, history: &History) -> (Option<Catalogue>, Diagnostics) {
    check_with(sources, history, None)
}

/// `check`, taking from `memo` the outcome of each partnership file that is
/// unchanged since it was stored, and storing the others (`iop serve`).
/// The catalogue-wide rules run on every call.
pub fn check_with(
    sources: &Sources,
    history: &History,
    memo: Option<&crate::incremental::CheckMemo>,
) -> (Option<Catalogue>, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(sources.problems.0.iter().cloned());
    let read = match memo {
        Some(memo) => memo.vocabulary(sources, || read_vocabulary(sources)),
        None => Arc::new(read_vocabulary(sources)),
    };
    diagnostics.extend(read.diagnostics.0.iter().cloned());
    let (vocabulary, organisationer) = (&read.vocabulary, &read.organisationer);
    let known = Known {
        vocabulary,
        fokus_file: &sources.fokusomraden.path,
        kallor_file: &sources.kallor.path,
        organisationer,
        history,
        kind: FileKind::new(schema::partnerskap_schema()),
        unchecked: Default::default(),
    };
    // A file that refers to a broken list or organisation counts in
    // `unchecked`, which the memo does not keep: then every file is checked.
    let file_memo = memo
        .filter(|_| {
            vocabulary.broken_lists.is_empty()
                && organisationer.len() == sources.organisationer.len()
        })
        .map(|memo| memo.for_sources(sources));
    // Each file on its own: on every core.
    let check_file = |file: &Arc<crate::load::SourceFile>| {
        let mut problems = FileProblems::new(file);
        let p = partnerskap(file, &known, &mut problems);
        (p.map(Arc::new), problems.diagnostics)
    };
    let checked = match &file_memo {
        Some(memo) => memo.check_all(&sources.partnerskap, history, check_file),
        None => Arc::new(sources.partnerskap.par_iter().map(check_file).collect()),
    };
    let mut partnerskap = Vec::with_capacity(checked.len());
    for (p, found) in checked.iter() {
        diagnostics.extend(found.iter().cloned());
        partnerskap.extend(p.iter().cloned());
    }
    // A broken file that partnerships refer to is reported once, with how
    // many partnerships it kept from being checked in full.
    for (file, n) in known
        .unchecked
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
    {
        diagnostics.push(
            Diagnostic::warning(
                &file,
                format!(
                    "{n} partnerskap hänvisar till filen och kunde inte kontrolleras helt förrän felet i den är rättat"
                ),
            )
            .hint("rätta felet i filen och kör `iop check` igen"),
        );
    }
    check_katalog(
        sources,
        &partnerskap,
        organisationer,
        partnerskap.len() == sources.partnerskap.len(),
        memo.map(|m| &m.katalog),
        &mut diagnostics,
    );
    let diagnostics = diagnostics.sorted();
    let catalogue = (!diagnostics.has_errors()).then_some(Catalogue {
        partnerskap,
        organisationer: organisationer.clone(),
        fokusomraden: vocabulary.fokusomraden.clone(),
        kallor: vocabulary.kallor.clone(),
    });
    (catalogue, diagnostics)
}

/// What entries may refer to, read with the checker's own rules even when
/// some files are broken; for `iop new`, which must agree with the check.
pub fn vocabulary(sources: &Sources) -> Vocabulary {
    let mut vocabulary = read_vocabulary(sources).vocabulary;
    // The addresses taken, which the check itself does not need.
    for file in &sources.partnerskap {
        vocabulary
            .adresser
            .insert(file.stem.clone(), file.path.clone());
        let Ok(document) = file.document() else {
            continue;
        };
        for alias in document
            .value
            .get("alias")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(serde_json::Value::as_str)
        {
            vocabulary
                .adresser
                .entry(alias.to_owned())
                .or_insert_with(|| file.path.clone());
        }
    }
    vocabulary
}

/// The lists and the organisations, checked: what partnerships are
/// checked against, and the organisations of the catalogue.
pub struct Read {
    pub vocabulary: Vocabulary,
    pub organisationer: Vec<Organisation>,
    /// What is wrong in those files.
    pub diagnostics: Diagnostics,
}

/// Checks the lists and the organisations.
fn read_vocabulary(sources: &Sources) -> Read {
    let mut diagnostics = Diagnostics::default();
    let (fokusomraden, broken_fokus) = fokusomraden(&sources.fokusomraden, &mut diagnostics);
    let (kallor, broken_kallor) = kallor(&sources.kallor, &mut diagnostics);
    let (organisationer, broken) = organisationer(&sources.organisationer, &mut diagnostics);
    let mut vocabulary = Vocabulary::default();
    vocabulary.fokusomraden = fokusomraden;
    vocabulary.kallor = kallor;
    vocabulary.broken_lists = broken_fokus
        .into_iter()
        .chain(broken_kallor)
        .map(|b| b.file)
        .collect();
    for o in &organisationer {
        vocabulary.add(Namn {
            namn: o.namn.clone(),
            alias: o.alias.clone(),
            fil: o.fil.clone(),
            broken: false,
        });
    }
    for namn in broken {
        vocabulary.add(namn);
    }
    Read {
        vocabulary,
        organisationer,
        diagnostics,
    }
}

/// A kind of content file: its JSON Schema, and the validator compiled from
/// it once for all files of the kind.
struct FileKind {
    schema: serde_json::Value,
    validator: jsonschema::Validator,
}

impl FileKind {
    fn new(schema: schemars::Schema) -> FileKind {
        let schema = serde_json::to_value(schema).expect("schema is JSON");
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("our own schema compiles");
        FileKind { schema, validator }
    }
}
