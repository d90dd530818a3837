//! When each content file was added and last changed: from git history where
//! the site is a git checkout, else from the file's modification time.
//! One `git log` call serves every file, so large catalogues stay fast.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, NaiveDate, Utc};

use crate::load::SourceFile;
use crate::model::Historik;

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
