//! Load: reads the content files from disk and splits front matter from the
//! Markdown body. Nothing is interpreted here, so that every later stage can
//! point back at the exact text an editor wrote.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics, relative};
use crate::yaml::{Document, Failure};

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
    /// When the file was last modified, as it was read: the date of a
    /// file git does not know (see [`crate::history`]).
    pub modified: Option<std::time::SystemTime>,
    /// The YAML read, the first time it is needed: every stage that reads
    /// the file reads this one parse.
    pub document: OnceLock<Result<Document, Failure>>,
}

impl SourceFile {
    /// The YAML of the file, read by [`crate::yaml::parse`] once.
    pub fn document(&self) -> &Result<Document, Failure> {
        self.document
            .get_or_init(|| crate::yaml::parse(&self.yaml, self.yaml_line))
    }
}

/// Everything in `content/`.
#[derive(Debug)]
pub struct Sources {
    pub partnerskap: Vec<Arc<SourceFile>>,
    pub organisationer: Vec<Arc<SourceFile>>,
    pub fokusomraden: SourceFile,
    pub kallor: SourceFile,
    /// What loading found: files that could not be read, and files that
    /// would not be part of the site. The files that could be read are
    /// checked all the same, so that one bad file hides nothing else.
    pub problems: Diagnostics,
}

pub const PARTNERSKAP_DIR: &str = "partnerskap";
pub const ORGANISATIONER_DIR: &str = "organisationer";
pub const FOKUSOMRADEN_FILE: &str = "fokusomraden.yaml";
pub const KALLOR_FILE: &str = "kallor.yaml";

/// The largest content file read; anything larger is a mistake (a pasted
/// document, a binary file) and would only slow every build down.
pub const MAX_FILE_BYTES: u64 = 1_000_000;

/// Reads `root/content`. Every file in it is either loaded or reported:
/// nothing is skipped without a word, and symbolic links are never
/// followed, so nothing outside the site ends up in it. Returns an error
/// only when the lists every entry refers to cannot be read.
pub fn load(root: &Path) -> Result<Sources, Diagnostics> {
    load_with(root, None)
}

/// What an earlier `load` found, for `iop serve`: the Markdown files read,
/// by path, with the size, modification time and inode they had (a file
/// whose are unchanged is not read again), and the listing of `content/`.
/// Told what changed since (see [`LoadMemo::changed`]), a load after one
/// edit reads one file and neither walks the folder nor looks at the rest.
#[derive(Default)]
pub struct LoadMemo {
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    files: HashMap<PathBuf, (Stamp, Arc<SourceFile>)>,
    listing: Option<Listing>,
    /// Absolute paths changed since the latest load, if all are known.
    changed: Option<BTreeSet<PathBuf>>,
    /// The files the latest load read, by their place in the listing
    /// (`None` for one that could not be read): after one edit, a load
    /// takes these over without looking them up by path.
    loaded: [Vec<Option<Arc<SourceFile>>>; 2],
}

