//! IOP-katalogen's search as a WebAssembly module, for the page `/sok/`.
//!
//! A thin shell around [`iop_search::Catalogue`], so the browser runs the
//! same code as `iop search`. No wasm-bindgen: a handful of plain exports
//! that pass UTF-8 through linear memory, driven by `sok.js`. No serde
//! either (it was a third of the module's code): the query comes as lines
//! of `key<TAB>value` (`text`, and `kommun`, `region`, `fokus`,
//! `organisation`, `status` once per value, `år`, `limit`; sok.js turns
//! tabs and line breaks in values into spaces, which the search reads as
//! spaces anyway), and the results go out as the JSON `iop search --json`
//! prints.
//!
//! ```text
//! sok_alloc(len) -> ptr            reserve len bytes for input
//! sok_free(ptr, len)               release them
//! sok_open(ptr, len) -> status     open an (inflated) index bundle
//! sok_add_part(ptr, len) -> status add one of its (inflated) parts
//! sok_search(ptr, len) -> status   run a query (lines, see above)
//! sok_output_ptr() -> ptr          the last output: Results JSON after a
//! sok_output_len() -> len          search, or an error message
//! ```
//!
//! `status` is 0 on success and 1 on failure (the output then holds the
//! message). A search that needs parts not added yet answers 2, with the
//! JSON list of their file names (relative to the index) as output: fetch
//! and add them, then search again. Results whose hits lack snippets name
//! the texts parts they need in `texts_needed`: add those and search again
//! for the same hits with snippets. The output stays valid until the next
//! call. Neither call takes ownership of the input: the caller frees it.
//!
//! The exports are named `sok_*` so that a native build of this crate never
//! shadows C library symbols such as `open`.

use std::cell::RefCell;

use iop_search::{Catalogue, Query, Results};

thread_local! {
    static CATALOGUE: RefCell<Option<Catalogue>> = const { RefCell::new(None) };
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Opens a bundle (uncompressed bytes).
pub fn open_bundle(bundle: &[u8]) -> Result<(), String> {
    let catalogue = Catalogue::open(bundle).map_err(|e| e.to_string())?;
    CATALOGUE.with(|c| *c.borrow_mut() = Some(catalogue));
    Ok(())
}

/// Adds a part (uncompressed bytes) to the open index.
pub fn add_part(part: &[u8]) -> Result<(), String> {
    with_catalogue(|catalogue| catalogue.add_part(part).map_err(|e| e.to_string()))
}

fn with_catalogue<T>(f: impl FnOnce(&mut Catalogue) -> Result<T, String>) -> Result<T, String> {
    CATALOGUE.with(|c| f(c.borrow_mut().as_mut().ok_or("no index is open")?))
}

/// What a search answers: results, or the parts it still needs.
pub enum Answer {
    Results(Vec<u8>),
    /// File names of the parts, as a JSON list.
    Needs(Vec<u8>),
}

/// Runs a query given as lines: the results as JSON, or the parts to add
/// first.
pub fn search_json(query: &[u8]) -> Result<Answer, String> {
    let query = parse_query(query)?;
    with_catalogue(|catalogue| {
        Ok(match catalogue.try_search(&query) {
            Ok(results) => Answer::Results(results_json(&results).into_bytes()),
            Err(parts) => {
                let mut out = String::new();
                list(&mut out, &parts, |o, p| string(o, p));
                Answer::Needs(out.into_bytes())
            }
        })
    })
}

/// Reads a query given as lines of `key<TAB>value`.
fn parse_query(bytes: &[u8]) -> Result<Query, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the query is not UTF-8")?;
    let mut q = Query::default();
    for line in text.split('\n').filter(|l| !l.is_empty()) {
        let (key, value) = line.split_once('\t').unwrap_or((line, ""));
        let invalid = || format!("invalid {key}: {value}");
        let value = value.to_string();
        match key {
            "text" => q.text = value,
            "kommun" => q.kommun.push(value),
            "region" => q.region.push(value),
            "fokus" => q.fokus.push(value),
            "organisation" => q.organisation.push(value),
            "status" => q.status.push(value),
            "år" => q.år = Some(value.parse().map_err(|_| invalid())?),
            "limit" => q.limit = value.parse().map_err(|_| invalid())?,
            _ => return Err(format!("unknown query field {key}")),
        }
    }
    Ok(q)
}

/// The results as JSON, as serde writes [`Results`].
fn results_json(r: &Results) -> String {
    let mut o = String::with_capacity(4096);
    o.push_str("{\"total\":");
    o.push_str(&r.total.to_string());
    o.push_str(",\"hits\":");
    list(&mut o, &r.hits, |o, h| {
        let fields = [
            ("slug", &h.slug),
            ("namn", &h.namn),
            ("namn_html", &h.namn_html),
            ("parter", &h.parter),
            ("period", &h.period),
            ("status", &h.status),
            ("snippet_html", &h.snippet_html),
        ];
        for (i, (key, value)) in fields.into_iter().enumerate() {
            o.push_str(if i == 0 { "{" } else { "," });
            string(o, key);
            o.push(':');
            string(o, value);
        }
        o.push('}');
    });
    let f = &r.facets;
    o.push_str(",\"facets\":{");
    for (name, values) in [
        ("kommun", &f.kommun),
        ("region", &f.region),
        ("fokus", &f.fokus),
        ("organisation", &f.organisation),
        ("status", &f.status),
    ] {
        string(&mut o, name);
        o.push(':');
        list(&mut o, values, |o, (v, c)| {
            o.push('[');
            string(o, v);
            o.push(',');
            o.push_str(&c.to_string());
            o.push(']');
        });
        o.push(',');
    }
    o.push_str("\"år\":");
    list(&mut o, &f.år, |o, (y, c)| {
        o.push_str(&format!("[{y},{c}]"));
    });
    o.push_str("},\"suggestion\":");
    match &r.suggestion {
        Some(s) => string(&mut o, s),
        None => o.push_str("null"),
    }
    o.push_str(",\"partial\":");
    o.push_str(if r.partial { "true" } else { "false" });
    o.push_str(",\"unmatched\":");
    list(&mut o, &r.unmatched, |o, u| string(o, u));
    // As serde writes it: only when some are needed.
    if !r.texts_needed.is_empty() {
        o.push_str(",\"texts_needed\":");
        list(&mut o, &r.texts_needed, |o, t| string(o, t));
    }
    o.push('}');
    o
}

