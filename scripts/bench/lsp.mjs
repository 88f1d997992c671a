// `npm run bench:lsp`: drives the real language server (dist/server.js --stdio) over
// JSON-RPC and measures what a drafter feels: first diagnostics after opening a 1 MB
// contract, keystroke → fresh diagnostics over 200 single-character edits at different
// places (and 100 on 100, 250 and 500 KB contracts, to show how the cost grows with the
// document), the same keystrokes while a second 1 MB document with costly custom rules is
// analysed (the hostile-input review's H2), and the server's memory with 100 open 100 KB
// documents.
//
//   node scripts/bench/lsp.mjs [--edits N] [--runs N] [--sizes 100,250,500] [--documents N] [--only memory|latency|costly] [--node-flags "…"]
//
// The 1 MB contract's keystrokes are replayed `--runs` times (3 by default), each time on a
// fresh server: a p95 of 200 keystrokes is their 10th slowest, which a busy machine moves by
// several milliseconds from one run to the next, so each run's figures are printed and so
// are those of all runs' keystrokes together.
//
// `--only workspace` measures only keystrokes in an open 100 KB contract while the server
// checks a 1,000-document workspace (Policy Lens: Check workspace) in the background.
//
// `--only memory` skips the 1 MB contract (first diagnostics and keystrokes) and measures
// only the open-documents memory; `--only latency` skips the memory part. The server runs
// with the Node flags the extension gives it, or `--node-flags`.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { contract, CONTRACT_1MB, ensureCorpus, makeRandom } from "./corpus.mjs";
import { describeMachine, formatBytes, percentile } from "./stats.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const EDITS = option("--edits", 200);
const RUNS = option("--runs", 3);
// Smaller contracts for the keystroke test, in KB (`--sizes ""` for none), each with this many edits.
const SIZES = (args.includes("--sizes") ? args[args.indexOf("--sizes") + 1] : "100,250,500").split(",").filter(Boolean).map(Number);
const SIZED_EDITS = 100;
const DOCUMENTS = option("--documents", 100);
/** The Node flags the extension launches the server with (SERVER_EXEC_ARGV in client/src/languageClient.ts). */
function extensionServerFlags() {
  const source = readFileSync(join(root, "client", "src", "languageClient.ts"), "utf8");
  const m = /export const SERVER_EXEC_ARGV = (\[[^\]]*\]);/.exec(source);
  if (!m) throw new Error("SERVER_EXEC_ARGV not found in client/src/languageClient.ts");
  return JSON.parse(m[1]);
}
// `--node-flags "…"` replaces them, to measure other V8 settings.
const NODE_FLAGS = args.includes("--node-flags") ? args[args.indexOf("--node-flags") + 1].split(/\s+/).filter(Boolean) : extensionServerFlags();
const ONLY = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const ONLY_CHOICES = ["memory", "latency", "costly", "workspace"];
if (ONLY !== undefined && !ONLY_CHOICES.includes(ONLY)) throw new Error(`--only takes ${ONLY_CHOICES.join(", ")}, not ${ONLY}`);
const SERVER = join(root, "dist", "server.js");
if (!existsSync(SERVER)) throw new Error("dist/server.js is missing: run `npm run build` first (npm run bench:lsp does)");

/**
 * A minimal LSP client: Content-Length framing over the server's stdin/stdout. A message's
 * time is when its last byte arrived, before this client parses it: the benchmark measures
 * the server and the protocol, not how fast one client parses JSON (1.7 MB per publish on
 * the 1 MB contract). Chunks are joined once per message, not once per chunk.
 */
