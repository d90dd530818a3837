//! End to end: the search page in headless Chromium (Debian's `chromium`,
//! or $CHROMIUM), with the real WebAssembly module, the theme's page and
//! script, and an index built from a small catalogue made here. It types a
//! query and checks the results shown and the address.
//!
//! Set IOP_SKIP_BROWSER_TESTS=1 to skip it on a machine without Chromium.

mod browser;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use browser::{Browser, TempDir, chromium, serve};
use iop_search::{SearchDoc, build_index};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(30);

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Builds the module as the root build.rs does (a no-op when up to date)
/// and returns its path.
fn wasm_module() -> PathBuf {
    let root = workspace();
    // The same directory as build.rs, to share the build.
    let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir).join("wasm"),
        None => root.join("target").join("wasm"),
    };
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root.join("crates/iop-search-wasm"))
        .args([
            "build",
            "-p",
            "iop-search-wasm",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(["--profile", "wasm-release", "--target-dir"])
        .arg(&target_dir);
    for (key, _) in std::env::vars_os() {
        let Some(key) = key.to_str() else { continue };
        let keep =
            key == "CARGO_HOME" || key.starts_with("CARGO_NET_") || key.starts_with("CARGO_HTTP_");
        if (key.starts_with("CARGO_") && !keep)
            || matches!(
                key,
                "RUSTFLAGS" | "RUSTC_WRAPPER" | "RUSTC_WORKSPACE_WRAPPER" | "MAKEFLAGS" | "MFLAGS"
            )
        {
            cmd.env_remove(key);
        }
    }
    cmd.env(
        "CARGO_ENCODED_RUSTFLAGS",
        "--cfg\x1fgetrandom_backend=\"unsupported\"",
    );
    let status = cmd.status().expect("run cargo to build the search module");
    assert!(status.success(), "building the search module failed");
    target_dir.join("wasm32-unknown-unknown/wasm-release/iop_search_wasm.wasm")
}

fn doc(
    slug: &str,
    namn: &str,
    beskrivning: &str,
    org: &str,
    kommun: &str,
    status: &str,
) -> SearchDoc {
    SearchDoc {
        slug: slug.into(),
        namn: namn.into(),
        beskrivning: beskrivning.into(),
        organisationer: vec![org.into()],
        kommuner: vec![kommun.into()],
        regioner: vec![format!("Region {kommun}")],
        fokus: vec!["Barn och unga".into()],
        status: status.into(),
        status_ordning: ["pågående", "kommande", "avslutad", "okänd"]
            .iter()
            .position(|s| *s == status)
            .unwrap_or(4) as u32,
        år: vec![2023],
        parter: format!("{kommun}, {org}"),
        period: "2023-01-01 – 2023-12-31".into(),
        ..SearchDoc::default()
    }
}

/// The page as the site builder renders it, reduced to its content block.
fn page() -> String {
    let template = std::fs::read_to_string(workspace().join("themes/default/templates/sok.html"))
        .expect("sok.html");
    let start =
        template.find("{% block content %}").expect("content block") + "{% block content %}".len();
    let end = template
        .find("{% endblock content %}")
        .expect("end of content block");
    let content = template[start..end]
        .replace("{{ base }}", "")
        .replace("{{ site.title }}", "IOP-katalogen");
    format!(
        "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Sök</title>\
         <style>.visually-hidden{{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}}</style>\
         </head><body><main>{content}</main></body></html>"
    )
}

fn site() -> TempDir {
    let dir = TempDir::new("iop-sok-site");
    let sok = dir.0.join("sok");
    std::fs::create_dir_all(&sok).unwrap();
    std::fs::write(sok.join("index.html"), page()).unwrap();
    std::fs::copy(
        workspace().join("themes/default/static/sok/sok.js"),
        sok.join("sok.js"),
    )
    .unwrap();
    std::fs::copy(wasm_module(), sok.join("iop-search.wasm")).unwrap();
    let docs = [
        doc(
            "kalmar-kvinnojour",
            "Kvinnojouren Kalmar",
            "Skyddat boende och stöd till våldsutsatta kvinnor och deras barn.",
            "Kvinnojouren i Kalmar",
            "Kalmar",
            "pågående",
        ),
        doc(
            "malmo-flykting",
            "Mottagning av ensamkommande",
            "Boende och stöd för varje flykting som kommer till Malmö.",
            "Rädda Barnen",
            "Malmö",
            "avslutad",
        ),
        doc(
            "malmo-varmestuga",
            "Värmestuga för unga",
            "En värmestuga i centrala Malmö där unga får mat och vila.",
            "Stadsmissionen",
            "Malmö",
            "pågående",
        ),
    ];
    let bundles = build_index(&docs).unwrap();
    std::fs::write(sok.join("index.bin"), bundles.index).unwrap();
    for (name, part) in bundles.parts {
        let path = sok.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, part).unwrap();
    }
    dir
}

/// Names of the hits shown, in order.
const HIT_NAMES: &str =
    "JSON.stringify([...document.querySelectorAll('#sok-resultat h3 a')].map(a => a.textContent))";

