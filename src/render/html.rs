//! The HTML pages, rendered with tera from the theme's templates. A site may
//! override any template or static file, as in Zola: files in the site's
//! `templates/` and `static/` win over the theme's, and a theme folder in
//! the site wins over the default theme built into `iop`.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};
use walkdir::WalkDir;

use super::charts::Charts;
use super::view::{Antal, Kort, Link, Views};
use super::{Build, Output, Page, Renderer};
use crate::diagnostic::{Diagnostic, display_path};
use crate::reference::{GOTLAND_LANSKOD, reference};

/// The default theme, so `iop` can build any site without copying it.
static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub struct Html;

impl Renderer for Html {
    fn render(&self, build: &Build, output: &mut Output) -> Result<(), Diagnostic> {
        let (tera, template_hash) = templates(build)?;
        let tera = &*tera;
        copy_static(build, output)?;
        let mut views = Views::new(
            build.catalogue,
            build.groups(),
            build.statuses(),
            build.config.base_path(),
            build.as_of,
        );
        // A row that fails to render fails the build, after the pages.
        let row_error = std::sync::Mutex::new(None);
        let row = |k: &Kort| {
            let mut data = Context::new();
            data.insert("k", k);
            let mut html = tera.render("rad.html", &data).unwrap_or_else(|e| {
                row_error
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get_or_insert(e);
                String::new()
            });
            // Kept with the card for the whole build: without the spare
            // room the render left, 10 000 rows take half the memory.
            html.shrink_to_fit();
            html
        };
        views = views.with_rows(&row, template_hash);
        if let Some(cache) = build.cache {
            views = views.keeping_cards(cache, build.alignment(), build.vocabulary_key());
        }
        let views = views.with_cards();
        let fakta = build.cache.map(|_| build.fakta_keys());
        let mut charts = Charts::new(&views);
        if let (Some(cache), Some(fakta)) = (build.cache, &fakta) {
            let context = crate::incremental::key(&(
                common_key(build, template_hash, &views.base),
                build.vocabulary_key(),
            ));
            charts = charts.keeping(cache, fakta, build.entry_keys(), context);
        }
        let common_key = common_key(build, template_hash, &views.base);
        let pages = Pages {
            build,
            tera,
            views: &views,
            charts: &charts,
            antal: Antal::of(&views, 0..build.catalogue.partnerskap.len()),
            fokus: fokus_rader(&views),
            common_key,
        };
        let result = pages.all(output);
        if let Some(e) = row_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return Err(template_error(build.root, &e));
        }
        result
    }
}

/// The theme layers in the order they apply; later layers override.
fn theme_layers(build: &Build) -> Vec<PathBuf> {
    vec![
        build.root.join("themes").join(&build.config.theme),
        build.root.to_path_buf(),
    ]
}

/// The templates, and a hash of their texts (for the page cache). With a
/// page cache, templates whose texts are unchanged are not parsed again.
fn templates(build: &Build) -> Result<(std::sync::Arc<Tera>, u64), Diagnostic> {
    let mut files: Vec<(String, String)> = Vec::new();
    embedded_files(&DEFAULT_THEME, "templates", &mut |name, bytes| {
        files.push((name.to_owned(), String::from_utf8_lossy(bytes).into_owned()));
    });
    for layer in theme_layers(build) {
        for (name, path) in disk_files(&layer.join("templates")) {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Diagnostic::error(
                    &crate::diagnostic::relative(build.root, &path),
                    format!("kunde inte läsa mallen: {e}"),
                )
            })?;
            files.retain(|(n, _)| *n != name);
            files.push((name, text));
        }
    }
    let hash = crate::incremental::key(&files);
    let parse = || {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::text::escape_html);
        tera.add_raw_templates(files)
            .map_err(|e| template_error(build.root, &e))?;
        Ok(std::sync::Arc::new(tera))
    };
    let tera = match build.cache {
        Some(cache) => cache.templates(hash, parse)?,
        None => parse()?,
    };
    Ok((tera, hash))
}

fn template_error(root: &Path, e: &tera::Error) -> Diagnostic {
    use std::error::Error;
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Diagnostic::error(&root.join("templates"), format!("fel i en mall: {message}"))
        .hint("kontrollera mallen som nämns; en webbplats mallar ersätter temats med samma namn")
}

fn embedded_files(dir: &Dir, under: &str, f: &mut dyn FnMut(&str, &[u8])) {
    fn walk(dir: &Dir, prefix: &Path, f: &mut dyn FnMut(&str, &[u8])) {
        for file in dir.files() {
            if let Ok(rest) = file.path().strip_prefix(prefix) {
                f(&display_path(rest), file.contents());
            }
        }
        for sub in dir.dirs() {
            walk(sub, prefix, f);
        }
    }
    if let Some(sub) = dir.get_dir(under) {
        walk(sub, Path::new(under), f);
    }
}

/// Files under `dir` by their path relative to it, sorted.
fn disk_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some((display_path(rel), e.path().to_path_buf()))
        })
        .collect();
    files.sort();
    files
}

