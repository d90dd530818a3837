//! Views: the model as the templates see it. Plain serializable data with
//! every URL, name and date already formatted, so templates hold no logic
//! beyond layout and a site may override them without knowing the model.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use super::entries::{Alignment, Order};
use crate::model::*;
use crate::reference::reference;

/// Builds URLs and views for one build: the base path and the day statuses
/// are computed for.
pub struct Views<'a> {
    pub catalogue: &'a Catalogue,
    pub base: String,
    pub as_of: NaiveDate,
    /// Each kommun's, region's, focus area's and organisation's partnerships.
    pub groups: &'a crate::model::Groups,
    /// Each entry's status on `as_of`, by place: pages count the statuses
    /// of every list an entry is in.
    pub statuses: &'a [Status],
    /// Every partnership's card by place, and their order, made once (see
    /// `with_cards`): a large site shows each entry in half a dozen lists.
    cards: Option<Cards>,
    /// Where cards of earlier builds are kept, with the build's alignment
    /// and the key of the vocabulary (see `Build::vocabulary_key`): a card
    /// is made again only when its entry changed.
    kept: Option<(&'a crate::render::PageCache, &'a Alignment, u64)>,
    /// What renders a card's table row, with a hash of the templates.
    rows: Option<(&'a RowRenderer<'a>, u64)>,
}

/// Renders a card's table row (see `Rad`).
pub type RowRenderer<'a> = dyn Fn(&Kort) -> String + Sync + 'a;

/// A card and its sort key.
pub type Card = (Kort, String);

/// Every entry's card, by place, and their order.
type Cards = (Arc<Vec<Arc<Card>>>, Arc<Order>);

impl<'a> Views<'a> {
    pub fn new(
        catalogue: &'a Catalogue,
        groups: &'a crate::model::Groups,
        statuses: &'a [Status],
        base: String,
        as_of: NaiveDate,
    ) -> Views<'a> {
        Views {
            catalogue,
            base,
            as_of,
            groups,
            statuses,
            cards: None,
            kept: None,
            rows: None,
        }
    }

    /// These views, with each card's table row rendered by `row` from
    /// templates hashing to `templates`.
    pub fn with_rows(self, row: &'a RowRenderer<'a>, templates: u64) -> Self {
        Views {
            rows: Some((row, templates)),
            ..self
        }
    }

    /// These views, with cards taken from (and kept in) `cache`.
    pub fn keeping_cards(
        self,
        cache: &'a crate::render::PageCache,
        alignment: &'a Alignment,
        vocabulary: u64,
    ) -> Self {
        Views {
            kept: Some((cache, alignment, vocabulary)),
            ..self
        }
    }
}

#[derive(Debug, Clone, Hash, Serialize)]
pub struct Link {
    pub namn: String,
    pub url: String,
}

/// A partnership in lists and tables.
#[derive(Debug, Clone, Serialize)]
pub struct Kort {
    pub slug: String,
    pub url: String,
    pub namn: String,
    pub offentliga: Vec<Link>,
    pub ideburna: Vec<Link>,
    pub fokus: Vec<Link>,
    pub period: String,
    /// Sortable start ("" when unknown), for the list's data attributes.
    pub start: String,
    pub status: &'static str,
    /// The badge's text, e.g. "bekräftad 2023-04-01".
    pub status_text: String,
    /// How the status follows from the sources, in a sentence or two.
    pub status_forklaring: String,
    /// The date of the newest source.
    pub senaste_kalla: Option<String>,
    /// The card's row in the lists' tables, when the views render them.
    pub rad: Rad,
    /// A hash of the other fields, made with them (see `Kort::hashed`):
    /// a list page's key hashes thousands of cards.
    #[serde(skip)]
    nyckel: u64,
}

impl Kort {
    /// The card with its hash of every field; the row adds nothing to it
    /// (see `Rad`).
    fn hashed(mut self) -> Kort {
        self.nyckel = crate::incremental::key(&(
            (&self.slug, &self.url, &self.namn),
            (&self.offentliga, &self.ideburna, &self.fokus),
            (&self.period, &self.start, self.status),
            (
                &self.status_text,
                &self.status_forklaring,
                &self.senaste_kalla,
            ),
        ));
        self
    }
}

impl std::hash::Hash for Kort {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.nyckel);
    }
}

/// A card's row in the tables of lists (the theme's `rad.html`): rendered
/// once per card, not once per list, as a catalogue shows each card in
/// half a dozen lists. It is made of the card's other fields and the
/// templates, which every key that hashes a card includes: so it adds
/// nothing to a hash.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Rad(pub String);

