// The search page /sok/. The search itself is the catalogue's Rust search
// code (crate iop-search), compiled to WebAssembly: the same analyzer,
// ranking and facets as `iop search` on the command line. This file only
// loads it, passes queries to it and shows the answers.
//
// The module (iop-search.wasm) and the index (index.bin) sit next to this
// file and are fetched only once search is used: the search field gets
// focus or input, or the address already holds a search. The postings are
// in parts (delar/…) by range of terms: a query the module cannot answer
// yet names the parts it needs, which are fetched (once) and added before
// it is asked again, so a search downloads only what its words need and
// gets the same answer as `iop search`, which has every part. The
// descriptions are only needed for the snippets: the results name the
// parts with those of the hits shown, which are fetched once the first
// results show, and the snippets are then added in place. The query and
// the filters live in the address (/sok/?q=…&kommun=…) so a search can be
// shared.
//
// No third-party code, no build step.

const root = document.getElementById("sok");
const form = document.getElementById("sok-form");
const input = document.getElementById("sok-q");
const filters = document.getElementById("sok-filter");
const count = document.getElementById("sok-antal");
const announcer = document.getElementById("sok-meddelande");
const list = document.getElementById("sok-resultat");
const more = document.getElementById("sok-fler");
const failure = document.getElementById("sok-fel");
const tips = document.getElementById("sok-tips");
const filterBox = document.getElementById("sok-filterruta");
const base = root ? root.dataset.base || "" : "";
/** The end of the page title as rendered (" – IOP-katalogen"); the query goes in front. */
const titleSuffix = document.title.includes(" – ") ? document.title.slice(document.title.indexOf(" – ")) : "";

/** Facets with text values: [query field and URL parameter, heading]. */
const FACETS = [
  ["kommun", "Kommun"],
  ["region", "Region"],
  ["fokus", "Fokusområde"],
  ["organisation", "Organisation"],
  ["status", "Status"],
];
/** Values of a facet shown before "Visa alla". */
const SHOWN = 8;
/** Hits per page. */
const PAGE = 20;
/** Quiet time before the number of hits is read out, in ms. */
const ANNOUNCE_DELAY = 700;
// The address follows the typing once it pauses: rewriting it costs more
// than the search (and browsers throttle frequent rewrites). A chosen
// filter, a followed link or leaving the page writes it at once.
const ADDRESS_DELAY = 300;

const state = {
  text: "",
  kommun: [],
  region: [],
  fokus: [],
  organisation: [],
  status: [],
  år: null,
  limit: PAGE,
};
/** Facets whose full list of values is shown. */
const expanded = new Set();

let engine = null; // { search(query) -> Promise of results }
let runs = 0; // searches started, so that only the last one shows
let loading = null; // Promise while loading
let scheduled = false;
let announceTimer = 0;
let lastResults = null;
/** What the list, the tips and the filters show, to leave them alone when a keystroke changes nothing. */
let shownHits = "";
let shownItems = new Map(); // the list items shown, by entry (see hitItem)
let shownTips = "";
let addressTimer = 0; // the address follows the typing after ADDRESS_DELAY
let shownFacets = "";
// One formatter for every count: making one per call costs more than the
// search.
const number = new Intl.NumberFormat("sv-SE");
// The controls of the filter panel, made once each (see renderFacets).
const panel = { clear: null, sets: new Map(), year: null, yearKey: "" };
/** The query whose hits are shown, to add their snippets when the texts arrive. */
let shownQuery = null;

if (root) start();

function start() {
  root.hidden = false;
  // On a narrow screen the filters come folded, so the results show.
  if (filterBox && matchMedia("(max-width: 48rem)").matches) filterBox.open = false;
  readAddress();
  input.value = state.text;

  // First use: load, then show everything with its filters until a word is typed.
  const wake = () => {
    if (!loading) load().then(() => run(), () => {});
  };
  input.addEventListener("focus", wake, { once: true });
  input.addEventListener("pointerdown", wake, { once: true });
  input.addEventListener("input", () => {
    state.text = input.value;
    state.limit = PAGE;
    schedule();
  });
  list.addEventListener("click", writeAddress, true);
  addEventListener("pagehide", writeAddress);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    state.text = input.value;
    state.limit = PAGE;
    writeAddress();
    run().then(() => count.focus());
  });
  more.addEventListener("click", () => {
    const first = list.children.length;
    state.limit += PAGE;
    run().then(() => {
      const link = list.children[first]?.querySelector("a");
      if (link) link.focus();
    });
  });
  count.tabIndex = -1;

  if (hasSearch()) run();
}

