//! The Swedish analyzer: the one place where text becomes terms.
//!
//! Indexing and querying use the same chain (tokenize on non-alphanumerics,
//! drop absurdly long tokens, lowercase, Swedish Snowball stemming). The
//! index adds one step: when a stem carries diacritics, its folded form
//! ("malmö" → "malmo") is indexed as well, at the same position. A query
//! typed without diacritics therefore finds both spellings, while a query
//! typed with them ("får") only finds the exact form. None of this uses
//! tantivy, so the WebAssembly reader does not link it.

/// Tokens longer than this (in bytes) are dropped: they are never words.
const MAX_TOKEN_BYTES: usize = 60;

/// One word of a text: lowercased, with its byte range in the text and its
/// position (the how-many-th run of letters and digits it is, counting the
/// dropped overlong ones, so positions have the gaps tantivy gives them).
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub text: String,
    pub from: usize,
    pub to: usize,
    pub position: u32,
}

/// The words of a text: runs of letters and digits, lowercased, overlong
/// ones dropped. Queries, the vocabulary and highlighting use this as it
/// is; the index stems it and adds folded forms (`index.rs`).
pub fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let mut rest = text.char_indices().peekable();
    let mut position = 0u32;
    std::iter::from_fn(move || {
        loop {
            let (from, _) = rest.find(|(_, c)| c.is_alphanumeric())?;
            let mut to = text.len();
            while let Some(&(i, c)) = rest.peek() {
                if !c.is_alphanumeric() {
                    to = i;
                    break;
                }
                rest.next();
            }
            let at = position;
            position = position.wrapping_add(1);
            if to - from >= MAX_TOKEN_BYTES {
                continue;
            }
            let word = &text[from..to];
            let text = if word.is_ascii() {
                word.to_ascii_lowercase()
            } else {
                // Char by char, as tantivy's LowerCaser (no final sigma).
                word.chars().flat_map(char::to_lowercase).collect()
            };
            return Some(Token {
                text,
                from,
                to,
                position: at,
            });
        }
    })
}

/// Stems one lowercased word with the Swedish stemmer.
pub fn stem(word: &str) -> String {
    WordStemmer::new().stem(word)
}

/// The Swedish Snowball stemmer, for one word at a time.
pub struct WordStemmer(rust_stemmers::Stemmer);

impl WordStemmer {
    pub fn new() -> WordStemmer {
        WordStemmer(rust_stemmers::Stemmer::create(
            rust_stemmers::Algorithm::Swedish,
        ))
    }

    /// Stems one lowercased word.
    pub fn stem(&mut self, word: &str) -> String {
        self.0.stem(word).into_owned()
    }
}

/// One accent fold and one Swedish order for the whole project.
pub use iop_text::{collation_key, fold};

/// Common Swedish function words. A query drops them while it has other
/// words, so "stöd för kvinnor" does not require "för".
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// Sorted by bytes, for `binary_search`.
const STOPWORDS: &[&str] = &[
    "alla", "allt", "att", "av", "blev", "bli", "blir", "de", "dem", "den", "denna", "deras",
    "dess", "dessa", "det", "detta", "din", "du", "där", "då", "efter", "ej", "eller", "en", "er",
    "ett", "från", "för", "ha", "hade", "han", "hans", "har", "hon", "honom", "hur", "här", "i",
    "icke", "inom", "inte", "jag", "ju", "kan", "kunde", "man", "med", "mellan", "men", "mig",
    "min", "mot", "mycket", "ni", "nu", "när", "och", "om", "oss", "på", "samma", "sedan", "sig",
    "sin", "sina", "skulle", "som", "så", "till", "under", "upp", "ut", "utan", "vad", "var",
    "vara", "vi", "vid", "vilka", "vilken", "vår", "än", "är", "åt", "över",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_sorted() {
        assert!(STOPWORDS.is_sorted());
        assert!(is_stopword("och") && is_stopword("över") && !is_stopword("stöd"));
    }

    #[test]
    fn tokens_lowercase_with_offsets_and_positions() {
        let long = "x".repeat(MAX_TOKEN_BYTES);
        let text = format!("Stöd, {long} till ÅRE-kommun");
        let got: Vec<(String, &str, u32)> = tokens(&text)
            .map(|t| (t.text, &text[t.from..t.to], t.position))
            .collect();
        let want = [
            ("stöd", "Stöd", 0),
            ("till", "till", 2),
            ("åre", "ÅRE", 3),
            ("kommun", "kommun", 4),
        ];
        assert_eq!(got.len(), want.len());
        for ((t, s, p), (wt, ws, wp)) in got.iter().zip(want) {
            assert_eq!((t.as_str(), *s, *p), (wt, ws, wp));
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("malmö").as_deref(), Some("malmo"));
        assert_eq!(fold("malmo"), None);
        assert_eq!(fold("göteborg").as_deref(), Some("goteborg"));
    }

    #[test]
    fn collation() {
        let mut v = vec!["Örebro", "Ängelholm", "Åre", "Zinkgruvan", "arboga"];
        v.sort_by_key(|s| collation_key(s));
        assert_eq!(v, ["arboga", "Zinkgruvan", "Åre", "Ängelholm", "Örebro"]);
    }
}
