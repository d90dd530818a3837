//! The catalogue's own vocabulary: every word (lowercased, unstemmed) of
//! the searchable fields, with the number of partnerships using it.
//!
//! The index's terms are stems; a query word is matched through
//! the words people actually wrote, so that
//!
//! * a typo is corrected on the word as written ("hemlösheet" → "hemlöshet",
//!   whose stem is "hemlös"), not on its stem, which for a misspelt ending
//!   is nothing like the right one;
//! * a word typed without diacritics finds the words it folds from
//!   ("vasteras" → "västerås") and no longer the words its own stem happens
//!   to match ("vasteras" stems to "vaster", as in Västerort);
//! * the word being typed is a prefix of words, not of stems ("skane" →
//!   "skåne", not everything starting with "skan");
//! * Swedish compounds are split over this vocabulary, with the linking
//!   -s-, -e-, -a- (and the -o-/-u- of "kvinno-", "gatu-"): "jour" finds
//!   "kvinnojouren" and "brottsofferjouren", and an unknown compound such
//!   as "idrottsföreningar" can be searched as its parts.
//!
//! The word list is built with the index and stored in its table; the
//! stems, folded forms and compound splits are derived when the index is
//! opened, by the same code in `iop search` and the browser.

use std::collections::{HashMap, HashSet};

use crate::analysis::{WordStemmer, fold};
use crate::order;

/// A compound's parts are at least this long (in chars): the first …
const MIN_HEAD_CHARS: usize = 3;
/// … and the last.
const MIN_TAIL_CHARS: usize = 4;
/// Letters that may join the parts of a compound ("idrott-s-förening",
/// "kvinn-o-jour", "gat-u-kök", "skol-a-…").
const LINKS: [char; 5] = ['s', 'e', 'a', 'o', 'u'];
/// Typo correction needs a word this long (in chars) …
pub(crate) const TYPO_MIN_CHARS: usize = 4;
/// … and below this length the correction must keep the first letter, so
/// that a short word is never "corrected" into an unrelated one.
const TYPO_SAME_FIRST_BELOW: usize = 7;

/// Index of a word in the vocabulary.
pub(crate) type WordId = u32;

pub(crate) struct Lexicon {
    /// Sorted, distinct, lowercased.
    words: Vec<String>,
    /// Partnerships using each word.
    df: Vec<u32>,
    /// Each word's stem, as the index has it.
    stems: Vec<String>,
    /// Each word without diacritics (the word itself when it has none).
    keys: Vec<String>,
    /// Folded word → the words that fold to it.
    by_key: HashMap<String, Vec<WordId>>,
    /// Folded stems of all words.
    stem_keys: HashSet<String>,
    /// Folded stem of a compound part → the compounds containing it.
    by_part: HashMap<String, Vec<WordId>>,
}

