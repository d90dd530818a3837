// What a person sees: the main pages render in Chromium without errors or
// third-party requests, the charts show the catalogue's numbers, and each
// page is kept as a screenshot in target/screenshots/ (desktop and phone)
// and passes axe-core's WCAG 2.1 AA rules.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { serve, browser, artifacts, onlyLocal } from "./harness.mjs";

// axe-core checks each page against WCAG 2.1 A and AA, the site's bar.
const axe = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

let http, chrome;
before(async () => { http = await serve(); chrome = await browser(); });
after(async () => { await chrome?.close(); http?.server.close(); });

const pages = [
  ["start", "/"], ["partnerskap", "/partnerskap/"], ["varmestuga", "/partnerskap/malmo-varmestuga-ung/"],
  ["kommuner", "/kommun/"], ["malmo", "/kommun/malmo/"], ["kiruna", "/kommun/kiruna/"],
  ["regioner", "/region/"], ["vastra-gotaland", "/region/vastra-gotaland/"], ["fokus", "/fokus/"],
  ["organisation", "/organisation/svenska-roda-korset/"], ["statistik", "/statistik/"], ["sok", "/sok/"], ["om", "/om/"],
  ["om-status", "/om/status/"], ["att-granska", "/att-granska/"], ["bidra", "/bidra/"], ["tillganglighet", "/tillganglighet/"], ["data", "/data/"],
];

for (const [name, path] of pages) {
  test(`${path} renders without errors or outside requests`, async () => {
    for (const [device, viewport] of [["desktop", { width: 1280, height: 900 }], ["telefon", { width: 390, height: 844 }]]) {
      const page = await chrome.newPage({ viewport });
      const errors = [], outside = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      onlyLocal(page, http.base, outside);
      const response = await page.goto(http.base + path, { waitUntil: "networkidle" });
      assert.equal(response.status(), 200);
      assert.ok((await page.locator("h1").count()) >= 1, "the page has a heading");
      // Nothing overflows the screen sideways on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${path} is ${overflow}px wider than the ${device} screen`);
      await page.screenshot({ path: join(artifacts, `${name}-${device}.png`), fullPage: true });
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async (tags) =>
        (await window.axe.run(document, { runOnly: { type: "tag", values: tags } })).violations
          .map((v) => `${v.id}: ${v.nodes.length}× ${v.nodes[0].target.join(" ")}`), wcag);
      assert.deepEqual(violations, [], `${path} (${device}) breaks WCAG 2.1 AA`);
      assert.deepEqual(errors, []);
      assert.deepEqual(outside, []);
      await page.close();
    }
  });
}

test("the statistics charts show the catalogue's numbers", async () => {
  const page = await chrome.newPage();
  await page.goto(http.base + "/statistik/");
  // The national focus-area chart's table lists the same counts as the focus pages.
  const rows = await page.locator("figure#fokus-nationellt table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [tr.cells[0].textContent.trim(), Number(tr.cells[1].textContent.trim())]));
  assert.ok(rows.length > 5);
  for (const [label, value] of rows) {
    const link = page.locator("figure#fokus-nationellt table tbody a", { hasText: label }).first();
    const href = await link.getAttribute("href");
    const focus = await chrome.newPage();
    await focus.goto(http.base + href);
    const listed = await focus.locator("table.partnerskap tbody tr").count();
    assert.equal(listed, value, `${label}: chart says ${value}, page lists ${listed}`);
    await focus.close();
  }
  // Durations add up to all partnerships.
  const total = Number(await page.locator(".antal li").first().locator("strong").textContent());
  const durations = await page.locator("figure#langd-nationellt table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => Number(tr.cells[1].textContent.trim())));
  assert.equal(durations.reduce((a, b) => a + b, 0), total);
  await page.close();
});

test("every kommun on the map is a link to its page", async () => {
  const page = await chrome.newPage();
  await page.goto(http.base + "/kommun/");
  const links = await page.locator("figure svg a[href^='/kommun/']").evaluateAll((as) => new Set(as.map((a) => a.getAttribute("href"))).size);
  assert.equal(links, 290);
  await page.close();
});

test("the partnership list sorts and filters with JavaScript", async () => {
  const page = await chrome.newPage();
  await page.goto(http.base + "/partnerskap/");
  const all = await page.locator("#alla tbody tr").count();
  await page.fill("#filter-text", "malmö");
  const shown = await page.locator("#alla tbody tr:not([hidden])").count();
  assert.ok(shown > 0 && shown < all, `${shown} of ${all}`);
  await page.getByText(`Visar ${shown} av ${all} partnerskap`).waitFor();
  await page.getByRole("button", { name: "Partnerskap" }).click();
  const names = await page.locator("#alla tbody tr:not([hidden]) th").allTextContents();
  const sorted = [...names].sort(new Intl.Collator("sv").compare);
  assert.deepEqual(names, sorted);
  await page.close();
});
