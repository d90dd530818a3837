//! Parse: every YAML text is read once, by saphyr's event parser, into the
//! JSON value that the JSON Schema and serde read, together with the place of
//! every key and value ([`Locations`]), so that each diagnostic can point at
//! the text an editor wrote.
//!
//! YAML's own rules are applied here, so that the checker gets plain data:
//! plain scalars are read by YAML 1.2's core schema (null, true/false,
//! numbers; anything else is text), anchors and aliases are expanded within a
//! budget, and what no content file can use is refused at the place it
//! stands: a key written twice, a key that is no text, a second document, a
//! tag, nesting without end.

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Tag};
use serde_json::{Map, Number, Value};

use crate::locate::{Locations, Place, escape};

/// The most values a document may hold with its aliases expanded: the
/// largest content file holds a few hundred, and ten aliases of aliases of
/// ten would otherwise make a few lines into billions ("billion laughs").
pub const MAX_VALUES: usize = 100_000;

/// The deepest nesting of lists and mappings. A content file needs three.
pub const MAX_DEPTH: usize = 100;

/// A YAML text read into its value and the places of its parts.
#[derive(Debug, Clone)]
pub struct Document {
    /// `Null` for a text with nothing but comments.
    pub value: Value,
    pub at: Locations,
}

/// Why a text is no YAML a content file can hold, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub problem: Problem,
    /// Where the parser stopped, or the part the problem is about.
    pub place: Option<Place>,
    /// Where what was being read when it stopped began: the `[` or `{` of an
    /// open list or mapping, or the quote of an open text. For something
    /// never closed, that is where to look.
    pub started: Option<Place>,
    /// The places of what was read before the problem.
    pub at: Locations,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The parser's own message (in English), for [`crate::explain`] to say
    /// in Swedish.
    Syntax(String),
    /// A key written a second time in its mapping.
    DuplicateKey(String),
    /// A key that is no text: `~:`, `? [a, b]`.
    KeyNotText,
    /// A line `---` after the first document.
    SecondDocument,
    /// More than [`MAX_VALUES`] values with the aliases expanded.
    TooManyValues,
    /// Deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A tag (`!name`) other than the core schema's.
    Tag(String),
    /// A text in quotes that is never closed, or not on its line.
    OpenQuote,
    /// A list `[` or mapping `{` in flow style that is not closed.
    OpenFlow(char),
}

/// Reads `yaml`, which starts on line `first_line` of its file.
pub fn parse(yaml: &str, first_line: usize) -> Result<Document, Failure> {
    let mut reader = Reader {
        text: Text::new(yaml),
        first_line,
        at: Locations::default(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        values: 0,
        last_end: None,
    };
    match reader.read() {
        Ok(()) => Ok(Document {
            value: reader.root.unwrap_or(Value::Null),
            at: reader.at,
        }),
        Err((problem, place, started)) => Err(Failure {
            problem,
            place,
            started,
            at: reader.at,
        }),
    }
}

/// Whether `text` written without quotes reads back as the same text.
pub fn is_plain_text(text: &str) -> bool {
    matches!(parse(text, 1), Ok(Document { value: Value::String(s), .. }) if s == text)
}

type Stop = (Problem, Option<Place>, Option<Place>);

struct Reader<'a> {
    text: Text<'a>,
    first_line: usize,
    at: Locations,
    /// The lists and mappings being read, innermost last.
    stack: Vec<Open>,
    /// Anchor id → its value and how many values it holds.
    anchors: HashMap<usize, (Value, usize)>,
    root: Option<Value>,
    /// Values read so far, aliases expanded.
    values: usize,
    /// Where the last event ended, to find the start of what follows it.
    last_end: Option<Marker>,
}

/// A list or mapping being read.
struct Open {
    pointer: String,
    anchor: usize,
    /// Where it starts, when written in flow style (`[`, `{`).
    flow: Option<Place>,
    /// The values it holds so far, its own included.
    values: usize,
    node: Node,
}

enum Node {
    Mapping {
        map: Map<String, Value>,
        /// The key whose value comes next, and its pointer.
        key: Option<(String, String)>,
    },
    Sequence(Vec<Value>),
}

