//! Load: reads the content files from disk and splits front matter from the
//! Markdown body. Nothing is interpreted here, so that every later stage can
//! point back at the exact text an editor wrote.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics, relative};

/// One file as written, with where its YAML starts.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, for messages.
    pub path: PathBuf,
    /// The slug the file name gives (the stem), for Markdown files.
    pub stem: String,
    pub text: String,
    /// The YAML: the front matter of a Markdown file, or all of a .yaml file.
    pub yaml: String,
    /// The 1-based line of the file on which `yaml` starts.
    pub yaml_line: usize,
    pub body: String,
}

/// Everything in `content/`.
#[derive(Debug)]
pub struct Sources {
    pub partnerskap: Vec<SourceFile>,
    pub organisationer: Vec<SourceFile>,
    pub fokusomraden: SourceFile,
    pub kallor: SourceFile,
}

pub const PARTNERSKAP_DIR: &str = "partnerskap";
pub const ORGANISATIONER_DIR: &str = "organisationer";
pub const FOKUSOMRADEN_FILE: &str = "fokusomraden.yaml";
pub const KALLOR_FILE: &str = "kallor.yaml";

/// Reads `root/content`. Files that cannot be read or have no front matter
/// are reported; the rest are returned in a stable (sorted) order.
pub fn load(root: &Path) -> Result<Sources, Diagnostics> {
    let content = root.join("content");
    let mut problems = Diagnostics::default();
    let mut markdown = |dir: &str| -> Vec<SourceFile> {
        let dir = content.join(dir);
        let mut files: Vec<PathBuf> = WalkDir::new(&dir)
            .max_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| p.is_file())
            // Editors' swap and backup files (".x.md.swp", "x.md~") are not content.
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                !name.starts_with('.') && !name.ends_with('~')
            })
            .collect();
        files.sort();
        files
            .into_iter()
            .filter_map(|path| {
                let rel = relative(root, &path);
                if path.extension().and_then(|e| e.to_str()) != Some("md") {
                    problems.push(
                        Diagnostic::error(
                            &rel,
                            "filen är ingen Markdown-fil och skulle inte komma med på webbplatsen",
                        )
                        .hint("döp om den till <namn>.md eller flytta den ur mappen"),
                    );
                    return None;
                }
                read(&path, &rel)
                    .and_then(|text| split_markdown(&rel, text))
                    .map_err(|d| problems.push(d))
                    .ok()
            })
            .collect()
    };
    let partnerskap = markdown(PARTNERSKAP_DIR);
    let organisationer = markdown(ORGANISATIONER_DIR);
    let mut yaml = |name: &str| {
        let path = content.join(name);
        let rel = relative(root, &path);
        read(&path, &rel)
            .map(|text| SourceFile {
                path: rel,
                stem: String::new(),
                yaml: text.clone(),
                text,
                yaml_line: 1,
                body: String::new(),
            })
            .map_err(|d| problems.push(d))
            .ok()
    };
    let fokusomraden = yaml(FOKUSOMRADEN_FILE);
    let kallor = yaml(KALLOR_FILE);
    match (fokusomraden, kallor) {
        (Some(fokusomraden), Some(kallor)) if !problems.has_errors() => Ok(Sources {
            partnerskap,
            organisationer,
            fokusomraden,
            kallor,
        }),
        _ => Err(problems.sorted()),
    }
}

fn read(path: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = fs::read(path).map_err(|e| {
        Diagnostic::error(rel, format!("kunde inte läsa filen: {e}"))
            .hint("finns filen, och får den läsas?")
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(rel, "filen är inte sparad som UTF-8")
            .hint("spara om filen med teckenkodningen UTF-8")
    })?;
    // A byte-order mark is invisible in editors; don't let it break parsing.
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// Splits `---\nyaml\n---\nbody`.
fn split_markdown(rel: &Path, text: String) -> Result<SourceFile, Diagnostic> {
    let stem = rel
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned();
    let missing = || {
        Diagnostic::error(rel, "filen saknar inledande YAML-block (front matter)").hint(
            "filen ska börja med en rad med bara ---, sedan nycklarna, sedan en rad med bara ---",
        )
    };
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return Err(missing().at(&text, 1, 1, 3));
    }
    let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
    let yaml_start = offset;
    for line in lines {
        if line.trim_end() == "---" {
            let yaml = text[yaml_start..offset].to_owned();
            let body = text[offset + line.len()..].to_owned();
            return Ok(SourceFile {
                path: rel.to_path_buf(),
                stem,
                yaml,
                yaml_line: 2,
                body,
                text,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(rel, "YAML-blocket avslutas aldrig")
        .hint("lägg till en rad med bara --- efter sista nyckeln")
        .at(&text, 1, 1, 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let file = split_markdown(
            Path::new("content/partnerskap/x.md"),
            "---\nnamn: X\n---\nText\n".into(),
        )
        .unwrap();
        assert_eq!(file.yaml, "namn: X\n");
        assert_eq!(file.body, "Text\n");
        assert_eq!(file.stem, "x");
        assert!(split_markdown(Path::new("a.md"), "namn: X\n".into()).is_err());
        assert!(split_markdown(Path::new("a.md"), "---\nnamn: X\n".into()).is_err());
    }
}