impl LoadMemo {
    /// Tells the next load (and only it) which paths, relative to `root`,
    /// changed since the latest one: it then updates the listing of
    /// `content/` from them instead of walking the folder. Without this,
    /// or after something it cannot place in the listing (a folder, a
    /// file that is not an entry's), the next load walks `content/`.
    pub fn changed(&self, root: &Path, paths: &BTreeSet<PathBuf>) {
        self.lock().changed = Some(paths.iter().map(|p| root.join(p)).collect());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The Markdown files in `content/` by kind (in `DIRS`' order, sorted by
/// path), and what the walk found wrong.
#[derive(Default)]
struct Listing {
    files: [Vec<PathBuf>; 2],
    problems: Vec<Diagnostic>,
}

/// What tells a file from its earlier self without reading it.
pub(crate) type Stamp = (u64, Option<std::time::SystemTime>, u64);

pub(crate) fn stamp(metadata: &fs::Metadata) -> Stamp {
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(metadata);
    #[cfg(not(unix))]
    let inode = 0;
    (metadata.len(), metadata.modified().ok(), inode)
}

const DIRS: [&str; 2] = [PARTNERSKAP_DIR, ORGANISATIONER_DIR];

impl Listing {
    /// Brings the listing up to date with `changed` (absolute paths),
    /// looking at nothing else, and says of each kind whether a file
    /// appeared or went. `None` if a change is anything but an entry's or
    /// an organisation's Markdown file appearing, changing or going: only
    /// a walk would say what that means for the listing.
    fn update(&mut self, root: &Path, changed: &BTreeSet<PathBuf>) -> Option<[bool; 2]> {
        let mut moved = [false; 2];
        let content = root.join("content");
        for path in changed {
            let Ok(inside) = path.strip_prefix(&content) else {
                // site.toml, the theme, the history: not listed.
                continue;
            };
            if inside == Path::new(FOKUSOMRADEN_FILE) || inside == Path::new(KALLOR_FILE) {
                // Read by every load.
                continue;
            }
            let name = inside.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let kind = DIRS
                .iter()
                .position(|d| inside.parent() == Some(Path::new(d)))?;
            if !name.ends_with(".md") || name.starts_with('.') || editor_leftover(name) {
                return None;
            }
            let files = &mut self.files[kind];
            match (fs::symlink_metadata(path), files.binary_search(path)) {
                (Ok(m), Err(at)) if m.is_file() => {
                    files.insert(at, path.clone());
                    moved[kind] = true;
                }
                (Ok(m), Ok(_)) if m.is_file() => {}
                (Err(e), Ok(at)) if e.kind() == std::io::ErrorKind::NotFound => {
                    files.remove(at);
                    moved[kind] = true;
                }
                (Err(e), Err(_)) if e.kind() == std::io::ErrorKind::NotFound => {}
                _ => return None,
            }
        }
        Some(moved)
    }
}

/// `load`, reusing from `memo` the files that are as they were.
pub fn load_with(root: &Path, memo: Option<&LoadMemo>) -> Result<Sources, Diagnostics> {
    let content = root.join("content");
    let mut kept = memo.map(LoadMemo::lock);
    let mut walked = None;
    // The listing and, if it was updated rather than walked, what changed
    // and, of each kind, whether a file appeared or went.
    let (listing, mut known, changed, mut loaded, moved) = match kept.as_deref_mut() {
        Some(Kept {
            files,
            listing,
            changed,
            loaded,
        }) => {
            let mut moved = [true; 2];
            let changed =
                changed
                    .take()
                    .filter(|c| match listing.as_mut().and_then(|l| l.update(root, c)) {
                        Some(m) => {
                            moved = m;
                            true
                        }
                        None => false,
                    });
            if changed.is_none() {
                *listing = Some(walk(root));
            }
            (
                &*listing.get_or_insert_default(),
                Some(files),
                changed,
                Some(loaded),
                moved,
            )
        }
        None => (&*walked.insert(walk(root)), None, None, None, [true; 2]),
    };
    let mut problems = Diagnostics(listing.problems.clone());
    // One file: the kept one if it is known to be unchanged, or if its
    // size, time and inode are as they were; else read again.
    let mut read_one = |path: &PathBuf, unchanged: bool| -> Option<Arc<SourceFile>> {
        if let Some(known) = &known
            && unchanged
            && let Some((_, file)) = known.get(path)
        {
            return Some(Arc::clone(file));
        }
        let stamped = fs::symlink_metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| stamp(&m));
        if let (Some(known), Some(now)) = (&known, stamped)
            && let Some((then, file)) = known.get(path)
            && *then == now
        {
            return Some(Arc::clone(file));
        }
        let rel = relative(root, path);
        let file = read(path, &rel)
            .and_then(|(text, modified)| split_markdown(&rel, text, modified))
            .map(Arc::new)
            .map_err(|d| problems.push(d))
            .ok();
        if let Some(known) = &mut known {
            match (&file, stamped) {
                (Some(file), Some(now)) => {
                    known.insert(path.clone(), (now, Arc::clone(file)));
                }
                _ => {
                    known.remove(path);
                }
            }
        }
        file
    };
    let [partnerskap, organisationer] = [0, 1].map(|kind| {
        let paths = &listing.files[kind];
        let files: Vec<Option<Arc<SourceFile>>> = match (&changed, &loaded) {
            // The same files at the same places: those that changed, or
            // could not be read, are read again.
            (Some(changed), Some(loaded)) if !moved[kind] && loaded[kind].len() == paths.len() => {
                let mut files = loaded[kind].clone();
                let mut again: Vec<usize> = changed
                    .iter()
                    .filter_map(|path| paths.binary_search(path).ok())
                    .collect();
                again.extend((0..files.len()).filter(|&i| files[i].is_none()));
                for i in again {
                    files[i] = read_one(&paths[i], false);
                }
                files
            }
            (changed, _) => paths
                .iter()
                .map(|path| read_one(path, changed.as_ref().is_some_and(|c| !c.contains(path))))
                .collect(),
        };
        if let Some(loaded) = &mut loaded {
            loaded[kind] = files.clone();
        }
        files.into_iter().flatten().collect::<Vec<_>>()
    });
    // Forget the files that are gone.
    if let Some(known) = &mut known {
        match &changed {
            Some(changed) => {
                for path in changed {
                    if !listing.files.iter().any(|f| f.binary_search(path).is_ok()) {
                        known.remove(path);
                    }
                }
            }
            None => {
                let listed: HashSet<&PathBuf> = listing.files.iter().flatten().collect();
                known.retain(|path, _| listed.contains(path));
            }
        }
    }
    drop(kept);
    let mut yaml = |name: &str| {
        let path = content.join(name);
        let rel = relative(root, &path);
        read(&path, &rel)
            .map(|(text, modified)| SourceFile {
                path: rel,
                stem: String::new(),
                yaml: text.clone(),
                text,
                yaml_line: 1,
                body: String::new(),
                modified,
                document: OnceLock::new(),
            })
            .map_err(|d| problems.push(d))
            .ok()
    };
    let fokusomraden = yaml(FOKUSOMRADEN_FILE);
    let kallor = yaml(KALLOR_FILE);
    match (fokusomraden, kallor) {
        (Some(fokusomraden), Some(kallor)) => Ok(Sources {
            partnerskap,
            organisationer,
            fokusomraden,
            kallor,
            problems: problems.sorted(),
        }),
        _ => Err(problems.sorted()),
    }
}

/// Lists `content/`: every file in it is either an entry's, an
/// organisation's or a list, or reported.
fn walk(root: &Path) -> Listing {
    let content = root.join("content");
    let mut problems = Diagnostics::default();
    let mut files: [Vec<PathBuf>; 2] = [Vec::new(), Vec::new()];
    let dirs = DIRS;
    for dir in dirs {
        let path = content.join(dir);
        let rel = relative(root, &path);
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => problems.push(symlink(&rel)),
            Ok(m) if m.is_dir() => {}
            Ok(_) => problems.push(
                Diagnostic::error(&rel, format!("content/{dir} är en fil, inte en mapp"))
                    .hint(format!("innehållsfilerna ska ligga i mappen content/{dir}/")),
            ),
            Err(_) => problems.push(
                Diagnostic::error(
                    &rel,
                    format!("mappen content/{dir}/ saknas, så katalogen skulle bli tom"),
                )
                .hint(format!(
                    "har mappen bytt namn eller flyttats? Den ska heta content/{dir}/ och ligga bredvid site.toml"
                )),
            ),
        }
    }
    if fs::symlink_metadata(&content).is_ok_and(|m| m.file_type().is_symlink()) {
        problems.push(symlink(&relative(root, &content)));
    } else {
        let mut walk = WalkDir::new(&content)
            .min_depth(1)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walk.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let rel = relative(root, e.path().unwrap_or(&content));
                    problems.push(
                        Diagnostic::error(&rel, format!("kunde inte läsa mappen: {e}"))
                            .hint("får mappen läsas?"),
                    );
                    continue;
                }
            };
            let path = entry.path();
            let rel = relative(root, path);
            let name = entry.file_name().to_string_lossy();
            let depth = entry.depth();
            if entry.path_is_symlink() {
                problems.push(symlink(&rel));
                continue;
            }
            if entry.file_type().is_dir() {
                if name.starts_with('.') {
                    problems.push(
                        Diagnostic::warning(
                            &rel,
                            "dold mapp i content/; inget i den kommer med på webbplatsen",
                        )
                        .hint("ta bort mappen eller flytta den ur content/"),
                    );
                    walk.skip_current_dir();
                }
                continue;
            }
            let parent = path
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str());
            let kind = dirs.iter().position(|d| depth == 2 && parent == Some(d));
            let is_md = path.extension().and_then(|e| e.to_str()) == Some("md");
            if editor_leftover(&name) {
                problems.push(
                    Diagnostic::warning(
                        &rel,
                        "en textredigerares tillfälliga fil eller säkerhetskopia; den kommer inte med på webbplatsen",
                    )
                    .hint("ta bort filen; innehållet finns i filen utan tillägget"),
                );
            } else if name.starts_with('.') {
                problems.push(
                    Diagnostic::warning(&rel, "dold fil; den kommer inte med på webbplatsen").hint(
                        "ta bort filen, eller döp om den utan inledande punkt om den ska vara med",
                    ),
                );
            } else if let Some(kind) = kind {
                if is_md {
                    files[kind].push(path.to_path_buf());
                } else {
                    problems.push(
                        Diagnostic::error(
                            &rel,
                            "filen är ingen Markdown-fil och skulle inte komma med på webbplatsen",
                        )
                        .hint("döp om den till <namn>.md eller flytta den ur mappen"),
                    );
                }
            } else if depth == 1 && (name == FOKUSOMRADEN_FILE || name == KALLOR_FILE) {
                // Read below.
            } else if is_md {
                let under = path
                    .strip_prefix(&content)
                    .ok()
                    .and_then(|p| p.components().next())
                    .and_then(|c| c.as_os_str().to_str());
                let hint = match under {
                    Some(d) if depth > 2 && dirs.contains(&d) => {
                        format!("flytta den till content/{d}/; undermappar läses inte")
                    }
                    _ => "flytta den till content/partnerskap/ om den är ett partnerskap, eller till content/organisationer/ om den är en organisation".to_owned(),
                };
                problems.push(
                    Diagnostic::error(
                        &rel,
                        "filen ligger fel och skulle inte komma med på webbplatsen",
                    )
                    .hint(hint),
                );
            } else {
                problems.push(
                    Diagnostic::warning(&rel, "filen används inte och kommer inte med på webbplatsen")
                        .hint(format!(
                            "bara content/partnerskap/*.md, content/organisationer/*.md, content/{FOKUSOMRADEN_FILE} och content/{KALLOR_FILE} läses; ta bort filen eller flytta den ur content/"
                        )),
                );
            }
        }
    }
    Listing {
        files,
        problems: problems.0,
    }
}