impl Lexicon {
    /// `words` sorted and distinct, `df` of the same length.
    pub fn new(words: Vec<String>, df: Vec<u32>) -> Lexicon {
        let mut stemmer = WordStemmer::new();
        let stems: Vec<String> = words.iter().map(|w| stemmer.stem(w)).collect();
        let keys: Vec<String> = words.iter().map(|w| key(w)).collect();
        let mut by_key: HashMap<String, Vec<WordId>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            by_key.entry(k.clone()).or_default().push(i as WordId);
        }
        let stem_keys: HashSet<String> = stems.iter().map(|s| key(s)).collect();
        let mut lexicon = Lexicon {
            words,
            df,
            stems,
            keys,
            by_key,
            stem_keys,
            by_part: HashMap::new(),
        };
        let mut by_part: HashMap<String, Vec<WordId>> = HashMap::new();
        for i in 0..lexicon.words.len() {
            let mut parts = Vec::new();
            lexicon.split_into(&lexicon.keys[i], &mut stemmer, &mut parts, false);
            if parts.len() > 1 {
                order::sort_dedup(&mut parts);
                for p in parts {
                    by_part.entry(p).or_default().push(i as WordId);
                }
            }
        }
        lexicon.by_part = by_part;
        lexicon
    }

    /// Each word's stem, as the index has it.
    pub fn stems(&self) -> impl Iterator<Item = &str> {
        self.stems.iter().map(String::as_str)
    }

    pub fn word(&self, id: WordId) -> &str {
        &self.words[id as usize]
    }

    pub fn df(&self, id: WordId) -> u32 {
        self.df[id as usize]
    }

    /// The index term of a word for a query: its stem, folded when the
    /// query word has no diacritics (the index has both forms).
    pub fn term(&self, id: WordId, folded: bool) -> String {
        let stem = &self.stems[id as usize];
        if folded {
            fold(stem).unwrap_or_else(|| stem.clone())
        } else {
            stem.clone()
        }
    }

    /// The words a query word stands for as written: itself, or, typed
    /// without diacritics, every word that folds to it.
    pub fn exact(&self, word: &str) -> Vec<WordId> {
        if fold(word).is_some() {
            self.words
                .binary_search_by(|w| w.as_str().cmp(word))
                .map(|i| vec![i as WordId])
                .unwrap_or_default()
        } else {
            self.by_key.get(word).cloned().unwrap_or_default()
        }
    }

    /// The words that begin with `prefix` (ignoring diacritics when it has
    /// none).
    pub fn prefixed(&self, prefix: &str) -> Vec<WordId> {
        let accented = fold(prefix).is_some();
        (0..self.words.len())
            .filter(|&i| {
                if accented {
                    self.words[i].starts_with(prefix)
                } else {
                    self.keys[i].starts_with(prefix)
                }
            })
            .map(|i| i as WordId)
            .collect()
    }

    /// The compounds that have the word's stem as one of their parts.
    pub fn compounds(&self, stem: &str) -> &[WordId] {
        self.by_part.get(&key(stem)).map_or(&[], Vec::as_slice)
    }

    /// Words one edit (a transposition counts as one) from `word`,
    /// diacritics ignored; short words keep their first letter. Of those,
    /// only the likeliest kind of typo counts (a letter doubled or not
    /// doubled, then two letters swapped, then any other edit: "rada" is
    /// "rädda" rather than "röda"), most used first. Empty for words under
    /// [`TYPO_MIN_CHARS`].
    pub fn near(&self, word: &str) -> Vec<WordId> {
        let k: Vec<char> = key(word).chars().collect();
        let n = k.len();
        if n < TYPO_MIN_CHARS {
            return Vec::new();
        }
        let mut found: Vec<(u8, WordId)> = Vec::new();
        let mut c: Vec<char> = Vec::new();
        for (i, candidate) in self.keys.iter().enumerate() {
            c.clear();
            c.extend(candidate.chars());
            if c.len() < TYPO_MIN_CHARS
                || c.len().abs_diff(n) > 1
                || (n < TYPO_SAME_FIRST_BELOW && c[0] != k[0])
            {
                continue;
            }
            if let Some(cost) = typo_cost(&k, &c) {
                found.push((cost, i as WordId));
            }
        }
        let best = found.iter().map(|&(cost, _)| cost).min();
        let mut out: Vec<WordId> = found
            .into_iter()
            .filter(|&(cost, _)| Some(cost) == best)
            .map(|(_, id)| id)
            .collect();
        order::sort_by(&mut out, |&a, &b| {
            self.df(b).cmp(&self.df(a)).then(a.cmp(&b))
        });
        out
    }

    /// Splits an unknown word into known parts (folded stems), or returns
    /// an empty list when it is no compound of the vocabulary.
    pub fn split(&self, word: &str) -> Vec<String> {
        let mut parts = Vec::new();
        self.split_into(&key(word), &mut WordStemmer::new(), &mut parts, true);
        if parts.len() > 1 { parts } else { Vec::new() }
    }

    /// The coordinations of a text's tokens (lowercased word, from, to)
    /// that leave out a word's last part: "Kvinno- och tjejjouren" also
    /// says "kvinnojouren", "arbetsmarknads- och socialnämnden" also
    /// "arbetsmarknadsnämnden". Per coordination: the indexes of the first
    /// and the last token, and the completed word.
    pub fn coordinations(
        &self,
        text: &str,
        tokens: &[(String, usize, usize)],
    ) -> Vec<(usize, usize, String)> {
        coordinations(text, tokens, &|piece| self.known(piece))
    }

    /// Whether a (folded) piece is a word of the vocabulary or a stem of one.
    fn known(&self, piece: &str) -> bool {
        self.by_key.contains_key(piece) || self.stem_keys.contains(piece)
    }

    /// Appends the parts of `word` (folded) to `parts`: the folded stems
    /// of a head and a tail that are both known, the head possibly with a
    /// linking letter, each split further; or the word's own stem when it
    /// does not split. The first split from the left wins (the longest
    /// tail), and the whole word is never its own part.
    fn split_into(
        &self,
        word: &str,
        stemmer: &mut WordStemmer,
        parts: &mut Vec<String>,
        top: bool,
    ) {
        let cuts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
        let n = cuts.len();
        if n >= MIN_HEAD_CHARS + MIN_TAIL_CHARS {
            for &at in &cuts[MIN_HEAD_CHARS..=n - MIN_TAIL_CHARS] {
                let (head, tail) = word.split_at(at);
                let tail_ok = self.known(tail) || (top && self.known(&key(&stemmer.stem(tail))));
                if !tail_ok {
                    continue;
                }
                let head = if self.known(head) {
                    Some(head)
                } else {
                    head.strip_suffix(LINKS)
                        .filter(|h| h.chars().count() >= MIN_HEAD_CHARS && self.known(h))
                };
                if let Some(head) = head {
                    self.split_into(head, stemmer, parts, false);
                    self.split_into(tail, stemmer, parts, false);
                    return;
                }
            }
        }
        if !top {
            parts.push(key(&stemmer.stem(word)));
        }
    }
}