impl std::hash::Hash for Rad {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

/// Everything on a partnership's own page.
#[derive(Debug, Clone, Serialize)]
pub struct Sida {
    #[serde(flatten)]
    pub kort: Kort,
    pub parter: Vec<Part>,
    pub ovriga: Vec<String>,
    pub beskrivning: String,
    pub lankar: Vec<LankView>,
    pub kallor: Vec<LankView>,
    pub forlangningar: Vec<String>,
    pub avslutad: Option<String>,
    pub bekraftad: Option<Bekraftelse>,
    pub langd: &'static str,
    pub tillagd: String,
    pub andrad: String,
    pub fil: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Part {
    pub namn: String,
    pub url: String,
    pub organ: Vec<String>,
}

/// The newest confirmation that a partnership was running, and by whom.
#[derive(Debug, Clone, Serialize)]
pub struct Bekraftelse {
    pub datum: String,
    /// How long ago, as of the build: "3 år och 8 månader".
    pub alder: String,
    /// The source dated that day, when there is one.
    pub kalla: Option<LankView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LankView {
    pub titel: String,
    pub url: Option<String>,
    pub datum: Option<String>,
    /// False when `datum` is the day an undated page was read.
    pub publicerad: bool,
}

impl<'a> Views<'a> {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn partnerskap_url(&self, slug: &str) -> String {
        self.url(&format!("/partnerskap/{slug}/"))
    }

    pub fn kommun_url(&self, kod: &str) -> String {
        self.url(&format!("/kommun/{}/", reference().kommun(kod).slug))
    }

    pub fn region_url(&self, lanskod: &str) -> String {
        self.url(&format!("/region/{}/", reference().region(lanskod).slug))
    }

    pub fn organisation_url(&self, index: usize) -> String {
        self.url(&format!(
            "/organisation/{}/",
            self.catalogue.organisationer[index].slug
        ))
    }

    pub fn fokus_url(&self, index: usize) -> String {
        self.url(&format!(
            "/fokus/{}/",
            self.catalogue.fokusomraden[index].id
        ))
    }

    /// Where an editor changes the partnership's file: the repository's
    /// editor when the site names one, else the page on how to contribute.
    pub fn redigera_url(&self, config: &crate::config::Config, p: &Partnerskap) -> String {
        match &config.repository {
            Some(repo) => format!(
                "{}/edit/main/{}",
                repo.trim_end_matches('/'),
                crate::diagnostic::display_path(&p.fil)
            ),
            None => self.url("/om/#bidra"),
        }
    }

    pub fn offentlig(&self, part: &Offentlig) -> Link {
        match part {
            Offentlig::Kommun(kod) => Link {
                namn: reference().kommun(kod).namn.clone(),
                url: self.kommun_url(kod),
            },
            Offentlig::Region(lanskod) => Link {
                namn: reference().region(lanskod).namn.clone(),
                url: self.region_url(lanskod),
            },
        }
    }

    pub fn organisation(&self, index: usize) -> Link {
        Link {
            namn: self.catalogue.organisationer[index].namn.clone(),
            url: self.organisation_url(index),
        }
    }

    pub fn fokus(&self, index: usize) -> Link {
        Link {
            namn: self.catalogue.fokusomraden[index].namn.clone(),
            url: self.fokus_url(index),
        }
    }

    pub fn status(&self, p: &Partnerskap) -> Status {
        p.period.status(self.as_of)
    }

    /// The badge: the status, with the date that makes it true.
    pub fn status_text(&self, p: &Partnerskap) -> String {
        let status = self.status(p);
        match (status, p.period.bekraftad, p.period.slut) {
            (Status::Bekraftad, Some(b), _) => format!("bekräftad {b}"),
            (Status::LoptUt, _, Some(Slut::Datum(slut))) => format!("löpte ut {slut}"),
            (Status::Avslutad, _, _) => match p.period.avslutad {
                Some(a) => format!("avslutad {a}"),
                None => status.namn().to_owned(),
            },
            (Status::Kommande, _, _) => match p.period.start {
                Some(s) => format!("kommande, från {s}"),
                None => status.namn().to_owned(),
            },
            _ => status.namn().to_owned(),
        }
    }

