//! The organisations: each file, the names that must mean one organisation,
//! and the `del_av` graph, which must have no cycle.

use std::collections::BTreeMap;

use serde_json::Value;

use super::file::{FileProblems, check_slug, is_blank};
use super::{FileKind, ORGANISATION_PLATSHALLARE};
use crate::diagnostic::Diagnostics;
use crate::load::SourceFile;
use crate::markdown;
use crate::model::*;
use crate::schema::{self, OrganisationFil};
use crate::text::{name_key, suggest};
use crate::vocabulary::{Namn, Vocabulary};
use crate::yaml::Document;

/// The organisations, and the names (lowercase) found in organisation files
/// that have errors: those files are reported themselves, so partnerships
/// naming them are not reported again.
pub(super) fn organisationer(
    files: &[std::sync::Arc<SourceFile>],
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
            if file.body.contains(ORGANISATION_PLATSHALLARE) {
                problems.warning(
                    "/namn",
                    "beskrivningen är fortfarande platshållartexten från `iop new`",
                    Some("ersätt den med en eller två egna meningar om vad organisationen är och gör, eller ta bort den".to_owned()),
                );
            }
            let beskrivning = markdown::render(file, &mut problems.diagnostics);
            parsed.push((&**file, o, beskrivning));
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
pub(super) fn check_cycles(
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
pub(super) fn names_in(file: &SourceFile) -> Namn {
    let (mut namn, mut alias) = (None, Vec::new());
    if let Ok(Document {
        value: Value::Object(map),
        ..
    }) = file.document()
    {
        let text = |v: &Value| v.as_str().map(str::to_owned);
        namn = map.get("namn").and_then(text);
        alias.extend(
            map.get("alias")
                .and_then(Value::as_array)
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

pub(super) fn unknown_organisation_hint<'a>(
    name: &str,
    known: impl Iterator<Item = &'a str>,
) -> String {
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

/// A one-line YAML value without its quotes and comment, as written.
pub(super) fn unquote(value: &str) -> String {
    let value = value.trim();
    let value = match value.chars().next() {
        Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default(),
        _ => value.split(" #").next().unwrap_or_default(),
    };
    value.trim().to_owned()
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