/// The longest known word that ends `word` and is not all of it, as
/// written ("tjejjouren" → "jouren"): the last part of the compound
/// in "kvinno- och tjejjouren", where the coordination itself says
/// that it is one (so the first part need not be a known word).
/// `known` says whether a (folded) piece is a word of the vocabulary or a
/// stem of one (see `Lexicon::known`).
pub(crate) fn tail<'a>(word: &'a str, known: &dyn Fn(&str) -> bool) -> Option<&'a str> {
    let chars: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    (2..chars.len().saturating_sub(MIN_TAIL_CHARS - 1))
        .map(|cut| &word[chars[cut]..])
        .find(|tail| known(&key(tail)))
}

/// `Lexicon::coordinations`, over the vocabulary `known` says a (folded)
/// piece is a word or a stem of.
pub(crate) fn coordinations(
    text: &str,
    tokens: &[(String, usize, usize)],
    known: &dyn Fn(&str) -> bool,
) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (i, w) in tokens.windows(3).enumerate() {
        let [(first, _, end), (and, from, to), (last, next, _)] = w else {
            continue;
        };
        if text[*end..*from].trim_end() == "-"
            && matches!(and.as_str(), "och" | "eller" | "samt")
            && text[*to..*next].trim().is_empty()
            && let Some(tail) = tail(last, known)
        {
            out.push((i, i + 2, format!("{first}{tail}")));
        }
    }
    out
}

