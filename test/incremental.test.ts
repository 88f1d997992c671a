import { test } from "node:test";
import assert from "node:assert/strict";
import { analyze, LineIndex, type Analysis } from "../server/src/engine";
import { analysisDifference, ChunkedTokenizer, IncrementalAnalyzer } from "../server/src/engine/incremental";
import { validateConfigText } from "../server/src/engine/config";
import { parseMarkdown, type SourceChunk } from "../server/src/engine/model";
import { SAMPLE_DOCUMENTS } from "./support/markdownArbitrary";
import { TextDocument } from "vscode-languageserver-textdocument";
import { EditingAnalyzers } from "../server/src/lsp/editing";
// The benchmark corpus's seeded PRNG (mulberry32), so a failure replays exactly.
import { contract, makeRandom, type SeededRandom } from "../scripts/bench/corpus.mjs";

// The incremental analyzer must give exactly what a full analysis of the same text gives,
// after any sequence of edits; these tests replay random edits and compare after each one.


// Markdown whose block structure depends on what is around it: fences and HTML comments
// spanning blank lines, loose lists, lazy continuations, indented code, tables, setext
// headings, numbered clauses, annotations, CRLF.
const TRICKY = [
  "---\nkind: contract\ntitle: Tricky agreement\n---\n",
  "# Tricky Agreement\n\nThis Agreement is made between the Authority and the Supplier.\n",
  "## 1. Data\n\n1.1 All Customer Data shall be stored in the EU.\n\n1.2 Data may be transferred outside the EU for support.\n",
  "```\ncode with shall not surveil\n\nstill code\n```\n",
  "<!--\npolicy-lens: verified\n\n-->\n",
  "- The Supplier shall not track residents.\n\n- Loose item with an exit plan.\n\n  Continued paragraph of the item.\n",
  "1. First clause: governed by the laws of Austria.\n2. Second: the courts of Vienna.\n",
  "> Quoted: the ministry reportedly agreed.\n> Lazy line\ncontinues here.\n",
  "    indented code, not prose\n",
  "| Item | Location |\n|---|---|\n| Backups | Germany |\n",
  "Setext heading\n===\n",
  "Term \"Customer Data\"\n\nmeans all data.\n",
  "## Clause 2 — Exit\r\n\r\n2.1 The Provider shall maintain an exit plan.\r\n",
  "<div>\n```\n\nnot a fence after the blank line\n```\n",
];
const TRICKY_DOCUMENT = TRICKY.join("\n");

// What an edit inserts: structure that joins or splits blocks, and policy vocabulary.
const INSERTS = [
  "\n", "\n\n", "\r\n", " ", "x", "e", "```", "\n```\n", "~~~", "<!--", "-->", "- ", "1. ", "> ", "#", "## ", "|", "    ",
  "===", "---\n", "shall not ", "surveillance of citizens ", "exit plan", "stored in Germany", "reportedly ", "[^1]", "](http://x)",
  "<pre>\n", "</pre>", "3.4 ", "\n\n## 7. Audit\n\n", "The Authority may audit the records.", "“", "\u00a0",
];

function apply(text: string, r: SeededRandom): string {
  const at = r.int(text.length + 1);
  switch (r.int(4)) {
    case 0: {
      const end = Math.min(text.length, at + 1 + r.int(12));
      return text.slice(0, at) + text.slice(end);
    }
    case 1: {
      const end = Math.min(text.length, at + r.int(4));
      return text.slice(0, at) + r.pick(INSERTS) + text.slice(end);
    }
    default:
      return text.slice(0, at) + r.pick(INSERTS) + text.slice(at);
  }
}

/** A paragraph of about 1 KB: text between two others puts them in different chunks. */
const FILLER = "The parties record here the background of this agreement in some detail. ".repeat(16);

/**
 * One edit through a fresh incremental analyzer: its result for `after`, a full analysis of
 * `after`, and whether the edit was patched rather than analysed whole.
 */
function editOnce(before: string, after: string): { edited: Analysis; full: Analysis; patched: boolean } {
  const incremental = new IncrementalAnalyzer();
  incremental.analyze(before);
  const edited = incremental.analyze(after);
  return { edited, full: analyze(after), patched: incremental.counts.patched === 1 };
}

