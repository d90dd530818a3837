//! Index: the catalogue as `iop-search` documents, and the files of the
//! search page: the prebuilt index, its parts (postings by range of terms,
//! fetched as queries need them), its texts (the descriptions, for
//! snippets, loaded after the first results) and the WebAssembly module
//! that reads them.

use std::sync::Arc;

use iop_search::SearchDoc;

use super::view::Views;
use super::{Build, Output, Renderer};
use crate::diagnostic::Diagnostic;
use crate::model::{Catalogue, Groups, Offentlig, Partnerskap, Status};
use crate::reference::reference;

pub struct SearchIndex;

/// The search module, compiled by build.rs from `crates/iop-search-wasm`.
pub const WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/iop_search.wasm"));

impl Renderer for SearchIndex {
    fn render(&self, build: &Build, output: &mut Output) -> Result<(), Diagnostic> {
        let docs = docs(build);
        let bundles = match build.cache {
            Some(cache) => super::lock(&cache.search_index).index(&docs),
            None => iop_search::Indexer::default().index(&docs),
        };
        let bundles = bundles.map_err(|e| {
            Diagnostic::error(
                std::path::Path::new("content"),
                format!("kunde inte bygga sökindexet: {e}"),
            )
        })?;
        output.add("sok/index.bin", bundles.index);
        for (name, part) in bundles.parts {
            output.add(format!("sok/{name}"), part);
        }
        output.add("sok/iop-search.wasm", WASM);
        Ok(())
    }
}

/// The build's partnerships as search documents: with a page cache, each
/// kept under its entry's key, so that a rebuild makes only the edited
/// ones.
fn docs(build: &Build) -> Arc<Vec<Arc<SearchDoc>>> {
    let views = Views::new(
        build.catalogue,
        build.groups(),
        build.statuses(),
        String::new(),
        build.as_of,
    );
    build.per_entry(
        |c| &c.search_docs,
        || build.vocabulary_key(),
        |i| Arc::new(doc(&views, &build.catalogue.partnerskap[i])),
    )
}

/// The partnerships as search documents, with statuses as of `as_of`.
pub fn search_docs(catalogue: &Catalogue, as_of: chrono::NaiveDate) -> Vec<SearchDoc> {
    let groups = Groups::of(catalogue);
    let statuses: Vec<_> = catalogue
        .partnerskap
        .iter()
        .map(|p| p.period.status(as_of))
        .collect();
    let views = Views::new(catalogue, &groups, &statuses, String::new(), as_of);
    catalogue
        .partnerskap
        .iter()
        .map(|p| doc(&views, p))
        .collect()
}

/// The partnership `p` as a search document: made of the entry and the
/// vocabulary only (see `Build::entry_key`).
fn doc(views: &Views, p: &Partnerskap) -> SearchDoc {
    let catalogue = views.catalogue;
    let as_of = views.as_of;
    let kort = views.make_kort(p);
    let mut regioner: Vec<String> = p
        .offentliga
        .iter()
        .map(|o| reference().region(o.part.lanskod()).namn.clone())
        .collect();
    regioner.dedup();
    let mut organisationsnamn = Vec::new();
    let mut om_organisationer = Vec::new();
    for &i in &p.ideburna {
        let o = &catalogue.organisationer[i];
        if !o.beskrivning.plain.trim().is_empty() {
            om_organisationer.push(o.beskrivning.plain.clone());
        }
        organisationsnamn.extend(o.alias.iter().cloned());
        let mut parent = o.del_av;
        // Bounded even if a cycle got past the checker.
        let mut steps = 0;
        while let Some(pi) = parent.filter(|_| steps < catalogue.organisationer.len()) {
            organisationsnamn.push(catalogue.organisationer[pi].namn.clone());
            parent = catalogue.organisationer[pi].del_av;
            steps += 1;
        }
    }
    let parter: Vec<String> = kort
        .offentliga
        .iter()
        .chain(&kort.ideburna)
        .map(|l| l.namn.clone())
        .chain(p.ovriga.iter().cloned())
        .collect();
    SearchDoc {
        slug: p.slug.clone(),
        namn: p.namn.clone(),
        beskrivning: p.beskrivning.plain.clone(),
        organisationer: kort.ideburna.iter().map(|l| l.namn.clone()).collect(),
        organisationsnamn,
        om_organisationer,
        kommuner: p
            .offentliga
            .iter()
            .filter_map(|o| match &o.part {
                Offentlig::Kommun(kod) => Some(reference().kommun(kod).namn.clone()),
                Offentlig::Region(_) => None,
            })
            .collect(),
        regioner,
        organ: p
            .offentliga
            .iter()
            .flat_map(|o| o.organ.iter().cloned())
            .collect(),
        fokus: kort.fokus.iter().map(|l| l.namn.clone()).collect(),
        status: kort.status.to_owned(),
        status_ordning: Status::ALL
            .iter()
            .position(|s| s.namn() == kort.status)
            .unwrap_or(Status::ALL.len()) as u32,
        år: p.period.years(as_of),
        parter: parter.join(", "),
        period: kort.period.clone(),
    }
}
