//! `iop new`: writes a new content file that is valid as written and explains
//! itself in comments.
//!
//! The essentials come from flags; in a terminal, whatever is missing is
//! asked for, one question at a time, and every answer is checked on the
//! spot with the same lookups the checker uses. The comments in the file
//! are the descriptions of the JSON Schema (the doc comments of
//! `src/schema.rs`), so the format has one source of truth. After writing,
//! the site is checked and the result shown.

use std::fmt;
use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

use iop::check::organisationsnummer_ok;
use iop::diagnostic::{Diagnostics, display_path};
use iop::load::{self, ORGANISATIONER_DIR, PARTNERSKAP_DIR};
use iop::model::{Fokusomrade, Kalla as ModelKalla};
use iop::reference::reference;
use iop::schema::{self, Datum, Slut, TILLS_VIDARE};
use iop::site;
use iop::text::{name_key, slugify, suggest};
use iop::vocabulary::{Namn, Vocabulary};

#[derive(clap::Subcommand)]
pub enum Kind {
    /// Ett nytt partnerskap i content/partnerskap/. I en terminal frågar
    /// kommandot efter det som saknas.
    Partnerskap(PartnerskapArgs),
    /// En ny organisation i content/organisationer/.
    Organisation(OrganisationArgs),
}

#[derive(clap::Args, Default)]
pub struct PartnerskapArgs {
    /// Partnerskapets namn, som det visas på sidan.
    #[arg(long)]
    namn: Option<String>,
    /// En kommun som är part (namn eller kommunkod). Kan anges flera gånger.
    #[arg(long)]
    kommun: Vec<String>,
    /// En region som är part (t.ex. "Region Skåne"). Kan anges flera gånger.
    #[arg(long)]
    region: Vec<String>,
    /// Nämnd eller förvaltning hos den första kommunen eller regionen. Kan anges flera gånger.
    #[arg(long)]
    organ: Vec<String>,
    /// En idéburen organisation: namn eller alias i content/organisationer/. Kan anges flera gånger.
    #[arg(long)]
    organisation: Vec<String>,
    /// Fokusområde: id i content/fokusomraden.yaml (ett till tre; flera gånger eller kommaseparerat).
    #[arg(long)]
    fokus: Vec<String>,
    /// Startdatum: ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD.
    #[arg(long, value_name = "DATUM")]
    start: Option<String>,
    /// Slutdatum: ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD eller "tills vidare".
    #[arg(long, value_name = "DATUM")]
    slut: Option<String>,
    /// Källa: id i content/kallor.yaml eller en webbadress. Kan anges flera gånger.
    #[arg(long = "kalla", visible_alias = "källa", value_name = "ID|URL")]
    kalla: Vec<String>,
    /// Datum då webbkällorna publicerades (ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD); annars skrivs dagens datum som läst.
    #[arg(
        long = "kalla-datum",
        visible_alias = "källa-datum",
        value_name = "DATUM"
    )]
    kalla_datum: Option<String>,
    /// Beskrivningen (annars skrivs en platshållartext som du ersätter).
    #[arg(long)]
    beskrivning: Option<String>,
    /// Filnamnet utan .md; blir sidans permanenta adress. Annars bildas det av kommun och namn.
    #[arg(long)]
    slug: Option<String>,
}

#[derive(clap::Args, Default)]
pub struct OrganisationArgs {
    /// Organisationens namn.
    namn: Option<String>,
    /// Organisationens webbplats (http/https).
    #[arg(long)]
    webbplats: Option<String>,
    /// Överordnad organisation (namn eller alias), t.ex. för en lokal krets.
    #[arg(long)]
    del_av: Option<String>,
    /// En annan stavning som partnerskapsfilerna använder. Kan anges flera gånger.
    #[arg(long)]
    alias: Vec<String>,
    /// Organisationsnummer, NNNNNN-NNNN.
    #[arg(long)]
    organisationsnummer: Option<String>,
    /// Beskrivningen (annars skrivs en platshållartext som du ersätter).
    #[arg(long)]
    beskrivning: Option<String>,
    /// Filnamnet utan .md (annars bildat av namnet).
    #[arg(long)]
    slug: Option<String>,
}

pub fn run(root: &Path, kind: Kind) -> ExitCode {
    let stdin = io::stdin();
    let interactive = stdin.is_terminal();
    let mut input = stdin.lock();
    let mut output = io::stderr();
    let mut prompt = Prompt {
        input: &mut input,
        output: &mut output,
    };
    let prompt = interactive.then_some(&mut prompt);
    let written = Content::load(root).and_then(|mut content| match kind {
        Kind::Partnerskap(args) => new_partnerskap(&mut content, args, prompt),
        Kind::Organisation(args) => new_organisation(&mut content, args, prompt).map(|o| vec![o]),
    });
    match written {
        Ok(written) => {
            if report(root, &written) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(problem) => {
            eprintln!("{problem}");
            ExitCode::FAILURE
        }
    }
}

/// Something the editor must fix, said the way `iop check` says it.
#[derive(Debug)]
struct Problem {
    message: String,
    hint: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            hint: None,
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fel: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = tips: {hint}")?;
        }
        Ok(())
    }
}

/// Questions in a terminal: a line of text per answer, asked again until
/// the answer is valid.
struct Prompt<'a> {
    input: &'a mut dyn BufRead,
    output: &'a mut dyn Write,
}

impl Prompt<'_> {
    fn say(&mut self, text: &str) {
        let _ = writeln!(self.output, "{text}");
    }

    /// One answer, trimmed; an error at the end of input.
    fn line(&mut self, question: &str) -> Result<String, Problem> {
        let _ = write!(self.output, "{question}: ");
        let _ = self.output.flush();
        let mut answer = String::new();
        match self.input.read_line(&mut answer) {
            Ok(0) | Err(_) => {
                let _ = writeln!(self.output);
                Err(Problem::new("avbrutet; ingen fil skrevs"))
            }
            Ok(_) => Ok(answer.trim().to_owned()),
        }
    }

    /// Asks until `parse` accepts the answer.
    fn ask<T>(
        &mut self,
        question: &str,
        mut parse: impl FnMut(&str) -> Result<T, Problem>,
    ) -> Result<T, Problem> {
        loop {
            let answer = self.line(question)?;
            match parse(&answer) {
                Ok(value) => return Ok(value),
                Err(problem) => self.say(&format!("  {problem}")),
            }
        }
    }

    /// An optional answer: empty means none.
    fn ask_optional<T>(
        &mut self,
        question: &str,
        mut parse: impl FnMut(&str) -> Result<T, Problem>,
    ) -> Result<Option<T>, Problem> {
        self.ask(question, |answer| {
            if answer.is_empty() {
                Ok(None)
            } else {
                parse(answer).map(Some)
            }
        })
    }

    fn yes(&mut self, question: &str) -> Result<bool, Problem> {
        self.ask(&format!("{question} [j/N]"), |answer| {
            match answer.to_lowercase().as_str() {
                "j" | "ja" | "y" | "yes" => Ok(true),
                "" | "n" | "nej" | "no" => Ok(false),
                _ => Err(Problem::new("svara j (ja) eller n (nej)")),
            }
        })
    }
}