function comparable(a: Analysis) {
  const { sentences, blocks, clauses, sections, codeRanges, annotations, prose } = a.document;
  return { kind: a.kind, findings: a.findings, sentences, blocks, clauses, sections, codeRanges, annotations, prose, facts: a.facts.map((f) => ({ ...f, words: undefined, hits: undefined })) };
}

function replay(start: string, seed: number, edits: number) {
  const r = makeRandom(seed);
  const incremental = new IncrementalAnalyzer();
  let text = start;
  for (let e = 0; e <= edits; e++) {
    if (e > 0) text = apply(text, r);
    const full = analyze(text);
    const edited = incremental.analyze(text);
    assert.deepEqual(comparable(edited), comparable(full), `seed ${seed}, edit ${e}: incremental analysis differs for ${JSON.stringify(text)}`);
    // Both join their line index from the chunks': it must be the text's own.
    const lineStarts = new LineIndex(text).starts;
    assert.deepEqual(full.document.lines.starts, lineStarts, `seed ${seed}, edit ${e}: line starts differ`);
    assert.deepEqual(edited.document.lines.starts, lineStarts, `seed ${seed}, edit ${e}: incremental line starts differ`);
  }
}

test("random edits of the samples: incremental findings equal a full analysis", () => {
  SAMPLE_DOCUMENTS.forEach((doc, k) => replay(doc, 100 + k, 150));
});

test("random edits of Markdown whose blocks depend on their neighbours", () => {
  for (let seed = 1; seed <= 6; seed++) replay(TRICKY_DOCUMENT, seed, 150);
});

test("a long contract: edits far apart, each re-analysed from the cache", () => {
  const long = Array.from({ length: 40 }, (_, i) => TRICKY.slice(1).join("\n").replace(/\b1\.1\b/g, `${i + 1}.1`)).join("\n");
  replay(TRICKY[0] + long, 42, 60);
});

/** Tokens as markdown-it gives them for the whole text: the chunks' tokens with their maps shifted to document lines. */
function documentTokens(chunks: SourceChunk[]): string[] {
  const out: string[] = [];
  let line = 0;
  for (const c of chunks) {
    for (const t of c.tokens) out.push([t.type, t.tag, t.info, t.content, t.map ? `${t.map[0] + line},${t.map[1] + line}` : ""].join("|"));
    line += c.lineStarts.length;
  }
  return out;
}
const pick = (tokens: ReturnType<typeof parseMarkdown>) => tokens.map((t) => [t.type, t.tag, t.info, t.content, t.map?.join(",") ?? ""].join("|"));

test("chunked tokens equal markdown-it's on the whole document", () => {
  const r = makeRandom(9);
  const tokenizer = new ChunkedTokenizer();
  let text = TRICKY_DOCUMENT + "\n" + SAMPLE_DOCUMENTS.join("\n");
  for (let e = 0; e < 400; e++) {
    text = apply(text, r);
    assert.deepEqual(documentTokens(tokenizer.chunksOf(text)), pick(parseMarkdown(text)), `edit ${e}: ${JSON.stringify(text)}`);
  }
});

test("edits that join a block to the one before or after them", () => {
  const cases: [string, string][] = [
    ["- a\n\nfoo\n", "- a\n\n- foo\n"], // the list continues into the edited chunk
    ["1. a\n\nfoo\n\nbar\n", "1. a\n\n2. foo\n\nbar\n"],
    ["intro\n\n```\n\ncode\n", "intro\n\n```\n\ncode\n```\n\nafter\n"],
    ["a\n\nb\n\n```\nc\n\nd\n```\n", "a\n\n```\nb\n\n```\nc\n\nd\n```\n"], // a new fence swallows what follows
    ["<!-- x\n\ny -->\n\nz\n", "<!-- x\n\ny\n\nz\n"], // the comment no longer ends
  ];
  for (const [before, after] of cases) {
    const tokenizer = new ChunkedTokenizer();
    tokenizer.chunksOf(before);
    assert.deepEqual(documentTokens(tokenizer.chunksOf(after)), pick(parseMarkdown(after)), JSON.stringify(after));
  }
});