class Client {
  constructor(child) {
    this.child = child;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    this.chunks = [];
    this.received = 0;
    this.bodyLength = -1;
    child.stdout.on("data", (chunk) => this.receive(chunk));
  }
  receive(chunk) {
    const at = performance.now();
    this.chunks.push(chunk);
    this.received += chunk.length;
    for (;;) {
      if (this.bodyLength < 0) {
        const buffer = this.joined();
        const headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) return;
        this.bodyLength = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString("ascii"))[1]);
        this.chunks = [buffer.subarray(headerEnd + 4)];
        this.received = buffer.length - headerEnd - 4;
      }
      if (this.received < this.bodyLength) return;
      const buffer = this.joined();
      const message = JSON.parse(buffer.subarray(0, this.bodyLength).toString("utf8"));
      this.chunks = [buffer.subarray(this.bodyLength)];
      this.received = buffer.length - this.bodyLength;
      this.bodyLength = -1;
      this.dispatch(message, at);
    }
  }
  joined() {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.received)];
    return this.chunks[0];
  }
  dispatch(message, at) {
    if (message.id !== undefined && message.method === undefined) {
      const p = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) p?.reject(new Error(message.error.message));
      else p?.resolve({ result: message.result, at });
    } else if (message.id !== undefined) {
      // A request from the server (configuration, capability registration…): answer null.
      this.send({ jsonrpc: "2.0", id: message.id, result: message.method === "workspace/configuration" ? message.params.items.map(() => null) : null });
    } else {
      for (const l of [...this.listeners]) l(message, at);
    }
  }
  send(message) {
    const body = Buffer.from(JSON.stringify(message), "utf8");
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }
  request(method, params) {
    return this.timedRequest(method, params).then(({ result }) => result);
  }
  /** Resolves with the result and the time its response arrived. */
  timedRequest(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: "2.0", id, method, params });
    });
  }
  notify(method, params) {
    this.send({ jsonrpc: "2.0", method, params });
  }
  /** Resolves with the time of the first publishDiagnostics for `uri` at `version` (or later). */
  diagnostics(uri, version) {
    return new Promise((resolve) => {
      const listener = (message, at) => {
        if (message.method !== "textDocument/publishDiagnostics" || message.params.uri !== uri) return;
        if (message.params.version !== undefined && message.params.version < version) return;
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve({ at, count: message.params.diagnostics.length });
      };
      this.listeners.push(listener);
    });
  }
}

function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

/** A server that pushes diagnostics, or with `pull`, one that answers `textDocument/diagnostic` as VS Code asks. */
async function startServer({ pull = false, folder = null } = {}) {
  const child = spawn(process.execPath, [...NODE_FLAGS, SERVER, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const client = new Client(child);
  await client.request("initialize", {
    processId: process.pid,
    rootUri: folder,
    workspaceFolders: folder ? [{ uri: folder, name: "bench" }] : null,
    // No workspace/configuration: the server uses these settings.
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { dynamicRegistration: false }, ...(pull ? { diagnostic: { dynamicRegistration: false } } : {}) } },
    // The server debounces typing (policyLens.debounceMs, 150 ms by default); the benchmark
    // measures the analysis, so it turns the debounce off.
    initializationOptions: { settings: { debounceMs: 0 } },
  });
  client.notify("initialized", {});
  return { child, client };
}

async function stopServer({ child, client }) {
  await client.request("shutdown", null).catch(() => undefined);
  client.notify("exit", null);
  await new Promise((resolve) => child.once("exit", resolve));
}

/** Offset → LSP position in `text` (0-based line, UTF-16 column). */
function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