/// Files editors and tools leave next to the real one: "x.md~", "#x.md#",
/// ".x.md.swp", "x.md.orig", "x.md.bak".
fn editor_leftover(name: &str) -> bool {
    name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
        || [".swp", ".swo", ".orig", ".bak", ".rej", ".tmp"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// A symbolic link is refused without reading or naming what it points to:
/// content must be files in the site, not anything the link reaches.
fn symlink(rel: &Path) -> Diagnostic {
    Diagnostic::error(rel, "en symbolisk länk; länkar i content/ följs inte")
        .hint("ersätt länken med en vanlig fil eller mapp")
}

/// The text of a file, and when it was last modified.
fn read(path: &Path, rel: &Path) -> Result<(String, Option<std::time::SystemTime>), Diagnostic> {
    let unreadable = |e: std::io::Error| {
        Diagnostic::error(rel, format!("kunde inte läsa filen: {e}"))
            .hint("finns filen, och får den läsas?")
    };
    let metadata = fs::symlink_metadata(path).map_err(unreadable)?;
    if metadata.file_type().is_symlink() {
        return Err(symlink(rel));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            rel,
            format!(
                "filen är för stor ({:.1} MB); en innehållsfil får vara högst 1 MB",
                metadata.len() as f64 / 1e6
            ),
        )
        .hint("är det rätt fil? En beskrivning ska vara några meningar; längre dokument länkas i 'länkar'"));
    }
    let bytes = fs::read(path).map_err(unreadable)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(rel, "filen är inte sparad som UTF-8")
            .hint("spara om filen med teckenkodningen UTF-8")
    })?;
    // A byte-order mark is invisible in editors; don't let it break parsing.
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    // One spelling of every letter: "Borås" typed as o + combining ring is
    // the same name as "Borås", everywhere after this.
    Ok((crate::text::nfc(&text), metadata.modified().ok()))
}

