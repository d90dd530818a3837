//! The rules of one partnership, checked against the vocabulary.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::file::{FileProblems, check_slug};
use super::lists::kalla;
use super::organisationer::unknown_organisation_hint;
use super::{FileKind, PLATSHALLARE};
use crate::history::History;
use crate::load::SourceFile;
use crate::markdown;
use crate::model::*;
use crate::reference::{GOTLAND_LANSKOD, reference};
use crate::schema::{self, PartnerskapFil};
use crate::text::suggest;
use crate::vocabulary::Vocabulary;

/// The rule that a public party is one kommun or one region, and its hint.
pub(super) const KOMMUN_ELLER_REGION: (&str, &str) = (
    "en offentlig part ska ange exakt en av 'kommun' och 'region'",
    "skriv t.ex. '- kommun: Malmö' eller '- region: Region Skåne', och en post per part",
);

/// What a partnership may refer to, checked before the partnerships.
pub(super) struct Known<'a> {
    /// Names, ids and sources, also of files with errors.
    pub(super) vocabulary: &'a Vocabulary,
    pub(super) fokus_file: &'a Path,
    pub(super) kallor_file: &'a Path,
    pub(super) organisationer: &'a [Organisation],
    pub(super) history: &'a History,
    pub(super) kind: FileKind,
    /// How many partnerships each broken file kept from being checked.
    pub(super) unchecked: std::sync::Mutex<BTreeMap<std::path::PathBuf, usize>>,
}

