//! The compact index: what searching reads of the index tantivy builds.
//!
//! `build_index` has tantivy analyse and index the catalogue, then exports
//! from its segment only what matching and scoring use: per term and field
//! the documents with the term frequency, the positions (for phrases), and
//! per document and field tantivy's (quantised) field norm. The reader
//! (`search.rs`) scores these with tantivy's BM25 formula, bit for bit, and
//! never links tantivy, which was most of the WebAssembly module.
//!
//! Terms are not stored: they are the stems of the vocabulary's words and
//! their folded forms ([`index_terms`]), which the reader derives from the
//! vocabulary it has anyway; a term is its place in that sorted list. The
//! postings and the positions are cut into parts of consecutive terms
//! (so the words a prefix completes to mostly share a part), each a file of
//! its own, so that a search fetches only the parts its terms are in. What
//! a hit shows (slug, name, parties, period) is in parts too, by range of
//! documents in the order of their names, so only the hits shown are
//! fetched. The main bundle says where each part begins and what it is
//! called ([`Layout`]): a part is named by what it holds, so a part an
//! edit did not change keeps its name, and a browser its cached copy.

use crate::Error;
use crate::analysis::fold;
use crate::codec::Reader;
#[cfg(feature = "indexing")]
use crate::codec::Writer;
use crate::order;

/// The searchable fields, in this order: the partnership's name; the
/// organisations (display names, aliases, parents); the public side
/// (kommun, region, organ) and focus areas; the description with what the
/// organisations are.
pub(crate) const FIELDS: usize = 4;
/// Relative weight of a match in each field.
pub(crate) const BOOSTS: [f32; FIELDS] = [3.0, 2.5, 1.5, 1.0];

/// A part holds consecutive terms until its encoding reaches this many
/// bytes (before gzip): small enough that a query fetches little of a large
/// catalogue, large enough that a small one is a few requests.
#[cfg(feature = "indexing")]
pub(crate) const PART_BYTES: usize = 3_000;
/// A display part holds consecutive documents until this many bytes: the
/// twenty hits shown are spread over the catalogue, so larger parts would
/// fetch mostly rows not shown of a large one.
#[cfg(feature = "indexing")]
pub(crate) const DISPLAY_BYTES: usize = 8_000;
/// A texts part holds the descriptions of consecutive documents until
/// this many bytes: only snippets need them, for the hits shown.
#[cfg(feature = "indexing")]
pub(crate) const TEXT_BYTES: usize = 16_000;

/// The kinds of part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// Documents and term frequencies.
    Postings = 0,
    /// Positions, which only phrases need.
    Positions = 1,
    /// What hits show, by document.
    Display = 2,
    /// The descriptions, which snippets need, by document.
    Texts = 3,
}

impl Kind {
    pub(crate) fn letter(self) -> char {
        match self {
            Kind::Postings => 't',
            Kind::Positions => 'p',
            Kind::Display => 'v',
            Kind::Texts => 'x',
        }
    }
}

/// Where the parts begin and what they are called.
#[derive(Debug, Default, Clone)]
pub(crate) struct Layout {
    /// Each part's name, by kind (postings, positions, display, texts): a
    /// hash of what it holds and of what that is of (see [`part_name`]).
    pub names: [Vec<String>; 4],
    /// First term of each postings part.
    pub postings: Vec<u32>,
    /// First term of each positions part.
    pub positions: Vec<u32>,
    /// First document of each display part, by the documents' rank in the
    /// order of their names …
    pub display: Vec<u32>,
    /// … and of each texts part.
    pub texts: Vec<u32>,
    /// Per field: the number of tokens indexed …
    pub tokens: Vec<u32>,
    /// … and each document's field norm (tantivy's, decoded).
    pub norms: Vec<Vec<u32>>,
}

impl Layout {
    pub fn starts(&self, kind: Kind) -> &[u32] {
        match kind {
            Kind::Postings => &self.postings,
            Kind::Positions => &self.positions,
            Kind::Display => &self.display,
            Kind::Texts => &self.texts,
        }
    }

