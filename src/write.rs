//! Write: puts the rendered site on disk, changing only what changed.
//!
//! A first build writes the whole site next to where it goes and renames
//! it into place. Later builds update it: the files whose bytes changed
//! are written next to `public/`, a journal listing them and the files
//! that disappeared is put beside them (the moment the update is decided),
//! and then each is renamed into place, which replaces a file whole. So a
//! failed build changes nothing, and a build killed at any moment leaves
//! every file of `public/` whole, old or new; the next build (or `iop
//! serve`) first finishes the moves a killed one had decided on, so no
//! half-updated site stays.
//!
//! Only a folder that a build made is ever written into: every build marks
//! its output with [`MARKER`], and a folder without it is left alone unless
//! it is empty. Leftovers of builds that died are cleaned up by the next one.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::render::Output;

/// A site's files by path, as in `Output`.
/// A site's files by path; the bytes owned or borrowed.
type Files<B> = std::collections::BTreeMap<String, B>;

/// The file that marks a folder as the output of a build.
pub const MARKER: &str = ".iop-bygge";

const MARKER_TEXT: &str =
    "Den här mappen är byggd av iop och skrivs över vid nästa bygge; ändra i content/ i stället.\n";

/// Refuses an output folder whose replacement would destroy work: the site
/// itself or anything containing it, its content, themes, templates and
/// static files, an existing file, and a folder that is neither empty nor
/// a previous build.
pub fn check_output(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let refuse = |message: String, hint: &str| Err(Diagnostic::error(out, message).hint(hint));
    let (root_abs, out_abs) = (resolve(root), resolve(out));
    let shown = out.display();
    if out_abs == root_abs {
        return refuse(
            format!("{shown} är webbplatsens rotmapp; bygget skulle ersätta hela mappen"),
            "bygg till en egen mapp, t.ex. --out public",
        );
    }
    if root_abs.starts_with(&out_abs) {
        return refuse(
            format!("{shown} innehåller webbplatsens rotmapp; bygget skulle ersätta den"),
            "bygg till en egen mapp, t.ex. --out public",
        );
    }
    for own in ["content", "themes", "templates", "static", ".git"] {
        if out_abs.starts_with(root_abs.join(own)) {
            return refuse(
                format!("{shown} ligger i {own}/, bland webbplatsens egna filer"),
                "bygg till en egen mapp utanför den, t.ex. --out public",
            );
        }
    }
    match fs::symlink_metadata(out) {
        Err(_) => Ok(()),
        Ok(m) if !m.is_dir() => refuse(
            format!("{shown} finns redan och är ingen mapp"),
            "ange en mapp, ny eller från ett tidigare bygge",
        ),
        Ok(_) if !replaceable(out) => refuse(
            format!("mappen {shown} finns redan och är inget tidigare bygge; den ersätts inte"),
            &format!(
                "ange en ny eller tom mapp; en mapp som iop har byggt har filen {MARKER}. Ta bort mappen själv om den kan ersättas"
            ),
        ),
        Ok(_) => Ok(()),
    }
}

/// An absolute path with `..` and symbolic links of its existing part
/// resolved, for comparing where two paths lead.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut lexical = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return lexical,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    resolved
}

/// A folder a build may replace: one a build made, or an empty one.
fn replaceable(dir: &Path) -> bool {
    dir.join(MARKER).is_file() || fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// The folder `out` is in, and its name.
fn place(out: &Path) -> (&Path, &str) {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("public");
    (parent, name)
}

pub fn write(output: &Output, out: &Path) -> io::Result<Written> {
    write_files(&output.all(), out, None)
}

/// `write`, for the files of an `Output` held elsewhere (as `iop serve`
/// does). `previous`, when given, is what the last write put in `out`: the
/// files are then compared with it in memory instead of read back.
pub fn write_files<B: AsRef<[u8]> + Sync>(
    files: &Files<B>,
    out: &Path,
    previous: Option<&Files<B>>,
) -> io::Result<Written> {
    let mut staged = Staged::begin(out)?;
    staged.add(files, previous)?;
    staged.finish()
}

/// What a write did: files whose bytes changed (or are new) were written,
/// the rest were left as they were (same inode, same mtime).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub written: usize,
    pub kept: usize,
    /// The site's files and their bytes in all.
    pub files: usize,
    pub bytes: usize,
}

