//! Property tests: real entries from content/, mutated at random the way a
//! careless edit or a hostile pull request would (lines cut, doubled and
//! swapped, keys swapped, control characters, anchors and aliases, huge
//! values, tabs, byte-order marks, odd Unicode), checked and built in a
//! small fixture site. Whatever the input: no panic, no hang, memory within
//! a bound, and either a build or at least one diagnostic, in Swedish, that
//! names a file in content/.
//!
//! 64 cases by default; more with PROPTEST_CASES=2000 (see the README).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use iop::diagnostic::{Diagnostic, Diagnostics, Severity};
use iop::site;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// The longest a check or a build of the small fixture may take. A hang
/// (an endless loop, an exponential alias) shows as a failure, not as a
/// test that never ends.
const LIMIT: Duration = Duration::from_secs(30);

/// The most memory the test process may hold at once, all cases (and the
/// tests running beside them) together. A small fixture needs a few tens of
/// MB; an input that makes the checker or the build balloon (an alias bomb,
/// a value copied without limit) fails the case.
const MEMORY_LIMIT: usize = 1 << 30;

/// Counts the bytes the process holds, and the most it has held.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let held = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(held, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let grown = new_size - layout.size();
            let held = HELD.fetch_add(grown, Ordering::Relaxed) + grown;
            PEAK.fetch_max(held, Ordering::Relaxed);
        } else {
            HELD.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A real content file and the real files it needs to be valid.
#[derive(Debug, Clone)]
struct Entry {
    /// Where it goes in the fixture, relative to the root.
    rel: String,
    text: String,
    /// The organisation files a partnership names (and their parents).
    needs: Vec<(String, String)>,
}

/// Every partnership in content/, each with the organisations it names.
fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let key = |s: &str| s.trim().to_lowercase();
        let front = |text: &str| -> serde_json::Value {
            let yaml = text.split("\n---").next().unwrap_or_default();
            iop::yaml::parse(yaml.trim_start_matches("---"), 1)
                .unwrap()
                .value
        };
        let organisations: Vec<(String, String, serde_json::Value)> =
            files(&repo().join("content/organisationer"))
                .into_iter()
                .map(|f| {
                    let rel = format!("content/organisationer/{f}");
                    let text = read(&repo(), &rel);
                    let yaml = front(&text);
                    (rel, text, yaml)
                })
                .collect();
        let named = |name: &str| {
            organisations.iter().position(|(_, _, y)| {
                y["namn"].as_str().map(key) == Some(key(name))
                    || y["alias"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|a| a.as_str().map(key) == Some(key(name)))
            })
        };
        files(&repo().join("content/partnerskap"))
            .into_iter()
            .map(|f| {
                let rel = format!("content/partnerskap/{f}");
                let text = read(&repo(), &rel);
                let mut wanted: Vec<String> = front(&text)["idéburna_parter"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect();
                let mut needs: Vec<usize> = Vec::new();
                while let Some(name) = wanted.pop() {
                    if let Some(i) = named(&name).filter(|i| !needs.contains(i)) {
                        needs.push(i);
                        if let Some(parent) = organisations[i].2["del_av"].as_str() {
                            wanted.push(parent.to_owned());
                        }
                    }
                }
                Entry {
                    rel,
                    text,
                    needs: needs
                        .into_iter()
                        .map(|i| (organisations[i].0.clone(), organisations[i].1.clone()))
                        .collect(),
                }
            })
            .collect()
    })
}

/// One change to a file's text. Positions are taken modulo the text.
#[derive(Debug, Clone)]
enum Mutation {
    /// Remove a line.
    Cut(usize),
    /// Write a line twice (a key twice, an entry twice).
    Duplicate(usize),
    /// Swap two lines.
    Swap(usize, usize),
    /// Swap the keys of two `key: value` lines.
    SwapKeys(usize, usize),
    /// Cut the text off at a character.
    Truncate(usize),
    /// Insert text at a character.
    Insert(usize, String),
    /// Insert a line before a line.
    InsertLine(usize, String),
    /// Indent a line by spaces, or by a tab.
    Indent(usize, u8, bool),
    /// Replace the value of a `key: value` line by a huge one.
    Huge(usize, usize),
}

