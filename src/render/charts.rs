//! Chart: the numbers behind every chart and map, computed from the model
//! and drawn by `iop-chart` as inline SVG with a table of the same numbers.

use std::collections::BTreeMap;

use chrono::Datelike;
use iop_chart::{Bar, BarChart, End, Start, TimelineItem};

use super::view::Views;
use crate::model::{Langd, Partnerskap, Slut};
use crate::reference::reference;

pub struct Charts<'a> {
    views: &'a Views<'a>,
    /// With a page cache: where charts are kept, what each entry gives
    /// the charts that count it (see `Build::fakta_keys`) and all of it
    /// (`Build::entry_keys`), and a hash of what every chart shows besides
    /// its entries (names, addresses, the day).
    kept: Option<Kept<'a>>,
}

struct Kept<'a> {
    cache: &'a crate::render::PageCache,
    fakta: &'a [u64],
    entries: &'a [u64],
    context: u64,
}

impl<'a> Charts<'a> {
    pub fn new(views: &'a Views<'a>) -> Charts<'a> {
        Charts { views, kept: None }
    }

    /// These charts, each kept in `cache` and drawn again only when what
    /// it shows changed.
    pub fn keeping(
        self,
        cache: &'a crate::render::PageCache,
        fakta: &'a [u64],
        entries: &'a [u64],
        context: u64,
    ) -> Charts<'a> {
        Charts {
            kept: Some(Kept {
                cache,
                fakta,
                entries,
                context,
            }),
            ..self
        }
    }

    /// The chart `id` of the entries at `places`, drawn by `draw` unless
    /// kept: `texts` are what it says besides them, and it shows only what
    /// `Build::fakta_keys` hashes of each, or, when `named`, all of it.
    fn kept(
        &self,
        id: &str,
        texts: &[&str],
        places: &[usize],
        named: bool,
        draw: impl FnOnce(&[&Partnerskap]) -> String,
    ) -> String {
        let ps = || -> Vec<&Partnerskap> {
            places
                .iter()
                .map(|&i| &*self.views.catalogue.partnerskap[i])
                .collect()
        };
        let Some(kept) = &self.kept else {
            return draw(&ps());
        };
        let key = {
            use std::hash::{Hash, Hasher};
            let mut h = crate::incremental::hasher();
            (kept.context, id, texts, named).hash(&mut h);
            let keys = if named { kept.entries } else { kept.fakta };
            for &i in places {
                h.write_u64(keys[i]);
            }
            h.finish()
        };
        kept.cache.charts.get_or(id, key, || draw(&ps()))
    }

    /// Partnerships per focus area; empty when there are none. `scope` names
    /// the set in the title ("Malmö"), `among` in a sentence ("i Malmö",
    /// "där Svenska Röda Korset är part").
    pub fn fokus(&self, id: &str, scope: &str, among: &str, places: &[usize]) -> String {
        self.kept(id, &[scope, among], places, false, |ps| {
            self.draw_fokus(id, scope, among, ps)
        })
    }

    /// How long the agreements of the entries at `places` ran.
    pub fn durations(&self, id: &str, places: &[usize]) -> String {
        self.kept(id, &[], places, false, |ps| self.draw_durations(id, ps))
    }

    /// The entries at `places` running each year.
    pub fn per_year(&self, id: &str, places: &[usize]) -> String {
        self.kept(id, &[], places, false, |ps| self.draw_per_year(id, ps))
    }

    /// The entries at `places` on a timeline: one bar each, named; for
    /// many, their count per year.
    pub fn timeline(&self, id: &str, scope: &str, among: &str, places: &[usize]) -> String {
        let named = places.len() <= TIDSLINJE_MAX;
        self.kept(id, &[scope, among], places, named, |ps| {
            self.draw_timeline(id, scope, among, ps)
        })
    }

    fn draw_fokus(&self, id: &str, scope: &str, among: &str, ps: &[&Partnerskap]) -> String {
        let counts = fokus_counts(self.views.catalogue.fokusomraden.len(), ps);
        let bars: Vec<Bar> = counts
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(i, n)| {
                Bar::new(self.views.catalogue.fokusomraden[i].namn.clone(), n)
                    .with_href(self.views.fokus_url(i))
            })
            .collect();
        if bars.is_empty() {
            return String::new();
        }
        iop_chart::bar_chart(&BarChart {
            id: id.to_owned(),
            title: format!("Partnerskap per fokusområde, {scope}"),
            description: format!(
                "Antal partnerskap {among} inom varje fokusområde, störst först. Ett partnerskap kan ha upp till tre fokusområden."
            ),
            label_heading: "Fokusområde".to_owned(),
            value_heading: "Partnerskap".to_owned(),
            bars,
        })
    }

    /// Agreement lengths in the report's classes.
    fn draw_durations(&self, id: &str, ps: &[&Partnerskap]) -> String {
        let counts = duration_counts(ps);
        iop_chart::bar_chart(&BarChart {
            id: id.to_owned(),
            title: "Avtalens längd".to_owned(),
            description: "Antal partnerskap efter avtalsperiodens längd, från start till det senast kända slutet. \
                Okänd betyder att start eller slut saknas i källorna."
                .to_owned(),
            label_heading: "Längd".to_owned(),
            value_heading: "Partnerskap".to_owned(),
            bars: Langd::ALL.iter().map(|l| Bar::new(l.namn(), counts[l])).collect(),
        })
    }

    /// Partnerships running in each calendar year, up to the build year,
    /// with the part a source from that very year vouches for: where that
    /// part thins out, the count rests on agreed dates alone.
    fn draw_per_year(&self, id: &str, ps: &[&Partnerskap]) -> String {
        let counts = year_counts(ps, self.views.as_of);
        if counts.is_empty() {
            return String::new();
        }
        iop_chart::column_chart_with_part(
            &BarChart {
                id: id.to_owned(),
                title: "Partnerskap i katalogen per år".to_owned(),
                description: "Antal partnerskap som enligt avtalsperioden eller en källa från året pågick det året. \
                    Den mörka delen har en källa från just det året; resten bygger bara på avtalets datum. \
                    Att staplarna sjunker de senaste åren visar främst att källorna blir färre, inte att partnerskapen blir det. \
                    Partnerskap med okänd start eller okänt slut och utan källa från året räknas inte."
                    .to_owned(),
                label_heading: "År".to_owned(),
                value_heading: "Partnerskap".to_owned(),
                bars: counts
                    .into_iter()
                    .map(|(year, n)| Bar::new(year.to_string(), n.running).with_part(n.confirmed))
                    .collect(),
            },
            "med en källa från året",
        )
    }

    /// Every partnership as a bar from start to end, earliest first; `scope`
    /// and `among` as for [`Charts::fokus`].
    fn draw_timeline(&self, id: &str, scope: &str, among: &str, ps: &[&Partnerskap]) -> String {
        if ps.is_empty() {
            return String::new();
        }
        // One bar per partnership is unreadable (and megabytes) for many;
        // then the count per year says what the timeline would.
        if ps.len() > TIDSLINJE_MAX {
            return self.draw_per_year(id, ps);
        }
        let mut ps = ps.to_vec();
        ps.sort_by(|a, b| {
            let start = |p: &Partnerskap| p.period.start.map(|s| s.first_day());
            start(a)
                .is_none()
                .cmp(&start(b).is_none())
                .then(start(a).cmp(&start(b)))
                .then(a.namn.cmp(&b.namn))
        });
        let items: Vec<TimelineItem> = ps
            .iter()
            .map(|p| TimelineItem {
                label: p.namn.clone(),
                href: self.views.partnerskap_url(&p.slug),
                start: p
                    .period
                    .start
                    .map_or(Start::Unknown, |s| Start::Date(s.first_day())),
                end: match (p.period.last_day(), p.period.slut) {
                    (Some(last), _) => End::Date(last),
                    (None, Some(Slut::TillsVidare)) => End::UntilFurtherNotice,
                    _ => End::Unknown,
                },
                status: self.views.status_text(p),
            })
            .collect();
        iop_chart::timeline(
            id,
            &format!("Tidslinje, {scope}"),
            &format!(
                "Varje partnerskap {among} som en stapel från start till slut. Linjen markerar {}.",
                // Non-breaking hyphens: a date never wraps as "2026-12-/01".
                self.views.as_of.to_string().replace('-', "\u{2011}")
            ),
            &items,
            self.views.as_of,
        )
    }

    /// A map drawn by `draw` from `counts`, unless kept.
    fn map(
        &self,
        id: &str,
        counts: BTreeMap<String, u32>,
        draw: impl FnOnce(&BTreeMap<String, u32>) -> String,
    ) -> String {
        match &self.kept {
            Some(kept) => {
                let key = crate::incremental::key(&(kept.context, id, &counts));
                kept.cache.charts.get_or(id, key, || draw(&counts))
            }
            None => draw(&counts),
        }
    }

    /// Kommuner shaded by their number of partnerships.
    pub fn kommun_map(&self, id: &str) -> String {
        let counts: BTreeMap<String, u32> = reference()
            .kommuner
            .iter()
            .map(|k| {
                (
                    k.kod.clone(),
                    self.views
                        .groups
                        .kommun(self.views.catalogue, &k.kod)
                        .count() as u32,
                )
            })
            .collect();
        self.map(id, counts, |counts| {
            let href = |kod: &str| self.views.kommun_url(kod);
            iop_chart::kommun_map(
                id,
                "Partnerskap per kommun",
                "Sveriges 290 kommuner, färgade efter hur många partnerskap i katalogen kommunen är part i. Kartan visar katalogens täckning, inte alla IOP i Sverige: en kommun utan partnerskap här kan ha IOP som ingen ännu lagt till. Varje kommun länkar till sin sida.",
                counts,
                &|kod| reference().kommun(kod).namn.clone(),
                &href,
            )
        })
    }

    /// Regions shaded by their own partnerships.
    pub fn lan_map(&self, id: &str) -> String {
        let counts: BTreeMap<String, u32> = reference()
            .regioner
            .iter()
            .map(|r| {
                (
                    r.lanskod.clone(),
                    self.views
                        .groups
                        .region(self.views.catalogue, &r.lanskod)
                        .count() as u32,
                )
            })
            .collect();
        self.map(id, counts, |counts| {
            let href = |lanskod: &str| self.views.region_url(lanskod);
            iop_chart::lan_map(
                id,
                "Regionernas egna partnerskap",
                "Sveriges 21 regioner, färgade efter hur många partnerskap i katalogen regionen själv är part i. Kartan visar katalogens täckning, inte alla IOP i Sverige. Varje region länkar till sin sida.",
                counts,
                &|lanskod| reference().region(lanskod).namn.clone(),
                &href,
            )
        })
    }
}