test("a list's lead-in loses its red-line qualifiers when an edit to the list, in the next chunk, makes the list harmless", () => {
  // The lead-in paragraph is over 1 KB, so the list after it starts a chunk of its own.
  const before = `# Services Agreement\n\n${FILLER}The Supplier will not intentionally use the Service for:\n\n- mass surveillance of citizens\n- tracking of residents\n`;
  const after = before.replace("- mass surveillance of citizens\n- tracking of residents", "- weather forecasting\n- traffic planning");
  const incremental = new IncrementalAnalyzer();
  const rules = (a: Analysis) => a.findings.map((f) => f.rule);
  assert.ok(rules(incremental.analyze(before)).includes("loophole/intent-test"), "the lead-in's qualifier is a loophole of the red-line list");
  const edited = incremental.analyze(after);
  assert.deepEqual(comparable(edited), comparable(analyze(after)));
  assert.ok(!rules(edited).includes("loophole/intent-test"));
});

test("typing in a long contract: most keystrokes patch the last analysis, and every result equals a full analysis", () => {
  const r = makeRandom(21);
  let text = contract(3, 48 * 1024);
  const incremental = new IncrementalAnalyzer();
  let lastSentence = incremental.analyze(text).document.sentences.at(-1);
  const edits = 120;
  let moved = 0;
  for (let e = 0; e < edits; e++) {
    // As a drafter types: a letter or a space into the text, or a letter deleted.
    let at = r.int(text.length - 1);
    while (!/[a-z]/i.test(text[at])) at = (at + 1) % text.length;
    text = e % 3 === 2 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + (e % 3 ? " " : "e") + text.slice(at);
    const edited = incremental.analyze(text);
    // The sentences after the edit are the last version's objects, moved, not built again.
    if (edited.document.sentences.at(-1) === lastSentence) moved++;
    lastSentence = edited.document.sentences.at(-1);
    assert.deepEqual(comparable(edited), comparable(analyze(text)), `edit ${e} at ${at}`);
  }
  // The patch is the fast path: a silent fall back to whole analyses would still pass the equality above.
  assert.ok(incremental.counts.patched >= edits * 0.7, `only ${incremental.counts.patched} of ${edits} keystrokes patched`);
  assert.ok(moved >= edits * 0.9, `the rest of the document was rebuilt on ${edits - moved} of ${edits} keystrokes`);
});

test("edits where a chunk ends: what stays open across the edit ends where a full analysis ends it", () => {
  // Blank lines, spaces and headings typed just before a chunk's end move where the open
  // sections and clauses end (their ends are trimmed back over blank lines), in LF and CRLF.
  const inserts = [" ", "\n", "\n\n", "  \n", "x", "## ", "# ", "1.2 ", "- ", "\t", "word.", "\n## H\n", "\n1.1 The Supplier shall.\n"];
  for (const crlf of [false, true]) {
    const r = makeRandom(crlf ? 32 : 31);
    const lineBreak = (s: string) => (crlf ? s.replace(/\n/g, "\r\n") : s);
    let text = lineBreak(contract(crlf ? 6 : 5, 24 * 1024));
    const incremental = new IncrementalAnalyzer();
    let chunks = incremental.analyze(text).document.chunks;
    for (let e = 0; e < 80; e++) {
      const at = Math.max(0, chunks[1 + r.int(chunks.length - 1)].start - r.int(4));
      text = r.int(3) === 0 ? text.slice(0, at) + text.slice(at + 1 + r.int(2)) : text.slice(0, at) + lineBreak(r.pick(inserts)) + text.slice(at);
      const edited = incremental.analyze(text);
      assert.deepEqual(comparable(edited), comparable(analyze(text)), `${crlf ? "CRLF" : "LF"} edit ${e} at ${at}: ${JSON.stringify(text.slice(at - 40, at + 40))}`);
      chunks = edited.document.chunks;
    }
  }
});

test("an edit that changes what other chunks depend on is analysed whole", () => {
  const before = `# Services Agreement\n\n## 1. Scope\n\n1.1 The Supplier shall not use the Service for mass surveillance of citizens.\n\n${FILLER}\n\n1.2 The Supplier will not knowingly support any use that breaches this clause.\n`;
  const incremental = new IncrementalAnalyzer();
  incremental.analyze(before);
  // The red line goes, so the back-reference in the next chunk is no longer one.
  const after = before.replace("mass surveillance of citizens", "weather forecasting");
  const edited = incremental.analyze(after);
  assert.deepEqual(comparable(edited), comparable(analyze(after)));
  assert.equal(incremental.counts.patched, 0);
  assert.ok(!edited.findings.some((f) => f.category === "red-line"), "no red line is left");
});