/// A JSON array of items.
fn list<T>(o: &mut String, items: &[T], mut item: impl FnMut(&mut String, &T)) {
    o.push('[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        item(o, x);
    }
    o.push(']');
}

/// A JSON string.
fn string(o: &mut String, s: &str) {
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
}

fn finish(result: Result<Vec<u8>, String>) -> u32 {
    finish_with(result.map(Answer::Results))
}

fn finish_with(result: Result<Answer, String>) -> u32 {
    let (status, bytes) = match result {
        Ok(Answer::Results(bytes)) => (0, bytes),
        Err(msg) => (1, msg.into_bytes()),
        Ok(Answer::Needs(bytes)) => (2, bytes),
    };
    OUTPUT.with(|o| *o.borrow_mut() = bytes);
    status
}

/// # Safety
/// `ptr..ptr+len` must be readable (or `len` zero).
unsafe fn input<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if len == 0 {
        &[]
    } else {
        // SAFETY: guaranteed by the caller.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

/// Reserves `len` bytes for the caller to write input into.
#[unsafe(no_mangle)]
pub extern "C" fn sok_alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len);
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Releases memory from [`sok_alloc`].
///
/// # Safety
/// `ptr` and `len` must come from one `sok_alloc(len)` call, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sok_free(ptr: *mut u8, len: usize) {
    // SAFETY: guaranteed by the caller.
    drop(unsafe { Vec::from_raw_parts(ptr, 0, len) });
}

/// Opens the bundle at `ptr..ptr+len`; 0 on success.
///
/// # Safety
/// `ptr..ptr+len` must be readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sok_open(ptr: *const u8, len: usize) -> u32 {
    // SAFETY: guaranteed by the caller.
    let bundle = unsafe { input(ptr, len) };
    finish(open_bundle(bundle).map(|()| Vec::new()))
}

/// Adds the part at `ptr..ptr+len` to the open index; 0 on success.
///
/// # Safety
/// `ptr..ptr+len` must be readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sok_add_part(ptr: *const u8, len: usize) -> u32 {
    // SAFETY: guaranteed by the caller.
    let part = unsafe { input(ptr, len) };
    finish(add_part(part).map(|()| Vec::new()))
}

/// Runs the JSON query at `ptr..ptr+len`; 0 on success, 2 when it needs
/// parts first.
///
/// # Safety
/// `ptr..ptr+len` must be readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sok_search(ptr: *const u8, len: usize) -> u32 {
    // SAFETY: guaranteed by the caller.
    let query = unsafe { input(ptr, len) };
    finish_with(search_json(query))
}

/// Address of the last output.
#[unsafe(no_mangle)]
pub extern "C" fn sok_output_ptr() -> *const u8 {
    OUTPUT.with(|o| o.borrow().as_ptr())
}

/// Length of the last output.
#[unsafe(no_mangle)]
pub extern "C" fn sok_output_len() -> usize {
    OUTPUT.with(|o| o.borrow().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_and_results_as_serde_has_them() {
        let docs: Vec<iop_search::SearchDoc> = ["Malmö", "Lund"]
            .iter()
            .enumerate()
            .map(|(i, kommun)| iop_search::SearchDoc {
                slug: format!("p{i}"),
                namn: format!("Stöd \"{kommun}\" \\ {i}"),
                beskrivning: "Kvinnojour med\tflik och\nrad.".into(),
                kommuner: vec![kommun.to_string()],
                regioner: vec!["Region Skåne".into()],
                status: "pågående".into(),
                år: vec![2023],
                ..Default::default()
            })
            .collect();
        let b = iop_search::build_index(&docs).unwrap();
        let catalogue = Catalogue::open_bundles(&b).unwrap();
        let q = parse_query(
            "text\tkvinojour stöd\nkommun\tMalmö\nkommun\tLund\når\t2023\nlimit\t5\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(q.text, "kvinojour stöd");
        assert_eq!(q.kommun, ["Malmö", "Lund"]);
        assert_eq!((q.år, q.limit), (Some(2023), 5));
        assert!(parse_query(b"limit\tmany").is_err());
        assert!(parse_query(b"vad\t1").is_err());
        for q in [q, Query::text("stod"), Query::text("qwxyzzy")] {
            let results = catalogue.search(&q);
            let ours: serde_json::Value = serde_json::from_str(&results_json(&results)).unwrap();
            assert_eq!(ours, serde_json::to_value(&results).unwrap(), "{q:?}");
        }
    }
}
