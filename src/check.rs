//! Validate: turns the loaded files into the model, reporting every problem
//! of every file in one run. A file is first checked against the JSON Schema
//! of its kind (all shape errors at once: unknown keys, wrong types, missing
//! keys), then read with serde, then its references and dates are checked.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use jsonschema::error::ValidationErrorKind;
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::history::History;
use crate::load::{SourceFile, Sources};
use crate::locate::{Locations, escape};
use crate::markdown;
use crate::model::*;
use crate::reference::{GOTLAND_LANSKOD, reference};
use crate::schema::{
    self, FokusomradeFil, KallaFil, OrganisationFil, PartnerskapFil, TILLS_VIDARE,
};
use crate::text::{fold, name_key, slugify, suggest};
use crate::vocabulary::{Namn, Vocabulary};

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
    let (vocabulary, organisationer) = read_vocabulary(sources, &mut diagnostics);
    let known = Known {
        vocabulary: &vocabulary,
        fokus_file: &sources.fokusomraden.path,
        kallor_file: &sources.kallor.path,
        organisationer: &organisationer,
        history,
        kind: FileKind::new(schema::partnerskap_schema()),
        unchecked: Default::default(),
    };
    // A file that refers to a broken list or organisation counts in
    // `unchecked`, which the memo does not keep: then every file is checked.
    let memo = memo
        .filter(|_| {
            vocabulary.broken_lists.is_empty()
                && organisationer.len() == sources.organisationer.len()
        })
        .map(|memo| memo.for_sources(sources));
    let partnerskap: Vec<Partnerskap> = sources
        .partnerskap
        .iter()
        .filter_map(|file| {
            let check_file = || {
                let mut problems = FileProblems::new(file);
                let p = partnerskap(file, &known, &mut problems);
                (p, problems.diagnostics)
            };
            let (p, found) = match &memo {
                Some(memo) => memo.check(file, history, check_file),
                None => check_file(),
            };
            diagnostics.extend(found);
            p
        })
        .collect();
    // A broken file that partnerships refer to is reported once, with how
    // many partnerships it kept from being checked in full.
    for (file, n) in known.unchecked.take() {
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
    check_collisions(sources, &partnerskap, &mut diagnostics);
    check_duplicates(&partnerskap, &organisationer, &mut diagnostics);
    // A partnership with errors (or one that could not be read) is missing
    // from the list, and one naming a broken organisation misses it, so
    // organisations would look unused: only judge a catalogue without errors.
    if partnerskap.len() == sources.partnerskap.len() && !diagnostics.has_errors() {
        check_unused_organisations(&organisationer, &partnerskap, &mut diagnostics);
    }
    let diagnostics = diagnostics.sorted();
    let catalogue = (!diagnostics.has_errors()).then_some(Catalogue {
        partnerskap,
        organisationer,
        fokusomraden: vocabulary.fokusomraden,
        kallor: vocabulary.kallor,
    });
    (catalogue, diagnostics)
}

/// What entries may refer to, read with the checker's own rules even when
/// some files are broken; for `iop new`, which must agree with the check.
pub fn vocabulary(sources: &Sources) -> Vocabulary {
    let mut vocabulary = read_vocabulary(sources, &mut Diagnostics::default()).0;
    // The addresses taken, which the check itself does not need: it would
    // otherwise parse every partnership's YAML a second time.
    for file in &sources.partnerskap {
        vocabulary
            .adresser
            .insert(file.stem.clone(), file.path.clone());
        let yaml: serde_yaml::Value = serde_yaml::from_str(&file.yaml).unwrap_or_default();
        for alias in yaml
            .get("alias")
            .and_then(|a| a.as_sequence())
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str())
        {
            vocabulary
                .adresser
                .entry(alias.to_owned())
                .or_insert_with(|| file.path.clone());
        }
    }
    vocabulary
}

/// Checks the lists and the organisations: the vocabulary the partnerships
/// are checked against, and the organisations of the catalogue.
fn read_vocabulary(
    sources: &Sources,
    diagnostics: &mut Diagnostics,
) -> (Vocabulary, Vec<Organisation>) {
    let (fokusomraden, broken_fokus) = fokusomraden(&sources.fokusomraden, diagnostics);
    let (kallor, broken_kallor) = kallor(&sources.kallor, diagnostics);
    let (organisationer, broken) = organisationer(&sources.organisationer, diagnostics);
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
    (vocabulary, organisationer)
}

/// Collects the problems of one file, placing each at its text.
struct FileProblems<'a> {
    file: &'a SourceFile,
    at: Locations,
    diagnostics: Vec<Diagnostic>,
    /// The pointers of the errors reported, in order.
    pointers: Vec<String>,
    /// The top-level keys left out of the value `parse` returned because
    /// they have errors: checks that need them are skipped, so that one
    /// error is not reported again as another.
    pruned: HashSet<String>,
}

