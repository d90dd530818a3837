//! Model: the catalogue as plain, checked data. Every reference is resolved
//! (to an organisation, a kommun, a focus area), so the renderers never
//! look anything up by name and never meet an invalid value.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

use crate::reference::{GOTLAND_LANSKOD, reference};
pub use crate::schema::{Datum, Lank, Slut};

#[derive(Debug)]
pub struct Catalogue {
    /// Sorted by slug. Shared with the check outcomes `iop serve` keeps.
    pub partnerskap: Vec<std::sync::Arc<Partnerskap>>,
    /// Sorted by slug.
    pub organisationer: Vec<Organisation>,
    /// In the order of content/fokusomraden.yaml.
    pub fokusomraden: Vec<Fokusomrade>,
    pub kallor: Vec<Kalla>,
}

#[derive(Debug, Clone, Hash)]
pub struct Partnerskap {
    pub slug: String,
    pub namn: String,
    pub offentliga: Vec<OffentligPart>,
    /// Indexes into `Catalogue::organisationer`.
    pub ideburna: Vec<usize>,
    pub ovriga: Vec<String>,
    /// Indexes into `Catalogue::fokusomraden`.
    pub fokus: Vec<usize>,
    pub period: Period,
    pub lankar: Vec<Lank>,
    /// Resolved sources, in the order the file names them.
    pub kallor: Vec<Kalla>,
    /// Earlier slugs, kept working as redirects.
    pub alias: Vec<String>,
    pub beskrivning: Text,
    pub historik: Historik,
    /// The file it was read from, relative to the site root.
    pub fil: PathBuf,
}

impl Partnerskap {
    /// The publication date of the newest dated source.
    pub fn senaste_kalla(&self) -> Option<Datum> {
        self.kallor
            .iter()
            .filter(|k| k.publicerad)
            .map(|k| k.datum)
            .max()
    }
}

/// When a file was added and last changed (from git, else the file system).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Historik {
    pub tillagd: NaiveDate,
    pub andrad: NaiveDate,
}

/// Markdown as sanitized HTML, and as plain text for search and feeds.
#[derive(Debug, Clone, Default, Hash)]
pub struct Text {
    pub html: String,
    pub plain: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OffentligPart {
    pub part: Offentlig,
    /// Nämnder and förvaltningar, as written.
    pub organ: Vec<String>,
}

/// A public body, by SCB code. Gotland kommun, which also has the regional
/// role, is always `Region("09")` so that it is never counted twice.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Offentlig {
    Kommun(String),
    Region(String),
}

impl Offentlig {
    pub fn namn(&self) -> String {
        match self {
            Offentlig::Kommun(kod) => reference().kommun(kod).officiellt_namn.clone(),
            Offentlig::Region(lanskod) => reference().region(lanskod).namn.clone(),
        }
    }

    /// The länskod of the län the body belongs to.
    pub fn lanskod(&self) -> &str {
        match self {
            Offentlig::Kommun(kod) => &reference().kommun(kod).lanskod,
            Offentlig::Region(lanskod) => lanskod,
        }
    }

    /// Whether this body is (or, for Gotland, acts as) the given kommun.
    pub fn is_kommun(&self, kod: &str) -> bool {
        match self {
            Offentlig::Kommun(k) => k == kod,
            Offentlig::Region(lanskod) => {
                lanskod == GOTLAND_LANSKOD && reference().kommun(kod).lanskod == GOTLAND_LANSKOD
            }
        }
    }
}

#[derive(Debug, Clone, Hash)]
pub struct Organisation {
    pub slug: String,
    pub namn: String,
    pub alias: Vec<String>,
    pub webbplats: Option<String>,
    pub organisationsnummer: Option<String>,
    /// Index of the parent organisation.
    pub del_av: Option<usize>,
    pub beskrivning: Text,
    pub fil: PathBuf,
}

#[derive(Debug, Clone, Hash)]
pub struct Fokusomrade {
    pub id: String,
    pub namn: String,
    pub beskrivning: String,
}