/// The journal of an update, in its staging folder: a line per file,
/// "- path" to remove from the site and "+ path" to move into it.
const JOURNAL: &str = ".iop-journal";

/// A write under way: the site's files are given in batches (`add`), and
/// each batch's changed files go next to `out` at once, so a build need not
/// hold the whole site in memory; `finish` decides and carries out the
/// update. Dropped unfinished, it leaves `out` as it was.
pub struct Staged {
    out: PathBuf,
    staging: PathBuf,
    /// Whether `out` holds a previous build to update, rather than being
    /// written whole and renamed into place.
    update: bool,
    /// Every path of the new site, and those whose bytes changed.
    paths: std::collections::HashSet<String>,
    /// What `out` holds, when every batch came with the previous site's
    /// files (`iop serve`): then `out` need not be listed to find what
    /// went, which at 10 000 entries is opening 10 000 folders.
    previous: Option<std::collections::HashSet<String>>,
    changed: Vec<String>,
    written: Written,
    /// Set once the update is decided (or the new site renamed into place).
    decided: bool,
}

impl Staged {
    /// Starts a write to `out`: refuses a folder no build made, finishes
    /// or removes what earlier writes left.
    pub fn begin(out: &Path) -> io::Result<Staged> {
        let (parent, name) = place(out);
        fs::create_dir_all(parent)?;
        clean_up(out);
        // Checked again here, right before anything is changed.
        if let Ok(m) = fs::symlink_metadata(out)
            && (!m.is_dir() || !replaceable(out))
        {
            return Err(io::Error::other(format!(
                "{} är ingen mapp som ett tidigare bygge har skapat (filen {MARKER} saknas); den ersätts inte",
                out.display()
            )));
        }
        let staging = parent.join(format!(".{name}.ny-{}", std::process::id()));
        // This process's own earlier write (`iop serve` writes many times).
        if staging.join(JOURNAL).is_file() {
            apply(&staging, out)?;
        } else if staging.exists() {
            remove_build(&staging)?;
        }
        // The marker first, so that even a build killed a moment later
        // leaves a folder the next build knows it may remove.
        fs::create_dir_all(&staging)?;
        fs::write(staging.join(MARKER), MARKER_TEXT)?;
        Ok(Staged {
            update: out.join(MARKER).is_file(),
            out: out.to_path_buf(),
            staging,
            paths: Default::default(),
            previous: None,
            changed: Vec::new(),
            written: Written::default(),
            decided: false,
        })
    }

    /// Adds files of the new site: those that differ from `previous` (or,
    /// without it, from `out`) are written next to it.
    pub fn add<B: AsRef<[u8]> + Sync>(
        &mut self,
        files: &Files<B>,
        previous: Option<&Files<B>>,
    ) -> io::Result<()> {
        use rayon::prelude::*;
        let changed: Vec<&str> = if self.update {
            files
                .par_iter()
                .filter(|(path, bytes)| match previous {
                    Some(previous) => previous
                        .get(*path)
                        .is_none_or(|before| !same(before.as_ref(), bytes.as_ref())),
                    None => !unchanged(&self.out.join(path), bytes.as_ref()),
                })
                .map(|(path, _)| path.as_str())
                .collect()
        } else {
            files.keys().map(String::as_str).collect()
        };
        write_tree(files, &self.staging, &changed)?;
        self.written.written += changed.len();
        self.written.kept += files.len() - changed.len();
        self.written.files += files.len();
        self.written.bytes += files.values().map(|b| b.as_ref().len()).sum::<usize>();
        let first = self.paths.is_empty();
        self.changed.extend(changed.iter().map(|p| (*p).to_owned()));
        self.paths.extend(files.keys().cloned());
        match previous {
            Some(previous) if first || self.previous.is_some() => self
                .previous
                .get_or_insert_default()
                .extend(previous.keys().cloned()),
            _ => self.previous = None,
        }
        Ok(())
    }

