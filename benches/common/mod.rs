//! The synthetic catalogue both benchmarks build: N partnerships over 12
//! kommuner, N/20 organisations, six focus areas, 40 words of description.
#![allow(dead_code)]

use std::fs;
use std::path::Path;

pub const KOMMUNER: [&str; 12] = [
    "Malmö",
    "Göteborg",
    "Stockholm",
    "Umeå",
    "Uppsala",
    "Borås",
    "Kalmar",
    "Värmdö",
    "Lund",
    "Kiruna",
    "Västerås",
    "Gotland",
];
pub const FOKUS: [&str; 6] = [
    "hemloshet",
    "barn-och-unga",
    "arbetsmarknad",
    "kultur",
    "brottsoffer",
    "halsa-och-vard",
];
const WORDS: [&str; 12] = [
    "mötesplats",
    "stöd",
    "unga",
    "familjer",
    "boende",
    "arbete",
    "integration",
    "trygghet",
    "samverkan",
    "ensamhet",
    "idrott",
    "vård",
];

pub fn write_catalogue(root: &Path, n: usize) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::create_dir_all(root.join("content/partnerskap")).unwrap();
    fs::create_dir_all(root.join("content/organisationer")).unwrap();
    fs::copy(repo.join("site.toml"), root.join("site.toml")).unwrap();
    for f in ["fokusomraden.yaml", "kallor.yaml"] {
        fs::copy(repo.join("content").join(f), root.join("content").join(f)).unwrap();
    }
    let organisations = (n / 20).max(2);
    for o in 0..organisations {
        fs::write(
            root.join(format!("content/organisationer/forening-{o}.md")),
            format!("---\nnamn: Förening {o}\nalias: [Föreningen nummer {o}]\n---\nEn idéburen förening.\n"),
        )
        .unwrap();
    }
    for i in 0..n {
        let kommun = KOMMUNER[i % KOMMUNER.len()];
        let words: Vec<&str> = (0..40)
            .map(|w| WORDS[(i * 7 + w * 3) % WORDS.len()])
            .collect();
        let start = 2010 + (i % 14);
        fs::write(
            root.join(format!("content/partnerskap/partnerskap-{i}.md")),
            format!(
                "---\nnamn: Partnerskap {i} om {}\noffentliga_parter:\n  - kommun: {kommun}\n    organ: Socialnämnden\n\
                 idéburna_parter: [Förening {}, Förening {}]\nfokusområden: [{}, {}]\nstart: {start}-03-01\nslut: {}-12-31\n\
                 källor: [famna-fremia-2023]\n---\n{}.\n",
                words[0],
                i % organisations,
                // A second, different organisation.
                (i % organisations + 1 + (i / 3) % (organisations - 1)) % organisations,
                FOKUS[i % FOKUS.len()],
                FOKUS[(i + 1) % FOKUS.len()],
                start + 1 + i % 4,
                words.join(" ")
            ),
        )
        .unwrap();
    }
}

/// The län of each of `KOMMUNER`, for Hugo's region taxonomy.
pub const LAN: [&str; 12] = [
    "Skåne län",
    "Västra Götalands län",
    "Stockholms län",
    "Västerbottens län",
    "Uppsala län",
    "Västra Götalands län",
    "Kalmar län",
    "Stockholms län",
    "Skåne län",
    "Norrbottens län",
    "Västmanlands län",
    "Gotlands län",
];