/// A source: every one has an address and a date, so every claim can be followed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Kalla {
    /// The id in content/kallor.yaml; `None` for a source written in place.
    pub id: Option<String>,
    pub titel: String,
    pub url: String,
    /// When the source was published, or, for a page without a date, read.
    pub datum: Datum,
    /// Whether `datum` is the publication date. A read date says nothing
    /// about when the partnership was running.
    pub publicerad: bool,
}

/// How old a confirmation may be before an entry needs a newer source.
pub const GRANSKA_EFTER_MANADER: u32 = 18;

/// What is known of an agreement's time: each part may be unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Period {
    pub start: Option<Datum>,
    pub slut: Option<Slut>,
    pub forlangningar: Vec<Datum>,
    pub avslutad: Option<Datum>,
    pub bekraftad: Option<Datum>,
}

/// Status is derived from the dates against a day, never typed by editors.
/// It names what is known: an agreement is "avslutad" only when a source
/// says so (`avslutad`); a period that has passed without a newer source is
/// only known to have run out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Status {
    Kommande,
    Pagaende,
    /// No end is known, but a dated source says it was running.
    Bekraftad,
    /// The known period has passed and no newer source says more.
    LoptUt,
    Avslutad,
    /// Started (or no start known), no end known, no confirmation.
    Okand,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Pagaende,
        Status::Kommande,
        Status::Bekraftad,
        Status::LoptUt,
        Status::Avslutad,
        Status::Okand,
    ];

    /// Running as far as the sources know: within its period, or confirmed.
    pub fn is_active(self) -> bool {
        matches!(self, Status::Pagaende | Status::Bekraftad)
    }

    /// The short name shown on badges and used as a filter value.
    pub fn namn(self) -> &'static str {
        match self {
            Status::Kommande => "kommande",
            Status::Pagaende => "pågående",
            Status::Bekraftad => "bekräftad",
            Status::LoptUt => "perioden har löpt ut",
            Status::Avslutad => "avslutad",
            Status::Okand => "okänd",
        }
    }

    /// A short ASCII id, for column names and keys in the open data.
    pub fn id(self) -> &'static str {
        match self {
            Status::Kommande => "kommande",
            Status::Pagaende => "pagaende",
            Status::Bekraftad => "bekraftad",
            Status::LoptUt => "lopt_ut",
            Status::Avslutad => "avslutad",
            Status::Okand => "okand",
        }
    }

    /// One sentence on how the status is derived, for badges and /om/.
    pub fn forklaring(self) -> &'static str {
        match self {
            Status::Kommande => "Avtalsperioden har inte börjat än.",
            Status::Pagaende => {
                "Dagens datum ligger inom den kända avtalsperioden, eller avtalet gäller tills vidare."
            }
            Status::Bekraftad => {
                "Slutdatum är okänt, men en daterad källa säger att partnerskapet var aktivt."
            }
            Status::LoptUt => {
                "Den kända avtalsperioden har passerat och ingen nyare källa säger om avtalet förlängts eller avslutats."
            }
            Status::Avslutad => "En källa säger att partnerskapet har avslutats.",
            Status::Okand => {
                "Källorna anger inget slutdatum och ingen källa bekräftar att det är aktivt."
            }
        }
    }
}

impl Period {
    /// The status on `day`. Only what the dates say is concluded.
    pub fn status(&self, day: NaiveDate) -> Status {
        if self.avslutad.is_some_and(|a| a.last_day() < day) {
            return Status::Avslutad;
        }
        if self.start.is_some_and(|s| s.first_day() > day) {
            return Status::Kommande;
        }
        let confirmed_by = |d: NaiveDate| self.bekraftad.is_some_and(|b| b.first_day() >= d);
        match self.slut {
            Some(Slut::TillsVidare) => Status::Pagaende,
            Some(Slut::Datum(slut)) if slut.last_day() >= day => Status::Pagaende,
            // A source from after the known end says it still ran: the end
            // is no longer known.
            Some(Slut::Datum(slut)) if confirmed_by(slut.last_day()) => Status::Bekraftad,
            Some(Slut::Datum(_)) => Status::LoptUt,
            // Confirmed on or before the day, or later while known to have
            // started by then.
            None if self
                .bekraftad
                .is_some_and(|b| b.first_day() <= day || self.start.is_some()) =>
            {
                Status::Bekraftad
            }
            None => Status::Okand,
        }
    }