/// Splits `---\nyaml\n---\nbody`.
fn split_markdown(
    rel: &Path,
    text: String,
    modified: Option<std::time::SystemTime>,
) -> Result<SourceFile, Diagnostic> {
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
                modified,
                document: OnceLock::new(),
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

    /// A site whose content has both folders and empty lists.
    fn empty_site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for d in ["content/partnerskap", "content/organisationer"] {
            fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        fs::write(dir.path().join("content/fokusomraden.yaml"), "[]\n").unwrap();
        fs::write(dir.path().join("content/kallor.yaml"), "{}\n").unwrap();
        dir
    }

    /// With a memo, an unchanged file is the one read before; a changed one,
    /// even of the same size, is read again, and a removed one is gone.
    #[test]
    fn a_memo_reads_only_files_that_changed() {
        let dir = empty_site();
        let root = dir.path();
        let entry = |name: &str, text: &str| {
            fs::write(
                root.join(format!("content/partnerskap/{name}.md")),
                format!("---\nnamn: {text}\n---\n"),
            )
            .unwrap()
        };
        entry("a", "Första");
        entry("b", "Andra");
        entry("c", "Tredje");
        let memo = LoadMemo::default();
        let first = load_with(root, Some(&memo)).unwrap();
        entry("b", "ANDRA");
        fs::remove_file(root.join("content/partnerskap/c.md")).unwrap();
        let second = load_with(root, Some(&memo)).unwrap();
        let stems: Vec<&str> = second.partnerskap.iter().map(|f| f.stem.as_str()).collect();
        assert_eq!(stems, ["a", "b"]);
        assert!(Arc::ptr_eq(&first.partnerskap[0], &second.partnerskap[0]));
        assert!(!Arc::ptr_eq(&first.partnerskap[1], &second.partnerskap[1]));
        assert_eq!(second.partnerskap[1].yaml, "namn: ANDRA\n");
        assert_eq!(memo.lock().files.len(), 2, "the removed file is forgotten");
    }

    /// Told what changed, a load updates its listing without a walk and
    /// finds what a fresh load finds; told of something it cannot place
    /// (here a folder, and a stray file the listing does not hold), it
    /// walks `content/` and reports what the walk finds.
    #[test]
    fn a_load_told_what_changed_finds_what_a_fresh_load_finds() {
        let dir = empty_site();
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            fs::write(root.join(rel), format!("---\nnamn: {text}\n---\n")).unwrap()
        };
        let summary = |s: &Sources| {
            let files = |f: &[Arc<SourceFile>]| {
                f.iter()
                    .map(|f| (f.path.clone(), f.text.clone()))
                    .collect::<Vec<_>>()
            };
            (
                files(&s.partnerskap),
                files(&s.organisationer),
                s.problems.0.len(),
            )
        };
        write("content/partnerskap/a.md", "A");
        write("content/partnerskap/b.md", "B");
        write("content/organisationer/o.md", "O");
        let memo = LoadMemo::default();
        load_with(root, Some(&memo)).unwrap();

        // An entry added, one changed, one removed, an organisation added,
        // a list rewritten: all placed without a walk.
        write("content/partnerskap/c.md", "C");
        write("content/partnerskap/a.md", "A2");
        fs::remove_file(root.join("content/partnerskap/b.md")).unwrap();
        write("content/organisationer/p.md", "P");
        fs::write(root.join("content/kallor.yaml"), "{ }\n").unwrap();
        let changed: BTreeSet<PathBuf> = [
            "content/partnerskap/c.md",
            "content/partnerskap/a.md",
            "content/partnerskap/b.md",
            "content/organisationer/p.md",
            "content/kallor.yaml",
            "site.toml",
        ]
        .into_iter()
        .map(PathBuf::from)
        .collect();
        memo.changed(root, &changed);
        let told = load_with(root, Some(&memo)).unwrap();
        assert_eq!(summary(&told), summary(&load(root).unwrap()));
        assert_eq!(told.partnerskap.len(), 2);
        assert_eq!(told.kallor.text, "{ }\n");

        // A folder with a file in it, and a stray file the hint does not
        // name: only a walk finds them, and it does.
        fs::create_dir(root.join("content/partnerskap/mapp")).unwrap();
        write("content/partnerskap/mapp/d.md", "D");
        fs::write(root.join("content/lost.txt"), "?").unwrap();
        memo.changed(root, &[PathBuf::from("content/partnerskap/mapp")].into());
        let walked = load_with(root, Some(&memo)).unwrap();
        let fresh = load(root).unwrap();
        assert_eq!(summary(&walked), summary(&fresh));
        assert!(fresh.problems.0.len() >= 2, "{:?}", fresh.problems.0);
    }

    #[test]
    fn splits_front_matter_and_body() {
        let file = split_markdown(
            Path::new("content/partnerskap/x.md"),
            "---\nnamn: X\n---\nText\n".into(),
            None,
        )
        .unwrap();
        assert_eq!(file.yaml, "namn: X\n");
        assert_eq!(file.body, "Text\n");
        assert_eq!(file.stem, "x");
        assert!(split_markdown(Path::new("a.md"), "namn: X\n".into(), None).is_err());
        assert!(split_markdown(Path::new("a.md"), "---\nnamn: X\n".into(), None).is_err());
    }
}
