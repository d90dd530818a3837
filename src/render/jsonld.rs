//! schema.org JSON-LD for the pages of partnerships and organisations, so
//! search engines and harvesters read an entry as data. Built from the same
//! rows as the open data in /data/, and escaped for a `<script>` element.

use serde_json::{Value, json};

use super::data::{OrganisationData, PartnerskapData};
use crate::model::Catalogue;

/// JSON for inside `<script type="application/ld+json">`: `<`, `>` and `&`
/// only occur inside strings, where their \u escapes mean the same, so no
/// text (a name with "</script>") can end the element.
pub fn script(value: &Value) -> String {
    serde_json::to_string(value)
        .expect("plain data serializes")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A partnership as a schema.org Project (an Organization of its parties):
/// its dates as written, its parties, its sources as citations.
pub fn partnerskap(p: &PartnerskapData, catalogue: &Catalogue) -> Value {
    let mut members: Vec<Value> = p
        .offentliga_parter
        .iter()
        .map(|o| {
            json!({
                "@type": "GovernmentOrganization",
                "name": o.namn,
                "url": o.url,
                "identifier": o.kommunkod.clone().unwrap_or_else(|| o.lanskod.clone()),
            })
        })
        .collect();
    for o in &p.ideburna_parter {
        let mut member = json!({ "@type": "NGO", "name": o.namn, "url": o.url });
        if let Some(site) = catalogue
            .organisationer
            .iter()
            .find(|org| org.slug == o.slug)
            .and_then(|org| org.webbplats.as_ref())
        {
            member["sameAs"] = json!(site);
        }
        members.push(member);
    }
    for o in &p.ovriga_parter {
        members.push(json!({ "@type": "Organization", "name": o }));
    }
    let citations: Vec<Value> = p
        .kallor
        .iter()
        .map(|k| {
            let mut c = json!({ "@type": "CreativeWork", "name": k.titel, "url": k.url });
            if k.publicerad {
                c["datePublished"] = json!(k.datum);
            }
            c
        })
        .collect();
    let mut entry = json!({
        "@context": "https://schema.org",
        "@type": "Project",
        "@id": p.url,
        "url": p.url,
        "name": p.namn,
        "description": p.beskrivning,
        "member": members,
        "keywords": p.fokusomraden.iter().map(|f| f.namn.as_str()).collect::<Vec<_>>(),
        "citation": citations,
    });
    // A Project is an Organization: its dates are founding and dissolution.
    if let Some(start) = &p.start {
        entry["foundingDate"] = json!(start);
    }
    if let Some(end) = p
        .avslutad
        .as_ref()
        .or(p.slut.as_ref().filter(|_| !p.tills_vidare))
    {
        entry["dissolutionDate"] = json!(end);
    }
    entry
}

/// An organisation as a schema.org NGO.
pub fn organisation(
    o: &OrganisationData,
    beskrivning: &str,
    parent: Option<&OrganisationData>,
) -> Value {
    let mut entry = json!({
        "@context": "https://schema.org",
        "@type": "NGO",
        "@id": o.url,
        "url": o.url,
        "name": o.namn,
        "description": beskrivning,
    });
    if !o.alias.is_empty() {
        entry["alternateName"] = json!(o.alias);
    }
    if let Some(site) = &o.webbplats {
        entry["sameAs"] = json!(site);
    }
    if let Some(nr) = &o.organisationsnummer {
        entry["taxID"] = json!(nr);
    }
    if let Some(parent) = parent {
        entry["parentOrganization"] =
            json!({ "@type": "NGO", "@id": parent.url, "name": parent.namn, "url": parent.url });
    }
    entry
}