    /// What the status rests on, said plainly.
    pub fn status_forklaring(&self, p: &Partnerskap) -> String {
        let status = self.status(p);
        let period = &p.period;
        let bekraftad = period.bekraftad.map(|b| {
            format!(
                "Senast bekräftad aktivt {b}, för {} sedan.",
                alder(b.first_day(), self.as_of)
            )
        });
        let text = match (status, period.slut) {
            (Status::Pagaende, Some(Slut::TillsVidare)) => format!(
                "Avtalet gäller tills vidare. {}",
                bekraftad
                    .unwrap_or_else(|| "Ingen källa har bekräftat det sedan start.".to_owned())
            ),
            (Status::Pagaende, Some(Slut::Datum(slut))) => {
                format!("Avtalsperioden pågår till {slut}.")
            }
            (Status::Bekraftad, _) => {
                format!("Slutdatum är okänt. {}", bekraftad.unwrap_or_default())
            }
            (Status::LoptUt, Some(Slut::Datum(slut))) => format!(
                "Avtalsperioden slutade {slut}. Ingen nyare källa säger om avtalet har förlängts eller avslutats."
            ),
            (Status::Avslutad, _) => match period.avslutad {
                Some(a) => format!("Avslutades {a} enligt källa."),
                None => status.forklaring().to_owned(),
            },
            _ => status.forklaring().to_owned(),
        };
        text.trim().to_owned()
    }

    /// The confirmation with the source that gives it: the source dated
    /// that day, else none named.
    pub fn bekraftelse(&self, p: &Partnerskap) -> Option<Bekraftelse> {
        let b = p.period.bekraftad?;
        Some(Bekraftelse {
            datum: b.to_string(),
            alder: alder(b.first_day(), self.as_of),
            kalla: p
                .kallor
                .iter()
                .filter(|k| k.publicerad && k.datum == b)
                .map(kalla_view)
                .next(),
        })
    }

    /// The card of the entry at place `i` in the catalogue.
    pub fn kort(&self, i: usize) -> &Kort {
        &self.cards().0[i].0
    }

    fn cards(&self) -> &Cards {
        self.cards
            .as_ref()
            .expect("the views' cards are made (`with_cards`) before pages use them")
    }

    /// These views, with every entry's card made now, in parallel: once,
    /// before any page is rendered, and not on first use, which a page
    /// rendered in parallel would reach while the cards are being made (a
    /// `OnceLock` filled in parallel deadlocks when the filling thread,
    /// waiting for its loop, takes on work that asks for it again).
    pub fn with_cards(self) -> Self {
        use rayon::prelude::*;
        let make = |i: usize| {
            let mut kort = self.make_kort(&self.catalogue.partnerskap[i]);
            if let Some((row, _)) = self.rows {
                kort.rad = Rad(row(&kort));
            }
            let key = crate::text::collation_key(&kort.namn);
            Arc::new((kort, key))
        };
        let n = self.catalogue.partnerskap.len();
        let cards = match self.kept {
            Some((cache, alignment, vocabulary)) => {
                // The same entry has other cards under other bases.
                let templates = self.rows.map(|(_, hash)| hash);
                let context = crate::incremental::key(&(vocabulary, &self.base, templates));
                cache.cards.values(alignment, context, make)
            }
            None => Arc::new((0..n).into_par_iter().map(make).collect()),
        };
        let key = |i: usize| (cards[i].1.as_str(), cards[i].0.slug.as_str());
        let order = match self.kept {
            Some((cache, alignment, _)) => {
                let kept = cache.order.take(alignment);
                let order = Arc::new(Order::new(Some(alignment), kept, n, key));
                cache.order.keep(alignment, &order);
                order
            }
            None => Arc::new(Order::new(None, None, n, key)),
        };
        Views {
            cards: Some((cards, order)),
            ..self
        }
    }

    /// `p`'s card, made (`kort` borrows the build's).
    pub(crate) fn make_kort(&self, p: &Partnerskap) -> Kort {
        Kort {
            slug: p.slug.clone(),
            url: self.partnerskap_url(&p.slug),
            namn: p.namn.clone(),
            offentliga: p
                .offentliga
                .iter()
                .map(|o| self.offentlig(&o.part))
                .collect(),
            ideburna: p.ideburna.iter().map(|&i| self.organisation(i)).collect(),
            fokus: p.fokus.iter().map(|&i| self.fokus(i)).collect(),
            period: p.period.display(),
            start: p.period.start.map(|s| s.to_string()).unwrap_or_default(),
            status: self.status(p).namn(),
            status_text: self.status_text(p),
            status_forklaring: self.status_forklaring(p),
            senaste_kalla: p.senaste_kalla().map(|d| d.to_string()),
            rad: Rad::default(),
            nyckel: 0,
        }
        .hashed()
    }

