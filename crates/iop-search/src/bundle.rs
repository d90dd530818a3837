//! The bundles: the index (what every search needs) and the parts of the
//! compact index (postings, positions, what hits show and their
//! descriptions, see `compact.rs`).
//!
//! All have the same layout (all integers little-endian u32), then gzip
//! over the whole:
//!
//! ```text
//! "IOPSOK" 0x00 VERSION   magic
//! n                       number of files
//! n × (name_len, name, data_len, data)
//! ```
//!
//! The index holds one file, [`TABLE_FILE`], our [`Table`]. A part holds
//! one file named as the part itself.

use std::borrow::Cow;

use crate::Error;
use crate::codec::Reader;
#[cfg(feature = "indexing")]
use crate::codec::Writer;
use crate::compact::{FIELDS, Layout};

const MAGIC: &[u8; 7] = b"IOPSOK\0";
/// The format's version, in every bundle and in every part's name.
pub(crate) const VERSION: u8 = 7;
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Name of the table inside the index bundle.
pub(crate) const TABLE_FILE: &str = "iop-table";

/// What results display and what facets count, in columns indexed by
/// document number, in the order of slugs (columns compress better than
/// rows).
#[derive(Debug, Default)]
pub(crate) struct Table {
    /// The parts of the compact index and the field norms.
    pub layout: Layout,
    /// The number of documents (what hits show is in the display parts).
    pub docs: u32,
    /// Each document's rank in the order of the names (documents are
    /// numbered in the order of their slugs, which an edit never changes).
    pub rank: Vec<u32>,
    /// The facets with text values, in [`FACETS`] order.
    pub facets: Vec<Facet>,
    /// Years per document.
    pub år: Vec<Vec<i32>>,
    /// The vocabulary: every distinct lowercased word of the searchable
    /// fields, sorted, separated by spaces (see `lexicon.rs`) …
    pub ord: String,
    /// … and the number of documents using each.
    pub ord_df: Vec<u32>,
}

/// Facets with text values, in the order of `Table::facets`.
pub(crate) const FACETS: [&str; 5] = ["kommun", "region", "fokus", "organisation", "status"];
pub(crate) const STATUS_FACET: usize = 4;

/// One facet: its values, and per document the indexes of its values.
#[derive(Debug, Default)]
pub(crate) struct Facet {
    pub values: Vec<String>,
    pub docs: Vec<Vec<u32>>,
}

impl Table {
    /// The table in the bundle's encoding (`codec.rs`).
    #[cfg(feature = "indexing")]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        let l = &self.layout;
        for names in &l.names {
            w.strs(names);
        }
        w.u32s(&l.postings);
        w.u32s(&l.positions);
        w.u32s(&l.display);
        w.u32s(&l.texts);
        w.u32s(&l.tokens);
        w.lists(&l.norms);
        w.u32(self.docs);
        w.u32s(&self.rank);
        w.u32(self.facets.len() as u32);
        for f in &self.facets {
            w.strs(&f.values);
            w.lists(&f.docs);
        }
        let år: Vec<Vec<u32>> = self
            .år
            .iter()
            .map(|years| years.iter().map(|&y| y as u32).collect())
            .collect();
        w.lists(&år);
        w.str(&self.ord);
        w.u32s(&self.ord_df);
        w.0
    }

    /// Reads what [`encode`](Table::encode) wrote.
    pub fn decode(bytes: &[u8]) -> Result<Table, Error> {
        let mut r = Reader(bytes);
        let layout = Layout {
            names: [r.strs()?, r.strs()?, r.strs()?, r.strs()?],
            postings: r.u32s()?,
            positions: r.u32s()?,
            display: r.u32s()?,
            texts: r.u32s()?,
            tokens: r.u32s()?,
            norms: r.lists()?,
        };
        let mut t = Table {
            layout,
            docs: r.u32()?,
            rank: r.u32s()?,
            ..Table::default()
        };
        let n = r.count()?;
        for _ in 0..n {
            t.facets.push(Facet {
                values: r.strs()?,
                docs: r.lists()?,
            });
        }
        t.år = r
            .lists()?
            .into_iter()
            .map(|years| years.into_iter().map(|y| y as i32).collect())
            .collect();
        t.ord = r.str()?;
        t.ord_df = r.u32s()?;
        r.end()?;
        Ok(t)
    }

    pub fn len(&self) -> usize {
        self.docs as usize
    }

    /// Checks that every column has one entry per document and every value
    /// index is in range.
    pub fn check(&self) -> Result<(), Error> {
        let n = self.len();
        let columns = [self.år.len(), self.rank.len()];
        // The ranks are the documents' places in one order.
        let mut seen = vec![false; n];
        let rank_ok = self
            .rank
            .iter()
            .all(|&r| (r as usize) < n && !std::mem::replace(&mut seen[r as usize], true));
        let facets_ok = self.facets.len() == FACETS.len()
            && self.facets.iter().all(|f| {
                f.docs.len() == n
                    && f.docs
                        .iter()
                        .flatten()
                        .all(|&i| (i as usize) < f.values.len())
            });
        let words = self.ord.split(' ').filter(|w| !w.is_empty()).count();
        let layout = &self.layout;
        let layout_ok = layout.tokens.len() == FIELDS
            && layout.norms.len() == FIELDS
            && layout.norms.iter().all(|norms| norms.len() == n)
            && [
                &layout.postings,
                &layout.positions,
                &layout.display,
                &layout.texts,
            ]
            .iter()
            .zip(&layout.names)
            .all(|(starts, names)| {
                starts.first() == Some(&0) && starts.is_sorted() && names.len() == starts.len()
            });
        if columns.iter().all(|&c| c == n)
            && rank_ok
            && facets_ok
            && layout_ok
            && words == self.ord_df.len()
        {
            Ok(())
        } else {
            Err(Error::Bundle("inconsistent table".to_string()))
        }
    }
}