    /// Whether an editor should look for a newer source on `day`: the
    /// period ran out unconfirmed, or the last confirmation is older than
    /// 18 months (or missing) while the agreement may still run.
    pub fn behover_granskas(&self, day: NaiveDate) -> bool {
        match self.status(day) {
            Status::Avslutad | Status::Kommande => false,
            Status::LoptUt => true,
            Status::Pagaende | Status::Bekraftad | Status::Okand => {
                let stale = day
                    .checked_sub_months(chrono::Months::new(GRANSKA_EFTER_MANADER))
                    .unwrap_or(day);
                self.bekraftad.is_none_or(|b| b.last_day() < stale)
            }
        }
    }

    /// The last day the agreement runs, when known.
    pub fn last_day(&self) -> Option<NaiveDate> {
        match (self.avslutad, self.slut) {
            (Some(a), _) => Some(a.last_day()),
            (None, Some(Slut::Datum(s))) => Some(s.last_day()),
            _ => None,
        }
    }

    /// The agreement's length class, as the report groups them.
    pub fn langd(&self) -> Langd {
        match (self.start, self.slut, self.last_day()) {
            (_, Some(Slut::TillsVidare), _) if self.avslutad.is_none() => Langd::TillsVidare,
            (Some(start), _, Some(last)) => {
                let days = (last - start.first_day()).num_days() + 1;
                match days {
                    ..365 => Langd::UnderEttAr,
                    365..=1096 => Langd::EttTillTreAr,
                    1097..=1827 => Langd::TreTillFemAr,
                    _ => Langd::OverFemAr,
                }
            }
            _ => Langd::Okand,
        }
    }

    /// Every calendar year the agreement ran in, when start and end are known
    /// ("tills vidare" runs to `day`'s year).
    pub fn years(&self, day: NaiveDate) -> Vec<i32> {
        use chrono::Datelike;
        let Some(start) = self.start else {
            return Vec::new();
        };
        let end = match (self.last_day(), self.slut) {
            (Some(last), _) => last.year(),
            (None, Some(Slut::TillsVidare)) => day.year().max(start.year),
            _ => return Vec::new(),
        };
        (start.year..=end).collect()
    }

    /// "2022-02-01 – 2024-04-30", "2021 – tills vidare", "okänd period".
    pub fn display(&self) -> String {
        let start = self.start.map(|s| s.to_string());
        let slut = self.slut.map(|s| match s {
            Slut::Datum(d) => d.to_string(),
            Slut::TillsVidare => crate::schema::TILLS_VIDARE.to_owned(),
        });
        match (start, slut) {
            // "2022 – 2022" reads as a typo: one year is one year.
            (Some(s), Some(e)) if s == e => s,
            (None, None) => "okänd period".to_owned(),
            (Some(s), None) => format!("{s} – okänt slut"),
            (None, Some(e)) => format!("okänd start – {e}"),
            (Some(s), Some(e)) => format!("{s} – {e}"),
        }
    }
}

/// Agreement lengths, in the classes of the 2023 report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Langd {
    UnderEttAr,
    EttTillTreAr,
    TreTillFemAr,
    OverFemAr,
    TillsVidare,
    Okand,
}

impl Langd {
    pub const ALL: [Langd; 6] = [
        Langd::UnderEttAr,
        Langd::EttTillTreAr,
        Langd::TreTillFemAr,
        Langd::OverFemAr,
        Langd::TillsVidare,
        Langd::Okand,
    ];

    pub fn namn(self) -> &'static str {
        match self {
            Langd::UnderEttAr => "Under 1 år",
            Langd::EttTillTreAr => "1–3 år",
            Langd::TreTillFemAr => "3–5 år",
            Langd::OverFemAr => "Över 5 år",
            Langd::TillsVidare => "Tills vidare",
            Langd::Okand => "Okänd",
        }
    }
}

