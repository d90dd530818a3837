//! `iop serve`: serves the built site, rebuilds after an edit and tells the
//! open pages to reload; shows content errors as a page and recovers.
//!
//! Runs the built binary on a small site in a temporary folder, on a port
//! the system chooses, and talks HTTP to it over 127.0.0.1 only. Every wait
//! is bounded; the server is killed when the test ends, however it ends.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const SLUG: &str = "malmo-testpartnerskapet";
const FILE: &str = "content/partnerskap/malmo-testpartnerskapet.md";
/// Generous: a debug build on a busy machine.
const TIMEOUT: Duration = Duration::from_secs(90);

fn partnerskap(namn: &str, kommun: &str) -> String {
    format!(
        "---\nnamn: {namn}\noffentliga_parter:\n  - kommun: {kommun}\nidéburna_parter: [Testföreningen]\n\
         fokusområden: [hemloshet]\nstart: 2024-01-01\nslut: tills vidare\nkällor: [famna-fremia-2023]\n---\n\
         Testföreningen och Malmö stad driver ett natthärbärge tillsammans.\n"
    )
}

fn site() -> common::Fixture {
    let fixture = common::Fixture::empty();
    fs::write(
        fixture
            .root()
            .join("content/organisationer/testforeningen.md"),
        "---\nnamn: Testföreningen\n---\nEn förening för tester.\n",
    )
    .unwrap();
    fs::write(
        fixture.root().join(FILE),
        partnerskap("Testpartnerskapet i Malmö", "Malmö"),
    )
    .unwrap();
    // Another entry, which an edit of the first does not touch.
    fs::write(
        fixture.root().join("content/partnerskap/lund-andra.md"),
        partnerskap("Det andra partnerskapet", "Lund"),
    )
    .unwrap();
    fixture
}

/// The running server; killed on drop.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_iop"))
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0", "--as-of", "2025-01-01"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("iop serve starts");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::clone(&log);
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                    let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    let _ = tx.send(port.parse::<u16>().unwrap());
                }
                let mut log = lines.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut server = Server {
            child,
            port: 0,
            log,
        };
        server.port = match rx.recv_timeout(TIMEOUT) {
            Ok(port) => port,
            Err(_) => panic!("iop serve svarade inte:\n{}", server.log()),
        };
        server
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// The log once it says `needle`: the server may reload the page a
    /// moment before its log line reaches us.
    fn log_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let log = self.log();
            if log.contains(needle) || Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn get(&self, path: &str) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("inget svar på {path}: {text:?}\n{}", self.log()));
        Reply {
            status,
            head: head.to_lowercase(),
            body: body.to_owned(),
        }
    }

    /// The live-reload stream, once the server has taken the connection.
    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET /__iop/reload HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let head = events.until(|line| line.is_empty(), TIMEOUT);
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.to_lowercase()
                .contains("content-type: text/event-stream"),
            "{head}"
        );
        events.until(|line| line.starts_with(": ansluten"), TIMEOUT);
        events
    }

    /// Waits for a reload event, then for the page at `path` to pass `ok`
    /// (a save can take more than one build to settle).
    fn after_reload(&self, events: &mut Events, path: &str, ok: impl Fn(&Reply) -> bool) -> Reply {
        events.until(|line| line == "event: reload", TIMEOUT);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let reply = self.get(path);
            if ok(&reply) {
                return reply;
            }
            assert!(
                Instant::now() < deadline,
                "sidan blev aldrig som väntat: {} {}\n{}",
                reply.status,
                reply.body,
                self.log()
            );
            thread::sleep(Duration::from_millis(100));
        }
    }
}

struct Reply {
    status: u16,
    /// Lowercased.
    head: String,
    body: String,
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Reads lines until one passes `done`; returns all read, for messages.
    fn until(&mut self, done: impl Fn(&str) -> bool, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut read = String::new();
        loop {
            let left = deadline
                .checked_duration_since(Instant::now())
                .unwrap_or_else(|| panic!("väntade förgäves på händelsen; fick:\n{read}"));
            self.reader
                .get_ref()
                .set_read_timeout(Some(left.max(Duration::from_millis(10))))
                .unwrap();
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => panic!("strömmen stängdes; fick:\n{read}"),
                Ok(_) => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    panic!("väntade förgäves på händelsen; fick:\n{read}")
                }
                Err(e) => panic!("{e}"),
            }
            read.push_str(&line);
            if done(line.trim_end_matches(['\r', '\n'])) {
                return read;
            }
        }
    }
}

