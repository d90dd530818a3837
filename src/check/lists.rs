//! The lists entries refer to: content/fokusomraden.yaml and content/kallor.yaml.

use std::collections::HashMap;

use super::FileKind;
use super::file::{FileProblems, too_long};
use crate::diagnostic::Diagnostics;
use crate::load::SourceFile;
use crate::model::*;
use crate::schema::{self, FokusomradeFil, KallaFil};

/// The focus areas, and when content/fokusomraden.yaml has errors, the ids
/// written in it: partnerships naming those are not blamed for the file's
/// error.
pub(super) fn fokusomraden(
    file: &SourceFile,
    diagnostics: &mut Diagnostics,
) -> (Vec<Fokusomrade>, Option<Broken>) {
    let mut problems = FileProblems::new(file);
    let parsed: Option<Vec<FokusomradeFil>> =
        problems.parse(&FileKind::new(schema::fokusomraden_schema()));
    let unreadable = parsed.is_none();
    let parsed = parsed.unwrap_or_default();
    let mut seen = HashMap::new();
    for (i, f) in parsed.iter().enumerate() {
        too_long(&mut problems, &format!("/{i}/id"), "id:t", &f.id);
        if let Some(first) = seen.insert(f.id.clone(), i) {
            problems.error(
                &format!("/{i}/id"),
                format!("fokusområdet '{}' finns redan (post {})", f.id, first + 1),
                Some("varje id får bara förekomma en gång".to_owned()),
            );
        }
    }
    // Any error in the list (a doubled or misspelt id) may be why an id a
    // partnership names is missing.
    let broken = (unreadable || problems.has_errors()).then(|| Broken {
        file: file.path.clone(),
    });
    diagnostics.extend(problems.diagnostics);
    let fokusomraden = parsed
        .into_iter()
        .map(|f| Fokusomrade {
            id: f.id,
            namn: f.namn,
            beskrivning: f.beskrivning,
        })
        .collect();
    (fokusomraden, broken)
}

/// A list of ids (content/fokusomraden.yaml, content/kallor.yaml) that
/// has errors. Partnerships are not checked against it: any id they name
/// may be the one the error hides.
pub(super) struct Broken {
    pub(super) file: std::path::PathBuf,
}

/// The named sources, and the ids written in content/kallor.yaml when it has
/// errors: partnerships citing those are not blamed for the file's error.
pub(super) fn kallor(
    file: &SourceFile,
    diagnostics: &mut Diagnostics,
) -> (Vec<Kalla>, Option<Broken>) {
    let mut problems = FileProblems::new(file);
    let parsed: Option<Vec<KallaFil>> = problems.parse(&FileKind::new(schema::kallor_schema()));
    let unreadable = parsed.is_none();
    let parsed = parsed.unwrap_or_default();
    let mut seen = HashMap::new();
    for (i, k) in parsed.iter().enumerate() {
        too_long(&mut problems, &format!("/{i}/id"), "id:t", &k.id);
        if seen.insert(k.id.clone(), i).is_some() {
            problems.error(
                &format!("/{i}/id"),
                format!("källan '{}' finns redan", k.id),
                Some("varje id får bara förekomma en gång".to_owned()),
            );
        }
    }
    let broken = (unreadable || problems.has_errors()).then(|| Broken {
        file: file.path.clone(),
    });
    diagnostics.extend(problems.diagnostics);
    let kallor = parsed
        .into_iter()
        .filter_map(|k| kalla(Some(k.id), k.titel, k.url, k.datum, k.last))
        .collect();
    (kallor, broken)
}

/// A source in the model; the schema has made sure exactly one of the
/// publication date and the read date is given.
pub(super) fn kalla(
    id: Option<String>,
    titel: String,
    url: String,
    datum: Option<schema::Datum>,
    last: Option<schema::Datum>,
) -> Option<Kalla> {
    let (datum, publicerad) = match (datum, last) {
        (Some(d), None) => (d, true),
        (None, Some(d)) => (d, false),
        _ => return None,
    };
    Some(Kalla {
        id,
        titel,
        url,
        datum,
        publicerad,
    })
}