/** True when the address asks for a search. */
function hasSearch() {
  return state.text.trim() !== "" || state.år !== null || FACETS.some(([key]) => state[key].length > 0);
}

function readAddress() {
  const params = new URLSearchParams(location.search);
  state.text = params.get("q") || "";
  for (const [key] of FACETS) state[key] = params.getAll(key).filter(Boolean);
  const year = Number.parseInt(params.get("år") || "", 10);
  state.år = Number.isFinite(year) ? year : null;
}

function writeAddress() {
  clearTimeout(addressTimer);
  const params = new URLSearchParams();
  if (state.text.trim()) params.set("q", state.text);
  for (const [key] of FACETS) for (const value of state[key]) params.append(key, value);
  if (state.år !== null) params.set("år", String(state.år));
  const query = params.toString();
  const url = location.pathname + (query ? `?${query}` : "") + location.hash;
  if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
}

/** Loads module and index once; resolves to the engine. */
function load() {
  if (!loading) {
    if (!engine) showCount("Laddar sökningen …");
    loading = loadEngine().then(
      (e) => {
        engine = e;
        return e;
      },
      (error) => {
        fail(error);
        throw error;
      },
    );
  }
  return loading;
}

async function loadEngine() {
  if (typeof WebAssembly !== "object" || typeof DecompressionStream !== "function") {
    throw new Error("webbläsaren saknar stöd för WebAssembly eller DecompressionStream");
  }
  // Both downloads at once; the module compiles while it arrives (and
  // while the index does).
  const moduleReady = instantiate("iop-search.wasm");
  const bundleReady = fetchBytes("index.bin").then(inflate);
  const [{ instance }, bundle] = await Promise.all([moduleReady, bundleReady]);
  const api = instance.exports;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const call = (fn, bytes) => {
    const ptr = api.sok_alloc(bytes.length);
    new Uint8Array(api.memory.buffer, ptr, bytes.length).set(bytes);
    const status = fn(ptr, bytes.length);
    api.sok_free(ptr, bytes.length);
    const output = decoder.decode(new Uint8Array(api.memory.buffer, api.sok_output_ptr(), api.sok_output_len()));
    if (status !== 0) throw new Error(output);
    return output;
  };
  call(api.sok_open, bundle);
  /** Parts being fetched or added, by name: each is fetched once. */
  const parts = new Map();
  const addPart = (name) => {
    if (!parts.has(name)) {
      parts.set(
        name,
        fetchBytes(name)
          .then(inflate)
          .then((bytes) => {
            call(api.sok_add_part, bytes);
          }),
      );
    }
    return parts.get(name);
  };
  /** Results, or the names of the parts the query still needs. */
  const ask = (query) => {
    const bytes = encoder.encode(queryLines(query));
    const ptr = api.sok_alloc(bytes.length);
    new Uint8Array(api.memory.buffer, ptr, bytes.length).set(bytes);
    const status = api.sok_search(ptr, bytes.length);
    api.sok_free(ptr, bytes.length);
    const output = JSON.parse(
      decoder.decode(new Uint8Array(api.memory.buffer, api.sok_output_ptr(), api.sok_output_len())),
    );
    if (status === 1) throw new Error(output);
    return status === 0 ? { results: output } : { needs: output };
  };
  return {
    search: async (query) => {
      for (;;) {
        const answer = ask(query);
        if (answer.results) return answer.results;
        await Promise.all(answer.needs.map(addPart));
      }
    },
    addParts: (names) => Promise.all(names.map(addPart)),
  };
}

/**
 * A query as the module reads it: lines of key TAB value, one per value of
 * a list (tabs and line breaks in values become spaces, which the search
 * reads as spaces anyway).
 */
function queryLines(query) {
  const line = (key, value) => `${key}\t${String(value).replace(/[\t\n\r]/g, " ")}\n`;
  let out = "";
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out += line(key, v);
  }
  return out;
}

/**
 * Compiles the module while it downloads (instantiateStreaming); a server
 * that does not send it as application/wasm gets the same bytes compiled
 * after the download instead.
 */