pub(super) fn partnerskap(
    file: &SourceFile,
    known: &Known,
    problems: &mut FileProblems,
) -> Option<Partnerskap> {
    let Known {
        vocabulary,
        fokus_file,
        kallor_file,
        organisationer,
        history,
        kind,
        unchecked,
    } = known;
    let (fokusomraden, kallor) = (&vocabulary.fokusomraden, &vocabulary.kallor);
    let broken_fokus = vocabulary.is_broken(fokus_file).then_some(*fokus_file);
    let broken_kallor = vocabulary.is_broken(kallor_file).then_some(*kallor_file);
    check_slug(problems, &file.stem);
    let p: PartnerskapFil = problems.parse(kind)?;
    // The broken files this partnership refers to.
    let mut depends: BTreeSet<&std::path::Path> = BTreeSet::new();
    let reference = reference();

    let mut offentliga = Vec::new();
    for (i, part) in p.offentliga_parter.into_iter().enumerate() {
        let organ = part.organ.map(|o| o.into_vec()).unwrap_or_default();
        let resolved = match (&part.kommun, &part.region) {
            (Some(kommun), None) => match reference.find_kommun(kommun) {
                Ok(k) if k.lanskod == GOTLAND_LANSKOD => {
                    Some(Offentlig::Region(GOTLAND_LANSKOD.to_owned()))
                }
                Ok(k) => Some(Offentlig::Kommun(k.kod.clone())),
                Err(suggestion) => {
                    problems.error(
                        &format!("/offentliga_parter/{i}/kommun"),
                        format!("okänd kommun '{kommun}'"),
                        Some(match suggestion {
                            Some(s) => format!("menade du '{s}'?"),
                            None => "skriv kommunens namn som SCB skriver det (t.ex. 'Malmö') eller den fyrsiffriga kommunkoden".to_owned(),
                        }),
                    );
                    None
                }
            },
            (None, Some(region)) => match reference.find_region(region) {
                Ok(r) => Some(Offentlig::Region(r.lanskod.clone())),
                Err(suggestion) => {
                    problems.error(
                        &format!("/offentliga_parter/{i}/region"),
                        format!("okänd region '{region}'"),
                        Some(match suggestion {
                            Some(s) => format!("menade du '{s}'?"),
                            None => "skriv regionens namn (t.ex. 'Region Skåne'), länets namn eller länskoden".to_owned(),
                        }),
                    );
                    None
                }
            },
            // The schema says this too (for editors' tools); a file it
            // rejects never gets here, so this is said once.
            _ => {
                let (message, hint) = KOMMUN_ELLER_REGION;
                problems.error(
                    &format!("/offentliga_parter/{i}"),
                    message,
                    Some(hint.to_owned()),
                );
                None
            }
        };
        if let Some(part) = resolved {
            if offentliga.iter().any(|o: &OffentligPart| o.part == part) {
                problems.error(
                    &format!("/offentliga_parter/{i}"),
                    format!("{} står redan som part", part.namn()),
                    Some("samla alla nämnder under en post: organ: [A, B]".to_owned()),
                );
            } else {
                offentliga.push(OffentligPart { part, organ });
            }
        }
    }

    let mut ideburna = Vec::new();
    for (i, name) in p.ideburna_parter.iter().enumerate() {
        match vocabulary.find(name) {
            // An organisation whose file has errors is not in the catalogue.
            Some((_, namn)) if namn.broken || !organisationer.iter().any(|o| o.fil == namn.fil) => {
                depends.insert(&namn.fil);
            }
            Some((o, _)) if ideburna.contains(&o) => problems.error(
                &format!("/idéburna_parter/{i}"),
                format!(
                    "'{name}' är samma organisation som en annan part i listan ({})",
                    organisationer[o].namn
                ),
                Some("ta bort dubbletten".to_owned()),
            ),
            Some((o, _)) => ideburna.push(o),
            None => problems.error(
                &format!("/idéburna_parter/{i}"),
                format!("okänd organisation '{name}'"),
                Some(unknown_organisation_hint(
                    name,
                    organisationer.iter().flat_map(|o| {
                        std::iter::once(o.namn.as_str()).chain(o.alias.iter().map(String::as_str))
                    }),
                )),
            ),
        }
    }

    let mut fokus = Vec::new();
    for (i, id) in p.fokusomraden.iter().enumerate() {
        match fokusomraden.iter().position(|f| &f.id == id) {
            // Whatever the id, the list it would be in could not be read.
            None if let Some(file) = broken_fokus => {
                depends.insert(file);
            }
            Some(f) if !fokus.contains(&f) => fokus.push(f),
            Some(_) => problems.error(
                &format!("/fokusområden/{i}"),
                format!("fokusområdet '{id}' står två gånger"),
                None,
            ),
            None => problems.error(
                &format!("/fokusområden/{i}"),
                format!("okänt fokusområde '{id}'"),
                Some({
                    let ids = || fokusomraden.iter().map(|f| f.id.as_str());
                    match suggest(id, ids()) {
                        Some(s) => format!("menade du '{s}'?"),
                        None => format!(
                            "använd ett id från content/{}: {}",
                            crate::load::FOKUSOMRADEN_FILE,
                            ids().collect::<Vec<_>>().join(", ")
                        ),
                    }
                }),
            ),
        }
    }

    let mut kallrefs = Vec::new();
    let cited = p.kallor.len();
    for (i, k) in p.kallor.into_iter().enumerate() {
        match k {
            schema::KallaRef::Id(id) => match kallor.iter().find(|c| c.id.as_deref() == Some(&id)) {
                Some(c) => kallrefs.push(c.clone()),
                None if let Some(file) = broken_kallor => {
                    depends.insert(file);
                }
                None => problems.error(
                    &format!("/källor/{i}"),
                    format!("okänd källa '{id}'"),
                    Some(match suggest(&id, kallor.iter().filter_map(|c| c.id.as_deref())) {
                        Some(s) => format!("menade du '{s}'?"),
                        None => format!(
                            "lägg till källan i content/{} eller skriv {{ titel: …, url: …, datum: … }}",
                            crate::load::KALLOR_FILE
                        ),
                    }),
                ),
            },
            schema::KallaRef::Kalla(k) => kallrefs.extend(kalla(None, k.titel, k.url, k.datum, k.last)),
        }
    }

    if let Some(b) = p.bekraftad
        // Not when a source could not be read: it may be the one.
        && kallrefs.len() == cited
        && !problems.pruned.contains("källor")
        && !kallrefs.iter().any(|k| k.publicerad && k.datum == b)
    {
        problems.error(
            "/bekräftad",
            format!("ingen av källorna har datumet {b}, så bekräftelsen går inte att följa"),
            Some(
                "bekräftad ska vara datumet för den källa som säger att partnerskapet var aktivt; lägg till den källan med datum (en sida med bara läst räknas inte)"
                    .to_owned(),
            ),
        );
    }

    let period = Period {
        start: p.start,
        slut: p.slut,
        forlangningar: p.forlangningar,
        avslutad: p.avslutad,
        bekraftad: p.bekraftad,
    };
    check_dates(&period, problems);

    if file.body.contains(PLATSHALLARE) {
        problems.warning(
            "/namn",
            "beskrivningen är fortfarande platshållartexten från `iop new`",
            Some("ersätt den med 2–4 egna meningar: vem gör vad, för vem och varför".to_owned()),
        );
    } else if file.body.trim().is_empty() {
        problems.warning(
            "/namn",
            "partnerskapet saknar beskrivning",
            Some(
                "skriv 2–4 meningar under det avslutande --- : vem gör vad, för vem och varför"
                    .to_owned(),
            ),
        );
    }
    let beskrivning = markdown::render(file, &mut problems.diagnostics);

    let mut unchecked = unchecked.lock().unwrap_or_else(|e| e.into_inner());
    for file in depends {
        *unchecked.entry(file.to_path_buf()).or_default() += 1;
    }
    if problems.has_errors() {
        return None;
    }
    Some(Partnerskap {
        slug: file.stem.clone(),
        namn: p.namn,
        offentliga,
        ideburna,
        ovriga: p.ovriga_parter,
        fokus,
        period,
        lankar: p.lankar,
        kallor: kallrefs,
        alias: p.alias,
        beskrivning,
        historik: history.of(file),
        fil: file.path.clone(),
    })
}