impl<'a> FileProblems<'a> {
    fn new(file: &'a SourceFile) -> FileProblems<'a> {
        FileProblems {
            file,
            at: Locations::of(&file.yaml, file.yaml_line),
            diagnostics: Vec::new(),
            pointers: Vec::new(),
            pruned: HashSet::new(),
        }
    }

    fn place(&self, d: Diagnostic, pointer: &str, key: bool) -> Diagnostic {
        let place = if key {
            self.at.key(pointer)
        } else {
            self.at.value(pointer)
        };
        match place {
            Some(p) => d.at(&self.file.text, p.line, p.column, p.length),
            None => d,
        }
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>, hint: Option<String>) {
        let mut d = Diagnostic::error(&self.file.path, message);
        d.hint = hint;
        let d = self.place(d, pointer, false);
        self.diagnostics.push(d);
        self.pointers.push(pointer.to_owned());
    }

    fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Fel)
    }

    fn warning(&mut self, pointer: &str, message: impl Into<String>, hint: Option<String>) {
        let mut d = Diagnostic::warning(&self.file.path, message);
        d.hint = hint;
        let d = self.place(d, pointer, false);
        self.diagnostics.push(d);
    }

    /// Parses the YAML as `T`: schema errors first (all of them), then serde.
    /// A document whose top is a mapping is returned even when some of its
    /// keys have errors, without those keys (a required one as empty), so
    /// that the rest of the file is still checked; see `pruned`.
    fn parse<T: DeserializeOwned>(&mut self, kind: &FileKind) -> Option<T> {
        let value: serde_yaml::Value = match serde_yaml::from_str(&self.file.yaml) {
            Ok(serde_yaml::Value::Null) => serde_yaml::Value::Mapping(Default::default()),
            Ok(value) => value,
            Err(e) => {
                self.yaml_error(&e);
                return None;
            }
        };
        let json = match serde_json::to_value(&value) {
            Ok(json) => json,
            Err(_) => {
                // The only value YAML has and JSON has not: a key that is
                // no text (`~:`, `? [a, b]`).
                let mut d = Diagnostic::error(
                    &self.file.path,
                    format!("{}en nyckel som inte är en text", crate::explain::PREFIX),
                )
                .hint("skriv nyckeln med bokstäver före kolonet, t.ex. namn: …; ~ och null betyder 'inget' i YAML");
                if let Some(p) = self.at.odd_key {
                    d = d.at(&self.file.text, p.line, p.column, p.length);
                }
                self.diagnostics.push(d);
                return None;
            }
        };
        let before = self.diagnostics.len();
        let first_pointer = self.pointers.len();
        self.check_values("", &value);
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
            return match serde_yaml::from_str(&self.file.yaml) {
                Ok(parsed) => Some(parsed),
                Err(e) => {
                    self.yaml_error(&e);
                    None
                }
            };
        }
        // Leave out every top-level key with an error, and read the rest.
        let serde_json::Value::Object(mut object) = json else {
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
    /// that shows it), every web address has a host, and every number is
    /// written in plain digits (YAML would read 0x7E7 as 2023).
    fn check_values(&mut self, pointer: &str, value: &serde_yaml::Value) {
        use serde_yaml::Value;
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
            Value::Mapping(map) => {
                for (key, child) in map {
                    if let Some(key) = key.as_str() {
                        self.check_values(&format!("{pointer}/{}", escape(key)), child);
                    }
                }
            }
            Value::Sequence(items) => {
                for (i, child) in items.iter().enumerate() {
                    self.check_values(&format!("{pointer}/{i}"), child);
                }
            }
            Value::Tagged(tagged) => self.check_values(pointer, &tagged.value),
            Value::String(text) => {
                // Descriptions in the lists may run over several lines.
                let multiline = field == "beskrivning";
                if let Some(c) = text
                    .chars()
                    .find(|&c| c.is_control() && c != '\t' && !(multiline && c == '\n'))
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
    fn raw(&self, pointer: &str) -> Option<String> {
        let place = self.at.value(pointer)?;
        let line = self.file.text.lines().nth(place.line.checked_sub(1)?)?;
        Some(
            line.chars()
                .skip(place.column.saturating_sub(1))
                .take(place.length)
                .collect(),
        )
    }

    fn yaml_error(&mut self, e: &serde_yaml::Error) {
        let why = crate::explain::yaml_error(e, &self.file.yaml, self.file.yaml_line, &self.at);
        let mut d = Diagnostic::error(&self.file.path, why.message).hint(why.hint);
        if let Some(p) = why.place {
            d = d.at(&self.file.text, p.line, p.column, p.length);
        }
        self.diagnostics.push(d);
    }
}

/// A Swedish message and hint for one schema error. Returns the pointer to
/// place it at and whether to underline the key rather than the value.
fn explain(
    pointer: &str,
    kind: &ValidationErrorKind,
    document: &serde_json::Value,
    schema: &serde_json::Value,
) -> (String, String, Option<String>, bool) {
    let field = pointer.rsplit('/').next().unwrap_or_default().to_owned();
    match kind {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let key = unexpected.first().cloned().unwrap_or_default();
            let known = known_keys(pointer, schema);
            let hint = match suggest(&key, known.iter().map(String::as_str)) {
                Some(s) => format!("menade du '{s}'? En okänd nyckel skulle annars tappa data"),
                None => format!("tillåtna nycklar här: {}", known.join(", ")),
            };
            (
                format!("{pointer}/{}", escape(&key)),
                format!("okänd nyckel '{key}'"),
                Some(hint),
                true,
            )
        }
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default().to_owned();
            (
                pointer.to_owned(),
                format!("nyckeln '{property}' saknas"),
                Some(required_hint(&property)),
                true,
            )
        }
        ValidationErrorKind::OneOfMultipleValid { .. } | ValidationErrorKind::OneOfNotValid { .. }
            if pointer.starts_with("/offentliga_parter/") =>
        {
            (
                pointer.to_owned(),
                "en offentlig part ska ange exakt en av 'kommun' och 'region'".to_owned(),
                Some("skriv t.ex. '- kommun: Malmö' eller '- region: Region Skåne', och en post per part".to_owned()),
                false,
            )
        }
        ValidationErrorKind::AnyOf { .. } if pointer.starts_with("/källor/") => {
            match document.pointer(pointer).and_then(|v| v.as_object()) {
                Some(source) => source_problem(pointer, source),
                None => (
                    pointer.to_owned(),
                    "en källa ska vara ett id ur content/kallor.yaml eller { titel: …, url: …, datum: … }".to_owned(),
                    Some(format!("t.ex. källor: [famna-fremia-2023] eller {SOURCE_EXAMPLE}")),
                    false,
                ),
            }
        }
        ValidationErrorKind::OneOfMultipleValid { .. } | ValidationErrorKind::OneOfNotValid { .. }
            if document
                .pointer(pointer)
                .and_then(|v| v.as_object())
                .is_some_and(|o| o.contains_key("url")) =>
        {
            source_problem(pointer, document.pointer(pointer).and_then(|v| v.as_object()).expect("checked"))
        }
        ValidationErrorKind::MinItems { limit } => (
            pointer.to_owned(),
            match limit {
                1 => format!("'{field}' får inte vara tom"),
                n => format!("'{field}' behöver minst {n} värden"),
            },
            Some(required_hint(&field)),
            true,
        ),
        ValidationErrorKind::MaxItems { limit } => (
            pointer.to_owned(),
            format!("'{field}' får ha högst {limit} värden"),
            Some("välj de viktigaste".to_owned()),
            true,
        ),
        ValidationErrorKind::MinLength { .. } => (
            pointer.to_owned(),
            format!("'{field}' får inte vara tom"),
            None,
            false,
        ),
        ValidationErrorKind::Pattern { .. } if matches!(field.as_str(), "url" | "webbplats") => (
            pointer.to_owned(),
            "adressen ska börja med http:// eller https://".to_owned(),
            Some("kopiera hela adressen från webbläsarens adressfält".to_owned()),
            false,
        ),
        _ if is_date_field(pointer) => {
            let text = value_text(document, pointer);
            let (message, hint) = date_problem(pointer, &text).unwrap_or_else(|| {
                (
                    format!("'{text}' är inget datum"),
                    date_forms(pointer).to_owned(),
                )
            });
            (pointer.to_owned(), message, Some(hint), false)
        }
        _ if document.pointer(pointer).is_some_and(|v| v.is_null()) => (
            pointer.to_owned(),
            match owner(pointer) {
                Some((list, i)) => format!("'{list}' har ett tomt värde (nr {})", i + 1),
                None => format!("'{field}' saknar värde"),
            },
            Some("skriv ett värde efter kolonet, eller ta bort raden".to_owned()),
            false,
        ),
        ValidationErrorKind::Type { kind } => {
            let found = describe(document.pointer(pointer));
            let message = match owner(pointer) {
                _ if pointer.is_empty() => {
                    format!("YAML-blocket ska bestå av nycklar med värden, men det är {found}")
                }
                Some((list, i)) => format!(
                    "värde nr {} i '{list}' har fel form: {}, men det är {found}",
                    i + 1,
                    type_name(kind)
                ),
                None => format!("'{field}' har fel form: {}, men det är {found}", type_name(kind)),
            };
            let hint = match owner(pointer) {
                _ if pointer.is_empty() => "varje rad ska vara 'nyckel: värde', t.ex. namn: Värmestuga Malmö".to_owned(),
                Some((list, _)) => type_hint(&list),
                None => type_hint(&field),
            };
            (pointer.to_owned(), message, Some(hint), false)
        }
        ValidationErrorKind::Pattern { .. } if field == "organisationsnummer" => (
            pointer.to_owned(),
            format!(
                "'{}' är inget organisationsnummer",
                value_text(document, pointer)
            ),
            Some("skriv tio siffror som NNNNNN-NNNN, t.ex. 802002-4280".to_owned()),
            false,
        ),
        ValidationErrorKind::Pattern { .. } if field == "id" => (
            pointer.to_owned(),
            format!(
                "id:t '{}' får bara innehålla små bokstäver a–z, siffror och bindestreck",
                value_text(document, pointer)
            ),
            Some(format!(
                "t.ex. '{}'; id:t blir en del av adresser och ändras inte",
                slugify(&value_text(document, pointer))
            )),
            false,
        ),
        // What remains: a value of the wrong form for its key (a list for
        // 'kommun', a mapping for 'organ'), said with what the key takes.
        _ => {
            let found = describe(document.pointer(pointer));
            let wanted = match field.as_str() {
                "kommun" => "ett namn eller en fyrsiffrig kommunkod",
                "region" => "ett namn eller en tvåsiffrig länskod",
                "organ" => "en text eller en lista med texter",
                _ => "ett annat slags värde",
            };
            let message = match owner(pointer) {
                Some((list, i)) => {
                    format!("värde nr {} i '{list}' har fel form: det är {found}", i + 1)
                }
                None => format!("'{field}' har fel form: väntade {wanted}, men det är {found}"),
            };
            let hint = match described(pointer, schema) {
                Some(description) => format!("'{field}': {description}"),
                None => type_hint(&field),
            };
            (pointer.to_owned(), message, Some(hint), false)
        }
    }
}