/// What `iop new` needs to know about the content that is already there:
/// the checker's own vocabulary, so that a name `iop new` accepts is one
/// `iop check` accepts.
struct Content {
    root: PathBuf,
    vocabulary: Vocabulary,
}

impl Content {
    fn load(root: &Path) -> Result<Content, Problem> {
        let sources = load::load(root).map_err(|d| {
            Problem::new(format!(
                "innehållet i {} kunde inte läsas:\n\n{}",
                display_path(&root.join("content")),
                d.to_text().trim_end()
            ))
            .hint("kör iop i webbplatsens rotmapp, där site.toml och content/ ligger (eller ange --root)")
        })?;
        let vocabulary = iop::check::vocabulary(&sources);
        for file in [&sources.fokusomraden, &sources.kallor] {
            if vocabulary.is_broken(&file.path) {
                return Err(
                    Problem::new(format!("{} har fel", display_path(&file.path)))
                        .hint("kör `iop check` och rätta felen först"),
                );
            }
        }
        Ok(Content {
            root: root.to_path_buf(),
            vocabulary,
        })
    }

    /// Every name and alias, for suggestions.
    fn org_names(&self) -> impl Iterator<Item = &str> {
        self.vocabulary.organisation_names()
    }

    /// The organisation a name or alias means, as the checker finds it.
    fn find_org(&self, name: &str) -> Option<&Namn> {
        self.vocabulary.find(name).map(|(_, o)| o)
    }

    fn fokus_list(&self) -> &[Fokusomrade] {
        &self.vocabulary.fokusomraden
    }

    fn kallor_list(&self) -> &[ModelKalla] {
        &self.vocabulary.kallor
    }

    fn org(&self, name: &str) -> Result<String, Problem> {
        if name.trim().is_empty() {
            return Err(Problem::new("skriv organisationens namn"));
        }
        match self.find_org(name) {
            Some(o) => Ok(o.namn.clone()),
            None => Err(unknown_org(name, suggest(name, self.org_names()))),
        }
    }

    /// Fokusområden by id or by their number in the list.
    fn fokus(&self, answers: &[String]) -> Result<Vec<String>, Problem> {
        let mut ids = Vec::new();
        for answer in answers
            .iter()
            .flat_map(|a| a.split(','))
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            let found = match answer.parse::<usize>() {
                Ok(n) => n.checked_sub(1).and_then(|i| self.fokus_list().get(i)),
                Err(_) => self
                    .fokus_list()
                    .iter()
                    .find(|f| f.id == answer.to_lowercase()),
            };
            let Some(found) = found else {
                let ids: Vec<&str> = self.fokus_list().iter().map(|f| f.id.as_str()).collect();
                return Err(Problem::new(format!("okänt fokusområde '{answer}'")).hint(
                    match suggest(answer, ids.iter().copied()) {
                        Some(s) => format!("menade du '{s}'?"),
                        None => format!("välj bland: {}", ids.join(", ")),
                    },
                ));
            };
            if ids.contains(&found.id) {
                return Err(Problem::new(format!(
                    "fokusområdet '{}' står två gånger",
                    found.id
                )));
            }
            ids.push(found.id.clone());
        }
        match ids.len() {
            0 => Err(Problem::new("välj minst ett fokusområde")),
            1..=3 => Ok(ids),
            _ => Err(Problem::new("välj högst tre fokusområden").hint("välj de viktigaste")),
        }
    }

    /// A source by id or number in the list, or a web address.
    fn kalla(&self, answer: &str) -> Result<Kalla, Problem> {
        let answer = answer.trim();
        if answer.starts_with("http://") || answer.starts_with("https://") {
            return Ok(Kalla::Lank {
                titel: host(answer),
                url: answer.to_owned(),
                datum: today(),
                publicerad: false,
            });
        }
        let found = match answer.parse::<usize>() {
            Ok(n) => n.checked_sub(1).and_then(|i| self.kallor_list().get(i)),
            Err(_) => self
                .kallor_list()
                .iter()
                .find(|k| k.id.as_deref() == Some(answer)),
        };
        match found {
            Some(k) => Ok(Kalla::Id(k.id.clone().unwrap_or_default())),
            None => Err(Problem::new(format!("okänd källa '{answer}'")).hint(
                match suggest(answer, self.kallor_list().iter().filter_map(|k| k.id.as_deref())) {
                    Some(s) => format!("menade du '{s}'?"),
                    None => format!(
                        "ange ett id ur content/{} ({}) eller en webbadress som börjar med https://",
                        load::KALLOR_FILE,
                        self.kallor_list()
                            .iter()
                            .filter_map(|k| k.id.as_deref())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                },
            )),
        }
    }

    fn partnerskap_slug_free(&self, slug: &str) -> Result<(), Problem> {
        valid_slug(slug)?;
        let path = self
            .root
            .join("content")
            .join(PARTNERSKAP_DIR)
            .join(format!("{slug}.md"));
        if let Some(file) = self.vocabulary.adresser.get(slug).map(|f| display_path(f)) {
            let what = if file.ends_with(&format!("/{slug}.md")) {
                format!("filen {file} finns redan")
            } else {
                format!("adressen '{slug}' är ett alias i {file}")
            };
            return Err(Problem::new(what).hint(
                "välj ett annat filnamn med --slug, eller ändra det befintliga partnerskapet i stället",
            ));
        }
        if path.exists() {
            return Err(
                Problem::new(format!("filen {} finns redan", display_path(&path)))
                    .hint("välj ett annat filnamn med --slug"),
            );
        }
        Ok(())
    }
}

/// Comma-separated values; a web address (which may hold commas) is one value.
fn list(text: &str) -> Vec<&str> {
    let text = text.trim();
    if text.starts_with("http://") || text.starts_with("https://") {
        return vec![text];
    }
    text.split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .collect()
}

fn unknown_org(name: &str, suggestion: Option<String>) -> Problem {
    let create = format!("iop new organisation \"{}\"", name.trim());
    Problem::new(format!(
        "okänd organisation '{}': den finns inte i content/{ORGANISATIONER_DIR}/",
        name.trim()
    ))
    .hint(match suggestion {
        Some(s) => format!(
            "menade du '{s}'? Om det är en annan organisation: skapa den först med `{create}`"
        ),
        None => format!(
            "skapa den först med `{create}`, eller lägg till namnet som alias i organisationens fil"
        ),
    })
}

fn valid_slug(slug: &str) -> Result<(), Problem> {
    if slug.is_empty() || slugify(slug) != slug {
        let wanted = slugify(slug);
        return Err(Problem::new(format!(
            "'{slug}' går inte att använda som filnamn och adress"
        ))
        .hint(if wanted.is_empty() {
            "använd små bokstäver a–z, siffror och bindestreck".to_owned()
        } else {
            format!("använd små bokstäver a–z, siffror och bindestreck, t.ex. '{wanted}'")
        }));
    }
    Ok(())
}

