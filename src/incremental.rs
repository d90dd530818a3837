//! What `iop serve` keeps between builds so that a rebuild after one edit
//! does only the work the edit calls for.

use std::collections::HashSet;

use rayon::prelude::*;
use std::ffi::{OsStr, OsString};
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use crate::check::Read;
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
    pub history: crate::history::HistoryMemo,
    pub check: CheckMemo,
    pub pages: crate::render::PageCache,
}

/// The outcome of checking one partnership file, the file checked and
/// the key it was checked under.
struct Outcome {
    /// The vocabulary's key and the whole key, with the file's text.
    vocabulary: u64,
    key: u64,
    file: Arc<SourceFile>,
    partnerskap: Option<Arc<Partnerskap>>,
    found: Vec<Diagnostic>,
}

/// Per-file check outcomes of earlier builds, by file. A partnership's
/// check reads only its own file and the vocabulary (focus areas, sources,
/// organisations), so its outcome is reused while both are unchanged.
#[derive(Default)]
pub struct CheckMemo {
    /// By path: as bytes, which hash much faster than a `Path`'s parts.
    outcomes: Mutex<foldhash::HashMap<OsString, Outcome>>,
    /// The lists and organisations read, and the files they were read
    /// from: kept while those files are the ones loaded.
    vocabulary: Mutex<Option<(VocabularySources, Arc<Read>)>>,
    /// Files checked (not reused) by the latest build.
    pub checked: std::sync::atomic::AtomicUsize,
    /// What the rules of the catalogue as a whole found.
    pub katalog: crate::check::KatalogMemo,
    /// The latest check's files and outcomes, by place, with the
    /// vocabulary's and the history's keys: a check after one edit takes
    /// over the others' outcomes without looking them up by path.
    last: Mutex<Option<Last>>,
}

struct Last {
    vocabulary: u64,
    history: u64,
    files: Vec<Arc<SourceFile>>,
    outcomes: Arc<Vec<Checked>>,
}

/// A partnership file's entry, if it has no errors, and what was found.
pub type Checked = (Option<Arc<Partnerskap>>, Vec<Diagnostic>);

/// `CheckMemo` for one set of sources.
pub struct FileMemo<'a> {
    memo: &'a CheckMemo,
    /// A hash of every file the vocabulary is read from.
    vocabulary: u64,
}

/// What the vocabulary is read from.
struct VocabularySources {
    lists: [String; 2],
    organisationer: Vec<Arc<SourceFile>>,
}

impl VocabularySources {
    fn of(sources: &Sources) -> VocabularySources {
        VocabularySources {
            lists: [&sources.fokusomraden, &sources.kallor].map(|f| f.text.clone()),
            organisationer: sources.organisationer.clone(),
        }
    }

    /// The same files as loaded: the very ones kept by the load memo, or
    /// the same texts.
    fn same(&self, sources: &Sources) -> bool {
        self.lists[0] == sources.fokusomraden.text
            && self.lists[1] == sources.kallor.text
            && self.organisationer.len() == sources.organisationer.len()
            && self
                .organisationer
                .iter()
                .zip(&sources.organisationer)
                .all(|(a, b)| Arc::ptr_eq(a, b) || (a.path == b.path && a.text == b.text))
    }
}

impl CheckMemo {
    /// The vocabulary of `sources`: the kept one if read from the same
    /// files, else `read`'s, kept.
    pub fn vocabulary(&self, sources: &Sources, read: impl FnOnce() -> Read) -> Arc<Read> {
        let mut kept = self.vocabulary.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((from, read)) = &*kept
            && from.same(sources)
        {
            return Arc::clone(read);
        }
        let read = Arc::new(read());
        *kept = Some((VocabularySources::of(sources), Arc::clone(&read)));
        read
    }

