//! The Swedish analyzer: the one place where text becomes terms.
//!
//! Indexing and querying use the same chain (tokenize on non-alphanumerics,
//! drop absurdly long tokens, lowercase, Swedish Snowball stemming). The
//! indexing chain adds one step: when a stem carries diacritics, its folded
//! form ("malmö" → "malmo") is emitted as well, at the same position. A query
//! typed without diacritics therefore finds both spellings, while a query
//! typed with them ("får") only finds the exact form.

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};

/// Name under which the indexing analyzer is registered in the index.
pub(crate) const INDEX_ANALYZER: &str = "sv";

/// Tokens longer than this (in bytes) are dropped: they are never words.
const MAX_TOKEN_BYTES: usize = 60;

/// The analyzer used on indexed text (and to find highlights in snippets).
pub fn index_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Swedish))
        .filter(FoldedVariants)
        .build()
}

/// The analyzer used on query text: the same chain without the folded
/// variants (the query keeps the form the user typed).
pub fn query_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .build()
}

/// Stems one lowercased word with the Swedish stemmer.
pub fn stem(word: &str) -> String {
    WordStemmer::new().stem(word)
}

/// The Swedish stemmer of the analyzers, for one word at a time.
pub struct WordStemmer(TextAnalyzer);

impl WordStemmer {
    pub fn new() -> WordStemmer {
        WordStemmer(
            TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
                .filter(Stemmer::new(Language::Swedish))
                .build(),
        )
    }

    /// Stems one lowercased word.
    pub fn stem(&mut self, word: &str) -> String {
        let mut stream = self.0.token_stream(word);
        let mut out = String::new();
        if stream.advance() {
            out.push_str(&stream.token().text);
        }
        out
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

/// Token filter emitting, after each token whose text has diacritics, a
/// second token with the folded text at the same position and offsets.
#[derive(Clone)]
pub struct FoldedVariants;

impl TokenFilter for FoldedVariants {
    type Tokenizer<T: Tokenizer> = FoldedVariantsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FoldedVariantsFilter<T> {
        FoldedVariantsFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct FoldedVariantsFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for FoldedVariantsFilter<T> {
    type TokenStream<'a> = FoldedVariantsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldedVariantsStream {
            tail: self.inner.token_stream(text),
            pending: None,
            current: Token::default(),
        }
    }
}

pub struct FoldedVariantsStream<S> {
    tail: S,
    /// Folded form of the token just emitted, to be emitted next.
    pending: Option<String>,
    current: Token,
}

impl<S: TokenStream> TokenStream for FoldedVariantsStream<S> {
    fn advance(&mut self) -> bool {
        if let Some(folded) = self.pending.take() {
            self.current.text = folded;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        // Copy rather than swap: upstream tokenizers keep state (the
        // position counter) in their token.
        let token = self.tail.token();
        self.pending = fold(&token.text);
        self.current.clone_from(token);
        true
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_sorted() {
        assert!(STOPWORDS.is_sorted());
        assert!(is_stopword("och") && is_stopword("över") && !is_stopword("stöd"));
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
