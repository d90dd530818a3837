//! Every error the YAML parser and serde can give, said in Swedish with a
//! hint: editors never see the parser's English or a Rust debug dump. One
//! table, [`yaml_error`], from the parser's message to ours; anything it
//! does not know still gets a Swedish message.

use crate::locate::{Locations, Place};

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

/// The Swedish for `e`, an error from reading `yaml`, which starts on line
/// `first_line` of its file; `at` are the positions read from the same text.
pub fn yaml_error(
    e: &serde_yaml::Error,
    yaml: &str,
    first_line: usize,
    at: &Locations,
) -> Explanation {
    let text = e.to_string();
    // The parser appends " at line N column M" and its context; we show the
    // place ourselves.
    let problem = text
        .split(" at line ")
        .next()
        .unwrap_or(&text)
        .split(", while ")
        .next()
        .unwrap_or_default();
    let problem = without_path(problem);
    let place = e.location().map(|loc| Place {
        line: loc.line() + first_line - 1,
        column: loc.column(),
        length: 1,
    });
    // Where what the parser was reading began ("while scanning a quoted
    // scalar at line 2 column 7"): for something never closed, that is
    // where to look.
    let started = text
        .split_once(", while ")
        .and_then(|(_, context)| context.split_once(" at line "))
        .and_then(|(_, at)| {
            let (line, column) = at.split_once(" column ")?;
            let column: String = column.chars().take_while(char::is_ascii_digit).collect();
            Some(Place {
                line: line.parse::<usize>().ok()? + first_line - 1,
                column: column.parse().ok()?,
                length: 1,
            })
        });
    // The character the parser stopped at.
    let found = e.location().and_then(|loc| {
        yaml.lines()
            .nth(loc.line().checked_sub(1)?)?
            .chars()
            .nth(loc.column().checked_sub(1)?)
    });
    let (message, hint, place): (String, String, Option<Place>) = match () {
        _ if problem.starts_with("duplicate entry") => match &at.duplicate {
            Some((pointer, second)) => {
                let key = pointer.rsplit('/').next().unwrap_or_default();
                let key = key.replace("~1", "/").replace("~0", "~");
                (
                    format!("nyckeln '{key}' står två gånger"),
                    "ta bort den ena raden, eller samla värdena under en nyckel (en lista: [a, b])"
                        .to_owned(),
                    Some(*second),
                )
            }
            None => (
                "samma nyckel står två gånger".to_owned(),
                "ta bort den ena raden, eller samla värdena under en nyckel (en lista: [a, b])"
                    .to_owned(),
                place,
            ),
        },
        _ if problem.contains("tab character") || found == Some('\t') => (
            "ett tabbtecken där YAML bara tillåter mellanslag".to_owned(),
            "ersätt tabbtecknet med mellanslag; indraget görs med mellanslag".to_owned(),
            place,
        ),
        _ if problem == "found character that cannot start any token" => (
            match found {
                Some(c) if !c.is_control() => format!("ett värde kan inte börja med '{c}'"),
                _ => "ett värde börjar med ett tecken som YAML inte tillåter där".to_owned(),
            },
            QUOTE_HINT.to_owned(),
            place,
        ),
        _ if problem == "unknown anchor" => (
            "'*' hänvisar till ett ankare (&namn) som inte finns".to_owned(),
            "börjar texten med *, sätt den inom citattecken; skriv annars ut värdet i stället för aliaset".to_owned(),
            place,
        ),
        _ if problem == "repetition limit exceeded" => (
            "för många upprepningar via ankare (&) och alias (*)".to_owned(),
            "skriv ut värdena i stället för att använda ankare och alias".to_owned(),
            place,
        ),
        _ if problem == "recursion limit exceeded" => (
            "värdena ligger i för många nivåer inuti varandra".to_owned(),
            "en lista eller en nivå av nycklar räcker; kontrollera att varje [ och { stängs".to_owned(),
            place,
        ),
        _ if problem.contains("more than one document") => (
            "filen innehåller mer än ett YAML-dokument".to_owned(),
            "ta bort raden med bara --- eller ...; allt ska stå i ett dokument".to_owned(),
            at.second_document.or(place),
        ),
        _ if problem == "found unexpected end of stream" => (
            "ett värde som börjar här tar aldrig slut".to_owned(),
            "stängs alla citattecken, [ och {? Ett värde inom citattecken slutar med samma citattecken"
                .to_owned(),
            started.or(place),
        ),
        _ if problem.contains("expected ',' or ']'") => (
            "listan [ … ] stängs inte, eller två värden saknar komma mellan sig".to_owned(),
            "skriv listan som [a, b], och sätt ett värde som innehåller ',', '[' eller ']' inom citattecken".to_owned(),
            started.or(place),
        ),
        _ if problem.contains("expected ',' or '}'") => (
            "{ … } stängs inte, eller två nycklar saknar komma mellan sig".to_owned(),
            "skriv { titel: …, url: … }, och sätt ett värde som innehåller ',', '{' eller '}' inom citattecken".to_owned(),
            started.or(place),
        ),
        _ if problem.contains("alphabetic or numeric") => (
            "namnet på ett ankare (&) eller alias (*) får bara ha bokstäverna a–z, siffror, - och _"
                .to_owned(),
            "börjar texten med * eller &, sätt den inom citattecken".to_owned(),
            started.or(place),
        ),
        _ if problem == "mapping values are not allowed in this context" => (
            "ett kolon följt av mellanslag mitt i ett värde".to_owned(),
            "sätt texten inom citattecken, t.ex. namn: \"Värmestuga: Malmö\"".to_owned(),
            place,
        ),
        _ if problem == "mapping keys are not allowed in this context" => (
            "en nyckel där ingen nyckel kan stå".to_owned(),
            QUOTE_HINT.to_owned(),
            place,
        ),
        _ if problem == "block sequence entries are not allowed in this context" => (
            "en rad som börjar med '- ' där ingen lista kan börja".to_owned(),
            "en lista börjar på raden efter 'nyckel:', och alla dess rader '- ' har samma indrag".to_owned(),
            place,
        ),
        _ if problem == "did not find expected '-' indicator" => (
            "raden passar inte in i listan ovanför".to_owned(),
            "varje värde i listan börjar med '- ' och har samma indrag som de andra".to_owned(),
            place,
        ),
        _ if problem == "did not find expected key" => (
            "raden har fel indrag, eller text efter ett värde inom citattecken".to_owned(),
            "nycklar på samma nivå ska ha lika många mellanslag först; sätt hela texten inom citattecken".to_owned(),
            place,
        ),
        _ if problem == "could not find expected ':'" => (
            "en nyckel saknar kolon".to_owned(),
            "skriv 'nyckel: värde' på en rad; en text över flera rader behöver citattecken".to_owned(),
            place,
        ),
        _ if problem.contains("escape") => (
            "ett bakåtsnedstreck (\\) inom \"citattecken\" som YAML inte förstår".to_owned(),
            "skriv \\\\ för ett bakåtsnedstreck, eller använd 'enkla citattecken'".to_owned(),
            place,
        ),
        _ if problem == "control characters are not allowed"
            || problem.contains("UTF-8")
            || problem.contains("UTF-16")
            || problem.contains("Unicode") =>
        {
            (
                "filen innehåller ett osynligt styrtecken eller ett trasigt tecken".to_owned(),
                "ta bort tecknet: skriv om texten, eller kopiera den från en källa utan specialtecken".to_owned(),
                place,
            )
        }
        _ if problem.contains("tag") => (
            "ett '!' inleder en YAML-tagg här".to_owned(),
            "sätt texten inom citattecken, t.ex. namn: \"!Föreningen\"".to_owned(),
            place,
        ),
        _ if problem.contains("directive") || problem.contains("version number") => (
            "en rad som börjar med '%' är ett YAML-direktiv".to_owned(),
            "ta bort raden, eller sätt texten inom citattecken".to_owned(),
            place,
        ),
        _ if problem.contains("document indicator") || problem.contains("<document start>") => (
            "en rad med bara --- eller ... mitt i YAML-blocket".to_owned(),
            "ta bort raden; YAML-blocket slutar vid första raden med bara ---".to_owned(),
            place,
        ),
        _ if problem.contains("merging") || problem.contains("merge") => (
            "'<<' kan bara slå ihop nycklar med värden".to_owned(),
            "skriv ut nycklarna i stället för '<<'".to_owned(),
            place,
        ),
        _ if problem.contains("failed to parse YAML number") => (
            "ett tal som inte går att läsa".to_owned(),
            "skriv talet med siffrorna 0–9, eller sätt texten inom citattecken".to_owned(),
            place,
        ),
        _ if problem.contains("EOF") => (
            "texten tar slut mitt i ett värde".to_owned(),
            GENERIC_HINT.to_owned(),
            place,
        ),
        _ => {
            let (message, hint) = serde_error(problem);
            (message, hint, place)
        }
    };
    Explanation {
        message: format!("{PREFIX}{message}"),
        hint,
        place,
    }
}

/// The Swedish for a serde message (what a value should have been), with
/// the path serde_yaml puts first ("offentliga_parter[0].kommun: ") left out.
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

/// `problem` without the path serde_yaml may put first
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
