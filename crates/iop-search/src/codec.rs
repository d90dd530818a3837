//! The binary encoding of the bundles' contents: unsigned LEB128 numbers,
//! strings and lists as a count followed by their items.
//!
//! JSON (serde_json and the derived deserialisers) was a third of the
//! WebAssembly module's code; this is a few hundred bytes.

use crate::Error;

/// Appends values.
#[derive(Default)]
#[cfg_attr(not(feature = "indexing"), allow(dead_code))]
pub(crate) struct Writer(pub Vec<u8>);

#[cfg_attr(not(feature = "indexing"), allow(dead_code))]
impl Writer {
    pub fn u32(&mut self, mut v: u32) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }

    pub fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        v.iter().for_each(|s| self.str(s));
    }

    pub fn u32s(&mut self, v: &[u32]) {
        self.u32(v.len() as u32);
        v.iter().for_each(|&x| self.u32(x));
    }

    /// Ascending numbers, as differences.
    pub fn ascending(&mut self, v: &[u32]) {
        self.u32(v.len() as u32);
        let mut last = 0;
        for &x in v {
            self.u32(x - last);
            last = x;
        }
    }

    pub fn lists(&mut self, v: &[Vec<u32>]) {
        self.u32(v.len() as u32);
        v.iter().for_each(|l| self.u32s(l));
    }
}

/// Reads what [`Writer`] wrote; every read checks the bounds.
pub(crate) struct Reader<'a>(pub &'a [u8]);

impl Reader<'_> {
    pub fn u32(&mut self) -> Result<u32, Error> {
        let mut v: u32 = 0;
        for shift in (0..35).step_by(7) {
            let (&b, rest) = self.0.split_first().ok_or_else(truncated)?;
            self.0 = rest;
            v |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(truncated())
    }

    /// A count, bounded by what is left to read (every item takes a byte).
    pub fn count(&mut self) -> Result<usize, Error> {
        let n = self.u32()? as usize;
        if n > self.0.len() {
            return Err(truncated());
        }
        Ok(n)
    }

    pub fn str(&mut self) -> Result<String, Error> {
        let n = self.count()?;
        let (s, rest) = self.0.split_at(n);
        self.0 = rest;
        String::from_utf8(s.to_vec()).map_err(|_| Error::Bundle("text is not UTF-8".to_string()))
    }

    pub fn strs(&mut self) -> Result<Vec<String>, Error> {
        let n = self.count()?;
        (0..n).map(|_| self.str()).collect()
    }

    pub fn u32s(&mut self) -> Result<Vec<u32>, Error> {
        let n = self.count()?;
        (0..n).map(|_| self.u32()).collect()
    }

    pub fn ascending(&mut self) -> Result<Vec<u32>, Error> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        let mut last: u32 = 0;
        for _ in 0..n {
            last = last.checked_add(self.u32()?).ok_or_else(truncated)?;
            out.push(last);
        }
        Ok(out)
    }

    pub fn lists(&mut self) -> Result<Vec<Vec<u32>>, Error> {
        let n = self.count()?;
        (0..n).map(|_| self.u32s()).collect()
    }

    /// Fails unless everything was read.
    pub fn end(&self) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Bundle("trailing bytes".to_string()))
        }
    }
}

fn truncated() -> Error {
    Error::Bundle("truncated".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut w = Writer::default();
        w.u32(u32::MAX);
        w.str("Malmö");
        w.strs(&["a".to_string(), String::new()]);
        w.ascending(&[0, 5, 300, 70_000]);
        w.lists(&[vec![1, 2], vec![]]);
        let mut r = Reader(&w.0);
        assert_eq!(r.u32().unwrap(), u32::MAX);
        assert_eq!(r.str().unwrap(), "Malmö");
        assert_eq!(r.strs().unwrap(), ["a", ""]);
        assert_eq!(r.ascending().unwrap(), [0, 5, 300, 70_000]);
        assert_eq!(r.lists().unwrap(), [vec![1, 2], vec![]]);
        r.end().unwrap();
        let mut r = Reader(&w.0[..3]);
        assert!(r.u32().is_err());
        assert!(Reader(&[5, b'a']).str().is_err());
    }
}