test("a letter typed after a full stop joins two sentences: patched unless one of them tells other sentences something", () => {
  const text = [
    "# Services Agreement",
    FILLER,
    "## 1. Records",
    "1.1 The Authority may audit the records of the Supplier. The Supplier shall keep the records for six years.",
    FILLER,
    "## 2. Limits",
    "2.1 The Supplier shall not use the Service for mass surveillance of residents. This applies to every subcontractor.",
    FILLER,
    "2.2 The Supplier will not knowingly support any use that breaches this clause.",
    FILLER,
    "## 3. Hosting",
    "3.1 Customer Data shall be stored in the European Union. Telemetry may be transferred to the United States.",
    FILLER,
  ].join("\n\n");
  const cases: [string, string, boolean][] = [
    // Neither sentence is a red line, back-reference, anchor or residency promise: the chunk's facts stand alone.
    ["Supplier. The Supplier shall keep", "Supplier. eThe Supplier shall keep", true],
    // The red line's sentence grows: the back-reference in 2.2 depends on it.
    ["residents. This applies", "residents. eThis applies", false],
    // A residency promise and its carve-out joined: both in the chunk, so worked out again with it.
    ["Union. Telemetry may", "Union. eTelemetry may", true],
  ];
  for (const [from, to, patched] of cases) {
    const { edited, full, patched: wasPatched } = editOnce(text, text.replace(from, to));
    assert.equal(full.document.sentences.length, analyze(text).document.sentences.length - 1, `${to}: the edit joins two sentences`);
    assert.deepEqual(comparable(edited), comparable(full), to);
    assert.equal(wasPatched, patched, `${to}: ${patched ? "patched" : "analysed whole"}`);
  }
});

test("a red-line word broken while it is typed: patched unless a back-reference, a list lead-in or the document's only red line depends on it", () => {
  const text = [
    "# Services Agreement",
    FILLER,
    "## 1. Surveillance",
    "1.1 The Supplier shall not use the Service for mass surveillance of residents.",
    FILLER,
    "## 2. Weapons",
    "2.1 The Supplier shall not use the Service to operate autonomous weapons without human control.",
    FILLER,
    "2.2 The Supplier will not knowingly support any use that breaches this clause.",
    FILLER,
    "## 3. Uses",
    "3.1 The Service must not be used for:",
    "- automated decisions about asylum without human review.",
    FILLER,
  ].join("\n\n");
  const broken = text.replace("mass surveillance of residents", "mass survillance of residents");
  const cases: [string, string, boolean][] = [
    // Another red line remains, and no back-reference is in section 1.
    [text, broken, true],
    // And typed back: the red line returns.
    [broken, text, true],
    // 2.2 points back at 2.1's red line.
    [text, text.replace("autonomous weapons", "autonomous weapns"), false],
    // An item under a prohibiting lead-in is a red line through it.
    [text, text.replace("automated decisions about asylum", "automated dcisions about asylum"), false],
  ];
  const redLines = (a: Analysis) => a.findings.filter((f) => f.category === "red-line").length;
  for (const [before, after, patched] of cases) {
    const { edited, full, patched: wasPatched } = editOnce(before, after);
    assert.notEqual(redLines(full), redLines(analyze(before)), "the edit changes the red lines");
    assert.deepEqual(comparable(edited), comparable(full));
    assert.equal(wasPatched, patched, patched ? "patched" : "analysed whole");
  }
  // The document's only red line broken: every sentence's findings may change.
  const only = text.replace("autonomous weapons", "autonomous weapns").replace("- automated decisions", "- the automated decisions").replace("must not be used for:", "is used for:");
  const { edited, full, patched } = editOnce(only, only.replace("mass surveillance of residents", "mass survillance of residents"));
  assert.equal(redLines(full), 0, "no red line is left");
  assert.deepEqual(comparable(edited), comparable(full));
  assert.equal(patched, false);
});