fn copy_static(build: &Build, output: &mut Output) -> Result<(), Diagnostic> {
    // The charts' own styles (hover, focus, tables), overridable like any static file.
    output.add("chart.css", iop_chart::CSS);
    embedded_files(&DEFAULT_THEME, "static", &mut |name, bytes| {
        output.add(name, bytes)
    });
    for layer in theme_layers(build) {
        for (name, path) in disk_files(&layer.join("static")) {
            let bytes = std::fs::read(&path).map_err(|e| {
                Diagnostic::error(
                    &crate::diagnostic::relative(build.root, &path),
                    format!("kunde inte läsa filen: {e}"),
                )
            })?;
            output.add(name, bytes);
        }
    }
    Ok(())
}

fn fokus_rader(views: &Views) -> Vec<FokusRad> {
    let catalogue = views.catalogue;
    (0..catalogue.fokusomraden.len())
        .map(|i| FokusRad {
            link: views.fokus(i),
            beskrivning: catalogue.fokusomraden[i].beskrivning.clone(),
            antal: Antal::of(
                views,
                views.groups.fokus(catalogue, i).places().iter().copied(),
            ),
        })
        .collect()
}

struct Pages<'a> {
    build: &'a Build<'a>,
    tera: &'a Tera,
    views: &'a Views<'a>,
    charts: &'a Charts<'a>,
    /// Totals of the whole catalogue, shown on several pages.
    antal: Antal,
    /// Every focus area with its counts, shown on several pages.
    fokus: Vec<FokusRad>,
    /// A hash of what every page is rendered with besides its own data
    /// (templates, settings, the day), for the page cache's keys.
    common_key: u64,
}

fn common_key(build: &Build, template_hash: u64, base: &str) -> u64 {
    crate::incremental::key(&(
        template_hash,
        serde_json::to_string(build.config).unwrap_or_default(),
        base,
        build.as_of,
    ))
}

/// Feeds what is formatted into it to a hasher, without keeping the text.
struct HashWriter<'a, H>(&'a mut H);

impl<H: std::hash::Hasher> std::fmt::Write for HashWriter<'_, H> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

#[derive(Serialize)]
struct Menu<'a> {
    namn: &'a str,
    url: String,
    aktiv: bool,
}

