//! Views: the model as the templates see it. Plain serializable data with
//! every URL, name and date already formatted, so templates hold no logic
//! beyond layout and a site may override them without knowing the model.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::*;
use crate::reference::reference;

/// Builds URLs and views for one build: the base path and the day statuses
/// are computed for.
pub struct Views<'a> {
    pub catalogue: &'a Catalogue,
    pub base: String,
    pub as_of: NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
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
    /// What a reader is told of the status, e.g. "aktiv enligt källa (2023-04-01)".
    pub status_text: String,
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
    pub bekraftad: Option<String>,
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

#[derive(Debug, Clone, Serialize)]
pub struct LankView {
    pub titel: String,
    pub url: Option<String>,
    pub datum: Option<String>,
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

    pub fn status_text(&self, p: &Partnerskap) -> String {
        let status = self.status(p);
        match (p.period.bekraftad, status) {
            (Some(b), Status::Okand) => format!("okänd, aktiv enligt källa ({b})"),
            (Some(b), Status::Pagaende) if p.period.start.is_none() && p.period.slut.is_none() => {
                format!("aktiv enligt källa ({b})")
            }
            _ => status.namn().to_owned(),
        }
    }

    pub fn kort(&self, p: &Partnerskap) -> Kort {
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
        }
    }

    pub fn kort_list<'p>(&self, ps: impl Iterator<Item = &'p Partnerskap>) -> Vec<Kort> {
        let mut list: Vec<Kort> = ps.map(|p| self.kort(p)).collect();
        list.sort_by(|a, b| {
            a.namn
                .to_lowercase()
                .cmp(&b.namn.to_lowercase())
                .then(a.slug.cmp(&b.slug))
        });
        list
    }

    pub fn sida(&self, p: &Partnerskap) -> Sida {
        let kallor = &self.catalogue.kallor;
        Sida {
            kort: self.kort(p),
            parter: p
                .offentliga
                .iter()
                .map(|o| {
                    let link = self.offentlig(&o.part);
                    Part {
                        namn: link.namn,
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
                })
                .collect(),
            kallor: p
                .kallor
                .iter()
                .map(|k| match k {
                    KallaRef::Id(i) => LankView {
                        titel: kallor[*i].titel.clone(),
                        url: kallor[*i].url.clone(),
                        datum: kallor[*i].datum.map(|d| d.to_string()),
                    },
                    KallaRef::Lank(l) => LankView {
                        titel: l.titel.clone(),
                        url: l.url.clone(),
                        datum: None,
                    },
                })
                .collect(),
            forlangningar: p
                .period
                .forlangningar
                .iter()
                .map(|d| d.to_string())
                .collect(),
            avslutad: p.period.avslutad.map(|d| d.to_string()),
            bekraftad: p.period.bekraftad.map(|d| d.to_string()),
            langd: p.period.langd().namn(),
            tillagd: p.historik.tillagd.to_string(),
            andrad: p.historik.andrad.to_string(),
            fil: crate::diagnostic::display_path(&p.fil),
        }
    }
}

/// Counts per status, for the summaries on list pages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Antal {
    pub totalt: usize,
    pub pagaende: usize,
    pub kommande: usize,
    pub avslutad: usize,
    pub okand: usize,
}

impl Antal {
    pub fn of<'p>(views: &Views, ps: impl Iterator<Item = &'p Partnerskap>) -> Antal {
        let mut antal = Antal::default();
        for p in ps {
            antal.totalt += 1;
            match views.status(p) {
                Status::Pagaende => antal.pagaende += 1,
                Status::Kommande => antal.kommande += 1,
                Status::Avslutad => antal.avslutad += 1,
                Status::Okand => antal.okand += 1,
            }
        }
        antal
    }
}