async function instantiate(name) {
  const response = await fetch(new URL(name, import.meta.url));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  if (typeof WebAssembly.instantiateStreaming === "function") {
    const copy = response.clone();
    try {
      return await WebAssembly.instantiateStreaming(response, {});
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      return WebAssembly.instantiate(await copy.arrayBuffer(), {});
    }
  }
  return WebAssembly.instantiate(await response.arrayBuffer(), {});
}

async function fetchBytes(name) {
  const response = await fetch(new URL(name, import.meta.url));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Fetches the descriptions the hits shown need; then they get their snippets. */
async function loadSnippets(e, parts) {
  try {
    await e.addParts(parts);
  } catch (error) {
    // Results without snippets are still results.
    console.warn("Sökningens utdrag kunde inte laddas:", error);
    return;
  }
  addSnippets();
}

/**
 * Adds the snippets to the hits shown, in place: the same query gives the
 * same hits (the texts never change matching or ranking), so nothing else
 * moves, focus stays, and nothing new is announced.
 */
async function addSnippets() {
  if (!shownQuery) return;
  const query = shownQuery;
  let results;
  try {
    results = await engine.search(query);
  } catch {
    return;
  }
  if (query !== shownQuery) return;
  for (const hit of results.hits) {
    const item = shownItems.get(hit.slug);
    if (item && hit.snippet_html && !item.snippet.isConnected) fillHit(item, hit);
  }
}

/** The index is gzip-compressed (whatever the server does); inflate it. */
async function inflate(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Searches at most once per frame while the user types. */
function schedule() {
  if (scheduled) return;
  scheduled = true;
  const go = () => {
    scheduled = false;
    run();
  };
  if (engine) requestAnimationFrame(go);
  else load().then(go, () => {});
}

async function run() {
  let e;
  try {
    e = engine || (await load());
  } catch {
    return;
  }
  const query = {
    text: state.text,
    kommun: state.kommun,
    region: state.region,
    fokus: state.fokus,
    organisation: state.organisation,
    status: state.status,
    år: state.år,
    limit: state.limit,
  };
  const mine = ++runs;
  let results;
  try {
    results = await e.search(query);
  } catch (error) {
    fail(error);
    return;
  }
  // A later query started while this one waited for its parts.
  if (mine !== runs) return;
  lastResults = results;
  clearTimeout(addressTimer);
  addressTimer = setTimeout(writeAddress, ADDRESS_DELAY);
  const words = state.text.trim();
  document.title = (words ? `Sök: ${words}` : "Sök") + titleSuffix;
  renderHits(results);
  renderTips(results);
  shownQuery = query;
  // After the first results have shown.
  if (results.texts_needed) setTimeout(() => loadSnippets(e, results.texts_needed), 0);
  const facetsKey = JSON.stringify([results.facets, state, [...expanded]]);
  if (facetsKey !== shownFacets) {
    shownFacets = facetsKey;
    renderFacets(results.facets);
  }
}

function fail(error) {
  console.error(error);
  showCount("");
  failure.hidden = false;
  failure.replaceChildren(
    `Sökningen kunde inte laddas (${error && error.message ? error.message : error}). Du hittar alla partnerskap genom att bläddra: `,
    link(`${base}/partnerskap/`, "alla partnerskap"),
    ", per ",
    link(`${base}/kommun/`, "kommun"),
    ", per ",
    link(`${base}/fokus/`, "fokusområde"),
    " eller per ",
    link(`${base}/organisation/`, "organisation"),
    ".",
  );
}

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

function showCount(text) {
  count.textContent = text;
}

function plural(n, one, many) {
  return `${number.format(n)} ${n === 1 ? one : many}`;
}

function describe(results) {
  const filtered = hasSearch();
  if (!filtered) return `Alla ${plural(results.total, "partnerskap", "partnerskap")}, i bokstavsordning`;
  if (results.total === 0) return "Inga träffar. Pröva färre eller andra ord, eller ta bort filter.";
  const shown = results.hits.length < results.total ? `, visar ${results.hits.length}` : "";
  const some = results.partial ? " på en del av orden" : "";
  return `${plural(results.total, "träff", "träffar")}${some}${shown}`;
}

/**
 * Never a dead end: "Menade du …" for a corrected word, what a partial
 * match left out, and, with no hit at all, the ways to browse.
 */
function renderTips(results) {
  const parts = [];
  const words = state.text.trim() !== "";
  if (words && results.suggestion) {
    const button = el("button", { type: "button" }, results.suggestion);
    button.addEventListener("click", () => {
      input.value = results.suggestion;
      state.text = results.suggestion;
      state.limit = PAGE;
      writeAddress();
      run().then(() => input.focus());
    });
    parts.push("Menade du ", button, "? ");
  }
  if (words && results.partial) {
    const missing = results.unmatched.map((w) => `”${w}”`).join(", ");
    parts.push(
      missing
        ? `Inget partnerskap nämner ${missing}; här är de som har de andra orden. `
        : "Inget partnerskap har alla orden; här är de som har flest av dem. ",
    );
  }
  if (hasSearch() && results.total === 0) {
    parts.push(
      "Du kan också bläddra bland ",
      link(`${base}/partnerskap/`, "alla partnerskap"),
      ", per ",
      link(`${base}/kommun/`, "kommun"),
      ", per ",
      link(`${base}/fokus/`, "fokusområde"),
      " eller per ",
      link(`${base}/organisation/`, "organisation"),
      ".",
    );
  }
  const key = JSON.stringify([results.suggestion, results.partial, results.unmatched, results.total === 0]);
  if (key === shownTips) return;
  shownTips = key;
  tips.replaceChildren(...parts);
  tips.hidden = parts.length === 0;
}

function renderHits(results) {
  const text = describe(results);
  showCount(text);
  // Read out the count once typing pauses, not at every keystroke.
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    // With the tips ("Menade du …") as they are by then.
    announcer.textContent = tips.hidden ? text : `${text} ${tips.textContent}`;
  }, ANNOUNCE_DELAY);

  // The same hits as shown (a keystroke that changes nothing): leave them.
  const hitsKey = JSON.stringify(results.hits);
  more.hidden = results.hits.length >= results.total;
  if (hitsKey === shownHits) return;
  shownHits = hitsKey;
  // One item per entry, kept while the entry stays among the hits: a
  // keystroke mostly reorders them and moves the highlighting, so only the
  // parts that differ are written.
  const items = new Map();
  const wanted = results.hits.map((hit) => {
    const item = shownItems.get(hit.slug) || hitItem(hit.slug);
    fillHit(item, hit);
    items.set(hit.slug, item);
    return item.li;
  });
  shownItems = items;
  place(list, wanted);
}