test("a sovereignty term typed away: patched while another clause still has it, analysed whole when it was the last", () => {
  const exit = "The Supplier shall maintain an exit plan and assist the transition to a successor.";
  const before = `# Services Agreement\n\n1.1 ${exit}\n\n${FILLER}\n\n1.2 All Customer Data shall be stored in the EU.\n\n${FILLER}\n\n1.3 ${exit}\n`;
  const incremental = new IncrementalAnalyzer();
  incremental.analyze(before);
  // Clause 1.3 loses its exit term; clause 1.1 still has it, so nothing else changes.
  const typo = before.replace(/exit plan and assist the transition to a successor\.\n$/, "exti pln\n");
  assert.deepEqual(comparable(incremental.analyze(typo)), comparable(analyze(typo)));
  assert.equal(incremental.counts.patched, 1);
  // Now clause 1.1 loses it too: the document misses the term, a finding at its title.
  const none = typo.replace("exit plan and assist the transition to a successor.", "exti pln.");
  const edited = incremental.analyze(none);
  assert.deepEqual(comparable(edited), comparable(analyze(none)));
  assert.equal(incremental.counts.patched, 1);
  assert.ok(edited.findings.some((f) => f.rule === "missing-term/exit-strategy"));
});

test("a numbered paragraph that is one no more: patched unless a back-reference now finds another red line", () => {
  const doc = (second: string) =>
    `# Services Agreement\n\n## 1. Use\n\n1.1 The Supplier shall not use the Service for mass surveillance of citizens.\n\n${FILLER}\n\n` +
    `2.1 The Supplier shall not use the Service for autonomous weapons.\n\n${FILLER}\n\n${second} The Supplier will not knowingly support any use that breaches this clause.\n\n${FILLER}\n`;
  const check = (incremental: IncrementalAnalyzer, text: string) => {
    const edited = incremental.analyze(text);
    assert.deepEqual(comparable(edited), comparable(analyze(text)));
    return edited;
  };
  // "2.2" stops being a clause: its back-reference now sits in clause 2.1, whose red line is on
  // weapons, not in a clause of its own that falls back to the section's first red line, on
  // surveillance. A patch must not keep the old topics.
  const incremental = new IncrementalAnalyzer();
  incremental.analyze(doc("2.2"));
  const joined = check(incremental, doc("2.2 e"));
  assert.equal(incremental.counts.patched, 0);
  const reference = joined.findings.find((f) => f.category === "red-line" && joined.document.text.slice(f.start, f.end).includes("breaches"));
  assert.match(reference?.message ?? "", /weapons/);
  // Typed back: the clause is one again, a structural edit that changes no back-reference's red line…
  const again = new IncrementalAnalyzer();
  again.analyze(doc("2.2").replace("2.1 The Supplier shall not use the Service for autonomous weapons.", "2.1 The Supplier shall keep records."));
  check(again, doc("2.2 e").replace("2.1 The Supplier shall not use the Service for autonomous weapons.", "2.1 The Supplier shall keep records."));
  // …so it is patched.
  assert.equal(again.counts.patched, 1);
});

test("rule vocabulary typed into a long contract: every patched or whole result equals a full analysis", () => {
  // Words that change what a sentence says to the others: red lines, back-references,
  // anchors, lead-ins, carve-outs, clause numbers, headings.
  const words = ["not ", "shall ", "will not ", "mass surveillance of citizens", "intentionally ", "escrow", "source code ", ":", "(a) ", "- ", "breaches this clause", "stored in Germany", "exit plan", "telemetry may be transferred ", "No ", "facial recognition", "only ", "U.S. persons", "must not be used for:", "\n", "\n\n", "1.1 ", "## ", "e"];
  const r = makeRandom(5);
  let text = contract(15, 40 * 1024);
  const incremental = new IncrementalAnalyzer();
  incremental.analyze(text);
  for (let e = 0; e < 150; e++) {
    const at = r.int(text.length);
    text = r.int(3) === 0 ? text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + r.int(6))) : text.slice(0, at) + r.pick(words) + text.slice(at);
    assert.deepEqual(comparable(incremental.analyze(text)), comparable(analyze(text)), `edit ${e} at ${at}`);
  }
  assert.ok(incremental.counts.patched > 75, `${incremental.counts.patched} of 150 edits patched`);
});

