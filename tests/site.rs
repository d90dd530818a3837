//! Builds the real catalogue and checks the site a reader gets: every page
//! exists, every internal link resolves, the numbers match the content, the
//! build is reproducible and a failed build leaves the old site untouched.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::sync::OnceLock;

use chrono::NaiveDate;
use common::*;
use iop::reference::reference;
use iop::site;

const AS_OF: &str = "2023-04-01";

fn as_of() -> NaiveDate {
    AS_OF.parse().unwrap()
}

/// The real catalogue, built once for all tests in this file.
fn built() -> &'static tempfile::TempDir {
    static BUILT: OnceLock<tempfile::TempDir> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let result = site::build(&repo(), as_of(), &out.path().join("public"));
        if let Err(d) = result {
            panic!("the real catalogue does not build:\n{}", d.to_text());
        }
        out
    })
}

fn public() -> std::path::PathBuf {
    built().path().join("public")
}

fn catalogue() -> iop::model::Catalogue {
    let checked = site::check_site(&repo());
    checked
        .catalogue
        .unwrap_or_else(|| panic!("{}", checked.diagnostics.to_text()))
}

#[test]
fn the_real_content_checks_without_errors() {
    let checked = site::check_site(&repo());
    assert!(
        !checked.diagnostics.has_errors(),
        "{}",
        checked.diagnostics.to_text()
    );
    let catalogue = checked.catalogue.unwrap();
    let files = fs::read_dir(repo().join("content/partnerskap"))
        .unwrap()
        .count();
    assert_eq!(catalogue.partnerskap.len(), files, "every file is an entry");
}

#[test]
fn every_kommun_and_region_has_a_page() {
    let public = public();
    for k in &reference().kommuner {
        let page = read(&public, &format!("kommun/{}/index.html", k.slug));
        // The name the kommun uses for itself, never "Falun kommun".
        assert!(
            page.contains(&format!("<h1>{}</h1>", k.officiellt_namn)),
            "{}",
            k.namn
        );
        assert!(
            !page.contains(&format!("<h1>{} kommun</h1>", k.namn))
                || k.officiellt_namn == format!("{} kommun", k.namn)
        );
    }
    for r in &reference().regioner {
        let page = read(&public, &format!("region/{}/index.html", r.slug));
        assert!(page.contains(&format!("<h1>{}</h1>", r.namn)), "{}", r.namn);
    }
    // /kommun/ lists the kommuner with partnerships first, then all 290.
    let index = read(&public, "kommun/index.html");
    let with = reference()
        .kommuner
        .iter()
        .filter(|k| catalogue().for_kommun(&k.kod).next().is_some())
        .count();
    assert_eq!(
        index
            .matches("<tr><th scope=\"row\"><a href=\"/kommun/")
            .count(),
        290 + with
    );
}

#[test]
fn every_partnership_page_and_list_matches_the_content() {
    let public = public();
    let catalogue = catalogue();
    let list = read(&public, "partnerskap/index.html");
    assert_eq!(table_rows(&list), catalogue.partnerskap.len());
    for p in &catalogue.partnerskap {
        let page = read(&public, &format!("partnerskap/{}/index.html", p.slug));
        let title = p
            .namn
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        assert!(page.contains(&format!("<h1>{title}</h1>")), "{}", p.slug);
        for &o in &p.ideburna {
            let org = &catalogue.organisationer[o];
            assert!(
                page.contains(&format!("/organisation/{}/", org.slug)),
                "{} links {}",
                p.slug,
                org.slug
            );
        }
    }
    // Each kommun page lists exactly the kommun's partnerships.
    for k in &reference().kommuner {
        let page = read(&public, &format!("kommun/{}/index.html", k.slug));
        assert_eq!(
            table_rows(&page),
            catalogue.for_kommun(&k.kod).count(),
            "{}",
            k.namn
        );
    }
    for (i, o) in catalogue.organisationer.iter().enumerate() {
        let page = read(&public, &format!("organisation/{}/index.html", o.slug));
        assert_eq!(
            table_rows(&page),
            catalogue.for_organisation(i).count(),
            "{}",
            o.slug
        );
    }
}

/// All href and src values of a page that point inside the site.
fn internal_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for part in html.split(attr).skip(1) {
            let link = part.split('"').next().unwrap();
            if link.starts_with('/') && !link.starts_with("//") {
                links.push(link.split(['#', '?']).next().unwrap().replace("&amp;", "&"));
            }
        }
    }
    links
}