    /// The file name of a part, relative to the index (`sok/`).
    pub fn name(&self, kind: Kind, part: usize) -> String {
        format!(
            "delar/{}-{}.bin",
            kind.letter(),
            self.names[kind as usize][part]
        )
    }

    /// The kind and number of the part a file name names, if it is one of
    /// this index's.
    pub fn parse(&self, name: &str) -> Option<(Kind, usize)> {
        let rest = name.strip_prefix("delar/")?.strip_suffix(".bin")?;
        let (letter, hash) = rest.split_once('-')?;
        let kind = match letter {
            "t" => Kind::Postings,
            "p" => Kind::Positions,
            "v" => Kind::Display,
            "x" => Kind::Texts,
            _ => return None,
        };
        let part = self.names[kind as usize].iter().position(|n| n == hash)?;
        Some((kind, part))
    }

    /// The part holding a term (or, for display, a document), and its
    /// place in it.
    pub fn locate(&self, kind: Kind, term: u32) -> (usize, usize) {
        let starts = self.starts(kind);
        let part = starts.partition_point(|&s| s <= term).saturating_sub(1);
        (
            part,
            (term - starts.get(part).copied().unwrap_or(0)) as usize,
        )
    }

    /// The number of terms (or documents) in a part, of `total`.
    pub fn len(&self, kind: Kind, part: usize, total: usize) -> usize {
        let starts = self.starts(kind);
        let end = starts.get(part + 1).map_or(total, |&s| s as usize);
        end - starts[part] as usize
    }
}

/// A hash of an item's key (a term, a slug) for `cut`: FNV-1a, then
/// MurmurHash3's finaliser, which spreads short keys' differences over
/// every bit.
#[cfg(feature = "indexing")]
pub(crate) fn key_hash(key: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key.as_bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// A part's name: a hash (64-bit FNV-1a, in hex) of the format's version,
/// its kind, the keys of what it is of (its terms, or its documents'
/// slugs) and its bytes. Parts with the same name hold the same, for the
/// same terms or documents, whichever build wrote them: a browser's
/// cached copy is always right.
#[cfg(feature = "indexing")]
pub(crate) fn part_name<'a>(
    kind: Kind,
    keys: impl Iterator<Item = &'a str>,
    bytes: &[u8],
) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    eat(&[crate::bundle::VERSION, kind as u8]);
    for key in keys {
        eat(&(key.len() as u64).to_le_bytes());
        eat(key.as_bytes());
    }
    eat(&(bytes.len() as u64).to_le_bytes());
    eat(bytes);
    format!("{hash:016x}")
}

/// The terms of the index, sorted: each stem and the folded form of each
/// stem with diacritics (what the index analyzer makes of the words).
pub(crate) fn index_terms<'a>(stems: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut terms: Vec<String> = stems
        .flat_map(|s| std::iter::once(s.to_string()).chain(fold(s)))
        .collect();
    order::sort_dedup(&mut terms);
    terms
}

/// One term's documents in one field, in document order.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Postings {
    pub docs: Vec<u32>,
    pub freqs: Vec<u32>,
}

/// One term's positions in one field: per document of its postings.
pub(crate) type Positions = Vec<Vec<u32>>;

/// What a hit shows of a document: slug, name, parties, period.
pub(crate) type Row = [String; 4];

/// A display part: the rows' columns one after the other (columns
/// compress better than rows).
#[cfg(feature = "indexing")]
pub(crate) fn encode_rows(rows: &[[&str; 4]]) -> Vec<u8> {
    let mut out = Writer::default();
    for column in 0..4 {
        rows.iter().for_each(|row| out.str(row[column]));
    }
    out.0
}

/// Decodes a display part of `docs` documents.
pub(crate) fn decode_rows(bytes: &[u8], docs: usize) -> Result<Vec<Row>, Error> {
    let mut r = Reader(bytes);
    let mut rows: Vec<Row> = vec![Row::default(); docs];
    for column in 0..4 {
        for row in &mut rows {
            row[column] = r.str()?;
        }
    }
    r.end()?;
    Ok(rows)
}

/// A texts part: the descriptions, one after the other.
#[cfg(feature = "indexing")]
pub(crate) fn encode_texts(texts: &[&str]) -> Vec<u8> {
    let mut out = Writer::default();
    texts.iter().for_each(|t| out.str(t));
    out.0
}