#[test]
fn serves_rebuilds_reloads_and_shows_errors() {
    let site = site();
    let root = site.root();
    let server = Server::start(root);
    let page = format!("/partnerskap/{SLUG}/");

    let reply = server.get(&page);
    assert_eq!(reply.status, 200, "{}\n{}", reply.body, server.log());
    assert!(
        reply
            .head
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(reply.body.contains("Testpartnerskapet i Malmö"));
    assert!(
        reply.body.contains("/__iop/reload"),
        "the reload script is injected"
    );
    let built =
        fs::read_to_string(root.join(format!("public/partnerskap/{SLUG}/index.html"))).unwrap();
    assert!(built.contains("Testpartnerskapet i Malmö"));
    assert!(!built.contains("__iop"), "the built files stay clean");

    // The ordinary things a file server does.
    let folder = server.get(&format!("/partnerskap/{SLUG}"));
    assert_eq!(folder.status, 302);
    assert!(
        folder
            .head
            .contains(&format!("location: /partnerskap/{SLUG}/"))
    );
    let missing = server.get("/finns-inte/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Sidan finns inte"),
        "the site's 404 page"
    );
    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert!(css.head.contains("content-type: text/css"));
    assert!(!css.body.contains("__iop"));
    for sneaky in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/partnerskap/..%2f..%2fsite.toml",
    ] {
        let reply = server.get(sneaky);
        assert_ne!(reply.status, 200, "{sneaky}");
        assert!(!reply.body.contains("base_url"), "{sneaky}");
    }

    // An edit: a reload event, then the new name.
    let mut events = server.events();
    fs::write(root.join(FILE), partnerskap("Nattcaféet i Malmö", "Malmö")).unwrap();
    let reply = server.after_reload(&mut events, &page, |r| {
        r.status == 200 && r.body.contains("Nattcaféet i Malmö")
    });
    assert!(!reply.body.contains("Testpartnerskapet i Malmö"));
    // Every page that shows the entry shows it renamed as soon as its own
    // page does: the pages of one build are served together.
    for shows in [
        "/",
        "/partnerskap/",
        "/kommun/malmo/",
        "/region/skane/",
        "/fokus/hemloshet/",
        "/organisation/testforeningen/",
        "/atom.xml",
        "/data/partnerskap.json",
    ] {
        let reply = server.get(shows);
        assert_eq!(reply.status, 200, "{shows}");
        assert!(
            reply.body.contains("Nattcaféet i Malmö") && !reply.body.contains("Testpartnerskapet"),
            "{shows} is not the edited site:\n{}",
            reply.body
        );
    }
    // Only the edited entry was checked and its page rendered again; the
    // other was reused.
    let log = server.log_with("renderades på nytt");
    assert!(
        log.contains(
            "(1 av 2 partnerskap kontrollerades och 1 av 2 partnerskapssidor renderades på nytt)"
        ),
        "{log}"
    );
    // The output folder gets the edited site too, once the saving pauses.
    let written = root.join(format!("public/partnerskap/{SLUG}/index.html"));
    let deadline = Instant::now() + Duration::from_secs(30);
    while !fs::read_to_string(&written).is_ok_and(|html| html.contains("Nattcaféet i Malmö")) {
        assert!(
            Instant::now() < deadline,
            "public/ still holds the old page:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // A content error: every page is the error page, which also reloads.
    let mut events = server.events();
    fs::write(
        root.join(FILE),
        partnerskap("Nattcaféet i Malmö", "Atlantis"),
    )
    .unwrap();
    let reply = server.after_reload(&mut events, &page, |r| r.status == 500);
    for wanted in [
        "<h1>Innehållet har fel</h1>",
        "content/partnerskap/malmo-testpartnerskapet.md:4:",
        "okänd kommun &#39;Atlantis&#39;",
        "kommun: Atlantis",
        "/__iop/reload",
    ] {
        assert!(
            reply.body.contains(wanted),
            "{wanted:?} saknas i\n{}",
            reply.body
        );
    }
    assert_eq!(server.get("/").status, 500);
    assert_eq!(
        server.get("/style.css").status,
        200,
        "assets are still served"
    );
    let log = server.log_with("bygget misslyckades");
    assert!(log.contains("bygget misslyckades"), "{log}");

    // Fixed: the site is back.
    let mut events = server.events();
    fs::write(root.join(FILE), partnerskap("Nattcaféet i Malmö", "Malmö")).unwrap();
    let reply = server.after_reload(&mut events, &page, |r| r.status == 200);
    assert!(reply.body.contains("Nattcaféet i Malmö"));
    let log = server.log_with("felen är rättade");
    assert!(log.contains("felen är rättade"), "{log}");

    // A template of the site's own replaces the theme's at once, and
    // removing it brings the theme's back: templates are never kept stale.
    let theme = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/partnerskap.html"),
    )
    .unwrap();
    let block = "{% block description %}";
    assert!(theme.contains(block));
    let marked = theme.replacen(block, &format!("{block}Egen mall. "), 1);
    let mut events = server.events();
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(root.join("templates/partnerskap.html"), &marked).unwrap();
    server.after_reload(&mut events, &page, |r| {
        r.status == 200 && r.body.contains("Egen mall. ")
    });
    let mut events = server.events();
    fs::remove_file(root.join("templates/partnerskap.html")).unwrap();
    let reply = server.after_reload(&mut events, &page, |r| {
        r.status == 200 && !r.body.contains("Egen mall. ")
    });
    assert!(reply.body.contains("Nattcaféet i Malmö"));
}

/// A save written in parts (a large file, a slow disk) is built once it is
/// whole: while a changed file is open for writing the server waits for
/// quiet, and builds at once only when every changed file is closed.
#[test]
fn a_file_still_being_written_is_built_once_whole() {
    let site = site();
    let root = site.root();
    let server = Server::start(root);
    let page = format!("/partnerskap/{SLUG}/");
    let mut events = server.events();
    let text = partnerskap("Det halvskrivna partnerskapet", "Malmö");
    // Its first part alone is front matter that never ends: an error.
    let (first, rest) = text.split_at(text.find("fokusområden").unwrap());
    let mut file = fs::File::create(root.join(FILE)).unwrap();
    file.write_all(first.as_bytes()).unwrap();
    file.flush().unwrap();
    thread::sleep(Duration::from_millis(10));
    file.write_all(rest.as_bytes()).unwrap();
    drop(file);
    server.after_reload(&mut events, &page, |r| {
        r.status == 200 && r.body.contains("Det halvskrivna partnerskapet")
    });
    let log = server.log_with("ändrades");
    assert!(!log.contains("bygget misslyckades"), "{log}");
}
