// Pagefind's side of the search benchmark (benches/search.rs runs it): the
// bytes a reader downloads before the first results of one search, with
// Pagefind's own interface on a page of the Hugo site the benchmark built
// and indexed, in headless Chromium. Each query gets a fresh browser
// context (nothing cached), as a page opened from a shared link would.
// Bytes are counted per fetched file as gzip -9 would send it (Pagefind's
// index files are compressed already, so the smaller of the two).
//
//   node benches/pagefind-bytes.mjs <hugo public/ with pagefind/> "query" …
//
// Prints one line per query: gzip bytes, bytes without compression,
// requests, results shown. Not a test.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const [site, ...queries] = process.argv.slice(2);
if (!site || queries.length === 0) {
  console.error("usage: node benches/pagefind-bytes.mjs <site> query …");
  process.exit(2);
}
// The harness serves a site and wants to know the test sites; this needs one.
process.env.IOP_SITE ??= site;
process.env.IOP_FIXTURE_SITE ??= site;
const { browser, serve } = await import("../tests/browser/harness.mjs");

// Pagefind's default interface, as its documentation sets it up.
writeFileSync(
  join(site, "pagefind-sok.html"),
  `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Sök</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head>
<body><main><div id="search"></div></main>
<script>window.ui = new PagefindUI({ element: "#search", showSubResults: false });</script></body></html>`,
);
if (!existsSync(join(site, "404.html"))) writeFileSync(join(site, "404.html"), "<!doctype html><title>404</title>");

const { server, base } = await serve(site);
const chromium = await browser();
const sizes = new Map();
/** [as sent with gzip -9, as is] of a site file. */
const size = (path) => {
  if (!sizes.has(path)) {
    const bytes = readFileSync(join(site, decodeURIComponent(path)));
    sizes.set(path, [Math.min(bytes.length, gzipSync(bytes, { level: 9 }).length), bytes.length]);
  }
  return sizes.get(path);
};

for (const query of queries) {
  const context = await chromium.newContext();
  const page = await context.newPage();
  const fetched = [];
  page.on("requestfinished", (r) => {
    const url = new URL(r.url());
    if (url.origin === base) fetched.push(url.pathname);
  });
  await page.goto(`${base}/pagefind-sok.html`);
  await page.evaluate((q) => window.ui.triggerSearch(q.trim()), query);
  // Done when the results (with their titles, which come with each page's
  // fragment) or the "no results" message show.
  await page.waitForFunction(() => {
    const message = document.querySelector(".pagefind-ui__message");
    const results = [...document.querySelectorAll(".pagefind-ui__result")];
    const loading = document.querySelector(".pagefind-ui__result .pagefind-ui__loading, .pagefind-ui__result-title .pagefind-ui__loading");
    return message && message.textContent.trim() !== "" && !loading && (results.length > 0 || /Inga|No results/i.test(message.textContent));
  }, null, { timeout: 60_000 });
  await page.waitForLoadState("networkidle");
  const shown = await page.locator(".pagefind-ui__result").count();
  let gz = 0, raw = 0;
  for (const path of new Set(fetched)) {
    const [g, r] = size(path === "/" ? "/index.html" : path);
    gz += g;
    raw += r;
  }
  console.log(`    ${String(gz).padStart(8)} gzip, ${String(raw).padStart(9)} without compression, ${String(new Set(fetched).size).padStart(3)} requests, ${shown} results  ${JSON.stringify(query)}`);
  await context.close();
}
await chromium.close();
server.close();