/// (focus area index, partnerships) sorted by count, largest first, then
/// in vocabulary order.
/// The most partnerships a timeline shows one by one.
pub const TIDSLINJE_MAX: usize = 100;

pub fn fokus_counts(areas: usize, ps: &[&Partnerskap]) -> Vec<(usize, u32)> {
    let mut counts: Vec<(usize, u32)> = (0..areas)
        .map(|i| (i, ps.iter().filter(|p| p.fokus.contains(&i)).count() as u32))
        .collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
}

pub fn duration_counts(ps: &[&Partnerskap]) -> BTreeMap<Langd, u32> {
    let mut counts: BTreeMap<Langd, u32> = Langd::ALL.iter().map(|l| (*l, 0)).collect();
    for p in ps {
        *counts.entry(p.period.langd()).or_default() += 1;
    }
    counts
}

/// One year of [`year_counts`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct YearCount {
    /// Running by the agreed period, or confirmed by a source from the year.
    pub running: u32,
    /// Of those, the ones with a source (or confirmation) dated that year.
    pub confirmed: u32,
}

/// Running partnerships per year, from the first known year to the build year.
pub fn year_counts(ps: &[&Partnerskap], as_of: chrono::NaiveDate) -> BTreeMap<i32, YearCount> {
    let mut counts: BTreeMap<i32, YearCount> = BTreeMap::new();
    for p in ps {
        let by_dates = p.period.years(as_of);
        // A source from a year vouches for that year only if the agreement
        // had started by then (or its start is unknown).
        let started_by = |year: i32| p.period.start.is_none_or(|s| s.year <= year);
        let mut by_source: Vec<i32> = p
            .kallor
            .iter()
            .filter(|k| k.publicerad)
            .map(|k| k.datum)
            .chain(p.period.bekraftad)
            .map(|d| d.year)
            .filter(|&y| started_by(y) && p.period.avslutad.is_none_or(|a| a.year >= y))
            .collect();
        by_source.sort_unstable();
        by_source.dedup();
        let mut years = by_dates.clone();
        years.extend(by_source.iter().copied());
        years.sort_unstable();
        years.dedup();
        for year in years.into_iter().filter(|&y| y <= as_of.year()) {
            let count = counts.entry(year).or_default();
            count.running += 1;
            count.confirmed += u32::from(by_source.contains(&year));
        }
    }
    if let (Some(&first), Some(_)) = (counts.keys().next(), counts.keys().next_back()) {
        for year in first..=as_of.year() {
            counts.entry(year).or_default();
        }
    }
    counts
}
