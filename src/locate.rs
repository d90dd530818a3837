//! Where each value of a YAML document stands, so that every diagnostic can
//! name the line and column of the text an editor wrote. serde_yaml gives
//! data but no positions; the YAML event parser gives positions.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// The place of one node: 1-based line and column, and its length in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    pub length: usize,
}

/// Positions of every key and value, by JSON pointer ("/offentliga_parter/1/kommun").
#[derive(Debug, Default)]
pub struct Locations {
    values: HashMap<String, Place>,
    keys: HashMap<String, Place>,
    /// The first key that stands a second time in its mapping: its pointer
    /// and the place of the second occurrence.
    pub duplicate: Option<(String, Place)>,
    /// The first key that is no text (`~:`, `null:`, `? [a]`), which no
    /// content file can use.
    pub odd_key: Option<Place>,
    /// Where a second YAML document starts (a line `---` after the first).
    pub second_document: Option<Place>,
}

impl Locations {
    /// Reads the positions from `yaml`, which starts on line `first_line` of
    /// its file. Broken YAML yields what was read before the break.
    pub fn of(yaml: &str, first_line: usize) -> Locations {
        let mut locations = Locations::default();
        let mut stack: Vec<Frame> = Vec::new();
        let place = |span: Span| {
            let (start, end) = (span.start, span.end);
            let length = if end.line() == start.line() {
                end.index().saturating_sub(start.index())
            } else {
                1
            };
            Place {
                line: start.line() + first_line - 1,
                column: start.col() + 1,
                length: length.max(1),
            }
        };
        let mut documents = 0;
        for event in Parser::new_from_str(yaml) {
            let Ok((event, span)) = event else { break };
            if let Event::DocumentStart(_) = event {
                documents += 1;
                if documents == 2 && locations.second_document.is_none() {
                    locations.second_document = Some(place(span));
                }
            }
            let opens = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
            let is_node = opens || matches!(event, Event::Scalar(..) | Event::Alias(..));
            if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
                stack.pop();
                continue;
            }
            if !is_node {
                continue;
            }
            // A scalar in key position of a mapping names the next value.
            if let Some(Frame::Mapping { pointer, key, seen }) = stack.last_mut()
                && key.is_none()
            {
                let Event::Scalar(text, style, ..) = &event else {
                    // A list or mapping as a key: remember it, and give it
                    // (and its value) a pointer no content key can have.
                    locations.odd_key.get_or_insert(place(span));
                    let child = format!("{pointer}/?");
                    *key = Some(child.clone());
                    match event {
                        Event::MappingStart(..) => stack.push(Frame::Mapping {
                            pointer: child,
                            key: None,
                            seen: HashSet::new(),
                        }),
                        Event::SequenceStart(..) => stack.push(Frame::Sequence {
                            pointer: child,
                            next: 0,
                        }),
                        _ => {}
                    }
                    continue;
                };
                if *style == ScalarStyle::Plain
                    && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL")
                {
                    locations.odd_key.get_or_insert(place(span));
                }
                let child = format!("{pointer}/{}", escape(text));
                if !seen.insert(text.to_string()) && locations.duplicate.is_none() {
                    locations.duplicate = Some((child.clone(), place(span)));
                }
                locations.keys.insert(child.clone(), place(span));
                *key = Some(child);
                continue;
            }
            let pointer = match stack.last_mut() {
                None => String::new(),
                Some(Frame::Mapping { key, .. }) => key.take().unwrap_or_default(),
                Some(Frame::Sequence { pointer, next }) => {
                    *next += 1;
                    format!("{pointer}/{}", *next - 1)
                }
            };
            locations.values.insert(pointer.clone(), place(span));
            match event {
                Event::MappingStart(..) => stack.push(Frame::Mapping {
                    pointer,
                    key: None,
                    seen: HashSet::new(),
                }),
                Event::SequenceStart(..) => stack.push(Frame::Sequence { pointer, next: 0 }),
                _ => {}
            }
        }
        locations
    }

    /// The value at `pointer`, or the nearest enclosing node that has a place.
    pub fn value(&self, pointer: &str) -> Option<Place> {
        let mut pointer = pointer;
        loop {
            if let Some(place) = self.values.get(pointer) {
                return Some(*place);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }

    /// The key of the entry at `pointer` (falling back to its value).
    pub fn key(&self, pointer: &str) -> Option<Place> {
        self.keys
            .get(pointer)
            .copied()
            .or_else(|| self.value(pointer))
    }
}

enum Frame {
    Mapping {
        pointer: String,
        key: Option<String>,
        /// The keys read so far, to find one written twice.
        seen: HashSet<String>,
    },
    Sequence {
        pointer: String,
        next: usize,
    },
}

/// Escapes a key as a JSON pointer token (RFC 6901).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values_in_block_and_flow_style() {
        let yaml = "namn: X\noffentliga_parter:\n  - kommun: Malmö\n  - region: Region Skåne\n    organ: [A, B]\n";
        let at = Locations::of(yaml, 2);
        assert_eq!(
            at.value("/namn"),
            Some(Place {
                line: 2,
                column: 7,
                length: 1
            })
        );
        assert_eq!(at.value("/offentliga_parter/0/kommun").unwrap().line, 4);
        let region = at.value("/offentliga_parter/1/region").unwrap();
        assert_eq!((region.line, region.column, region.length), (5, 13, 12));
        assert_eq!(at.value("/offentliga_parter/1/organ/1").unwrap().column, 16);
        assert_eq!(at.key("/offentliga_parter/1/organ").unwrap().column, 5);
        // Unknown pointers fall back to the nearest known parent.
        assert_eq!(at.value("/offentliga_parter/1/x").unwrap().line, 5);
    }

    #[test]
    fn finds_the_second_of_two_equal_keys_and_keys_that_are_no_text() {
        let at = Locations::of(
            "namn: X
lista:
  - a: 1
    a: 2
namn: Y
",
            2,
        );
        let (pointer, place) = at.duplicate.clone().unwrap();
        assert_eq!(
            (pointer.as_str(), place.line, place.column),
            ("/lista/0/a", 5, 5)
        );
        assert_eq!(at.odd_key, None);
        let at = Locations::of(
            "namn: X
? [a, b]
: c
slut: 2024
",
            1,
        );
        assert_eq!(at.odd_key.map(|p| (p.line, p.column)), Some((2, 3)));
        // The value after an odd key still has its place.
        assert_eq!(at.value("/slut").unwrap().line, 4);
        let at = Locations::of(
            "- a
---
- b
",
            1,
        );
        assert_eq!(at.second_document.map(|p| p.line), Some(2));
    }
}