/// Text that YAML or the checker reads specially.
const SNIPPETS: &[&str] = &[
    "\t",
    "\u{feff}",
    "\u{0}",
    "\u{7}",
    "\u{1b}[2J",
    "\u{7f}",
    "\u{9b}",
    "\u{202e}",
    "\u{200b}",
    "\r",
    "\r\n",
    "\n",
    "a\u{30a}",
    "&a ",
    "*a",
    "*",
    "&",
    "!!binary ",
    "!tagg ",
    "%YAML 1.2",
    ": ",
    " #",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    "? ",
    "- ",
    "~",
    "null",
    "0x7E7",
    "1023-01-01",
    "2023-02-30",
    "tills vidare",
    "---",
    "...",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "::error::x",
    "🦀",
    "Å",
    "\\",
];

/// Lines that bring in anchors, aliases, merges and other documents.
const LINES: &[&str] = &[
    "x: &a [1, 2]",
    "y: *a",
    "<<: *a",
    "<<: {namn: X}",
    "start: &d 2022",
    "slut: *d",
    "---",
    "...",
    "%TAG ! tag:example.org,2000:",
    "namn: Värmestuga Test",
    "alias: [a, a]",
    "källor: []",
    "idéburna_parter: [Testföreningen]",
    "del_av: Testföreningen",
    "? [a, b]\n: c",
    "~: x",
    "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]",
    "- id: hemloshet\n  namn: X\n  beskrivning: Y",
    "  - kommun: Götebrog",
    "\t- kommun: Malmö",
];

fn inserted() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(SNIPPETS).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
        1 => "\\PC{1,8}",
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        3 => at.prop_map(Mutation::Cut),
        3 => at.prop_map(Mutation::Duplicate),
        2 => (at, at).prop_map(|(a, b)| Mutation::Swap(a, b)),
        2 => (at, at).prop_map(|(a, b)| Mutation::SwapKeys(a, b)),
        1 => at.prop_map(Mutation::Truncate),
        5 => (at, inserted()).prop_map(|(a, s)| Mutation::Insert(a, s)),
        3 => (at, proptest::sample::select(LINES)).prop_map(|(a, l)| Mutation::InsertLine(a, l.to_owned())),
        1 => (at, 1..9u8, any::<bool>()).prop_map(|(a, n, tab)| Mutation::Indent(a, n, tab)),
        1 => (at, prop_oneof![1_000..10_000usize, 90_000..120_000usize, 999_000..1_001_000usize])
            .prop_map(|(a, n)| Mutation::Huge(a, n)),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let n = lines.len();
    let keyed: Vec<usize> = (0..n)
        .filter(|&i| lines[i].contains(": ") && !lines[i].starts_with(' '))
        .collect();
    match m {
        Mutation::Cut(i) => {
            lines.remove(i % n);
        }
        Mutation::Duplicate(i) => {
            let line = lines[i % n].clone();
            lines.insert(i % n, line);
        }
        Mutation::Swap(a, b) => lines.swap(a % n, b % n),
        Mutation::SwapKeys(a, b) if !keyed.is_empty() => {
            let (a, b) = (keyed[a % keyed.len()], keyed[b % keyed.len()]);
            let split = |l: &str| {
                let (k, v) = l.split_once(": ").unwrap();
                (k.to_owned(), v.to_owned())
            };
            let ((ka, va), (kb, vb)) = (split(&lines[a]), split(&lines[b]));
            lines[a] = format!("{kb}: {va}");
            lines[b] = format!("{ka}: {vb}");
        }
        Mutation::SwapKeys(..) => {}
        Mutation::Truncate(i) => {
            let chars = text.chars().count().max(1);
            return text.chars().take(i % chars).collect();
        }
        Mutation::Insert(i, s) => {
            let chars: Vec<char> = text.chars().collect();
            let at = i % (chars.len() + 1);
            return chars[..at]
                .iter()
                .chain(s.chars().collect::<Vec<_>>().iter())
                .chain(chars[at..].iter())
                .collect();
        }
        Mutation::InsertLine(i, l) => lines.insert(i % n, l.clone()),
        Mutation::Indent(i, k, tab) => {
            let pad = if *tab {
                "\t".to_owned()
            } else {
                " ".repeat(*k as usize)
            };
            lines[i % n] = format!("{pad}{}", lines[i % n]);
        }
        Mutation::Huge(i, size) if !keyed.is_empty() => {
            let at = keyed[i % keyed.len()];
            let key = lines[at].split_once(": ").unwrap().0.to_owned();
            lines[at] = format!("{key}: {}", "x".repeat(*size));
        }
        Mutation::Huge(..) => {}
    }
    lines.join("\n")
}

