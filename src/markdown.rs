//! Markdown from contributors is untrusted: it is rendered with
//! pulldown-cmark and sanitized with ammonia, so nothing in a pull request
//! can put script into the site. Raw HTML that sanitizing would remove is
//! reported as an error, so nothing an editor wrote disappears silently.

use pulldown_cmark::{Event, Options, Parser, Tag, html};

use crate::diagnostic::Diagnostic;
use crate::load::SourceFile;
use crate::model::Text;

/// Tags and attributes ammonia removes that an editor might try to use.
const FORBIDDEN: [&str; 10] = [
    "<script",
    "<style",
    "<iframe",
    "<object",
    "<embed",
    "<form",
    "<input",
    "javascript:",
    " on",
    "<link",
];

/// The longest description: a few sentences are wanted, and anything
/// this long is a pasted document.
pub const MAX_BODY_BYTES: usize = 100_000;

pub fn render(file: &SourceFile, problems: &mut Vec<Diagnostic>) -> Text {
    let body_line = file.text[..file.text.len() - file.body.len()]
        .lines()
        .count()
        + 1;
    let at = |offset: usize| {
        let before = &file.body[..offset];
        let line = body_line + before.matches('\n').count();
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    };
    let mut report = |offset: usize, length: usize, message: String, hint: &str| {
        let (line, column) = at(offset);
        problems.push(
            Diagnostic::error(&file.path, message)
                .hint(hint)
                .at(&file.text, line, column, length),
        );
    };
    if file.body.len() > MAX_BODY_BYTES {
        report(
            0,
            1,
            format!(
                "beskrivningen är för lång ({} kB); den får vara högst {} kB",
                file.body.len() / 1000,
                MAX_BODY_BYTES / 1000
            ),
            "skriv 2–4 meningar; längre dokument länkas i 'länkar'",
        );
    }
    if let Some((offset, c)) = file
        .body
        .char_indices()
        .find(|&(_, c)| crate::text::is_hidden(c) && !matches!(c, '\t' | '\n' | '\r'))
    {
        report(
            offset,
            1,
            format!(
                "beskrivningen innehåller ett osynligt styrtecken (U+{:04X})",
                u32::from(c)
            ),
            "ta bort tecknet; det syns inte i textredigeraren men kan ställa till det där texten visas",
        );
    }
    let parser = Parser::new_ext(
        &file.body,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .into_offset_iter();
    let schemes = ammonia::Builder::default().clone_url_schemes();
    let tags = ammonia::Builder::default().clone_tags();
    let generic_attributes = ammonia::Builder::default().clone_generic_attributes();
    let tag_attributes = ammonia::Builder::default().clone_tag_attributes();
    let allowed = |tag: &str, attribute: &str| {
        generic_attributes.contains(attribute)
            || tag_attributes
                .get(tag)
                .is_some_and(|a| a.contains(attribute))
    };
    let mut events = Vec::new();
    let mut plain = String::new();
    for (event, range) in parser {
        let length = file.body[range.clone()].trim_end().chars().count().min(60);
        match &event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let lower = decode(&raw.to_lowercase());
                if let Some(bad) = FORBIDDEN
                    .iter()
                    .find(|f| lower.contains(*f) && (**f != " on" || has_event_handler(&lower)))
                {
                    report(
                        range.start,
                        length,
                        format!("otillåten HTML i beskrivningen ({})", bad.trim()),
                        "skript, formulär, inbäddningar och händelseattribut tas bort av säkerhetsskäl; skriv texten i Markdown",
                    );
                } else if lower.contains("<!--") {
                    report(
                        range.start,
                        length,
                        "en HTML-kommentar i beskrivningen skulle tas bort".to_owned(),
                        "kommentarer kommer inte med på webbplatsen; ta bort den, eller skriv texten som vanlig text",
                    );
                } else if let Some(tag) = tag_names(&lower).find(|t| !tags.contains(t.as_str())) {
                    report(
                        range.start,
                        length,
                        format!("otillåten HTML i beskrivningen (<{tag}>)"),
                        "taggen tas bort av säkerhetsskäl; skriv texten i Markdown",
                    );
                } else if let Some((tag, attribute)) =
                    attributes(&lower).find(|(tag, attribute)| !allowed(tag, attribute))
                {
                    report(
                        range.start,
                        length,
                        format!("attributet '{attribute}' i <{tag}> skulle tas bort"),
                        "webbplatsen bestämmer själv utseendet (style, class och liknande tas bort); skriv texten i Markdown",
                    );
                } else if let Some(scheme) = ["vbscript:", "data:"]
                    .into_iter()
                    .find(|s| lower.contains(s))
                {
                    report(
                        range.start,
                        length,
                        format!("otillåten adress i beskrivningen ({scheme})"),
                        "länkar ska gå till webbsidor (https://…); skript- och data-adresser tas bort av säkerhetsskäl",
                    );
                } else if lower.contains("<img") && third_party(&lower) {
                    report(
                        range.start,
                        length,
                        "bilden hämtas från en annan webbplats".to_owned(),
                        "bilder från andra webbplatser låter dem se vilka som läser sidan; länka till bilden i stället",
                    );
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                let url: String = dest_url
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_lowercase();
                let image = matches!(event, Event::Start(Tag::Image { .. }));
                if let Some(scheme) = scheme_of(&url).filter(|s| !schemes.contains(s)) {
                    report(
                        range.start,
                        length,
                        format!("länken går till en otillåten adress ({scheme}:)"),
                        "länkar ska gå till webbsidor (https://…); skript- och data-adresser tas bort av säkerhetsskäl",
                    );
                } else if image
                    && (url.starts_with("http:")
                        || url.starts_with("https:")
                        || url.starts_with("//"))
                {
                    report(
                        range.start,
                        length,
                        "bilden hämtas från en annan webbplats".to_owned(),
                        "bilder från andra webbplatser låter dem se vilka som läser sidan; länka till bilden i stället",
                    );
                }
            }
            Event::Text(t) | Event::Code(t) => plain.push_str(t),
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            Event::End(_) if !plain.ends_with(' ') && !plain.is_empty() => plain.push(' '),
            _ => {}
        }
        events.push(event);
    }
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, events.into_iter());
    Text {
        html: sanitize(&unsafe_html),
        plain: plain.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// The scheme of an absolute URL ("javascript" in "javascript:…").
fn scheme_of(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// The names of the tags opened or closed in raw HTML, lowercase.
fn tag_names(lower: &str) -> impl Iterator<Item = String> + '_ {
    lower.split('<').skip(1).filter_map(|part| {
        let part = part.strip_prefix('/').unwrap_or(part);
        let name: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            .then_some(name)
    })
}

/// The attributes of every opening tag in `lower`: (tag, attribute).
fn attributes(lower: &str) -> impl Iterator<Item = (String, String)> + '_ {
    lower.split('<').skip(1).flat_map(|part| {
        let tag: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let mut names = Vec::new();
        if tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let mut rest = part[tag.len()..].split('>').next().unwrap_or_default();
            loop {
                rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
                let name: String = rest
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, '=' | '/' | '"' | '\''))
                    .collect();
                if name.is_empty() {
                    break;
                }
                rest = rest[name.len()..].trim_start();
                if let Some(value) = rest.strip_prefix('=') {
                    let value = value.trim_start();
                    rest = match value.chars().next() {
                        Some(q @ ('"' | '\'')) => value[1..].split_once(q).map_or("", |(_, r)| r),
                        _ => value.split_once(char::is_whitespace).map_or("", |(_, r)| r),
                    };
                }
                names.push((tag.clone(), name));
            }
        }
        names
    })
}