/// "www.malmo.se" from "https://www.malmo.se/x": a title until the editor writes a better one.
fn host(url: &str) -> String {
    url.split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .filter(|h| !h.is_empty())
        .unwrap_or(url)
        .to_owned()
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Kommun(String),
    Region(String),
}

struct OffentligPart {
    part: Part,
    organ: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Kalla {
    Id(String),
    /// A web source; `datum` is when it was published, or, when
    /// `publicerad` is false, the day the undated page was read.
    Lank {
        titel: String,
        url: String,
        datum: Datum,
        publicerad: bool,
    },
}

/// Today as a `Datum`: the day a web source is read.
fn today() -> Datum {
    use chrono::Datelike;
    let day = chrono::Local::now().date_naive();
    Datum {
        year: day.year(),
        month: Some(day.month()),
        day: Some(day.day()),
    }
}

fn kommun(text: &str) -> Result<Part, Problem> {
    reference()
        .find_kommun(text)
        .map(|k| Part::Kommun(k.namn.clone()))
        .map_err(|suggestion| {
            Problem::new(format!("okänd kommun '{}'", text.trim())).hint(match suggestion {
                Some(s) => format!("menade du '{s}'?"),
                None => "skriv kommunens namn som SCB skriver det (t.ex. 'Malmö') eller den fyrsiffriga kommunkoden".to_owned(),
            })
        })
}

fn region(text: &str) -> Result<Part, Problem> {
    let reference = reference();
    reference
        .find_region(text)
        .or_else(|first| {
            reference
                .find_region(&format!("Region {}", text.trim()))
                .map_err(|_| first)
        })
        .map(|r| Part::Region(r.namn.clone()))
        .map_err(|suggestion| {
            Problem::new(format!("okänd region '{}'", text.trim())).hint(match suggestion {
                Some(s) => format!("menade du '{s}'?"),
                None => "skriv regionens namn (t.ex. 'Region Skåne'), länets namn eller länskoden"
                    .to_owned(),
            })
        })
}

/// A kommun or, failing that, a region.
fn kommun_eller_region(text: &str) -> Result<Part, Problem> {
    if text.trim().is_empty() {
        return Err(Problem::new("skriv en kommun eller en region"));
    }
    kommun(text).or_else(|k| {
        region(text).map_err(|r| {
            let hint = [&k, &r]
                .iter()
                .find_map(|p| p.hint.as_deref().filter(|h| h.starts_with("menade")))
                .unwrap_or("skriv kommunens namn som SCB skriver det (t.ex. 'Malmö') eller regionens namn (t.ex. 'Region Skåne')")
                .to_owned();
            Problem::new(format!("'{}' är varken en kommun eller en region", text.trim())).hint(hint)
        })
    })
}

fn datum(text: &str) -> Result<Datum, Problem> {
    Datum::parse(text).map_err(Problem::new)
}

fn slut(text: &str, start: Option<Datum>) -> Result<Slut, Problem> {
    let slut = if text.trim().eq_ignore_ascii_case(TILLS_VIDARE) {
        Slut::TillsVidare
    } else {
        Slut::Datum(Datum::parse(text).map_err(|e| {
            Problem::new(e).hint("skriv ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD eller 'tills vidare'")
        })?)
    };
    if let (Slut::Datum(slut), Some(start)) = (slut, start)
        && slut.last_day() < start.first_day()
    {
        return Err(Problem::new(format!("slut ({slut}) före start ({start})"))
            .hint("har datumen bytt plats?"));
    }
    Ok(slut)
}

fn slut_text(slut: Slut) -> String {
    match slut {
        Slut::Datum(d) => d.to_string(),
        Slut::TillsVidare => TILLS_VIDARE.to_owned(),
    }
}

struct NyttPartnerskap {
    namn: String,
    offentliga: Vec<OffentligPart>,
    ideburna: Vec<String>,
    fokus: Vec<String>,
    start: Option<Datum>,
    slut: Option<Slut>,
    kallor: Vec<Kalla>,
    beskrivning: Option<String>,
}

fn new_partnerskap(
    content: &mut Content,
    args: PartnerskapArgs,
    mut prompt: Option<&mut Prompt>,
) -> Result<Vec<PathBuf>, Problem> {
    // Whatever was passed must be right, terminal or not.
    let namn = args.namn.map(|n| n.trim().to_owned());
    if namn.as_deref() == Some("") {
        return Err(Problem::new("--namn får inte vara tomt"));
    }
    let mut offentliga = Vec::new();
    for part in args
        .kommun
        .iter()
        .map(|k| kommun(k))
        .chain(args.region.iter().map(|r| region(r)))
    {
        push_part(&mut offentliga, part?)?;
    }
    if let Some(first) = offentliga.first_mut() {
        first.organ = args.organ.iter().map(|o| o.trim().to_owned()).collect();
    } else if !args.organ.is_empty() {
        return Err(Problem::new("--organ hör till en kommun eller region")
            .hint("ange också --kommun eller --region"));
    }
    let mut ideburna: Vec<String> = Vec::new();
    for name in &args.organisation {
        push_org(&mut ideburna, content.org(name)?)?;
    }
    let mut fokus = if args.fokus.is_empty() {
        Vec::new()
    } else {
        content.fokus(&args.fokus)?
    };
    let start = args.start.as_deref().map(datum).transpose()?;
    let slut_arg = args.slut.as_deref().map(|s| slut(s, start)).transpose()?;
    let mut kallor = Vec::new();
    for k in args.kalla.iter().flat_map(|k| list(k)) {
        push_kalla(&mut kallor, content.kalla(k)?)?;
    }
    if let Some(text) = &args.kalla_datum {
        let published = datum(text)?;
        for k in &mut kallor {
            if let Kalla::Lank {
                datum, publicerad, ..
            } = k
            {
                *datum = published;
                *publicerad = true;
            }
        }
    }
    if let Some(slug) = &args.slug {
        content.partnerskap_slug_free(slug)?;
    }

    let missing = namn.is_none()
        || offentliga.is_empty()
        || ideburna.is_empty()
        || fokus.is_empty()
        || kallor.is_empty();
    let mut written = Vec::new();
    let mut p = match (missing, prompt.as_deref_mut()) {
        (false, _) => NyttPartnerskap {
            namn: namn.expect("present"),
            offentliga,
            ideburna,
            fokus,
            start,
            slut: slut_arg,
            kallor,
            beskrivning: args.beskrivning,
        },
        (true, None) => {
            return Err(missing_flags(
                content,
                &namn,
                &offentliga,
                &ideburna,
                &fokus,
                &kallor,
            ));
        }
        (true, Some(prompt)) => {
            prompt.say("Nytt partnerskap. Svara på frågorna; tryck Ctrl-C för att avbryta.\n");
            let namn = match namn {
                Some(namn) => namn,
                None => prompt.ask("Partnerskapets namn", |a| {
                    if a.is_empty() {
                        Err(Problem::new("namnet får inte vara tomt"))
                    } else {
                        Ok(a.to_owned())
                    }
                })?,
            };
            if offentliga.is_empty() {
                offentliga = ask_offentliga(prompt)?;
            }
            if ideburna.is_empty() {
                ideburna = ask_ideburna(content, prompt, &mut written)?;
            }
            if fokus.is_empty() {
                fokus = ask_fokus(content, prompt)?;
            }
            let start = match start {
                Some(start) => Some(start),
                None => prompt.ask_optional(
                    "\nStartdatum (ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD; tomt om okänt)",
                    datum,
                )?,
            };
            let slut = match slut_arg {
                Some(slut) => Some(slut),
                None => prompt.ask_optional(
                    "Slutdatum (som ovan, eller 'tills vidare'; tomt om okänt)",
                    |a| slut(a, start),
                )?,
            };
            if kallor.is_empty() {
                kallor = ask_kallor(content, prompt)?;
            }
            let beskrivning = match args.beskrivning {
                Some(b) => Some(b),
                None => Some(prompt.line(
                    "\nBeskrivning: 2–4 meningar om vem som gör vad, för vem och varför\n(tomt: skriv den i filen efteråt)",
                )?)
                .filter(|b| !b.is_empty()),
            };
            NyttPartnerskap {
                namn,
                offentliga,
                ideburna,
                fokus,
                start,
                slut,
                kallor,
                beskrivning,
            }
        }
    };
    p.beskrivning = p.beskrivning.filter(|b| !b.trim().is_empty());

    let slug = match args.slug {
        Some(slug) => slug,
        None => {
            let slug = partnerskap_slug(&p);
            match (content.partnerskap_slug_free(&slug), prompt) {
                (Ok(()), _) => slug,
                (Err(problem), None) => return Err(problem),
                (Err(problem), Some(prompt)) => {
                    prompt.say(&format!("  {problem}"));
                    prompt.ask("Filnamn (utan .md)", |a| {
                        content.partnerskap_slug_free(a).map(|()| a.to_owned())
                    })?
                }
            }
        }
    };
    let path = content
        .root
        .join("content")
        .join(PARTNERSKAP_DIR)
        .join(format!("{slug}.md"));
    write_new(&path, &partnerskap_text(&p))?;
    written.push(path);
    Ok(written)
}

/// Kommuner and regioner, one per answer, each with its nämnder.
fn ask_offentliga(prompt: &mut Prompt) -> Result<Vec<OffentligPart>, Problem> {
    let mut offentliga: Vec<OffentligPart> = Vec::new();
    prompt.say("\nOffentliga parter: kommuner och regioner, en i taget. Tom rad när du är klar.");
    loop {
        let question = if offentliga.is_empty() {
            "Kommun eller region (t.ex. Malmö eller Region Skåne)"
        } else {
            "Ytterligare kommun eller region (tom rad: klar)"
        };
        let done = !offentliga.is_empty();
        let part = prompt.ask(question, |a| {
            if a.is_empty() && done {
                return Ok(None);
            }
            let part = kommun_eller_region(a)?;
            if offentliga.iter().any(|o: &OffentligPart| o.part == part) {
                return Err(Problem::new("den står redan som part"));
            }
            Ok(Some(part))
        })?;
        let Some(part) = part else { break };
        let name = match &part {
            Part::Kommun(k) => reference()
                .find_kommun(k)
                .map_or_else(|_| k.clone(), |k| k.officiellt_namn.clone()),
            Part::Region(r) => r.clone(),
        };
        let organ = prompt.line(&format!(
            "  Nämnd eller förvaltning hos {name} (valfritt, flera kommaseparerade)"
        ))?;
        offentliga.push(OffentligPart {
            part,
            organ: organ
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect(),
        });
    }
    Ok(offentliga)
}

/// Organisations by name or alias; an unknown one may be created on the spot.
fn ask_ideburna(
    content: &mut Content,
    prompt: &mut Prompt,
    written: &mut Vec<PathBuf>,
) -> Result<Vec<String>, Problem> {
    let mut ideburna: Vec<String> = Vec::new();
    prompt.say("\nIdéburna parter: organisationer i content/organisationer/, en i taget. Tom rad när du är klar.");
    loop {
        let question = if ideburna.is_empty() {
            "Idéburen organisation (namn eller alias)"
        } else {
            "Ytterligare organisation (tom rad: klar)"
        };
        let answer = prompt.line(question)?;
        if answer.is_empty() {
            if ideburna.is_empty() {
                prompt.say("  fel: ange minst en idéburen organisation");
                continue;
            }
            break;
        }
        let org = match content.org(&answer) {
            Ok(org) => org,
            Err(problem) => {
                let suggestion = suggest(&answer, content.org_names());
                if suggestion.is_some() {
                    prompt.say(&format!("  {problem}"));
                }
                let question = format!(
                    "  Organisationen '{answer}' finns inte. Skapa content/{ORGANISATIONER_DIR}/{}.md nu?",
                    slugify(&answer)
                );
                if !prompt.yes(&question)? {
                    continue;
                }
                let args = OrganisationArgs {
                    namn: Some(answer.clone()),
                    ..Default::default()
                };
                match create_organisation(content, args, Some(&mut *prompt), true) {
                    Ok((path, namn)) => {
                        prompt.say(&format!(
                            "  Skrev {}",
                            display_path(&relative(&content.root, &path))
                        ));
                        written.push(path);
                        namn
                    }
                    Err(problem) => {
                        prompt.say(&format!("  {problem}"));
                        continue;
                    }
                }
            }
        };
        if ideburna.contains(&org) {
            prompt.say(&format!("  fel: '{org}' står redan som part"));
            continue;
        }
        ideburna.push(org);
    }
    Ok(ideburna)
}

fn ask_fokus(content: &Content, prompt: &mut Prompt) -> Result<Vec<String>, Problem> {
    prompt.say("\nFokusområden:");
    for (i, f) in content.fokus_list().iter().enumerate() {
        prompt.say(&format!("  {:>2}. {} ({})", i + 1, f.namn, f.id));
    }
    prompt.ask(
        "Välj ett till tre (nummer eller id, kommaseparerade)",
        |a| content.fokus(&[a.to_owned()]),
    )
}

/// Sources by number, id or web address; a web address gets a title.
fn ask_kallor(content: &Content, prompt: &mut Prompt) -> Result<Vec<Kalla>, Problem> {
    prompt.say("\nKällor: varifrån uppgifterna kommer.");
    for (i, k) in content.kallor_list().iter().enumerate() {
        let id = k.id.as_deref().unwrap_or_default();
        prompt.say(&format!("  {:>2}. {} ({id}, {})", i + 1, k.titel, k.datum));
    }
    let mut kallor = prompt.ask(
        "Källa (nummer eller id, kommaseparerade, eller en webbadress)",
        |a| {
            let mut kallor = Vec::new();
            for k in list(a) {
                push_kalla(&mut kallor, content.kalla(k)?)?;
            }
            if kallor.is_empty() {
                return Err(Problem::new("ange minst en källa"));
            }
            Ok(kallor)
        },
    )?;
    for k in &mut kallor {
        if let Kalla::Lank {
            titel,
            url,
            datum,
            publicerad,
        } = k
        {
            let answer = prompt.line(&format!("  Titel för {url} (tomt: {titel})"))?;
            if !answer.is_empty() {
                *titel = answer;
            }
            if let Some(published) = prompt.ask(
                "  Datum då den publicerades (tomt om sidan saknar datum: då skrivs dagens datum som läst)",
                |a| match a.trim() {
                    "" => Ok(None),
                    text => self::datum(text).map(Some),
                },
            )? {
                *datum = published;
                *publicerad = true;
            }
        }
    }
    Ok(kallor)
}

fn push_part(parts: &mut Vec<OffentligPart>, part: Part) -> Result<(), Problem> {
    if parts.iter().any(|p| p.part == part) {
        let name = match &part {
            Part::Kommun(k) | Part::Region(k) => k,
        };
        return Err(Problem::new(format!("{name} står två gånger som part")));
    }
    parts.push(OffentligPart {
        part,
        organ: Vec::new(),
    });
    Ok(())
}

fn push_org(orgs: &mut Vec<String>, org: String) -> Result<(), Problem> {
    if orgs.contains(&org) {
        return Err(Problem::new(format!("'{org}' står två gånger som part"))
            .hint("ett alias och namnet är samma organisation"));
    }
    orgs.push(org);
    Ok(())
}

fn push_kalla(kallor: &mut Vec<Kalla>, kalla: Kalla) -> Result<(), Problem> {
    if kallor.contains(&kalla) {
        return Err(Problem::new("samma källa står två gånger"));
    }
    kallor.push(kalla);
    Ok(())
}

/// The error for a run without a terminal: everything that is missing, and
/// a command that would work.
fn missing_flags(
    content: &Content,
    namn: &Option<String>,
    offentliga: &[OffentligPart],
    ideburna: &[String],
    fokus: &[String],
    kallor: &[Kalla],
) -> Problem {
    let mut lines = Vec::new();
    if namn.is_none() {
        lines.push(("--namn \"…\"".to_owned(), "partnerskapets namn".to_owned()));
    }
    if offentliga.is_empty() {
        lines.push((
            "--kommun … eller --region …".to_owned(),
            "minst en offentlig part".to_owned(),
        ));
    }
    if ideburna.is_empty() {
        lines.push((
            "--organisation \"…\"".to_owned(),
            "minst en idéburen organisation (namn eller alias)".to_owned(),
        ));
    }
    if fokus.is_empty() {
        let ids: Vec<&str> = content.fokus_list().iter().map(|f| f.id.as_str()).collect();
        lines.push((
            "--fokus …".to_owned(),
            format!("ett till tre fokusområden: {}", ids.join(", ")),
        ));
    }
    if kallor.is_empty() {
        let ids: Vec<&str> = content
            .kallor_list()
            .iter()
            .filter_map(|k| k.id.as_deref())
            .collect();
        lines.push((
            "--kalla …".to_owned(),
            format!("minst en källa: {} eller en webbadress", ids.join(", ")),
        ));
    }
    let width = lines
        .iter()
        .map(|(f, _)| f.chars().count())
        .max()
        .unwrap_or(0);
    let mut message = "uppgifter saknas för att skapa partnerskapet:".to_owned();
    for (flag, what) in &lines {
        let pad = " ".repeat(width - flag.chars().count());
        message.push_str(&format!("\n    {flag}{pad}  {what}"));
    }
    Problem::new(message).hint(
        "ange dem som flaggor, till exempel\n      iop new partnerskap --namn \"Stöd till människor i hemlöshet\" --kommun Malmö \\\n        --organisation \"Skåne Stadsmission\" --fokus hemloshet --kalla famna-fremia-2023\n    eller kör kommandot i en terminal, så frågar det efter det som saknas",
    )
}

/// The file name: the first public party and the name, as the existing
/// files are named ("malmo-crossroads-vinternatt").
fn partnerskap_slug(p: &NyttPartnerskap) -> String {
    let reference = reference();
    let prefix = match p.offentliga.first().map(|o| &o.part) {
        Some(Part::Kommun(k)) => reference
            .find_kommun(k)
            .map(|k| k.slug.clone())
            .unwrap_or_default(),
        Some(Part::Region(r)) => reference
            .find_region(r)
            .map(|r| r.slug.clone())
            .unwrap_or_default(),
        None => String::new(),
    };
    let namn = slugify(&p.namn);
    if prefix.is_empty() || namn == prefix || namn.starts_with(&format!("{prefix}-")) {
        namn
    } else {
        format!("{prefix}-{namn}")
    }
}

fn new_organisation(
    content: &mut Content,
    mut args: OrganisationArgs,
    prompt: Option<&mut Prompt>,
) -> Result<PathBuf, Problem> {
    match (args.namn.is_none(), prompt) {
        (false, _) => create_organisation(content, args, None, false).map(|(path, _)| path),
        (true, None) => Err(Problem::new("organisationens namn saknas")
            .hint("skriv det efter kommandot: iop new organisation \"Föreningen Exempel\"")),
        (true, Some(prompt)) => {
            let namn = prompt.ask("Organisationens namn", |a| {
                if a.is_empty() {
                    return Err(Problem::new("namnet får inte vara tomt"));
                }
                org_name_free(content, a).map(|()| a.to_owned())
            })?;
            args.namn = Some(namn);
            create_organisation(content, args, Some(prompt), true).map(|(path, _)| path)
        }
    }
}

fn org_name_free(content: &Content, name: &str) -> Result<(), Problem> {
    match content.find_org(name) {
        Some(o) => Err(Problem::new(format!(
            "det finns redan en organisation med namnet eller aliaset '{}': {}",
            name.trim(),
            display_path(&o.fil)
        ))
        .hint("använd den befintliga, eller ge den nya ett namn som skiljer dem åt")),
        None => Ok(()),
    }
}

fn webbplats(text: &str) -> Result<String, Problem> {
    let text = text.trim();
    if text.starts_with("http://") || text.starts_with("https://") {
        Ok(text.to_owned())
    } else {
        Err(
            Problem::new("adressen ska börja med http:// eller https://")
                .hint("kopiera hela adressen från webbläsarens adressfält"),
        )
    }
}

/// Validates and writes an organisation; with `ask`, asks for the optional
/// web address. Returns the file and the name partnerships use.
fn create_organisation(
    content: &mut Content,
    args: OrganisationArgs,
    prompt: Option<&mut Prompt>,
    ask: bool,
) -> Result<(PathBuf, String), Problem> {
    let namn = args.namn.unwrap_or_default().trim().to_owned();
    if namn.is_empty() {
        return Err(Problem::new("organisationens namn får inte vara tomt"));
    }
    org_name_free(content, &namn)?;
    let mut alias: Vec<String> = Vec::new();
    for a in args.alias.iter().map(|a| a.trim()) {
        org_name_free(content, a)?;
        if name_key(a) == name_key(&namn) || alias.iter().any(|b| name_key(b) == name_key(a)) {
            return Err(Problem::new(format!(
                "aliaset '{a}' är samma som namnet eller ett annat alias"
            ))
            .hint("namn jämförs utan hänsyn till stora och små bokstäver"));
        }
        alias.push(a.to_owned());
    }
    let mut webbplats_ = args.webbplats.as_deref().map(webbplats).transpose()?;
    let del_av = args.del_av.as_deref().map(|p| content.org(p)).transpose()?;
    if let Some(nr) = &args.organisationsnummer
        && !organisationsnummer_ok(nr.trim())
    {
        return Err(Problem::new(format!(
            "organisationsnumret '{}' är ogiltigt: det ska vara NNNNNN-NNNN med rätt kontrollsiffra",
            nr.trim()
        ))
        .hint("kontrollera numret mot Bolagsverket eller organisationens årsredovisning"));
    }
    let slug = args.slug.unwrap_or_else(|| slugify(&namn));
    valid_slug(&slug)?;
    let path = content
        .root
        .join("content")
        .join(ORGANISATIONER_DIR)
        .join(format!("{slug}.md"));
    if path.exists() {
        return Err(Problem::new(format!(
            "filen {} finns redan",
            display_path(&relative(&content.root, &path))
        ))
        .hint("är det samma organisation? Annars: välj ett annat filnamn med --slug"));
    }
    if let (true, Some(prompt), None) = (ask, prompt, &webbplats_) {
        webbplats_ = prompt.ask_optional("  Organisationens webbplats (valfritt)", webbplats)?;
    }
    let o = NyOrganisation {
        namn: namn.clone(),
        alias: alias.clone(),
        webbplats: webbplats_,
        organisationsnummer: args.organisationsnummer.map(|n| n.trim().to_owned()),
        del_av,
        beskrivning: args.beskrivning.filter(|b| !b.trim().is_empty()),
    };
    write_new(&path, &organisation_text(&o))?;
    content.vocabulary.add(Namn {
        namn: namn.clone(),
        alias,
        fil: relative(&content.root, &path),
        broken: false,
    });
    Ok((path, namn))
}

struct NyOrganisation {
    namn: String,
    alias: Vec<String>,
    webbplats: Option<String>,
    organisationsnummer: Option<String>,
    del_av: Option<String>,
    beskrivning: Option<String>,
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<(), Problem> {
    let fail = |e: io::Error| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            Problem::new(format!("filen {} finns redan", display_path(path)))
                .hint("välj ett annat filnamn med --slug")
        } else {
            Problem::new(format!("kunde inte skriva {}: {e}", display_path(path)))
        }
    };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)
}

