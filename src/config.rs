//! `site.toml`: what differs between one site built with `iop` and another.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Diagnostics};

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
    /// Reads and checks site.toml: every address and path in it is checked,
    /// all problems at once, each at its line.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join("site.toml");
        let rel = PathBuf::from("site.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostics(vec![
                Diagnostic::error(&rel, format!("kunde inte läsa site.toml: {e}")).hint(
                    "kör iop i webbplatsens rotmapp, där site.toml ligger (eller ange --root)",
                ),
            ])
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
            Diagnostics(vec![d])
        })?;
        let mut problems = Vec::new();
        let mut problem = |key: &str, value: &str, message: String, hint: &str| {
            let d = Diagnostic::error(&rel, message).hint(hint);
            problems.push(match find(&text, key, value) {
                Some((line, column)) => d.at(&text, line, column, value.chars().count()),
                None => d,
            });
        };
        let texts = [
            ("title", &config.title),
            ("description", &config.description),
            ("language", &config.language),
        ];
        let menu = config.menu.iter().map(|m| ("name", &m.name));
        for (key, value) in texts.into_iter().chain(menu) {
            if let Some(c) = value.chars().find(|&c| crate::text::is_hidden(c)) {
                problem(
                    key,
                    value,
                    format!(
                        "{key} innehåller ett osynligt styrtecken (U+{:04X})",
                        u32::from(c)
                    ),
                    "ta bort tecknet; det syns inte men hamnar på varje sida",
                );
            }
        }
        if let Err(why) = web_address(&config.base_url, false) {
            problem(
                "base_url",
                &config.base_url,
                format!("base_url: {why}"),
                "skriv hela adressen där webbplatsen publiceras, t.ex. https://example.org/",
            );
        }
        if let Some(repository) = &config.repository
            && let Err(why) = web_address(repository, true)
        {
            problem(
                "repository",
                repository,
                format!("repository: {why}"),
                "skriv arkivets https-adress, t.ex. https://github.com/konto/arkiv",
            );
        }
        if let Err(why) = theme_name(&config.theme) {
            problem(
                "theme",
                &config.theme,
                format!("theme: {why}"),
                "ett tema är namnet på en mapp i themes/, t.ex. theme = \"default\"",
            );
        }
        for item in &config.menu {
            if let Err(why) = menu_path(&item.path) {
                problem(
                    "path",
                    &item.path,
                    format!("menyvalet '{}': {why}", item.name),
                    "skriv en sökväg på webbplatsen som börjar med /, t.ex. path = \"/kommun/\", eller en hel https-adress",
                );
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(Diagnostics(problems))
        }
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

/// Why `value` is not a usable web address, if it is not: http(s) (only
/// https when `https_only`), with a host, and nothing a browser or a feed
/// reader would read differently from how it looks.
pub fn web_address(value: &str, https_only: bool) -> Result<(), String> {
    let rest = if let Some(rest) = value.strip_prefix("https://") {
        rest
    } else if let (Some(rest), false) = (value.strip_prefix("http://"), https_only) {
        rest
    } else if https_only {
        return Err(format!(
            "'{value}' ska vara en adress som börjar med https://"
        ));
    } else {
        return Err(format!(
            "'{value}' ska vara en adress som börjar med http:// eller https://"
        ));
    };
    if let Some(c) = value
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`{}|^".contains(*c))
    {
        return Err(format!(
            "adressen innehåller ett tecken som inte hör hemma i en adress ({})",
            c.escape_default()
        ));
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let name = host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            name
        } else {
            host
        }
    });
    if name.is_empty() {
        return Err(format!("'{value}' saknar domännamn"));
    }
    if host.contains('@')
        || !name.chars().all(|c| {
            c.is_alphanumeric() || c == '.' || c == '-' || c == '[' || c == ']' || c == ':'
        })
    {
        return Err(format!("'{value}' har inget giltigt domännamn"));
    }
    Ok(())
}

/// A menu entry leads inside the site ("/kommun/") or to an http(s) address.
fn menu_path(path: &str) -> Result<(), String> {
    if path.starts_with("http://") || path.starts_with("https://") {
        return web_address(path, false);
    }
    if !path.starts_with('/') || path.starts_with("//") {
        return Err(format!("sökvägen '{path}' ska börja med ett /"));
    }
    if let Some(c) = path
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(*c))
    {
        return Err(format!(
            "sökvägen innehåller ett tecken som inte hör hemma i en adress ({})",
            c.escape_default()
        ));
    }
    Ok(())
}

/// A theme is the plain name of a folder in themes/, never a path: a site
/// must not read templates from anywhere else.
fn theme_name(theme: &str) -> Result<(), String> {
    let plain = !theme.is_empty()
        && !theme.starts_with('.')
        && theme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    if plain {
        Ok(())
    } else {
        Err(format!("'{theme}' är inget namn på en mapp i themes/"))
    }
}

/// The line and column in site.toml where `key` is given `value`: the line
/// with the value as written, else the only line that sets the key.
fn find(text: &str, key: &str, value: &str) -> Option<(usize, usize)> {
    let lines: Vec<(usize, &str, usize)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let rest = line.trim_start().strip_prefix(key)?.trim_start();
            let rest = rest.strip_prefix('=')?.trim_start();
            Some((i + 1, line, line.len() - rest.len()))
        })
        .collect();
    lines
        .iter()
        .find_map(|&(number, line, at)| {
            let offset = line[at..].find(value).filter(|_| !value.is_empty())?;
            Some((number, line[..at + offset].chars().count() + 1))
        })
        // The value as written may differ (an escape): then the key's first
        // line, which for the top-level keys checked here comes before any
        // [table] that could repeat the key.
        .or_else(|| {
            lines
                .first()
                .map(|(number, line, at)| (*number, line[..*at].chars().count() + 1))
        })
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