impl Pages<'_> {
    /// Renders `template` to `path` (a site path like "/kommun/malmo/").
    fn page(
        &self,
        output: &mut Output,
        template: &str,
        path: &str,
        title: &str,
        data: Context,
    ) -> Result<(), Diagnostic> {
        let (file, html) = self.render(template, path, title, data)?;
        output.add_shared(file, html);
        Ok(())
    }

    /// Renders `template` for `path`; returns the output file and its HTML.
    /// With a page cache, a page whose data is as in the previous build is
    /// taken from it instead.
    fn render(
        &self,
        template: &str,
        path: &str,
        title: &str,
        data: Context,
    ) -> Result<Page, Diagnostic> {
        self.render_keyed(template, path, title, data, || 0, |_| {})
    }

    /// `render`, for a page whose data is `data` and what `more` adds to
    /// it, which is made of what `key` gives a hash of: with a page cache,
    /// `more` is called only for a page that is rendered again.
    fn render_keyed(
        &self,
        template: &str,
        path: &str,
        title: &str,
        mut data: Context,
        key: impl FnOnce() -> u64,
        more: impl FnOnce(&mut Context),
    ) -> Result<Page, Diagnostic> {
        let Some(cache) = self.build.cache else {
            more(&mut data);
            return self.render_uncached(template, path, title, data);
        };
        let key = {
            use std::fmt::Write as _;
            use std::hash::{Hash, Hasher};
            let mut h = crate::incremental::hasher();
            (self.common_key, template, path, title, key()).hash(&mut h);
            // Context is a map of JSON values: its Debug text is all of it.
            let _ = write!(HashWriter(&mut h), "{data:?}");
            h.finish()
        };
        cache.pages.try_get_or(&output_file(path), key, || {
            more(&mut data);
            self.render_uncached(template, path, title, data)
        })
    }

    /// `render`, always rendering.
    fn render_uncached(
        &self,
        template: &str,
        path: &str,
        title: &str,
        data: Context,
    ) -> Result<Page, Diagnostic> {
        let config = self.build.config;
        let mut context = Context::new();
        context.insert("site", config);
        context.insert("base", &self.views.base);
        context.insert("path", path);
        context.insert("canonical", &format!("{}{path}", config.base_url()));
        context.insert("title", title);
        context.insert("as_of", &self.build.as_of.to_string());
        let menu: Vec<Menu> = config
            .menu
            .iter()
            .map(|m| Menu {
                namn: &m.name,
                url: self.views.url(&m.path),
                aktiv: path.starts_with(&m.path) && m.path != "/",
            })
            .collect();
        context.insert("menu", &menu);
        context.insert("statusar", &statusar());
        context.insert("granska_manader", &crate::model::GRANSKA_EFTER_MANADER);
        context.extend(data);
        let html = self
            .tera
            .render(template, &context)
            .map_err(|e| template_error(self.build.root, &e))?;
        let html = with_sharing_tags(
            html,
            &config.title,
            path.starts_with("/partnerskap/")
                && path != "/partnerskap/"
                && !path.starts_with("/partnerskap/sida/"),
        );
        Ok((output_file(path), html.into_bytes().into()))
    }

    /// The pages of group `id` (e.g. "/kommun/malmo/"), made of the
    /// entries at `places` in the catalogue and the vocabulary: with a page
    /// cache, those of the last build if its entries' keys are as they
    /// were, else `render`'s, kept. An unchanged group costs a hash of its
    /// entries' keys, not its data.
    fn group<'p>(
        &self,
        id: &str,
        places: impl IntoIterator<Item = &'p usize>,
        render: impl FnOnce() -> Result<Vec<Page>, Diagnostic>,
    ) -> Result<Vec<Page>, Diagnostic> {
        let Some(cache) = self.build.cache else {
            return render();
        };
        let key = {
            use std::hash::{Hash, Hasher};
            let mut h = crate::incremental::hasher();
            // The vocabulary and settings, for a group with no entries.
            (self.common_key, id, self.build.vocabulary_key()).hash(&mut h);
            let keys = self.build.entry_keys();
            for &i in places {
                keys[i].hash(&mut h);
            }
            h.finish()
        };
        cache.groups.try_get_or(id, key, render)
    }

    /// A hash of the keys of the entries at `places` (see
    /// `Build::entry_keys`), in their order; only with a page cache.
    fn places_key(&self, places: &[usize]) -> u64 {
        use std::hash::Hasher;
        let keys = self.build.entry_keys();
        let mut h = crate::incremental::hasher();
        for &i in places {
            h.write_u64(keys[i]);
        }
        h.finish()
    }

    /// Renders a page whose `name` ("partnerskap") is a list of the entries
    /// at `places`, in the order shown, split into pages of LISTSIDA rows:
    /// the first at `path`, the others at `{path}sida/N/`, each with
    /// `sidor` linking them (no JavaScript). A page's rows are `rows` of
    /// its entries, made of them and the vocabulary alone: with a page
    /// cache, they are made only for a page whose entries changed.
    fn render_paged<T: Serialize>(
        &self,
        template: &str,
        path: &str,
        title: &str,
        data: Context,
        (name, places): (&str, &[usize]),
        rows: impl Fn(&[usize]) -> Vec<T> + Sync,
    ) -> Result<Vec<Page>, Diagnostic> {
        let chunks: Vec<&[usize]> = if places.is_empty() {
            vec![places]
        } else {
            places.chunks(LISTSIDA).collect()
        };
        let page_path = |n: usize| {
            if n == 1 {
                path.to_owned()
            } else {
                format!("{path}sida/{n}/")
            }
        };
        let url = |n: usize| self.views.url(&page_path(n));
        let sidor = chunks.len();
        // Side by side: after a rename most pages of a list shift.
        chunks
            .par_iter()
            .enumerate()
            .map(|(i, chunk)| {
                let n = i + 1;
                let mut data = data.clone();
                data.insert(
                    "sidor",
                    &Sidor {
                        nummer: n,
                        antal: sidor,
                        forsta: i * LISTSIDA + 1,
                        sista: i * LISTSIDA + chunk.len(),
                        totalt: places.len(),
                        foregaende: (n > 1).then(|| url(n - 1)),
                        nasta: (n < sidor).then(|| url(n + 1)),
                        lankar: (1..=sidor)
                            .map(|m| SidLank {
                                nummer: m,
                                url: url(m),
                                aktuell: m == n,
                            })
                            .collect(),
                    },
                );
                let title = if n == 1 {
                    title.to_owned()
                } else {
                    format!("{title}, sida {n} av {sidor}")
                };
                self.render_keyed(
                    template,
                    &page_path(n),
                    &title,
                    data,
                    || self.places_key(chunk),
                    |data| data.insert(name, &rows(chunk)),
                )
            })
            .collect()
    }

    /// A list's rows: the cards of the entries at `places`.
    fn cards<'v>(&'v self, places: &[usize]) -> Vec<&'v Kort> {
        places.iter().map(|&i| self.views.kort(i)).collect()
    }

    /// Every page. When serving, each kind of page on its own core (they
    /// share only what they read), as most of their pages are kept; a full
    /// build renders the kinds one after another, each in parallel inside,
    /// so that the transient data of one kind is gone before the next (at
    /// 10 000 entries side by side would cost 50 MB more for no shorter a
    /// build). The first failing kind's error, in this order.
    fn all(&self, output: &mut Output) -> Result<(), Diagnostic> {
        type Kind<'p> = &'p (dyn Fn(&mut Output) -> Result<(), Diagnostic> + Sync);
        let kinds: [Kind; 11] = [
            &|o| self.start(o),
            &|o| self.partnerskap(o),
            &|o| self.kommuner(o),
            &|o| self.regioner(o),
            &|o| self.fokusomraden(o),
            &|o| self.organisationer(o),
            &|o| self.statistik(o),
            &|o| self.att_granska(o),
            &|o| self.data(o),
            &|o| self.bidra(o),
            &|o| self.about(o),
        ];
        let alone = |kind: &Kind| {
            let mut own = Output::default();
            kind(&mut own).map(|()| own)
        };
        let outputs: Vec<Result<Output, Diagnostic>> = match self.build.cache {
            Some(_) => kinds.par_iter().map(alone).collect(),
            None => kinds.iter().map(alone).collect(),
        };
        for own in outputs {
            let own = own?;
            output.files.extend(own.files);
            output.partnerskap = output.partnerskap.take().or(own.partnerskap);
        }
        Ok(())
    }

    /// The pages that show only the catalogue's totals.
    fn about(&self, output: &mut Output) -> Result<(), Diagnostic> {
        for (template, path, title) in [
            ("om.html", "/om/", "Om IOP-katalogen"),
            (
                "tillganglighet.html",
                "/tillganglighet/",
                "Tillgänglighetsredogörelse",
            ),
            ("sok.html", "/sok/", "Sök"),
            ("om_status.html", "/om/status/", "Så räknas status"),
            ("404.html", "/404.html", "Sidan finns inte"),
        ] {
            let mut data = Context::new();
            data.insert("antal", &self.antal);
            data.insert("fokusomraden", &self.fokus);
            self.page(output, template, path, title, data)?;
        }
        Ok(())
    }

    fn start(&self, output: &mut Output) -> Result<(), Diagnostic> {
        let catalogue = self.build.catalogue;
        // What is new to a reader: the partnerships with the newest sources.
        let latest = self.build.latest(6);
        let mut data = Context::new();
        data.insert("antal", &self.antal);
        let reference = reference();
        let kommuner = reference
            .kommuner
            .iter()
            // Gotland counts here as on /kommun/: it is one of the 290
            // kommuner, and also the region it is counted among.
            .filter(|k| self.views.groups.kommun(catalogue, &k.kod).next().is_some())
            .count();
        let regioner = reference
            .regioner
            .iter()
            .filter(|r| {
                self.views
                    .groups
                    .region(catalogue, &r.lanskod)
                    .next()
                    .is_some()
            })
            .count();
        data.insert("kommuner_med", &kommuner);
        data.insert("regioner_med", &regioner);
        data.insert("organisationer", &catalogue.organisationer.len());
        data.insert(
            "senaste",
            &latest
                .into_iter()
                .map(|i| self.views.kort(i))
                .collect::<Vec<_>>(),
        );
        data.insert("fokusomraden", &self.fokus);
        data.insert("karta", &self.charts.kommun_map("karta-start"));
        self.page(output, "index.html", "/", &self.build.config.title, data)
    }

    fn partnerskap(&self, output: &mut Output) -> Result<(), Diagnostic> {
        // One page per partnership, and a redirect per alias: the bulk of a
        // large site, so rendered in parallel. They are made of the entry,
        // the organisations and focus areas it refers to, and the site's
        // settings and templates: nothing of other entries, so each
        // partnership's pages are kept with the entry.
        let rows = &self.build.rows().partnerskap;
        let context = || crate::incremental::key(&(self.common_key, self.build.vocabulary_key()));
        let pages = self.build.per_entry(
            |c| &c.partnerskap_pages,
            context,
            |i| {
                self.partnerskap_pages(i, &rows[i].data)
                    .map(std::sync::Arc::new)
            },
        );
        if let Some(Err(e)) = pages.iter().find(|p| p.is_err()) {
            return Err(e.clone());
        }
        // Kept whole, with where each page is (see `EntryPages`).
        output.partnerskap = Some(match self.build.cache {
            Some(cache) => {
                let alignment = self.build.alignment();
                let index = cache
                    .entry_index
                    .take(alignment)
                    .filter(|_| alignment.same_places())
                    .map(|index| (index, alignment.changed.as_slice()));
                let pages = super::EntryPages::new(pages, index);
                cache.entry_index.keep(alignment, &pages.index);
                pages
            }
            None => super::EntryPages::new(pages, None),
        });
        // The list in pages of LISTSIDA entries, so that each page stays
        // small (and readable) at any size: /partnerskap/ is the first,
        // /partnerskap/sida/2/ … the others, linked without JavaScript.
        let all = self.views.all_in_order();
        let mut data = Context::new();
        data.insert("antal", &self.antal);
        data.insert("fokusomraden", &self.fokus);
        let pages = self.render_paged(
            "partnerskap_lista.html",
            "/partnerskap/",
            "Alla partnerskap",
            data,
            ("partnerskap", &all),
            |places| self.cards(places),
        )?;
        for (file, html) in pages {
            output.add_shared(file, html);
        }
        Ok(())
    }

    /// The page of the partnership at place `i` and its aliases' redirects.
    fn partnerskap_pages(
        &self,
        i: usize,
        row: &super::data::PartnerskapData,
    ) -> Result<Vec<Page>, Diagnostic> {
        let p = &self.build.catalogue.partnerskap[i];
        if let Some(cache) = self.build.cache {
            cache
                .rendered
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        let catalogue = self.build.catalogue;
        let sida = self.views.sida(i);
        let jsonld = super::jsonld::script(&super::jsonld::partnerskap(row, catalogue));
        let mut data = Context::new();
        data.insert("p", &sida);
        data.insert("jsonld", &jsonld);
        let mut pages = vec![self.render_uncached(
            "partnerskap.html",
            &format!("/partnerskap/{}/", p.slug),
            &p.namn,
            data,
        )?];
        for alias in &p.alias {
            let mut data = Context::new();
            data.insert("target", &self.views.partnerskap_url(&p.slug));
            data.insert("target_namn", &p.namn);
            data.insert(
                "target_absolute",
                &format!("{}/partnerskap/{}/", self.build.config.base_url(), p.slug),
            );
            pages.push(self.render_uncached(
                "redirect.html",
                &format!("/partnerskap/{alias}/"),
                &p.namn,
                data,
            )?);
        }
        Ok(pages)
    }

    fn kommuner(&self, output: &mut Output) -> Result<(), Diagnostic> {
        let catalogue = self.build.catalogue;
        let reference = reference();
        let mut lan = Vec::new();
        for region in &reference.regioner {
            // The kommuner's pages in parallel: each is a page of its own.
            let kommuner: Vec<_> = reference.kommuner_in(&region.lanskod).collect();
            let rendered = kommuner
                .par_iter()
                .map(|k| {
                    let members = self.views.groups.kommun(catalogue, &k.kod);
                    let places = members.places();
                    let page =
                        self.group(&format!("/kommun/{}/", k.slug), members.places(), || {
                            let mut data = Context::new();
                            data.insert(
                                "kommun",
                                &KommunView {
                                    namn: k.namn.clone(),
                                    officiellt_namn: k.officiellt_namn.clone(),
                                    kod: k.kod.clone(),
                                    lan: region.lan.clone(),
                                    region: self.views.offentlig(&crate::model::Offentlig::Region(
                                        region.lanskod.clone(),
                                    )),
                                    gotland: k.lanskod == GOTLAND_LANSKOD,
                                },
                            );
                            let list = self.views.in_order(places.iter().copied());
                            data.insert("antal", &Antal::of(self.views, places.iter().copied()));
                            data.insert(
                                "fokus_diagram",
                                &self.charts.fokus(
                                    &format!("fokus-{}", k.slug),
                                    &k.namn,
                                    &format!("i {}", k.namn),
                                    places,
                                ),
                            );
                            data.insert(
                                "tidslinje",
                                &self.charts.timeline(
                                    &format!("tid-{}", k.slug),
                                    &k.namn,
                                    &format!("i {}", k.namn),
                                    places,
                                ),
                            );
                            self.render_paged(
                                "kommun.html",
                                &format!("/kommun/{}/", k.slug),
                                &k.officiellt_namn,
                                data,
                                ("partnerskap", &list),
                                |places| self.cards(places),
                            )
                        })?;
                    Ok((
                        page,
                        KommunRad {
                            link: Link {
                                namn: k.namn.clone(),
                                url: self.views.kommun_url(&k.kod),
                            },
                            kod: k.kod.clone(),
                            antal: Antal::of(self.views, places.iter().copied()),
                        },
                    ))
                })
                .collect::<Result<Vec<_>, Diagnostic>>()?;
            let mut rows = Vec::new();
            for (pages, row) in rendered {
                for (file, html) in pages {
                    output.add_shared(file, html);
                }
                rows.push(row);
            }
            rows.sort_by_cached_key(|r| crate::text::collation_key(&r.link.namn));
            lan.push(LanGrupp {
                region: self
                    .views
                    .offentlig(&crate::model::Offentlig::Region(region.lanskod.clone())),
                lan: region.lan.clone(),
                kommuner: rows,
            });
        }
        // The kommuner a reader is most likely looking for first: those with
        // partnerships, in Swedish alphabetical order.
        let mut med: Vec<&KommunRad> = lan
            .iter()
            .flat_map(|g| &g.kommuner)
            .filter(|k| k.antal.totalt > 0)
            .collect();
        med.sort_by_cached_key(|r| crate::text::collation_key(&r.link.namn));
        let mut data = Context::new();
        data.insert("med_partnerskap", &med);
        data.insert("lan", &lan);
        data.insert("karta", &self.charts.kommun_map("karta-kommuner"));
        self.page(output, "kommuner.html", "/kommun/", "Kommuner", data)
    }

    fn regioner(&self, output: &mut Output) -> Result<(), Diagnostic> {
        let catalogue = self.build.catalogue;
        let reference = reference();
        let mut rows = Vec::new();
        for region in &reference.regioner {
            let own_members = self.views.groups.region(catalogue, &region.lanskod);
            let lan_members = self.views.groups.lan(catalogue, &region.lanskod);
            let pages = self.group(
                &format!("/region/{}/", region.slug),
                own_members.places().iter().chain(lan_members.places()),
                || {
                    let kommuner: Vec<KommunGrupp> = reference
                        .kommuner_in(&region.lanskod)
                        .filter(|k| k.lanskod != GOTLAND_LANSKOD)
                        .filter_map(|k| {
                            let ps = self.views.groups.kommun(catalogue, &k.kod).places();
                            (!ps.is_empty()).then(|| KommunGrupp {
                                kommun: Link {
                                    namn: k.namn.clone(),
                                    url: self.views.kommun_url(&k.kod),
                                },
                                antal: ps.len(),
                                // The first few; the kommun's own page has them all.
                                partnerskap: self
                                    .views
                                    .kort_list(ps.iter().copied())
                                    .into_iter()
                                    .take(REGION_PER_KOMMUN)
                                    .collect(),
                            })
                        })
                        .collect();
                    let mut data = Context::new();
                    data.insert(
                        "region",
                        &RegionView {
                            namn: region.namn.clone(),
                            lan: region.lan.clone(),
                            lanskod: region.lanskod.clone(),
                            gotland: region.lanskod == GOTLAND_LANSKOD,
                            antal_kommuner: reference.kommuner_in(&region.lanskod).count(),
                        },
                    );
                    let egna = self.views.in_order(own_members.places().iter().copied());
                    data.insert("kommuner", &kommuner);
                    data.insert(
                        "antal_egna",
                        &Antal::of(self.views, own_members.places().iter().copied()),
                    );
                    data.insert(
                        "antal",
                        &Antal::of(self.views, lan_members.places().iter().copied()),
                    );
                    data.insert(
                        "fokus_diagram",
                        &self.charts.fokus(
                            &format!("fokus-{}", region.slug),
                            &region.lan,
                            &format!("i {}, regionens egna och kommunernas", region.lan),
                            lan_members.places(),
                        ),
                    );
                    data.insert(
                        "tidslinje",
                        &self.charts.timeline(
                            &format!("tid-{}", region.slug),
                            &region.lan,
                            &format!("i {}, regionens egna och kommunernas", region.lan),
                            lan_members.places(),
                        ),
                    );
                    self.render_paged(
                        "region.html",
                        &format!("/region/{}/", region.slug),
                        &region.namn,
                        data,
                        ("partnerskap", &egna),
                        |places| self.cards(places),
                    )
                },
            )?;
            for (file, html) in pages {
                output.add_shared(file, html);
            }
            rows.push(RegionRad {
                link: self
                    .views
                    .offentlig(&crate::model::Offentlig::Region(region.lanskod.clone())),
                lan: region.lan.clone(),
                egna: Antal::of(self.views, own_members.places().iter().copied()),
                i_lanet: Antal::of(self.views, lan_members.places().iter().copied()),
            });
        }
        let mut data = Context::new();
        data.insert("regioner", &rows);
        data.insert("karta", &self.charts.lan_map("karta-regioner"));
        self.page(output, "regioner.html", "/region/", "Regioner", data)
    }

    fn fokusomraden(&self, output: &mut Output) -> Result<(), Diagnostic> {
        let catalogue = self.build.catalogue;
        for (i, f) in catalogue.fokusomraden.iter().enumerate() {
            let members = self.views.groups.fokus(catalogue, i);
            let places = members.places();
            let pages = self.group(&format!("/fokus/{}/", f.id), places, || {
                let mut data = Context::new();
                data.insert(
                    "fokus",
                    &FokusRad {
                        link: self.views.fokus(i),
                        beskrivning: f.beskrivning.clone(),
                        antal: Antal::of(self.views, places.iter().copied()),
                    },
                );
                let list = self.views.in_order(places.iter().copied());
                self.render_paged(
                    "fokus.html",
                    &format!("/fokus/{}/", f.id),
                    &f.namn,
                    data,
                    ("partnerskap", &list),
                    |places| self.cards(places),
                )
            })?;
            for (file, html) in pages {
                output.add_shared(file, html);
            }
        }
        let mut data = Context::new();
        data.insert("fokusomraden", &self.fokus);
        data.insert(
            "fokus_diagram",
            &self.charts.fokus(
                "fokus-alla",
                "hela landet",
                "i hela katalogen",
                &(0..catalogue.partnerskap.len()).collect::<Vec<_>>(),
            ),
        );
        self.page(output, "fokusomraden.html", "/fokus/", "Fokusområden", data)
    }

    fn organisationer(&self, output: &mut Output) -> Result<(), Diagnostic> {
        let catalogue = self.build.catalogue;
        let rendered = catalogue
            .organisationer
            .par_iter()
            .enumerate()
            .map(|(i, o)| {
                let members = self.views.groups.organisation(catalogue, i);
                let places = members.places();
                let page = self.group(
                    &format!("/organisation/{}/", o.slug),
                    members.places(),
                    || {
                        let mut data = Context::new();
                        data.insert(
                            "organisation",
                            &OrganisationView {
                                namn: o.namn.clone(),
                                alias: o.alias.clone(),
                                webbplats: o.webbplats.clone(),
                                organisationsnummer: o.organisationsnummer.clone(),
                                del_av: o.del_av.map(|p| self.views.organisation(p)),
                                beskrivning: o.beskrivning.html.clone(),
                                grenar: catalogue
                                    .branches(i)
                                    .map(|(b, _)| self.views.organisation(b))
                                    .collect(),
                            },
                        );
                        let egna = self.views.groups.egna(catalogue, i).places();
                        let via_grenar: Vec<usize> = places
                            .iter()
                            .copied()
                            .filter(|&p| !catalogue.partnerskap[p].ideburna.contains(&i))
                            .collect();
                        let row = &self.build.rows().organisationer[i];
                        data.insert(
                            "jsonld",
                            &super::jsonld::script(&super::jsonld::organisation(
                                row,
                                &o.beskrivning.plain,
                                o.del_av.map(|p| &self.build.rows().organisationer[p]),
                            )),
                        );
                        let list = self.views.in_order(egna.iter().copied());
                        // Shown on every page of the list, so bounded: a national
                        // organisation's branches can be in thousands of them, and
                        // each branch's own page lists all of its own, paged.
                        let mut via = self.views.kort_list(via_grenar);
                        data.insert("via_grenar_totalt", &via.len());
                        via.truncate(LISTSIDA);
                        data.insert("via_grenar", &via);
                        data.insert("antal", &Antal::of(self.views, places.iter().copied()));
                        data.insert(
                            "fokus_diagram",
                            &self.charts.fokus(
                                &format!("fokus-{}", o.slug),
                                &o.namn,
                                &format!("där {} eller dess lokala delar är part", o.namn),
                                places,
                            ),
                        );
                        self.render_paged(
                            "organisation.html",
                            &format!("/organisation/{}/", o.slug),
                            &o.namn,
                            data,
                            ("partnerskap", &list),
                            |places| self.cards(places),
                        )
                    },
                )?;
                Ok((
                    page,
                    OrganisationRad {
                        link: self.views.organisation(i),
                        del_av: o.del_av.map(|p| self.views.organisation(p)),
                        antal: Antal::of(self.views, places.iter().copied()),
                    },
                ))
            })
            .collect::<Result<Vec<_>, Diagnostic>>()?;
        let mut rows = Vec::new();
        for (pages, row) in rendered {
            for (file, html) in pages {
                output.add_shared(file, html);
            }
            rows.push(row);
        }
        rows.sort_by_cached_key(|r| crate::text::collation_key(&r.link.namn));
        let mut data = Context::new();
        data.insert("organisationer", &rows);
        self.page(
            output,
            "organisationer.html",
            "/organisation/",
            "Organisationer",
            data,
        )
    }

    /// The open data's page: every file and column, the licence, the citation.
    fn data(&self, output: &mut Output) -> Result<(), Diagnostic> {
        let mut data = Context::new();
        data.insert("data", &super::data::sida(self.build));
        data.insert("antal", &self.antal);
        self.page(output, "data.html", "/data/", "Öppna data", data)
    }

    /// /bidra/: a form that writes a valid entry in the browser, for editors
    /// without Git. Its vocabulary and rules come from the checker's own
    /// sources (reference data, the catalogue, the JSON Schema).
    fn bidra(&self, output: &mut Output) -> Result<(), Diagnostic> {
        let catalogue = self.build.catalogue;
        // Made of the slugs and the vocabulary alone: kept while they are.
        let file = "bidra/vokabular.json";
        let vokabular = match self.build.cache {
            Some(cache) => {
                let key = crate::incremental::key(&(
                    self.build.vocabulary_key(),
                    self.build.alignment().entries.slugs,
                ));
                cache
                    .pages
                    .get_or(file, key, || (file.to_owned(), self.vokabular()))
                    .1
            }
            None => self.vokabular(),
        };
        output.add_shared(file, vokabular);
        let mut data = Context::new();
        data.insert("fokusomraden", &self.fokus);
        data.insert(
            "fokus_id",
            &catalogue
                .fokusomraden
                .iter()
                .map(|f| &f.id)
                .collect::<Vec<_>>(),
        );
        self.page(
            output,
            "bidra.html",
            "/bidra/",
            "Föreslå ett partnerskap",
            data,
        )
    }

    /// What the form on /bidra/ checks against: the kommuner, regions,
    /// organisations, focus areas and addresses taken, and the JSON Schema.
    fn vokabular(&self) -> super::Bytes {
        use serde_json::json;
        let catalogue = self.build.catalogue;
        let reference = reference();
        let vokabular = json!({
            "kommuner": reference.kommuner.iter().map(|k| json!({
                "namn": k.namn, "officiellt_namn": k.officiellt_namn, "slug": k.slug,
            })).collect::<Vec<_>>(),
            "regioner": reference.regioner.iter().map(|r| json!({
                "namn": r.namn, "lan": r.lan, "slug": r.slug,
            })).collect::<Vec<_>>(),
            "organisationer": catalogue.organisationer.iter().map(|o| json!({
                "namn": o.namn, "alias": o.alias,
            })).collect::<Vec<_>>(),
            "fokusomraden": catalogue.fokusomraden.iter().map(|f| json!({
                "id": f.id, "namn": f.namn,
            })).collect::<Vec<_>>(),
            "slugs": catalogue.partnerskap.iter().map(|p| &p.slug).collect::<Vec<_>>(),
            "schema": crate::schema::partnerskap_schema(),
        });
        serde_json::to_vec(&vokabular)
            .expect("vocabulary serializes")
            .into()
    }

    /// The editors' work list: partnerships that need a newer source.
    fn att_granska(&self, output: &mut Output) -> Result<(), Diagnostic> {
        let catalogue = self.build.catalogue;
        let behov = self.build.behov();
        let rank = self.build.slug_rank();
        // Oldest first, then by slug, as `granska::att_granska`.
        let mut places: Vec<usize> = (0..behov.len()).filter(|&i| behov[i].is_some()).collect();
        places.sort_unstable_by_key(|&i| (behov[i].as_ref().map(|(day, _)| *day), rank[i]));
        let mut data = Context::new();
        data.insert("antal", &self.antal);
        // In pages like the lists: at any size each page stays small, and
        // an edit re-renders only the page its entry is on.
        let pages = self.render_paged(
            "att_granska.html",
            "/att-granska/",
            "Att granska",
            data,
            ("granska", &places),
            |places| {
                places
                    .iter()
                    .filter_map(|&i| {
                        let (_, b) = behov[i].as_ref()?;
                        Some(GranskaRad {
                            kort: self.views.kort(i),
                            skal: &b.skal,
                            senast_belagd: b
                                .senast_belagd
                                .map(|d| d.to_string())
                                .unwrap_or_else(|| "–".to_owned()),
                            redigera: self
                                .views
                                .redigera_url(self.build.config, &catalogue.partnerskap[i]),
                        })
                    })
                    .collect()
            },
        )?;
        for (file, html) in pages {
            output.add_shared(file, html);
        }
        Ok(())
    }

    fn statistik(&self, output: &mut Output) -> Result<(), Diagnostic> {
        let all: Vec<usize> = (0..self.build.catalogue.partnerskap.len()).collect();
        let mut data = Context::new();
        data.insert("antal", &Antal::of(self.views, 0..all.len()));
        data.insert(
            "fokus_diagram",
            &self
                .charts
                .fokus("fokus-nationellt", "hela landet", "i hela katalogen", &all),
        );
        data.insert(
            "langd_diagram",
            &self.charts.durations("langd-nationellt", &all),
        );
        data.insert("ar_diagram", &self.charts.per_year("ar-nationellt", &all));
        self.page(output, "statistik.html", "/statistik/", "Statistik", data)
    }
}

