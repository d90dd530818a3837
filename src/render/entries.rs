//! What each partnership gives the site (its status, card, rows, search
//! document, pages), kept by its place in the catalogue between the builds
//! of `iop serve`.
//!
//! After an edit, only the edited entry's values are made again. The other
//! entries are not even read: every stage keeps its values in flat arrays
//! by place and compares hashes, because at 10 000 entries reading each
//! entry once costs milliseconds of memory latency, and a rebuild has
//! dozens of stages.

use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::model::{Catalogue, Partnerskap};

/// The partnerships of one build, with a hash of each: what kept values
/// are aligned with.
pub struct Entries {
    pub partnerskap: Vec<Arc<Partnerskap>>,
    /// A hash of all of each entry's fields, by place.
    pub hashes: Vec<u64>,
    /// Each entry's rank in the order of slugs, which lists use to break
    /// ties (the catalogue is in the order of file names, where
    /// "a-b.md" comes before "a.md").
    pub slug_rank: Arc<Vec<u32>>,
    /// A hash of the slugs, in order.
    pub slugs: u64,
}

/// Each entry's rank in the order of their slugs.
pub fn slug_rank(partnerskap: &[Arc<Partnerskap>]) -> Vec<u32> {
    let mut in_order: Vec<u32> = (0..partnerskap.len() as u32).collect();
    in_order.par_sort_by(|&a, &b| {
        partnerskap[a as usize]
            .slug
            .cmp(&partnerskap[b as usize].slug)
    });
    let mut rank = vec![0; partnerskap.len()];
    for (r, &i) in in_order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    rank
}

/// How a build's partnerships relate to those of the build before it.
pub struct Alignment {
    /// This build's entries.
    pub entries: Arc<Entries>,
    /// The previous build's, if there was one.
    before: Option<Arc<Entries>>,
    /// Each entry's place in the previous build (by slug), if it was in it;
    /// empty when every entry is at its old place.
    previous: Vec<Option<u32>>,
    /// The places whose entry is new or differs from the previous build's.
    /// Entries that are gone are not in it: what it means for a list of
    /// entries depends on `same_places`.
    pub changed: Vec<usize>,
}

impl Alignment {
    /// Aligns `catalogue` with the entries of the previous build, `before`.
    /// An entry that is the very same as before (an unchanged file, which
    /// the check hands out again) is not read.
    pub fn new(catalogue: &Catalogue, before: Option<Arc<Entries>>) -> Alignment {
        let now = &catalogue.partnerskap;
        let same_places = before.as_ref().is_some_and(|b| {
            b.partnerskap.len() == now.len()
                && b.partnerskap
                    .iter()
                    .zip(now)
                    .all(|(a, b)| Arc::ptr_eq(a, b) || a.slug == b.slug)
        });
        let previous: Vec<Option<u32>> = match &before {
            Some(_) if same_places => Vec::new(),
            Some(b) => {
                let places: foldhash::HashMap<&str, u32> = b
                    .partnerskap
                    .iter()
                    .enumerate()
                    .map(|(j, p)| (p.slug.as_str(), j as u32))
                    .collect();
                now.iter()
                    .map(|p| places.get(p.slug.as_str()).copied())
                    .collect()
            }
            None => vec![None; now.len()],
        };
        let place = |i: usize| match previous.as_slice() {
            [] => Some(i),
            places => places[i].map(|j| j as usize),
        };
        let hashes: Vec<u64> = now
            .par_iter()
            .enumerate()
            .map(|(i, p)| match (&before, place(i)) {
                (Some(b), Some(j)) if Arc::ptr_eq(&b.partnerskap[j], p) => b.hashes[j],
                _ => crate::incremental::key(&**p),
            })
            .collect();
        let changed = (0..now.len())
            .filter(|&i| match (&before, place(i)) {
                (Some(b), Some(j)) => b.hashes[j] != hashes[i],
                _ => true,
            })
            .collect();
        let (slug_rank, slugs) = match &before {
            Some(b) if same_places => (Arc::clone(&b.slug_rank), b.slugs),
            _ => (
                Arc::new(slug_rank(now)),
                crate::incremental::key(&now.iter().map(|p| &p.slug).collect::<Vec<_>>()),
            ),
        };
        Alignment {
            entries: Arc::new(Entries {
                partnerskap: now.clone(),
                hashes,
                slug_rank,
                slugs,
            }),
            before,
            previous,
            changed,
        }
    }

    /// The place entry `i` had in the previous build, if it was there.
    fn previous(&self, i: usize) -> Option<usize> {
        match self.previous.as_slice() {
            [] => self.before.as_ref().map(|_| i),
            places => places[i].map(|j| j as usize),
        }
    }

    /// Whether every entry is where it was in the previous build.
    pub fn same_places(&self) -> bool {
        self.before.is_some() && self.previous.is_empty()
    }

    /// Whether the previous build's entries are `entries`.
    pub fn is_after(&self, entries: &Arc<Entries>) -> bool {
        self.before
            .as_ref()
            .is_some_and(|b| Arc::ptr_eq(b, entries))
    }

    /// The previous build's entry at `i`'s place, if the places are the same.
    pub fn before(&self, i: usize) -> Option<&Partnerskap> {
        self.before
            .as_ref()
            .filter(|_| self.previous.is_empty())
            .map(|b| &*b.partnerskap[i])
    }
}

