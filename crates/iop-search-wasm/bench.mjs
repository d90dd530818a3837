// Times the WebAssembly search module in Node and checks that it answers
// exactly as the native code does.
//
//   cargo run --release -p iop-search --features indexing --example bench -- \
//       10000 --out /tmp/sok --dump /tmp/results.json
//   node crates/iop-search-wasm/bench.mjs \
//       target/wasm/wasm32-unknown-unknown/wasm-release/iop_search_wasm.wasm \
//       /tmp/sok /tmp/results.json
//
// The module is driven exactly as sok.js drives it in the browser: the
// index first, with the parts each query names added as it names them
// (results without snippets), then the texts parts the hits name. DIR is
// a site's sok/ directory (index.bin, delar/).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const [wasmPath, sokDir, dumpPath] = process.argv.slice(2);
if (!sokDir) {
  console.error("usage: node bench.mjs MODULE.wasm SOK_DIR [RESULTS.json]");
  process.exit(2);
}
const now = () => performance.now();
const wasmBytes = readFileSync(wasmPath);
const bundle = new Uint8Array(readFileSync(join(sokDir, "index.bin")));

let t = now();
const { instance } = await WebAssembly.instantiate(wasmBytes, {});
const ex = instance.exports;
const instantiateMs = now() - t;

const inflate = async (gz) =>
  new Uint8Array(await new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
const encoder = new TextEncoder();
// The query as the module reads it (see sok.js): lines of key TAB value.
const lines = (query) =>
  Object.entries(query)
    .flatMap(([k, v]) => (v === null ? [] : [v].flat().map((x) => `${k}\t${x}\n`)))
    .join("");
const decoder = new TextDecoder();
function call(fn, bytes) {
  const ptr = ex.sok_alloc(bytes.length);
  new Uint8Array(ex.memory.buffer, ptr, bytes.length).set(bytes);
  const status = fn(ptr, bytes.length);
  ex.sok_free(ptr, bytes.length);
  const out = new Uint8Array(ex.memory.buffer, ex.sok_output_ptr(), ex.sok_output_len());
  const text = decoder.decode(out);
  if (status === 1) throw new Error(text);
  return status === 2 ? { needs: JSON.parse(text) } : text;
}

/** Adds the parts `names`, each once; their bytes (gzip). */
const added = new Set();
async function addParts(names) {
  let bytes = 0;
  for (const name of names) {
    if (added.has(name)) throw new Error(`${name} asked for again`);
    added.add(name);
    const gz = new Uint8Array(readFileSync(join(sokDir, name)));
    bytes += gz.length;
    call(ex.sok_add_part, await inflate(gz));
  }
  return bytes;
}

/** Runs a query as sok.js does, adding the parts it names; the results as JSON text. */
let partBytes = 0;
async function search(query) {
  for (;;) {
    const answer = call(ex.sok_search, query);
    if (typeof answer === "string") return answer;
    partBytes += await addParts(answer.needs);
  }
}

t = now();
const inflated = await inflate(bundle);
const inflateMs = now() - t;
t = now();
call(ex.sok_open, inflated);
const openMs = now() - t;

const moduleGz = gzipSync(wasmBytes, { level: 9 }).length;
console.log(`module:      ${wasmBytes.length} bytes, ${moduleGz} gzip`);
console.log(`index:       ${bundle.length} bytes (gzip), ${inflated.length} inflated`);
console.log(`texts:       in parts (delar/x-…), of the hits shown, after the first results`);
console.log(`before first result: ${moduleGz + bundle.length} bytes (module gzip + index) and the parts the query needs`);
console.log(`instantiate: ${instantiateMs.toFixed(1)} ms, inflate ${inflateMs.toFixed(1)} ms, open ${openMs.toFixed(1)} ms`);

// JSON with object keys sorted, to compare values.
const canon = (v) =>
  Array.isArray(v)
    ? `[${v.map(canon).join(",")}]`
    : v && typeof v === "object"
      ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(",")}}`
      : JSON.stringify(v);

// Without a dump: time a few typical queries (no comparison).
const cases = dumpPath
  ? JSON.parse(readFileSync(dumpPath, "utf8"))
  : ["", "kv", "kvinnojour", "kvinnojourer", "flyktingar", "malmo", "göteborg", "stöd till barn", '"våld i nära"', "stadsmission"].map(
      (text) => ({ query: { text }, results: null }),
    );
// Before the texts: the same results, without snippets.
if (dumpPath) {
  let same = 0;
  for (const c of cases) {
    const got = JSON.parse(await search(encoder.encode(lines(c.query))));
    delete got.texts_needed;
    const want = { ...c.results, hits: c.results.hits.map((h) => ({ ...h, snippet_html: "" })) };
    if (canon(got) === canon(want)) same++;
    else console.log(`DIFFERENT (no texts): ${JSON.stringify(c.query)}`);
  }
  console.log(`same results as native, before the texts (no snippets): ${same} of ${cases.length} queries`);
  console.log(`parts fetched for them: ${added.size}, ${partBytes} bytes (gzip)`);
  if (same !== cases.length) process.exitCode = 1;
}

// The texts parts the hits name, as sok.js fetches them for the snippets.
t = now();
let textBytes = 0;
for (const c of cases) {
  const q = encoder.encode(lines(c.query));
  const needed = JSON.parse(await search(q)).texts_needed ?? [];
  textBytes += await addParts(needed.filter((n) => !added.has(n)));
}
console.log(`texts parts for them: ${textBytes} bytes (gzip), added in ${(now() - t).toFixed(1)} ms`);

{
  let same = 0;
  for (const c of cases) {
    const got = JSON.parse(await search(encoder.encode(lines(c.query))));
    if (c.results === null) continue;
    if (canon(got) === canon(c.results)) same++;
    else console.log(`DIFFERENT: ${JSON.stringify(c.query)}`);
  }
  if (dumpPath) console.log(`same results as native (texts added): ${same} of ${cases.length} queries`);

  const times = [];
  const per = [];
  for (const c of cases) {
    const q = encoder.encode(lines(c.query));
    await search(q); // warm, and every part it needs added
    let best = Infinity;
    for (let i = 0; i < 10; i++) {
      const s = now();
      call(ex.sok_search, q);
      const e = now() - s;
      times.push(e);
      best = Math.min(best, e);
    }
    per.push([best, JSON.parse(await search(q)).total, JSON.stringify(c.query.text)]);
  }
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.round((times.length - 1) * p)].toFixed(2);
  console.log(`query (wasm, incl. JSON): median ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms`);
  for (const [best, total, text] of per) {
    console.log(`  ${best.toFixed(2).padStart(7)} ms ${String(total).padStart(6)} hits  ${text}`);
  }
  if (dumpPath && same !== cases.length) process.exit(1);
}
