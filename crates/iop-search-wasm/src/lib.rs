//! IOP-katalogen's search as a WebAssembly module, for the page `/sok/`.
//!
//! A thin shell around [`iop_search::Catalogue`], so the browser runs the
//! same code as `iop search`. No wasm-bindgen: a handful of plain exports
//! that pass UTF-8 JSON through linear memory, driven by `sok.js`.
//!
//! ```text
//! sok_alloc(len) -> ptr            reserve len bytes for input
//! sok_free(ptr, len)               release them
//! sok_open(ptr, len) -> status     open an (inflated) index bundle
//! sok_add_part(ptr, len) -> status add one of its (inflated) parts
//! sok_add_texts(ptr, len) -> status  add its (inflated) texts bundle, so
//!                                  that hits get snippets
//! sok_search(ptr, len) -> status   run a Query given as JSON
//! sok_output_ptr() -> ptr          the last output: Results JSON after a
//! sok_output_len() -> len          search, or an error message
//! ```
//!
//! `status` is 0 on success and 1 on failure (the output then holds the
//! message). A search that needs parts not added yet answers 2, with the
//! JSON list of their file names (relative to the index) as output: fetch
//! and add them, then search again. The output stays valid until the next call. Neither call
//! takes ownership of the input: the caller frees it.
//!
//! The exports are named `sok_*` so that a native build of this crate never
//! shadows C library symbols such as `open`.

use std::cell::RefCell;

use iop_search::{Catalogue, Query};

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

/// Adds the texts (uncompressed bytes) to the open index.
pub fn add_texts(texts: &[u8]) -> Result<(), String> {
    with_catalogue(|catalogue| catalogue.add_texts(texts).map_err(|e| e.to_string()))
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

/// Runs a query given as JSON: the results as JSON, or the parts to add
/// first.
pub fn search_json(query: &[u8]) -> Result<Answer, String> {
    let query: Query = serde_json::from_slice(query).map_err(|e| format!("invalid query: {e}"))?;
    with_catalogue(|catalogue| {
        match catalogue.try_search(&query) {
            Ok(results) => serde_json::to_vec(&results).map(Answer::Results),
            Err(parts) => serde_json::to_vec(&parts).map(Answer::Needs),
        }
        .map_err(|e| e.to_string())
    })
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

/// Adds the texts bundle at `ptr..ptr+len` to the open index; 0 on
/// success.
///
/// # Safety
/// `ptr..ptr+len` must be readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sok_add_texts(ptr: *const u8, len: usize) -> u32 {
    // SAFETY: guaranteed by the caller.
    let texts = unsafe { input(ptr, len) };
    finish(add_texts(texts).map(|()| Vec::new()))
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
