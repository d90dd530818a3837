//! `site.toml`: what differs between one site built with `iop` and another.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in the header and page titles.
    pub title: String,
    /// One line saying what the site is.
    pub description: String,
    /// Where the site is published, e.g. "https://example.org/iop". Used
    /// for the feed, the sitemap and canonical links; its path is the
    /// prefix of every internal link.
    pub base_url: String,
    /// The language of the pages, e.g. "sv".
    #[serde(default = "default_language")]
    pub language: String,
    /// A folder in `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The main menu, in order.
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    /// Where editors send corrections, shown on /om/ and every page's footer.
    #[serde(default)]
    pub repository: Option<String>,
    /// The licence of the open data in /data/, as the Data Package and the
    /// DCAT record name it. CC0 unless the site says otherwise.
    #[serde(default)]
    pub data_licens: Licens,
    /// Who publishes the dataset (DCAT `dct:publisher`); the site's title
    /// when not set.
    #[serde(default)]
    pub utgivare: Option<Utgivare>,
    /// Where users of the dataset write (DCAT `dcat:contactPoint`); the
    /// publisher and the page on how to contribute when not set.
    #[serde(default)]
    pub kontakt: Option<Kontakt>,
}

/// A data licence: an SPDX-style id, the licence text's address and its title.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Licens {
    pub name: String,
    pub path: String,
    pub title: String,
}

impl Default for Licens {
    fn default() -> Licens {
        Licens {
            name: "CC0-1.0".to_owned(),
            path: "https://creativecommons.org/publicdomain/zero/1.0/".to_owned(),
            title: "Creative Commons Zero v1.0 Universal".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Utgivare {
    pub namn: String,
    /// The publisher's own website.
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Kontakt {
    pub namn: String,
    #[serde(default)]
    pub epost: Option<String>,
    /// A page with a contact form or instructions.
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub name: String,
    /// A path inside the site, e.g. "/kommun/".
    pub path: String,
}

fn default_language() -> String {
    "sv".to_owned()
}

fn default_theme() -> String {
    "default".to_owned()
}

impl Config {
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join("site.toml");
        let rel = PathBuf::from("site.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error(&rel, format!("kunde inte läsa site.toml: {e}"))
                .hint("kör iop i webbplatsens rotmapp, där site.toml ligger (eller ange --root)")
        })?;
        let config: Config = toml::from_str(&text).map_err(|e| {
            let mut d = Diagnostic::error(&rel, format!("fel i site.toml: {}", e.message()));
            if let Some(span) = e.span() {
                let line = text[..span.start].lines().count().max(1);
                let line = if text[..span.start].ends_with('\n') {
                    line + 1
                } else {
                    line
                };
                let column = text[..span.start]
                    .rsplit('\n')
                    .next()
                    .map_or(0, |l| l.chars().count())
                    + 1;
                d = d.at(&text, line, column, span.len());
            }
            d
        })?;
        if !config.base_url.starts_with("http://") && !config.base_url.starts_with("https://") {
            return Err(
                Diagnostic::error(&rel, "base_url ska börja med http:// eller https://").hint(
                    "skriv hela adressen där webbplatsen publiceras, t.ex. https://example.org/",
                ),
            );
        }
        Ok(config)
    }

    /// The path prefix of internal links: "" for a site at a domain's root,
    /// "/iop" for one at https://example.org/iop/.
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split("://").nth(1).unwrap_or_default();
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].trim_end_matches('/').to_owned(),
            None => String::new(),
        }
    }

    /// The base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_the_url_path() {
        let mut c: Config =
            toml::from_str("title='t'\ndescription='d'\nbase_url='https://example.org'").unwrap();
        assert_eq!(c.base_path(), "");
        c.base_url = "https://example.org/iop-katalogen/".into();
        assert_eq!(c.base_path(), "/iop-katalogen");
        assert_eq!(c.base_url(), "https://example.org/iop-katalogen");
    }
}
