//! Explain: a Swedish message and hint for each JSON Schema error, placed
//! at the key or value it is about.

use jsonschema::error::ValidationErrorKind;

use super::file::{date_forms, date_problem, is_date_field};
use super::partnerskap::KOMMUN_ELLER_REGION;
use crate::locate::escape;
use crate::model::*;
use crate::text::{slugify, suggest};

/// A Swedish message and hint for one schema error. Returns the pointer to
/// place it at and whether to underline the key rather than the value.
pub(super) fn explain(
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
        ValidationErrorKind::OneOfMultipleValid { .. }
        | ValidationErrorKind::OneOfNotValid { .. }
            if pointer.starts_with("/offentliga_parter/") =>
        {
            let (message, hint) = KOMMUN_ELLER_REGION;
            (
                pointer.to_owned(),
                message.to_owned(),
                Some(hint.to_owned()),
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
        ValidationErrorKind::OneOfMultipleValid { .. }
        | ValidationErrorKind::OneOfNotValid { .. }
            if document
                .pointer(pointer)
                .and_then(|v| v.as_object())
                .is_some_and(|o| o.contains_key("url")) =>
        {
            source_problem(
                pointer,
                document
                    .pointer(pointer)
                    .and_then(|v| v.as_object())
                    .expect("checked"),
            )
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
                None => format!(
                    "'{field}' har fel form: {}, men det är {found}",
                    type_name(kind)
                ),
            };
            let hint = match owner(pointer) {
                _ if pointer.is_empty() => {
                    "varje rad ska vara 'nyckel: värde', t.ex. namn: Värmestuga Malmö".to_owned()
                }
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
pub(super) fn owner(pointer: &str) -> Option<(String, usize)> {
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
pub(super) fn describe(value: Option<&serde_json::Value>) -> &'static str {
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
pub(super) fn described(pointer: &str, schema: &serde_json::Value) -> Option<String> {
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

pub(super) const SOURCE_EXAMPLE: &str = "- { titel: \"Nytt IOP med kvinnojouren (Malmö stad)\", url: \"https://…\", datum: 2024-05-02 }";

/// What is wrong with a source written as an object: the first missing or
/// doubled key, so the editor learns exactly what to add.
pub(super) fn source_problem(
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

pub(super) fn value_text(document: &serde_json::Value, pointer: &str) -> String {
    match document.pointer(pointer) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

pub(super) fn type_name(kind: &jsonschema::error::TypeKind) -> String {
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

pub(super) fn type_hint(field: &str) -> String {
    match field {
        "idéburna_parter" | "övriga_parter" | "fokusområden" | "källor" | "alias" | "förlängningar" => {
            format!("skriv en lista: {field}: [a, b] eller en rad per värde som börjar med '- '")
        }
        "offentliga_parter" => "skriv en lista med en rad '- kommun: …' eller '- region: …' per part".to_owned(),
        _ => "om texten innehåller ': ' eller börjar med ett specialtecken, sätt den inom citattecken".to_owned(),
    }
}

pub(super) fn required_hint(property: &str) -> String {
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
pub(super) fn known_keys(pointer: &str, schema: &serde_json::Value) -> Vec<String> {
    properties_at(pointer, schema).keys().cloned().collect()
}

/// The properties the schema allows for the object at `pointer`.
pub(super) fn properties_at(
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