impl Catalogue {
    /// The partnerships, by slug.
    pub fn entries(&self) -> impl Iterator<Item = &Partnerskap> + Clone {
        self.partnerskap.iter().map(|p| &**p)
    }

    /// Partnerships where the kommun is a party (for Gotland: Region Gotland).
    pub fn for_kommun<'a>(&'a self, kod: &'a str) -> impl Iterator<Item = &'a Partnerskap> {
        self.entries()
            .filter(move |p| p.offentliga.iter().any(|o| o.part.is_kommun(kod)))
    }

    /// The region's own partnerships.
    pub fn for_region<'a>(&'a self, lanskod: &'a str) -> impl Iterator<Item = &'a Partnerskap> {
        self.entries().filter(move |p| {
            p.offentliga
                .iter()
                .any(|o| o.part == Offentlig::Region(lanskod.to_owned()))
        })
    }

    /// Partnerships of the region or of any kommun in its län.
    pub fn in_lan<'a>(&'a self, lanskod: &'a str) -> impl Iterator<Item = &'a Partnerskap> {
        self.entries()
            .filter(move |p| p.offentliga.iter().any(|o| o.part.lanskod() == lanskod))
    }

    /// Partnerships of the organisation or of any of its local branches.
    pub fn for_organisation(&self, index: usize) -> impl Iterator<Item = &Partnerskap> {
        let family: Vec<usize> = (0..self.organisationer.len())
            .filter(|&i| self.descends_from(i, index))
            .collect();
        self.entries()
            .filter(move |p| p.ideburna.iter().any(|i| family.contains(i)))
    }

    /// Whether `org` is `ancestor` or one of its branches, at any depth.
    pub fn descends_from(&self, org: usize, ancestor: usize) -> bool {
        let mut current = Some(org);
        let mut steps = 0;
        while let Some(i) = current {
            if i == ancestor {
                return true;
            }
            current = self.organisationer[i].del_av;
            steps += 1;
            if steps > self.organisationer.len() {
                return false; // a cycle; the checker reports it
            }
        }
        false
    }

    pub fn branches(&self, index: usize) -> impl Iterator<Item = (usize, &Organisation)> {
        self.organisationer
            .iter()
            .enumerate()
            .filter(move |(_, o)| o.del_av == Some(index))
    }

    pub fn for_fokus(&self, index: usize) -> impl Iterator<Item = &Partnerskap> {
        self.entries().filter(move |p| p.fokus.contains(&index))
    }
}

/// Which partnerships each kommun, region, län, focus area and organisation
/// has, found in one pass over the catalogue instead of one pass per page.
/// Each list holds indexes into `Catalogue::partnerskap`, in its order.
#[derive(Debug, Default)]
pub struct Groups {
    kommun: foldhash::HashMap<String, Vec<usize>>,
    region: foldhash::HashMap<String, Vec<usize>>,
    lan: foldhash::HashMap<String, Vec<usize>>,
    fokus: Vec<Vec<usize>>,
    /// Where the organisation itself is a party.
    egna: Vec<Vec<usize>>,
    /// Where it or any of its branches, at any depth, is.
    familj: Vec<Vec<usize>>,
}

/// The partnerships of one of the catalogue's lists, in its order; also
/// their places in the catalogue, by which per-entry values are found.
#[derive(Clone)]
pub struct Members<'a> {
    catalogue: &'a Catalogue,
    places: std::slice::Iter<'a, usize>,
}

impl<'a> Members<'a> {
    /// The places in the catalogue of the members not yet iterated.
    pub fn places(&self) -> &'a [usize] {
        self.places.as_slice()
    }
}

impl<'a> Iterator for Members<'a> {
    type Item = &'a Partnerskap;

    fn next(&mut self) -> Option<&'a Partnerskap> {
        self.places.next().map(|&i| &*self.catalogue.partnerskap[i])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.places.size_hint()
    }
}

