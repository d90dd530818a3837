//! Machine-readable ways into the site: the Atom feed of new and changed
//! partnerships, the sitemap and robots.txt.

use std::fmt::Write as _;

use super::{Build, Output, Renderer};
use crate::diagnostic::Diagnostic;
use crate::text::escape_html;

pub struct Feeds;

/// How many entries the feed keeps: enough for a reader who looks monthly.
const FEED_ENTRIES: usize = 50;

impl Renderer for Feeds {
    fn render(&self, build: &Build, output: &mut Output) -> Result<(), Diagnostic> {
        output.add("atom.xml", crate::text::xml_safe(atom(build)));
        // The sitemap lists every page rendered so far, so it runs after Html.
        for (file, xml) in Sitemap::new(build, output).files(SITEMAP_URLS) {
            output.add_shared(file, xml);
        }
        output.add(
            "robots.txt",
            format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
                build.config.base_url()
            ),
        );
        Ok(())
    }
}

fn atom(build: &Build) -> String {
    let base = build.config.base_url();
    // The latest changed first, then by slug.
    let andrad = build.andrad();
    let rank = build.slug_rank();
    let key = |&i: &usize| (std::cmp::Reverse(andrad[i]), rank[i]);
    let mut places: Vec<usize> = (0..andrad.len()).collect();
    if places.len() > FEED_ENTRIES {
        places.select_nth_unstable_by_key(FEED_ENTRIES, key);
        places.truncate(FEED_ENTRIES);
    }
    places.sort_unstable_by_key(key);
    let changed: Vec<&crate::model::Partnerskap> = places
        .into_iter()
        .map(|i| &*build.catalogue.partnerskap[i])
        .collect();
    let updated = changed.first().map_or_else(
        || build.as_of.to_string(),
        |p| p.historik.andrad.to_string(),
    );
    let mut xml = String::new();
    writeln!(xml, r#"<?xml version="1.0" encoding="utf-8"?>"#).unwrap();
    writeln!(
        xml,
        r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{}">"#,
        escape_html(&build.config.language)
    )
    .unwrap();
    writeln!(
        xml,
        "  <title>{}: nya och ändrade partnerskap</title>",
        escape_html(&build.config.title)
    )
    .unwrap();
    writeln!(
        xml,
        "  <subtitle>{}</subtitle>",
        escape_html(&build.config.description)
    )
    .unwrap();
    writeln!(xml, r#"  <link rel="self" href="{base}/atom.xml"/>"#).unwrap();
    writeln!(
        xml,
        r#"  <link rel="alternate" type="text/html" href="{base}/"/>"#
    )
    .unwrap();
    writeln!(xml, "  <id>{base}/</id>").unwrap();
    writeln!(xml, "  <updated>{updated}T00:00:00Z</updated>").unwrap();
    for p in changed.into_iter().take(FEED_ENTRIES) {
        let url = format!("{base}/partnerskap/{}/", p.slug);
        let status = if p.historik.tillagd == p.historik.andrad {
            "Nytt"
        } else {
            "Ändrat"
        };
        writeln!(xml, "  <entry>").unwrap();
        writeln!(xml, "    <title>{}</title>", escape_html(&p.namn)).unwrap();
        writeln!(
            xml,
            r#"    <link rel="alternate" type="text/html" href="{url}"/>"#
        )
        .unwrap();
        writeln!(xml, "    <id>{url}</id>").unwrap();
        writeln!(
            xml,
            "    <published>{}T00:00:00Z</published>",
            p.historik.tillagd
        )
        .unwrap();
        writeln!(
            xml,
            "    <updated>{}T00:00:00Z</updated>",
            p.historik.andrad
        )
        .unwrap();
        writeln!(
            xml,
            "    <author><name>{}</name></author>",
            escape_html(&build.config.title)
        )
        .unwrap();
        writeln!(
            xml,
            "    <summary>{status} {}: {}</summary>",
            p.historik.andrad,
            escape_html(&p.beskrivning.plain)
        )
        .unwrap();
        writeln!(xml, "  </entry>").unwrap();
    }
    xml.push_str("</feed>\n");
    xml
}

/// The most URLs one sitemap file may list (sitemaps.org); a site with
/// more gets a sitemap index.
const SITEMAP_URLS: usize = 50_000;

/// What the sitemap lists: every page and open data file (a harvester's
/// way in), each partnership's own page with the day it last changed. Its
/// files are written out when first read: at 10 000 entries they are 1 MB
/// that `iop serve` has no reason to wait for.
struct Sitemap {
    base: String,
    /// The pages and files other than the partnerships' own pages: each
    /// one's file and the path the sitemap gives.
    others: Vec<(String, String)>,
    entries: Option<super::EntryPages>,
    /// When each partnership last changed, by place.
    andrad: std::sync::Arc<Vec<chrono::NaiveDate>>,
}

impl Sitemap {
    fn new(build: &Build, output: &Output) -> Sitemap {
        let others = output
            .files
            .keys()
            .filter_map(|path| {
                let page = if path.starts_with("data/") && !path.ends_with(".html") {
                    path.as_str()
                } else if path.ends_with("index.html") {
                    path.trim_end_matches("index.html")
                } else {
                    return None;
                };
                Some((path.clone(), page.to_owned()))
            })
            .collect();
        Sitemap {
            base: build.config.base_url().to_owned(),
            others,
            entries: output.partnerskap.clone(),
            andrad: build.andrad(),
        }
    }

    /// How many `<url>` elements there are.
    fn len(&self) -> usize {
        self.others.len() + self.andrad.len()
    }

    /// The `<url>` elements, in the order of their files.
    fn urls(&self) -> Vec<String> {
        let base = &self.base;
        // A partnership's own page is its first; the rest are its aliases'
        // redirects, which are no pages of their own.
        let entries = self.entries.iter().flat_map(|e| {
            (0..e.len()).filter_map(|i| {
                let (file, _) = e.of(i).first()?;
                let page = file.trim_end_matches("index.html");
                let day = self.andrad[i];
                Some((
                    file.as_str(),
                    format!("  <url><loc>{base}/{page}</loc><lastmod>{day}</lastmod></url>\n"),
                ))
            })
        });
        let mut urls: Vec<(&str, String)> = self
            .others
            .iter()
            .map(|(file, page)| {
                (
                    file.as_str(),
                    format!("  <url><loc>{base}/{page}</loc></url>\n"),
                )
            })
            .chain(entries)
            .collect();
        urls.sort_unstable_by(|a, b| a.0.cmp(b.0));
        urls.into_iter().map(|(_, url)| url).collect()
    }

    /// The sitemap's files (see `sitemaps`), made when first read.
    fn files(self, limit: usize) -> Vec<(String, super::Bytes)> {
        let count = self.len();
        let base = self.base.clone();
        let made = std::sync::Arc::new((self, std::sync::OnceLock::new()));
        // Every file's name, without its text.
        let names: Vec<String> = if count <= limit {
            vec!["sitemap.xml".to_owned()]
        } else {
            (1..=count.div_ceil(limit))
                .map(|i| format!("sitemap-{i}.xml"))
                .chain(["sitemap.xml".to_owned()])
                .collect()
        };
        names
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                let made = std::sync::Arc::clone(&made);
                let base = base.clone();
                let bytes = super::Bytes::later(move || {
                    let (sitemap, urls) = &*made;
                    let urls: &Vec<String> = urls.get_or_init(|| sitemap.urls());
                    sitemaps(urls, &base, limit)
                        .into_iter()
                        .nth(i)
                        .map(|(_, xml)| xml.into_bytes())
                        .unwrap_or_default()
                });
                (name, bytes)
            })
            .collect()
    }
}