/// A value made of one build's entries, kept for the next build, which
/// takes it over (knowing what changed since, see `Alignment::changed`)
/// only if it was made by the build right before it.
pub struct Previous<T> {
    kept: Mutex<Option<(Arc<Entries>, Arc<T>)>>,
}

impl<T> Default for Previous<T> {
    fn default() -> Self {
        Previous {
            kept: Mutex::new(None),
        }
    }
}

impl<T> Previous<T> {
    /// The value, if the build before `alignment`'s made it.
    pub fn take(&self, alignment: &Alignment) -> Option<Arc<T>> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.take()
            .filter(|(entries, _)| alignment.is_after(entries))
            .map(|(_, value)| value)
    }

    /// Keeps `value`, made of `alignment`'s entries, for the next build.
    pub fn keep(&self, alignment: &Alignment, value: &Arc<T>) {
        *self.kept.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((Arc::clone(&alignment.entries), Arc::clone(value)));
    }
}

/// One value per partnership, by place, kept between builds with the
/// entries and the context (settings, templates, the day …) it was made
/// for: an entry's value is made again only when the entry or the context
/// changed.
pub struct PerEntry<V> {
    kept: Mutex<Option<Kept<V>>>,
}

struct Kept<V> {
    entries: Arc<Entries>,
    context: u64,
    values: Arc<Vec<V>>,
}

impl<V> Default for PerEntry<V> {
    fn default() -> Self {
        PerEntry {
            kept: Mutex::new(None),
        }
    }
}

impl<V: Clone + Send + Sync> PerEntry<V> {
    /// Each entry's value under `context`: the kept one where the entry is
    /// unchanged, else `make`'s (in parallel), kept.
    pub fn values(
        &self,
        alignment: &Alignment,
        context: u64,
        make: impl Fn(usize) -> V + Sync,
    ) -> Arc<Vec<V>> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let values = match kept.take() {
            // Made for the previous build: only the changed places change,
            // in place when no one else holds the values any more.
            Some(k)
                if k.context == context
                    && alignment.same_places()
                    && alignment.is_after(&k.entries) =>
            {
                let mut values = k.values;
                let made: Vec<(usize, V)> = alignment
                    .changed
                    .par_iter()
                    .map(|&i| (i, make(i)))
                    .collect();
                let slots = Arc::make_mut(&mut values);
                for (i, value) in made {
                    slots[i] = value;
                }
                values
            }
            Some(k) if k.context == context => {
                let now = &alignment.entries;
                // Kept for another build than the previous one: found by slug.
                let previous: Vec<Option<usize>> = if alignment.is_after(&k.entries) {
                    (0..now.partnerskap.len())
                        .map(|i| alignment.previous(i))
                        .collect()
                } else {
                    let places: foldhash::HashMap<&str, usize> = k
                        .entries
                        .partnerskap
                        .iter()
                        .enumerate()
                        .map(|(j, p)| (p.slug.as_str(), j))
                        .collect();
                    now.partnerskap
                        .iter()
                        .map(|p| places.get(p.slug.as_str()).copied())
                        .collect()
                };
                Arc::new(
                    (0..now.partnerskap.len())
                        .into_par_iter()
                        .map(|i| match previous[i] {
                            Some(j) if k.entries.hashes[j] == now.hashes[i] => k.values[j].clone(),
                            _ => make(i),
                        })
                        .collect(),
                )
            }
            _ => Arc::new(
                (0..alignment.entries.partnerskap.len())
                    .into_par_iter()
                    .map(&make)
                    .collect(),
            ),
        };
        *kept = Some(Kept {
            entries: Arc::clone(&alignment.entries),
            context,
            values: Arc::clone(&values),
        });
        values
    }
}

/// The partnerships in the order every list shows them (Swedish order of
/// their names, then slugs), and each one's rank in it: a list's members
/// are put in order by their ranks, without reading them.
pub struct Order {
    /// Places, in order.
    pub in_order: Vec<u32>,
    /// Each place's rank.
    pub rank: Vec<u32>,
}

impl Order {
    /// The order of entries whose sort keys `key` gives. Given the order
    /// the previous build made (`kept`), it only places the changed
    /// entries again.
    pub fn new<'k>(
        alignment: Option<&Alignment>,
        kept: Option<Arc<Order>>,
        n: usize,
        key: impl Fn(usize) -> (&'k str, &'k str) + Sync,
    ) -> Order {
        let in_order = match (alignment, kept) {
            (Some(a), Some(order)) if a.same_places() => {
                let mut changed = vec![false; n];
                for &i in &a.changed {
                    changed[i] = true;
                }
                let mut in_order: Vec<u32> = order
                    .in_order
                    .iter()
                    .copied()
                    .filter(|&i| !changed[i as usize])
                    .collect();
                for &i in &a.changed {
                    let at = in_order.partition_point(|&j| key(j as usize) < key(i));
                    in_order.insert(at, i as u32);
                }
                in_order
            }
            _ => {
                let mut in_order: Vec<u32> = (0..n as u32).collect();
                in_order.par_sort_by(|&a, &b| key(a as usize).cmp(&key(b as usize)));
                in_order
            }
        };
        let mut rank = vec![0; n];
        for (r, &i) in in_order.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        Order { in_order, rank }
    }

    /// `places` in this order.
    pub fn sort(&self, places: &mut [usize]) {
        places.sort_unstable_by_key(|&i| self.rank[i]);
    }
}
