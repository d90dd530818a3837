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

/// Slugs and aliases are URLs: each must lead to one partnership.
pub(super) fn check_collisions(
    sources: &Sources,
    partnerskap: &[Arc<Partnerskap>],
    diagnostics: &mut Diagnostics,
) {
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
}

/// Two entries with the same parties, overlapping periods and nearly the
/// same name are probably one partnership entered twice. (The same parties
/// often have several partnerships at once, such as one per housing site,
/// so parties and period alone would raise false alarms.)
pub(super) fn check_duplicates(
    partnerskap: &[Arc<Partnerskap>],
    organisationer: &[Organisation],
    diagnostics: &mut Diagnostics,
) {
    fn key(p: &Partnerskap) -> (Vec<&Offentlig>, Vec<usize>) {
        let mut offentliga: Vec<&Offentlig> = p.offentliga.iter().map(|o| &o.part).collect();
        offentliga.sort();
        let mut ideburna = p.ideburna.clone();
        ideburna.sort();
        (offentliga, ideburna)
    }
    let span = |p: &Partnerskap| {
        let start = p.period.start.map(|s| s.first_day());
        let end = p.period.last_day();
        (start, end)
    };
    // Only entries with the same parties can be duplicates: group first, so
    // a large catalogue is not compared pair by pair.
    // With each entry's name as `similar` compares them, made once.
    let keys: Vec<_> = partnerskap
        .par_iter()
        .map(|p| (key(p), name_words(&p.namn)))
        .collect();
    let mut groups: foldhash::HashMap<_, Vec<(&Partnerskap, String)>> = Default::default();
    for ((key, words), p) in keys.into_iter().zip(partnerskap) {
        groups.entry(key).or_default().push((p, words));
    }
    for group in groups.values() {
        // Each entry joins the first cluster whose first entry it seems to
        // duplicate: linear for many copies of one entry, and one warning
        // per cluster however many copies there are.
        // Each cluster with its first entry's name words.
        let mut clusters: Vec<(&str, Vec<&Partnerskap>)> = Vec::new();
        for &(p, ref words) in group {
            let duplicate = clusters.iter_mut().find(|(first_words, c)| {
                let first = c[0];
                if !similar(first_words, words) {
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
                .hint("är det samma partnerskap, slå ihop filerna och lägg den ena filens namn i 'alias'"),
            );
        }
    }
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

pub(super) fn check_unused_organisations(
    organisationer: &[Organisation],
    partnerskap: &[Arc<Partnerskap>],
    diagnostics: &mut Diagnostics,
) {
    let mut used = vec![false; organisationer.len()];
    for i in partnerskap
        .iter()
        .flat_map(|p| p.ideburna.iter().copied())
        .chain(organisationer.iter().filter_map(|c| c.del_av))
    {
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