impl Reader<'_> {
    fn read(&mut self) -> Result<(), Stop> {
        let mut documents = 0;
        let text = self.text.yaml;
        for event in Parser::new_from_str(text) {
            let (event, span) = event.map_err(|e| self.syntax_error(e.info(), *e.marker()))?;
            let place = self.place_of(span.start, span.end);
            self.last_end = Some(span.end);
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        return Err((Problem::SecondDocument, Some(place), None));
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    if self.in_key_position() {
                        self.key(&value, style, place)?;
                    } else {
                        let pointer = self.next_pointer();
                        self.at.set_value(&pointer, place);
                        let value = scalar(&value, style, tag.as_deref(), place)?;
                        self.count(1, place)?;
                        self.complete(value, anchor, 1);
                    }
                }
                Event::Alias(anchor) => {
                    if self.in_key_position() {
                        return Err((Problem::KeyNotText, Some(place), None));
                    }
                    let pointer = self.next_pointer();
                    self.at.set_value(&pointer, place);
                    let Some((value, values)) = self.anchors.get(&anchor).cloned() else {
                        let unknown = "while parsing node, found unknown anchor".to_owned();
                        return Err((Problem::Syntax(unknown), Some(place), None));
                    };
                    self.count(values, place)?;
                    self.complete(value, 0, values);
                }
                Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                    if self.in_key_position() {
                        return Err((Problem::KeyNotText, Some(place), None));
                    }
                    if let Some(tag) = tag.as_deref().filter(|t| !t.is_yaml_core_schema()) {
                        return Err((Problem::Tag(tag_text(tag)), Some(place), None));
                    }
                    if self.stack.len() >= MAX_DEPTH {
                        return Err((Problem::TooDeep, Some(place), None));
                    }
                    self.count(1, place)?;
                    let pointer = self.next_pointer();
                    self.at.set_value(&pointer, place);
                    let flow = matches!(self.text.char_at(span.start), Some('[' | '{'));
                    let node = if matches!(event, Event::SequenceStart(..)) {
                        Node::Sequence(Vec::new())
                    } else {
                        Node::Mapping {
                            map: Map::new(),
                            key: None,
                        }
                    };
                    self.stack.push(Open {
                        pointer,
                        anchor,
                        flow: flow.then_some(place),
                        values: 1,
                        node,
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let open = self.stack.pop().expect("the parser balances its events");
                    let value = match open.node {
                        Node::Sequence(items) => Value::Array(items),
                        Node::Mapping { map, .. } => Value::Object(map),
                    };
                    self.complete(value, open.anchor, open.values);
                }
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
            }
        }
        Ok(())
    }

    fn in_key_position(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Open {
                node: Node::Mapping { key: None, .. },
                ..
            })
        )
    }

    /// A scalar in key position: it names the value that follows.
    fn key(&mut self, text: &str, style: ScalarStyle, place: Place) -> Result<(), Stop> {
        if style == ScalarStyle::Plain && matches!(text, "" | "~" | "null" | "Null" | "NULL") {
            return Err((Problem::KeyNotText, Some(place), None));
        }
        let open = self.stack.last_mut().expect("in a mapping");
        let Node::Mapping { map, key } = &mut open.node else {
            unreachable!("in key position")
        };
        let pointer = format!("{}/{}", open.pointer, escape(text));
        if map.contains_key(text) {
            return Err((Problem::DuplicateKey(text.to_owned()), Some(place), None));
        }
        self.at.set_key(&pointer, place);
        *key = Some((text.to_owned(), pointer));
        Ok(())
    }

    /// The pointer of the value that begins now.
    fn next_pointer(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(Open {
                node: Node::Mapping { key, .. },
                pointer,
                ..
            }) => key
                .as_ref()
                .map_or_else(|| format!("{pointer}/?"), |(_, p)| p.clone()),
            Some(Open {
                node: Node::Sequence(items),
                pointer,
                ..
            }) => format!("{pointer}/{}", items.len()),
        }
    }

    fn count(&mut self, values: usize, place: Place) -> Result<(), Stop> {
        self.values = self.values.saturating_add(values);
        if self.values > MAX_VALUES {
            return Err((Problem::TooManyValues, Some(place), None));
        }
        Ok(())
    }

    /// A value read in full: kept under its anchor and put in its parent.
    fn complete(&mut self, value: Value, anchor: usize, values: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), values));
        }
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(open) => {
                open.values += values;
                match &mut open.node {
                    Node::Sequence(items) => items.push(value),
                    Node::Mapping { map, key } => {
                        let (name, _) = key.take().expect("a value follows its key");
                        map.insert(name, value);
                    }
                }
            }
        }
    }

    fn syntax_error(&self, info: &str, at: Marker) -> Stop {
        let mut place = self.place_of(at, at);
        let line = self.text.line(at.line());
        // A text in quotes that is not closed on its line: the parser reads
        // on into the lines below and stops somewhere after, or at the end.
        let quote = self.text.char_at(at).filter(|c| matches!(c, '"' | '\''));
        if let Some(q) = quote
            && !line.chars().skip(at.col() + 1).any(|c| c == q)
        {
            return (Problem::OpenQuote, Some(place), None);
        }
        if info.contains("quoted scalar, found unexpected end of stream") {
            return (Problem::OpenQuote, Some(place), self.started(info));
        }
        // The scanner stops after a tab; point at the tab.
        if info.contains("tab")
            && let Some(tab) = line
                .chars()
                .take(at.col() + 1)
                .collect::<Vec<_>>()
                .iter()
                .rposition(|&c| c == '\t')
        {
            place.column = tab + 1;
        }
        // In an open `[` or `{`, the flow's own errors and a ':' it cannot
        // hold mean the same: the list or mapping is not closed.
        let flow = self.stack.iter().rev().find_map(|open| open.flow);
        let in_flow = info.contains("flow sequence")
            || info.contains("flow mapping")
            || info.contains("':' indicator");
        if let Some(start) = flow.filter(|_| in_flow) {
            let opener = self
                .text
                .line(start.line + 1 - self.first_line)
                .chars()
                .nth(start.column - 1);
            return (
                Problem::OpenFlow(opener.unwrap_or('[')),
                Some(place),
                Some(start),
            );
        }
        (
            Problem::Syntax(info.to_owned()),
            Some(place),
            self.started(info),
        )
    }

    /// Where what the parser was reading began, for the errors of something
    /// left open.
    fn started(&self, info: &str) -> Option<Place> {
        if info.contains("quoted scalar") {
            let from = self.last_end.unwrap_or_default();
            let (line, col) = self.text.find_from(from, |c| c == '"' || c == '\'')?;
            return Some(Place {
                line: line + self.first_line - 1,
                column: col + 1,
                length: 1,
            });
        }
        self.stack.iter().rev().find_map(|open| open.flow)
    }

    fn place_of(&self, start: Marker, end: Marker) -> Place {
        let length = if end.line() == start.line() {
            end.index().saturating_sub(start.index())
        } else {
            1
        };
        Place {
            line: start.line() + self.first_line - 1,
            column: start.col() + 1,
            length: length.max(1),
        }
    }
}

