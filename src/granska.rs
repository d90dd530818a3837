//! The editors' work list: partnerships that need a newer source, because
//! their known period ran out unconfirmed or their last confirmation is old.
//! The /att-granska/ page and the notes of `iop check` both read it.

use chrono::NaiveDate;

use crate::diagnostic::Diagnostic;
use crate::model::{Catalogue, GRANSKA_EFTER_MANADER, Partnerskap, Slut, Status};
use crate::render::view::alder;

/// Why a partnership needs a newer source.
#[derive(Debug, Clone)]
pub struct Behov {
    /// What is missing, in a sentence.
    pub skal: String,
    /// The newest day a source vouches for: the sort key, oldest first.
    pub senast_belagd: Option<NaiveDate>,
    /// The front-matter key an editor should update.
    pub nyckel: &'static str,
}

/// One partnership that needs a newer source.
#[derive(Debug, Clone)]
pub struct Granskning<'a> {
    pub partnerskap: &'a Partnerskap,
    pub behov: Behov,
}

/// Every partnership that needs a newer source on `day`, oldest first
/// (then by slug, as the list /att-granska/ shows them).
pub fn att_granska(catalogue: &Catalogue, day: NaiveDate) -> Vec<Granskning<'_>> {
    let mut list: Vec<Granskning> = catalogue
        .partnerskap
        .iter()
        .filter_map(|p| {
            behov(p, day).map(|behov| Granskning {
                partnerskap: p,
                behov,
            })
        })
        .collect();
    list.sort_by(|a, b| {
        a.behov
            .senast_belagd
            .cmp(&b.behov.senast_belagd)
            .then(a.partnerskap.slug.cmp(&b.partnerskap.slug))
    });
    list
}

/// Why `p` needs a newer source on `day`, if it does.
pub fn behov(p: &Partnerskap, day: NaiveDate) -> Option<Behov> {
    let period = &p.period;
    if !period.behover_granskas(day) {
        return None;
    }
    let newest_source = p.senaste_kalla().map(|d| d.last_day());
    let senast_belagd = period.bekraftad.map(|b| b.last_day()).or(newest_source);
    let (skal, nyckel) = match (period.status(day), period.slut, period.bekraftad) {
        (Status::LoptUt, Some(Slut::Datum(slut)), _) => (
            format!(
                "avtalsperioden löpte ut {slut} och ingen nyare källa säger om det förlängts eller avslutats"
            ),
            "slut",
        ),
        (_, _, Some(b)) => (
            format!(
                "senast bekräftat aktivt {b}, för {} sedan (mer än {GRANSKA_EFTER_MANADER} månader)",
                alder(b.first_day(), day)
            ),
            "bekräftad",
        ),
        _ => (
            "ingen daterad källa bekräftar att partnerskapet är aktivt".to_owned(),
            "källor",
        ),
    };
    Some(Behov {
        skal,
        senast_belagd,
        nyckel,
    })
}

/// The work list as notes for `iop check`, each at the key to update.
pub fn noteringar(
    root: &std::path::Path,
    catalogue: &Catalogue,
    day: NaiveDate,
) -> Vec<Diagnostic> {
    att_granska(catalogue, day)
        .into_iter()
        .map(|g| {
            let path = &g.partnerskap.fil;
            let text = std::fs::read_to_string(root.join(path)).unwrap_or_default();
            let note = Diagnostic::note(path, format!("behöver en nyare källa: {}", g.behov.skal)).hint(
                "lägg till en nyare källa { titel, url, datum } och uppdatera bekräftad, slut eller avslutad efter vad den säger",
            );
            let key = format!("{}:", g.behov.nyckel);
            match text
                .lines()
                .position(|l| l.starts_with(&key))
                .or_else(|| text.lines().position(|l| l.starts_with("källor:")))
            {
                Some(i) => note.at(&text, i + 1, 1, g.behov.nyckel.chars().count()),
                None => note,
            }
        })
        .collect()
}