    /// The memo for checking `sources`; forgets files that are gone.
    pub fn for_sources(&self, sources: &Sources) -> FileMemo<'_> {
        let mut h = hasher();
        for file in [&sources.fokusomraden, &sources.kallor]
            .into_iter()
            .chain(sources.organisationer.iter().map(|f| &**f))
        {
            (&file.path, &file.text).hash(&mut h);
        }
        self.checked.store(0, std::sync::atomic::Ordering::Relaxed);
        FileMemo {
            memo: self,
            vocabulary: h.finish(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, foldhash::HashMap<OsString, Outcome>> {
        self.outcomes.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl FileMemo<'_> {
    /// The outcome of `check` for each of `files`. With the vocabulary and
    /// the history as in the latest check, each file that is the very same
    /// at the same place keeps its outcome, and only the others are looked
    /// up by path (see `check`): a flat pass, however many files there are.
    pub fn check_all(
        &self,
        files: &[Arc<SourceFile>],
        history: &History,
        check: impl Fn(&Arc<SourceFile>) -> Checked + Sync,
    ) -> Arc<Vec<Checked>> {
        let mut kept = self.memo.last.lock().unwrap_or_else(|e| e.into_inner());
        let last = kept.take().filter(|l| {
            l.vocabulary == self.vocabulary
                && l.history == history.key()
                && l.files.len() == files.len()
        });
        let last = match last {
            Some(mut last) => {
                let changed: Vec<usize> = (0..files.len())
                    .filter(|&i| !Arc::ptr_eq(&last.files[i], &files[i]))
                    .collect();
                let made: Vec<Checked> = changed
                    .par_iter()
                    .map(|&i| self.check(&files[i], history, || check(&files[i])))
                    .collect();
                let outcomes = Arc::make_mut(&mut last.outcomes);
                for (i, outcome) in changed.into_iter().zip(made) {
                    last.files[i] = Arc::clone(&files[i]);
                    outcomes[i] = outcome;
                }
                last
            }
            None => {
                // Forget the files that are gone.
                let present: HashSet<&OsStr, foldhash::fast::RandomState> =
                    files.iter().map(|f| f.path.as_os_str()).collect();
                self.memo
                    .lock()
                    .retain(|path, _| present.contains(path.as_os_str()));
                Last {
                    vocabulary: self.vocabulary,
                    history: history.key(),
                    files: files.to_vec(),
                    outcomes: Arc::new(
                        files
                            .par_iter()
                            .map(|file| self.check(file, history, || check(file)))
                            .collect(),
                    ),
                }
            }
        };
        let outcomes = Arc::clone(&last.outcomes);
        *kept = Some(last);
        outcomes
    }

    /// The outcome of `check` for `file`: the stored one if the file and
    /// the vocabulary are as they were, else `check`'s, stored.
    pub fn check(
        &self,
        file: &Arc<SourceFile>,
        history: &History,
        check: impl FnOnce() -> Checked,
    ) -> Checked {
        let mut outcomes = self.memo.lock();
        // The very file kept by the load memo needs no hash of its text.
        let same = |o: &Outcome| {
            (Arc::ptr_eq(&o.file, file) && o.vocabulary == self.vocabulary)
                || o.key == key(&(self.vocabulary, &file.path, &file.text))
        };
        if let Some(o) = outcomes.get_mut(file.path.as_os_str())
            && same(o)
        {
            o.file = Arc::clone(file);
            let (mut p, found) = (o.partnerskap.clone(), o.found.clone());
            drop(outcomes);
            // The only input besides the file and the vocabulary.
            if let Some(p) = &mut p {
                let historik = history.of(file);
                if p.historik != historik {
                    Arc::make_mut(p).historik = historik;
                }
            }
            return (p, found);
        }
        drop(outcomes);
        let (p, found) = check();
        self.memo
            .checked
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.memo.lock().insert(
            file.path.clone().into_os_string(),
            Outcome {
                vocabulary: self.vocabulary,
                key: key(&(self.vocabulary, &file.path, &file.text)),
                file: Arc::clone(file),
                partnerskap: p.clone(),
                found: found.clone(),
            },
        );
        (p, found)
    }
}
