// /bidra/ as an editor without Git uses it: the form refuses what the
// checker would refuse, with the reason next to the field, and writes a file
// that `iop check` accepts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { serve, browser, artifacts, onlyLocal } from "./harness.mjs";

const repo = resolve(import.meta.dirname, "../..");
const iop = process.env.IOP_BIN ?? join(repo, "target/debug/iop");
let http, chrome;
before(async () => { http = await serve(); chrome = await browser(); });
after(async () => { await chrome?.close(); http?.server.close(); });

async function fill(page, fields) {
  for (const [id, value] of Object.entries(fields)) await page.fill(`#${id}`, value);
}

test("the form explains what is missing, field by field", async () => {
  const page = await chrome.newPage();
  await page.goto(`${http.base}/bidra/`);
  await page.locator("#bidra").waitFor();
  await fill(page, { "b-namn": "Test", "b-kommuner": "Falum", "b-start": "2024-02-30", "b-kalla-url": "exempel.se" });
  await page.click("#bidra button[type=submit]");
  assert.match(await page.textContent("#b-kommuner-fel"), /Okänd kommun: Falum/);
  assert.match(await page.textContent("#b-start-fel"), /ÅÅÅÅ/);
  assert.match(await page.textContent("#b-kalla-url-fel"), /https:\/\//);
  assert.match(await page.textContent("#b-fokus-fel"), /1 till 3/);
  assert.equal(await page.getAttribute("#b-kommuner", "aria-invalid"), "true");
  assert.match(await page.textContent("#b-sammanfattning"), /uppgifter behöver rättas/);
  assert.equal(await page.locator("#b-resultat").isVisible(), false);
  await page.close();
});

test("the form writes a file that iop check accepts", async () => {
  const page = await chrome.newPage();
  const outside = [];
  onlyLocal(page, http.base, outside);
  await page.goto(`${http.base}/bidra/`);
  await page.locator("#bidra").waitFor();
  await fill(page, {
    "b-namn": "Värmestuga: natt och mat för unga",
    "b-kommuner": "Falu kommun",
    "b-organ": "Socialnämnden",
    "b-org": "Skåne Stadsmission",
    "b-start": "2024-11",
    "b-slut": "tills vidare",
    "b-kalla-titel": "Ny värmestuga öppnar (Falu kommun)",
    "b-kalla-url": "https://www.falun.se/nyheter/varmestuga",
    "b-kalla-datum": "2024-11-02",
    "b-beskrivning": "Kommunen och stadsmissionen driver tillsammans en värmestuga där unga får mat och en plats att sova.",
  });
  await page.check("input[name=fokus][value=hemloshet]");
  await page.check("input[name=fokus][value=barn-och-unga]");
  await page.check("#b-bekraftad");
  await page.click("#bidra button[type=submit]");
  await page.locator("#b-resultat").waitFor();
  const text = await page.inputValue("#b-fil");
  assert.match(text, /^---\nnamn: "Värmestuga: natt och mat för unga"\n/);
  assert.match(text, /  - kommun: Falun\n    organ: Socialnämnden\n/);
  assert.match(text, /bekräftad: 2024-11-02\n/);
  const name = (await page.textContent("#b-filnamn")).match(/content\/partnerskap\/([a-z0-9-]+)\.md/)[1];
  assert.match(name, /^falun-varmestuga-natt-och-mat-for-unga$/);
  await page.screenshot({ path: join(artifacts, "bidra.png"), fullPage: true });
  assert.deepEqual(outside, []);
  await page.close();

  // The same file in a copy of the fixture catalogue passes the checker.
  const site = mkdtempSync(join(tmpdir(), "iop-bidra-"));
  cpSync(join(repo, "tests/fixtures/rapport-2023"), site, { recursive: true });
  writeFileSync(join(site, "content/partnerskap", `${name}.md`), text);
  const check = spawnSync(iop, ["check", "--format", "json", "--as-of", "2025-01-01", "--root", site], { encoding: "utf8" });
  const report = JSON.parse(check.stdout);
  const own = report.diagnostiker.filter((d) => d.file.endsWith(`${name}.md`) && d.severity !== "notering");
  assert.deepEqual(own, [], check.stderr);
  assert.equal(check.status, 0, check.stderr);
});
