//! Every error the YAML parser and serde can give, said in Swedish with a
//! hint: editors never see the parser's English or a Rust debug dump. One
//! table, [`yaml_error`], from the parser's message to ours; anything it
//! does not know still gets a Swedish message.

use crate::locate::Place;
use crate::yaml::{Failure, Problem};

/// A problem in Swedish, and where it is when the parser knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub message: String,
    pub hint: String,
    pub place: Option<Place>,
}

/// Every YAML message starts so, so that an editor knows the file could
/// not be read at all (and why nothing else in it was checked).
pub const PREFIX: &str = "kan inte läsa YAML: ";

const GENERIC_HINT: &str = "kontrollera indrag, kolon efter nycklar och citattecken runt text som innehåller ': ' eller '#'";

const QUOTE_HINT: &str = "sätt texten inom citattecken, t.ex. namn: \"@Föreningen: Malmö\"";

/// The Swedish for a text the parser could not read.
pub fn yaml_error(failure: &Failure) -> Explanation {
    let Failure {
        problem,
        place,
        started,
        ..
    } = failure;
    let place = *place;
    let (message, hint, place): (String, &str, Option<Place>) = match problem {
        Problem::DuplicateKey(key) => (
            format!("nyckeln '{key}' står två gånger"),
            "ta bort den ena raden, eller samla värdena under en nyckel (en lista: [a, b])",
            place,
        ),
        Problem::KeyNotText => (
            "en nyckel som inte är en text".to_owned(),
            "skriv nyckeln med bokstäver före kolonet, t.ex. namn: …; ~ och null betyder 'inget' i YAML",
            place,
        ),
        Problem::SecondDocument => (
            "filen innehåller mer än ett YAML-dokument".to_owned(),
            "ta bort raden med bara --- eller ...; allt ska stå i ett dokument",
            place,
        ),
        Problem::TooManyValues => (
            format!(
                "för många upprepningar via ankare (&) och alias (*): mer än {} värden",
                crate::yaml::MAX_VALUES
            ),
            "skriv ut värdena i stället för att använda ankare och alias",
            place,
        ),
        Problem::TooDeep => (
            format!(
                "värdena ligger i för många nivåer inuti varandra (mer än {})",
                crate::yaml::MAX_DEPTH
            ),
            "en lista eller en nivå av nycklar räcker; kontrollera att varje [ och { stängs",
            place,
        ),
        Problem::Tag(tag) => (
            format!("'{tag}' är en YAML-tagg, som innehållsfilerna inte använder"),
            "sätt texten inom citattecken, t.ex. namn: \"!Föreningen\"",
            place,
        ),
        Problem::OpenQuote => (
            "ett värde som börjar här tar aldrig slut".to_owned(),
            "ett värde inom citattecken slutar med samma citattecken på samma rad; stängs alla citattecken, [ och {?",
            started.or(place),
        ),
        Problem::OpenFlow('{') => (
            "{ … } stängs inte, eller två nycklar saknar komma mellan sig".to_owned(),
            "skriv { titel: …, url: … }, och sätt ett värde som innehåller ',', '{' eller '}' inom citattecken",
            started.or(place),
        ),
        Problem::OpenFlow(_) => (
            "listan [ … ] stängs inte, eller två värden saknar komma mellan sig".to_owned(),
            "skriv listan som [a, b], och sätt ett värde som innehåller ',', '[' eller ']' inom citattecken",
            started.or(place),
        ),
        Problem::Syntax(info) => {
            let (message, hint, at_start) = syntax(info);
            (
                message,
                hint,
                if at_start { started.or(place) } else { place },
            )
        }
    };
    Explanation {
        message: format!("{PREFIX}{message}"),
        hint: hint.to_owned(),
        place,
    }
}