/// Checks the site after writing and shows what the checker says about the
/// new files. False when a new file has errors.
fn report(root: &Path, written: &[PathBuf]) -> bool {
    let files: Vec<String> = written
        .iter()
        .map(|p| display_path(&relative(root, p)))
        .collect();
    for file in &files {
        eprintln!("Skrev {file}");
    }
    let checked = site::check_site(root);
    let (own, rest): (Vec<_>, Vec<_>) = checked
        .diagnostics
        .0
        .into_iter()
        .partition(|d| files.contains(&d.file));
    let own = Diagnostics(own);
    let rest = Diagnostics(rest);
    eprintln!();
    if own.0.is_empty() {
        eprintln!("iop check: inga fel i den nya filen.");
    } else {
        eprintln!("iop check säger om den nya filen:\n");
        eprint!("{}", own.to_text());
    }
    if rest.has_errors() {
        eprintln!(
            "Övriga filer: {} Kör `iop check` för att se dem.",
            rest.summary()
        );
    }
    let partnerskap = files
        .iter()
        .rev()
        .find(|f| f.contains(&format!("/{PARTNERSKAP_DIR}/")));
    eprintln!("\nNästa steg:");
    match partnerskap {
        Some(file) => {
            let placeholder = fs::read_to_string(root.join(file))
                .is_ok_and(|text| text.contains(PARTNERSKAP_PLATSHALLARE));
            eprintln!("  1. Öppna {file}.");
            if placeholder {
                eprintln!(
                    "     Ersätt platshållartexten (under det andra ---) med 2–4 meningar om partnerskapet."
                );
            }
            eprintln!(
                "  2. Fyll i de nycklar som gäller: ta bort # framför t.ex. slut, länkar eller bekräftad."
            );
            eprintln!("  3. Förhandsgranska med `iop serve` och kontrollera med `iop check`.");
            eprintln!("  4. Lägg till filen i en pull request; se CONTRIBUTING.md.");
        }
        None => {
            let file = files.first().map(String::as_str).unwrap_or_default();
            eprintln!("  1. Öppna {file} och ersätt platshållartexten med en eller två meningar");
            eprintln!("     om organisationen.");
            eprintln!(
                "  2. Nämn organisationen i ett partnerskaps idéburna_parter, eller skapa ett nytt med"
            );
            eprintln!("     `iop new partnerskap --organisation \"…\"`.");
            eprintln!("  3. Kontrollera med `iop check` och lägg till filen i en pull request.");
        }
    }
    !own.has_errors()
}

