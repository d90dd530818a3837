//! The rules of the catalogue as a whole: addresses that collide, entries
//! that look like duplicates, organisations no entry names.

use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

use super::file::{FileProblems, too_long};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{SourceFile, Sources};
use crate::model::*;
use crate::text::{fold, slugify};

/// What the rules of the catalogue found in the latest check, kept by
/// `iop serve`: after an edit they look again only at what the edited
/// entries touch, not at the thousands of others.
#[derive(Default)]
pub struct KatalogMemo {
    last: std::sync::Mutex<Option<Last>>,
}

struct Last {
    /// The entries checked, by place, and a hash of the organisations.
    entries: Vec<Arc<Partnerskap>>,
    organisationer: u64,
    collisions: Vec<Diagnostic>,
    duplicates: Duplicates,
    /// How many of the entries name each organisation.
    named: Vec<u32>,
}

/// The rules of the catalogue as a whole, for `partnerskap`, the entries
/// of the files without errors (`complete` when that is every file).
pub(super) fn check_katalog(
    sources: &Sources,
    partnerskap: &[Arc<Partnerskap>],
    organisationer: &[Organisation],
    complete: bool,
    memo: Option<&KatalogMemo>,
    diagnostics: &mut Diagnostics,
) {
    let vocabulary = crate::incremental::key(organisationer);
    let mut kept = memo.map(|m| m.last.lock().unwrap_or_else(|e| e.into_inner()));
    let last = kept
        .as_deref_mut()
        .and_then(Option::take)
        .filter(|l| l.entries.len() == partnerskap.len() && l.organisationer == vocabulary);
    let now = match last {
        Some(mut last) => {
            // The same entries at the same places but for a few.
            let changed: Vec<usize> = (0..partnerskap.len())
                .filter(|&i| !Arc::ptr_eq(&last.entries[i], &partnerskap[i]))
                .collect();
            // Only a changed address (a file renamed) or alias can collide.
            if changed.iter().any(|&i| {
                let (was, now) = (&last.entries[i], &partnerskap[i]);
                was.slug != now.slug || was.alias != now.alias
            }) {
                last.collisions = collisions(sources, partnerskap);
            }
            last.duplicates
                .update(partnerskap, &changed, organisationer);
            for &i in &changed {
                for &o in &last.entries[i].ideburna {
                    last.named[o] -= 1;
                }
                for &o in &partnerskap[i].ideburna {
                    last.named[o] += 1;
                }
                last.entries[i] = Arc::clone(&partnerskap[i]);
            }
            last
        }
        None => {
            let mut named = vec![0; organisationer.len()];
            for p in partnerskap {
                for &o in &p.ideburna {
                    named[o] += 1;
                }
            }
            Last {
                entries: partnerskap.to_vec(),
                organisationer: vocabulary,
                collisions: collisions(sources, partnerskap),
                duplicates: Duplicates::new(partnerskap, organisationer),
                named,
            }
        }
    };
    diagnostics.extend(now.collisions.iter().cloned());
    diagnostics.extend(now.duplicates.warnings.values().flatten().cloned());
    // A partnership with errors (or one that could not be read) is missing
    // from the list, and one naming a broken organisation misses it, so
    // organisations would look unused: only judge a catalogue without errors.
    if complete && !diagnostics.has_errors() {
        unused_organisations(organisationer, &now.named, diagnostics);
    }
    if let Some(kept) = kept.as_deref_mut() {
        *kept = Some(now);
    }
}