#[test]
fn search_page_in_chromium() {
    let Some(binary) = chromium() else {
        if std::env::var_os("IOP_SKIP_BROWSER_TESTS").is_some() {
            eprintln!("skipped: no Chromium");
            return;
        }
        panic!("Chromium is needed (apt-get install chromium), or set IOP_SKIP_BROWSER_TESTS=1");
    };
    let site = site();
    let base = serve(&site.0);
    let mut b = Browser::launch(&binary);

    b.navigate(&format!("{base}/sok/"));
    b.wait_for(
        "document.readyState === 'complete' && !document.getElementById('sok').hidden",
        WAIT,
        "the page",
    );

    // Without JavaScript the page says so and links to the browse pages.
    let noscript = b.eval("document.querySelector('noscript').textContent");
    for href in ["/partnerskap/", "/kommun/", "/fokus/", "/organisation/"] {
        assert!(
            noscript
                .as_str()
                .unwrap()
                .contains(&format!("href=\"{href}\"")),
            "{noscript}"
        );
    }
    // The page loads nothing heavy until search is used.
    assert_eq!(
        b.eval("performance.getEntriesByType('resource').filter(r => /wasm|index\\.bin|delar\\//.test(r.name)).length"),
        json!(0)
    );

    // Typing a query shows results as you type, and puts it in the address.
    b.eval("document.getElementById('sok-q').focus()");
    b.type_text("kvinnojourer");
    // (The module may be ready while the keys are still being handled: wait
    // for the results of the whole word, not of a prefix of it.)
    b.wait_for(
        &format!(
            "location.search === '?q=kvinnojourer' && {HIT_NAMES} === JSON.stringify(['Kvinnojouren Kalmar'])"
        ),
        WAIT,
        "the hit for 'kvinnojourer'",
    );
    assert_eq!(
        b.eval("location.pathname + location.search"),
        json!("/sok/?q=kvinnojourer")
    );
    assert_eq!(
        b.eval("document.getElementById('sok-antal').textContent"),
        json!("1 träff")
    );
    assert_eq!(
        b.eval("document.querySelector('#sok-resultat h3 a').getAttribute('href')"),
        json!("/partnerskap/kalmar-kvinnojour/")
    );
    assert_eq!(
        b.eval("document.querySelector('#sok-resultat h3 a').innerHTML"),
        json!("<mark>Kvinnojouren</mark> Kalmar")
    );
    assert_eq!(
        b.eval("document.querySelector('#sok-resultat .parter').textContent"),
        json!("Kalmar, Kvinnojouren i Kalmar")
    );
    // The descriptions arrive after the first results (the hits' texts
    // parts) and add a snippet to each hit shown.
    b.wait_for(
        "document.querySelector('#sok-resultat .utdrag')?.textContent.startsWith('Skyddat boende') === true",
        WAIT,
        "the snippet",
    );
    // The number of hits is announced once typing pauses.
    b.wait_for(
        "document.getElementById('sok-meddelande').textContent === '1 träff'",
        WAIT,
        "the announcement",
    );

    // Without diacritics, and refined with a filter.
    b.eval("const q = document.getElementById('sok-q'); q.value = ''; q.dispatchEvent(new Event('input'))");
    b.type_text("malmo");
    b.wait_for(
        &format!(
            "{HIT_NAMES} === JSON.stringify(['Mottagning av ensamkommande', 'Värmestuga för unga'])"
        ),
        WAIT,
        "two hits for 'malmo'",
    );
    // By keyboard: space ticks the focused checkbox, which keeps the focus
    // while the filters are redrawn.
    b.eval("document.querySelector('input[name=status][value=\"pågående\"]').focus()");
    b.press(" ", "Space", 32);
    b.wait_for(
        &format!("{HIT_NAMES} === JSON.stringify(['Värmestuga för unga'])"),
        WAIT,
        "the status filter",
    );
    assert_eq!(
        b.eval("document.activeElement.name + '=' + document.activeElement.value"),
        json!("status=pågående")
    );
    assert_eq!(
        b.eval("decodeURIComponent(location.search)"),
        json!("?q=malmo&status=pågående")
    );

    // A shared address searches at once, filters included.
    b.navigate(&format!("{base}/sok/?q=st%C3%B6d&kommun=Malm%C3%B6"));
    b.wait_for(
        &format!("{HIT_NAMES} === JSON.stringify(['Mottagning av ensamkommande'])"),
        WAIT,
        "the shared search",
    );
    assert_eq!(
        b.eval("document.getElementById('sok-q').value"),
        json!("stöd")
    );
    assert_eq!(
        b.eval("document.querySelector('input[name=kommun][value=\"Malmö\"]').checked"),
        json!(true)
    );
    // Facet counts beside the values.
    assert_eq!(
        b.eval("[...document.querySelectorAll('input[name=kommun]')].map(i => i.parentElement.textContent).join('|')"),
        json!("Kalmar (1)|Malmö (1)")
    );
}