/// Decodes a texts part of `docs` documents.
pub(crate) fn decode_texts(bytes: &[u8], docs: usize) -> Result<Vec<String>, Error> {
    let mut r = Reader(bytes);
    let texts = (0..docs).map(|_| r.str()).collect::<Result<_, _>>()?;
    r.end()?;
    Ok(texts)
}

/// One term's postings in every field, encoded.
#[cfg(feature = "indexing")]
pub(crate) fn encode_postings(fields: &[Postings; FIELDS]) -> Vec<u8> {
    let mut out = Writer::default();
    for p in fields {
        out.ascending(&p.docs);
        p.freqs.iter().for_each(|&f| out.u32(f));
    }
    out.0
}

/// One term's positions in every field, encoded.
#[cfg(feature = "indexing")]
pub(crate) fn encode_positions(fields: &[Positions; FIELDS]) -> Vec<u8> {
    let mut out = Writer::default();
    for p in fields {
        out.u32(p.len() as u32);
        p.iter().for_each(|positions| out.ascending(positions));
    }
    out.0
}

/// Decodes a postings part of `terms` terms; document ids must be below
/// `docs`.
pub(crate) fn decode_postings(
    bytes: &[u8],
    terms: usize,
    docs: usize,
) -> Result<Vec<[Postings; FIELDS]>, Error> {
    decode(bytes, terms, |r| {
        let found = r.ascending()?;
        if found.last().is_some_and(|&d| d as usize >= docs) {
            return Err(Error::Bundle("document out of range".to_string()));
        }
        let freqs = (0..found.len())
            .map(|_| r.u32())
            .collect::<Result<_, _>>()?;
        Ok(Postings { docs: found, freqs })
    })
}

/// Decodes a positions part of `terms` terms.
pub(crate) fn decode_positions(
    bytes: &[u8],
    terms: usize,
) -> Result<Vec<[Positions; FIELDS]>, Error> {
    decode(bytes, terms, |r| {
        let n = r.count()?;
        (0..n).map(|_| r.ascending()).collect()
    })
}

