//! Where each value of a YAML document stands, so that every diagnostic can
//! name the line and column of the text an editor wrote.

use std::collections::HashMap;

/// The place of one node: 1-based line and column, and its length in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    pub length: usize,
}

/// Positions of every key and value, by JSON pointer ("/offentliga_parter/1/kommun").
/// Filled by the parser ([`crate::yaml`]) as it reads.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Locations {
    values: HashMap<String, Place>,
    keys: HashMap<String, Place>,
}

impl Locations {
    pub fn set_value(&mut self, pointer: &str, place: Place) {
        self.values.insert(pointer.to_owned(), place);
    }

    pub fn set_key(&mut self, pointer: &str, place: Place) {
        self.keys.insert(pointer.to_owned(), place);
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

/// Escapes a key as a JSON pointer token (RFC 6901).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