/// Which file of the fixture a case changes.
#[derive(Debug, Clone, Copy)]
enum Target {
    Partnership,
    Organisation,
    FocusAreas,
    Sources,
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        6 => Just(Target::Partnership),
        2 => Just(Target::Organisation),
        1 => Just(Target::FocusAreas),
        1 => Just(Target::Sources),
    ]
}

/// Runs `f` on its own thread: a panic or a run over `LIMIT` fails the case.
fn bounded<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        let _ = send.send(f());
    });
    match receive.recv_timeout(LIMIT) {
        Ok(value) => {
            worker.join().unwrap();
            value
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what} took more than {LIMIT:?}")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            panic!("{what} panicked")
        }
    }
}

/// The parsers' English, in any message.
#[track_caller]
fn assert_swedish(d: &Diagnostic, input: &str) {
    for text in std::iter::once(&d.message).chain(&d.hint) {
        for english in iop::explain::ENGLISH {
            assert!(
                !text.contains(english) || input.contains(english),
                "{english:?} in {d:#?}"
            );
        }
    }
}

/// Checks and builds the fixture at `root` (where `changed` was changed to
/// `text`): no panic, no hang; a build, or errors that name content/.
fn check_and_build(root: &Path, changed: &str, text: &str) {
    let at = root.to_path_buf();
    let checked = bounded("iop check", move || {
        let checked = site::check_site(&at);
        // Every output format, as CI and editors see it.
        let d = &checked.diagnostics;
        let _ = (d.to_text(), d.to_json(), d.to_github());
        (checked.catalogue.is_some(), checked.diagnostics)
    });
    let (at, out): (PathBuf, PathBuf) = (root.to_path_buf(), root.join("public"));
    let built = bounded("iop build", move || {
        site::build(&at, "2023-04-01".parse().unwrap(), &out).map(|b| b.partnerskap)
    });
    let peak = PEAK.load(Ordering::Relaxed);
    assert!(
        peak < MEMORY_LIMIT,
        "the process held {} MB at once ({changed})",
        peak >> 20
    );
    let (ok, diagnostics): (bool, Diagnostics) = checked;
    for d in &diagnostics.0 {
        assert_swedish(d, text);
    }
    match built {
        Ok(_) => assert!(ok, "built although check found errors"),
        Err(found) => {
            assert!(
                !ok,
                "check passed but the build failed: {}",
                found.to_text()
            );
            let named: Vec<&Diagnostic> = found
                .errors()
                .filter(|d| d.severity == Severity::Fel && d.file.starts_with("content/"))
                .collect();
            assert!(
                !named.is_empty(),
                "no error names a file in content/ ({changed}):\n{}",
                found.to_text()
            );
            for d in &found.0 {
                assert_swedish(d, text);
            }
        }
    }
}