/// The output file of the page at site path `path`: "/kommun/malmo/" is in
/// "kommun/malmo/index.html".
fn output_file(path: &str) -> String {
    if path.ends_with('/') {
        format!("{}index.html", &path[1..])
    } else {
        path[1..].to_owned()
    }
}

/// Open Graph and Twitter card tags, so a shared link previews with the
/// page's own title and description: taken from the page's `<title>` and
/// meta description (already escaped), so each template states them once.
fn with_sharing_tags(html: String, site: &str, article: bool) -> String {
    let between = |start: &str, end: &str| {
        let from = html.find(start)? + start.len();
        let to = from + html[from..].find(end)?;
        Some((from, to))
    };
    let Some((_, description_end)) = between("<meta name=\"description\" content=\"", "\">") else {
        return html;
    };
    let text = |range: Option<(usize, usize)>| range.map_or("", |(a, b)| &html[a..b]);
    let description = text(between("<meta name=\"description\" content=\"", "\">"));
    let title = text(between("<title>", "</title>"));
    let url = text(between("<link rel=\"canonical\" href=\"", "\">"));
    let tags = format!(
        "\n<meta property=\"og:type\" content=\"{}\">\n<meta property=\"og:site_name\" content=\"{}\">\n\
         <meta property=\"og:locale\" content=\"sv_SE\">\n<meta property=\"og:title\" content=\"{title}\">\n\
         <meta property=\"og:description\" content=\"{description}\">\n<meta property=\"og:url\" content=\"{url}\">\n\
         <meta name=\"twitter:card\" content=\"summary\">\n<meta name=\"twitter:title\" content=\"{title}\">\n\
         <meta name=\"twitter:description\" content=\"{description}\">",
        if article { "article" } else { "website" },
        crate::text::escape_html(site),
    );
    let insert_at = description_end + "\">".len();
    let mut out = String::with_capacity(html.len() + tags.len());
    out.push_str(&html[..insert_at]);
    out.push_str(&tags);
    out.push_str(&html[insert_at..]);
    out
}

