//! Write: puts the rendered site on disk, all or nothing. The new site is
//! written next to the old one and swapped in with renames, so a failed
//! build leaves the previous `public/` exactly as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::render::Output;

pub fn write(output: &Output, out: &Path) -> io::Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("public");
    let staging = parent.join(format!(".{name}.ny-{}", std::process::id()));
    let old = parent.join(format!(".{name}.gammal-{}", std::process::id()));
    let result = write_tree(output, &staging).and_then(|()| swap(&staging, out, &old));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn write_tree(output: &Output, dir: &Path) -> io::Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    for (path, bytes) in &output.files {
        let file: PathBuf = dir.join(path);
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&file, bytes)?;
    }
    Ok(())
}

fn swap(staging: &Path, out: &Path, old: &Path) -> io::Result<()> {
    if out.exists() {
        fs::rename(out, old)?;
        if let Err(e) = fs::rename(staging, out) {
            fs::rename(old, out)?;
            return Err(e);
        }
        fs::remove_dir_all(old)?;
    } else {
        fs::rename(staging, out)?;
    }
    Ok(())
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
        let mut output = Output::default();
        output.add("index.html", "ny");
        write(&output, &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "ny");
        assert!(!out.join("gammal").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only public/ remains");
    }
}