const machine = describeMachine();
console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.load} at start`);
console.log(`Server: node ${[...NODE_FLAGS, "dist/server.js"].join(" ")}\n`);

// 1. A 1 MB contract: first diagnostics, then keystrokes.
let latency = {};
if (ONLY === undefined || ONLY === "latency") latency = await measureLatency();

// 1b. Typing in the 1 MB contract while a second 1 MB document, under a config whose
// custom rules are within the limits but costly (ten `a ~8 a ~8 a ~8 a ~8 b`), is opened
// and changed every 20 keystrokes: its analyses must not hold the keystrokes.
let costly = {};
if (ONLY === undefined || ONLY === "costly") costly = await measureCostlyNeighbour();

async function measureCostlyNeighbour() {
  const corpus = ensureCorpus(join(root, ".bench", "corpus"));
  const text = readFileSync(corpus.contract, "utf8");
  const dir = mkdtempSync(join(tmpdir(), "policy-lens-bench-"));
  const rules = Array.from({ length: 10 }, (_, i) => `  - id: x/r${i}\n    category: loophole\n    patterns: ["a ~8 a ~8 a ~8 a ~8 b"]\n    message: "m {phrase}"\n`).join("");
  writeFileSync(join(dir, ".policylens.yaml"), `customRules:\n${rules}`);
  const paragraph = `${"a ".repeat(200)}a.\n\n`;
  let costlyText = "# Notes\n\n" + paragraph.repeat(Math.ceil(CONTRACT_1MB.bytes / paragraph.length));
  const costlyUri = pathToFileURL(join(dir, "costly.md")).href;
  const server = await startServer();
  const uri = "file:///bench/contract-1mb.md";
  server.client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
  await server.client.request("textDocument/documentSymbol", { textDocument: { uri } });
  let costlyVersion = 1;
  let costlyPublished = { at: 0, version: 0, budget: false };
  server.client.listeners.push((message, at) => {
    if (message.method !== "textDocument/publishDiagnostics" || message.params.uri !== costlyUri) return;
    costlyPublished = { at, version: message.params.version, budget: message.params.diagnostics.some((d) => d.code === "document/time-budget") };
  });
  server.client.notify("textDocument/didOpen", { textDocument: { uri: costlyUri, languageId: "markdown", version: 1, text: costlyText } });
  const edits = EDITS;
  const { latencies } = await typeInto(server, uri, text, edits, undefined, (e) => {
    if (e % 20 !== 10) return;
    costlyText = "x" + costlyText;
    server.client.notify("textDocument/didChange", { textDocument: { uri: costlyUri, version: ++costlyVersion }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "x" }] });
  });
  const typingEnded = performance.now();
  // Then the costly document's own diagnostics, once the typing has paused.
  while (costlyPublished.version < costlyVersion && performance.now() - typingEnded < 120_000) await new Promise((r) => setTimeout(r, 20));
  const costlyMs = costlyPublished.version >= costlyVersion ? costlyPublished.at - typingEnded : NaN;
  await stopServer(server);
  rmSync(dir, { recursive: true, force: true });
  const result = { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies), costlyMs, costlyBudget: costlyPublished.budget };
  console.log(
    `${edits} single-character edits in the 1 MB contract while a 1 MB document with costly custom rules is opened and changed every 20 keystrokes: ` +
      `didChange → publishDiagnostics p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, max ${result.max.toFixed(1)} ms; ` +
      `the costly document's latest diagnostics ${Math.abs(costlyMs).toFixed(0)} ms ${costlyMs >= 0 ? "after" : "before"} the typing stopped${result.costlyBudget ? " (with its time-budget finding)" : ""}`,
  );
  return result;
}