/// Partnerships per page of a list (/partnerskap/, a kommun's, focus
/// area's, organisation's or region's own): about 0.4 MB of table.
pub const LISTSIDA: usize = 500;

/// Partnerships of each kommun shown on its region's page, which links to
/// the kommun's page for the rest: so a län of 49 kommuner stays small.
const REGION_PER_KOMMUN: usize = 10;

/// Where a page of a list is among its pages.
#[derive(Serialize)]
struct Sidor {
    nummer: usize,
    antal: usize,
    /// The first and last entry shown, counted from 1.
    forsta: usize,
    sista: usize,
    totalt: usize,
    foregaende: Option<String>,
    nasta: Option<String>,
    lankar: Vec<SidLank>,
}

#[derive(Serialize)]
struct SidLank {
    nummer: usize,
    url: String,
    aktuell: bool,
}

#[derive(Serialize)]
struct StatusRad {
    namn: &'static str,
    forklaring: &'static str,
}

/// Every status with how it is derived: the filter's options and /om/status/.
fn statusar() -> Vec<StatusRad> {
    crate::model::Status::ALL
        .iter()
        .map(|s| StatusRad {
            namn: s.namn(),
            forklaring: s.forklaring(),
        })
        .collect()
}

#[derive(Serialize, Hash)]
struct GranskaRad<'a> {
    kort: &'a Kort,
    skal: &'a str,
    senast_belagd: String,
    redigera: String,
}

