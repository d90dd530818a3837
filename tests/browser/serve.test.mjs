// `iop serve` as an editor uses it: the page open in the browser reloads by
// itself after a content file is saved, shows a readable error page while
// the content is wrong, and comes back when it is fixed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, copyFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { browser } from "./harness.mjs";

const repo = resolve(import.meta.dirname, "../..");
const iop = process.env.IOP_BIN ?? join(repo, "target/debug/iop");
const entry = (namn, kommun) => `---
namn: ${namn}
offentliga_parter:
  - kommun: ${kommun}
idéburna_parter: [Testföreningen]
fokusområden: [hemloshet]
start: 2024-01-01
slut: tills vidare
källor: [famna-fremia-2023]
---
Testföreningen och kommunen driver ett natthärbärge tillsammans.
`;

let site, server, chrome, base;
before(async () => {
  site = mkdtempSync(join(tmpdir(), "iop-serve-"));
  for (const dir of ["content/partnerskap", "content/organisationer"]) mkdirSync(join(site, dir), { recursive: true });
  for (const file of ["site.toml", "content/fokusomraden.yaml", "content/kallor.yaml"]) copyFileSync(join(repo, file), join(site, file));
  writeFileSync(join(site, "content/organisationer/testforeningen.md"), "---\nnamn: Testföreningen\n---\nEn förening.\n");
  writeFileSync(join(site, "content/partnerskap/malmo-natt.md"), entry("Natthärbärge i Malmö", "Malmö"));
  server = spawn(iop, ["serve", "--port", "0", "--root", site], { stdio: ["ignore", "ignore", "pipe"] });
  base = await new Promise((ok, fail) => {
    let seen = "";
    const timer = setTimeout(() => fail(new Error(`iop serve did not start:\n${seen}`)), 60_000);
    server.stderr.on("data", (chunk) => {
      seen += chunk;
      const url = seen.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (url) { clearTimeout(timer); ok(url[0]); }
    });
  });
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
  server?.kill();
  if (site) rmSync(site, { recursive: true, force: true });
});

test("the open page reloads after an edit, shows errors and recovers", async () => {
  const page = await chrome.newPage();
  await page.goto(`${base}/partnerskap/malmo-natt/`);
  await page.getByRole("heading", { level: 1, name: "Natthärbärge i Malmö" }).waitFor();

  writeFileSync(join(site, "content/partnerskap/malmo-natt.md"), entry("Natthärbärge Malmö centrum", "Malmö"));
  await page.getByRole("heading", { level: 1, name: "Natthärbärge Malmö centrum" }).waitFor({ timeout: 30_000 });

  writeFileSync(join(site, "content/partnerskap/malmo-natt.md"), entry("Natthärbärge Malmö centrum", "Malmoe"));
  await page.getByText("Innehållet har fel").first().waitFor({ timeout: 30_000 });
  const text = await page.locator("body").textContent();
  assert.ok(text.includes("content/partnerskap/malmo-natt.md"), text);
  assert.ok(text.includes("okänd kommun 'Malmoe'"), text);

  writeFileSync(join(site, "content/partnerskap/malmo-natt.md"), entry("Natthärbärge Malmö centrum", "Malmö"));
  await page.getByRole("heading", { level: 1, name: "Natthärbärge Malmö centrum" }).waitFor({ timeout: 30_000 });
  await page.close();
});
