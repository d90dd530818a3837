// The register as a reader checks it: every claim on a partnership page
// links to a dated source, every status badge says what it rests on, and
// /att-granska/ lists what needs a newer source, oldest first, each with a
// way to edit it. Run on the real catalogue, so only invariants are asserted.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readdirSync } from "node:fs";
import { serve, browser, artifacts, site } from "./harness.mjs";

let http, chrome;
before(async () => { http = await serve(); chrome = await browser(); });
after(async () => { await chrome?.close(); http?.server.close(); });

const slugs = readdirSync(join(site, "partnerskap"), { withFileTypes: true })
  .filter((d) => d.isDirectory()).map((d) => d.name);

test("every partnership page lists its sources as dated links and explains its status", async () => {
  assert.ok(slugs.length >= 100, `${slugs.length} partnership pages`);
  const page = await chrome.newPage();
  for (const slug of slugs) {
    await page.goto(`${http.base}/partnerskap/${slug}/`);
    const sources = page.locator("ul.kallor > li");
    const n = await sources.count();
    assert.ok(n >= 1, `${slug} has no sources`);
    for (let i = 0; i < n; i++) {
      const li = sources.nth(i);
      const href = await li.locator("a").getAttribute("href");
      assert.match(href, /^https?:\/\/[^/\s]+/, `${slug}: source ${i + 1} is not a web link`);
      const when = await li.locator("time").getAttribute("datetime");
      assert.match(when, /^\d{4}(-\d{2}){0,2}$/, `${slug}: source ${i + 1} has no date`);
    }
    // The badge carries its explanation, and the page says it in words.
    const badge = page.locator("p.meta .status");
    assert.ok((await badge.getAttribute("title")).length > 20, `${slug}: badge without explanation`);
    const explanation = (await page.locator("p.status-forklaring").textContent()).trim();
    assert.ok(explanation.length > 20, `${slug}: no explanation of the status`);
    assert.equal(await page.locator("p.status-forklaring a[href='/om/status/']").count(), 1);
    // No status reads as a contradiction.
    assert.ok(!/okänd, aktiv/.test(await badge.textContent()), slug);
  }
  await page.close();
});

test("a confirmed partnership names the source and the age of its confirmation", async () => {
  const page = await chrome.newPage();
  let checked = 0;
  for (const slug of slugs) {
    await page.goto(`${http.base}/partnerskap/${slug}/`);
    const dd = page.locator("dt:text('Senast bekräftat aktivt') + dd");
    const text = (await dd.textContent()).trim();
    if (text.startsWith("Ingen daterad källa")) continue;
    assert.match(text, /^\d{4}(-\d{2}){0,2}, för .+ sedan/, `${slug}: ${text}`);
    checked++;
  }
  assert.ok(checked >= 50, `${checked} confirmed partnerships`);
  await page.close();
});

test("/att-granska/ lists entries needing a newer source, oldest first, each editable", async () => {
  const page = await chrome.newPage();
  await page.goto(`${http.base}/att-granska/`);
  const rows = page.locator("table.granska tbody tr");
  const n = await rows.count();
  assert.ok(n >= 1, "nothing to review");
  const dates = await rows.locator("td:nth-child(4)").allTextContents();
  const known = dates.map((d) => d.trim()).filter((d) => d !== "–");
  assert.deepEqual(known, [...known].sort(), "oldest first");
  for (let i = 0; i < n; i++) {
    const row = rows.nth(i);
    const target = await row.locator("th a").getAttribute("href");
    assert.match(target, /^\/partnerskap\/[a-z0-9-]+\/$/);
    assert.ok((await row.locator("td:nth-child(5) a").getAttribute("href")).length > 0);
    assert.ok((await row.locator("td:nth-child(3)").textContent()).trim().length > 10);
  }
  // Each listed entry is one whose page says it needs it: a period that ran
  // out, or an old or missing confirmation.
  const first = await rows.first().locator("th a").getAttribute("href");
  await page.goto(http.base + first);
  const status = await page.locator("p.status-forklaring").textContent();
  assert.match(status, /slutade|bekräftad|bekräftat|Slutdatum|slutdatum|källa/);
  await page.goto(`${http.base}/att-granska/`);
  await page.screenshot({ path: join(artifacts, "att-granska.png"), fullPage: true });
  await page.close();
});

test("the per-year chart says what it counts and which part a source from the year confirms", async () => {
  const page = await chrome.newPage();
  await page.goto(`${http.base}/statistik/`);
  const figure = page.locator("figure#ar-nationellt");
  const caption = await figure.locator("figcaption").textContent();
  assert.match(caption, /källa från/);
  assert.match(caption, /källorna blir färre/);
  const rows = await figure.locator("table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [Number(tr.cells[1].textContent), Number(tr.cells[2].textContent)]));
  assert.ok(rows.length > 3);
  for (const [all, confirmed] of rows) assert.ok(confirmed <= all, `${confirmed} of ${all}`);
  assert.ok(rows.some(([, confirmed]) => confirmed > 0));
  // The map says it shows the catalogue's coverage, not every IOP in Sweden.
  await page.goto(`${http.base}/`);
  assert.match(await page.locator(".karta figcaption").textContent(), /katalogens täckning/);
  await page.close();
});