#[test]
fn every_internal_link_resolves() {
    let public = public();
    let files: BTreeSet<String> = files(&public).into_iter().collect();
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in files.iter().filter(|f| f.ends_with(".html")) {
        for link in internal_links(&read(&public, page)) {
            let target = link.trim_start_matches('/');
            let target = if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else {
                target.to_owned()
            };
            checked += 1;
            if !files.contains(&target) {
                broken.push(format!("{page} → {link}"));
            }
        }
    }
    assert!(checked > 5_000, "only {checked} links found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The number in `html` just before `label` ("<strong>54</strong> kommuner").
fn count_before(html: &str, label: &str) -> usize {
    let text: String = html
        .split('<')
        .map(|t| t.split_once('>').map_or(t, |(_, r)| r))
        .collect();
    let before = text.split(label).next().unwrap().trim_end();
    let digits: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.chars().rev().collect::<String>().parse().unwrap()
}

#[test]
fn the_start_page_counts_kommuner_as_their_list_does() {
    let public = public();
    let start = read(&public, "index.html");
    let list = read(&public, "kommun/index.html");
    let on_start = count_before(&start, "kommuner\n");
    let on_list = count_before(&list, "av Sveriges 290 kommuner");
    assert_eq!(on_start, on_list);
    // And both count the kommuner that are a party somewhere.
    let catalogue = catalogue();
    let parties: std::collections::BTreeSet<String> = catalogue
        .partnerskap
        .iter()
        .flat_map(|p| &p.offentliga)
        .filter_map(|o| match &o.part {
            iop::model::Offentlig::Kommun(kod) => Some(kod.clone()),
            iop::model::Offentlig::Region(lan) if lan == iop::reference::GOTLAND_LANSKOD => {
                Some("0980".to_owned())
            }
            iop::model::Offentlig::Region(_) => None,
        })
        .collect();
    assert_eq!(on_list, parties.len());
}

#[test]
fn feeds_sitemap_and_404_exist() {
    let public = public();
    let catalogue = catalogue();
    let atom = read(&public, "atom.xml");
    assert!(atom.starts_with("<?xml"));
    assert_eq!(
        atom.matches("<entry>").count(),
        catalogue.partnerskap.len().min(50)
    );
    let sitemap = read(&public, "sitemap.xml");
    for p in &catalogue.partnerskap {
        assert!(
            sitemap.contains(&format!("/partnerskap/{}/</loc>", p.slug)),
            "{}",
            p.slug
        );
    }
    assert!(read(&public, "robots.txt").contains("Sitemap:"));
    assert!(read(&public, "404.html").contains("Sidan finns inte"));
    for page in [
        "om",
        "tillganglighet",
        "statistik",
        "sok",
        "fokus",
        "organisation",
        "region",
    ] {
        assert!(public.join(page).join("index.html").exists(), "{page}");
    }
}

#[test]
fn no_page_requests_anything_from_another_site() {
    let public = public();
    for page in files(&public).iter().filter(|f| f.ends_with(".html")) {
        let html = read(&public, page);
        for attr in [
            "src=\"http",
            "<link rel=\"stylesheet\" href=\"http",
            "@import",
        ] {
            assert!(
                !html.contains(attr),
                "{page} loads a third-party resource ({attr})"
            );
        }
    }
}

#[test]
fn the_build_is_reproducible() {
    let again = tempfile::tempdir().unwrap();
    site::build(&repo(), as_of(), again.path()).unwrap();
    let (a, b) = (public(), again.path().to_path_buf());
    assert_eq!(files(&a), files(&b));
    // The open data is covered too.
    for f in [
        "data/partnerskap.csv",
        "data/partnerskap.json",
        "data/dcat.jsonld",
    ] {
        assert!(files(&a).iter().any(|x| x == f), "{f}");
    }
    for f in files(&a) {
        assert!(
            fs::read(a.join(&f)).unwrap() == fs::read(b.join(&f)).unwrap(),
            "{f} differs between two builds"
        );
    }
}

#[test]
fn status_follows_as_of() {
    let fixture = Fixture::new();
    let page = |as_of: &str| {
        let out = tempfile::tempdir().unwrap();
        site::build(fixture.root(), as_of.parse().unwrap(), out.path()).unwrap();
        read(out.path(), "partnerskap/malmo-test/index.html")
    };
    assert!(
        page("2022-01-31")
            .contains("<dt>Status per 2022-01-31</dt><dd>kommande, från 2022-02-01</dd>")
    );
    assert!(page("2023-04-01").contains("<dt>Status per 2023-04-01</dt><dd>pågående</dd>"));
    // A passed period is not "avslutad" until a source says so.
    let later = page("2026-01-01");
    assert!(later.contains("<dt>Status per 2026-01-01</dt><dd>löpte ut 2024-04-30</dd>"));
    assert!(later.contains("Ingen nyare källa säger om avtalet har förlängts eller avslutats."));
    fixture.write(
        "content/partnerskap/malmo-test.md",
        &PARTNERSKAP.replace(
            "slut: 2024-04-30\n",
            "slut: 2024-04-30\navslutad: 2024-04-30\n",
        ),
    );
    assert!(
        page("2026-01-01").contains("<dt>Status per 2026-01-01</dt><dd>avslutad 2024-04-30</dd>")
    );
}

#[test]
fn aliases_redirect_to_the_permanent_page() {
    let fixture = Fixture::new();
    fixture.write(
        "content/partnerskap/malmo-test.md",
        &PARTNERSKAP.replace("källor:", "alias: [gammal-adress]\nkällor:"),
    );
    let out = fixture.root().join("public");
    site::build(fixture.root(), as_of(), &out).unwrap();
    let redirect = read(&out, "partnerskap/gammal-adress/index.html");
    assert!(
        redirect
            .contains(r#"<meta http-equiv="refresh" content="0; url=/partnerskap/malmo-test/">"#)
    );
    assert!(!read(&out, "sitemap.xml").contains("gammal-adress"));
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let fixture = Fixture::new();
    let out = fixture.root().join("public");
    site::build(fixture.root(), as_of(), &out).unwrap();
    let before: Vec<(String, Vec<u8>)> = files(&out)
        .into_iter()
        .map(|f| (f.clone(), fs::read(out.join(&f)).unwrap()))
        .collect();
    fixture.write(
        "content/partnerskap/malmo-test.md",
        &PARTNERSKAP.replace("kommun: Malmö", "kommun: Malmoe"),
    );
    fixture.write(
        "content/partnerskap/ny.md",
        &PARTNERSKAP.replace("Värmestuga Test", "Ny"),
    );
    assert!(site::build(fixture.root(), as_of(), &out).is_err());
    let after: Vec<(String, Vec<u8>)> = files(&out)
        .into_iter()
        .map(|f| (f.clone(), fs::read(out.join(&f)).unwrap()))
        .collect();
    assert!(before == after, "public/ changed after a failed build");
    let siblings: Vec<_> = fs::read_dir(fixture.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert!(
        siblings
            .iter()
            .all(|n| !n.to_string_lossy().starts_with(".public")),
        "{siblings:?}"
    );
}

#[test]
fn contributed_html_cannot_run_script() {
    let fixture = Fixture::new();
    fixture.write(
        "content/partnerskap/malmo-test.md",
        &format!("{PARTNERSKAP}\n<script>alert('x')</script>\n\n[klick](javascript:alert(1))\n"),
    );
    let checked = site::check_site(fixture.root());
    let errors: Vec<_> = checked.diagnostics.errors().collect();
    assert_eq!(errors.len(), 2, "{}", checked.diagnostics.to_text());
    assert_eq!((errors[0].line, errors[0].column), (14, 1));
    assert!(errors[0].message.contains("otillåten HTML"));
    assert_eq!((errors[1].line, errors[1].column), (16, 1));
    assert_eq!(
        errors[1].message,
        "länken går till en otillåten adress (javascript:)"
    );
    // Even if the checker were bypassed, the renderer sanitizes.
    let html = iop::markdown::sanitize(
        "<p>a<script>alert(1)</script><a href=\"javascript:alert(1)\">b</a></p>",
    );
    assert!(
        !html.contains("script") && !html.contains("javascript"),
        "{html}"
    );
}

#[test]
fn a_site_overrides_theme_templates_and_static_files() {
    let fixture = Fixture::new();
    fixture.write(
        "templates/partnerskap.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Egen mall: {{ p.namn }}</h1>{% endblock content %}",
    );
    fixture.write("static/style.css", "body { color: black; }");
    let out = fixture.root().join("public");
    site::build(fixture.root(), as_of(), &out).unwrap();
    let page = read(&out, "partnerskap/malmo-test/index.html");
    assert!(
        page.contains("<h1>Egen mall: Värmestuga Test</h1>"),
        "{page}"
    );
    assert!(
        page.contains("<a class=\"brand\""),
        "the theme's base.html is still used"
    );
    assert_eq!(read(&out, "style.css"), "body { color: black; }");
    // A broken template is a clear error, and nothing is written.
    fixture.write("templates/kommun.html", "{% if %}");
    let before = files(&out);
    let Err(errors) = site::build(fixture.root(), as_of(), &out) else {
        panic!("a broken template must fail the build");
    };
    assert!(
        errors.0[0].message.starts_with("fel i en mall"),
        "{:?}",
        errors.0
    );
    assert_eq!(files(&out), before);
}

/// Each partnership's row in the lists' tables is the template `rad.html`,
/// rendered once and shown in every list: a site may override it, and a
/// row that fails to render fails the build.
#[test]
fn a_site_overrides_the_row_of_every_list() {
    let fixture = Fixture::new();
    fixture.write(
        "templates/rad.html",
        "<tr class=\"egen-rad\"><td>{{ k.namn }} ({{ k.status }})</td></tr>",
    );
    let out = fixture.root().join("public");
    site::build(fixture.root(), as_of(), &out).unwrap();
    for page in [
        "partnerskap/index.html",
        "kommun/malmo/index.html",
        "organisation/testforeningen/index.html",
    ] {
        let html = read(&out, page);
        assert!(
            html.contains("<tr class=\"egen-rad\"><td>Värmestuga Test ("),
            "{page}: {html}"
        );
    }
    fixture.write("templates/rad.html", "<tr>{{ k.finns_inte }}</tr>");
    let before = files(&out);
    let Err(errors) = site::build(fixture.root(), as_of(), &out) else {
        panic!("a row that cannot be rendered must fail the build");
    };
    assert!(
        errors.0[0].message.starts_with("fel i en mall")
            && errors.0[0].message.contains("rad.html"),
        "{:?}",
        errors.0
    );
    assert_eq!(files(&out), before, "nothing is written");
}

#[test]
fn a_deployment_address_prefixes_every_link() {
    let fixture = Fixture::new();
    let out = fixture.root().join("public");
    let overrides = site::Overrides {
        base_url: Some("https://example.org/iop/".into()),
        repository: Some("https://example.org/kod".into()),
    };
    site::build_with(fixture.root(), as_of(), &out, &overrides).unwrap();
    let page = read(&out, "partnerskap/malmo-test/index.html");
    assert!(page.contains(
        r#"<link rel="canonical" href="https://example.org/iop/partnerskap/malmo-test/">"#
    ));
    assert!(page.contains(r#"href="/iop/kommun/malmo/""#));
    assert!(
        page.contains(
            r#"href="https://example.org/kod/edit/main/content/partnerskap/malmo-test.md""#
        )
    );
    for link in internal_links(&page) {
        assert!(link.starts_with("/iop/"), "{link}");
    }
    assert!(
        read(&out, "sitemap.xml")
            .contains("<loc>https://example.org/iop/partnerskap/malmo-test/</loc>")
    );
    assert!(
        read(&out, "atom.xml")
            .contains(r#"<link rel="self" href="https://example.org/iop/atom.xml"/>"#)
    );
    let bad = site::Overrides {
        base_url: Some("example.org".into()),
        ..site::Overrides::default()
    };
    assert!(site::build_with(fixture.root(), as_of(), &out, &bad).is_err());
}

#[test]
fn the_feed_has_only_characters_xml_allows() {
    let fixture = Fixture::new();
    fixture.write(
        "content/partnerskap/malmo-test.md",
        &format!("{PARTNERSKAP}Ett tecken \u{fffe}som XML inte tillåter.\n"),
    );
    let out = fixture.root().join("public");
    site::build(fixture.root(), as_of(), &out).unwrap();
    let atom = read(&out, "atom.xml");
    assert!(atom.contains("Ett tecken som XML inte tillåter."), "{atom}");
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    assert!(atom.chars().all(allowed), "{atom:?}");
}

fn tree(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|f| (f.clone(), fs::read(dir.join(&f)).unwrap()))
        .collect()
}

#[test]
fn an_output_that_would_destroy_work_is_refused() {
    let fixture = Fixture::new();
    let root = fixture.root();
    fixture.write("templates/egen.html", "mall");
    fixture.write("static/bild.txt", "bild");
    fixture.write("arbete/viktigt.txt", "viktigt");
    let before = tree(root);
    let display = |p: &std::path::Path| p.display().to_string();
    let cases = [
        (
            root.to_path_buf(),
            format!(
                "{} är webbplatsens rotmapp; bygget skulle ersätta hela mappen",
                display(root)
            ),
        ),
        (
            root.join("content/.."),
            format!(
                "{}/content/.. är webbplatsens rotmapp; bygget skulle ersätta hela mappen",
                display(root)
            ),
        ),
        (
            root.parent().unwrap().to_path_buf(),
            format!(
                "{} innehåller webbplatsens rotmapp; bygget skulle ersätta den",
                display(root.parent().unwrap())
            ),
        ),
        (
            root.join("content"),
            format!(
                "{}/content ligger i content/, bland webbplatsens egna filer",
                display(root)
            ),
        ),
        (
            root.join("content/partnerskap/ny"),
            format!(
                "{}/content/partnerskap/ny ligger i content/, bland webbplatsens egna filer",
                display(root)
            ),
        ),
        (
            root.join("templates"),
            format!(
                "{}/templates ligger i templates/, bland webbplatsens egna filer",
                display(root)
            ),
        ),
        (
            root.join("static/ut"),
            format!(
                "{}/static/ut ligger i static/, bland webbplatsens egna filer",
                display(root)
            ),
        ),
        (
            root.join("site.toml"),
            format!("{}/site.toml finns redan och är ingen mapp", display(root)),
        ),
        (
            root.join("arbete"),
            format!(
                "mappen {}/arbete finns redan och är inget tidigare bygge; den ersätts inte",
                display(root)
            ),
        ),
    ];
    for (out, message) in cases {
        let Err(errors) = site::build(root, as_of(), &out) else {
            panic!("{} was accepted", out.display());
        };
        assert_eq!(errors.0.len(), 1, "{}", errors.to_text());
        assert_eq!(errors.0[0].message, message);
        assert_eq!(tree(root), before, "{} changed the site", out.display());
    }
    // The command says the same, and changes nothing either.
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_iop"))
        .args(["build", "--out", "."])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&run.stderr)
            .starts_with(".: fel: . är webbplatsens rotmapp; bygget skulle ersätta hela mappen\n"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(tree(root), before);
    // An empty folder, and a previous build, may be replaced.
    fs::create_dir_all(root.join("tom")).unwrap();
    site::build(root, as_of(), &root.join("tom")).unwrap();
    assert!(root.join("tom").join(iop::write::MARKER).is_file());
    site::build(root, as_of(), &root.join("tom")).unwrap();
}

/// The id of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn fake_build(dir: &std::path::Path, page: &str) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join(iop::write::MARKER), "").unwrap();
    fs::write(dir.join("index.html"), page).unwrap();
}

#[cfg(unix)]
#[test]
fn leftovers_of_killed_builds_are_cleaned_up() {
    let fixture = Fixture::new();
    let root = fixture.root();
    let out = root.join("public");
    site::build(root, as_of(), &out).unwrap();
    let mut running = std::process::Command::new("sleep")
        .arg("60")
        .spawn()
        .unwrap();
    let dead = dead_pid();
    fake_build(&root.join(format!(".public.ny-{dead}")), "halvfärdig");
    fake_build(&root.join(format!(".public.ny-{}", running.id())), "pågår");
    // Not a build's folders, though named like them: left alone.
    let foreign = format!(".public.ny-{}", dead_pid());
    fixture.write(&format!("{foreign}/eget.txt"), "eget");
    fs::create_dir_all(root.join(".public.ny-1x")).unwrap();
    site::build(root, as_of(), &out).unwrap();
    let mut left: Vec<String> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(".public"))
        .collect();
    left.sort();
    let mut expected = vec![
        format!(".public.ny-{}", running.id()),
        foreign,
        ".public.ny-1x".to_owned(),
    ];
    expected.sort();
    assert_eq!(left, expected);
    running.kill().unwrap();
    running.wait().unwrap();
}

#[cfg(unix)]
#[test]
fn a_build_killed_while_moving_its_files_in_is_finished_by_the_next() {
    let fixture = Fixture::new();
    let root = fixture.root();
    let out = root.join("public");
    site::build(root, as_of(), &out).unwrap();
    let page = "partnerskap/malmo-test/index.html";
    let mut expected: std::collections::BTreeMap<String, Vec<u8>> =
        tree(&out).into_iter().collect();
    assert!(expected.contains_key(page) && expected.contains_key("atom.xml"));
    // Killed after deciding to replace one page and remove the feed,
    // before moving anything.
    let staging = root.join(format!(".public.ny-{}", dead_pid()));
    fs::create_dir_all(staging.join("partnerskap/malmo-test")).unwrap();
    fs::write(staging.join(iop::write::MARKER), "").unwrap();
    fs::write(staging.join(page), "den nya sidan").unwrap();
    fs::write(
        staging.join(".iop-journal"),
        format!("- atom.xml\n+ {page}\n"),
    )
    .unwrap();
    expected.remove("atom.xml");
    expected.insert(page.to_owned(), b"den nya sidan".to_vec());
    // The next build finishes the moves before it fails.
    fixture.write(
        "content/partnerskap/malmo-test.md",
        &PARTNERSKAP.replace("kommun: Malmö", "kommun: Malmoe"),
    );
    assert!(site::build(root, as_of(), &out).is_err());
    let after: std::collections::BTreeMap<String, Vec<u8>> = tree(&out).into_iter().collect();
    assert!(after == expected, "the decided update is finished");
    assert!(!staging.exists());
}

/// kill -9 at moments spread over a whole build that changes many pages
/// (statuses as of another day): every file of `public/` is whole, the
/// old one or the new one, none is missing, and the next build leaves
/// nothing else behind.
#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_a_complete_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let build = |as_of: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_iop"))
            .args(["build", "--as-of", as_of, "--out"])
            .arg(&out)
            .current_dir(repo())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    const LATER: &str = "2026-06-01";
    let site_as_of = |as_of: &str| -> std::collections::BTreeMap<String, Vec<u8>> {
        assert!(build(as_of).wait().unwrap().success());
        tree(&out).into_iter().collect()
    };
    let new = site_as_of(LATER);
    let started = std::time::Instant::now();
    let old = site_as_of(AS_OF);
    let whole = started.elapsed();
    let differ = old
        .iter()
        .filter(|(path, bytes)| new.get(*path) != Some(bytes))
        .count();
    assert!(differ > 50, "the two builds differ in {differ} files");
    for step in 1..=8 {
        if step > 1 {
            site_as_of(AS_OF);
        }
        let mut child = build(LATER);
        std::thread::sleep(whole * step / 8);
        let _ = child.kill();
        child.wait().unwrap();
        let now: std::collections::BTreeMap<String, Vec<u8>> = tree(&out).into_iter().collect();
        for (path, bytes) in &now {
            assert!(
                old.get(path) == Some(bytes) || new.get(path) == Some(bytes),
                "{path} is neither the old nor the new file after a kill at {step}/8"
            );
        }
        for path in old.keys().filter(|p| new.contains_key(*p)) {
            assert!(
                now.contains_key(path),
                "{path} is missing after a kill at {step}/8"
            );
        }
    }
    assert!(build(AS_OF).wait().unwrap().success());
    assert!(
        tree(&out)
            .into_iter()
            .collect::<std::collections::BTreeMap<_, _>>()
            == old
    );
    let siblings: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(siblings, ["public"]);
}

/// The inode and modification time of a file, to tell a kept file from a rewritten one.
#[cfg(unix)]
fn identity(file: &std::path::Path) -> (u64, std::time::SystemTime) {
    use std::os::unix::fs::MetadataExt;
    let m = fs::metadata(file).unwrap();
    (m.ino(), m.modified().unwrap())
}

/// A rebuild writes only the files whose bytes changed; the others keep
/// their inode and mtime, and the page of a removed entry disappears.
#[cfg(unix)]
#[test]
fn a_rebuild_writes_only_what_changed_and_removes_what_disappeared() {
    let fixture = Fixture::new();
    fixture.write(
        "content/partnerskap/andra.md",
        &PARTNERSKAP.replace("Värmestuga Test", "Andra testet"),
    );
    let out = fixture.root().join("public");
    let first = site::build(fixture.root(), as_of(), &out).unwrap();
    assert_eq!(
        first.written, first.files,
        "a first build writes everything"
    );
    // Files whose bytes no entry changes.
    let kept = out.join("style.css");
    let entry = out.join("sok/iop-search.wasm");
    let (kept_before, entry_before) = (identity(&kept), identity(&entry));
    let again = site::build(fixture.root(), as_of(), &out).unwrap();
    assert_eq!(again.written, 0, "nothing changed, nothing written");
    assert_eq!(identity(&kept), kept_before);
    assert_eq!(identity(&entry), entry_before);

    fixture.remove("content/partnerskap/andra.md");
    let after = site::build(fixture.root(), as_of(), &out).unwrap();
    assert!(
        !out.join("partnerskap/andra").exists(),
        "the removed entry's page is gone"
    );
    assert!(
        after.written > 0 && after.written < after.files,
        "{} of {}",
        after.written,
        after.files
    );
    assert_eq!(
        identity(&kept),
        kept_before,
        "an unchanged page is not rewritten"
    );
    assert_eq!(
        identity(&entry),
        entry_before,
        "nor is an unchanged entry's page"
    );
    assert!(!read(&out, "partnerskap/index.html").contains("Andra testet"));
    assert!(out.join(iop::write::MARKER).is_file());
    // The output is exactly what a fresh build makes.
    let fresh = tempfile::tempdir().unwrap();
    site::build(fixture.root(), as_of(), &fresh.path().join("public")).unwrap();
    assert!(tree(&out) == tree(&fresh.path().join("public")));
}

/// /partnerskap/ is split into pages of at most `LISTSIDA` entries, linked
/// to each other with plain links, so each stays small at any size.
#[test]
fn the_list_of_partnerships_is_split_into_linked_pages() {
    let fixture = Fixture::new();
    let per_page = iop::render::LISTSIDA;
    for i in 0..per_page {
        fixture.write(
            &format!("content/partnerskap/test-{i:04}.md"),
            &PARTNERSKAP.replace("Värmestuga Test", &format!("Värmestuga nummer {i}")),
        );
    }
    let out = fixture.root().join("public");
    site::build(fixture.root(), as_of(), &out).unwrap();
    let first = read(&out, "partnerskap/index.html");
    let second = read(&out, "partnerskap/sida/2/index.html");
    assert_eq!(table_rows(&first), per_page);
    assert_eq!(table_rows(&second), 1);
    assert!(
        first.contains(r#"<a href="/partnerskap/sida/2/" rel="next">"#),
        "{first}"
    );
    assert!(second.contains(r#"<a href="/partnerskap/" rel="prev">"#));
    let n = per_page + 1;
    assert!(second.contains(&format!("partnerskap {n}–{n} av {n}")));
    assert!(!out.join("partnerskap/sida/3").exists());
    // The kommun's, focus area's and organisation's pages likewise.
    for list in [
        "kommun/malmo",
        "fokus/hemloshet",
        "organisation/testforeningen",
    ] {
        let first = read(&out, &format!("{list}/index.html"));
        let second = read(&out, &format!("{list}/sida/2/index.html"));
        assert_eq!(table_rows(&first), per_page, "{list}");
        assert_eq!(table_rows(&second), 1, "{list}");
        assert!(
            first.contains(&format!(r#"<a href="/{list}/sida/2/" rel="next">"#)),
            "{list}"
        );
        assert!(
            second.contains(&format!(r#"<a href="/{list}/" rel="prev">"#)),
            "{list}"
        );
    }
    // The region's page shows each kommun's first few and links to the rest.
    let region = read(&out, "region/skane/index.html");
    assert!(table_rows(&region) <= 10, "{}", table_rows(&region));
    assert!(region.contains(&format!("Alla {n} partnerskap i Malmö")));
    for page in files(&out).iter().filter(|f| f.ends_with(".html")) {
        assert!(
            fs::metadata(out.join(page)).unwrap().len() < 1_000_000,
            "{page}"
        );
    }
    // A catalogue that fits on one page has no page links.
    assert!(!read(&public(), "partnerskap/index.html").contains("rel=\"next\""));
    // Later, when all of them need a newer source, /att-granska/ too.
    let later = tempfile::tempdir().unwrap();
    let later = later.path().join("public");
    site::build(
        fixture.root(),
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        &later,
    )
    .unwrap();
    let first = read(&later, "att-granska/index.html");
    let second = read(&later, "att-granska/sida/2/index.html");
    let rows = |html: &str| html.matches("<th scope=\"row\">").count();
    assert_eq!(rows(&first), per_page);
    assert_eq!(rows(&second), 1);
    assert!(first.contains(&format!("{n} av {n} partnerskap behöver en nyare källa")));
    assert!(first.contains(r#"<a href="/att-granska/sida/2/" rel="next">"#));
    assert!(read(&later, "sitemap.xml").contains("/att-granska/sida/2/"));
}

/// The page cache of `iop serve`: after an edit only the edited entry's
/// page is rendered again, and the site is byte for byte a fresh build's.
#[test]
fn reused_pages_are_the_pages_a_fresh_build_makes() {
    use std::sync::atomic::Ordering;
    let fixture = Fixture::new();
    fixture.write(
        "content/partnerskap/andra.md",
        &PARTNERSKAP.replace("Värmestuga Test", "Andra testet"),
    );
    let memo = iop::incremental::Memo::default();
    let overrides = site::Overrides::default();
    // Rebuilds with the memo; the site, after checking that it is byte for
    // byte a fresh build's, and how many entries' pages were made again.
    let rebuild = || {
        memo.pages.rendered.store(0, Ordering::Relaxed);
        let cached = site::render_site_with(fixture.root(), as_of(), &overrides, Some(&memo), None)
            .unwrap()
            .output;
        let fresh = site::render_site(fixture.root(), as_of(), &overrides)
            .unwrap()
            .output;
        assert!(
            cached.all() == fresh.all(),
            "a reused page differs from a fresh one"
        );
        let cached: std::collections::BTreeMap<String, Vec<u8>> = cached
            .all()
            .into_iter()
            .map(|(path, bytes)| (path, bytes.to_vec()))
            .collect();
        (cached, memo.pages.rendered.load(Ordering::Relaxed))
    };
    site::render_site_with(fixture.root(), as_of(), &overrides, Some(&memo), None).unwrap();
    assert_eq!(memo.pages.rendered.load(Ordering::Relaxed), 2);
    fixture.write(
        "content/partnerskap/malmo-test.md",
        &PARTNERSKAP
            .replace("Värmestuga Test", "Nytt namn")
            .replace("kommun: Malmö", "kommun: Lund"),
    );
    let (cached, rendered) = rebuild();
    assert_eq!(rendered, 1, "only the edited entry");
    assert!(
        String::from_utf8_lossy(&cached["partnerskap/malmo-test/index.html"]).contains("Nytt namn")
    );
    // A page shows details of the organisations its entry names: when one
    // changes, both entries' pages are made again.
    fixture.write(
        "content/organisationer/testforeningen.md",
        &ORGANISATION.replace(
            "namn: Testföreningen",
            "namn: Testföreningen\nwebbplats: https://example.org/",
        ),
    );
    let (cached, rendered) = rebuild();
    assert_eq!(rendered, 2);
    assert!(
        String::from_utf8_lossy(&cached["partnerskap/andra/index.html"])
            .contains("https://example.org/")
    );
}

/// The check outcomes `iop serve` keeps: an entry is checked again when the
/// vocabulary it is checked against changes, even if its own file did not.
#[test]
fn kept_check_outcomes_follow_the_organisations() {
    use std::sync::atomic::Ordering;
    let fixture = Fixture::new();
    let memo = iop::incremental::Memo::default();
    let overrides = site::Overrides::default();
    let render = || site::render_site_with(fixture.root(), as_of(), &overrides, Some(&memo), None);
    render().unwrap();
    assert_eq!(memo.check.checked.load(Ordering::Relaxed), 1);
    render().unwrap();
    assert_eq!(
        memo.check.checked.load(Ordering::Relaxed),
        0,
        "nothing changed"
    );
    // The partnership names the organisation by a name it no longer has.
    fixture.write(
        "content/organisationer/testforeningen.md",
        &ORGANISATION.replace("namn: Testföreningen\n", "namn: Annan förening\n"),
    );
    let errors = render().err().expect("an unknown organisation").to_text();
    assert!(errors.contains("okänd organisation"), "{errors}");
    fixture.write("content/organisationer/testforeningen.md", ORGANISATION);
    let fixed = render().unwrap().diagnostics;
    assert!(!fixed.has_errors(), "{}", fixed.to_text());
}

/// What `iop serve` keeps between builds (the files read, the check's
/// outcomes and the catalogue's rules, every entry's values and pages, the
/// search index), edit after edit of the report's catalogue, as the
/// server's watcher tells it what changed: each build is byte for byte, and
/// word for word in what it reports, a fresh build's.
#[test]
fn a_kept_memo_builds_what_a_fresh_build_does_edit_after_edit() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let fixture = repo().join("tests/fixtures/rapport-2023");
    for file in files(&fixture) {
        let to = root.join(&file);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(fixture.join(&file), to).unwrap();
    }
    let p = |slug: &str| format!("content/partnerskap/{slug}.md");
    let guldkanten = p("boras-guldkanten-motesplats-aldre");
    let elfsborg = p("boras-if-elfsborg-tillbaka-till-studier");
    let text = |rel: &str| fs::read_to_string(root.join(rel)).unwrap();
    let original = text(&guldkanten);
    let memo = iop::incremental::Memo::default();
    let overrides = site::Overrides::default();
    let day = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
    let build = |changed: &[&str]| {
        let changed: BTreeSet<std::path::PathBuf> = changed.iter().map(|c| c.into()).collect();
        memo.load.changed(root, &changed);
        let kept = site::render_site_with(root, day, &overrides, Some(&memo), None);
        let fresh = site::render_site(root, day, &overrides);
        match (kept, fresh) {
            (Ok(kept), Ok(fresh)) => {
                assert!(kept.output.all() == fresh.output.all(), "{changed:?}");
                assert_eq!(kept.diagnostics.to_text(), fresh.diagnostics.to_text());
                kept.diagnostics.to_text()
            }
            (Err(kept), Err(fresh)) => {
                assert_eq!(kept.to_text(), fresh.to_text());
                kept.to_text()
            }
            (kept, fresh) => panic!(
                "kept {}, fresh {} after {changed:?}",
                kept.is_ok(),
                fresh.is_ok()
            ),
        }
    };
    let write = |rel: &str, text: &str| fs::write(root.join(rel), text).unwrap();
    build(&[]);
    // A new name, first in every list it is on.
    write(
        &guldkanten,
        &original.replace("namn: Mötesplats", "namn: Aaa mötesplats"),
    );
    build(&[&guldkanten]);
    // Another kommun, other focus areas, another description.
    write(
        &guldkanten,
        &original
            .replace("kommun: Borås", "kommun: Lund")
            .replace("[aldre-och-ensamhet]", "[aldre-och-ensamhet, kultur]")
            .replace("Guldkanten ideell förening är", "Guldkanten är"),
    );
    build(&[&guldkanten]);
    // A copy of another entry under a new address: a possible duplicate.
    let kopia = p("boras-kopia");
    write(&kopia, &text(&elfsborg));
    assert!(build(&[&kopia]).contains("möjlig dubblett"));
    // Its name made different: no longer one.
    write(
        &kopia,
        &text(&elfsborg).replace("Tillbaka till studier", "Läxhjälp"),
    );
    assert!(!build(&[&kopia]).contains("möjlig dubblett"));
    // An alias that is another entry's address: an error, then mended.
    write(
        &kopia,
        &text(&kopia).replace(
            "källor:",
            "alias: [boras-guldkanten-motesplats-aldre]\nkällor:",
        ),
    );
    assert!(build(&[&kopia]).contains("används redan av"));
    write(
        &kopia,
        &text(&kopia).replace("alias: [boras-guldkanten-motesplats-aldre]\n", ""),
    );
    build(&[&kopia]);
    // An entry removed, and the edited one back as it was.
    fs::remove_file(root.join(&kopia)).unwrap();
    build(&[&kopia]);
    write(&guldkanten, &original);
    build(&[&guldkanten]);
    // A file renamed to another entry's alias: one address, two entries.
    write(
        &elfsborg,
        &text(&elfsborg).replace("källor:", "alias: [boras-guldkanten]\nkällor:"),
    );
    build(&[&elfsborg]);
    let renamed = p("boras-guldkanten");
    fs::rename(root.join(&guldkanten), root.join(&renamed)).unwrap();
    assert!(build(&[&guldkanten, &renamed]).contains("används redan av"));
    fs::rename(root.join(&renamed), root.join(&guldkanten)).unwrap();
    build(&[&guldkanten, &renamed]);
    // An organisation's name changes the pages of every entry naming it.
    let org = "content/organisationer/bracke-diakoni.md";
    write(
        org,
        &text(org).replace("\n---", "\nwebbplats: https://example.org/\n---"),
    );
    build(&[org]);
}
