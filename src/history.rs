//! When each content file was added and last changed: from git history where
//! the site is a git checkout, else from the file's modification time.
//! One `git log` call serves every file, so large catalogues stay fast.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, NaiveDate, Utc};

use crate::load::SourceFile;
use crate::model::Historik;

/// The history `iop serve` read last, and what HEAD was then.
#[derive(Default)]
pub struct HistoryMemo(
    std::sync::Mutex<Option<(Option<crate::load::Stamp>, std::sync::Arc<History>)>>,
);

/// Where HEAD is, as the log of its moves tells it: git appends to
/// `logs/HEAD` whenever HEAD moves (a commit, a checkout, a reset, a
/// merge), so while its stamp (size, time, inode) is the same, so is the
/// history. `None` without such a log (not a checkout, or no reflog).
fn head_stamp(root: &Path) -> Option<crate::load::Stamp> {
    let dot_git = root.join(".git");
    // A linked worktree's .git is a file naming its git directory.
    let git_dir = match std::fs::read_to_string(&dot_git) {
        Ok(text) => root.join(text.strip_prefix("gitdir:")?.trim()),
        Err(_) => dot_git,
    };
    let metadata = std::fs::metadata(git_dir.join("logs").join("HEAD")).ok()?;
    Some(crate::load::stamp(&metadata))
}

#[derive(Debug, Default)]
pub struct History {
    /// Path relative to the site root → (first commit day, last commit day).
    commits: HashMap<PathBuf, Historik>,
    /// A hash of what git said: the same history has the same key.
    key: u64,
}

impl History {
    pub fn read(root: &Path) -> History {
        let mut history = History::default();
        // %cs: committer date, YYYY-MM-DD. Newest first, so the first date
        // seen for a file is its last change and the last seen is its addition.
        let output = Command::new("git")
            .args([
                "log",
                "--format=%x00%cs",
                "--name-only",
                "--no-renames",
                "--relative",
                "--",
                "content",
            ])
            .current_dir(root)
            .output();
        let Some(output) = output.ok().filter(|o| o.status.success()) else {
            return history;
        };
        history.key = crate::incremental::key(&output.stdout);
        let text = String::from_utf8_lossy(&output.stdout);
        let mut day: Option<NaiveDate> = None;
        for line in text.lines() {
            if let Some(date) = line.strip_prefix('\0') {
                day = date.parse().ok();
            } else if let (Some(day), false) = (day, line.is_empty()) {
                history
                    .commits
                    .entry(PathBuf::from(line))
                    .and_modify(|h| h.tillagd = day)
                    .or_insert(Historik {
                        tillagd: day,
                        andrad: day,
                    });
            }
        }
        history
    }

    /// The history, as `read` finds it, kept in `memo` while git's HEAD
    /// has not moved: `iop serve` then runs no `git log` after an edit.
    pub fn read_with(root: &Path, memo: &HistoryMemo) -> std::sync::Arc<History> {
        let stamp = head_stamp(root);
        let mut kept = memo.0.lock().unwrap_or_else(|e| e.into_inner());
        match &*kept {
            Some((was, history)) if stamp.is_some() && *was == stamp => {
                std::sync::Arc::clone(history)
            }
            _ => {
                let history = std::sync::Arc::new(History::read(root));
                *kept = Some((stamp, std::sync::Arc::clone(&history)));
                history
            }
        }
    }

    /// A hash of the history: whether an entry's history may have changed
    /// since an earlier read (a file's own modification day aside).
    pub fn key(&self) -> u64 {
        self.key
    }

    /// The file's history; files not yet committed use their modification day.
    /// When `file` was added and last changed: from git, else the day it
    /// was last modified when it was read.
    pub fn of(&self, file: &SourceFile) -> Historik {
        if let Some(h) = self.commits.get(&file.path) {
            return *h;
        }
        let day = file
            .modified
            .map(|t| DateTime::<Utc>::from(t).date_naive())
            .unwrap_or_default();
        Historik {
            tillagd: day,
            andrad: day,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(root: &Path, args: &[&str], day: &str) {
        let status = Command::new("git")
            .args(args)
            .current_dir(root)
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.org")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.org")
            .env("GIT_AUTHOR_DATE", format!("{day}T12:00:00Z"))
            .env("GIT_COMMITTER_DATE", format!("{day}T12:00:00Z"))
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    /// `iop serve` runs `git log` again only when HEAD has moved.
    #[test]
    fn the_kept_history_follows_commits() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), "a").unwrap();
        git(root, &["init", "-q"], "2024-01-02");
        git(root, &["add", "."], "2024-01-02");
        git(root, &["commit", "-q", "-m", "a"], "2024-01-02");
        let memo = HistoryMemo::default();
        let first = History::read_with(root, &memo);
        let path = PathBuf::from("content/a.md");
        assert_eq!(first.commits[&path].andrad.to_string(), "2024-01-02");
        // HEAD where it was: the same history, not read again.
        let again = History::read_with(root, &memo);
        assert!(std::sync::Arc::ptr_eq(&first, &again));
        std::fs::write(root.join("content/a.md"), "b").unwrap();
        git(root, &["commit", "-q", "-am", "b"], "2024-03-04");
        let after = History::read_with(root, &memo);
        assert_eq!(after.commits[&path].andrad.to_string(), "2024-03-04");
        assert_eq!(after.commits[&path].tillagd.to_string(), "2024-01-02");
        assert_ne!(first.key(), after.key());
    }
}
