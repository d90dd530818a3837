// Shared by the browser tests: serves the built site on 127.0.0.1 and starts
// Debian's headless Chromium through playwright-core.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, extname, normalize } from "node:path";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

export const site = process.env.IOP_SITE;
if (!site) throw new Error("IOP_SITE must name a built site (see tests/run)");
/** The frozen fixture catalogue, built: for tests that need exact numbers. */
export const fixtureSite = process.env.IOP_FIXTURE_SITE;
if (!fixtureSite) throw new Error("IOP_FIXTURE_SITE must name the built fixture site (see tests/run)");

/** Screenshots kept as test artifacts, for a person to look at. */
export const artifacts = join(process.cwd(), "target", "screenshots");
mkdirSync(artifacts, { recursive: true });

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".wasm": "application/wasm", ".svg": "image/svg+xml", ".xml": "application/xml",
  ".json": "application/json", ".bin": "application/octet-stream", ".txt": "text/plain",
};

export async function serve(root = site) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(path)).isDirectory()) path = join(path, "index.html");
      const body = await readFile(path);
      res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": types[".html"] }).end(await readFile(join(root, "404.html")));
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Fails the test on any request that leaves the site: no CDN, fonts or trackers. */
export function onlyLocal(page, base, outside) {
  page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) outside.push(r.url()); });
}