/// Whether an `<img>` in raw HTML loads from another site.
fn third_party(lower: &str) -> bool {
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    ["src=\"", "src='", "src="].iter().any(|attr| {
        compact.split(attr).skip(1).any(|value| {
            value.starts_with("http:") || value.starts_with("https:") || value.starts_with("//")
        })
    })
}

/// Raw HTML with character references decoded ("&#106;avascript:" is
/// "javascript:" to a browser) and the characters browsers ignore inside
/// URLs removed, so that checks see what a browser would.
fn decode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e < 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let number = if let Some(hex) = name.strip_prefix("#x") {
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse().ok()
            } else {
                match name {
                    "colon" => Some(':' as u32),
                    "tab" => Some('\t' as u32),
                    "newline" => Some('\n' as u32),
                    "sol" => Some('/' as u32),
                    _ => None,
                }
            };
            number.and_then(char::from_u32).map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.extend(c.to_lowercase());
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

fn has_event_handler(lower: &str) -> bool {
    lower
        .split(|c: char| c.is_whitespace())
        .any(|word| word.starts_with("on") && word.contains('='))
}

/// The one sanitizer configuration of the site.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(body: &str) -> SourceFile {
        let text = format!("---\nnamn: X\n---\n{body}");
        SourceFile {
            path: PathBuf::from("content/partnerskap/x.md"),
            stem: "x".into(),
            yaml: "namn: X\n".into(),
            yaml_line: 2,
            body: body.into(),
            text,
            modified: None,
            document: Default::default(),
        }
    }

    #[test]
    fn renders_markdown_and_plain_text() {
        let mut problems = Vec::new();
        let text = render(&file("Hej *du*.\n\n- ett\n- två\n"), &mut problems);
        assert!(text.html.contains("<em>du</em>"));
        assert_eq!(text.plain, "Hej du . ett två");
        assert!(problems.is_empty());
    }

    #[test]
    fn script_is_removed_and_reported() {
        let mut problems = Vec::new();
        let text = render(
            &file("Text\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n"),
            &mut problems,
        );
        assert!(!text.html.contains("<script"));
        assert!(!text.html.contains("onerror"));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].line, 6);
        assert!(problems[0].message.contains("script"));
    }
}