/// For a value in a list ("/fokusområden/1"): the list's key and the index.
fn owner(pointer: &str) -> Option<(String, usize)> {
    let (parent, last) = pointer.rsplit_once('/')?;
    let i = last.parse().ok()?;
    let list = parent
        .rsplit('/')
        .next()?
        .replace("~1", "/")
        .replace("~0", "~");
    Some((list, i))
}

/// What kind of value is at a place, in Swedish ("en lista").
fn describe(value: Option<&serde_json::Value>) -> &'static str {
    use serde_json::Value;
    match value {
        None | Some(Value::Null) => "tomt",
        Some(Value::Bool(_)) => "ja eller nej (true/false)",
        Some(Value::Number(_)) => "ett tal",
        Some(Value::String(_)) => "en text",
        Some(Value::Array(_)) => "en lista",
        Some(Value::Object(_)) => "nycklar med värden",
    }
}

/// The schema's own (Swedish) description of the key at `pointer`.
fn described(pointer: &str, schema: &serde_json::Value) -> Option<String> {
    let (parent, key) = pointer.rsplit_once('/')?;
    let key = key.replace("~1", "/").replace("~0", "~");
    let properties = properties_at(parent, schema);
    let node = properties.get(&key)?;
    let node = match node["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        Some(name) if node.get("description").is_none() => &schema["$defs"][name],
        _ => node,
    };
    node["description"].as_str().map(str::to_owned)
}

/// The forms a date may take, as a hint.
fn date_forms(pointer: &str) -> &'static str {
    if pointer == "/slut" {
        "skriv ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD eller 'tills vidare'"
    } else {
        "skriv ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD, t.ex. 2023-04-01"
    }
}

