//! The file format editors write: one struct per kind of content file.
//!
//! These definitions are the single source of truth for the format. The
//! checker validates against the JSON Schema derived from them (so every
//! shape error in a file is reported at once), then deserializes with serde;
//! `iop schema` writes the same JSON Schema for editors' YAML tooling; the
//! doc comments below become its descriptions and the hints of `iop new`.

use std::fmt;

use chrono::NaiveDate;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, de};

/// Front matter of `content/partnerskap/<slug>.md`; the Markdown below it is the description.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Partnerskap",
    description = "YAML-blocket i content/partnerskap/<slug>.md; texten under blocket är beskrivningen."
)]
pub struct PartnerskapFil {
    /// Partnerskapets namn, som det visas på sidan.
    #[schemars(length(min = 1))]
    pub namn: String,
    /// Kommuner och regioner som är parter. Minst en; varje post anger exakt en av `kommun` och `region`.
    #[schemars(length(min = 1))]
    pub offentliga_parter: Vec<OffentligPartFil>,
    /// Idéburna organisationer: namn eller alias för en organisation i content/organisationer/.
    #[serde(rename = "idéburna_parter")]
    #[schemars(length(min = 1))]
    pub ideburna_parter: Vec<String>,
    /// Övriga parter som varken är offentliga eller idéburna, till exempel bostadsbolag.
    #[serde(rename = "övriga_parter", default)]
    #[schemars(example = &["Bostadsbolaget AB"])]
    pub ovriga_parter: Vec<String>,
    /// Ett till tre fokusområden: id från content/fokusomraden.yaml.
    #[serde(rename = "fokusområden")]
    #[schemars(length(min = 1, max = 3))]
    pub fokusomraden: Vec<String>,
    /// Startdatum: ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD, så exakt som källan anger. Utelämna om det är okänt.
    #[serde(default)]
    #[schemars(example = &"2024-01-01")]
    pub start: Option<Datum>,
    /// Slutdatum i samma form, eller "tills vidare". Utelämna om det är okänt.
    #[serde(default)]
    #[schemars(example = &"2026-12-31")]
    pub slut: Option<Slut>,
    /// Tidigare slutdatum som avtalet har förlängts från.
    #[serde(rename = "förlängningar", default)]
    #[schemars(example = &["2024-12-31"])]
    pub forlangningar: Vec<Datum>,
    /// Datum då partnerskapet avslutades enligt en källa: i förtid, eller vid periodens slut när en källa säger att det upphörde.
    #[serde(default)]
    #[schemars(example = &"2025-06-30")]
    pub avslutad: Option<Datum>,
    /// Datum då en daterad källa senast bekräftade att partnerskapet var aktivt.
    #[serde(rename = "bekräftad", default)]
    #[schemars(example = &"2025-03-01")]
    pub bekraftad: Option<Datum>,
    /// Länkar till avtal, beslut eller organisationens sida.
    #[serde(rename = "länkar", default)]
    #[schemars(example = serde_json::json!([{"titel": "Beslut i socialnämnden", "url": "https://www.exempel.se/beslut.pdf"}]))]
    pub lankar: Vec<Lank>,
    /// Källor: id i content/kallor.yaml, eller { titel, url, datum } för en källa som bara detta partnerskap använder.
    #[serde(rename = "källor")]
    #[schemars(length(min = 1))]
    pub kallor: Vec<KallaRef>,
    /// Tidigare slugs för filen; de fortsätter att fungera som omdirigeringar.
    #[serde(default)]
    #[schemars(example = &["tidigare-filnamn"])]
    pub alias: Vec<String>,
}

/// En offentlig part: en kommun eller en region, med nämnd eller förvaltning.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["kommun"]}, {"required": ["region"]}]))]
pub struct OffentligPartFil {
    /// Kommunens namn (som SCB skriver det) eller fyrsiffriga kommunkod.
    #[serde(default, deserialize_with = "name_or_code")]
    #[schemars(with = "NameOrCode")]
    pub kommun: Option<String>,
    /// Regionens namn, länets namn eller tvåsiffriga länskod.
    #[serde(default, deserialize_with = "name_or_code")]
    #[schemars(with = "NameOrCode")]
    pub region: Option<String>,
    /// Nämnd eller förvaltning, en eller flera.
    #[serde(default)]
    #[schemars(example = &"Socialnämnden")]
    pub organ: Option<EnEllerFlera>,
}

/// A name, or an SCB code that YAML may have read as a number.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // exists only to describe the schema
enum NameOrCode {
    Name(String),
    Code(u32),
}

