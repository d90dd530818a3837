//! Write: puts the rendered site on disk, all or nothing. The new site is
//! written next to the old one and swapped in, so a failed build leaves the
//! previous `public/` exactly as it was, and a build killed at any moment
//! leaves a complete old or new site.
//!
//! Only a folder that a build made is ever replaced: every build marks its
//! output with [`MARKER`], and a folder without it is left alone unless it
//! is empty. Leftovers of builds that died are cleaned up by the next one.

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

const MARKER_TEXT: &str = "Den här mappen är byggd av iop och ersätts helt vid nästa bygge; ändra i content/ i stället.\n";

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
    write_files(&output.files, out)
}

/// `write`, for the files of an `Output` held elsewhere (as `iop serve` does).
pub fn write_files<B: AsRef<[u8]> + Sync>(files: &Files<B>, out: &Path) -> io::Result<Written> {
    let (parent, name) = place(out);
    fs::create_dir_all(parent)?;
    clean_up(out);
    // Checked again here, right before anything is removed.
    if let Ok(m) = fs::symlink_metadata(out)
        && (!m.is_dir() || !replaceable(out))
    {
        return Err(io::Error::other(format!(
            "{} är ingen mapp som ett tidigare bygge har skapat (filen {MARKER} saknas); den ersätts inte",
            out.display()
        )));
    }
    let staging = parent.join(format!(".{name}.ny-{}", std::process::id()));
    let old = parent.join(format!(".{name}.gammal-{}", std::process::id()));
    let previous = fs::symlink_metadata(out)
        .is_ok_and(|m| m.is_dir())
        .then_some(out);
    let result = write_tree(files, &staging, previous)
        .and_then(|written| swap(&staging, out, &old).map(|()| written));
    if result.is_err() && staging.exists() {
        let _ = remove_build(&staging);
    }
    result
}

/// What a write did: files whose bytes changed (or are new) were written,
/// the rest are the previous build's files, linked into the new tree.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub written: usize,
    pub kept: usize,
}

/// Writes the whole tree into `dir`. A file whose bytes are the same as in
/// `previous` (the current output) is a hard link to it instead: same inode,
/// same mtime, nothing written; so the new tree is complete before the swap,
/// as before, and the swap still replaces everything at once.
fn write_tree<B: AsRef<[u8]> + Sync>(
    files: &Files<B>,
    dir: &Path,
    previous: Option<&Path>,
) -> io::Result<Written> {
    if dir.exists() {
        remove_build(dir)?;
    }
    // The marker first, so that even a build killed a moment later leaves
    // a folder the next build knows it may remove.
    fs::create_dir_all(dir)?;
    fs::write(dir.join(MARKER), MARKER_TEXT)?;
    // Every folder once, parents first, then the files on every core.
    let folders: std::collections::BTreeSet<&Path> = files
        .keys()
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
    use rayon::prelude::*;
    let kept = files
        .par_iter()
        .map(|(path, bytes)| {
            let file = dir.join(path);
            if let Some(previous) = previous
                && unchanged(&previous.join(path), bytes.as_ref())
                && fs::hard_link(previous.join(path), &file).is_ok()
            {
                return Ok(1);
            }
            fs::write(&file, bytes.as_ref()).map(|()| 0)
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    Ok(Written {
        written: files.len() - kept,
        kept,
    })
}

/// Whether `file` is a regular file (not a link) holding exactly `bytes`.
fn unchanged(file: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(file).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(file).is_ok_and(|old| old == bytes)
}

fn swap(staging: &Path, out: &Path, old: &Path) -> io::Result<()> {
    if !out.exists() {
        return fs::rename(staging, out);
    }
    // One step: at every moment `out` is the complete old or new site.
    if exchange(staging, out).is_ok() {
        return remove_build(staging);
    }
    // Elsewhere two renames, with a moment without `out`; a build killed
    // in it leaves the old site in `old`, which the next build puts back.
    fs::rename(out, old)?;
    if let Err(e) = fs::rename(staging, out) {
        fs::rename(old, out)?;
        return Err(e);
    }
    remove_build(old)
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

/// Swaps two paths atomically: renameat2(RENAME_EXCHANGE).
#[cfg(all(target_os = "linux", any(target_env = "gnu", target_env = "musl")))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(all(target_os = "linux", any(target_env = "gnu", target_env = "musl"))))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Removes what builds that died left next to `out` (".public.ny-PID",
/// ".public.gammal-PID"), and puts back an old site that a build killed
/// between its two renames left without `out`. Leftovers of a build that
/// is still running, and folders no build made, are left alone.
pub fn clean_up(out: &Path) {
    let (parent, name) = place(out);
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut leftovers: Vec<(bool, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file_name = e.file_name().into_string().ok()?;
            let rest = file_name.strip_prefix(&format!(".{name}."))?;
            let (old, pid) = match rest.split_once('-')? {
                ("ny", pid) => (false, pid),
                ("gammal", pid) => (true, pid),
                _ => return None,
            };
            let pid: u32 = pid.parse().ok()?;
            let path = e.path();
            (pid != std::process::id()
                && !alive(pid)
                && e.file_type().is_ok_and(|t| t.is_dir())
                && replaceable(&path))
            .then_some((old, path))
        })
        .collect();
    leftovers.sort();
    for (old, path) in leftovers {
        if old && !out.exists() && fs::rename(&path, out).is_ok() {
            continue;
        }
        let _ = remove_build(&path);
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

    #[cfg(all(target_os = "linux", any(target_env = "gnu", target_env = "musl")))]
    #[test]
    fn exchange_swaps_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        fs::write(a.join("x"), "a").unwrap();
        fs::write(b.join("x"), "b").unwrap();
        exchange(&a, &b).unwrap();
        assert_eq!(fs::read_to_string(a.join("x")).unwrap(), "b");
        assert_eq!(fs::read_to_string(b.join("x")).unwrap(), "a");
    }
}
