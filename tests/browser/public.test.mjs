// The public pages as a reader meets them: right Swedish names, the
// keyboard, a phone, no JavaScript, a shared link and a printout. Run on the
// real catalogue, so only invariants are asserted.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serve, browser, artifacts } from "./harness.mjs";

let http, chrome;
before(async () => { http = await serve(); chrome = await browser(); });
after(async () => { await chrome?.close(); http?.server.close(); });

test("kommun pages use the names the kommuner use for themselves", async () => {
  const page = await chrome.newPage();
  for (const [slug, name] of [["falun", "Falu kommun"], ["goteborg", "Göteborgs Stad"], ["malmo", "Malmö stad"], ["stockholm", "Stockholms stad"], ["linkoping", "Linköpings kommun"]]) {
    await page.goto(`${http.base}/kommun/${slug}/`);
    assert.equal((await page.locator("h1").textContent()).trim(), name);
    assert.match(await page.title(), new RegExp(`^${name} – `));
  }
  await page.close();
});

test("on the start page the keyboard passes the map in a few Tabs", async () => {
  const page = await chrome.newPage();
  await page.goto(`${http.base}/`);
  await page.keyboard.press("Tab");
  const skip = page.locator("a.skip");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Hoppa till innehållet");
  assert.ok((await skip.boundingBox()).x >= 0, "the skip link is visible when focused");
  // From the last link before the map, the next section is a few Tabs away.
  await page.locator(".fokus-lankar a").last().focus();
  let tabs = 0;
  while (tabs < 10) {
    await page.keyboard.press("Tab");
    tabs++;
    if (await page.evaluate(() => !!document.activeElement.closest("section[aria-labelledby='senaste']"))) break;
  }
  assert.ok(tabs <= 3, `${tabs} Tabs from before the map to after it`);
  // The map's data stays reachable: its table lists the same kommun links.
  assert.ok(await page.locator(".karta figure details table a[href^='/kommun/']").count() > 10);
  await page.close();
});

test("on a phone every field of the partnership list is visible and nothing scrolls sideways", async () => {
  const page = await chrome.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${http.base}/partnerskap/`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${overflow}px too wide`);
  const first = page.locator("#alla tbody tr").first();
  for (const label of ["Offentliga parter", "Idéburna parter", "Period", "Status"]) {
    const cell = first.locator(`td[data-etikett='${label}']`);
    const box = await cell.boundingBox();
    assert.ok(box && box.width > 0 && box.x >= 0 && box.x + box.width <= 391, `${label} is on screen`);
    const shown = await cell.evaluate((td) => getComputedStyle(td, "::before").content);
    assert.match(shown, new RegExp(label), `${label} is labelled`);
  }
  // The header takes little of the screen.
  const header = await page.locator(".site-header").boundingBox();
  assert.ok(header.height <= 140, `header ${header.height}px`);
  await page.screenshot({ path: join(artifacts, "partnerskap-telefon-kort.png") });
  await page.close();
});

test("without JavaScript no control is shown that does nothing", async () => {
  const context = await chrome.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${http.base}/partnerskap/`);
  assert.equal(await page.locator(".lista-filter").isVisible(), false);
  assert.ok(await page.locator("#alla tbody tr").count() > 100, "the whole list is there");
  await page.goto(`${http.base}/sok/`);
  assert.equal(await page.locator("#sok-q").isVisible(), false);
  assert.ok(await page.locator("noscript, .note").first().isVisible());
  await context.close();
});

test("the list filter ignores accents and keeps its state in the URL", async () => {
  const page = await chrome.newPage();
  await page.goto(`${http.base}/partnerskap/`);
  await page.fill("#filter-text", "goteborg");
  const shown = page.locator("#alla tbody tr:not([hidden])");
  const n = await shown.count();
  assert.ok(n > 5, `${n} rows for "goteborg"`);
  for (const text of await shown.allTextContents()) assert.match(text, /Göteborg/);
  assert.equal(new URL(page.url()).searchParams.get("q"), "goteborg");
  await page.selectOption("#filter-status", "avslutad");
  const url = page.url();
  await page.goto(url);
  assert.equal(await page.inputValue("#filter-text"), "goteborg");
  assert.equal(await page.inputValue("#filter-status"), "avslutad");
  assert.equal(await page.locator("#alla tbody tr:not([hidden])").count(), await page.locator("#alla tbody tr[data-status='avslutad']:not([hidden])").count());
  await page.close();
});

test("a shared partnership link previews with title, parties, period and status", async () => {
  const page = await chrome.newPage();
  await page.goto(`${http.base}/partnerskap/malmo-varmestuga-ung/`);
  const meta = (sel) => page.locator(sel).getAttribute("content");
  assert.equal(await meta("meta[property='og:type']"), "article");
  assert.match(await meta("meta[property='og:title']"), /^Värmestuga Ung – /);
  const description = await meta("meta[property='og:description']");
  assert.equal(description, await meta("meta[name='description']"));
  for (const part of ["Malmö stad", "Skåne Stadsmission", "2022-02-01", "Status per"]) assert.ok(description.includes(part), part);
  assert.equal(await meta("meta[property='og:url']"), await page.locator("link[rel=canonical]").getAttribute("href"));
  assert.equal(await meta("meta[name='twitter:card']"), "summary");
  await page.close();
});

test("short pages keep the footer at the bottom and print dark on white", async () => {
  const page = await chrome.newPage({ viewport: { width: 1280, height: 1200 } });
  await page.goto(`${http.base}/om/status/`);
  const footer = await page.locator(".site-footer").boundingBox();
  assert.ok(footer.y + footer.height >= 1199, `footer ends at ${footer.y + footer.height}`);
  await page.emulateMedia({ media: "print" });
  const [color, background] = await page.locator(".brand").evaluate((a) => [getComputedStyle(a).color, getComputedStyle(a.closest("header")).backgroundColor]);
  assert.equal(color, "rgb(0, 0, 0)");
  assert.match(background, /rgba\(0, 0, 0, 0\)|transparent/);
  await page.close();
});

test("/kommun/ leads with the kommuner that have partnerships, in Swedish order", async () => {
  const page = await chrome.newPage();
  await page.goto(`${http.base}/kommun/`);
  const names = await page.locator("section[aria-labelledby='med-rubrik'] tbody th").allTextContents();
  assert.ok(names.length > 10);
  assert.deepEqual(names, [...names].sort(new Intl.Collator("sv").compare));
  assert.equal(await page.locator("details.alla-kommuner").getAttribute("open"), null, "all 290 behind one summary");
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height < 8000, `${height}px`);
  await page.close();
});

test("no page says a one-year period twice", async () => {
  const page = await chrome.newPage();
  await page.goto(`${http.base}/partnerskap/`);
  const periods = await page.locator("#alla td[data-etikett='Period']").allTextContents();
  for (const p of periods) assert.doesNotMatch(p, /^(\d{4}) – \1$/, p);
  await page.close();
});