/// A scalar value by the core schema: plain `~`, `null` and nothing are
/// null, `true` and `false` booleans, numbers numbers; everything else, and
/// everything quoted, is text. Numbers in other bases (0x7E7) are read as
/// numbers, for the checker to refuse as they are written.
fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>, place: Place) -> Result<Value, Stop> {
    let as_text = Value::String(text.to_owned());
    if let Some(tag) = tag {
        if !tag.is_yaml_core_schema() {
            return Err((Problem::Tag(tag_text(tag)), Some(place), None));
        }
        if tag.suffix == "str" {
            return Ok(as_text);
        }
    }
    if style != ScalarStyle::Plain {
        return Ok(as_text);
    }
    Ok(match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => number(text).map_or(as_text, Value::Number),
    })
}

fn number(text: &str) -> Option<Number> {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let radix = |prefix: &str, radix: u32| {
        let digits = text.strip_prefix(prefix)?;
        i64::from_str_radix(digits, radix).ok().map(Number::from)
    };
    if let Some(n) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        return Some(n);
    }
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match sign {
            1 => digits.parse::<u64>().ok().map(Number::from),
            _ => text.parse::<i64>().ok().map(Number::from),
        }
        .or_else(|| text.parse::<f64>().ok().and_then(Number::from_f64));
    }
    // A float as the core schema writes it: digits with a point or an
    // exponent (not "inf", "nan" or "1_000", which Rust would also read).
    let float = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    float
        .then(|| text.parse::<f64>().ok())
        .flatten()
        .and_then(Number::from_f64)
}

fn tag_text(tag: &Tag) -> String {
    format!("{}{}", tag.handle, tag.suffix)
}

/// The text, for looking up characters by the parser's line and column.
struct Text<'a> {
    yaml: &'a str,
    /// Byte offset of each line's start.
    lines: Vec<usize>,
}