/// sitemap.xml, listing `urls`; or, for more than `limit`, sitemap.xml as
/// the index of sitemap-1.xml, sitemap-2.xml … with `limit` each.
fn sitemaps(urls: &[String], base: &str, limit: usize) -> Vec<(String, String)> {
    let urlset = |urls: &[String]| {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        xml.extend(urls.iter().map(String::as_str));
        xml.push_str("</urlset>\n");
        xml
    };
    if urls.len() <= limit {
        return vec![("sitemap.xml".to_owned(), urlset(urls))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::new();
    for (i, part) in urls.chunks(limit).enumerate() {
        let file = format!("sitemap-{}.xml", i + 1);
        writeln!(index, "  <sitemap><loc>{base}/{file}</loc></sitemap>").unwrap();
        files.push((file, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".to_owned(), index));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_sitemap_becomes_an_index_of_bounded_sitemaps() {
        let urls: Vec<String> = (0..5)
            .map(|i| format!("  <url><loc>https://x.se/p{i}/</loc></url>\n"))
            .collect();
        let one = sitemaps(&urls, "https://x.se", 5);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, "sitemap.xml");
        assert_eq!(one[0].1.matches("<url>").count(), 5);

        let files = sitemaps(&urls, "https://x.se", 2);
        let names: Vec<&str> = files.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let index = &files[3].1;
        assert!(index.contains("<sitemapindex"));
        for name in &names[..3] {
            assert!(index.contains(&format!("<loc>https://x.se/{name}</loc>")));
        }
        let mut listed = Vec::new();
        for (_, xml) in &files[..3] {
            assert!(xml.starts_with("<?xml") && xml.ends_with("</urlset>\n"));
            assert!(xml.matches("<url>").count() <= 2);
            listed.extend(urls.iter().filter(|u| xml.contains(u.as_str())));
        }
        assert_eq!(listed.len(), urls.len(), "every URL in exactly one file");
    }
}