    /// Puts the new site in place: the files it no longer has go.
    pub fn finish(mut self) -> io::Result<Written> {
        if !self.update {
            // New or empty: the whole site, in one rename.
            fs::rename(&self.staging, &self.out)?;
            self.decided = true;
            return Ok(self.written);
        }
        let removed: Vec<String> = match self.previous.take() {
            Some(previous) => previous
                .into_iter()
                .filter(|path| !self.paths.contains(path))
                .collect(),
            None => walkdir::WalkDir::new(&self.out)
                .min_depth(1)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| !e.file_type().is_dir())
                .filter_map(|e| {
                    let path = e.path().strip_prefix(&self.out).ok()?.to_str()?.to_owned();
                    (path != MARKER && !self.paths.contains(&path)).then_some(path)
                })
                .collect(),
        };
        let mut journal = String::new();
        // Removals first: a file that becomes a folder ("c" → "c/index.html"),
        // or the other way round, makes room before the move.
        for (sign, path) in removed
            .iter()
            .map(|p| ('-', p))
            .chain(self.changed.iter().map(|p| ('+', p)))
        {
            if path.contains('\n') {
                return Err(io::Error::other(format!(
                    "ett filnamn med radbrytning: {path:?}"
                )));
            }
            journal.push_str(&format!("{sign} {path}\n"));
        }
        // Written whole under another name first: the rename decides the
        // update. Until then, dropping `self` removes the staging folder.
        fs::write(self.staging.join(".iop-journal.ny"), journal)?;
        fs::rename(
            self.staging.join(".iop-journal.ny"),
            self.staging.join(JOURNAL),
        )?;
        self.decided = true;
        apply(&self.staging, &self.out)?;
        Ok(self.written)
    }
}

impl Drop for Staged {
    /// A write not decided (a build that failed after its pages) leaves
    /// nothing behind; a decided one stays until it is carried out.
    fn drop(&mut self) {
        if !self.decided {
            let _ = remove_build(&self.staging);
        }
    }
}

/// Writes `paths` of `files` into the staging folder `dir`.
fn write_tree<B: AsRef<[u8]> + Sync>(
    files: &Files<B>,
    dir: &Path,
    paths: &[&str],
) -> io::Result<()> {
    // Every folder once, parents first, then the files on every core.
    let folders: std::collections::BTreeSet<&Path> = paths
        .iter()
        .filter_map(|path| Path::new(path).parent())
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    for folder in folders {
        match fs::create_dir(dir.join(folder)) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                fs::create_dir_all(dir.join(folder))?
            }
            _ => {}
        }
    }
    // A few hundred files (a rebuild's) mostly share a folder, where two
    // threads creating files only wait for each other's lock on it.
    let write = |path: &&str| fs::write(dir.join(path), files[*path].as_ref());
    if paths.len() < PARALLEL_WRITES {
        return paths.iter().try_for_each(write);
    }
    use rayon::prelude::*;
    paths.par_iter().try_for_each(write)
}

/// From how many files a write is spread over every core.
const PARALLEL_WRITES: usize = 2000;

/// Carries out the journal in `staging` on `out`, then removes `staging`.
/// Each step can be done again, so a killed `apply` is finished by the next.
fn apply(staging: &Path, out: &Path) -> io::Result<()> {
    let journal = fs::read_to_string(staging.join(JOURNAL))?;
    for line in journal.lines() {
        let (sign, path) = line.split_at(line.find(' ').unwrap_or(0));
        let path = path.trim_start();
        if path.is_empty() || !safe(path) {
            continue;
        }
        let target = out.join(path);
        if sign == "+" {
            let new = staging.join(path);
            if !new.exists() {
                continue; // moved by an earlier, killed apply
            }
            make_room(out, &target)?;
            fs::rename(&new, &target)?;
        } else {
            // Gone already, or a folder by now (done by a killed apply).
            if fs::symlink_metadata(&target).is_ok_and(|m| !m.is_dir()) {
                fs::remove_file(&target)?;
            }
            // Folders left empty go too (never `out` itself).
            let mut folder = target.parent();
            while let Some(dir) = folder.filter(|d| *d != out && d.starts_with(out)) {
                if fs::remove_dir(dir).is_err() {
                    break;
                }
                folder = dir.parent();
            }
        }
    }
    remove_build(staging)
}

/// A journal's path: relative, with no `..`, so that a journal can never
/// reach outside the site.
fn safe(path: &str) -> bool {
    Path::new(path)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
}