async function measureLatency() {
  const corpus = ensureCorpus(join(root, ".bench", "corpus"));
  let text = readFileSync(corpus.contract, "utf8");
  const server = await startServer();
  const uri = "file:///bench/contract-1mb.md";
  let version = 1;
  // A large document gets its beginning's diagnostics first, then the whole's: both are timed.
  const publishes = [];
  const collect = (message, at) => {
    if (message.method === "textDocument/publishDiagnostics" && message.params.uri === uri) publishes.push({ at, count: message.params.diagnostics.length });
  };
  server.client.listeners.push(collect);
  const opened = performance.now();
  const first = server.client.diagnostics(uri, version);
  server.client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version, text } });
  const firstDiagnostics = await first;
  const openMs = firstDiagnostics.at - opened;
  // The server answers a document request from the whole analysis, then publishes it.
  await server.client.request("textDocument/documentSymbol", { textDocument: { uri } });
  for (const waitFrom = performance.now(); publishes.length < 2 && performance.now() - waitFrom < 2000; ) await new Promise((r) => setTimeout(r, 5));
  server.client.listeners.splice(server.client.listeners.indexOf(collect), 1);
  const whole = publishes[publishes.length - 1];
  const wholeMs = whole.at - opened;
  console.log(
    `1 MB contract (${formatBytes(Buffer.byteLength(text))}): first diagnostics ${openMs.toFixed(0)} ms after didOpen (${firstDiagnostics.count} diagnostics` +
      (publishes.length > 1 ? `, the document's first 64 KB); all ${whole.count} diagnostics ${wholeMs.toFixed(0)} ms after didOpen` : ")"),
  );

  const latencies = [];
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    // Every run after the first on a fresh server, the contract opened and analysed whole.
    const typing = run === 0 ? server : await startServer();
    if (run > 0) {
      typing.client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
      await typing.client.request("textDocument/documentSymbol", { textDocument: { uri } });
    }
    const { latencies: times } = await typeInto(typing, uri, text, EDITS);
    await stopServer(typing);
    latencies.push(...times);
    runs.push({ p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times) });
    console.log(`${EDITS} single-character edits (run ${run + 1} of ${RUNS}): didChange → publishDiagnostics p50 ${runs[run].p50.toFixed(1)} ms, p95 ${runs[run].p95.toFixed(1)} ms, max ${runs[run].max.toFixed(1)} ms`);
  }
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  const max = Math.max(...latencies);
  console.log(`All ${latencies.length} keystrokes: didChange → publishDiagnostics p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${max.toFixed(1)} ms`);

  // The same edits with a client that pulls diagnostics, as VS Code does: didChange, then
  // textDocument/diagnostic, timed until the report has arrived.
  const pulling = await startServer({ pull: true });
  pulling.client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
  await pulling.client.request("textDocument/diagnostic", { textDocument: { uri } });
  const { latencies: pulled } = await typeInto(pulling, uri, text, EDITS, () => pulling.client.timedRequest("textDocument/diagnostic", { textDocument: { uri } }).then(({ result, at }) => ({ at, count: result.items.length })));
  const pull = { p50: percentile(pulled, 50), p95: percentile(pulled, 95), max: Math.max(...pulled) };
  console.log(`The same edits, pulled: didChange → textDocument/diagnostic report p50 ${pull.p50.toFixed(1)} ms, p95 ${pull.p95.toFixed(1)} ms, max ${pull.max.toFixed(1)} ms`);
  await stopServer(pulling);

  // The same on smaller contracts: how a keystroke's cost grows with the document.
  const bySize = [];
  for (const kb of SIZES) {
    const sized = await startServer();
    const sizedUri = `file:///bench/contract-${kb}kb.md`;
    const sizedText = contract(42, kb * 1024);
    sized.client.notify("textDocument/didOpen", { textDocument: { uri: sizedUri, languageId: "markdown", version: 1, text: sizedText } });
    await sized.client.request("textDocument/documentSymbol", { textDocument: { uri: sizedUri } });
    const { latencies: times, count } = await typeInto(sized, sizedUri, sizedText, SIZED_EDITS);
    bySize.push({ kb, diagnostics: count, p50: percentile(times, 50), p95: percentile(times, 95) });
    console.log(`${kb} KB contract (~${count} diagnostics): ${SIZED_EDITS} edits, p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
    await stopServer(sized);
  }
  return { openMs, wholeMs, p50, p95, max, runs, pull, bySize };
}

/**
 * Single-character edits at spread-out places (a letter typed into a word, a space, or one
 * deleted); each timed until its diagnostics arrive: pushed, or as `ask()` gets them.
 */
async function typeInto(server, uri, text, edits, ask, between, pauseMs = 0) {
  const random = makeRandom(7);
  const latencies = [];
  let version = 1;
  let count = 0;
  for (let e = 0; e < edits; e++) {
    let offset = random.int(text.length - 1);
    while (!/[a-z]/i.test(text[offset])) offset = (offset + 1) % text.length;
    const kind = e % 3;
    const change =
      kind === 2
        ? { range: { start: positionAt(text, offset), end: positionAt(text, offset + 1) }, text: "" }
        : { range: { start: positionAt(text, offset), end: positionAt(text, offset) }, text: kind === 0 ? "e" : " " };
    text = text.slice(0, offset) + change.text + text.slice(kind === 2 ? offset + 1 : offset);
    version++;
    between?.(e);
    const fresh = ask ? undefined : server.client.diagnostics(uri, version);
    const sent = performance.now();
    server.client.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [change] });
    const published = await (fresh ?? ask());
    latencies.push(published.at - sent);
    count = published.count;
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
  }
  return { latencies, count };
}

// 2. Keystrokes while the whole workspace is checked.
let workspace = {};
if (ONLY === undefined || ONLY === "workspace") workspace = await measureWorkspaceCheck();

async function measureWorkspaceCheck() {
  // The 1,000 × 4 KB corpus, copied out of the repository (.bench is git-ignored, and the
  // server skips git-ignored files, as it should).
  const corpus = ensureCorpus(join(root, ".bench", "corpus"));
  const small = corpus.corpora.find((c) => c.name === "small");
  const folder = mkdtempSync(join(tmpdir(), "policy-lens-bench-workspace-"));
  cpSync(small.dir, folder, { recursive: true });
  const edits = 100;
  // A typist's pace: a keystroke every 250 ms or so, so background work gets the gaps.
  const pauseMs = 250;
  try {
    const uri = "file:///bench/contract-100kb.md";
    const text = contract(42, 100 * 1024);
    const measure = async (withCheck) => {
      const server = await startServer({ folder: pathToFileURL(folder).href });
      server.client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
      await server.client.request("textDocument/documentSymbol", { textDocument: { uri } });
      let done = 0;
      server.client.listeners.push((message) => {
        if (message.method === "policyLens/workspaceProgress") done = message.params.done;
      });
      const started = performance.now();
      const check = withCheck ? server.client.request("policyLens/checkWorkspace", {}).then((r) => ({ ...r, ms: performance.now() - started })) : undefined;
      const { latencies } = await typeInto(server, uri, text, edits, undefined, undefined, pauseMs);
      const duringTyping = done;
      const result = await check;
      await stopServer(server);
      return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies), duringTyping, result };
    };
    const alone = await measure(false);
    const during = await measure(true);
    console.log(`\n100 KB contract, ${edits} keystrokes ${pauseMs} ms apart: p50 ${alone.p50.toFixed(1)} ms, p95 ${alone.p95.toFixed(1)} ms, max ${alone.max.toFixed(1)} ms with no workspace check`);
    console.log(
      `The same while checking a ${small.count}-document workspace: p50 ${during.p50.toFixed(1)} ms, p95 ${during.p95.toFixed(1)} ms, max ${during.max.toFixed(1)} ms; ` +
        `${during.duringTyping} documents checked while typing, all ${during.result.checked} of ${during.result.total} in ${(during.result.ms / 1000).toFixed(1)} s`,
    );
    return { workspaceCheck: { documents: small.count, alone, during: { p50: during.p50, p95: during.p95, max: during.max, duringTyping: during.duringTyping, checked: during.result.checked, ms: during.result.ms } } };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

// 3. Memory with many open documents.
let memory = {};
if (ONLY === undefined || ONLY === "memory") memory = await measureMemory();

async function measureMemory() {
  const many = await startServer();
  const baseline = memoryOf(many.child.pid);
  const waits = [];
  for (let d = 0; d < DOCUMENTS; d++) {
    const docUri = `file:///bench/open/doc-${d}.md`;
    waits.push(many.client.diagnostics(docUri, 1));
    many.client.notify("textDocument/didOpen", { textDocument: { uri: docUri, languageId: "markdown", version: 1, text: contract(5_000_000 + d, 100 * 1024) } });
  }
  await Promise.all(waits);
  // Measured a second after the last diagnostics, once the server is idle: it runs one
  // compacting GC 500 ms after its last analysis (server/src/lsp/idleGc.ts).
  await new Promise((r) => setTimeout(r, 1000));
  const loaded = memoryOf(many.child.pid);
  console.log(`${DOCUMENTS} open 100 KB documents: server RSS ${formatBytes(loaded.rss)} (peak ${formatBytes(loaded.peak)}; ${formatBytes(baseline.rss)} before opening any)`);
  await stopServer(many);
  return { rss: loaded.rss, peak: loaded.peak, baseline: baseline.rss };
}

console.log(`\nLoad average ${machine.load} at start, ${describeMachine().load} at end.`);
console.log(
  JSON.stringify({ machine, ...latency, costlyNeighbour: costly, ...workspace, edits: ONLY === "memory" ? 0 : EDITS, documents: ONLY === "latency" ? 0 : DOCUMENTS, ...memory, contractBytes: CONTRACT_1MB.bytes }),
);
