// Time per keystroke on the search page /sok/ in headless Chromium, warm:
// the search and the update of the page in the frame after a keystroke
// (from the start of the frame's callbacks to the end of style and layout),
// once the parts the query needs have arrived. Not a test: it prints figures.
//
//   target/debug/iop build --out /tmp/site
//   IOP_SITE=/tmp/site node benches/search-keystrokes.mjs ["query" …]
//
// Needs what the browser tests need (tests/run installs it: Chromium and
// `npm ci` in tests/browser).
if (!process.env.IOP_SITE) {
  console.error("set IOP_SITE to a built site");
  process.exit(2);
}
// The harness wants the fixture site too; this needs only the one.
process.env.IOP_FIXTURE_SITE ??= process.env.IOP_SITE;
const { browser, serve } = await import("../tests/browser/harness.mjs");

const queries = process.argv.slice(2);
if (queries.length === 0) queries.push("kvinnojourer i malmö", "stöd till barn", "hemlösheet", "idrottsföreningar");

const { server, base } = await serve();
const chromium = await browser();
const page = await chromium.newPage();
await page.goto(`${base}/sok/`);
await page.locator("#sok-q").focus();
await page.waitForFunction(() => !document.getElementById("sok-antal").textContent.includes("Laddar"));

/** Types `query` a letter at a time; per letter, the milliseconds of its frame. */
const typeOnce = (query) =>
  page.evaluate(async (query) => {
    const input = document.getElementById("sok-q");
    const frame = () => new Promise((ok) => requestAnimationFrame(ok));
    const times = [];
    for (let i = 1; i <= query.length; i++) {
      // Callbacks of a frame run in the order they were asked for: this
      // one before the page's (which the input event asks for), the
      // awaited one after it and the search it awaits. The time between is
      // the page's work; the frame's own timestamp would add the wait for
      // the display's next refresh.
      let start = 0;
      requestAnimationFrame(() => (start = performance.now()));
      input.value = query.slice(0, i);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      await frame();
      document.body.getBoundingClientRect();
      times.push(performance.now() - start);
    }
    input.value = "";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await frame();
    return times;
  }, query);

const all = [];
for (const q of queries) {
  await typeOnce(q); // fetches the parts, warms
  const best = await typeOnce(q);
  for (let run = 0; run < 4; run++) {
    (await typeOnce(q)).forEach((t, i) => (best[i] = Math.min(best[i], t)));
  }
  all.push(...best);
  console.log(`${Math.max(...best).toFixed(1).padStart(6)} ms max, ${(best.reduce((a, b) => a + b, 0) / best.length).toFixed(1)} ms mean per keystroke  ${JSON.stringify(q)}`);
}
all.sort((a, b) => a - b);
console.log(`per keystroke (best of 5 runs): median ${all[all.length >> 1].toFixed(1)} ms, max ${all[all.length - 1].toFixed(1)} ms`);
await chromium.close();
server.close();