/// Makes `target`'s folder exist, moving out of the way what stands where
/// the site now has a folder or a file (a page that became a folder).
fn make_room(out: &Path, target: &Path) -> io::Result<()> {
    let parent = target.parent().unwrap_or(out);
    if fs::create_dir_all(parent).is_err() {
        let mut dir = parent;
        while dir != out {
            if fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) {
                fs::remove_file(dir)?;
            }
            dir = dir.parent().unwrap_or(out);
        }
        fs::create_dir_all(parent)?;
    }
    if fs::symlink_metadata(target).is_ok_and(|m| m.is_dir()) {
        fs::remove_dir_all(target)?;
    }
    Ok(())
}

/// Whether `file` is a regular file (not a link) holding exactly `bytes`;
/// read in pieces, so that comparing a whole site allocates little.
fn unchanged(file: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    if !fs::symlink_metadata(file).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64) {
        return false;
    }
    let Ok(mut old) = fs::File::open(file) else {
        return false;
    };
    let mut buffer = [0u8; 16 * 1024];
    let mut rest = bytes;
    loop {
        match old.read(&mut buffer) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && buffer[..n] == rest[..n] => rest = &rest[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            _ => return false,
        }
    }
}

/// Removes a build's folder with its marker last, so that a build killed
/// while removing it leaves a folder the next build still knows is one.
fn remove_build(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    match fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(dir)
}

/// Removes what builds that died left next to `out` (".public.ny-PID"),
/// first finishing the update a killed one had decided on (its journal is
/// written), so that `out` is the site that build made. Leftovers of a build
/// that is still running, and folders no build made, are left alone.
pub fn clean_up(out: &Path) {
    let (parent, name) = place(out);
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.ny-");
    let mut leftovers: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file_name = e.file_name().into_string().ok()?;
            let pid: u32 = file_name.strip_prefix(&prefix)?.parse().ok()?;
            let path = e.path();
            (pid != std::process::id()
                && !alive(pid)
                && e.file_type().is_ok_and(|t| t.is_dir())
                && replaceable(&path))
            .then_some(path)
        })
        .collect();
    leftovers.sort();
    for path in leftovers {
        finish_or_remove(&path, out);
    }
}

/// Finishes the update in `staging` if it was decided, else removes it. An
/// update that cannot be finished now stays, to be finished later.
fn finish_or_remove(staging: &Path, out: &Path) {
    if staging.join(JOURNAL).is_file() {
        if out.join(MARKER).is_file() {
            let _ = apply(staging, out);
        }
    } else {
        let _ = remove_build(staging);
    }
}

/// Whether a process with this id is running; when that cannot be told,
/// it is taken to be, so that nothing of a running build is removed.
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 only checks whether the process exists.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn alive(_: u32) -> bool {
    true
}

