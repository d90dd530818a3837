//! Markdown from contributors is untrusted: it is rendered with
//! pulldown-cmark and sanitized with ammonia, so nothing in a pull request
//! can put script into the site. Raw HTML that sanitizing would remove is
//! reported as an error, so nothing an editor wrote disappears silently.

use pulldown_cmark::{Event, Options, Parser, html};

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

pub fn render(file: &SourceFile, problems: &mut Vec<Diagnostic>) -> Text {
    let body_line = file.text[..file.text.len() - file.body.len()]
        .lines()
        .count()
        + 1;
    let parser = Parser::new_ext(
        &file.body,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .into_offset_iter();
    let mut events = Vec::new();
    let mut plain = String::new();
    for (event, range) in parser {
        match &event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let lower = raw.to_lowercase();
                if let Some(bad) = FORBIDDEN
                    .iter()
                    .find(|f| lower.contains(*f) && (**f != " on" || has_event_handler(&lower)))
                {
                    let before = &file.body[..range.start];
                    let line = body_line + before.matches('\n').count();
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    problems.push(
                        Diagnostic::error(&file.path, format!("otillåten HTML i beskrivningen ({})", bad.trim()))
                            .hint("skript, formulär, inbäddningar och händelseattribut tas bort av säkerhetsskäl; skriv texten i Markdown")
                            .at(&file.text, line, column, raw.trim_end().chars().count().min(60)),
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
