//! What an entry may refer to: organisation names and aliases, focus-area
//! ids, named sources and the addresses partnerships already have. Built by
//! the checker ([`crate::check::vocabulary`]) with its own rules, even when
//! some files are broken, and used by both `iop check` and `iop new`, so
//! that a name means the same thing to both.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::model::{Fokusomrade, Kalla};
use crate::text::{name_key, slugify};

/// One organisation as entries name it.
#[derive(Debug, Clone)]
pub struct Namn {
    pub namn: String,
    pub alias: Vec<String>,
    /// The file, relative to the site root.
    pub fil: PathBuf,
    /// Whether the file has errors: its names are then read leniently.
    pub broken: bool,
}

#[derive(Debug, Default)]
pub struct Vocabulary {
    /// The organisations that check first (in the order of the checked
    /// catalogue), then those whose files have errors.
    pub organisationer: Vec<Namn>,
    pub fokusomraden: Vec<Fokusomrade>,
    /// The named sources of content/kallor.yaml.
    pub kallor: Vec<Kalla>,
    /// Every address a partnership has (file names and aliases) → its file.
    pub adresser: BTreeMap<String, PathBuf>,
    /// The lists (fokusomraden.yaml, kallor.yaml) that have errors: what
    /// they would hold is not known.
    pub broken_lists: Vec<PathBuf>,
    /// Name or alias (as `name_key`) → index in `organisationer`.
    names: HashMap<String, usize>,
    /// File names of broken organisation files → index.
    stems: HashMap<String, usize>,
}

impl Vocabulary {
    /// Adds an organisation; a name that is already taken keeps its owner.
    pub fn add(&mut self, namn: Namn) {
        let i = self.organisationer.len();
        for name in std::iter::once(&namn.namn).chain(&namn.alias) {
            if !name.trim().is_empty() {
                self.names.entry(name_key(name)).or_insert(i);
            }
        }
        if namn.broken
            && let Some(stem) = namn.fil.file_stem().and_then(|s| s.to_str())
        {
            self.stems.entry(stem.to_owned()).or_insert(i);
        }
        self.organisationer.push(namn);
    }

    /// The organisation `name` means: by name or alias, compared as
    /// everywhere (case-insensitive, NFC); a broken file also by its file name.
    pub fn find(&self, name: &str) -> Option<(usize, &Namn)> {
        self.names
            .get(&name_key(name))
            .or_else(|| self.stems.get(&slugify(name)))
            .map(|&i| (i, &self.organisationer[i]))
    }

    /// Every name and alias, for suggestions.
    pub fn organisation_names(&self) -> impl Iterator<Item = &str> {
        self.organisationer.iter().flat_map(|o| {
            std::iter::once(o.namn.as_str()).chain(o.alias.iter().map(String::as_str))
        })
    }

    /// Whether the list in `file` could not be read.
    pub fn is_broken(&self, file: &Path) -> bool {
        self.broken_lists.iter().any(|b| b == file)
    }
}