/** The list item of one entry, empty until `fillHit`. */
function hitItem(slug) {
  const name = el("a", { href: `${base}/partnerskap/${encodeURIComponent(slug)}/` });
  const parter = el("p", { class: "parter" });
  const period = document.createTextNode("");
  const status = el("span");
  const snippet = el("p", { class: "utdrag" });
  const li = el("li", { "data-slug": slug }, el("h3", {}, name), parter, el("p", { class: "meta" }, period, " ", status));
  return { li, name, parter, period, status, snippet, html: {} };
}

/** Writes `hit` into its item, touching only what changed. */
function fillHit(item, hit) {
  const html = (node, key, value) => {
    if (item.html[key] !== value) node.innerHTML = item.html[key] = value; // escaped by the Rust code
  };
  html(item.name, "namn", hit.namn_html);
  setText(item.parter, hit.parter);
  if (item.period.data !== hit.period) item.period.data = hit.period;
  setText(item.status, hit.status);
  const statusClass = `status status-${slug(hit.status)}`;
  if (item.status.className !== statusClass) item.status.className = statusClass;
  if (hit.snippet_html) {
    html(item.snippet, "utdrag", hit.snippet_html);
    if (!item.snippet.isConnected) item.li.append(item.snippet);
  } else if (item.snippet.isConnected) {
    item.snippet.remove();
    item.html.utdrag = undefined;
  }
}

/**
 * The filter panel, updated in place: a keystroke mostly changes a few
 * counts, so each control is made once and then only its count, its
 * checked state and its place change. Focus stays where it is.
 */