#[derive(Serialize)]
struct FokusRad {
    link: Link,
    beskrivning: String,
    antal: Antal,
}

#[derive(Serialize)]
struct KommunView {
    namn: String,
    /// As the kommun names itself: "Falu kommun", "Göteborgs Stad".
    officiellt_namn: String,
    kod: String,
    lan: String,
    region: Link,
    gotland: bool,
}

#[derive(Serialize)]
struct KommunRad {
    link: Link,
    kod: String,
    antal: Antal,
}

#[derive(Serialize)]
struct LanGrupp {
    region: Link,
    lan: String,
    kommuner: Vec<KommunRad>,
}

#[derive(Serialize)]
struct RegionView {
    namn: String,
    lan: String,
    lanskod: String,
    gotland: bool,
    antal_kommuner: usize,
}

#[derive(Serialize)]
struct RegionRad {
    link: Link,
    lan: String,
    egna: Antal,
    i_lanet: Antal,
}

#[derive(Serialize)]
struct KommunGrupp<'a> {
    kommun: Link,
    /// All of the kommun's partnerships, of which `partnerskap` shows the first.
    antal: usize,
    partnerskap: Vec<&'a Kort>,
}

#[derive(Serialize)]
struct OrganisationView {
    namn: String,
    alias: Vec<String>,
    webbplats: Option<String>,
    organisationsnummer: Option<String>,
    del_av: Option<Link>,
    beskrivning: String,
    grenar: Vec<Link>,
}

#[derive(Serialize)]
struct OrganisationRad {
    link: Link,
    del_av: Option<Link>,
    antal: Antal,
}
