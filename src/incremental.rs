//! What `iop serve` keeps between builds so that a rebuild after one edit
//! does only the work the edit calls for.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::diagnostic::Diagnostic;
use crate::history::History;
use crate::load::{SourceFile, Sources};
use crate::model::Partnerskap;

/// The hasher of every cache key: fast (page keys hash whole lists of
/// cards), of good quality, and the same in every run.
pub fn hasher() -> impl Hasher {
    foldhash::quality::FixedState::with_seed(0x494f_505f_6b61_7461).build_hasher()
}

/// A cache key: a hash of `value`.
pub fn key(value: &(impl Hash + ?Sized)) -> u64 {
    let mut h = hasher();
    value.hash(&mut h);
    h.finish()
}

/// Everything kept between builds: files read, check outcomes and
/// rendered pages.
#[derive(Default)]
pub struct Memo {
    pub load: crate::load::LoadMemo,
    pub check: CheckMemo,
    pub pages: crate::render::PageCache,
}

/// The outcome of checking one partnership file, and the key it was
/// checked under.
type Outcome = (u64, Option<Arc<Partnerskap>>, Vec<Diagnostic>);

/// Per-file check outcomes of earlier builds, by file. A partnership's
/// check reads only its own file and the vocabulary (focus areas, sources,
/// organisations), so its outcome is reused while both are unchanged.
#[derive(Default)]
pub struct CheckMemo {
    outcomes: Mutex<HashMap<PathBuf, Outcome>>,
    /// Files checked (not reused) by the latest build.
    pub checked: std::sync::atomic::AtomicUsize,
}

/// `CheckMemo` for one set of sources.
pub struct FileMemo<'a> {
    memo: &'a CheckMemo,
    /// A hash of every file the vocabulary is read from.
    vocabulary: u64,
}

impl CheckMemo {
    /// The memo for checking `sources`; forgets files that are gone.
    pub fn for_sources(&self, sources: &Sources) -> FileMemo<'_> {
        let mut h = hasher();
        for file in [&sources.fokusomraden, &sources.kallor]
            .into_iter()
            .chain(sources.organisationer.iter().map(|f| &**f))
        {
            (&file.path, &file.text).hash(&mut h);
        }
        let present: HashSet<&PathBuf> = sources.partnerskap.iter().map(|f| &f.path).collect();
        self.lock().retain(|path, _| present.contains(path));
        self.checked.store(0, std::sync::atomic::Ordering::Relaxed);
        FileMemo {
            memo: self,
            vocabulary: h.finish(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Outcome>> {
        self.outcomes.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl FileMemo<'_> {
    /// The outcome of `check` for `file`: the stored one if the file and
    /// the vocabulary are as they were, else `check`'s, stored.
    pub fn check(
        &self,
        file: &SourceFile,
        history: &History,
        check: impl FnOnce() -> (Option<Arc<Partnerskap>>, Vec<Diagnostic>),
    ) -> (Option<Arc<Partnerskap>>, Vec<Diagnostic>) {
        let key = key(&(self.vocabulary, &file.path, &file.text));
        if let Some((stored, p, found)) = self.memo.lock().get(&file.path)
            && *stored == key
        {
            let mut p = p.clone();
            // The only input besides the file and the vocabulary.
            if let Some(p) = &mut p {
                let historik = history.of(&file.path);
                if p.historik != historik {
                    Arc::make_mut(p).historik = historik;
                }
            }
            return (p, found.clone());
        }
        let (p, found) = check();
        self.memo
            .checked
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.memo
            .lock()
            .insert(file.path.clone(), (key, p.clone(), found.clone()));
        (p, found)
    }
}
