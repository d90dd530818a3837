//! `iop serve`: builds the site, serves it on 127.0.0.1, rebuilds it when a
//! file changes and reloads the pages that are open.
//!
//! - Every build renders the whole site in memory and the server answers
//!   from that copy: the new site replaces the old one in one step (one
//!   `Arc` swapped under the lock), so no request ever sees half of each.
//!   The same files are then written to the output folder as by
//!   `iop build` (only changed files), so the built files never contain
//!   anything of the preview.
//! - A watcher thread (notify) collects changes until they are quiet, then
//!   rebuilds: for [`SETTLED`] once every file changed is closed after
//!   writing, renamed or removed (a finished save), else for [`DEBOUNCE`].
//!   Each finished build, good or bad, is a new *version* of the site.
//! - Each request gets a thread, so the held connections of live reload
//!   never block the pages. HTML responses get a small script that listens
//!   on [`RELOAD_PATH`] (Server-Sent Events) and reloads the page when the
//!   version changes.
//! - While the content has errors, every page is the error page: what the
//!   checker says, with the lines underlined. The server keeps running, and
//!   the next good build brings the site back.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher};
use tiny_http::{Header, Method, Request, Response};

use iop::config::Config;
use iop::diagnostic::{Diagnostic, Diagnostics, Severity, display_path};
use iop::site;
use iop::text::escape_html;

/// The live-reload endpoint. Outside the site's own paths, whatever its base path.
pub const RELOAD_PATH: &str = "/__iop/reload";

/// How long the files must be quiet before a rebuild while a file may
/// still be being written (changed, not yet closed): an editor's save is
/// often several events (write, rename, attributes), all within a few
/// milliseconds; a longer wait only delays the preview.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// How long they must be quiet once every file changed is closed after
/// writing, renamed or removed: the save is done, and this only gathers
/// the rest of a burst (an editor's backup file going, git writing many).
const SETTLED: Duration = Duration::from_millis(5);

/// How often an idle reload connection is pinged, so closed ones are noticed.
const PING: Duration = Duration::from_secs(15);

/// What the site is built from, relative to the root.
const WATCHED_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];
const WATCHED_FILES: [&str; 1] = ["site.toml"];

pub fn run(root: &Path, port: u16, as_of: Option<NaiveDate>, out: Option<PathBuf>) -> ExitCode {
    let root = match fs::canonicalize(root) {
        Ok(root) => root,
        Err(e) => {
            eprintln!(
                "fel: kunde inte öppna webbplatsens rotmapp {}: {e}",
                root.display()
            );
            eprintln!("  = tips: ange mappen där site.toml ligger med --root");
            return ExitCode::FAILURE;
        }
    };
    let out = match out {
        Some(out) => std::path::absolute(&out).unwrap_or(out),
        None => site::default_out(&root),
    };
    let server = match tiny_http::Server::http(("127.0.0.1", port)) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("fel: kunde inte starta webbservern på 127.0.0.1:{port}: {e}");
            eprintln!("  = tips: används porten redan? Välj en annan med till exempel --port 1112");
            return ExitCode::FAILURE;
        }
    };
    let port = server
        .server_addr()
        .to_ip()
        .map_or(port, |address| address.port());
    let state = Arc::new(State::new(root, out, as_of));
    let written = state
        .rebuild(&BTreeSet::new())
        .filter(|site| state.write(site, None));
    let watching = match watch(Arc::clone(&state), written) {
        Ok(()) => true,
        Err(e) => {
            eprintln!(
                "varning: kan inte bevaka ändringar ({e}); starta om iop serve efter varje ändring"
            );
            false
        }
    };
    eprintln!(
        "Webbplatsen visas på http://127.0.0.1:{port}{}/ — {}Avsluta med Ctrl-C.",
        state.lock().base,
        if watching {
            "den byggs om och sidan laddas om när du sparar en fil. "
        } else {
            ""
        }
    );
    for request in server.incoming_requests() {
        let state = Arc::clone(&state);
        thread::spawn(move || handle(&state, request));
    }
    ExitCode::SUCCESS
}

/// The preview: where it builds, and the outcome of the latest build.
struct State {
    root: PathBuf,
    out: PathBuf,
    as_of: Option<NaiveDate>,
    /// Differs between runs, so a page from an earlier run reloads when
    /// the server is back.
    instance: String,
    inner: Mutex<Inner>,
    changed: Condvar,
    /// The check outcomes and pages of earlier builds, reused when unchanged.
    memo: iop::incremental::Memo,
}