/// What is wrong with the date `text` at `pointer`, if anything: the rule
/// it breaks (years 1900–2199, months 01–12, a day in the calendar) or the
/// forms a date can take.
fn date_problem(pointer: &str, text: &str) -> Option<(String, String)> {
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

const SOURCE_EXAMPLE: &str = "- { titel: \"Nytt IOP med kvinnojouren (Malmö stad)\", url: \"https://…\", datum: 2024-05-02 }";

/// What is wrong with a source written as an object: the first missing or
/// doubled key, so the editor learns exactly what to add.
fn source_problem(
    pointer: &str,
    source: &serde_json::Map<String, serde_json::Value>,
) -> (String, String, Option<String>, bool) {
    let has = |k: &str| source.contains_key(k);
    let missing = ["titel", "url"].into_iter().find(|k| !has(k));
    match (missing, has("datum"), has("läst")) {
        (Some(key), _, _) => (
            pointer.to_owned(),
            format!("källan saknar '{key}'"),
            Some(format!("en källa har titel, url och datum, t.ex. {SOURCE_EXAMPLE}")),
            false,
        ),
        (None, false, false) => (
            pointer.to_owned(),
            "källan saknar datum".to_owned(),
            Some("skriv datum: ÅÅÅÅ-MM-DD, dagen då källan publicerades; saknar sidan datum, skriv läst: ÅÅÅÅ-MM-DD, dagen du läste den".to_owned()),
            false,
        ),
        (None, true, true) => (
            format!("{pointer}/läst"),
            "källan har både 'datum' och 'läst'".to_owned(),
            Some("behåll datum om källan har ett publiceringsdatum, annars läst".to_owned()),
            true,
        ),
        (None, _, _) => {
            let text = |k: &str| match source.get(k) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            let bad_date = ["datum", "läst"]
                .into_iter()
                .filter(|k| has(k))
                .find_map(|k| Datum::parse(&text(k)).err().map(|e| (k, e)));
            let url = text("url");
            let host = url
                .split_once("://")
                .filter(|(scheme, _)| matches!(*scheme, "http" | "https"))
                .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or_default());
            let unknown = source
                .keys()
                .find(|k| !["titel", "url", "datum", "läst"].contains(&k.as_str()));
            if let Some((key, message)) = bad_date {
                (format!("{pointer}/{key}"), message, None, false)
            } else if host.is_none_or(|h| h.trim().is_empty()) {
                (
                    format!("{pointer}/url"),
                    "adressen ska börja med http:// eller https:// och ha ett värdnamn".to_owned(),
                    Some("kopiera hela adressen från webbläsarens adressfält".to_owned()),
                    false,
                )
            } else if let Some(key) = unknown {
                (
                    format!("{pointer}/{}", escape(key)),
                    format!("okänd nyckel '{key}' i källan"),
                    Some("en källa har nycklarna titel, url och datum (eller läst)".to_owned()),
                    true,
                )
            } else {
                (
                    pointer.to_owned(),
                    "källan har ett fel".to_owned(),
                    Some(format!("en källa har titel, url och datum, t.ex. {SOURCE_EXAMPLE}")),
                    false,
                )
            }
        }
    }
}

/// Empty to a reader: only spaces, including no-break and zero-width ones.
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
            )
    })
}