    /// The cards of the entries at `places` in Swedish order of their
    /// names: borrowed from the build's cards, as every list page shows
    /// some of them.
    pub fn kort_list(&self, places: impl IntoIterator<Item = usize>) -> Vec<&Kort> {
        let cards = &self.cards().0;
        self.in_order(places)
            .into_iter()
            .map(|i| &cards[i].0)
            .collect()
    }

    /// `places` in Swedish order of their entries' names, as lists show
    /// them.
    pub fn in_order(&self, places: impl IntoIterator<Item = usize>) -> Vec<usize> {
        let mut places: Vec<usize> = places.into_iter().collect();
        self.cards().1.sort(&mut places);
        places
    }

    /// Every entry's place, in Swedish order of their names.
    pub fn all_in_order(&self) -> Vec<usize> {
        self.cards()
            .1
            .in_order
            .iter()
            .map(|&i| i as usize)
            .collect()
    }

    /// The page of the entry at place `i`.
    pub fn sida(&self, i: usize) -> Sida {
        let p = &self.catalogue.partnerskap[i];
        Sida {
            kort: self.kort(i).clone(),
            parter: p
                .offentliga
                .iter()
                .map(|o| {
                    let link = self.offentlig(&o.part);
                    Part {
                        // On the partnership's own page, the body as it names itself.
                        namn: o.part.namn(),
                        url: link.url,
                        organ: o.organ.clone(),
                    }
                })
                .collect(),
            ovriga: p.ovriga.clone(),
            beskrivning: p.beskrivning.html.clone(),
            lankar: p
                .lankar
                .iter()
                .map(|l| LankView {
                    titel: l.titel.clone(),
                    url: l.url.clone(),
                    datum: None,
                    publicerad: false,
                })
                .collect(),
            kallor: p.kallor.iter().map(kalla_view).collect(),
            forlangningar: p
                .period
                .forlangningar
                .iter()
                .map(|d| d.to_string())
                .collect(),
            avslutad: p.period.avslutad.map(|d| d.to_string()),
            bekraftad: self.bekraftelse(p),
            langd: p.period.langd().namn(),
            tillagd: p.historik.tillagd.to_string(),
            andrad: p.historik.andrad.to_string(),
            fil: crate::diagnostic::display_path(&p.fil),
        }
    }
}

fn kalla_view(k: &Kalla) -> LankView {
    LankView {
        titel: k.titel.clone(),
        url: Some(k.url.clone()),
        datum: Some(k.datum.to_string()),
        publicerad: k.publicerad,
    }
}

/// How long from `from` to `to` in years and months, in Swedish:
/// "3 år och 8 månader", "1 månad", "mindre än en månad".
pub fn alder(from: NaiveDate, to: NaiveDate) -> String {
    use chrono::Datelike;
    let mut months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() {
        months -= 1;
    }
    let (years, months) = (months.max(0) / 12, months.max(0) % 12);
    let manader = |n: i32| {
        if n == 1 {
            "1 månad".to_owned()
        } else {
            format!("{n} månader")
        }
    };
    match (years, months) {
        (0, 0) => "mindre än en månad".to_owned(),
        (0, m) => manader(m),
        (y, 0) => format!("{y} år"),
        (y, m) => format!("{y} år och {}", manader(m)),
    }
}

/// Counts per status, for the summaries on list pages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Antal {
    pub totalt: usize,
    pub pagaende: usize,
    pub kommande: usize,
    pub avslutad: usize,
    pub bekraftad: usize,
    pub lopt_ut: usize,
    pub okand: usize,
    /// Running as far as the sources know: pågående and bekräftad.
    pub aktiva: usize,
}

impl Antal {
    /// The counts of the entries at `places`.
    pub fn of(views: &Views, places: impl IntoIterator<Item = usize>) -> Antal {
        let mut antal = Antal::default();
        for i in places {
            antal.totalt += 1;
            let status = views.statuses[i];
            match status {
                Status::Pagaende => antal.pagaende += 1,
                Status::Kommande => antal.kommande += 1,
                Status::Avslutad => antal.avslutad += 1,
                Status::Bekraftad => antal.bekraftad += 1,
                Status::LoptUt => antal.lopt_ut += 1,
                Status::Okand => antal.okand += 1,
            }
            antal.aktiva += usize::from(status.is_active());
        }
        antal
    }
}