/// 64 cases by default; PROPTEST_CASES sets more.
fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(64),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Text made of YAML's own punctuation, keys, scalars and whitespace, in
/// any order: what the parser must take without a panic.
fn yaml_soup() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("\n"),
        Just("  "),
        Just("\t"),
        Just("- "),
        Just(": "),
        Just(":"),
        Just("? "),
        Just("["),
        Just("]"),
        Just("{"),
        Just("}"),
        Just(", "),
        Just("&a "),
        Just("*a"),
        Just("!t "),
        Just("!!str "),
        Just("|\n"),
        Just(">-\n"),
        Just("\""),
        Just("'"),
        Just("# x"),
        Just("---\n"),
        Just("...\n"),
        Just("%YAML 1.2\n"),
        Just("namn"),
        Just("0x7E7"),
        Just("~"),
        Just("2024-01-01"),
        Just("Malmö"),
        Just("\u{feff}"),
        Just("\u{202e}"),
        Just("\\"),
        Just("<<: *a"),
    ];
    proptest::collection::vec(token, 0..60).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(config())]

    /// The parser never panics, and any problem it finds has a place and a
    /// Swedish explanation.
    #[test]
    fn any_yaml_text_is_read_or_explained(text in yaml_soup()) {
        if let Err(failure) = iop::yaml::parse(&text, 1) {
            let why = iop::explain::yaml_error(&failure);
            prop_assert!(why.place.is_some(), "{text:?}: {failure:?}");
            for english in iop::explain::ENGLISH {
                prop_assert!(!why.message.contains(english), "{text:?}: {}", why.message);
            }
        }
    }

    #[test]
    fn mutated_real_entries_never_panic_hang_or_pass_silently(
        index in any::<usize>(),
        target in target(),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let entries = entries();
        let entry = &entries[index % entries.len()];
        let fixture = Fixture::empty();
        fixture.write(&entry.rel, &entry.text);
        for (rel, text) in &entry.needs {
            fixture.write(rel, text);
        }
        let (changed, original) = match target {
            Target::Partnership => (entry.rel.clone(), entry.text.clone()),
            Target::Organisation => match entry.needs.first() {
                Some((rel, text)) => (rel.clone(), text.clone()),
                None => (entry.rel.clone(), entry.text.clone()),
            },
            Target::FocusAreas => (
                "content/fokusomraden.yaml".to_owned(),
                read(fixture.root(), "content/fokusomraden.yaml"),
            ),
            Target::Sources => (
                "content/kallor.yaml".to_owned(),
                read(fixture.root(), "content/kallor.yaml"),
            ),
        };
        let text = mutations.iter().fold(original, |text, m| apply(&text, m));
        fixture.write(&changed, &text);
        check_and_build(fixture.root(), &changed, &text);
    }

    /// A symbolic link anywhere in content/, under any name, is refused
    /// unread, and what it points to never reaches the site.
    #[cfg(unix)]
    #[test]
    fn symlinks_in_content_are_refused_under_any_name(
        dir in proptest::sample::select(vec!["", "partnerskap/", "organisationer/"]),
        name in "[a-zA-Z0-9åäöÅÄÖ_ .#~-]{1,24}(\\.md)?",
        to_dir in any::<bool>(),
    ) {
        prop_assume!(name != "." && name != "..");
        let fixture = Fixture::new();
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("hemlig.md");
        std::fs::write(&secret, "---\nnamn: HEMLIGT INNEHÅLL\n---\nHEMLIGT\n").unwrap();
        let rel = format!("content/{dir}{name}");
        let link = fixture.root().join(&rel);
        prop_assume!(!link.exists());
        let target = if to_dir { outside.path().to_path_buf() } else { secret };
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let checked = site::check_site(fixture.root());
        let errors: Vec<&Diagnostic> = checked.diagnostics.errors().collect();
        prop_assert!(
            errors.iter().any(|d| d.file == rel
                && d.message == "en symbolisk länk; länkar i content/ följs inte"),
            "{}", checked.diagnostics.to_text()
        );
        let text = checked.diagnostics.to_text();
        prop_assert!(!text.contains("HEMLIGT"), "{}", text);
        let out = fixture.root().join("public");
        prop_assert!(site::build(fixture.root(), "2023-04-01".parse().unwrap(), &out).is_err());
        prop_assert!(!out.exists());
    }
}

/// Unchanged, each real entry checks in the fixture with what it needs: so
/// every error the mutations give comes from a mutation.
#[test]
fn every_real_entry_is_valid_on_its_own() {
    for entry in entries() {
        let fixture = Fixture::empty();
        fixture.write(&entry.rel, &entry.text);
        for (rel, text) in &entry.needs {
            fixture.write(rel, text);
        }
        let checked = site::check_site(fixture.root());
        assert!(
            !checked.diagnostics.has_errors(),
            "{}: {}",
            entry.rel,
            checked.diagnostics.to_text()
        );
    }
}
