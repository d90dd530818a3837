//! Parse: one file's YAML read into values, checked against its JSON Schema
//! and the rules every value follows, with each problem placed at its text.

use std::collections::HashSet;

use serde::de::DeserializeOwned;

use super::FileKind;
use super::schema_errors::explain;
use crate::diagnostic::Diagnostic;
use crate::load::SourceFile;
use serde_json::Value;

use crate::locate::{Locations, Place, escape};
use crate::model::*;
use crate::schema::TILLS_VIDARE;
use crate::text::{is_hidden, slugify};
use crate::yaml::{Document, Failure};

/// Collects the problems of one file, placing each at its text.
pub(super) struct FileProblems<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The pointers of the errors reported, in order.
    pub(super) pointers: Vec<String>,
    /// The top-level keys left out of the value `parse` returned because
    /// they have errors: checks that need them are skipped, so that one
    /// error is not reported again as another.
    pub(super) pruned: HashSet<String>,
}

impl<'a> FileProblems<'a> {
    pub(super) fn new(file: &'a SourceFile) -> FileProblems<'a> {
        FileProblems {
            file,
            diagnostics: Vec::new(),
            pointers: Vec::new(),
            pruned: HashSet::new(),
        }
    }

    /// Where the file's keys and values are. Read (the file's YAML parsed)
    /// only when a message is placed: a rule that finds nothing in a file
    /// never parses it, which matters when `iop serve` reuses its check.
    fn at(&self) -> &'a Locations {
        match self.file.document() {
            Ok(document) => &document.at,
            Err(failure) => &failure.at,
        }
    }

    pub(super) fn place(&self, d: Diagnostic, pointer: &str, key: bool) -> Diagnostic {
        let place = if key {
            self.at().key(pointer)
        } else {
            self.at().value(pointer)
        };
        match place {
            Some(p) => d.at(&self.file.text, p.line, p.column, p.length),
            None => d,
        }
    }

    pub(super) fn error(
        &mut self,
        pointer: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::error(&self.file.path, message);
        d.hint = hint;
        let d = self.place(d, pointer, false);
        self.diagnostics.push(d);
        self.pointers.push(pointer.to_owned());
    }