test("an editor's edits, told to the analyzer, give what a full analysis gives; a change that does not fit the text is ignored", () => {
  // As the server does: TextDocuments applies each didChange and EditingAnalyzers records
  // what it changed, one edit or several between analyses, or a multi-change event (unknown).
  const r = makeRandom(77);
  const uri = "file:///contract.md";
  let document = TextDocument.create(uri, "markdown", 1, contract(9, 300 * 1024));
  const editing = new EditingAnalyzers();
  editing.replaced(uri);
  editing.analyze(uri, document.getText(), {});
  const pieces = ["e", " ", "", "\n", "\n\n", "## ", "1.2 ", "shall not ", "<!-- policy-lens: verified -->", "surveillance"];
  let version = 1;
  for (let step = 0; step < 60; step++) {
    const edits = 1 + (step % 4 === 0 ? r.int(3) : 0);
    for (let e = 0; e < edits; e++) {
      const text = document.getText();
      const at = r.int(text.length);
      const end = Math.min(text.length, at + (r.int(3) === 0 ? r.int(5) : 0));
      const one = { range: { start: document.positionAt(at), end: document.positionAt(end) }, text: r.pick(pieces) };
      // Sometimes the range is given end first, and sometimes two changes come in one event.
      const changes = step % 9 === 5 ? [one, { range: { start: document.positionAt(0), end: document.positionAt(0) }, text: "x" }] : [step % 7 === 3 ? { ...one, range: { start: one.range.end, end: one.range.start } } : one];
      editing.record(document, changes);
      document = TextDocument.update(document, changes, ++version);
    }
    const edited = editing.analyze(uri, document.getText(), {});
    assert.deepEqual(comparable(edited), comparable(analyze(document.getText())), `step ${step}`);
  }

  // A change that does not account for the new text's length: compared in full, still exact.
  const incremental = new IncrementalAnalyzer();
  const text = contract(4, 40 * 1024);
  incremental.analyze(text);
  const edited = text.slice(0, 30_000) + "e" + text.slice(30_000);
  assert.deepEqual(comparable(incremental.analyze(edited, {}, { start: 100, end: 100, length: 5 })), comparable(analyze(edited)));
});

test("a red line typed away under a profile that requires it: the missing red line appears (analysed whole, as the missing-red-line check reads the topics the whole document covers)", () => {
  const text = [
    "---\nkind: contract\nprofile: defence\n---",
    "# Services Agreement",
    FILLER,
    "## 1. Limits",
    "1.1 The Supplier shall not use the Service for mass surveillance of residents.",
    FILLER,
    "1.2 The Service shall not be used to guide lethal autonomous weapons.",
    FILLER,
    "1.3 No decision on benefits shall be taken solely by the system.",
    FILLER,
  ].join("\n\n");
  const broken = text.replace("mass surveillance of residents", "mass survillance of residents");
  const { edited, full } = editOnce(text, broken);
  assert.ok(full.findings.some((f) => f.rule === "missing-red-line/surveillance"), "the profile now misses its surveillance red line");
  assert.deepEqual(comparable(edited), comparable(full));
  // Without the profile, the same edit is patched: another red line remains and none is required.
  const plain = (s: string) => s.replace("profile: defence\n", "");
  assert.equal(editOnce(plain(text), plain(broken)).patched, true);
});

test("what is patched follows what each active check type reads across sentences: a config's loophole rule keeps the patch, a phrase rule (which reads section titles) does not", () => {
  const text = `# Services Agreement\n\n${FILLER}\n\n1.1 All Customer Data shall be stored in the EU.\n\n${FILLER}\n`;
  const typed = text.replace("stored in the EU", "stored in the EU.");
  const run = (configText: string) => {
    const { config, problems } = validateConfigText(configText);
    assert.deepEqual(problems, []);
    const incremental = new IncrementalAnalyzer();
    incremental.analyze(text, { config });
    assert.deepEqual(comparable(incremental.analyze(typed, { config })), comparable(analyze(typed, { config })));
    return incremental.counts.patched;
  };
  const loophole = "customRules:\n  - check: loophole\n    id: acme/best-efforts\n    patterns: [best efforts]\n    scope: { redLine: true, terms: [data-residency] }\n    message: 'Loophole: \"{phrase}\".'\n    leavesOpen: It leaves open how hard to try.\n    explanation: Best efforts is no commitment.\n    reference: { title: ACME playbook }\n";
  const phrase = "customRules:\n  - id: acme/eu\n    category: sovereignty\n    patterns: [the eu]\n    message: EU named.\n";
  assert.equal(run(loophole), 1);
  assert.equal(run(phrase), 0);
});