/// The Swedish for one of the parser's messages, and whether to point at
/// where the unfinished value began rather than where the parser stopped.
fn syntax(info: &str) -> (String, &'static str, bool) {
    let has = |part: &str| info.contains(part);
    let said = |message: &str, hint: &'static str| (message.to_owned(), hint, false);
    let open = |message: &str, hint: &'static str| (message.to_owned(), hint, true);
    match () {
        _ if has("tab") => said(
            "ett tabbtecken där YAML bara tillåter mellanslag",
            "ersätt tabbtecknet med mellanslag; indraget görs med mellanslag",
        ),
        _ if has("unexpected character") => {
            let c = info.split('`').nth(1).and_then(|c| c.chars().next());
            match c {
                Some(c) if !c.is_control() => (
                    format!("ett värde kan inte börja med '{c}'"),
                    QUOTE_HINT,
                    false,
                ),
                _ => said(
                    "ett värde börjar med ett tecken som YAML inte tillåter där",
                    QUOTE_HINT,
                ),
            }
        }
        _ if has("plain scalar cannot start with '-'") => said(
            "ett värde kan inte börja med '-' följt av , [ ] { eller }",
            QUOTE_HINT,
        ),
        _ if has("unknown anchor") => said(
            "'*' hänvisar till ett ankare (&namn) som inte finns",
            "börjar texten med *, sätt den inom citattecken; skriv annars ut värdet i stället för aliaset",
        ),
        _ if has("anchor or alias") => open(
            "namnet på ett ankare (&) eller alias (*) saknas eller har ett tecken som inte får stå där",
            "börjar texten med * eller &, sätt den inom citattecken",
        ),
        _ if has("recursion limit") => said(
            "värdena ligger i för många nivåer inuti varandra",
            "en lista eller en nivå av nycklar räcker; kontrollera att varje [ och { stängs",
        ),
        _ if has("quoted scalar, found unexpected document indicator")
            || has("<document start>") =>
        {
            said(
                "en rad med bara --- eller ... mitt i YAML-blocket",
                "ta bort raden; YAML-blocket slutar vid första raden med bara ---",
            )
        }
        _ if has("escape") || has("hexadecimal") => said(
            "ett bakåtsnedstreck (\\) inom \"citattecken\" som YAML inte förstår",
            "skriv \\\\ för ett bakåtsnedstreck, eller använd 'enkla citattecken'",
        ),
        _ if has("misplaced bracket") => said(
            "en ] eller } som inte stänger någon lista",
            "ta bort tecknet, eller sätt texten inom citattecken",
        ),
        _ if has("mapping values are not allowed") => said(
            "ett kolon följt av mellanslag mitt i ett värde",
            "sätt texten inom citattecken, t.ex. namn: \"Värmestuga: Malmö\"",
        ),
        _ if has("mapping keys are not allowed") => {
            said("en nyckel där ingen nyckel kan stå", QUOTE_HINT)
        }
        _ if has("block sequence entries are not allowed") => said(
            "en rad som börjar med '- ' där ingen lista kan börja",
            "en lista börjar på raden efter 'nyckel:', och alla dess rader '- ' har samma indrag",
        ),
        _ if has("expected '-' indicator") => said(
            "raden passar inte in i listan ovanför",
            "varje värde i listan börjar med '- ' och har samma indrag som de andra",
        ),
        _ if has("block mapping, did not find expected key") || has("invalid indentation") => said(
            "raden har fel indrag, eller text efter ett värde inom citattecken",
            "nycklar på samma nivå ska ha lika många mellanslag först; sätt hela texten inom citattecken",
        ),
        _ if has("simple key") => said(
            "en nyckel saknar kolon",
            "skriv 'nyckel: värde' på en rad; en text över flera rader behöver citattecken",
        ),
        _ if has("unprintable") => said(
            "filen innehåller ett osynligt styrtecken",
            "ta bort tecknet: skriv om texten, eller kopiera den från en källa utan specialtecken",
        ),
        _ if has("tag") || has("handle") => said(
            "ett '!' inleder en YAML-tagg här",
            "sätt texten inom citattecken, t.ex. namn: \"!Föreningen\"",
        ),
        _ if has("directive") => said(
            "en rad som börjar med '%' är ett YAML-direktiv",
            "ta bort raden, eller sätt texten inom citattecken",
        ),
        _ if has("block scalar") => said(
            "en text efter | eller > har fel indrag eller tecken",
            "skriv texten på raderna under | med samma indrag, eller sätt den inom citattecken på en rad",
        ),
        _ if has("node content") => said(
            "ett värde saknas här, eller börjar med ett tecken som YAML inte tillåter",
            QUOTE_HINT,
        ),
        _ if has("eof") || has("end of plain scalar") || has("end of stream") => {
            open("texten tar slut mitt i ett värde", GENERIC_HINT)
        }
        _ => said("texten går inte att läsa som YAML här", GENERIC_HINT),
    }
}

