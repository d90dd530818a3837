// The search page as a person uses it: nothing loads until search is used,
// results appear while typing, and the query and filters live in the URL so
// a search can be shared. Exact counts come from the frozen fixture
// catalogue (tests/fixtures/rapport-2023), so the real one can grow.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serve, browser, artifacts, onlyLocal, fixtureSite } from "./harness.mjs";

let http, chrome;
before(async () => { http = await serve(fixtureSite); chrome = await browser(); });
after(async () => { await chrome?.close(); http?.server.close(); });

test("typing a query shows results and puts it in the URL", async () => {
  const page = await chrome.newPage();
  const fetched = [], outside = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  onlyLocal(page, http.base, outside);
  await page.goto(http.base + "/sok/");
  assert.ok(!fetched.some((p) => p.endsWith(".wasm") || p.endsWith(".bin")), "nothing loads before search is used");

  await page.locator("#sok-q").pressSequentially("kvinnojourer", { delay: 30 });
  const results = page.locator("#sok-resultat > li");
  // Three kvinnojourer, and Umeå's "Kvinno- och tjejjouren".
  await page.getByText("4 träffar").first().waitFor();
  const names = await results.locator("a").first().allTextContents();
  assert.equal(await results.count(), 4);
  const all = (await results.allTextContents()).join(" ");
  for (const town of ["Karlskrona", "Kalmar", "Linköping", "Umeå"]) assert.ok(all.includes(town), town);
  assert.ok(await results.locator("mark").count() >= 4, "matches are highlighted");
  // The descriptions come after the index and add a snippet to each hit.
  await results.locator(".utdrag").nth(3).waitFor();
  assert.equal(await results.locator(".utdrag").count(), 4);
  const texts = fetched.findIndex((p) => p.startsWith("/sok/delar/x-"));
  assert.ok(texts > fetched.indexOf("/sok/index.bin"), fetched.join(" "));
  // The address follows once typing pauses.
  await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "kvinnojourer");
  assert.ok(names.length > 0);
  // The first result links to the partnership's permanent page.
  const href = await results.first().locator("a").first().getAttribute("href");
  assert.match(href, /^\/partnerskap\/[a-z0-9-]+\/$/);
  await page.screenshot({ path: join(artifacts, "sok-kvinnojourer.png"), fullPage: true });
  assert.deepEqual(outside, []);
  await page.close();
});

test("a hit that stays while typing keeps its item, and its highlighting follows", async () => {
  const page = await chrome.newPage();
  await page.goto(http.base + "/sok/");
  const input = page.locator("#sok-q");
  await input.pressSequentially("kvinno", { delay: 30 });
  const hit = page.locator('#sok-resultat > li[data-slug="kalmar-kvinnojouren"]');
  await hit.waitFor();
  await hit.locator(".utdrag").waitFor();
  // "kvinno" matches "kvinnor" in its name; "kvinnojour" only its organisation.
  assert.equal(await hit.locator("h3 mark").textContent(), "kvinnor");
  await hit.evaluate((li) => (li.dataset.sedd = "1"));
  await input.pressSequentially("jour", { delay: 30 });
  await page.getByText("4 träffar").first().waitFor();
  await page.waitForFunction(() => !document.querySelector('#sok-resultat > li[data-slug="kalmar-kvinnojouren"] h3 mark'));
  // The same element, moved up and rewritten in place, with one snippet.
  assert.equal(await hit.getAttribute("data-sedd"), "1");
  const order = await page.locator("#sok-resultat > li").evaluateAll((items) => items.map((li) => li.dataset.slug));
  assert.equal(order.indexOf("kalmar-kvinnojouren"), 1, order.join(" "));
  assert.equal(await hit.locator("h3").textContent(), "Skydd för våldsutsatta kvinnor och barn i Kalmar");
  assert.equal(await hit.locator(".utdrag").count(), 1);
  assert.equal(await hit.locator(".status").count(), 1);
  await page.close();
});

test("a shared URL restores the query and filters", async () => {
  const page = await chrome.newPage();
  await page.goto(http.base + "/sok/?q=malmo&status=p%C3%A5g%C3%A5ende");
  await page.locator("#sok-resultat > li").first().waitFor();
  assert.equal(await page.locator("#sok-q").inputValue(), "malmo");
  const count = await page.locator("#sok-antal").textContent();
  const hits = Number(count.match(/\d+/)[0]);
  // Typed without ö, "malmo" finds Malmö's partnerships; the filter keeps the ongoing ones.
  assert.ok(hits >= 8, count);
  const statuses = await page.locator("#sok-resultat > li").allTextContents();
  assert.ok(statuses.every((t) => t.toLowerCase().includes("pågående")), `only ongoing partnerships: ${statuses.join(" | ")}`);
  await page.close();
});

test("a misspelt query gets results and a 'menade du'", async () => {
  const page = await chrome.newPage();
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(http.base + "/sok/?q=rada%20barnen");
  const results = page.locator("#sok-resultat > li");
  await results.first().waitFor();
  // Rädda Barnen's three partnerships come first.
  const first = await page.locator("#sok-resultat > li").evaluateAll((items) => items.slice(0, 3).map((li) => li.dataset.slug));
  assert.deepEqual(first.sort(), [
    "goteborg-hjallbo-lovgardet",
    "malmo-radda-barnen-unga-tillfalligt-uppehallstillstand",
    "stockholm-ensamkommande-barn-och-unga",
  ]);
  const tips = page.locator("#sok-tips");
  assert.match(await tips.textContent(), /Menade du rädda barnen\?/);
  await tips.getByRole("button", { name: "rädda barnen" }).click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "rädda barnen");
  assert.equal(await page.locator("#sok-q").inputValue(), "rädda barnen");
  await page.waitForFunction(() => document.getElementById("sok-tips").hidden);
  // The module is fetched once (compiled while it streams in).
  assert.equal(fetched.filter((p) => p.endsWith(".wasm")).length, 1);
  await page.close();
});

test("a query nothing fully matches is no dead end", async () => {
  const page = await chrome.newPage();
  await page.goto(http.base + "/sok/?q=kvinnojour%20qwxyzzy");
  await page.locator("#sok-resultat > li").first().waitFor();
  assert.match(await page.locator("#sok-antal").textContent(), /4 träffar på en del av orden/);
  assert.match(await page.locator("#sok-tips").textContent(), /Inget partnerskap nämner ”qwxyzzy”/);

  await page.locator("#sok-q").fill("qwxyzzy");
  await page.getByText("Inga träffar").first().waitFor();
  const browse = page.locator("#sok-tips a");
  assert.equal(await browse.first().getAttribute("href"), "/partnerskap/");
  assert.equal(await page.locator("#sok-resultat > li").count(), 0);
  await page.close();
});