function renderFacets(facets) {
  const parts = [];
  const anySelected = state.år !== null || FACETS.some(([key]) => state[key].length > 0);
  if (anySelected) {
    panel.clear ||= el(
      "button",
      { type: "button", class: "rensa", "data-key": "rensa", onclick: clearFilters },
      "Rensa alla filter",
    );
    parts.push(panel.clear);
  }
  for (const [key, heading] of FACETS) {
    const values = facets[key] || [];
    if (values.length === 0) continue;
    const set = facetSet(key, heading);
    const open = expanded.has(key);
    const visible = open ? values : values.filter(([value], i) => i < SHOWN || state[key].includes(value));
    place(
      set.list,
      visible.map(([value, n]) => facetItem(set, key, value, n, values)),
    );
    if (values.length > SHOWN) {
      setText(set.more, open ? "Visa färre" : `Visa alla ${values.length}`);
      set.more.setAttribute("aria-expanded", String(open));
      if (!set.more.isConnected) set.fieldset.append(set.more);
    } else {
      set.more.remove();
    }
    parts.push(set.fieldset);
  }
  if (facets.år && facets.år.length > 0) {
    parts.push(yearFilter(facets.år));
  }
  place(filters, parts);
}

/** The fieldset of one facet, made once. */
function facetSet(key, heading) {
  let set = panel.sets.get(key);
  if (set) return set;
  const list = el("ul");
  const more = el("button", { type: "button", class: "visa-fler", "data-key": `fler\u0000${key}` });
  more.addEventListener("click", () => {
    if (expanded.has(key)) expanded.delete(key);
    else expanded.add(key);
    renderFacets(lastResults.facets);
  });
  set = { fieldset: el("fieldset", {}, el("legend", {}, heading), list), list, more, items: new Map() };
  panel.sets.set(key, set);
  return set;
}

/** The checkbox of one value, made once; its count and state kept current. */
function facetItem(set, key, value, n, values) {
  let item = set.items.get(value);
  if (!item) {
    const id = `sok-${key}-${set.items.size}`;
    const box = el("input", { type: "checkbox", id, name: key, value, "data-key": `${key}\u0000${value}` });
    box.addEventListener("change", () => toggle(key, value, box.checked));
    const count = el("span", { class: "count" });
    const li = el(
      "li",
      {},
      el("label", { htmlFor: id }, box, el("span", {}, key === "status" ? capitalize(value) : value, " ", count)),
    );
    item = { li, box, count };
    set.items.set(value, item);
  }
  setText(item.count, `(${number.format(n)})`);
  item.box.checked = state[key].includes(value);
  return item.li;
}

/** The year filter; its options are made again only when they change. */
function yearFilter(years) {
  const key = JSON.stringify([years, state.år]);
  if (panel.year && panel.yearKey === key) return panel.year;
  const select = el(
    "select",
    { id: "sok-ar", name: "år", "data-key": "år" },
    el("option", { value: "" }, "Alla år"),
    ...years.map(([year, n]) =>
      el("option", { value: String(year), selected: state.år === year }, `${year} (${number.format(n)})`),
    ),
  );
  select.addEventListener("change", () => {
    state.år = select.value ? Number(select.value) : null;
    state.limit = PAGE;
    writeAddress();
    run();
  });
  const hadFocus = panel.year && panel.year.contains(document.activeElement);
  const year = el("div", { class: "ar" }, el("label", { htmlFor: "sok-ar" }, "År"), select);
  panel.year = year;
  panel.yearKey = key;
  if (hadFocus) queueMicrotask(() => select.focus());
  return year;
}

/** Makes `parent`'s children exactly `nodes`, moving only what must move. */
function place(parent, nodes) {
  nodes.forEach((node, i) => {
    if (parent.children[i] !== node) parent.insertBefore(node, parent.children[i] || null);
  });
  while (parent.children.length > nodes.length) parent.lastElementChild.remove();
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function toggle(key, value, on) {
  const values = state[key].filter((v) => v !== value);
  if (on) values.push(value);
  state[key] = values;
  state.limit = PAGE;
  writeAddress();
  run();
}

function clearFilters() {
  for (const [key] of FACETS) state[key] = [];
  state.år = null;
  state.limit = PAGE;
  writeAddress();
  run().then(() => input.focus());
}

function capitalize(s) {
  return s ? s[0].toLocaleUpperCase("sv-SE") + s.slice(1) : s;
}

/** "pågående" → "pagaende", as the site's status classes are named. */
function slug(s) {
  return s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-");
}
