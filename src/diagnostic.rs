//! Problems found in content, and how they are shown: to an editor in a
//! terminal, to a machine as JSON, and to GitHub Actions as annotations.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::text::is_hidden as hidden;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build: the content would be wrong or lost.
    Fel,
    /// Worth a look; the build goes on.
    Varning,
    /// Editors' work list (an entry needs a newer source); never a fault.
    Notering,
}

/// One problem, pointing at the text that causes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with '/' separators.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// How many characters to underline.
    pub length: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The text of the line, for showing it underlined.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Fel,
            file: display_path(file),
            line: 0,
            column: 0,
            length: 0,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub fn warning(file: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Varning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn note(file: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Notering,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Points the diagnostic at `length` characters from `line`:`column`
    /// (both 1-based) of `text`, the whole file.
    pub fn at(mut self, text: &str, line: usize, column: usize, length: usize) -> Diagnostic {
        self.line = line;
        self.column = column;
        self.length = length.max(1);
        self.source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        self
    }
}

pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// All problems of one run, sorted by file and position.
#[derive(Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Fel)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Fel)
    }

    pub fn sorted(mut self) -> Diagnostics {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.0.dedup();
        self
    }

    /// "3 fel i 2 filer, 1 varning" — or "Inga fel." when all is well.
    pub fn summary(&self) -> String {
        let count = |severity| self.0.iter().filter(|d| d.severity == severity).count();
        let (fel, varningar, noteringar) = (
            count(Severity::Fel),
            count(Severity::Varning),
            count(Severity::Notering),
        );
        let files: BTreeSet<&str> = self.errors().map(|d| d.file.as_str()).collect();
        let mut summary = match fel {
            0 => "Inga fel".to_owned(),
            n => format!(
                "{n} fel i {} {}",
                files.len(),
                if files.len() == 1 { "fil" } else { "filer" }
            ),
        };
        match varningar {
            0 => {}
            1 => summary.push_str(", 1 varning"),
            n => write!(summary, ", {n} varningar").unwrap(),
        }
        match noteringar {
            0 => {}
            1 => summary.push_str(", 1 partnerskap behöver en nyare källa"),
            n => write!(summary, ", {n} partnerskap behöver en nyare källa").unwrap(),
        }
        summary.push('.');
        summary
    }

    /// The editor's view: `file:line:column`, the line with the offending
    /// text underlined, and the hint. Every value is shown with its control
    /// characters made visible, and no line starts a GitHub workflow
    /// command, whatever a file contains.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        // Errors and warnings first, each with its line; then the editors'
        // work list, one line per entry, so it never buries a fault.
        let (notes, faults): (Vec<&Diagnostic>, Vec<&Diagnostic>) = self
            .0
            .iter()
            .partition(|d| d.severity == Severity::Notering);
        for d in faults {
            let kind = match d.severity {
                Severity::Fel => "fel",
                Severity::Varning => "varning",
                Severity::Notering => "notering",
            };
            // A path is one line, whatever its name holds.
            let file = visible(&d.file).replace('\n', "\\u{a}");
            let place = match d.line {
                0 => file,
                line => format!("{file}:{line}:{}", d.column),
            };
            let message = multiline(&clip(&d.message, MAX_MESSAGE));
            writeln!(out, "{place}: {kind}: {message}").unwrap();
            if let Some(excerpt) = d.excerpt() {
                let number = d.line.to_string();
                let pad = " ".repeat(number.len());
                writeln!(out, "{pad} |").unwrap();
                writeln!(out, "{number} | {}", excerpt.line).unwrap();
                writeln!(
                    out,
                    "{pad} | {}{}",
                    excerpt.indent,
                    "^".repeat(excerpt.carets)
                )
                .unwrap();
            }
            if let Some(hint) = &d.hint {
                writeln!(out, "  = tips: {}", multiline(&clip(hint, MAX_MESSAGE))).unwrap();
            }
            out.push('\n');
        }
        if !notes.is_empty() {
            writeln!(
                out,
                "Att granska ({} partnerskap, äldst belagda först på /att-granska/):",
                notes.len()
            )
            .unwrap();
            for d in &notes {
                let file = visible(&d.file).replace('\n', "\\u{a}");
                writeln!(
                    out,
                    "{file}:{}: notering: {}",
                    d.line,
                    multiline(&clip(&d.message, MAX_MESSAGE))
                )
                .unwrap();
            }
            if let Some(hint) = notes.iter().find_map(|d| d.hint.as_ref()) {
                writeln!(out, "  = tips: {}", multiline(&clip(hint, MAX_MESSAGE))).unwrap();
            }
            out.push('\n');
        }
        out.push_str(&self.summary());
        out.push('\n');
        // A line that GitHub Actions would read as a command ("::error …")
        // is shown quoted instead.
        out.split_inclusive('\n')
            .map(|line| {
                if line.trim_start().starts_with("::") {
                    format!("| {line}")
                } else {
                    line.to_owned()
                }
            })
            .collect()
    }

    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Report<'a> {
            fel: usize,
            varningar: usize,
            noteringar: usize,
            diagnostiker: &'a [Diagnostic],
        }
        let count = |severity| self.0.iter().filter(|d| d.severity == severity).count();
        let json = serde_json::to_string_pretty(&Report {
            fel: count(Severity::Fel),
            varningar: count(Severity::Varning),
            noteringar: count(Severity::Notering),
            diagnostiker: &self.0,
        })
        .expect("diagnostics serialize");
        // serde_json escapes C0 but leaves DEL, C1 and the bidirectional
        // controls as they are; they can only stand inside strings here.
        let mut out = String::with_capacity(json.len() + 1);
        for c in json.chars() {
            if hidden(c) && c != '\n' {
                write!(out, "\\u{:04x}", u32::from(c)).unwrap();
            } else {
                out.push(c);
            }
        }
        out.push('\n');
        out
    }

    /// Workflow commands that make GitHub show each problem on the pull
    /// request's diff.
    pub fn to_github(&self) -> String {
        // As GitHub documents for workflow commands; other control
        // characters are made visible first.
        let escape = |s: &str| {
            visible(&clip(s, MAX_MESSAGE))
                .replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let property = |s: &str| escape(s).replace(':', "%3A").replace(',', "%2C");
        let mut out = String::new();
        for d in &self.0 {
            let kind = match d.severity {
                Severity::Fel => "error",
                Severity::Varning => "warning",
                Severity::Notering => "notice",
            };
            let mut message = d.message.clone();
            if let Some(hint) = &d.hint {
                write!(message, "\nTips: {hint}").unwrap();
            }
            let mut place = format!("file={}", property(&d.file));
            if d.line > 0 {
                write!(place, ",line={},col={}", d.line, d.column).unwrap();
            }
            writeln!(out, "::{kind} {place}::{}", escape(&message)).unwrap();
        }
        out
    }
}

