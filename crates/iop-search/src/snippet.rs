//! Highlighting: which words of a text the query matched, as escaped HTML
//! with `<mark>`, and the best excerpt of a long text.
//!
//! A word is marked when one of the terms the index analyzer makes of it
//! (its stem, or the stem's folded form) is among the terms the query
//! matched, whether as written, in a compound, corrected or as a prefix:
//! what is marked is what matched.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use crate::analysis::{WordStemmer, fold, tokens};
use crate::lexicon::Lexicon;

/// Length of an excerpt, in characters (roughly; cut at word boundaries).
const SNIPPET_CHARS: usize = 220;
/// Characters of context kept before the first highlighted word.
const LEAD_CHARS: usize = 50;

/// What to highlight.
pub(crate) struct Matcher<'a> {
    /// For coordinations ("kvinno- och tjejjouren" says "kvinnojouren").
    lexicon: &'a Lexicon,
    /// The index terms the query matched.
    terms: HashSet<String>,
    stemmer: RefCell<WordStemmer>,
    /// Whether a lowercased word matches, by word: texts repeat words.
    known: RefCell<HashMap<String, bool>>,
}

impl<'a> Matcher<'a> {
    pub fn new(terms: HashSet<String>, lexicon: &'a Lexicon) -> Matcher<'a> {
        Matcher {
            lexicon,
            terms,
            stemmer: RefCell::new(WordStemmer::new()),
            known: RefCell::new(HashMap::new()),
        }
    }

    /// Whether a lowercased word of a text matches: its stem, or the
    /// stem's folded form (the terms the index analyzer makes of it).
    fn word_matches(&self, word: &str) -> bool {
        if let Some(&known) = self.known.borrow().get(word) {
            return known;
        }
        let stem = self.stemmer.borrow_mut().stem(word);
        let matches = self.matches(&stem) || fold(&stem).is_some_and(|f| self.matches(&f));
        self.known.borrow_mut().insert(word.to_string(), matches);
        matches
    }

    fn matches(&self, term: &str) -> bool {
        self.terms.contains(term)
    }

    /// Byte ranges of matched words in `text`, sorted and disjoint.
    fn ranges(&self, text: &str) -> Vec<(usize, usize)> {
        if self.terms.is_empty() {
            return Vec::new();
        }
        let words: Vec<(String, usize, usize)> =
            tokens(text).map(|t| (t.text, t.from, t.to)).collect();
        let mut marked: Vec<bool> = words.iter().map(|(w, _, _)| self.word_matches(w)).collect();
        for (first, last, word) in self.lexicon.coordinations(text, &words) {
            if self.word_matches(&word) {
                marked[first] = true;
                marked[last] = true;
            }
        }
        // In text order, never overlapping.
        words
            .into_iter()
            .zip(marked)
            .filter(|(_, m)| *m)
            .map(|((_, from, to), _)| (from, to))
            .collect()
    }
}

/// The whole text as HTML, matched words marked.
pub(crate) fn highlight_all(text: &str, matcher: &Matcher<'_>) -> String {
    render(text, 0, text.len(), &matcher.ranges(text))
}

/// An excerpt of about [`SNIPPET_CHARS`] characters around the densest run
/// of matched words (or the beginning, without any), as HTML.
pub(crate) fn snippet(text: &str, matcher: &Matcher<'_>) -> String {
    let ranges = matcher.ranges(text);
    if text.chars().count() <= SNIPPET_CHARS {
        return render(text, 0, text.len(), &ranges);
    }
    // Byte length of SNIPPET_CHARS characters starting at `from`.
    let window_end = |from: usize| {
        text[from..]
            .char_indices()
            .nth(SNIPPET_CHARS)
            .map_or(text.len(), |(i, _)| from + i)
    };
    // Pick the window that starts at a match and covers the most matches.
    let mut start = 0;
    let mut best = 0;
    for (i, r) in ranges.iter().enumerate() {
        let end = window_end(r.0);
        let covered = ranges[i..].iter().take_while(|x| x.1 <= end).count();
        if covered > best {
            best = covered;
            start = r.0;
        }
    }
    // Some context before the first match, from a word boundary.
    if start > 0 {
        let back = text[..start]
            .char_indices()
            .rev()
            .nth(LEAD_CHARS)
            .map_or(0, |(i, _)| i);
        start = if back == 0 {
            0
        } else {
            text[back..start]
                .find(char::is_whitespace)
                .map_or(start, |i| back + i + 1)
        };
    }
    let mut end = window_end(start);
    if end < text.len() {
        // Back to the end of the last whole word.
        end = text[start..end]
            .rfind(char::is_whitespace)
            .map_or(end, |i| start + i);
    }
    let body = text[start..end].trim_end_matches(|c: char| c.is_whitespace() || c == ',');
    let end = start + body.len();
    let mut html = String::new();
    if start > 0 {
        html.push('…');
    }
    html.push_str(&render(text, start, end, &ranges));
    if end < text.len() {
        html.push('…');
    }
    html
}

/// Escapes `text[from..to]`, wrapping the given ranges in `<mark>`.
fn render(text: &str, from: usize, to: usize, ranges: &[(usize, usize)]) -> String {
    let mut html = String::with_capacity(to - from + 32);
    let mut pos = from;
    for &(a, b) in ranges {
        if b <= from || a >= to {
            continue;
        }
        let (a, b) = (a.max(from), b.min(to));
        escape_into(&text[pos..a], &mut html);
        html.push_str("<mark>");
        escape_into(&text[a..b], &mut html);
        html.push_str("</mark>");
        pos = b;
    }
    escape_into(&text[pos..to], &mut html);
    html
}

pub(crate) fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let lexicon = Lexicon::new(Vec::new(), Vec::new());
        let m = Matcher::new(HashSet::new(), &lexicon);
        assert_eq!(
            highlight_all("a < b & \"c\"", &m),
            "a &lt; b &amp; &quot;c&quot;"
        );
    }
}