/// The Swedish for a serde message (what a value should have been), with
/// any path the deserializer puts first ("offentliga_parter[0].kommun: ") left out.
pub fn serde_error(problem: &str) -> (String, String) {
    let problem = without_path(problem);
    let quoted = |s: &str| s.split('`').nth(1).map(str::to_owned).unwrap_or_default();
    if let Some(rest) = problem.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (
            format!(
                "värdet har fel form: väntade {}, men det är {}",
                kind(expected),
                kind(found)
            ),
            "om texten innehåller ': ' eller börjar med ett specialtecken, sätt den inom citattecken".to_owned(),
        );
    }
    if problem.starts_with("missing field") {
        let key = quoted(problem);
        return (
            format!("nyckeln '{key}' saknas"),
            format!("lägg till '{key}'"),
        );
    }
    if problem.starts_with("unknown field") {
        let key = quoted(problem);
        return (
            format!("okänd nyckel '{key}'"),
            "se `iop schema` för vilka nycklar som finns".to_owned(),
        );
    }
    if problem.starts_with("duplicate field") {
        let key = quoted(problem);
        return (
            format!("nyckeln '{key}' står två gånger"),
            "ta bort den ena raden".to_owned(),
        );
    }
    if problem.starts_with("invalid length") {
        return (
            "listan har fel antal värden".to_owned(),
            GENERIC_HINT.to_owned(),
        );
    }
    // Our own messages (dates) are Swedish already: they quote the value.
    if problem.starts_with('\'') {
        return (problem.to_owned(), GENERIC_HINT.to_owned());
    }
    (
        "värdet har fel form".to_owned(),
        "jämför med en annan fil av samma slag, eller se `iop schema` för vad som är tillåtet"
            .to_owned(),
    )
}

/// `problem` without the path a deserializer may put first
/// ("offentliga_parter[0].kommun: ", "[3]: ").
fn without_path(problem: &str) -> &str {
    match problem.split_once(": ") {
        Some((path, rest))
            if !path.is_empty() && !path.contains(' ') && !path.starts_with('\'') =>
        {
            rest
        }
        _ => problem,
    }
}

/// What kind of value serde saw or wanted ("a string", "sequence",
/// "integer `5`"), in Swedish.
fn kind(text: &str) -> &'static str {
    let text = text.trim_start_matches("a ").trim_start_matches("an ");
    match () {
        _ if text.starts_with("string") || text.starts_with("char") => "en text",
        _ if text.starts_with("sequence") || text.starts_with("tuple") => "en lista",
        _ if text.starts_with("map") || text.starts_with("struct") => "nycklar med värden",
        _ if text.starts_with("integer")
            || text.starts_with("floating")
            || text.starts_with('u')
            || text.starts_with('i')
            || text.starts_with('f') =>
        {
            "ett tal"
        }
        _ if text.starts_with("boolean") || text.starts_with("bool") => "ja eller nej",
        _ if text.starts_with("unit") || text.starts_with("null") || text.starts_with("none") => {
            "tomt"
        }
        _ => "ett annat slags värde",
    }
}

/// The English phrases of the parsers; no message may contain them.
pub const ENGLISH: &[&str] = &[
    "duplicate entry",
    "found character",
    "cannot start any token",
    "did not match any variant",
    "untagged enum",
    "recursion limit",
    "repetition limit",
    "more than one document",
    "invalid type",
    "missing field",
    "unknown field",
    "unknown anchor",
    "expected",
    "ValidationError",
    "Pattern {",
    "AnyOf {",
    "OneOf",
    "while parsing",
    "while scanning",
    "end of stream",
    "not allowed",
    "key must be",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_become_swedish() {
        assert_eq!(
            serde_error("offentliga_parter[0].kommun: invalid type: sequence, expected a string").0,
            "värdet har fel form: väntade en text, men det är en lista"
        );
        assert_eq!(
            serde_error("missing field `källor`").0,
            "nyckeln 'källor' saknas"
        );
        assert_eq!(
            serde_error("data did not match any variant of untagged enum KallaRef").0,
            "värdet har fel form"
        );
    }
}