/// Decodes `terms` terms of every field, each with `field`, and nothing
/// more.
fn decode<T: Default>(
    bytes: &[u8],
    terms: usize,
    mut field: impl FnMut(&mut Reader<'_>) -> Result<T, Error>,
) -> Result<Vec<[T; FIELDS]>, Error> {
    let mut r = Reader(bytes);
    let mut out = Vec::with_capacity(terms);
    for _ in 0..terms {
        let mut fields: [T; FIELDS] = Default::default();
        for f in &mut fields {
            *f = field(&mut r)?;
        }
        out.push(fields);
    }
    r.end()?;
    Ok(out)
}

/// Where to cut items (in order, each with its encoded size and a key that
/// stays with it) into parts of about `bytes`: the index of the first item
/// of each part (at least one part).
///
/// A part ends where its items say, not after a count: a new part starts
/// at an item whose key hashes below a threshold that grows with the
/// item's size, once the part has a quarter of `bytes` (and always at four
/// times `bytes`). So parts are about `bytes` on average, and an edit that
/// changes, adds or removes an item moves no cut but its own and maybe
/// the next: the other parts keep their bytes, and their names.
///
/// Each item is given with its size and the `key_hash` of its key.
#[cfg(feature = "indexing")]
pub(crate) fn cut(items: impl Iterator<Item = (usize, u64)>, bytes: usize) -> Vec<u32> {
    let mut starts = vec![0];
    let mut filled = 0;
    for (i, (size, hash)) in items.enumerate() {
        if i > 0 && filled >= bytes / 4 {
            let hash = (hash >> 32) as u128;
            // Cut with the chance that a part of `bytes` ends in this item.
            let threshold = (size.max(1) as u128) << 32;
            if hash * bytes as u128 <= threshold || filled >= bytes * 4 {
                starts.push(i as u32);
                filled = 0;
            }
        }
        filled += size;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "indexing")]
    fn postings_and_positions_round_trip() {
        let postings: [Postings; FIELDS] = [
            Postings {
                docs: vec![0, 5, 300],
                freqs: vec![1, 2, 200],
            },
            Postings::default(),
            Postings {
                docs: vec![70_000],
                freqs: vec![1],
            },
            Postings::default(),
        ];
        let positions: [Positions; FIELDS] = [
            vec![vec![0], vec![1, 9], vec![3, 130, 100_000]],
            vec![],
            vec![vec![4]],
            vec![],
        ];
        let mut bytes = encode_postings(&postings);
        bytes.extend(encode_postings(&postings));
        assert_eq!(
            decode_postings(&bytes, 2, 70_001).unwrap(),
            vec![postings.clone(), postings.clone()]
        );
        assert!(decode_postings(&bytes, 2, 300).is_err());
        assert!(decode_postings(&bytes[..bytes.len() - 1], 2, 70_001).is_err());
        assert!(decode_postings(&bytes, 1, 70_001).is_err());
        let bytes = encode_positions(&positions);
        assert_eq!(decode_positions(&bytes, 1).unwrap(), vec![positions]);
    }

    #[test]
    fn parts_are_named_and_located() {
        let layout = Layout {
            names: [
                vec!["a0".into(), "a1".into(), "a2".into()],
                vec!["b0".into()],
                vec!["c0".into(), "c1".into()],
                vec!["d0".into()],
            ],
            texts: vec![0],
            postings: vec![0, 10, 25],
            positions: vec![0],
            display: vec![0, 4],
            ..Layout::default()
        };
        assert_eq!(layout.locate(Kind::Display, 5), (1, 1));
        assert_eq!(layout.parse("delar/v-c1.bin"), Some((Kind::Display, 1)));
        assert_eq!(layout.parse("delar/v-c2.bin"), None);
        assert_eq!(layout.parse("delar/t-c1.bin"), None);
        assert_eq!(layout.locate(Kind::Postings, 0), (0, 0));
        assert_eq!(layout.locate(Kind::Postings, 12), (1, 2));
        assert_eq!(layout.locate(Kind::Postings, 99), (2, 74));
        assert_eq!(layout.len(Kind::Postings, 2, 30), 5);
        let name = layout.name(Kind::Postings, 2);
        assert_eq!(name, "delar/t-a2.bin");
        assert_eq!(layout.parse(&name), Some((Kind::Postings, 2)));
        assert_eq!(layout.parse("delar/t-a3.bin"), None);
        assert_eq!(layout.parse("delar/p-b1.bin"), None);
        assert_eq!(
            layout.parse(&layout.name(Kind::Positions, 0)),
            Some((Kind::Positions, 0))
        );
    }

    #[test]
    #[cfg(feature = "indexing")]
    fn cuts_where_the_items_say() {
        assert_eq!(cut(std::iter::empty(), 10), vec![0]);
        let keys: Vec<String> = (0..2000).map(|i| format!("ord{i}")).collect();
        let items = |skip: usize| {
            keys.iter()
                .enumerate()
                .filter(move |&(i, _)| i != skip)
                .map(|(_, k)| (30, key_hash(k)))
        };
        let starts = cut(items(usize::MAX), 3000);
        // About 3000 bytes, 100 items, a part.
        assert!((10..40).contains(&starts.len()), "{}", starts.len());
        let sizes: Vec<u32> = starts.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(sizes.iter().all(|&n| (25..=400).contains(&n)), "{sizes:?}");
        // Without one item, the cuts after the next one fall on the same items.
        let gone = 700;
        let keys_at = |starts: &[u32], skip: usize| -> Vec<String> {
            let kept: Vec<&String> = keys
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, k)| k)
                .collect();
            starts.iter().map(|&s| kept[s as usize].clone()).collect()
        };
        let before = keys_at(&starts, usize::MAX);
        let after = keys_at(&cut(items(gone), 3000), gone);
        let later = |cuts: &[String]| -> Vec<String> {
            cuts.iter()
                .filter(|k| k[3..].parse::<usize>().unwrap() > gone + 400)
                .cloned()
                .collect()
        };
        assert_eq!(later(&before), later(&after));
    }
}
