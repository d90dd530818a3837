//! Problems found in content, and how they are shown: to an editor in a
//! terminal, to a machine as JSON, and to GitHub Actions as annotations.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

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
    /// text underlined, and the hint.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for d in &self.0 {
            let kind = match d.severity {
                Severity::Fel => "fel",
                Severity::Varning => "varning",
                Severity::Notering => "notering",
            };
            let place = match d.line {
                0 => d.file.clone(),
                line => format!("{}:{line}:{}", d.file, d.column),
            };
            writeln!(out, "{place}: {kind}: {}", d.message).unwrap();
            if let Some(source) = &d.source_line {
                let number = d.line.to_string();
                let pad = " ".repeat(number.len());
                let before: String = source.chars().take(d.column.saturating_sub(1)).collect();
                let indent: String = before
                    .chars()
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                writeln!(out, "{pad} |").unwrap();
                writeln!(out, "{number} | {source}").unwrap();
                writeln!(out, "{pad} | {indent}{}", "^".repeat(d.length)).unwrap();
            }
            if let Some(hint) = &d.hint {
                writeln!(out, "  = tips: {hint}").unwrap();
            }
            out.push('\n');
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
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
        serde_json::to_string_pretty(&Report {
            fel: count(Severity::Fel),
            varningar: count(Severity::Varning),
            noteringar: count(Severity::Notering),
            diagnostiker: &self.0,
        })
        .expect("diagnostics serialize")
            + "\n"
    }

    /// Workflow commands that make GitHub show each problem on the pull
    /// request's diff.
    pub fn to_github(&self) -> String {
        let escape = |s: &str| {
            s.replace('%', "%25")
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

/// Where a file lives relative to the site root, for messages.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