/// Slugs and aliases are URLs: each must lead to one partnership.
fn collisions(sources: &Sources, partnerskap: &[Arc<Partnerskap>]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut urls: foldhash::HashMap<&str, &Path> = partnerskap
        .iter()
        .map(|p| (p.slug.as_str(), p.fil.as_path()))
        .collect();
    // By the path's bytes, which hash much faster than its parts.
    let mut files: foldhash::HashMap<&std::ffi::OsStr, &SourceFile> = Default::default();
    for p in partnerskap.iter().filter(|p| !p.alias.is_empty()) {
        if files.is_empty() {
            files = sources
                .partnerskap
                .iter()
                .map(|f| (f.path.as_os_str(), &**f))
                .collect();
        }
        let file = files[p.fil.as_os_str()];
        let mut problems = FileProblems::new(file);
        for (i, alias) in p.alias.iter().enumerate() {
            let pointer = format!("/alias/{i}");
            if too_long(&mut problems, &pointer, "aliaset", alias) {
            } else if slugify(alias) != *alias {
                problems.error(
                    &pointer,
                    format!("aliaset '{alias}' är ingen giltig adress"),
                    Some(format!("skriv '{}'", slugify(alias))),
                );
            } else if let Some(other) = urls.insert(alias, &p.fil) {
                problems.error(
                    &pointer,
                    format!("adressen '{alias}' används redan av {}", other.display()),
                    Some(
                        "ett alias får inte vara samma som en annan fils namn eller alias"
                            .to_owned(),
                    ),
                );
            }
        }
        diagnostics.extend(problems.diagnostics);
    }
    diagnostics
}

/// Two entries with the same parties, overlapping periods and nearly the
/// same name are probably one partnership entered twice. (The same parties
/// often have several partnerships at once, such as one per housing site,
/// so parties and period alone would raise false alarms.) Only entries with
/// the same parties can be duplicates: they are grouped first, so a large
/// catalogue is not compared pair by pair.
struct Duplicates {
    /// Each entry's group (a hash of its parties) and its name as
    /// `similar` compares names, by place.
    keys: Vec<(u64, String)>,
    /// Each group's places, in order.
    groups: foldhash::HashMap<u64, Vec<usize>>,
    /// The warnings of each group that has any.
    warnings: foldhash::HashMap<u64, Vec<Diagnostic>>,
}

/// An entry's parties, in one order, as duplicates have the same.
fn parties(p: &Partnerskap) -> (Vec<&Offentlig>, Vec<usize>) {
    let mut offentliga: Vec<&Offentlig> = p.offentliga.iter().map(|o| &o.part).collect();
    offentliga.sort();
    let mut ideburna = p.ideburna.clone();
    ideburna.sort();
    (offentliga, ideburna)
}

/// An entry's group and its name words (see `Duplicates::keys`).
fn duplicate_key(p: &Partnerskap) -> (u64, String) {
    (crate::incremental::key(&parties(p)), name_words(&p.namn))
}

impl Duplicates {
    fn new(partnerskap: &[Arc<Partnerskap>], organisationer: &[Organisation]) -> Duplicates {
        let keys: Vec<(u64, String)> = partnerskap.par_iter().map(|p| duplicate_key(p)).collect();
        let mut groups: foldhash::HashMap<u64, Vec<usize>> = Default::default();
        for (i, (group, _)) in keys.iter().enumerate() {
            groups.entry(*group).or_default().push(i);
        }
        let mut duplicates = Duplicates {
            keys,
            groups,
            warnings: Default::default(),
        };
        let all: Vec<u64> = duplicates.groups.keys().copied().collect();
        duplicates.judge(all, partnerskap, organisationer);
        duplicates
    }

    /// Takes the entries at `changed` anew, and judges again the groups
    /// they left and joined.
    fn update(
        &mut self,
        partnerskap: &[Arc<Partnerskap>],
        changed: &[usize],
        organisationer: &[Organisation],
    ) {
        let mut touched = Vec::new();
        for &i in changed {
            let key = duplicate_key(&partnerskap[i]);
            let (old, new) = (self.keys[i].0, key.0);
            if old != new {
                if let Some(places) = self.groups.get_mut(&old) {
                    places.retain(|&j| j != i);
                    if places.is_empty() {
                        self.groups.remove(&old);
                    }
                }
                let places = self.groups.entry(new).or_default();
                let at = places.partition_point(|&j| j < i);
                places.insert(at, i);
            }
            touched.extend([old, new]);
            self.keys[i] = key;
        }
        touched.sort_unstable();
        touched.dedup();
        self.judge(touched, partnerskap, organisationer);
    }