/// A rendered site, its search index included: swapped in whole.
type Site = Arc<iop::render::Output>;

struct Inner {
    /// Counts finished builds.
    generation: u64,
    /// The latest good build's files, served from memory.
    site: Site,
    building: bool,
    /// The error page's content while the latest build has failed.
    failure: Option<String>,
    /// The path prefix of the site's links ("" or e.g. "/iop").
    base: String,
    /// What the latest build reported, to print only what is new.
    reported: Vec<Diagnostic>,
}

impl State {
    fn new(root: PathBuf, out: PathBuf, as_of: Option<NaiveDate>) -> State {
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        State {
            root,
            out,
            as_of,
            instance: format!("{started:x}"),
            inner: Mutex::new(Inner {
                generation: 0,
                site: Site::default(),
                building: false,
                failure: None,
                base: String::new(),
                reported: Vec::new(),
            }),
            changed: Condvar::new(),
            memo: iop::incremental::Memo::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn version_of(&self, inner: &Inner) -> String {
        format!("{}-{}", self.instance, inner.generation)
    }

    /// Builds the site, records the outcome and wakes the reload connections.
    /// The new site, search index and all, replaces the old one in one step.
    /// Returns it, for `write`, if the build succeeded.
    fn rebuild(&self, changed: &BTreeSet<PathBuf>) -> Option<Site> {
        let (first, was_failing) = {
            let mut inner = self.lock();
            inner.building = true;
            (inner.generation == 0, inner.failure.is_some())
        };
        let as_of = self
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        let started = Instant::now();
        let result = iop::write::check_output(&self.root, &self.out)
            .map_err(|d| Diagnostics(vec![d]))
            .and_then(|()| {
                self.memo
                    .pages
                    .rendered
                    .store(0, std::sync::atomic::Ordering::Relaxed);
                site::render_site_with(
                    &self.root,
                    as_of,
                    &site::Overrides::default(),
                    Some(&self.memo),
                    None,
                )
            });
        let rerendered = self
            .memo
            .pages
            .rendered
            .load(std::sync::atomic::Ordering::Relaxed);
        let rechecked = self
            .memo
            .check
            .checked
            .load(std::sync::atomic::Ordering::Relaxed);
        let base = Config::load(&self.root).ok().map(|c| c.base_path());
        let seconds = started.elapsed().as_secs_f64();

        let mut inner = self.lock();
        let mut to_write = None;
        let time = chrono::Local::now().format("%H:%M:%S");
        let what = match changed.len() {
            0 => String::new(),
            1 => format!("{} ändrades: ", display_path(changed.first().expect("one"))),
            n => format!("{n} filer ändrades: "),
        };
        match result {
            Ok(rendered) => {
                let site = Arc::new(rendered.output);
                inner.site = Arc::clone(&site);
                inner.generation += 1;
                let diagnostics = rendered.diagnostics;
                if first || diagnostics.0 != inner.reported {
                    if !diagnostics.0.is_empty() {
                        eprint!("{}", diagnostics.to_text());
                    }
                } else if !diagnostics.0.is_empty() {
                    eprintln!("({})", diagnostics.summary());
                }
                if first {
                    eprintln!(
                        "Byggde {} partnerskap till {} ({} filer) på {seconds:.2} s, status per {as_of}.",
                        rendered.partnerskap,
                        self.out.display(),
                        site.len(),
                    );
                } else {
                    eprintln!(
                        "[{time}] {what}webbplatsen, med sökindexet, visades efter {seconds:.2} s{} \
                         ({rechecked} av {n} partnerskap kontrollerades och {rerendered} av {n} partnerskapssidor renderades på nytt).",
                        if was_failing {
                            " — felen är rättade"
                        } else {
                            ""
                        },
                        n = rendered.partnerskap,
                    );
                }
                to_write = Some(site);
                inner.reported = diagnostics.0;
                inner.failure = None;
            }
            Err(diagnostics) => {
                eprint!("{}", diagnostics.to_text());
                eprintln!(
                    "[{time}] {what}bygget misslyckades. Felen visas i webbläsaren tills de är rättade; servern fortsätter."
                );
                inner.failure = Some(diagnostics_html(&diagnostics));
                inner.reported = diagnostics.0;
                inner.generation += 1;
            }
        }
        if let Some(base) = base {
            inner.base = base;
        }
        inner.building = false;
        drop(inner);
        self.changed.notify_all();
        to_write
    }

    /// Writes a served site to the output folder too, for whoever reads it.
    /// `previous` is the site the last write put there, if it succeeded:
    /// only the files that differ from it are written. Whether it succeeded.
    fn write(&self, site: &Site, previous: Option<&Site>) -> bool {
        let previous = previous.map(|p| p.all());
        match iop::write::write_files(&site.all(), &self.out, previous.as_ref()) {
            Ok(_) => true,
            Err(e) => {
                eprintln!(
                    "varning: kunde inte skriva webbplatsen till {}: {e}",
                    self.out.display()
                );
                false
            }
        }
    }

    /// Waits until the version differs from `seen` (at once if it already
    /// does); `None` after `timeout`.
    fn wait_for_change(&self, seen: &str, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        let mut inner = self.lock();
        loop {
            let version = self.version_of(&inner);
            if version != seen {
                return Some(version);
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            inner = self
                .changed
                .wait_timeout(inner, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Whether a change to `path` (absolute) should rebuild the site.
    fn watches(&self, path: &Path) -> bool {
        if path.starts_with(&self.out) {
            return false;
        }
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        // Editors' temporary and backup files.
        if name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name == "4913"
        {
            return false;
        }
        let mut components = rel.components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(first)), rest) => {
                let first = first.to_str().unwrap_or_default();
                WATCHED_DIRS.contains(&first) || (rest.is_none() && WATCHED_FILES.contains(&first))
            }
            _ => false,
        }
    }
}

/// Starts the thread that rebuilds on changes, and the one that writes
/// each new site to the output folder: after it is served, and without
/// holding up the next rebuild (a write still under way when several
/// sites are done writes only the newest next). `written` is the site the
/// output folder holds now, if known: each write changes only what differs.
fn watch(state: Arc<State>, mut written: Option<Site>) -> notify::Result<()> {
    let (to_writer, to_write) = mpsc::channel::<Site>();
    let writer = Arc::clone(&state);
    thread::spawn(move || {
        while let Ok(mut site) = to_write.recv() {
            while let Ok(newer) = to_write.try_recv() {
                site = newer;
            }
            let ok = writer.write(&site, written.as_ref());
            written = ok.then_some(site);
        }
    });
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })?;
    // The root itself only for site.toml and for folders created later.
    watcher.watch(&state.root, RecursiveMode::NonRecursive)?;
    let mut watched = BTreeSet::new();
    for dir in WATCHED_DIRS {
        let dir = state.root.join(dir);
        if dir.is_dir() {
            watcher.watch(&dir, RecursiveMode::Recursive)?;
            watched.insert(dir);
        }
    }
    thread::spawn(move || {
        // Whether the watcher may have missed a change in content/, or
        // seen one the rebuild does not hear of (an editor's temporary
        // file): then the next load looks at the whole folder.
        let content = state.root.join("content");
        let unsure = std::cell::Cell::new(false);
        // Files changed and not yet closed, renamed or removed since.
        let writing = std::cell::RefCell::new(BTreeSet::new());
        let relevant = |event: notify::Result<notify::Event>| -> Vec<PathBuf> {
            let Ok(event) = event else {
                unsure.set(true);
                return Vec::new();
            };
            if event.need_rescan() {
                unsure.set(true);
            }
            let counts = match event.kind {
                EventKind::Create(_) | EventKind::Remove(_) => true,
                // Reading files (as every build does) must not trigger a build.
                EventKind::Modify(ModifyKind::Metadata(_)) => false,
                EventKind::Modify(_) => true,
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                _ => false,
            };
            if !counts {
                return Vec::new();
            }
            let done = matches!(
                event.kind,
                EventKind::Remove(_)
                    | EventKind::Create(CreateKind::Folder)
                    | EventKind::Modify(ModifyKind::Name(_))
                    | EventKind::Access(AccessKind::Close(AccessMode::Write))
            );
            let (watched, ignored): (Vec<PathBuf>, Vec<PathBuf>) =
                event.paths.into_iter().partition(|p| state.watches(p));
            if ignored.iter().any(|p| p.starts_with(&content)) {
                unsure.set(true);
            }
            let mut writing = writing.borrow_mut();
            for path in &watched {
                if done {
                    writing.remove(path);
                } else {
                    writing.insert(path.clone());
                }
            }
            watched
        };
        while let Ok(event) = rx.recv() {
            let mut changed: BTreeSet<PathBuf> = relevant(event).into_iter().collect();
            if changed.is_empty() {
                continue;
            }
            loop {
                let quiet = if writing.borrow().is_empty() {
                    SETTLED
                } else {
                    DEBOUNCE
                };
                match rx.recv_timeout(quiet) {
                    Ok(event) => changed.extend(relevant(event)),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            // A watched folder created after the start.
            for dir in WATCHED_DIRS {
                let dir = state.root.join(dir);
                if !watched.contains(&dir)
                    && dir.is_dir()
                    && watcher.watch(&dir, RecursiveMode::Recursive).is_ok()
                {
                    watched.insert(dir);
                }
            }
            let changed: BTreeSet<PathBuf> = changed
                .iter()
                .map(|p| p.strip_prefix(&state.root).unwrap_or(p).to_path_buf())
                .collect();
            if !unsure.take() {
                state.memo.load.changed(&state.root, &changed);
            }
            if let Some(site) = state.rebuild(&changed) {
                let _ = to_writer.send(site);
            }
        }
    });
    Ok(())
}

fn handle(state: &State, request: Request) {
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if path == RELOAD_PATH {
        return events(state, request, query);
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(text_response(405, "Bara GET och HEAD stöds.\n"));
        return;
    }
    let base = state.lock().base.clone();
    let Some(site_path) = path.strip_prefix(&base) else {
        if path == "/" {
            let _ = request.respond(redirect(&format!("{base}/")));
        } else {
            let _ = request.respond(not_found(state));
        }
        return;
    };
    if site_path.is_empty() {
        // "/iop" → "/iop/", so that relative links work.
        let _ = request.respond(redirect(&format!("{base}/")));
        return;
    }
    if !site_path.starts_with('/') {
        let _ = request.respond(not_found(state));
        return;
    }
    let Some(decoded) = percent_decode(site_path) else {
        let _ = request.respond(text_response(400, "Ogiltig adress.\n"));
        return;
    };
    // One version of the site for the whole request.
    let files = state.lock().site.clone();
    let target = resolve(&files, &decoded);
    let is_html = match &target {
        Target::File(file) => content_type(Path::new(file)).starts_with("text/html"),
        Target::NotFound => true,
        Target::Directory => false,
    };
    if is_html && let Some(page) = error_page(state) {
        let _ = request.respond(page);
        return;
    }
    let response = match target {
        Target::Directory => {
            let query = if query.is_empty() {
                String::new()
            } else {
                format!("?{query}")
            };
            redirect(&format!("{path}/{query}"))
        }
        Target::NotFound => not_found(state),
        Target::File(file) => {
            let bytes = files.get(&file).expect("resolved").clone();
            file_response(state, Path::new(&file), bytes, 200)
        }
    };
    let _ = request.respond(response);
}

enum Target {
    /// A file of the site, by its path in it.
    File(String),
    /// A folder asked for without the final '/': relative links need it.
    Directory,
    NotFound,
}

/// The file a decoded URL path means in the site. Nothing outside it can
/// be reached: `..` is refused, not resolved.
fn resolve(files: &Site, path: &str) -> Target {
    let mut parts = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Target::NotFound,
            s if s.contains(['\\', '\0']) || Path::new(s).components().count() != 1 => {
                return Target::NotFound;
            }
            s => parts.push(s),
        }
    }
    let rel = parts.join("/");
    let folder = if rel.is_empty() {
        String::new()
    } else {
        format!("{rel}/")
    };
    let is_folder = folder.is_empty() || files.has_folder(&folder);
    if is_folder {
        if !path.ends_with('/') {
            return Target::Directory;
        }
        let index = format!("{folder}index.html");
        return if files.get(&index).is_some() {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if files.get(&rel).is_some() {
        Target::File(rel)
    } else {
        Target::NotFound
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

fn content_type(file: &Path) -> &'static str {
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// A response that no browser keeps: the preview changes under it.
fn response(status: u16, content_type: &str, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
}

fn text_response(status: u16, text: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    response(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
    )
}

fn redirect(location: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    text_response(302, "").with_header(header("Location", location))
}

fn file_response(
    state: &State,
    file: &Path,
    bytes: iop::render::Bytes,
    status: u16,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let content_type = content_type(file);
    let bytes = if content_type.starts_with("text/html") {
        let version = state.version_of(&state.lock());
        inject(&bytes, &version)
    } else {
        bytes.to_vec()
    };
    response(status, content_type, bytes)
}

/// The site's 404.html with status 404.
fn not_found(state: &State) -> Response<std::io::Cursor<Vec<u8>>> {
    let files = state.lock().site.clone();
    match files.get("404.html") {
        Some(bytes) => file_response(state, Path::new("404.html"), bytes.clone(), 404),
        None => text_response(404, "Sidan finns inte.\n"),
    }
}

/// Adds the live-reload script before `</body>` (or at the end): found
/// from the end, in any case, without copying a long page to search it.
fn inject(html: &[u8], version: &str) -> Vec<u8> {
    let script = reload_script(version);
    let end = b"</body>";
    let at = (0..=html.len().saturating_sub(end.len()))
        .rev()
        .find(|&i| html[i..i + end.len()].eq_ignore_ascii_case(end))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn reload_script(version: &str) -> String {
    format!(
        "<script>/* iop serve: laddar om sidan när webbplatsen har byggts om */\
         (function(){{var e=new EventSource(\"{RELOAD_PATH}?since={version}\");\
         e.addEventListener(\"reload\",function(){{e.close();location.reload();}});}})();</script>\n"
    )
}

/// The Server-Sent Events stream: a `reload` event whenever the version
/// differs from `since` (at once if it already does), pings in between.
fn events(state: &State, request: Request, query: &str) {
    let since = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(percent_decode);
    let mut seen = since.unwrap_or_else(|| state.version_of(&state.lock()));
    // tiny_http would buffer a streamed body; write the response by hand.
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\n\
                Content-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-store\r\n\
                Connection: close\r\n\r\n\
                retry: 1000\n: ansluten\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match state.wait_for_change(&seen, PING) {
            Some(version) => {
                let message = format!("event: reload\ndata: {version}\n\n");
                seen = version;
                message
            }
            None => ": ping\n\n".to_owned(),
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

/// The error page while the latest build has failed.
fn error_page(state: &State) -> Option<Response<std::io::Cursor<Vec<u8>>>> {
    let inner = state.lock();
    let failure = inner.failure.as_ref()?;
    let page = format!(
        "<!doctype html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Innehållet har fel – iop serve</title>\n<style>{ERROR_CSS}</style>\n</head>\n<body>\n<main>\n\
         {failure}</main>\n{}</body>\n</html>\n",
        reload_script(&state.version_of(&inner))
    );
    Some(response(500, "text/html; charset=utf-8", page.into_bytes()))
}

const ERROR_CSS: &str = "body{margin:0;background:#fdf6f4;color:#1d1d1d;font:1rem/1.5 system-ui,sans-serif}\
main{max-width:60rem;margin:0 auto;padding:1.5rem}\
h1{color:#a4161a;margin-top:0}\
ol{padding:0;list-style:none}\
li{background:#fff;border-left:.4rem solid #a4161a;margin:1rem 0;padding:.75rem 1rem}\
li.varning{border-color:#b7791f}\
.plats{font-family:ui-monospace,monospace;font-weight:bold;margin:0}\
.typ{display:inline-block;padding:0 .4rem;margin-right:.4rem;border-radius:.2rem;background:#a4161a;color:#fff;font:bold .8rem system-ui,sans-serif;text-transform:uppercase}\
.varning .typ{background:#b7791f}\
.meddelande{font-size:1.1rem;margin:.3rem 0}\
pre{background:#f4f4f4;padding:.5rem .75rem;overflow-x:auto;margin:.5rem 0}\
.tips{margin:.3rem 0}";

/// The diagnostics as HTML, as `Diagnostics::to_text` shows them in a terminal.
fn diagnostics_html(diagnostics: &Diagnostics) -> String {
    let mut html = String::new();
    writeln!(html, "<h1>Innehållet har fel</h1>").unwrap();
    writeln!(
        html,
        "<p>Webbplatsen kunde inte byggas: <strong>{}</strong> Rätta felen och spara filen, \
         så laddas sidan om av sig själv. Så länge felen finns visas den här sidan i stället för webbplatsen.</p>",
        escape_html(&diagnostics.summary())
    )
    .unwrap();
    html.push_str("<ol>\n");
    let mut shown: Vec<&Diagnostic> = diagnostics.errors().collect();
    shown.extend(
        diagnostics
            .0
            .iter()
            .filter(|d| d.severity == Severity::Varning),
    );
    for d in shown {
        let (class, kind) = match d.severity {
            Severity::Fel => ("fel", "fel"),
            Severity::Varning => ("varning", "varning"),
            Severity::Notering => ("notering", "notering"),
        };
        let place = match d.line {
            0 => d.file.clone(),
            line => format!("{}:{line}:{}", d.file, d.column),
        };
        writeln!(
            html,
            "<li class=\"{class}\">\n<p class=\"plats\"><span class=\"typ\">{kind}</span>{}</p>\n<p class=\"meddelande\">{}</p>",
            escape_html(&place),
            escape_html(&d.message)
        )
        .unwrap();
        if let Some(excerpt) = d.excerpt() {
            let number = d.line.to_string();
            let pad = " ".repeat(number.len());
            writeln!(
                html,
                "<pre>{pad} |\n{number} | {}\n{pad} | {}{}</pre>",
                escape_html(&excerpt.line),
                excerpt.indent,
                "^".repeat(excerpt.carets)
            )
            .unwrap();
        }
        if let Some(hint) = &d.hint {
            writeln!(html, "<p class=\"tips\">Tips: {}</p>", escape_html(hint)).unwrap();
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ol>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_leaves_the_output_folder() {
        let mut pages = std::collections::BTreeMap::new();
        pages.insert(
            "partnerskap/x/index.html".to_owned(),
            b"x".as_slice().into(),
        );
        pages.insert("index.html".to_owned(), b"start".as_slice().into());
        let mut search = std::collections::BTreeMap::new();
        search.insert("sok/index.bin".to_owned(), b"i".as_slice().into());
        pages.extend(search);
        let out: Site = Arc::new(iop::render::Output {
            files: pages,
            partnerskap: None,
        });
        assert!(matches!(resolve(&out, "/sok/index.bin"), Target::File(f) if f == "sok/index.bin"));
        assert!(matches!(resolve(&out, "/sok"), Target::Directory));
        assert!(
            matches!(resolve(&out, "/partnerskap/x/"), Target::File(f) if f == "partnerskap/x/index.html")
        );
        assert!(matches!(resolve(&out, "/partnerskap/x"), Target::Directory));
        assert!(matches!(resolve(&out, "/"), Target::File(f) if f == "index.html"));
        assert!(matches!(resolve(&out, "/partnerskap/"), Target::NotFound));
        assert!(matches!(
            resolve(&out, "/partnerskap/x/index.html"),
            Target::File(_)
        ));
        for path in [
            "/../site.toml",
            "/partnerskap/../../site.toml",
            "/..\\site.toml",
        ] {
            assert!(matches!(resolve(&out, path), Target::NotFound), "{path}");
        }
        assert_eq!(percent_decode("/%2e%2e/a%C3%B6").as_deref(), Some("/../aö"));
        assert_eq!(percent_decode("/%zz"), None);
    }

    #[test]
    fn injects_before_the_end_of_body() {
        let html = String::from_utf8(inject(b"<html><body><p>x</p></BODY></html>", "v-1")).unwrap();
        assert!(html.contains("<p>x</p><script>"));
        assert!(html.ends_with("</script>\n</BODY></html>"));
        assert!(html.contains("since=v-1"));
        let html = String::from_utf8(inject("<p>å</p>".as_bytes(), "v-2")).unwrap();
        assert!(html.starts_with("<p>å</p><script>") && html.ends_with("</script>\n"));
    }

    #[test]
    fn error_page_escapes_and_underlines() {
        let text = "---\nnamn: <b>\n";
        let d = Diagnostic::error(Path::new("content/partnerskap/x.md"), "okänd kommun '<x>'")
            .hint("menade du 'Malmö'?")
            .at(text, 2, 7, 3);
        let html = diagnostics_html(&Diagnostics(vec![d]));
        assert!(html.contains("<h1>Innehållet har fel</h1>"));
        assert!(html.contains("content/partnerskap/x.md:2:7"));
        assert!(html.contains("okänd kommun &#39;&lt;x&gt;&#39;"));
        assert!(html.contains("2 | namn: &lt;b&gt;\n  |       ^^^"));
        assert!(html.contains("Tips: menade du &#39;Malmö&#39;?"));
    }

    #[test]
    fn content_types() {
        for (file, wanted) in [
            ("a.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("x.js", "text/javascript; charset=utf-8"),
            ("sok/iop-search.wasm", "application/wasm"),
            ("karta.svg", "image/svg+xml"),
            ("atom.xml", "application/xml; charset=utf-8"),
            ("a.json", "application/json"),
            ("sok/index.bin", "application/octet-stream"),
            ("a.PNG", "image/png"),
        ] {
            assert_eq!(content_type(Path::new(file)), wanted, "{file}");
        }
    }
}