/// The same catalogue as a Hugo site, with taxonomies for kommun, region,
/// focus area and organisation, and layouts that show what iop's pages show
/// (each entry, each term's list of entries, the lists of terms). Entry
/// pages mark their body and their terms for Pagefind (`data-pagefind-body`,
/// `data-pagefind-filter`), so that it indexes what /sok/ does, with filters.
pub fn write_hugo_site(root: &Path, n: usize) {
    fs::create_dir_all(root.join("content/partnerskap")).unwrap();
    for d in ["_default", "partials"] {
        fs::create_dir_all(root.join("layouts").join(d)).unwrap();
    }
    fs::write(
        root.join("config.toml"),
        "baseURL = \"https://example.org/\"\nlanguageCode = \"sv\"\ntitle = \"IOP-katalogen\"\n\
         disableKinds = []\n[taxonomies]\n  kommun = \"kommun\"\n  region = \"region\"\n  fokus = \"fokus\"\n  organisation = \"organisation\"\n",
    )
    .unwrap();
    let layouts = [
        (
            "_default/baseof.html",
            "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>{{ .Title }} – {{ .Site.Title }}</title><meta name=\"description\" content=\"{{ .Summary | plainify }}\"><link rel=\"canonical\" href=\"{{ .Permalink }}\"></head><body><header><nav><a href=\"/\">Start</a> <a href=\"/partnerskap/\">Partnerskap</a> <a href=\"/kommun/\">Kommuner</a> <a href=\"/region/\">Regioner</a> <a href=\"/fokus/\">Fokus</a> <a href=\"/organisation/\">Organisationer</a></nav></header><main>{{ block \"main\" . }}{{ end }}</main></body></html>",
        ),
        (
            "partials/tabell.html",
            "<table><thead><tr><th>Namn</th><th>Kommun</th><th>Organisationer</th><th>Period</th></tr></thead><tbody>{{ range . }}<tr><td><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></td><td>{{ delimit (.Params.kommun) \", \" }}</td><td>{{ delimit (.Params.organisation) \", \" }}</td><td>{{ .Params.start }}–{{ .Params.slut }}</td></tr>{{ end }}</tbody></table>",
        ),
        (
            "_default/single.html",
            "{{ define \"main\" }}<article data-pagefind-body><h1>{{ .Title }}</h1><dl><dt>Kommun</dt><dd>{{ range .GetTerms \"kommun\" }}<a data-pagefind-filter=\"kommun\" href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}</dd><dt>Region</dt><dd>{{ range .GetTerms \"region\" }}<a data-pagefind-filter=\"region\" href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}</dd><dt>Organisationer</dt><dd>{{ range .GetTerms \"organisation\" }}<a data-pagefind-filter=\"organisation\" href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}</dd><dt>Fokus</dt><dd>{{ range .GetTerms \"fokus\" }}<a data-pagefind-filter=\"fokus\" href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}</dd><dt>Period</dt><dd>{{ .Params.start }}–{{ .Params.slut }}</dd></dl>{{ .Content }}</article>{{ end }}",
        ),
        (
            "_default/list.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1><p>{{ len .Pages }} partnerskap</p>{{ partial \"tabell.html\" .Pages }}{{ end }}",
        ),
        (
            "_default/term.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1><p>{{ len .Pages }} partnerskap</p>{{ partial \"tabell.html\" .Pages }}{{ end }}",
        ),
        (
            "_default/taxonomy.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}",
        ),
        (
            "index.html",
            "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1><p>{{ len (where .Site.RegularPages \"Section\" \"partnerskap\") }} partnerskap</p>{{ end }}",
        ),
    ];
    for (name, text) in layouts {
        fs::write(root.join("layouts").join(name), text).unwrap();
    }
    let organisations = (n / 20).max(2);
    for i in 0..n {
        let k = i % KOMMUNER.len();
        let words: Vec<&str> = (0..40)
            .map(|w| WORDS[(i * 7 + w * 3) % WORDS.len()])
            .collect();
        let start = 2010 + (i % 14);
        fs::write(
            root.join(format!("content/partnerskap/partnerskap-{i}.md")),
            format!(
                "---\ntitle: \"Partnerskap {i} om {}\"\nkommun: [\"{}\"]\nregion: [\"{}\"]\n\
                 organisation: [\"Förening {}\", \"Förening {}\"]\nfokus: [\"{}\", \"{}\"]\nstart: {start}-03-01\nslut: {}-12-31\n---\n{}.\n",
                words[0],
                KOMMUNER[k],
                LAN[k],
                i % organisations,
                (i % organisations + 1 + (i / 3) % (organisations - 1)) % organisations,
                FOKUS[i % FOKUS.len()],
                FOKUS[(i + 1) % FOKUS.len()],
                start + 1 + i % 4,
                words.join(" ")
            ),
        )
        .unwrap();
    }
}

/// Wall time, CPU time (user + system) and peak memory of one finished process.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub wall: f64,
    pub cpu: f64,
    pub peak_mib: f64,
}

/// Runs `command` to the end and measures it with wait4's own rusage.
// wait4 waits for it, which clippy cannot see.
#[allow(clippy::zombie_processes)]
pub fn measure(command: &mut std::process::Command) -> Run {
    let started = std::time::Instant::now();
    let child = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut stderr = child.stderr.unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: the child is ours and not yet waited for; wait4 fills `usage`.
    let usage = unsafe {
        libc::wait4(pid, &mut status, 0, usage.as_mut_ptr());
        usage.assume_init()
    };
    let wall = started.elapsed().as_secs_f64();
    let log = reader.join().unwrap();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{log}"
    );
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Run {
        wall,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        peak_mib: usage.ru_maxrss as f64 / 1024.0,
    }
}

pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// The sizes given on the command line ("1k", "10k", "50k", "2500"), or 10k.
pub fn sizes() -> (Vec<usize>, usize) {
    let mut sizes = Vec::new();
    let mut runs = 3;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--runs" {
            runs = args.next().and_then(|r| r.parse().ok()).unwrap_or(runs);
        } else if let Some(k) = arg.strip_suffix('k').and_then(|k| k.parse::<usize>().ok()) {
            sizes.push(k * 1000);
        } else if let Ok(n) = arg.parse() {
            sizes.push(n);
        }
        // Anything else (cargo's own --bench) is not ours.
    }
    if sizes.is_empty() {
        sizes.extend(
            std::env::var("IOP_BENCH_N")
                .ok()
                .and_then(|v| v.parse().ok())
                .or(Some(10_000)),
        );
    }
    (sizes, runs)
}