/// The longest message or hint shown; longer ones quote a value that is a
/// mistake in itself (a pasted document), and end with "…".
const MAX_MESSAGE: usize = 500;

/// The most characters of a source line shown around the problem.
const MAX_EXCERPT: usize = 200;

/// A source line as shown under a diagnostic.
pub struct Excerpt {
    /// The line, or the part of it around the problem, made visible.
    pub line: String,
    /// Spaces (and tabs) up to where the problem starts in `line`.
    pub indent: String,
    /// How many characters to underline.
    pub carets: usize,
}

impl Diagnostic {
    /// The source line to show, at most about 200 characters around the
    /// problem, with control characters made visible.
    pub fn excerpt(&self) -> Option<Excerpt> {
        let source: Vec<char> = self.source_line.as_ref()?.chars().collect();
        let at = self.column.saturating_sub(1).min(source.len());
        let (start, end) = if source.len() <= MAX_EXCERPT {
            (0, source.len())
        } else {
            let start = at
                .saturating_sub(MAX_EXCERPT / 4)
                .min(source.len() - MAX_EXCERPT);
            (start, start + MAX_EXCERPT)
        };
        let text =
            |range: std::ops::Range<usize>| visible(&source[range].iter().collect::<String>());
        let mut line = String::new();
        if start > 0 {
            line.push('…');
        }
        let before = text(start..at.max(start));
        let indent: String = line
            .chars()
            .chain(before.chars())
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let underlined = text(at.max(start)..(at + self.length).clamp(at.max(start), end));
        line.push_str(&text(start..end));
        if end < source.len() {
            line.push('…');
        }
        Some(Excerpt {
            line,
            indent,
            carets: underlined.chars().count().max(1),
        })
    }
}

/// `text` with every hidden character but tab and newline written out, as
/// \u{1b}, so that it shows and does nothing.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if hidden(c) && c != '\t' && c != '\n' {
            write!(out, "\\u{{{:x}}}", u32::from(c)).unwrap();
        } else {
            out.push(c);
        }
    }
    out
}

/// A message shown in a terminal: visible, with its continuation lines
/// indented under it.
fn multiline(text: &str) -> String {
    visible(text)
        .split('\n')
        .enumerate()
        .map(|(i, line)| match i {
            0 => line.to_owned(),
            _ if line.starts_with(' ') => format!("\n{line}"),
            _ => format!("\n    {line}"),
        })
        .collect()
}

/// `text`, cut to `max` characters.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        text.chars().take(max).chain(['…']).collect()
    }
}

/// Where a file lives relative to the site root, for messages.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_output_never_starts_a_workflow_command() {
        let d = Diagnostic::error(Path::new("a\n::error::b.md"), "x\n::warning::y\u{1b}[2J")
            .hint("::notice::z")
            .at("namn: \u{9b}31m\n", 1, 7, 4);
        let text = Diagnostics(vec![d]).to_text();
        assert_eq!(
            text,
            "a\\u{a}::error::b.md:1:7: fel: x\n|     ::warning::y\\u{1b}[2J\n  |\n1 | namn: \\u{9b}31m\n  |       ^^^^^^^^^\n  = tips: ::notice::z\n\n1 fel i 1 fil.\n"
        );
    }
}