impl<'a> Text<'a> {
    fn new(yaml: &'a str) -> Text<'a> {
        let lines = std::iter::once(0)
            .chain(yaml.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Text { yaml, lines }
    }

    fn line(&self, line: usize) -> &'a str {
        let Some(&start) = self.lines.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.lines.get(line).copied().unwrap_or(self.yaml.len());
        &self.yaml[start..end]
    }

    fn char_at(&self, at: Marker) -> Option<char> {
        self.line(at.line()).chars().nth(at.col())
    }

    /// The first character from `from` on that `found` accepts: its line
    /// and 0-based column.
    fn find_from(&self, from: Marker, found: impl Fn(char) -> bool) -> Option<(usize, usize)> {
        let mut col = from.col();
        for line in from.line().max(1)..=self.lines.len() {
            if let Some(i) = self.line(line).chars().skip(col).position(&found) {
                return Some((line, col + i));
            }
            col = 0;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn value(yaml: &str) -> Value {
        parse(yaml, 1).unwrap().value
    }

    fn problem(yaml: &str) -> (Problem, usize, usize) {
        let f = parse(yaml, 1).unwrap_err();
        let place = f.place.unwrap();
        (f.problem, place.line, place.column)
    }

    #[test]
    fn reads_the_core_schema() {
        assert_eq!(
            value(
                "a: ~\nb: true\nc: 2023\nd: -4\ne: 1.5\nf: 2023-04-01\ng: '2023'\nh: [x, \"y\"]\ni:\n"
            ),
            json!({"a": null, "b": true, "c": 2023, "d": -4, "e": 1.5, "f": "2023-04-01",
                   "g": "2023", "h": ["x", "y"], "i": null})
        );
        assert_eq!(value("0x7E7"), json!(2023));
        assert_eq!(value("!!str 2023"), json!("2023"));
        assert_eq!(value("inf"), json!("inf"));
        assert_eq!(value("# bara en kommentar\n"), Value::Null);
        assert!(is_plain_text("Malmö stad"));
        assert!(!is_plain_text("2023") && !is_plain_text("ja: nej") && !is_plain_text("@x"));
    }

    #[test]
    fn places_keys_and_values() {
        let d = parse(
            "namn: X\noffentliga_parter:\n  - kommun: Malmö\n  - region: Region Skåne\n    organ: [A, B]\n",
            2,
        )
        .unwrap();
        let region = d.at.value("/offentliga_parter/1/region").unwrap();
        assert_eq!((region.line, region.column, region.length), (5, 13, 12));
        assert_eq!(
            d.at.value("/offentliga_parter/1/organ/1").unwrap().column,
            16
        );
        assert_eq!(d.at.key("/offentliga_parter/1/organ").unwrap().column, 5);
        assert_eq!(d.at.value("/offentliga_parter/1/x").unwrap().line, 5);
    }

    #[test]
    fn expands_aliases_within_a_budget() {
        assert_eq!(
            value("a: &x [1, 2]\nb: *x\n"),
            json!({"a": [1, 2], "b": [1, 2]})
        );
        let mut laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n".to_owned();
        for i in 1..10 {
            let p = i - 1;
            laughs.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert_eq!(problem(&laughs).0, Problem::TooManyValues);
    }

    #[test]
    fn refuses_what_no_content_file_can_use() {
        assert_eq!(
            problem("namn: X\nlista:\n  - a: 1\n    a: 2\n"),
            (Problem::DuplicateKey("a".into()), 4, 5)
        );
        assert_eq!(problem("namn: X\n~: 1\n"), (Problem::KeyNotText, 2, 1));
        assert_eq!(
            problem("namn: X\n? [a, b]\n: c\n"),
            (Problem::KeyNotText, 2, 3)
        );
        assert_eq!(problem("- a\n---\n- b\n"), (Problem::SecondDocument, 2, 1));
        assert_eq!(problem("namn: !tagg X\n").0, Problem::Tag("!tagg".into()));
        let deep = format!("a: {}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(problem(&deep), (Problem::TooDeep, 1, 4 + MAX_DEPTH - 1));
    }

    #[test]
    fn an_open_list_or_text_is_found_where_it_began() {
        for (open, opener) in [("[a, b", '['), ("{a: b", '{'), ("[a\n  b", '[')] {
            let f = parse(&format!("namn: X\nlista: {open}\nslut: 2024\n"), 1).unwrap_err();
            assert_eq!(f.problem, Problem::OpenFlow(opener), "{open}");
            assert_eq!(
                f.started.map(|p| (p.line, p.column)),
                Some((2, 8)),
                "{open}"
            );
        }
        for open in [
            "namn: \"X\nslut: 2024\n",
            "namn: 'X\nslut: 2024\n",
            "namn: \"X",
        ] {
            let f = parse(open, 1).unwrap_err();
            assert_eq!(f.problem, Problem::OpenQuote, "{open}");
            let place = f.started.or(f.place).map(|p| (p.line, p.column));
            assert_eq!(place, Some((1, 7)), "{open}");
        }
    }
}