test("verifyIncremental: each patched analysis is compared with a full one, and a difference is told in a sentence", () => {
  const text = `# Services Agreement\n\n${FILLER}\n\n1.1 All Customer Data shall be stored in the EU.\n\n${FILLER}\n`;
  const incremental = new IncrementalAnalyzer();
  const told: string[] = [];
  incremental.verify = (difference) => told.push(difference);
  incremental.analyze(text);
  incremental.analyze(text.replace("in the EU", "in the EEA"));
  assert.equal(incremental.counts.patched, 1);
  assert.deepEqual(told, []);
  // Two analyses that differ (what a stale patch would look like): the first differing finding is named.
  const other = analyze(text.replace("All Customer Data shall be stored in the EU.", "The Supplier shall keep records."));
  const difference = analysisDifference(analyze(text), other);
  assert.match(difference ?? "", /^the patched analysis has missing-term\/exit-strategy \[0, 20\) warning "No exit strategy: .*" where a full analysis has missing-term\/data-residency \[0, 20\) warning "No data-residency term: .*" \(finding 1; 2 patched, 2 in full\)$/);
});

test("edits in a chunk that holds a heading, a lead-in and its items: the items' findings follow the lead-in and the heading, and an edit elsewhere in the chunk keeps them", () => {
  // One chunk (under 1 KB, between two fillers): a heading, a lead-in, three items, a closing paragraph.
  const chunk = [
    "## 4. Prohibited uses",
    "4.1 The Service must not be used for:",
    "- mass surveillance of residents;",
    "- automated decisions about asylum without human review;",
    "- routine translation of public notices.",
    "4.2 The Supplier shall keep the Service available during business hours.",
  ].join("\n\n");
  const text = `# Services Agreement\n\n${FILLER}\n\n${chunk}\n\n${FILLER}\n\n## 5. Data\n\n5.1 The Supplier shall not use the Service for mass surveillance of patients.\n`;
  const redLines = (a: Analysis) => a.findings.filter((f) => f.category === "red-line" && f.severity !== "hint").map((f) => a.document.text.slice(f.start, f.end));
  assert.ok(redLines(analyze(text)).some((s) => s.includes("mass surveillance of residents")), "an item under the prohibiting lead-in is a red line");
  const cases: [string, (t: string) => string][] = [
    // The lead-in no longer prohibits: its items are no red lines.
    ["lead-in permits", (t) => t.replace("must not be used for:", "may be used for:")],
    // The lead-in stops being one (no colon): its items stand alone.
    ["lead-in loses its colon", (t) => t.replace("must not be used for:", "must not be used for.")],
    // A letter typed in an item, in the closing paragraph and in the heading: the items' findings are as before.
    ["item typo", (t) => t.replace("routine translation", "routine translatione")],
    ["closing paragraph typo", (t) => t.replace("business hours", "business hourse")],
    ["heading typo", (t) => t.replace("## 4. Prohibited uses", "## 4. Prohibited usess")],
    // An item's own words change its topic.
    ["item gains a topic", (t) => t.replace("routine translation of public notices", "facial recognition of public notices")],
  ];
  for (const [name, edit] of cases) {
    const after = edit(text);
    assert.notEqual(after, text, name);
    const incremental = new IncrementalAnalyzer();
    incremental.analyze(text);
    const edited = incremental.analyze(after);
    assert.deepEqual(comparable(edited), comparable(analyze(after)), name);
  }
  // The lead-in's stance decides the items' red lines, as a full analysis has them.
  const permitted = redLines(analyze(cases[0][1](text)));
  assert.ok(!permitted.some((s) => s.includes("mass surveillance of residents")), "under a permitting lead-in the item is no red line");
  // A typo in the closing paragraph is patched, and the items keep their red lines.
  const typed = cases[3][1](text);
  const incremental = new IncrementalAnalyzer();
  incremental.analyze(text);
  const edited = incremental.analyze(typed);
  assert.equal(incremental.counts.patched, 1, "patched");
  assert.deepEqual(redLines(edited), redLines(analyze(text)).map((s) => (s.includes("business hours") ? s.replace("business hours", "business hourse") : s)));
});