    pub(super) fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Fel)
    }

    pub(super) fn warning(
        &mut self,
        pointer: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::warning(&self.file.path, message);
        d.hint = hint;
        let d = self.place(d, pointer, false);
        self.diagnostics.push(d);
    }

    /// Parses the YAML as `T`: schema errors first (all of them), then serde.
    /// A document whose top is a mapping is returned even when some of its
    /// keys have errors, without those keys (a required one as empty), so
    /// that the rest of the file is still checked; see `pruned`.
    pub(super) fn parse<T: DeserializeOwned>(&mut self, kind: &FileKind) -> Option<T> {
        let json = match self.file.document() {
            Ok(Document {
                value: Value::Null, ..
            }) => Value::Object(Default::default()),
            Ok(document) => document.value.clone(),
            Err(failure) => {
                self.yaml_error(failure);
                return None;
            }
        };
        let before = self.diagnostics.len();
        let first_pointer = self.pointers.len();
        self.check_values("", &json);
        for error in kind.validator.iter_errors(&json) {
            let pointer = error.instance_path().to_string();
            let (pointer, message, hint, key) =
                explain(&pointer, error.kind(), &json, &kind.schema);
            let d = Diagnostic::error(&self.file.path, message);
            let d = Diagnostic { hint, ..d };
            let d = self.place(d, &pointer, key);
            // A value check_values has reported (an empty 'namn', a date
            // that is no date) is not reported again.
            let said = |e: &Diagnostic| {
                (e.line, e.column, &e.message) == (d.line, d.column, &d.message)
                    || (e.line, e.column) == (d.line, d.column) && d.line > 0 && !key
            };
            if !self.diagnostics[before..].iter().any(said) {
                self.diagnostics.push(d);
            }
            self.pointers.push(pointer);
        }
        if self.diagnostics.len() == before {
            return match serde_json::from_value(json) {
                Ok(parsed) => Some(parsed),
                Err(e) => {
                    self.serde_error(&e);
                    None
                }
            };
        }
        // Leave out every top-level key with an error, and read the rest.
        let Value::Object(mut object) = json else {
            return None;
        };
        for pointer in &self.pointers[first_pointer..] {
            let top = pointer.split('/').nth(1).unwrap_or_default();
            let top = top.replace("~1", "/").replace("~0", "~");
            if object.remove(&top).is_some() {
                self.pruned.insert(top);
            }
        }
        let required = kind.schema["required"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for key in required.iter().filter_map(|k| k.as_str()) {
            if !object.contains_key(key) {
                let empty = match kind.schema["properties"][key]["type"].as_str() {
                    Some("array") => serde_json::Value::Array(Vec::new()),
                    _ => serde_json::Value::String(String::new()),
                };
                object.insert(key.to_owned(), empty);
                self.pruned.insert(key.to_owned());
            }
        }
        serde_json::from_value(serde_json::Value::Object(object)).ok()
    }

    /// What the schema cannot say about every value: no text is blank or
    /// hides control characters (which could rewrite a terminal or a CI log
    /// that shows it), no item of a list in the open data's CSV files holds
    /// the '|' that separates them, every web address has a host, and every
    /// number is written in plain digits (YAML would read 0x7E7 as 2023).
    pub(super) fn check_values(&mut self, pointer: &str, value: &Value) {
        // The key the value belongs to: "alias" for "/alias/0".
        let field = pointer
            .rsplit('/')
            .find(|t| t.parse::<usize>().is_err())
            .unwrap_or_default()
            .replace("~1", "/")
            .replace("~0", "~");
        let in_list = pointer
            .rsplit('/')
            .next()
            .is_some_and(|t| t.parse::<usize>().is_ok());
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    self.check_values(&format!("{pointer}/{}", escape(key)), child);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    self.check_values(&format!("{pointer}/{i}"), child);
                }
            }
            Value::String(text) => {
                // Descriptions in the lists may run over several lines.
                let multiline = field == "beskrivning";
                if let Some(c) = text
                    .chars()
                    .find(|&c| is_hidden(c) && c != '\t' && !(multiline && c == '\n'))
                {
                    self.error(
                        pointer,
                        format!(
                            "'{field}' innehåller ett osynligt styrtecken (U+{:04X})",
                            u32::from(c)
                        ),
                        Some("ta bort tecknet: skriv om texten, eller kopiera den från en källa utan radbrytningar och specialtecken".to_owned()),
                    );
                } else if is_blank(text) {
                    self.error(
                        pointer,
                        if in_list {
                            format!("'{field}' har ett tomt värde")
                        } else {
                            format!("'{field}' får inte vara tom")
                        },
                        Some(if in_list {
                            "ta bort det tomma värdet ur listan".to_owned()
                        } else {
                            format!("skriv en text, eller ta bort '{field}' om den inte behövs")
                        }),
                    );
                } else if is_date_field(pointer)
                    && let Some((message, hint)) = date_problem(pointer, text)
                {
                    self.error(pointer, message, Some(hint));
                } else if text.contains('|')
                    && crate::render::data::is_list_item(&self.file.path, pointer)
                {
                    self.error(
                        pointer,
                        format!(
                            "'{field}' innehåller '|', som i de öppna data skiljer värdena i en lista"
                        ),
                        Some("skriv ett annat tecken i stället för '|', t.ex. '–' eller ','".to_owned()),
                    );
                } else if matches!(field.as_str(), "url" | "webbplats")
                    && (text.starts_with("http://") || text.starts_with("https://"))
                    && let Err(why) = crate::config::web_address(text, false)
                {
                    self.error(
                        pointer,
                        why,
                        Some("kopiera hela adressen från webbläsarens adressfält".to_owned()),
                    );
                }
            }
            Value::Number(number) => {
                let raw = self.raw(pointer);
                if let Some(raw) = raw.filter(|r| !r.bytes().all(|b| b.is_ascii_digit())) {
                    self.error(
                        pointer,
                        format!("'{raw}' är inget tal skrivet med vanliga siffror"),
                        Some(if is_date_field(pointer) {
                            "skriv året med fyra siffror, t.ex. 2023, eller ett datum som 2023-04-01".to_owned()
                        } else {
                            "skriv talet med siffrorna 0–9, eller sätt texten inom citattecken".to_owned()
                        }),
                    );
                } else if is_date_field(pointer)
                    && let Some((message, hint)) = date_problem(pointer, &number.to_string())
                {
                    self.error(pointer, message, Some(hint));
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
    }

    /// The text of the value at `pointer` as written in the file.
    pub(super) fn raw(&self, pointer: &str) -> Option<String> {
        let place = self.at().value(pointer)?;
        let line = self.file.text.lines().nth(place.line.checked_sub(1)?)?;
        Some(
            line.chars()
                .skip(place.column.saturating_sub(1))
                .take(place.length)
                .collect(),
        )
    }

    pub(super) fn yaml_error(&mut self, failure: &Failure) {
        let why = crate::explain::yaml_error(failure);
        self.push_explained(why.message, why.hint, why.place);
    }

    /// A value of the right shape for the schema that serde still would not
    /// read (a rule only the types know, such as a date's calendar).
    fn serde_error(&mut self, e: &serde_json::Error) {
        let (message, hint) = crate::explain::serde_error(&e.to_string());
        self.push_explained(message, hint, None);
    }

    fn push_explained(&mut self, message: String, hint: String, place: Option<Place>) {
        let mut d = Diagnostic::error(&self.file.path, message).hint(hint);
        if let Some(p) = place {
            d = d.at(&self.file.text, p.line, p.column, p.length);
        }
        self.diagnostics.push(d);
    }
}