fn name_or_code<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Name(String),
        Code(u32),
    }
    Ok(Option::<Raw>::deserialize(d)?.map(|raw| match raw {
        Raw::Name(name) => name,
        // 0114 written without quotes is read as the number 114.
        Raw::Code(code) if code < 100 => format!("{code:02}"),
        Raw::Code(code) => format!("{code:04}"),
    }))
}

/// A text or a list of texts.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum EnEllerFlera {
    En(String),
    Flera(Vec<String>),
}

impl EnEllerFlera {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            EnEllerFlera::En(one) => vec![one],
            EnEllerFlera::Flera(many) => many,
        }
    }
}

/// En länk: titel, och url när källan har en.
#[derive(Debug, Clone, Hash, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lank {
    #[schemars(length(min = 1))]
    pub titel: String,
    /// http(s)-adress. Utelämna när källan bara nämner dokumentet (t.ex. "punkt 35").
    #[serde(default)]
    #[schemars(regex(pattern = r"^https?://"))]
    pub url: Option<String>,
}

/// A source: an id in content/kallor.yaml, or a source written in place.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum KallaRef {
    Id(String),
    Kalla(KallaLank),
}

/// En källa skriven i partnerskapsfilen: titel, adress och datum.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["datum"]}, {"required": ["läst"]}]))]
pub struct KallaLank {
    /// Källans titel, som den står i källan, och gärna vem som gett ut den inom parentes.
    #[schemars(length(min = 1))]
    pub titel: String,
    /// Adressen (http/https) där vem som helst kan läsa källan.
    #[schemars(regex(pattern = r"^https?://[^\s/]+"))]
    pub url: String,
    /// Datum då källan publicerades, så exakt som källan anger det.
    #[serde(default)]
    pub datum: Option<Datum>,
    /// För en sida som saknar datum: dagen då den lästes. Räknas inte som en bekräftelse.
    #[serde(default, rename = "läst")]
    pub last: Option<Datum>,
}

/// Front matter of `content/organisationer/<slug>.md`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Organisation",
    description = "YAML-blocket i content/organisationer/<slug>.md; texten under blocket är beskrivningen."
)]
pub struct OrganisationFil {
    /// Organisationens namn.
    #[schemars(length(min = 1))]
    pub namn: String,
    /// Andra stavningar som används i partnerskapsfilerna.
    #[serde(default)]
    #[schemars(example = &["Annan stavning av namnet"])]
    pub alias: Vec<String>,
    /// Organisationens webbplats (http/https).
    #[serde(default)]
    #[schemars(regex(pattern = r"^https?://"))]
    #[schemars(example = &"https://www.exempel.se")]
    pub webbplats: Option<String>,
    /// Organisationsnummer, NNNNNN-NNNN (kontrollsiffran kontrolleras).
    #[serde(default, rename = "organisationsnummer")]
    #[schemars(regex(pattern = r"^\d{6}-?\d{4}$"))]
    #[schemars(example = &"123456-7897")]
    pub organisationsnummer: Option<String>,
    /// Överordnad organisation (namn eller alias), t.ex. för en lokal krets.
    #[serde(default)]
    #[schemars(example = &"Namnet på riksorganisationen")]
    pub del_av: Option<String>,
}

/// One entry of `content/fokusomraden.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FokusomradeFil {
    /// Permanent id, används i URL:en /fokus/<id>/.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    pub namn: String,
    pub beskrivning: String,
}

/// One entry of `content/kallor.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["datum"]}, {"required": ["läst"]}]))]
pub struct KallaFil {
    /// Permanent id som partnerskapen anger i `källor`.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    #[schemars(length(min = 1))]
    pub titel: String,
    /// Adressen (http/https) där vem som helst kan läsa källan.
    #[schemars(regex(pattern = r"^https?://[^\s/]+"))]
    pub url: String,
    /// Datum då källan publicerades, så exakt som källan anger det.
    #[serde(default)]
    pub datum: Option<Datum>,
    /// För en sida som saknar datum: dagen då den lästes. Räknas inte som en bekräftelse.
    #[serde(default, rename = "läst")]
    pub last: Option<Datum>,
}