impl Groups {
    /// Whether the entries `a` and `b` are in the same lists: the lists
    /// of a catalogue where one replaced the other are the same.
    pub fn same_lists(a: &Partnerskap, b: &Partnerskap) -> bool {
        a.ideburna == b.ideburna
            && a.fokus == b.fokus
            && a.offentliga.len() == b.offentliga.len()
            && a.offentliga
                .iter()
                .zip(&b.offentliga)
                .all(|(x, y)| x.part == y.part)
    }

    pub fn of(catalogue: &Catalogue) -> Groups {
        let mut g = Groups {
            fokus: vec![Vec::new(); catalogue.fokusomraden.len()],
            egna: vec![Vec::new(); catalogue.organisationer.len()],
            familj: vec![Vec::new(); catalogue.organisationer.len()],
            ..Groups::default()
        };
        let gotland: Vec<&str> = reference()
            .kommuner
            .iter()
            .filter(|k| k.lanskod == GOTLAND_LANSKOD)
            .map(|k| k.kod.as_str())
            .collect();
        fn push(list: &mut Vec<usize>, i: usize) {
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
        // The code copied only for the first of its entries.
        fn of<'m>(
            lists: &'m mut foldhash::HashMap<String, Vec<usize>>,
            kod: &str,
        ) -> &'m mut Vec<usize> {
            if !lists.contains_key(kod) {
                lists.insert(kod.to_owned(), Vec::new());
            }
            lists.get_mut(kod).expect("inserted")
        }
        for (i, p) in catalogue.partnerskap.iter().enumerate() {
            for o in &p.offentliga {
                match &o.part {
                    Offentlig::Kommun(kod) => push(of(&mut g.kommun, kod), i),
                    Offentlig::Region(lanskod) => {
                        push(of(&mut g.region, lanskod), i);
                        if lanskod == GOTLAND_LANSKOD {
                            for kod in &gotland {
                                push(of(&mut g.kommun, kod), i);
                            }
                        }
                    }
                }
                push(of(&mut g.lan, o.part.lanskod()), i);
            }
            for &f in &p.fokus {
                if let Some(list) = g.fokus.get_mut(f) {
                    push(list, i);
                }
            }
            for &o in &p.ideburna {
                push(&mut g.egna[o], i);
                let mut current = Some(o);
                let mut steps = 0;
                // Bounded even if a cycle got past the checker.
                while let Some(a) = current.filter(|_| steps <= catalogue.organisationer.len()) {
                    push(&mut g.familj[a], i);
                    current = catalogue.organisationer[a].del_av;
                    steps += 1;
                }
            }
        }
        // Two parties of one partnership may reach one ancestor out of order.
        for list in &mut g.familj {
            list.sort_unstable();
            list.dedup();
        }
        g
    }

    fn list<'a>(catalogue: &'a Catalogue, list: Option<&'a Vec<usize>>) -> Members<'a> {
        Members {
            catalogue,
            places: list.map_or(&[][..], Vec::as_slice).iter(),
        }
    }

    /// As `Catalogue::for_kommun`.
    pub fn kommun<'a>(&'a self, catalogue: &'a Catalogue, kod: &str) -> Members<'a> {
        Self::list(catalogue, self.kommun.get(kod))
    }

    /// As `Catalogue::for_region`.
    pub fn region<'a>(&'a self, catalogue: &'a Catalogue, lanskod: &str) -> Members<'a> {
        Self::list(catalogue, self.region.get(lanskod))
    }

    /// As `Catalogue::in_lan`.
    pub fn lan<'a>(&'a self, catalogue: &'a Catalogue, lanskod: &str) -> Members<'a> {
        Self::list(catalogue, self.lan.get(lanskod))
    }

    /// As `Catalogue::for_fokus`.
    pub fn fokus<'a>(&'a self, catalogue: &'a Catalogue, index: usize) -> Members<'a> {
        Self::list(catalogue, self.fokus.get(index))
    }

    /// Where the organisation itself is a party.
    pub fn egna<'a>(&'a self, catalogue: &'a Catalogue, index: usize) -> Members<'a> {
        Self::list(catalogue, self.egna.get(index))
    }

    /// As `Catalogue::for_organisation`.
    pub fn organisation<'a>(&'a self, catalogue: &'a Catalogue, index: usize) -> Members<'a> {
        Self::list(catalogue, self.familj.get(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn datum(s: &str) -> Option<Datum> {
        Some(Datum::parse(s).unwrap())
    }

    #[test]
    fn status_follows_the_dates() {
        let period = Period {
            start: datum("2022-02-01"),
            slut: Some(Slut::Datum(Datum::parse("2024-04-30").unwrap())),
            ..Period::default()
        };
        assert_eq!(period.status(day("2022-01-31")), Status::Kommande);
        assert_eq!(period.status(day("2022-02-01")), Status::Pagaende);
        assert_eq!(period.status(day("2024-04-30")), Status::Pagaende);
        assert_eq!(period.status(day("2024-05-01")), Status::LoptUt);
    }

    #[test]
    fn a_year_runs_to_its_last_day() {
        let period = Period {
            start: datum("2022"),
            slut: Some(Slut::Datum(Datum::parse("2023").unwrap())),
            ..Period::default()
        };
        assert_eq!(period.status(day("2023-12-31")), Status::Pagaende);
        assert_eq!(period.langd(), Langd::EttTillTreAr);
        assert_eq!(period.years(day("2030-01-01")), vec![2022, 2023]);
    }

    #[test]
    fn unknown_end_is_not_guessed_but_a_source_can_confirm() {
        let period = Period {
            start: datum("2022-09-15"),
            forlangningar: vec![Datum::parse("2023-03-31").unwrap()],
            bekraftad: datum("2023-04-01"),
            ..Period::default()
        };
        assert_eq!(period.status(day("2023-04-01")), Status::Bekraftad);
        assert_eq!(period.status(day("2026-12-01")), Status::Bekraftad);
        assert_eq!(period.status(day("2023-01-01")), Status::Bekraftad);
        assert_eq!(period.langd(), Langd::Okand);
        assert!(!period.behover_granskas(day("2024-10-01")));
        assert!(period.behover_granskas(day("2024-10-02")));
        let unknown = Period {
            start: datum("2022"),
            ..Period::default()
        };
        assert_eq!(unknown.status(day("2023-04-01")), Status::Okand);
        assert!(unknown.behover_granskas(day("2023-04-01")));
        assert_eq!(Period::default().display(), "okänd period");
    }

    #[test]
    fn ended_early_and_until_further_notice() {
        let period = Period {
            start: datum("2020-12-18"),
            slut: Some(Slut::TillsVidare),
            ..Period::default()
        };
        assert_eq!(period.status(day("2030-01-01")), Status::Pagaende);
        assert_eq!(period.langd(), Langd::TillsVidare);
        let ended = Period {
            avslutad: datum("2021-06-30"),
            ..period
        };
        assert_eq!(ended.status(day("2021-07-01")), Status::Avslutad);
        assert!(!ended.behover_granskas(day("2030-01-01")));
        assert_eq!(ended.langd(), Langd::UnderEttAr);
    }

    #[test]
    fn a_passed_period_has_run_out_unless_a_later_source_confirms_it() {
        let period = Period {
            start: datum("2020-01-01"),
            slut: Some(Slut::Datum(Datum::parse("2022-12-31").unwrap())),
            ..Period::default()
        };
        assert_eq!(period.status(day("2023-01-01")), Status::LoptUt);
        assert!(period.behover_granskas(day("2023-01-01")));
        let confirmed = Period {
            bekraftad: datum("2024-03"),
            ..period.clone()
        };
        assert_eq!(confirmed.status(day("2024-06-01")), Status::Bekraftad);
        let early = Period {
            bekraftad: datum("2021-06-01"),
            ..period
        };
        assert_eq!(early.status(day("2023-01-01")), Status::LoptUt);
    }
}