    /// Finds the duplicates within each of `groups`.
    fn judge(
        &mut self,
        groups: Vec<u64>,
        partnerskap: &[Arc<Partnerskap>],
        organisationer: &[Organisation],
    ) {
        for group in groups {
            let warnings = match self.groups.get(&group) {
                Some(places) => duplicates_among(places, &self.keys, partnerskap, organisationer),
                None => Vec::new(),
            };
            if warnings.is_empty() {
                self.warnings.remove(&group);
            } else {
                self.warnings.insert(group, warnings);
            }
        }
    }
}

/// The duplicates among the entries at `places`, one group.
fn duplicates_among(
    places: &[usize],
    keys: &[(u64, String)],
    partnerskap: &[Arc<Partnerskap>],
    organisationer: &[Organisation],
) -> Vec<Diagnostic> {
    let span = |p: &Partnerskap| {
        let start = p.period.start.map(|s| s.first_day());
        let end = p.period.last_day();
        (start, end)
    };
    // Each entry joins the first cluster whose first entry it seems to
    // duplicate: linear for many copies of one entry, and one warning
    // per cluster however many copies there are.
    // Each cluster with its first entry's name words.
    let mut clusters: Vec<(&str, Vec<&Partnerskap>)> = Vec::new();
    for &i in places {
        let (p, words) = (&*partnerskap[i], keys[i].1.as_str());
        let duplicate = clusters.iter_mut().find(|(first_words, c)| {
            let first = c[0];
            // A group is a hash of the parties: the same parties, surely.
            if !similar(first_words, words) || parties(first) != parties(p) {
                return false;
            }
            let ((sa, ea), (sb, eb)) = (span(first), span(p));
            match (sa, ea, sb, eb) {
                (Some(sa), Some(ea), Some(sb), Some(eb)) => sa <= eb && sb <= ea,
                _ => first.period == p.period,
            }
        });
        match duplicate {
            Some((_, cluster)) => cluster.push(p),
            None => clusters.push((words, vec![p])),
        }
    }
    let mut diagnostics = Vec::new();
    for (_, cluster) in clusters.iter().filter(|(_, c)| c.len() > 1) {
        let names: Vec<&str> = cluster[0]
            .ideburna
            .iter()
            .map(|&o| organisationer[o].namn.as_str())
            .collect();
        // Reported at the second file, naming the others.
        let mut others: Vec<String> = std::iter::once(cluster[0])
            .chain(cluster[2..].iter().copied())
            .take(MAX_LISTED)
            .map(|p| p.fil.display().to_string())
            .collect();
        if cluster.len() - 1 > MAX_LISTED {
            others.push(format!("och {} till", cluster.len() - 1 - MAX_LISTED));
        }
        diagnostics.push(
            Diagnostic::warning(
                &cluster[1].fil,
                format!(
                    "möjlig dubblett av {}: samma parter ({}) och överlappande period",
                    others.join(", "),
                    names.join(", ")
                ),
            )
            .hint(
                "är det samma partnerskap, slå ihop filerna och lägg den ena filens namn i 'alias'",
            ),
        );
    }
    diagnostics
}

/// How many files one warning names before "och N till".
pub(super) const MAX_LISTED: usize = 10;

/// Whether two names, as `name_words` gives them, are nearly the same:
/// one holds the other.
fn similar(a: &str, b: &str) -> bool {
    a.contains(b) || b.contains(a)
}

/// A name as `similar` compares it: its words folded, one space apart.
fn name_words(name: &str) -> String {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An organisation that no entry names and that is no one's `del_av`;
/// `named` is how many entries name each.
fn unused_organisations(
    organisationer: &[Organisation],
    named: &[u32],
    diagnostics: &mut Diagnostics,
) {
    let mut used: Vec<bool> = named.iter().map(|&n| n > 0).collect();
    for i in organisationer.iter().filter_map(|c| c.del_av) {
        used[i] = true;
    }
    for (o, _) in organisationer.iter().zip(used).filter(|(_, used)| !used) {
        diagnostics.push(
            Diagnostic::warning(
                &o.fil,
                format!("organisationen '{}' ingår inte i något partnerskap", o.namn),
            )
            .hint("lägg till den i ett partnerskaps 'idéburna_parter', eller ta bort filen"),
        );
    }
}