/// A date as precise as a source gives it: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Datum {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl Datum {
    /// The first day the date can mean: 2022 → 2022-01-01.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("validated when parsed")
    }

    /// The last day the date can mean: 2022 → 2022-12-31, 2023-02 → 2023-02-28.
    pub fn last_day(self) -> NaiveDate {
        match (self.month, self.day) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(self.year, m, d),
            (Some(m), None) => NaiveDate::from_ymd_opt(self.year, m, 1)
                .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
                .and_then(|next| next.pred_opt()),
            _ => NaiveDate::from_ymd_opt(self.year, 12, 31),
        }
        .expect("validated when parsed")
    }

    pub fn parse(text: &str) -> Result<Datum, String> {
        let fail = || {
            format!(
                "'{text}' är inget datum — skriv ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD, t.ex. 2023-04-01"
            )
        };
        let parts: Vec<&str> = text.trim().split('-').collect();
        let number = |s: &str, len: usize| {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        let (year, month, day) = match parts.as_slice() {
            [y] => (number(y, 4), None, None),
            [y, m] => (number(y, 4), Some(number(m, 2)), None),
            [y, m, d] => (number(y, 4), Some(number(m, 2)), Some(number(d, 2))),
            _ => return Err(fail()),
        };
        let year = year.ok_or_else(fail)? as i32;
        let month = month.map(|m| m.ok_or_else(fail)).transpose()?;
        let day = day.map(|d| d.ok_or_else(fail)).transpose()?;
        let datum = Datum { year, month, day };
        // The real rules, one at a time: the year, the month, the day.
        let invalid = |rule: &str| format!("'{text}' är inget giltigt datum — {rule}");
        if !(1900..=2199).contains(&year) {
            return Err(invalid("året ska vara mellan 1900 och 2199"));
        }
        if month.is_some_and(|m| !(1..=12).contains(&m)) {
            return Err(invalid("månaden ska vara mellan 01 och 12"));
        }
        if let (Some(m), Some(d)) = (month, day)
            && NaiveDate::from_ymd_opt(year, m, d).is_none()
        {
            return Err(invalid("finns den dagen i kalendern?"));
        }
        Ok(datum)
    }
}

impl fmt::Display for Datum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Datum {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Datum, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Year(i64),
            Text(String),
        }
        let text = match Raw::deserialize(d)? {
            Raw::Year(year) => year.to_string(),
            Raw::Text(text) => text,
        };
        Datum::parse(&text).map_err(de::Error::custom)
    }
}

/// A year or a month: the forms JSON Schema's "date" format does not cover.
const YEAR_OR_MONTH: &str = r"^(19|2[01])\d\d(-(0[1-9]|1[0-2]))?$";

impl JsonSchema for Datum {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Datum".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD",
            "anyOf": [
                { "type": "string", "format": "date" },
                { "type": "string", "pattern": YEAR_OR_MONTH },
                { "type": "integer", "minimum": 1900, "maximum": 2199 }
            ]
        })
    }
}

/// When an agreement ends: a date, or "tills vidare" (until further notice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slut {
    Datum(Datum),
    TillsVidare,
}

pub const TILLS_VIDARE: &str = "tills vidare";

impl<'de> Deserialize<'de> for Slut {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Slut, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Year(i64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Text(text) if text.trim().eq_ignore_ascii_case(TILLS_VIDARE) => {
                Ok(Slut::TillsVidare)
            }
            Raw::Text(text) => Datum::parse(&text)
                .map(Slut::Datum)
                .map_err(de::Error::custom),
            Raw::Year(year) => Datum::parse(&year.to_string())
                .map(Slut::Datum)
                .map_err(de::Error::custom),
        }
    }
}

impl JsonSchema for Slut {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Slut".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let datum = generator.subschema_for::<Datum>();
        json_schema!({
            "description": "ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD eller \"tills vidare\"",
            "anyOf": [ datum, { "const": TILLS_VIDARE } ]
        })
    }
}

/// The JSON Schema of a partnership's front matter, as `iop schema` writes it.
pub fn partnerskap_schema() -> Schema {
    schemars::schema_for!(PartnerskapFil)
}

pub fn organisation_schema() -> Schema {
    schemars::schema_for!(OrganisationFil)
}

pub fn fokusomraden_schema() -> Schema {
    schemars::schema_for!(Vec<FokusomradeFil>)
}

pub fn kallor_schema() -> Schema {
    schemars::schema_for!(Vec<KallaFil>)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision() {
        let year = Datum::parse("2022").unwrap();
        assert_eq!(year.to_string(), "2022");
        assert_eq!(year.first_day().to_string(), "2022-01-01");
        assert_eq!(year.last_day().to_string(), "2022-12-31");
        let month = Datum::parse("2023-02").unwrap();
        assert_eq!(month.last_day().to_string(), "2023-02-28");
        assert!(Datum::parse("2023-02-30").is_err());
        assert!(Datum::parse("2023-13").is_err());
        assert!(Datum::parse("23-01-01").is_err());
        assert!(Datum::parse("2023/01/01").is_err());
    }

    #[test]
    fn schema_names_the_swedish_keys() {
        let schema = serde_json::to_value(partnerskap_schema()).unwrap();
        let properties = schema["properties"].as_object().unwrap();
        for key in [
            "namn",
            "idéburna_parter",
            "fokusområden",
            "förlängningar",
            "källor",
            "länkar",
        ] {
            assert!(properties.contains_key(key), "{key}");
        }
    }
}