/// How likely a typo turns `b` into `a`, when they are one edit apart:
/// 1 a letter doubled or undoubled, 2 two neighbours swapped, 3 any other
/// insertion, deletion or substitution; `None` when equal or further apart.
pub(crate) fn typo_cost(a: &[char], b: &[char]) -> Option<u8> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 || a == b {
        return None;
    }
    let i = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() < long.len() {
        // long[i] is the extra letter.
        if short[i..] != long[i + 1..] {
            return None;
        }
        let doubled = (i > 0 && long[i - 1] == long[i]) || long.get(i + 1) == Some(&long[i]);
        return Some(if doubled { 1 } else { 3 });
    }
    if short[i + 1..] == long[i + 1..] {
        Some(3)
    } else if i + 1 < short.len()
        && short[i] == long[i + 1]
        && short[i + 1] == long[i]
        && short[i + 2..] == long[i + 2..]
    {
        Some(2)
    } else {
        None
    }
}

/// A word without diacritics.
pub(crate) fn key(word: &str) -> String {
    fold(word).unwrap_or_else(|| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(words: &[&str]) -> Lexicon {
        let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        w.sort();
        w.dedup();
        let n = w.len();
        Lexicon::new(w, vec![1; n])
    }

    fn words(l: &Lexicon, ids: &[WordId]) -> Vec<String> {
        let mut v: Vec<String> = ids.iter().map(|&i| l.word(i).to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn compounds_split_over_the_vocabulary() {
        let l = lexicon(&[
            "kvinnor",
            "kvinnojouren",
            "jouren",
            "brottsoffer",
            "brottsofferjouren",
            "idrott",
            "föreningen",
            "barnen",
            "hemlöshet",
            "ensamhet",
        ]);
        assert_eq!(
            words(&l, l.compounds("jour")),
            ["brottsofferjouren", "kvinnojouren"]
        );
        assert!(l.compounds("barn").is_empty());
        // Parts are folded stems (the stemmer undoubles "idrott").
        assert_eq!(l.split("idrottsföreningar"), ["idrot", "forening"]);
        assert!(l.split("hemlösheten").is_empty());
        assert!(l.split("ensamheten").is_empty());
        assert_eq!(tail("brottsofferjouren", &|p| l.known(p)), Some("jouren"));
        assert_eq!(tail("tjejjouren", &|p| l.known(p)), Some("jouren"));
        assert_eq!(tail("barnen", &|p| l.known(p)), None);
    }

    #[test]
    fn typo_costs() {
        let c = |a: &str, b: &str| {
            typo_cost(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(c("rada", "radda"), Some(1));
        assert_eq!(c("hemlosheet", "hemloshet"), Some(1));
        assert_eq!(c("kvinnojuor", "kvinnojour"), Some(2));
        assert_eq!(c("rada", "roda"), Some(3));
        assert_eq!(c("fryshset", "fryshuset"), Some(3));
        assert_eq!(c("rada", "radar"), Some(3));
        assert_eq!(c("rada", "rada"), None);
        assert_eq!(c("rada", "dara"), None);
        assert_eq!(c("kvinnjuor", "kvinnojour"), None);
    }

    #[test]
    fn near_words_keep_short_words_apart() {
        let l = lexicon(&["skåne", "ska", "kan", "rädda", "radar", "lund", "hemlöshet"]);
        // "radar" and "röda" are one edit away too, but a missing double
        // letter is the likelier typo.
        assert_eq!(words(&l, &l.near("rada")), ["rädda"]);
        let l2 = lexicon(&["rädda", "röda", "radar"]);
        assert_eq!(words(&l2, &l2.near("rada")), ["rädda"]);
        assert!(l2.near("roda").is_empty(), "an exact word is no typo");
        assert_eq!(words(&l2, &l2.near("rodda")), ["röda"]);
        assert!(l.near("ska").is_empty());
        assert!(l.near("dund").is_empty(), "first letter of a short word");
        assert_eq!(words(&l, &l.near("hemlosheet")), ["hemlöshet"]);
        assert_eq!(words(&l, &l.exact("skane")), ["skåne"]);
        assert!(l.exact("skåne ").is_empty());
        assert_eq!(words(&l, &l.prefixed("hem")), ["hemlöshet"]);
    }
}
