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
    words(text).map(|w| {
        let mut text = String::with_capacity(w.text.len());
        lowercase_into(w.text, &mut text);
        Token {
            text,
            from: w.from,
            to: w.to,
            position: w.position,
        }
    })
}

/// One word of a text as written, before lowercasing: what [`tokens`]
/// yields, without its allocation, for the index, which meets each word
/// thousands of times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Word<'t> {
    pub text: &'t str,
    pub from: usize,
    pub to: usize,
    pub position: u32,
}

/// The words of a text as written: runs of letters and digits, overlong
/// ones dropped (see [`tokens`]).
pub fn words(text: &str) -> Words<'_> {
    Words {
        text,
        rest: text.char_indices().peekable(),
        position: 0,
    }
}

/// The iterator of [`words`].
pub struct Words<'t> {
    text: &'t str,
    rest: std::iter::Peekable<std::str::CharIndices<'t>>,
    position: u32,
}

impl<'t> Iterator for Words<'t> {
    type Item = Word<'t>;

    fn next(&mut self) -> Option<Word<'t>> {
        loop {
            let (from, _) = self.rest.find(|(_, c)| c.is_alphanumeric())?;
            let mut to = self.text.len();
            while let Some(&(i, c)) = self.rest.peek() {
                if !c.is_alphanumeric() {
                    to = i;
                    break;
                }
                self.rest.next();
            }
            let position = self.position;
            self.position = self.position.wrapping_add(1);
            if to - from < MAX_TOKEN_BYTES {
                return Some(Word {
                    text: &self.text[from..to],
                    from,
                    to,
                    position,
                });
            }
        }
    }
}

/// Appends `word` lowercased to `out`: char by char, as tantivy's
/// LowerCaser (no final sigma).
pub fn lowercase_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
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