pub(super) fn check_dates(period: &Period, problems: &mut FileProblems) {
    let slut = match period.slut {
        Some(Slut::Datum(d)) => Some(d),
        _ => None,
    };
    if let (Some(start), Some(slut)) = (period.start, slut)
        && slut.last_day() < start.first_day()
    {
        problems.error(
            "/slut",
            format!("slut ({slut}) före start ({start})"),
            Some("har datumen bytt plats?".to_owned()),
        );
    }
    for (i, f) in period.forlangningar.iter().enumerate() {
        let pointer = format!("/förlängningar/{i}");
        if period.start.is_some_and(|s| f.last_day() < s.first_day()) {
            problems.error(
                &pointer,
                format!("förlängningen från {f} ligger före start"),
                None,
            );
        }
        if slut.is_some_and(|s| f.first_day() > s.last_day()) {
            problems.error(
                &pointer,
                format!("förlängningen från {f} ligger efter slut"),
                Some(
                    "'förlängningar' är de tidigare slutdatumen; 'slut' är det senaste kända"
                        .to_owned(),
                ),
            );
        }
    }
    if let Some(a) = period.avslutad {
        if period.start.is_some_and(|s| a.last_day() < s.first_day()) {
            problems.error("/avslutad", format!("avslutad ({a}) före start"), None);
        }
        if slut.is_some_and(|s| a.first_day() > s.last_day()) {
            problems.warning(
                "/avslutad",
                format!("avslutad ({a}) efter slut"),
                Some("'avslutad' är för avtal som slutade i förtid; har avtalet förlängts, ändra 'slut'".to_owned()),
            );
        }
    }
    if let Some(b) = period.bekraftad {
        if period.start.is_some_and(|s| b.last_day() < s.first_day()) {
            problems.error("/bekräftad", format!("bekräftad ({b}) före start"), None);
        }
        if slut.is_some_and(|s| b.first_day() > s.last_day()) {
            problems.warning(
                "/bekräftad",
                format!("källan bekräftar partnerskapet ({b}) efter dess slut ({})", slut.unwrap()),
                Some("har avtalet förlängts? Skriv det nya slutdatumet i 'slut' och det gamla i 'förlängningar'".to_owned()),
            );
        }
    }
}