/// The forms a date may take, as a hint.
pub(super) fn date_forms(pointer: &str) -> &'static str {
    if pointer == "/slut" {
        "skriv ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD eller 'tills vidare'"
    } else {
        "skriv ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD, t.ex. 2023-04-01"
    }
}

/// What is wrong with the date `text` at `pointer`, if anything: the rule
/// it breaks (years 1900–2199, months 01–12, a day in the calendar) or the
/// forms a date can take.
pub(super) fn date_problem(pointer: &str, text: &str) -> Option<(String, String)> {
    if pointer == "/slut" && text.trim().eq_ignore_ascii_case(TILLS_VIDARE) {
        return None;
    }
    let message = Datum::parse(text).err()?;
    Some(match message.split_once(" — ") {
        Some(_) if message.contains("giltigt") => (message, date_forms(pointer).to_owned()),
        Some((short, _)) => (short.to_owned(), date_forms(pointer).to_owned()),
        None => (message, date_forms(pointer).to_owned()),
    })
}

/// Empty to a reader: only spaces, including no-break and zero-width ones.
pub(super) fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
            )
    })
}

pub(super) fn is_date_field(pointer: &str) -> bool {
    [
        "/start",
        "/slut",
        "/avslutad",
        "/bekräftad",
        "/förlängningar/",
    ]
    .iter()
    .any(|p| pointer == *p || (p.ends_with('/') && pointer.starts_with(p)))
        || pointer.ends_with("/datum")
        || pointer.ends_with("/läst")
}

/// The longest id or alias: each is a folder name in the built site
/// (/fokus/<id>/), and file systems allow 255 bytes.
pub(super) const MAX_ID: usize = 100;

/// Reports an id or alias longer than [`MAX_ID`]; true if it is.
pub(super) fn too_long(problems: &mut FileProblems, pointer: &str, what: &str, id: &str) -> bool {
    let length = id.chars().count();
    if length > MAX_ID {
        problems.error(
            pointer,
            format!("{what} är för långt ({length} tecken); det får vara högst {MAX_ID} tecken"),
            Some(
                "det blir en del av en adress på webbplatsen: välj några korta ord med bindestreck"
                    .to_owned(),
            ),
        );
    }
    length > MAX_ID
}

pub(super) fn check_slug(problems: &mut FileProblems, stem: &str) {
    let wanted = slugify(stem);
    if wanted != stem {
        let d = Diagnostic::error(
            &problems.file.path,
            format!("filnamnet '{stem}' går inte att använda i en adress"),
        )
        .hint(format!(
            "filnamnet blir sidans permanenta adress: använd små bokstäver a–z, siffror och bindestreck, t.ex. '{wanted}.md'"
        ));
        problems.diagnostics.push(d);
    }
}