/// Whether two files' bytes are equal: at once when they are the very same
/// bytes, as a page kept by `iop serve`'s cache is in both sites.
fn same(a: &[u8], b: &[u8]) -> bool {
    std::ptr::eq(a, b) || a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_tree() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("gammal")).unwrap();
        fs::write(out.join("gammal/index.html"), "x").unwrap();
        fs::write(out.join(MARKER), "").unwrap();
        let mut output = Output::default();
        output.add("index.html", "ny");
        write(&output, &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "ny");
        assert!(!out.join("gammal").exists());
        assert!(out.join(MARKER).is_file());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only public/ remains");
    }

    /// Every file under `dir` but the marker, with its bytes.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.file_name() != MARKER)
            .map(|e| {
                let path = e.path().strip_prefix(dir).unwrap();
                (
                    path.display().to_string(),
                    fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }

    fn output(files: &[(&str, &str)]) -> Output {
        let mut output = Output::default();
        for (path, text) in files {
            output.add(*path, *text);
        }
        output
    }

    #[cfg(unix)]
    #[test]
    fn an_update_writes_only_what_changed() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = output(&[
            ("a.html", "a"),
            ("b/index.html", "b"),
            ("c", "c"),
            ("d/e/f.html", "f"),
        ]);
        // b changes, d/e/f goes (with its folders), g is new in a new
        // folder, and the file c becomes a folder.
        let second = output(&[
            ("a.html", "a"),
            ("b/index.html", "B"),
            ("c/index.html", "c"),
            ("g/h.html", "g"),
        ]);
        for previous in [None, Some(&first.files)] {
            let _ = fs::remove_dir_all(&out);
            assert_eq!(write(&first, &out).unwrap().written, 4);
            let inode = fs::metadata(out.join("a.html")).unwrap().ino();
            let written = write_files(&second.files, &out, previous).unwrap();
            assert_eq!((written.written, written.kept), (3, 1));
            assert_eq!(
                tree(&out),
                [
                    ("a.html", "a"),
                    ("b/index.html", "B"),
                    ("c/index.html", "c"),
                    ("g/h.html", "g")
                ]
                .map(|(p, t)| (p.to_owned(), t.to_owned()))
            );
            assert_eq!(
                fs::metadata(out.join("a.html")).unwrap().ino(),
                inode,
                "a is not rewritten"
            );
            assert!(!out.join("d").exists(), "emptied folders go");
            assert!(out.join(MARKER).is_file());
            let siblings: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
            assert_eq!(siblings.len(), 1, "only public/ remains");
        }
    }

    #[cfg(unix)]
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    /// A build killed while moving its files in: the next one finishes the
    /// moves it had decided on; one killed before deciding changes nothing.
    #[cfg(unix)]
    #[test]
    fn a_decided_update_is_finished_and_an_undecided_one_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(
            &output(&[("a.html", "a"), ("b.html", "b"), ("c.html", "c")]),
            &out,
        )
        .unwrap();
        let killed = |journal: Option<&str>| {
            let staging = dir.path().join(format!(".public.ny-{}", dead_pid()));
            fs::create_dir_all(staging.join("x")).unwrap();
            fs::write(staging.join(MARKER), "").unwrap();
            // "a.html" was moved in already; "x/y.html" was not.
            fs::write(staging.join("x/y.html"), "y").unwrap();
            if let Some(journal) = journal {
                fs::write(staging.join(JOURNAL), journal).unwrap();
            }
            staging
        };
        let undecided = killed(None);
        clean_up(&out);
        assert!(!undecided.exists());
        assert_eq!(tree(&out).len(), 3, "nothing of it reached the site");

        fs::write(out.join("a.html"), "A").unwrap();
        let decided = killed(Some("- b.html\n- ../utanför\n+ a.html\n+ x/y.html\n"));
        fs::write(dir.path().join("utanför"), "kvar").unwrap();
        clean_up(&out);
        assert!(!decided.exists());
        assert_eq!(
            tree(&out),
            [("a.html", "A"), ("c.html", "c"), ("x/y.html", "y")]
                .map(|(p, t)| (p.to_owned(), t.to_owned()))
        );
        assert!(
            dir.path().join("utanför").exists(),
            "a journal never reaches outside the site"
        );
    }

    /// A site written in two batches is the same as one written at once,
    /// and a write dropped unfinished (a build failing after its pages)
    /// leaves `out` as it was and nothing next to it.
    #[test]
    fn a_staged_write_in_batches_and_one_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&output(&[("a.html", "a"), ("b.html", "b")]), &out).unwrap();
        let before = tree(&out);
        let mut staged = Staged::begin(&out).unwrap();
        staged.add(&output(&[("a.html", "A")]).files, None).unwrap();
        drop(staged);
        assert_eq!(tree(&out), before);
        let siblings: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(siblings.len(), 1, "only public/ remains");

        let mut staged = Staged::begin(&out).unwrap();
        staged.add(&output(&[("a.html", "A")]).files, None).unwrap();
        staged
            .add(&output(&[("c/d.html", "d")]).files, None)
            .unwrap();
        let written = staged.finish().unwrap();
        assert_eq!((written.written, written.kept, written.files), (2, 0, 2));
        assert_eq!(
            tree(&out),
            [("a.html", "A"), ("c/d.html", "d")].map(|(p, t)| (p.to_owned(), t.to_owned()))
        );
    }

    #[test]
    fn never_replaces_a_folder_no_build_made() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("arbete");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("viktigt.txt"), "x").unwrap();
        let mut output = Output::default();
        output.add("index.html", "ny");
        assert!(write(&output, &out).is_err());
        assert_eq!(fs::read_to_string(out.join("viktigt.txt")).unwrap(), "x");
        assert!(!out.join("index.html").exists());
    }
}
