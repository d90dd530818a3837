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
//! documents, so only the hits shown are fetched. The main bundle says
//! where each part begins ([`Layout`]).

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

/// The two kinds of part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// Documents and term frequencies.
    Postings,
    /// Positions, which only phrases need.
    Positions,
    /// What hits show, by document.
    Display,
}

impl Kind {
    fn letter(self) -> char {
        match self {
            Kind::Postings => 't',
            Kind::Positions => 'p',
            Kind::Display => 'v',
        }
    }
}

/// Where the parts begin, and the fingerprint that ties them to the index.
#[derive(Debug, Default, Clone)]
pub(crate) struct Layout {
    /// Fingerprint of all parts (FNV-1a, hex), part of their file names.
    pub id: String,
    /// First term of each postings part.
    pub postings: Vec<u32>,
    /// First term of each positions part.
    pub positions: Vec<u32>,
    /// First document of each display part.
    pub display: Vec<u32>,
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
        }
    }

    /// The file name of a part, relative to the index (`sok/`).
    pub fn name(&self, kind: Kind, part: usize) -> String {
        format!("delar/{}{part}-{}.bin", kind.letter(), self.id)
    }

    /// The kind and number of the part a file name names, if it is one of
    /// this index's.
    pub fn parse(&self, name: &str) -> Option<(Kind, usize)> {
        let rest = name.strip_prefix("delar/")?;
        let rest = rest.strip_suffix(&format!("-{}.bin", self.id))?;
        let mut chars = rest.chars();
        let kind = match chars.next()? {
            't' => Kind::Postings,
            'p' => Kind::Positions,
            'v' => Kind::Display,
            _ => return None,
        };
        let part: usize = chars.as_str().parse().ok()?;
        (part < self.starts(kind).len()).then_some((kind, part))
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

/// Where to cut encoded items (in order) into parts of about `bytes`: the
/// index of the first item of each part (at least one part).
#[cfg(feature = "indexing")]
pub(crate) fn cut(sizes: impl Iterator<Item = usize>, bytes: usize) -> Vec<u32> {
    let mut starts = vec![0];
    let mut filled = 0;
    for (i, size) in sizes.enumerate() {
        if filled >= bytes {
            starts.push(i as u32);
            filled = 0;
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
            id: "00ff".to_string(),
            postings: vec![0, 10, 25],
            positions: vec![0],
            display: vec![0, 4],
            ..Layout::default()
        };
        assert_eq!(layout.locate(Kind::Display, 5), (1, 1));
        assert_eq!(layout.parse("delar/v1-00ff.bin"), Some((Kind::Display, 1)));
        assert_eq!(layout.parse("delar/v2-00ff.bin"), None);
        assert_eq!(layout.locate(Kind::Postings, 0), (0, 0));
        assert_eq!(layout.locate(Kind::Postings, 12), (1, 2));
        assert_eq!(layout.locate(Kind::Postings, 99), (2, 74));
        assert_eq!(layout.len(Kind::Postings, 2, 30), 5);
        let name = layout.name(Kind::Postings, 2);
        assert_eq!(name, "delar/t2-00ff.bin");
        assert_eq!(layout.parse(&name), Some((Kind::Postings, 2)));
        assert_eq!(layout.parse("delar/t3-00ff.bin"), None);
        assert_eq!(layout.parse("delar/p0-00fe.bin"), None);
        assert_eq!(
            layout.parse(&layout.name(Kind::Positions, 0)),
            Some((Kind::Positions, 0))
        );
    }

    #[test]
    #[cfg(feature = "indexing")]
    fn cuts_after_enough_bytes() {
        assert_eq!(cut(std::iter::empty(), 10), vec![0]);
        assert_eq!(cut([10, 1, 9, 1, 1].into_iter(), 10), vec![0, 1, 3]);
    }
}