/// Serialises files into the (uncompressed) bundle layout.
#[cfg(feature = "indexing")]
pub(crate) fn pack(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let len = files
        .iter()
        .map(|(n, d)| 8 + n.len() + d.len())
        .sum::<usize>();
    let mut out = Vec::with_capacity(12 + len);
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
    for (name, data) in files {
        out.extend_from_slice(&(name.len() as u32).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(data);
    }
    out
}

/// Splits an uncompressed bundle into its files.
pub(crate) fn unpack(bytes: &[u8]) -> Result<Vec<(&str, &[u8])>, Error> {
    let bad = |what: &str| Error::Bundle(what.to_string());
    if bytes.len() < 12 || &bytes[..7] != MAGIC {
        return Err(bad("not an IOP search bundle (wrong magic bytes)"));
    }
    if bytes[7] != VERSION {
        return Err(Error::Bundle(format!(
            "bundle format version {} (this code reads version {VERSION})",
            bytes[7]
        )));
    }
    let mut rest = &bytes[8..];
    let mut take = |n: usize| -> Result<&[u8], Error> {
        if rest.len() < n {
            return Err(bad("truncated"));
        }
        let (head, tail) = rest.split_at(n);
        rest = tail;
        Ok(head)
    };
    let u32_at = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
    let count = u32_at(take(4)?);
    let mut files = Vec::with_capacity(count.min(64));
    for _ in 0..count {
        let name_len = u32_at(take(4)?);
        let name =
            std::str::from_utf8(take(name_len)?).map_err(|_| bad("file name is not UTF-8"))?;
        let data_len = u32_at(take(4)?);
        files.push((name, take(data_len)?));
    }
    Ok(files)
}

/// Returns the uncompressed bundle, inflating it if it is gzip-compressed.
pub(crate) fn decompress(bytes: &[u8]) -> Result<Cow<'_, [u8]>, Error> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(Cow::Borrowed(bytes));
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::io::Read;
        let mut out = Vec::with_capacity(bytes.len() * 3);
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
        Ok(Cow::Owned(out))
    }
    #[cfg(target_arch = "wasm32")]
    {
        Err(Error::Bundle(
            "the bundle is gzip-compressed; decompress it (DecompressionStream) before opening"
                .to_string(),
        ))
    }
}

/// Compresses a packed bundle with gzip, reproducibly (no name, no time).
/// Level 3: -9 took most of the index build for a few per cent smaller
/// files; the browser inflates any level with DecompressionStream.
#[cfg(feature = "indexing")]
pub(crate) fn compress(raw: &[u8]) -> Result<Vec<u8>, Error> {
    use std::io::Write;
    let mut enc = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), flate2::Compression::new(3));
    enc.write_all(raw)?;
    Ok(enc.finish()?)
}
