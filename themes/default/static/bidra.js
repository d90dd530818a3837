// /bidra/: writes a partnership file in the browser, for editors without Git.
// The vocabulary (kommuner, regioner, organisations, focus areas, existing
// addresses) and the rules (required keys, how many focus areas, the date
// forms) come from /bidra/vokabular.json, which the build writes from the
// same sources and JSON Schema as `iop check`. The file is checked again by
// `iop check` when it is sent in.
const form = document.getElementById("bidra");
if (form) {
  const base = form.dataset.base;
  const repository = form.dataset.repository;
  const vocab = await (await fetch(`${base}/bidra/vokabular.json`)).json();
  const schema = vocab.schema;
  const $ = (id) => document.getElementById(id);

  // One fold for names and addresses, as the site's slugs: "Malmö stad" → "malmo-stad".
  const fold = (t) => t.toLocaleLowerCase("sv").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  const slugify = (t) => fold(t).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  const list = (t) => t.split(",").map((s) => s.trim()).filter(Boolean);

  // Date forms from the schema: a day ("format": "date"), or a year or month (pattern).
  const datum = schema.$defs.Datum.anyOf;
  const yearOrMonth = new RegExp(datum.find((d) => d.pattern).pattern);
  const isDate = (t) => {
    if (yearOrMonth.test(t)) return true;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    if (!m) return false;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] && +m[1] >= 1900 && +m[1] <= 2199;
  };
  const fokusRange = schema.properties["fokusområden"];

  for (const k of vocab.kommuner) $("b-kommunlista").append(new Option(k.officiellt_namn, k.namn));
  for (const r of vocab.regioner) $("b-region").append(new Option(r.namn, r.namn));
  for (const o of vocab.organisationer) $("b-orglista").append(new Option(o.namn));

  const kommun = (name) => {
    const wanted = fold(name);
    return vocab.kommuner.find((k) => fold(k.namn) === wanted || fold(k.officiellt_namn) === wanted);
  };
  const organisation = (name) => {
    const wanted = name.trim().toLocaleLowerCase("sv");
    return vocab.organisationer.find((o) => [o.namn, ...o.alias].some((n) => n.toLocaleLowerCase("sv") === wanted));
  };
  // A YAML string: quoted whenever a plain scalar could be misread.
  const yaml = (t) => (/^\p{L}[\p{L}\p{N} .()&/–-]*$/u.test(t) ? t : JSON.stringify(t));
  const today = () => new Date().toISOString().slice(0, 10);

  const check = () => {
    const errors = {};
    const value = (id) => $(id).value.trim();
    if (!value("b-namn")) errors["b-namn"] = "Skriv partnerskapets namn.";
    const kommuner = list(value("b-kommuner"));
    const unknown = kommuner.filter((k) => !kommun(k));
    if (unknown.length) errors["b-kommuner"] = `Okänd kommun: ${unknown.join(", ")}. Välj ur listan.`;
    else if (!kommuner.length && !value("b-region")) errors["b-kommuner"] = "Ange minst en kommun eller en region.";
    const orgs = list(value("b-org"));
    if (!orgs.length) errors["b-org"] = "Ange minst en idéburen organisation.";
    const fokus = [...form.querySelectorAll("input[name=fokus]:checked")].map((c) => c.value);
    if (fokus.length < fokusRange.minItems || fokus.length > fokusRange.maxItems)
      errors["b-fokus"] = `Välj ${fokusRange.minItems} till ${fokusRange.maxItems} fokusområden.`;
    const start = value("b-start"), slut = value("b-slut");
    if (start && !isDate(start)) errors["b-start"] = "Skriv ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD.";
    if (slut && slut.toLowerCase() !== "tills vidare" && !isDate(slut)) errors["b-slut"] = "Skriv ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD eller ”tills vidare”.";
    if (!value("b-kalla-titel")) errors["b-kalla-titel"] = "Skriv källans titel.";
    if (!/^https?:\/\/[^\s/]+/.test(value("b-kalla-url"))) errors["b-kalla-url"] = "Skriv hela adressen, med https://.";
    const publicerad = value("b-kalla-datum");
    if (publicerad && !isDate(publicerad)) errors["b-kalla-datum"] = "Skriv ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD, eller lämna tomt.";
    if ($("b-bekraftad").checked && !publicerad) errors["b-kalla-datum"] = "En bekräftelse behöver källans publiceringsdatum.";
    if (value("b-beskrivning").length < 40) errors["b-beskrivning"] = "Skriv två till fyra meningar.";
    return { errors, kommuner, orgs, fokus, start, slut, publicerad };
  };

  const show = (errors) => {
    for (const el of form.querySelectorAll(".fel[id$='-fel']")) el.textContent = "";
    for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
    for (const [id, message] of Object.entries(errors)) {
      $(`${id}-fel`).textContent = message;
      $(id).setAttribute("aria-invalid", "true");
    }
    const n = Object.keys(errors).length;
    $("b-sammanfattning").textContent = n ? `${n} ${n === 1 ? "uppgift behöver" : "uppgifter behöver"} rättas.` : "";
    if (n) $(Object.keys(errors)[0]).focus?.();
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const c = check();
    show(c.errors);
    if (Object.keys(c.errors).length) return;
    const v = (id) => $(id).value.trim();
    const lines = ["---", `namn: ${yaml(v("b-namn"))}`, "offentliga_parter:"];
    const organ = v("b-organ");
    c.kommuner.forEach((k, i) => {
      lines.push(`  - kommun: ${yaml(kommun(k).namn)}`);
      if (i === 0 && organ) lines.push(`    organ: ${yaml(organ)}`);
    });
    if (v("b-region")) {
      lines.push(`  - region: ${yaml(v("b-region"))}`);
      if (!c.kommuner.length && organ) lines.push(`    organ: ${yaml(organ)}`);
    }
    lines.push("idéburna_parter:", ...c.orgs.map((o) => `  - ${yaml(organisation(o)?.namn ?? o)}`));
    lines.push(`fokusområden: [${c.fokus.join(", ")}]`);
    if (c.start) lines.push(`start: ${c.start}`);
    if (c.slut) lines.push(`slut: ${c.slut.toLowerCase() === "tills vidare" ? "tills vidare" : c.slut}`);
    if ($("b-bekraftad").checked) lines.push(`bekräftad: ${c.publicerad}`);
    lines.push("källor:", `  - titel: ${yaml(v("b-kalla-titel"))}`, `    url: ${v("b-kalla-url")}`,
      c.publicerad ? `    datum: ${c.publicerad}` : `    läst: ${today()}`);
    lines.push("---", v("b-beskrivning"), "");
    const text = lines.join("\n");

    // A new, permanent address: the kommun (or region) and the name.
    const where = c.kommuner.length ? kommun(c.kommuner[0]).slug : `region-${vocab.regioner.find((r) => r.namn === v("b-region")).slug}`;
    let slug = `${where}-${slugify(v("b-namn"))}`.slice(0, 80).replace(/-+$/, "");
    for (let n = 2; vocab.slugs.includes(slug); n++) slug = `${slug.replace(/-\d+$/, "")}-${n}`;
    const path = `content/partnerskap/${slug}.md`;
    $("b-filnamn").textContent = `Filnamn: ${path} (partnerskapets adress blir /partnerskap/${slug}/).`;
    $("b-fil").value = text;
    const github = $("b-github");
    if (repository) {
      github.href = `${repository}/new/main?filename=${encodeURIComponent(path)}&value=${encodeURIComponent(text)}`;
      github.hidden = false;
    }
    // Organisations the catalogue does not know yet need a file of their own.
    const nya = c.orgs.filter((o) => !organisation(o));
    const box = $("b-nya-org");
    box.replaceChildren();
    if (nya.length) {
      const p = document.createElement("p");
      p.textContent = `${nya.length === 1 ? "Organisationen finns" : "Organisationerna finns"} inte i katalogen än. Skicka in ${nya.length === 1 ? "en fil" : "en fil var"} för ${nya.join(", ")} också:`;
      box.append(p);
      for (const namn of nya) {
        const orgText = `---\nnamn: ${yaml(namn)}\n---\nEn eller två meningar om vad organisationen är.\n`;
        const orgPath = `content/organisationer/${slugify(namn)}.md`;
        const pre = document.createElement("pre");
        pre.textContent = `${orgPath}\n\n${orgText}`;
        box.append(pre);
        if (repository) {
          const a = document.createElement("a");
          a.href = `${repository}/new/main?filename=${encodeURIComponent(orgPath)}&value=${encodeURIComponent(orgText)}`;
          a.textContent = `Skicka in ${namn} på GitHub`;
          box.append(a);
        }
      }
    }
    $("b-resultat").hidden = false;
    $("b-resultat-rubrik").focus();
  });
  $("b-kopiera").addEventListener("click", async () => {
    await navigator.clipboard?.writeText($("b-fil").value);
    $("b-kopiera").textContent = "Kopierat";
  });
  form.hidden = false;
}