// ----------------------------------------------------------------------
// The files.

/// The schema's descriptions, which become the comments of a new file.
struct Docs(Value);

impl Docs {
    fn partnerskap() -> Docs {
        Docs(serde_json::to_value(schema::partnerskap_schema()).unwrap_or_default())
    }

    fn organisation() -> Docs {
        Docs(serde_json::to_value(schema::organisation_schema()).unwrap_or_default())
    }

    fn key(&self, key: &str) -> &str {
        self.at(&format!("/properties/{key}/description"))
    }

    fn at(&self, pointer: &str) -> &str {
        self.0
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The description of `key` as comment lines.
    fn comment(&self, out: &mut String, key: &str) {
        comment(out, "", self.key(key));
    }

    /// The schema's example of the property at `pointer` (".../properties/key"),
    /// written as a commented-out line (or lines) for the editor to fill in.
    fn example_at(&self, out: &mut String, indent: &str, pointer: &str) {
        let key = pointer.rsplit('/').next().unwrap_or_default();
        let Some(example) = self.0.pointer(&format!("{pointer}/examples/0")) else {
            return;
        };
        match example {
            Value::Array(items) if items.iter().all(Value::is_object) => {
                out.push_str(&format!("{indent}# {key}:\n"));
                for item in items.iter().filter_map(Value::as_object) {
                    for (i, (k, v)) in item.iter().enumerate() {
                        let dash = if i == 0 { "- " } else { "  " };
                        out.push_str(&format!("{indent}#   {dash}{k}: {}\n", flow(v)));
                    }
                }
            }
            value => out.push_str(&format!("{indent}# {key}: {}\n", flow(value))),
        }
    }

    /// The example of a top-level key, commented out.
    fn example(&self, out: &mut String, key: &str) {
        self.example_at(out, "", &format!("/properties/{key}"));
    }

    /// The keys of the format, in the order the schema (and the struct
    /// behind it) gives them.
    fn keys(&self) -> impl Iterator<Item = &str> {
        self.0["properties"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.keys().map(String::as_str))
    }
}

/// A value from the schema as YAML on one line: `text`, `[a, b]`.
fn flow(value: &Value) -> String {
    match value {
        Value::String(text) => yaml(text),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// `text` as `#` lines of at most about 88 characters.
fn comment(out: &mut String, indent: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    let text = text.replace('`', "");
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + word.chars().count() > 86 - indent.len() {
            out.push_str(&format!("{indent}# {line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{indent}# {line}\n"));
    }
}

/// A YAML scalar: plain when it reads back as the same text, else quoted.
fn yaml(text: &str) -> String {
    let plain = !text.is_empty()
        && text.trim() == text
        && text.chars().next().is_some_and(char::is_alphanumeric)
        && !text.chars().any(char::is_control)
        && iop::yaml::is_plain_text(text);
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).expect("a string is JSON")
    }
}

pub use iop::check::ORGANISATION_PLATSHALLARE;
pub use iop::check::PLATSHALLARE as PARTNERSKAP_PLATSHALLARE;

fn partnerskap_text(p: &NyttPartnerskap) -> String {
    let docs = Docs::partnerskap();
    let mut out = String::from("---\n");
    out.push_str(
        "# Ett idéburet offentligt partnerskap. Rader som börjar med # är kommentarer och\n\
         # syns inte på webbplatsen; ta bort # framför en nyckel för att använda den.\n\
         # Alla nycklar förklaras i CONTRIBUTING.md.\n\n",
    );
    // Every key of the format, in the schema's order: those the editor gave
    // are written, the others commented out with the schema's example.
    for key in docs.keys() {
        docs.comment(&mut out, key);
        match key {
            "namn" => out.push_str(&format!("namn: {}\n", yaml(&p.namn))),
            "offentliga_parter" => offentliga_text(&docs, &mut out, &p.offentliga),
            "idéburna_parter" => {
                out.push_str("idéburna_parter:\n");
                for o in &p.ideburna {
                    out.push_str(&format!("  - {}\n", yaml(o)));
                }
            }
            "fokusområden" => out.push_str(&format!("fokusområden: [{}]\n", p.fokus.join(", "))),
            "start" => match p.start {
                Some(start) => out.push_str(&format!("start: {start}\n")),
                None => docs.example(&mut out, key),
            },
            "slut" => match p.slut {
                Some(slut) => out.push_str(&format!("slut: {}\n", slut_text(slut))),
                None => docs.example(&mut out, key),
            },
            "länkar" => {
                comment(
                    &mut out,
                    "",
                    &format!(
                        "– url: {}",
                        docs.at("/$defs/Lank/properties/url/description")
                    ),
                );
                docs.example(&mut out, key);
            }
            "källor" => kallor_text(&mut out, &p.kallor),
            _ => docs.example(&mut out, key),
        }
        out.push('\n');
    }
    finish(&mut out, p.beskrivning.as_deref(), PARTNERSKAP_PLATSHALLARE);
    out
}

/// The public parties, with the keys of a party explained.
fn offentliga_text(docs: &Docs, out: &mut String, parts: &[OffentligPart]) {
    const PART: &str = "/$defs/OffentligPartFil/properties";
    for key in ["kommun", "region", "organ"] {
        let description = docs.at(&format!("{PART}/{key}/description"));
        comment(out, "", &format!("– {key}: {description}"));
    }
    out.push_str("offentliga_parter:\n");
    for o in parts {
        match &o.part {
            Part::Kommun(k) => out.push_str(&format!("  - kommun: {}\n", yaml(k))),
            Part::Region(r) => out.push_str(&format!("  - region: {}\n", yaml(r))),
        }
        match o.organ.as_slice() {
            [] => docs.example_at(out, "    ", &format!("{PART}/organ")),
            [one] => out.push_str(&format!("    organ: {}\n", yaml(one))),
            many => {
                out.push_str("    organ:\n");
                for organ in many {
                    out.push_str(&format!("      - {}\n", yaml(organ)));
                }
            }
        }
    }
}

/// The sources: ids on one line, or a list when one is written in place.
fn kallor_text(out: &mut String, kallor: &[Kalla]) {
    let ids: Vec<&str> = kallor
        .iter()
        .filter_map(|k| match k {
            Kalla::Id(id) => Some(id.as_str()),
            Kalla::Lank { .. } => None,
        })
        .collect();
    if ids.len() == kallor.len() {
        out.push_str(&format!("källor: [{}]\n", ids.join(", ")));
        return;
    }
    out.push_str("källor:\n");
    for k in kallor {
        match k {
            Kalla::Id(id) => out.push_str(&format!("  - {id}\n")),
            Kalla::Lank {
                titel,
                url,
                datum,
                publicerad,
            } => {
                let key = if *publicerad { "datum" } else { "läst" };
                out.push_str(&format!(
                    "  - titel: {}\n    url: {}\n    {key}: {datum}\n",
                    yaml(titel),
                    yaml(url)
                ));
            }
        }
    }
}

/// Ends the YAML block and writes the description, or the placeholder.
fn finish(out: &mut String, beskrivning: Option<&str>, platshallare: &str) {
    if out.ends_with("\n\n") {
        out.pop();
    }
    out.push_str("---\n");
    out.push_str(beskrivning.unwrap_or(platshallare).trim());
    out.push('\n');
}

fn organisation_text(o: &NyOrganisation) -> String {
    let docs = Docs::organisation();
    let mut out = String::from("---\n");
    out.push_str(
        "# En idéburen organisation. Rader som börjar med # är kommentarer och syns inte\n\
         # på webbplatsen; ta bort # framför en nyckel för att använda den.\n\n",
    );
    let set = |key: &str, value: &Option<String>, out: &mut String| match value {
        Some(v) => out.push_str(&format!("{key}: {}\n", yaml(v))),
        None => docs.example_at(out, "", &format!("/properties/{key}")),
    };
    for key in docs.keys() {
        docs.comment(&mut out, key);
        match key {
            "namn" => out.push_str(&format!("namn: {}\n", yaml(&o.namn))),
            "alias" if !o.alias.is_empty() => {
                out.push_str("alias:\n");
                for a in &o.alias {
                    out.push_str(&format!("  - {}\n", yaml(a)));
                }
            }
            "webbplats" => set(key, &o.webbplats, &mut out),
            "organisationsnummer" => set(key, &o.organisationsnummer, &mut out),
            "del_av" => set(key, &o.del_av, &mut out),
            _ => docs.example_at(&mut out, "", &format!("/properties/{key}")),
        }
        out.push('\n');
    }
    finish(
        &mut out,
        o.beskrivning.as_deref(),
        ORGANISATION_PLATSHALLARE,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_yaml_would_misread() {
        assert_eq!(yaml("Skåne Stadsmission"), "Skåne Stadsmission");
        assert_eq!(yaml("Malmö"), "Malmö");
        assert_eq!(yaml("Beslut: punkt 3"), "\"Beslut: punkt 3\"");
        assert_eq!(yaml("2024"), "\"2024\"");
        assert_eq!(yaml("#1 i Malmö"), "\"#1 i Malmö\"");
        assert_eq!(yaml("Nej"), "Nej");
        assert_eq!(yaml("true"), "\"true\"");
        assert_eq!(yaml("A \"citat\""), "A \"citat\"");
    }

    #[test]
    fn comments_come_from_the_schema() {
        let docs = Docs::partnerskap();
        assert!(docs.key("namn").contains("namn"));
        assert!(
            !docs
                .at("/$defs/OffentligPartFil/properties/kommun/description")
                .is_empty()
        );
        let mut out = String::new();
        comment(&mut out, "", &"ord ".repeat(60));
        assert!(
            out.lines()
                .all(|l| l.starts_with("# ") && l.chars().count() <= 90)
        );
    }

    #[test]
    fn slugs_start_with_the_first_party() {
        let p = |namn: &str, part: Part| NyttPartnerskap {
            namn: namn.to_owned(),
            offentliga: vec![OffentligPart {
                part,
                organ: Vec::new(),
            }],
            ideburna: Vec::new(),
            fokus: Vec::new(),
            start: None,
            slut: None,
            kallor: Vec::new(),
            beskrivning: None,
        };
        assert_eq!(
            partnerskap_slug(&p("Stöd till hemlösa", Part::Kommun("Malmö".into()))),
            "malmo-stod-till-hemlosa"
        );
        assert_eq!(
            partnerskap_slug(&p("Malmö mot hemlöshet", Part::Kommun("Malmö".into()))),
            "malmo-mot-hemloshet"
        );
        assert_eq!(
            partnerskap_slug(&p("Vård", Part::Region("Region Skåne".into()))),
            "skane-vard"
        );
    }

    #[test]
    fn finds_kommuner_and_regioner_in_one_question() {
        assert_eq!(
            kommun_eller_region("Malmö stad").unwrap(),
            Part::Kommun("Malmö".into())
        );
        assert_eq!(
            kommun_eller_region("Region Skåne").unwrap(),
            Part::Region("Region Skåne".into())
        );
        assert_eq!(
            kommun_eller_region("Skåne").unwrap(),
            Part::Region("Region Skåne".into())
        );
        let problem = kommun_eller_region("Götebrog").unwrap_err();
        assert_eq!(problem.hint.as_deref(), Some("menade du 'Göteborg'?"));
        assert!(slut("2020", Datum::parse("2021").ok()).is_err());
        assert_eq!(slut("Tills vidare", None).unwrap(), Slut::TillsVidare);
    }

    /// A small site in a temporary folder: the repository's vocabulary files
    /// and two organisations.
    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        fs::create_dir_all(dir.path().join("content/organisationer")).unwrap();
        fs::create_dir_all(dir.path().join("content/partnerskap")).unwrap();
        for file in [
            "site.toml",
            "content/fokusomraden.yaml",
            "content/kallor.yaml",
        ] {
            fs::copy(repo.join(file), dir.path().join(file)).unwrap();
        }
        fs::write(
            dir.path()
                .join("content/organisationer/skane-stadsmission.md"),
            "---\nnamn: Skåne Stadsmission\nalias: [Skånes Stadsmission]\n---\nText.\n",
        )
        .unwrap();
        dir
    }

    fn interact(
        root: &Path,
        args: PartnerskapArgs,
        answers: &str,
    ) -> (Result<Vec<PathBuf>, Problem>, String) {
        let mut content = Content::load(root).unwrap();
        let mut input = answers.as_bytes();
        let mut output = Vec::new();
        let result = {
            let mut prompt = Prompt {
                input: &mut input,
                output: &mut output,
            };
            new_partnerskap(&mut content, args, Some(&mut prompt))
        };
        (result, String::from_utf8(output).unwrap())
    }

    #[test]
    fn asks_for_what_is_missing_and_checks_each_answer() {
        let site = site();
        let answers = [
            "Stöd i vardagen",
            "Malmoe", // a typo: asked again
            "Malmö",
            "Socialnämnden", // organ
            "Region Skåne",
            "",                    // no organ
            "",                    // done with parties
            "Skånes Stadsmission", // an alias
            "Ny förening",         // unknown: create it
            "j",
            "https://ny.example.org",
            "",   // done with organisations
            "99", // no such focus area
            "2, kultur",
            "2023-13", // no such month
            "2023-02",
            "tills vidare",
            "1",
            "", // no description
        ]
        .join("\n")
            + "\n";
        let (result, output) = interact(site.path(), PartnerskapArgs::default(), &answers);
        let written = result.unwrap_or_else(|p| panic!("{p}\n{output}"));
        assert!(output.contains("menade du 'Malmö'?"), "{output}");
        assert!(output.contains("okänt fokusområde '99'"), "{output}");
        assert_eq!(written.len(), 2, "the organisation and the partnership");
        let org = fs::read_to_string(&written[0]).unwrap();
        assert!(
            org.contains("namn: Ny förening\n")
                && org.contains("webbplats: https://ny.example.org\n")
        );
        let text = fs::read_to_string(&written[1]).unwrap();
        assert!(written[1].ends_with("content/partnerskap/malmo-stod-i-vardagen.md"));
        for line in [
            "namn: Stöd i vardagen\n",
            "  - kommun: Malmö\n    organ: Socialnämnden\n",
            "  - region: Region Skåne\n    # organ:",
            "  - Skåne Stadsmission\n  - Ny förening\n",
            "fokusområden: [hemloshet, kultur]\n",
            "start: 2023-02\n",
            "slut: tills vidare\n",
        ] {
            assert!(text.contains(line), "{line}\n{text}");
        }
        assert!(text.contains(PARTNERSKAP_PLATSHALLARE));
        let checked = site::check_site(site.path());
        assert!(
            !checked.diagnostics.has_errors(),
            "{}",
            checked.diagnostics.to_text()
        );
    }

    #[test]
    fn stops_at_the_end_of_input() {
        let site = site();
        let (result, _) = interact(site.path(), PartnerskapArgs::default(), "Namn\n");
        assert!(result.unwrap_err().message.contains("avbrutet"));
        assert!(
            fs::read_dir(site.path().join("content/partnerskap"))
                .unwrap()
                .next()
                .is_none()
        );
    }
}