fn is_date_field(pointer: &str) -> bool {
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

fn value_text(document: &serde_json::Value, pointer: &str) -> String {
    match document.pointer(pointer) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn type_name(kind: &jsonschema::error::TypeKind) -> String {
    let expected = format!("{kind:?}").to_lowercase();
    let swedish = |t: &str| match t {
        "string" => "en text",
        "array" => "en lista",
        "object" => "nycklar med värden",
        "integer" | "number" => "ett tal",
        _ => "ett annat värde",
    };
    for t in ["array", "object", "string", "integer", "number"] {
        if expected.contains(t) {
            return format!("väntade {}", swedish(t));
        }
    }
    "värdet har fel typ".to_owned()
}

fn type_hint(field: &str) -> String {
    match field {
        "idéburna_parter" | "övriga_parter" | "fokusområden" | "källor" | "alias" | "förlängningar" => {
            format!("skriv en lista: {field}: [a, b] eller en rad per värde som börjar med '- '")
        }
        "offentliga_parter" => "skriv en lista med en rad '- kommun: …' eller '- region: …' per part".to_owned(),
        _ => "om texten innehåller ': ' eller börjar med ett specialtecken, sätt den inom citattecken".to_owned(),
    }
}

fn required_hint(property: &str) -> String {
    match property {
        "namn" => "ge partnerskapet ett namn: namn: …".to_owned(),
        "offentliga_parter" => "ange minst en kommun eller region, t.ex.\n    offentliga_parter:\n      - kommun: Malmö".to_owned(),
        "idéburna_parter" => "ange minst en idéburen organisation, t.ex. idéburna_parter: [Skåne Stadsmission]".to_owned(),
        "fokusområden" => format!("ange ett till tre fokusområden, t.ex. fokusområden: [hemloshet]; se {}", crate::load::FOKUSOMRADEN_FILE),
        "källor" => "ange varifrån uppgifterna kommer: ett id i content/kallor.yaml eller { titel: …, url: …, datum: … }".to_owned(),
        other => format!("lägg till '{other}'"),
    }
}

/// The keys the schema allows for the object at `pointer`, for suggestions.
fn known_keys(pointer: &str, schema: &serde_json::Value) -> Vec<String> {
    properties_at(pointer, schema).keys().cloned().collect()
}

/// The properties the schema allows for the object at `pointer`.
fn properties_at(
    pointer: &str,
    schema: &serde_json::Value,
) -> serde_json::Map<String, serde_json::Value> {
    // Follows $ref, and the first alternative of anyOf/oneOf that is an object.
    fn resolve<'s>(
        schema: &'s serde_json::Value,
        mut node: &'s serde_json::Value,
    ) -> &'s serde_json::Value {
        for _ in 0..8 {
            if let Some(name) = node["$ref"]
                .as_str()
                .and_then(|r| r.strip_prefix("#/$defs/"))
            {
                node = &schema["$defs"][name];
            } else if let Some(object) = ["anyOf", "oneOf"]
                .iter()
                .filter_map(|k| node[k].as_array())
                .flatten()
                .find(|alt| alt.get("properties").is_some() || alt.get("$ref").is_some())
            {
                node = object;
            } else {
                break;
            }
        }
        node
    }
    let mut node = resolve(schema, schema);
    for token in pointer.split('/').skip(1) {
        node = if token.parse::<usize>().is_ok() {
            resolve(schema, &node["items"])
        } else {
            resolve(
                schema,
                &node["properties"][token.replace("~1", "/").replace("~0", "~")],
            )
        };
    }
    node["properties"].as_object().cloned().unwrap_or_default()
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

/// The focus areas, and when content/fokusomraden.yaml has errors, the ids
/// written in it: partnerships naming those are not blamed for the file's
/// error.
fn fokusomraden(
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

/// The longest id or alias: each is a folder name in the built site
/// (/fokus/<id>/), and file systems allow 255 bytes.
const MAX_ID: usize = 100;

/// Reports an id or alias longer than [`MAX_ID`]; true if it is.
fn too_long(problems: &mut FileProblems, pointer: &str, what: &str, id: &str) -> bool {
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

/// A list of ids (content/fokusomraden.yaml, content/kallor.yaml) that
/// has errors. Partnerships are not checked against it: any id they name
/// may be the one the error hides.
struct Broken {
    file: std::path::PathBuf,
}

/// A one-line YAML value without its quotes and comment, as written.
fn unquote(value: &str) -> String {
    let value = value.trim();
    let value = match value.chars().next() {
        Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default(),
        _ => value.split(" #").next().unwrap_or_default(),
    };
    value.trim().to_owned()
}

/// The named sources, and the ids written in content/kallor.yaml when it has
/// errors: partnerships citing those are not blamed for the file's error.
fn kallor(file: &SourceFile, diagnostics: &mut Diagnostics) -> (Vec<Kalla>, Option<Broken>) {
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
fn kalla(
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

fn check_slug(problems: &mut FileProblems, stem: &str) {
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

/// The organisations, and the names (lowercase) found in organisation files
/// that have errors: those files are reported themselves, so partnerships
/// naming them are not reported again.
fn organisationer(
    files: &[SourceFile],
    diagnostics: &mut Diagnostics,
) -> (Vec<Organisation>, Vec<Namn>) {
    let kind = FileKind::new(schema::organisation_schema());
    let mut parsed = Vec::new();
    let mut broken = Vec::new();
    for file in files {
        let mut problems = FileProblems::new(file);
        check_slug(&mut problems, &file.stem);
        let o = problems.parse::<OrganisationFil>(&kind);
        if o.is_none() || problems.pruned.contains("namn") || problems.pruned.contains("alias") {
            broken.push(names_in(file));
        }
        if let Some(o) = o {
            if let Some(nr) = &o.organisationsnummer
                && !organisationsnummer_ok(nr)
            {
                problems.error(
                    "/organisationsnummer",
                    format!("organisationsnumret '{nr}' har fel kontrollsiffra"),
                    Some(
                        "kontrollera numret mot Bolagsverket eller organisationens årsredovisning"
                            .to_owned(),
                    ),
                );
            }
            let beskrivning = markdown::render(file, &mut problems.diagnostics);
            parsed.push((file, o, beskrivning));
        }
        diagnostics.extend(problems.diagnostics);
    }
    // Names and aliases are how partnerships refer to organisations: they
    // must each mean one organisation.
    let mut owners: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (file, o, _)) in parsed.iter().enumerate() {
        let mut problems = FileProblems::new(file);
        for (pointer, name) in std::iter::once(("/namn".to_owned(), &o.namn)).chain(
            o.alias
                .iter()
                .enumerate()
                .map(|(j, a)| (format!("/alias/{j}"), a)),
        ) {
            if is_blank(name) {
                continue; // reported, or left out because of an error
            }
            match owners.get(&name_key(name)) {
                Some(&other) if other != i => problems.error(
                    &pointer,
                    format!("namnet '{name}' används redan av {}", parsed[other].0.path.display()),
                    Some("ett namn eller alias får bara höra till en organisation; ta bort det här eller i den andra filen".to_owned()),
                ),
                Some(_) if pointer != "/namn" => problems.warning(
                    &pointer,
                    format!("aliaset '{name}' är samma som namnet eller ett annat alias"),
                    Some("namn jämförs utan hänsyn till stora och små bokstäver; aliaset behövs inte".to_owned()),
                ),
                _ => {
                    owners.insert(name_key(name), i);
                }
            }
        }
        diagnostics.extend(problems.diagnostics);
    }
    let mut organisationer: Vec<Organisation> = parsed
        .iter()
        .map(|(file, o, beskrivning)| Organisation {
            slug: file.stem.clone(),
            namn: o.namn.clone(),
            alias: o.alias.clone(),
            webbplats: o.webbplats.clone(),
            organisationsnummer: o.organisationsnummer.clone(),
            del_av: None,
            beskrivning: beskrivning.clone(),
            fil: file.path.clone(),
        })
        .collect();
    let mut lenient = Vocabulary::default();
    for namn in &broken {
        lenient.add(namn.clone());
    }
    for (i, (file, o, _)) in parsed.iter().enumerate() {
        let Some(parent) = &o.del_av else { continue };
        match owners.get(&name_key(parent)) {
            Some(&p) if p != i => organisationer[i].del_av = Some(p),
            Some(_) => {
                let mut problems = FileProblems::new(file);
                problems.error(
                    "/del_av",
                    "en organisation kan inte vara del av sig själv",
                    None,
                );
                diagnostics.extend(problems.diagnostics);
            }
            None if lenient.find(parent).is_some() => {}
            None => {
                let mut problems = FileProblems::new(file);
                let hint = unknown_organisation_hint(
                    parent,
                    parsed.iter().map(|(_, o, _)| o.namn.as_str()),
                );
                problems.error(
                    "/del_av",
                    format!("okänd organisation '{parent}'"),
                    Some(hint),
                );
                diagnostics.extend(problems.diagnostics);
            }
        }
    }
    check_cycles(&mut organisationer, &parsed, diagnostics);
    (organisationer, broken)
}

/// `del_av` must lead up to a top organisation: a chain that comes back to
/// where it started would make every walk up the chain endless. Each file of
/// a cycle gets an error naming the whole cycle, and the links of the cycle
/// are cut so that nothing later walks it.
fn check_cycles(
    organisationer: &mut [Organisation],
    parsed: &[(&SourceFile, OrganisationFil, Text)],
    diagnostics: &mut Diagnostics,
) {
    // Each organisation is walked past once: linear however long the chains.
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        No,
        OnThisWalk,
        Done,
    }
    let mut seen = vec![Seen::No; organisationer.len()];
    let mut in_cycle = vec![false; organisationer.len()];
    for start in 0..organisationer.len() {
        let mut walk = Vec::new();
        let mut current = Some(start);
        while let Some(i) = current.filter(|&i| seen[i] == Seen::No) {
            seen[i] = Seen::OnThisWalk;
            walk.push(i);
            current = organisationer[i].del_av;
        }
        if let Some(i) = current.filter(|&i| seen[i] == Seen::OnThisWalk) {
            let from = walk.iter().position(|&w| w == i).expect("on this walk");
            for &member in &walk[from..] {
                in_cycle[member] = true;
            }
        }
        for i in walk {
            seen[i] = Seen::Done;
        }
    }
    for (i, (file, _, _)) in parsed.iter().enumerate() {
        if !in_cycle[i] {
            continue;
        }
        let mut names = vec![organisationer[i].namn.as_str()];
        let mut current = organisationer[i].del_av;
        while let Some(next) = current.filter(|&n| n != i) {
            names.push(&organisationer[next].namn);
            current = organisationer[next].del_av;
        }
        names.push(&organisationer[i].namn);
        let mut problems = FileProblems::new(file);
        problems.error(
            "/del_av",
            format!(
                "'del_av' bildar en cirkel: {}",
                names.join(" → ")
            ),
            Some(
                "en organisation kan inte ingå i sig själv, inte heller via andra; ta bort 'del_av' i en av filerna".to_owned(),
            ),
        );
        diagnostics.extend(problems.diagnostics);
    }
    for (o, cut) in organisationer.iter_mut().zip(in_cycle) {
        if cut {
            o.del_av = None;
        }
    }
}

/// How a partnership may name an organisation whose file does not check,
/// read as leniently as possible: `namn` and `alias` (from the lines that
/// look like them when the YAML cannot be read), and the file name.
fn names_in(file: &SourceFile) -> Namn {
    let (mut namn, mut alias) = (None, Vec::new());
    if let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str(&file.yaml) {
        let text = |v: &serde_yaml::Value| v.as_str().map(str::to_owned);
        namn = map.get("namn").and_then(text);
        alias.extend(
            map.get("alias")
                .and_then(|a| a.as_sequence())
                .into_iter()
                .flatten()
                .filter_map(text),
        );
    } else {
        for line in file.yaml.lines() {
            if let Some(n) = line.strip_prefix("namn:") {
                namn = Some(unquote(n));
            } else if let Some(a) = line.strip_prefix("alias:") {
                let a = a.trim().trim_start_matches('[').trim_end_matches(']');
                alias.extend(a.split(',').map(unquote));
            }
        }
    }
    alias.retain(|a| !is_blank(a));
    Namn {
        namn: namn
            .filter(|n| !is_blank(n))
            .unwrap_or_else(|| file.stem.clone()),
        alias,
        fil: file.path.clone(),
        broken: true,
    }
}

fn unknown_organisation_hint<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> String {
    match suggest(name, known) {
        Some(s) => format!(
            "menade du '{s}'? Om det är en annan organisation: skapa den med `iop new organisation \"{name}\"`"
        ),
        None => format!(
            "skapa den med `iop new organisation \"{name}\"`, eller lägg till namnet som alias i organisationens fil"
        ),
    }
}

/// Swedish organisationsnummer: ten digits with a Luhn check digit.
pub fn organisationsnummer_ok(nr: &str) -> bool {
    let digits: Vec<u32> = nr
        .chars()
        .filter(|c| *c != '-')
        .filter_map(|c| c.to_digit(10))
        .collect();
    if digits.len() != 10 || nr.chars().filter(|c| *c != '-').count() != 10 {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let v = if i % 2 == 0 { d * 2 } else { d };
            v / 10 + v % 10
        })
        .sum();
    sum.is_multiple_of(10)
}

/// What a partnership may refer to, checked before the partnerships.
struct Known<'a> {
    /// Names, ids and sources, also of files with errors.
    vocabulary: &'a Vocabulary,
    fokus_file: &'a Path,
    kallor_file: &'a Path,
    organisationer: &'a [Organisation],
    history: &'a History,
    kind: FileKind,
    /// How many partnerships each broken file kept from being checked.
    unchecked: std::cell::RefCell<BTreeMap<std::path::PathBuf, usize>>,
}

fn partnerskap(
    file: &SourceFile,
    known: &Known,
    problems: &mut FileProblems,
) -> Option<Partnerskap> {
    let Known {
        vocabulary,
        fokus_file,
        kallor_file,
        organisationer,
        history,
        kind,
        unchecked,
    } = known;
    let (fokusomraden, kallor) = (&vocabulary.fokusomraden, &vocabulary.kallor);
    let broken_fokus = vocabulary.is_broken(fokus_file).then_some(*fokus_file);
    let broken_kallor = vocabulary.is_broken(kallor_file).then_some(*kallor_file);
    check_slug(problems, &file.stem);
    let p: PartnerskapFil = problems.parse(kind)?;
    // The broken files this partnership refers to.
    let mut depends: BTreeSet<&std::path::Path> = BTreeSet::new();
    let reference = reference();

    let mut offentliga = Vec::new();
    for (i, part) in p.offentliga_parter.into_iter().enumerate() {
        let organ = part.organ.map(|o| o.into_vec()).unwrap_or_default();
        let resolved = match (&part.kommun, &part.region) {
            (Some(kommun), None) => match reference.find_kommun(kommun) {
                Ok(k) if k.lanskod == GOTLAND_LANSKOD => {
                    Some(Offentlig::Region(GOTLAND_LANSKOD.to_owned()))
                }
                Ok(k) => Some(Offentlig::Kommun(k.kod.clone())),
                Err(suggestion) => {
                    problems.error(
                        &format!("/offentliga_parter/{i}/kommun"),
                        format!("okänd kommun '{kommun}'"),
                        Some(match suggestion {
                            Some(s) => format!("menade du '{s}'?"),
                            None => "skriv kommunens namn som SCB skriver det (t.ex. 'Malmö') eller den fyrsiffriga kommunkoden".to_owned(),
                        }),
                    );
                    None
                }
            },
            (None, Some(region)) => match reference.find_region(region) {
                Ok(r) => Some(Offentlig::Region(r.lanskod.clone())),
                Err(suggestion) => {
                    problems.error(
                        &format!("/offentliga_parter/{i}/region"),
                        format!("okänd region '{region}'"),
                        Some(match suggestion {
                            Some(s) => format!("menade du '{s}'?"),
                            None => "skriv regionens namn (t.ex. 'Region Skåne'), länets namn eller länskoden".to_owned(),
                        }),
                    );
                    None
                }
            },
            _ => None, // the schema has reported it
        };
        if let Some(part) = resolved {
            if offentliga.iter().any(|o: &OffentligPart| o.part == part) {
                problems.error(
                    &format!("/offentliga_parter/{i}"),
                    format!("{} står redan som part", part.namn()),
                    Some("samla alla nämnder under en post: organ: [A, B]".to_owned()),
                );
            } else {
                offentliga.push(OffentligPart { part, organ });
            }
        }
    }

    let mut ideburna = Vec::new();
    for (i, name) in p.ideburna_parter.iter().enumerate() {
        match vocabulary.find(name) {
            // An organisation whose file has errors is not in the catalogue.
            Some((_, namn)) if namn.broken || !organisationer.iter().any(|o| o.fil == namn.fil) => {
                depends.insert(&namn.fil);
            }
            Some((o, _)) if ideburna.contains(&o) => problems.error(
                &format!("/idéburna_parter/{i}"),
                format!(
                    "'{name}' är samma organisation som en annan part i listan ({})",
                    organisationer[o].namn
                ),
                Some("ta bort dubbletten".to_owned()),
            ),
            Some((o, _)) => ideburna.push(o),
            None => problems.error(
                &format!("/idéburna_parter/{i}"),
                format!("okänd organisation '{name}'"),
                Some(unknown_organisation_hint(
                    name,
                    organisationer.iter().flat_map(|o| {
                        std::iter::once(o.namn.as_str()).chain(o.alias.iter().map(String::as_str))
                    }),
                )),
            ),
        }
    }

    let mut fokus = Vec::new();
    for (i, id) in p.fokusomraden.iter().enumerate() {
        match fokusomraden.iter().position(|f| &f.id == id) {
            // Whatever the id, the list it would be in could not be read.
            None if let Some(file) = broken_fokus => {
                depends.insert(file);
            }
            Some(f) if !fokus.contains(&f) => fokus.push(f),
            Some(_) => problems.error(
                &format!("/fokusområden/{i}"),
                format!("fokusområdet '{id}' står två gånger"),
                None,
            ),
            None => problems.error(
                &format!("/fokusområden/{i}"),
                format!("okänt fokusområde '{id}'"),
                Some({
                    let ids = || fokusomraden.iter().map(|f| f.id.as_str());
                    match suggest(id, ids()) {
                        Some(s) => format!("menade du '{s}'?"),
                        None => format!(
                            "använd ett id från content/{}: {}",
                            crate::load::FOKUSOMRADEN_FILE,
                            ids().collect::<Vec<_>>().join(", ")
                        ),
                    }
                }),
            ),
        }
    }

    let mut kallrefs = Vec::new();
    let cited = p.kallor.len();
    for (i, k) in p.kallor.into_iter().enumerate() {
        match k {
            schema::KallaRef::Id(id) => match kallor.iter().find(|c| c.id.as_deref() == Some(&id)) {
                Some(c) => kallrefs.push(c.clone()),
                None if let Some(file) = broken_kallor => {
                    depends.insert(file);
                }
                None => problems.error(
                    &format!("/källor/{i}"),
                    format!("okänd källa '{id}'"),
                    Some(match suggest(&id, kallor.iter().filter_map(|c| c.id.as_deref())) {
                        Some(s) => format!("menade du '{s}'?"),
                        None => format!(
                            "lägg till källan i content/{} eller skriv {{ titel: …, url: …, datum: … }}",
                            crate::load::KALLOR_FILE
                        ),
                    }),
                ),
            },
            schema::KallaRef::Kalla(k) => kallrefs.extend(kalla(None, k.titel, k.url, k.datum, k.last)),
        }
    }

    if let Some(b) = p.bekraftad
        // Not when a source could not be read: it may be the one.
        && kallrefs.len() == cited
        && !problems.pruned.contains("källor")
        && !kallrefs.iter().any(|k| k.publicerad && k.datum == b)
    {
        problems.error(
            "/bekräftad",
            format!("ingen av källorna har datumet {b}, så bekräftelsen går inte att följa"),
            Some(
                "bekräftad ska vara datumet för den källa som säger att partnerskapet var aktivt; lägg till den källan med datum (en sida med bara läst räknas inte)"
                    .to_owned(),
            ),
        );
    }

    let period = Period {
        start: p.start,
        slut: p.slut,
        forlangningar: p.forlangningar,
        avslutad: p.avslutad,
        bekraftad: p.bekraftad,
    };
    check_dates(&period, problems);

    if file.body.contains(PLATSHALLARE) {
        problems.warning(
            "/namn",
            "beskrivningen är fortfarande platshållartexten från `iop new`",
            Some("ersätt den med 2–4 egna meningar: vem gör vad, för vem och varför".to_owned()),
        );
    } else if file.body.trim().is_empty() {
        problems.warning(
            "/namn",
            "partnerskapet saknar beskrivning",
            Some(
                "skriv 2–4 meningar under det avslutande --- : vem gör vad, för vem och varför"
                    .to_owned(),
            ),
        );
    }
    let beskrivning = markdown::render(file, &mut problems.diagnostics);

    let mut unchecked = unchecked.borrow_mut();
    for file in depends {
        *unchecked.entry(file.to_path_buf()).or_default() += 1;
    }
    if problems.has_errors() {
        return None;
    }
    Some(Partnerskap {
        slug: file.stem.clone(),
        namn: p.namn,
        offentliga,
        ideburna,
        ovriga: p.ovriga_parter,
        fokus,
        period,
        lankar: p.lankar,
        kallor: kallrefs,
        alias: p.alias,
        beskrivning,
        historik: history.of(&file.path),
        fil: file.path.clone(),
    })
}

fn check_dates(period: &Period, problems: &mut FileProblems) {
    let slut = match period.slut {
        Some(Slut::Datum(d)) => Some(d),
        _ => None,
    };
    if let (Some(start), Some(slut)) = (period.start, slut)
        && slut.last_day() < start.first_day()
    {
        problems.error(
            "/slut",
            format!("slut ({slut}) före start ({start})"),
            Some("har datumen bytt plats?".to_owned()),
        );
    }
    for (i, f) in period.forlangningar.iter().enumerate() {
        let pointer = format!("/förlängningar/{i}");
        if period.start.is_some_and(|s| f.last_day() < s.first_day()) {
            problems.error(
                &pointer,
                format!("förlängningen från {f} ligger före start"),
                None,
            );
        }
        if slut.is_some_and(|s| f.first_day() > s.last_day()) {
            problems.error(
                &pointer,
                format!("förlängningen från {f} ligger efter slut"),
                Some(
                    "'förlängningar' är de tidigare slutdatumen; 'slut' är det senaste kända"
                        .to_owned(),
                ),
            );
        }
    }
    if let Some(a) = period.avslutad {
        if period.start.is_some_and(|s| a.last_day() < s.first_day()) {
            problems.error("/avslutad", format!("avslutad ({a}) före start"), None);
        }
        if slut.is_some_and(|s| a.first_day() > s.last_day()) {
            problems.warning(
                "/avslutad",
                format!("avslutad ({a}) efter slut"),
                Some("'avslutad' är för avtal som slutade i förtid; har avtalet förlängts, ändra 'slut'".to_owned()),
            );
        }
    }
    if let Some(b) = period.bekraftad {
        if period.start.is_some_and(|s| b.last_day() < s.first_day()) {
            problems.error("/bekräftad", format!("bekräftad ({b}) före start"), None);
        }
        if slut.is_some_and(|s| b.first_day() > s.last_day()) {
            problems.warning(
                "/bekräftad",
                format!("källan bekräftar partnerskapet ({b}) efter dess slut ({})", slut.unwrap()),
                Some("har avtalet förlängts? Skriv det nya slutdatumet i 'slut' och det gamla i 'förlängningar'".to_owned()),
            );
        }
    }
}

/// Slugs and aliases are URLs: each must lead to one partnership.
fn check_collisions(sources: &Sources, partnerskap: &[Partnerskap], diagnostics: &mut Diagnostics) {
    let mut urls: BTreeMap<&str, &Path> = BTreeMap::new();
    for p in partnerskap {
        urls.insert(&p.slug, &p.fil);
    }
    let files: HashMap<&Path, &SourceFile> = sources
        .partnerskap
        .iter()
        .map(|f| (f.path.as_path(), f))
        .collect();
    for p in partnerskap {
        let file = files[p.fil.as_path()];
        let mut problems = FileProblems::new(file);
        for (i, alias) in p.alias.iter().enumerate() {
            let pointer = format!("/alias/{i}");
            if too_long(&mut problems, &pointer, "aliaset", alias) {
            } else if slugify(alias) != *alias {
                problems.error(
                    &pointer,
                    format!("aliaset '{alias}' är ingen giltig adress"),
                    Some(format!("skriv '{}'", slugify(alias))),
                );
            } else if let Some(other) = urls.insert(alias, &p.fil) {
                problems.error(
                    &pointer,
                    format!("adressen '{alias}' används redan av {}", other.display()),
                    Some(
                        "ett alias får inte vara samma som en annan fils namn eller alias"
                            .to_owned(),
                    ),
                );
            }
        }
        diagnostics.extend(problems.diagnostics);
    }
}

/// Two entries with the same parties, overlapping periods and nearly the
/// same name are probably one partnership entered twice. (The same parties
/// often have several partnerships at once, such as one per housing site,
/// so parties and period alone would raise false alarms.)
fn check_duplicates(
    partnerskap: &[Partnerskap],
    organisationer: &[Organisation],
    diagnostics: &mut Diagnostics,
) {
    fn key(p: &Partnerskap) -> (Vec<&Offentlig>, Vec<usize>) {
        let mut offentliga: Vec<&Offentlig> = p.offentliga.iter().map(|o| &o.part).collect();
        offentliga.sort();
        let mut ideburna = p.ideburna.clone();
        ideburna.sort();
        (offentliga, ideburna)
    }
    let span = |p: &Partnerskap| {
        let start = p.period.start.map(|s| s.first_day());
        let end = p.period.last_day();
        (start, end)
    };
    // Only entries with the same parties can be duplicates: group first, so
    // a large catalogue is not compared pair by pair.
    let mut groups: BTreeMap<_, Vec<&Partnerskap>> = BTreeMap::new();
    for p in partnerskap {
        groups.entry(key(p)).or_default().push(p);
    }
    for group in groups.values() {
        // Each entry joins the first cluster whose first entry it seems to
        // duplicate: linear for many copies of one entry, and one warning
        // per cluster however many copies there are.
        let mut clusters: Vec<Vec<&Partnerskap>> = Vec::new();
        for &p in group {
            let duplicate = clusters.iter_mut().find(|c| {
                let first = c[0];
                if !similar(&first.namn, &p.namn) {
                    return false;
                }
                let ((sa, ea), (sb, eb)) = (span(first), span(p));
                match (sa, ea, sb, eb) {
                    (Some(sa), Some(ea), Some(sb), Some(eb)) => sa <= eb && sb <= ea,
                    _ => first.period == p.period,
                }
            });
            match duplicate {
                Some(cluster) => cluster.push(p),
                None => clusters.push(vec![p]),
            }
        }
        for cluster in clusters.iter().filter(|c| c.len() > 1) {
            let names: Vec<&str> = cluster[0]
                .ideburna
                .iter()
                .map(|&o| organisationer[o].namn.as_str())
                .collect();
            // Reported at the second file, naming the others.
            let mut others: Vec<String> = std::iter::once(cluster[0])
                .chain(cluster[2..].iter().copied())
                .take(MAX_LISTED)
                .map(|p| p.fil.display().to_string())
                .collect();
            if cluster.len() - 1 > MAX_LISTED {
                others.push(format!("och {} till", cluster.len() - 1 - MAX_LISTED));
            }
            diagnostics.push(
                Diagnostic::warning(
                    &cluster[1].fil,
                    format!(
                        "möjlig dubblett av {}: samma parter ({}) och överlappande period",
                        others.join(", "),
                        names.join(", ")
                    ),
                )
                .hint("är det samma partnerskap, slå ihop filerna och lägg den ena filens namn i 'alias'"),
            );
        }
    }
}

/// How many files one warning names before "och N till".
const MAX_LISTED: usize = 10;

fn similar(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        fold(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (a, b) = (words(a), words(b));
    a.contains(&b) || b.contains(&a)
}

fn check_unused_organisations(
    organisationer: &[Organisation],
    partnerskap: &[Partnerskap],
    diagnostics: &mut Diagnostics,
) {
    for (i, o) in organisationer.iter().enumerate() {
        let used = partnerskap.iter().any(|p| p.ideburna.contains(&i))
            || organisationer.iter().any(|c| c.del_av == Some(i));
        if !used {
            diagnostics.push(
                Diagnostic::warning(
                    &o.fil,
                    format!("organisationen '{}' ingår inte i något partnerskap", o.namn),
                )
                .hint("lägg till den i ett partnerskaps 'idéburna_parter', eller ta bort filen"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisationsnummer_check_digit() {
        assert!(organisationsnummer_ok("802002-4280"));
        assert!(organisationsnummer_ok("8020024280"));
        assert!(!organisationsnummer_ok("802002-4281"));
        assert!(!organisationsnummer_ok("80200-24280x"));
    }
}
