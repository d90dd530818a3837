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
        output.add("sitemap.xml", sitemap(build, output));
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
    let mut changed: Vec<_> = build.catalogue.partnerskap.iter().collect();
    changed.sort_by(|a, b| {
        b.historik
            .andrad
            .cmp(&a.historik.andrad)
            .then(a.slug.cmp(&b.slug))
    });
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

fn sitemap(build: &Build, output: &Output) -> String {
    let base = build.config.base_url();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let changed: std::collections::HashMap<&str, chrono::NaiveDate> = build
        .catalogue
        .partnerskap
        .iter()
        .map(|p| (p.slug.as_str(), p.historik.andrad))
        .collect();
    let aliases: std::collections::HashSet<String> = build
        .catalogue
        .partnerskap
        .iter()
        .flat_map(|p| {
            p.alias
                .iter()
                .map(|a| format!("partnerskap/{a}/index.html"))
        })
        .collect();
    for path in output.files.keys() {
        // Pages, and the open data's files (a harvester's way in).
        let page = if path.starts_with("data/") && !path.ends_with(".html") {
            path.as_str()
        } else if path.ends_with("index.html") && !aliases.contains(path) {
            path.trim_end_matches("index.html")
        } else {
            continue;
        };
        let lastmod = page
            .strip_prefix("partnerskap/")
            .and_then(|slug| changed.get(slug.trim_end_matches('/')))
            .map(|day| format!("<lastmod>{day}</lastmod>"))
            .unwrap_or_default();
        writeln!(xml, "  <url><loc>{base}/{page}</loc>{lastmod}</url>").unwrap();
    }
    xml.push_str("</urlset>\n");
    xml
}
