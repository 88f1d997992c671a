// The document model on tricky Markdown: what counts as prose, how the document is cut
// into sections, clauses, blocks and sentences, and whether every range lands on the
// right source characters (CRLF, lone CR, non-ASCII, emoji: LSP columns are UTF-16 units).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyze, parseDocument, type PolicyDocument } from "../server/src/engine";
import { maskInline } from "../server/src/engine/model";
import { findingsIn, positionOf, withKind } from "./helpers";

const slice = (doc: PolicyDocument, r: { start: number; end: number }) => doc.text.slice(r.start, r.end);
const sentencesOf = (text: string) => {
  const doc = parseDocument(text);
  return doc.sentences.map((s) => slice(doc, s));
};
const blocksOf = (text: string) => {
  const doc = parseDocument(text);
  return doc.blocks.map((b) => ({ type: b.type, text: slice(doc, b), clause: b.clause, inQuote: b.inQuote }));
};
const clausesOf = (text: string) => {
  const doc = parseDocument(text);
  return doc.clauses.map((c) => ({ number: c.number, title: c.title, source: c.source, text: slice(doc, c), section: c.section, parent: c.parent }));
};

// Phrases that fire a rule, so that "no finding" means the model hid them, not that no rule applies.
const HEDGED = "The minister reportedly said so.";
const RED_LINE = "The Service shall not be used for mass surveillance.";
const rulesFor = (text: string) => findingsIn(text).map((f) => f.rule);

describe("nested lists", () => {
  const text = [
    "# Services",
    "",
    "1. The Supplier shall not use the Service for:",
    "   - mass surveillance of citizens;",
    "   - autonomous weapons.",
    "",
    "   These limits survive termination.",
    "2. The Customer may audit the Supplier",
    "once a year, on notice.",
    "3. Fees",
    "   - monthly",
    "     - in arrears",
    "",
  ].join("\n");

  test("an ordered item is a clause spanning its nested bullets and later paragraphs", () => {
    const clauses = clausesOf(text);
    assert.deepEqual(
      clauses.map((c) => [c.number, c.title, c.source]),
      [
        ["1", "The Supplier shall not use the Service for:", "list-item"],
        ["2", "The Customer may audit the Supplier once a year, on notice.", "list-item"],
        ["3", "Fees", "list-item"],
      ],
    );
    assert.equal(clauses[0].text, text.slice(text.indexOf("1. The"), text.indexOf("termination.") + "termination.".length));
    assert.equal(clauses[2].text, "3. Fees\n   - monthly\n     - in arrears");
  });

  test("nested bullets are blocks of their own inside the item's clause", () => {
    const blocks = blocksOf(text).filter((b) => b.type !== "heading");
    assert.deepEqual(
      blocks.map((b) => [b.type, b.text, b.clause]),
      [
        ["list-item", "The Supplier shall not use the Service for:", 0],
        ["list-item", "mass surveillance of citizens;", 0],
        ["list-item", "autonomous weapons.", 0],
        ["paragraph", "These limits survive termination.", 0],
        ["list-item", "The Customer may audit the Supplier\nonce a year, on notice.", 1],
        ["list-item", "Fees", 2],
        ["list-item", "monthly", 2],
        ["list-item", "in arrears", 2],
      ],
    );
  });

  test("a lazy continuation line continues the item's sentence instead of starting a paragraph", () => {
    assert.ok(sentencesOf(text).includes("The Customer may audit the Supplier\nonce a year, on notice."));
  });

  test("list markers are not prose", () => {
    const doc = parseDocument(text);
    assert.doesNotMatch(doc.prose, /\d\.|-/);
  });

  test("bullet items are not clauses; an ordered list keeps its own numbering and `1)` markers", () => {
    assert.deepEqual(clausesOf("- a\n- b\n"), []);
    assert.deepEqual(
      clausesOf("5) fifth item\n6) sixth item\n").map((c) => [c.number, c.title]),
      [
        ["5", "fifth item"],
        ["6", "sixth item"],
      ],
    );
  });
});

describe("numbered clauses", () => {
  const text = [
    "# Cloud Services Agreement",
    "",
    "## 4. Data",
    "",
    "4.1 The Supplier shall store Customer Data in the EU.",
    "",
    "4.2 The Supplier shall not transfer it.",
    "",
    "### 4.3 Deletion",
    "",
    "Data is deleted on exit.",
    "",
    "## Clause 5 — Exit",
    "",
    "1. Termination assistance.",
    "",
    "## Article VI: Governing law",
    "",
    "Irish law applies.",
    "",
  ].join("\n");
  const doc = parseDocument(text);
  const find = (number: string) => {
    const c = doc.clauses.find((x) => x.number === number);
    assert.ok(c, `clause ${number}`);
    return c;
  };

  test("each numbered heading, numbered paragraph and ordered item is a clause with its number and title", () => {
    assert.deepEqual(
      doc.clauses.map((c) => [c.number, c.title, c.source]),
      [
        ["4", "Data", "heading"],
        ["4.1", "The Supplier shall store Customer Data in the EU.", "paragraph"],
        ["4.2", "The Supplier shall not transfer it.", "paragraph"],
        ["4.3", "Deletion", "heading"],
        ["5", "Exit", "heading"],
        ["1", "Termination assistance.", "list-item"],
        ["VI", "Governing law", "heading"],
      ],
    );
  });

  test("a heading clause runs to the next heading of its level, without trailing blank lines", () => {
    assert.equal(slice(doc, find("4")), text.slice(text.indexOf("## 4. Data"), text.indexOf("on exit.") + "on exit.".length));
    assert.equal(slice(doc, find("4.3")), "### 4.3 Deletion\n\nData is deleted on exit.");
    assert.equal(slice(doc, find("VI")), "## Article VI: Governing law\n\nIrish law applies.");
  });

  test("a numbered paragraph is a clause of its own paragraph, inside the heading's clause and section", () => {
    const c = find("4.2");
    assert.equal(slice(doc, c), "4.2 The Supplier shall not transfer it.");
    assert.equal(doc.clauses[c.parent].number, "4");
    assert.equal(doc.sections[c.section].title, "4. Data");
    assert.equal(doc.clauses[find("4.3").parent].number, "4");
    assert.equal(doc.clauses[find("1").parent].number, "5");
  });

  test("clause numbers are not prose: the sentence is the clause's text, a heading reads as its title", () => {
    const sentences = doc.sentences.map((s) => slice(doc, s));
    assert.ok(sentences.includes("The Supplier shall not transfer it."));
    assert.ok(sentences.includes("Data"), "the heading `## 4. Data` is the one sentence `Data`");
    assert.ok(!sentences.some((s) => /^(?:4\.|4\.2|Clause 5)/.test(s)), sentences.join(" | "));
  });

  test("a paragraph that starts with a decimal number is not a clause", () => {
    const text = "# Note\n\n3.5 million people used the app last year.\n";
    assert.deepEqual(clausesOf(text), []);
    assert.deepEqual(sentencesOf(text), ["Note", "3.5 million people used the app last year."]);
  });

  test("a level-1 title and a heading that is only a number keep their text", () => {
    assert.deepEqual(clausesOf("# 1. Introduction\n\nText.\n"), []);
    assert.deepEqual(sentencesOf("# T\n\n## 7.\n\nText.\n"), ["T", "7.", "Text."]);
  });

  test("a numbered section's clause is recorded on the section", () => {
    const section = doc.sections.find((s) => s.title === "Clause 5 — Exit");
    assert.ok(section);
    assert.equal(doc.clauses[section.clause].number, "5");
  });
});

describe("sections", () => {
  const text = ["# Title", "", "Intro.", "", "## A", "", "a text", "", "### A.1", "", "a1 text", "", "## B", "", "b text", "", "Second title", "===", "", "after", "", ""].join("\n");
  const doc = parseDocument(text);

  test("headings form a tree: each section's parent is the nearest enclosing heading", () => {
    assert.deepEqual(
      doc.sections.map((s) => [s.title, s.level, s.parent >= 0 ? doc.sections[s.parent].title : null]),
      [
        ["Title", 1, null],
        ["A", 2, "Title"],
        ["A.1", 3, "A"],
        ["B", 2, "Title"],
        ["Second title", 1, null],
      ],
    );
  });

  test("a section ends at its last content before the next heading of the same or a higher level", () => {
    const end = (title: string) => doc.sections.find((s) => s.title === title)!.end;
    assert.equal(end("A.1"), text.indexOf("a1 text") + "a1 text".length);
    assert.equal(end("A"), text.indexOf("a1 text") + "a1 text".length);
    assert.equal(end("B"), text.indexOf("b text") + "b text".length);
    assert.equal(end("Title"), text.indexOf("b text") + "b text".length);
    assert.equal(end("Second title"), text.indexOf("after") + "after".length);
  });

  test("the heading range covers the heading lines, setext underline included", () => {
    const setext = doc.sections[4];
    assert.equal(text.slice(setext.headingStart, setext.headingEnd), "Second title\n===");
  });

  test("titles read as the heading does: no closing hashes, emphasis or link targets", () => {
    const titles = parseDocument("## Exit plan ##\n\n## The **Services** *Agreement*\n\n## See [the annex](https://example.org/annex)\n").sections.map((s) => s.title);
    assert.deepEqual(titles, ["Exit plan", "The Services Agreement", "See the annex"]);
    assert.equal(parseDocument("## 4. **Data**\n").clauses[0].title, "Data");
    assert.deepEqual(
      parseDocument("4.2 The **Supplier** shall [keep](https://example.org) data.\n\n1. *Exit* plan\n").clauses.map((c) => c.title),
      ["The Supplier shall keep data.", "Exit plan"],
    );
  });
});

describe("front matter", () => {
  test("valid front matter is read, sets the kind and is not prose", () => {
    const text = `---\nkind: contract\ntitle: The minister reportedly said so\nparties: [Ministry, Provider Ltd]\n---\n\n# Note\n\n${HEDGED}\n`;
    const a = analyze(text);
    assert.deepEqual(a.document.problems, []);
    assert.equal(a.kind, "contract");
    assert.equal(a.kindDecision.source, "front-matter");
    assert.deepEqual(a.document.frontMatter?.data.parties, ["Ministry", "Provider Ltd"]);
    assert.equal(a.document.prose.slice(0, a.document.frontMatter!.end).trim(), "");
  });

  test("a bad `kind:` is an error on that exact line, naming the valid kinds, and the kind is inferred instead", () => {
    const text = `---\ntitle: Note\nkind: memo\ndate: 2026-05-12\n---\n\n# Note\n\n${HEDGED} Officials said so.\n`;
    const errors = findingsIn(text).filter((f) => f.rule === "document/front-matter");
    assert.equal(errors.length, 1);
    assert.equal(errors[0].severity, "error");
    assert.deepEqual(errors[0].range.start, { line: 2, character: 0 });
    assert.equal(errors[0].range.end.line, 2);
    assert.equal(errors[0].quote, "kind: memo");
    for (const kind of ["contract", "news-note", "policy"]) assert.ok(errors[0].message.includes(`"${kind}"`), errors[0].message);
    const a = analyze(text);
    assert.equal(a.kindDecision.source, "inferred");
    assert.equal(a.kind, "news-note");
    for (const eol of ["\r\n", "\r"]) {
      const other = findingsIn(text.replace(/\n/g, eol)).find((f) => f.rule === "document/front-matter");
      assert.deepEqual([other?.quote, other?.range], [errors[0].quote, errors[0].range], JSON.stringify(eol));
    }
  });

  test("invalid YAML is an error inside the front matter, and the rest of the document is still checked", () => {
    const text = `---\nkind: news-note\ntitle: [unclosed\n---\n\n# Note\n\n${HEDGED}\n`;
    const found = findingsIn(text);
    const error = found.find((f) => f.rule === "document/front-matter");
    assert.ok(error);
    assert.equal(error.severity, "error");
    assert.match(error.message, /not valid YAML/);
    assert.ok(error.range.start.line >= 1 && error.range.start.line <= 2, `line ${error.range.start.line}`);
    assert.ok(found.some((f) => f.rule === "claim/hedged-reporting"));
  });

  test("front matter that is not a mapping is an error", () => {
    const doc = parseDocument("---\njust a sentence\n---\n\n# T\n");
    assert.match(doc.problems[0].message, /mapping/);
  });

  test("an unterminated `---` block is an error on line 1 and its text stays in the document", () => {
    const text = `---\nkind: contract\n\n# Note\n\n${HEDGED}\n`;
    const a = analyze(text);
    const error = a.findings.find((f) => f.rule === "document/front-matter");
    assert.ok(error);
    assert.deepEqual(a.document.lines.position(error.start), { line: 0, character: 0 });
    assert.match(error.message, /never closed/);
    assert.equal(a.document.frontMatter, undefined);
    assert.ok(a.findings.some((f) => f.rule === "claim/hedged-reporting"), "not read as a contract, so claims are checked");
  });

  test("a `---` block that is not at the very top is not front matter", () => {
    for (const text of [`# Note\n\n---\nkind: contract\n---\n\n${HEDGED}\n`, `\n---\nkind: contract\n---\n\n${HEDGED}\n`]) {
      const a = analyze(text);
      assert.equal(a.document.frontMatter, undefined);
      assert.deepEqual(a.document.problems, []);
      assert.equal(a.kindDecision.source, "inferred");
    }
  });

  test("findings after front matter are on the right lines", () => {
    const text = withKind("news-note", HEDGED);
    const claim = findingsIn(text).find((f) => f.rule === "claim/hedged-reporting");
    assert.deepEqual(claim?.range.start, positionOf(text, HEDGED));
  });
});

describe("what is not prose never produces findings", () => {
  // Each case hides the phrase inside one construct; the control proves the phrase fires.
  const news: [string, string][] = [
    ["fenced code", "```\nThe minister reportedly said so.\n```"],
    ["tilde fence with info string", "~~~text\nThe minister reportedly said so.\n~~~"],
    ["indented code", "Intro.\n\n    The minister reportedly said so."],
    ["fenced code in a list item", "- Example:\n\n  ```\n  The minister reportedly said so.\n  ```"],
    ["indented code in a list item", "1. Example:\n\n       The minister reportedly said so."],
    ["inline code", "Try `The minister reportedly said so.` here."],
    ["inline code spanning lines", "Try `The minister\nreportedly said so.` here."],
    ["double-backtick code holding a backtick", "Try ``The minister reportedly ` said so.`` here."],
    ["bare URL", "See https://example.org/the-minister-reportedly-said-so for more."],
    ["www URL", "See www.example.org/reportedly for more."],
    ["autolink", "See <https://example.org/minister/reportedly> for more."],
    ["email autolink", "Write to <reportedly@example.org> for more."],
    ["link destination and title", 'See [the page](https://example.org/reportedly "The minister reportedly said so") for more.'],
    ["image", "![The minister reportedly said so](chart.png)"],
    ["HTML block", "<div>\nThe minister reportedly said so.\n</div>"],
    ["inline HTML attribute", 'Text <abbr title="The minister reportedly said so">MRS</abbr> here.'],
    ["HTML comment", "Text <!-- The minister reportedly said so. --> here."],
    ["HTML comment spanning lines", "Text <!--\nThe minister reportedly said so.\n--> here."],
    ["HTML comment block", "<!--\nThe minister reportedly said so.\n-->"],
    ["link reference definition", "[ref]: https://example.org/reportedly 'The minister reportedly said so'"],
  ];
  test("control: the phrase fires as prose, also as link text", () => {
    assert.ok(rulesFor(withKind("news-note", HEDGED)).includes("claim/hedged-reporting"));
    assert.ok(rulesFor(withKind("news-note", `[${HEDGED}](https://example.org)`)).includes("claim/hedged-reporting"));
    assert.ok(rulesFor(withKind("contract", RED_LINE)).includes("red-line/prohibited-use"));
  });
  for (const [name, body] of news) {
    test(`${name}: no claim in a news note`, () => {
      const claims = findingsIn(withKind("news-note", body)).filter((f) => f.category === "claim");
      assert.deepEqual(claims, []);
    });
  }
  for (const [name, body] of [
    ["fenced code", "```\nThe Service shall not be used for mass surveillance.\n```"],
    ["HTML comment", "<!-- The Service shall not be used for mass surveillance. -->"],
    ["inline code", "`The Service shall not be used for mass surveillance.`"],
  ]) {
    test(`${name}: no red line in a contract`, () => {
      assert.deepEqual(
        findingsIn(withKind("contract", body)).filter((f) => f.category === "red-line"),
        [],
      );
    });
  }

  test("a stray backtick, comment opener or image opener does not hide the prose after it", () => {
    for (const stray of ["A stray ` backtick.", "A stray <!-- opener.", "A stray ![ opener."]) {
      assert.ok(rulesFor(withKind("news-note", `${stray} ${HEDGED}`)).includes("claim/hedged-reporting"), stray);
    }
  });

  test("unclosed code, comment and image openers are masked in linear time", () => {
    // Each of these once took seconds to minutes: every opener rescanned the rest of the paragraph.
    let descendingRuns = "";
    for (let length = 600; length >= 1; length--) descendingRuns += "`".repeat(length) + " w ";
    for (const text of [descendingRuns, "<!-- x ".repeat(40_000), "![x ".repeat(60_000)]) {
      const started = performance.now();
      maskInline(text);
      assert.ok(performance.now() - started < 2000, `${text.slice(0, 12)}…: ${Math.round(performance.now() - started)} ms`);
    }
  });

  test("the prose mask keeps every offset: same length, line breaks in place", () => {
    const text = withKind("news-note", "Text `code\nspan` and <!--\nnote\n--> end.\r\n\r\nMore https://x.org.");
    const doc = parseDocument(text);
    assert.equal(doc.prose.length, text.length);
    for (let i = 0; i < text.length; i++) if (text[i] === "\n" || text[i] === "\r") assert.equal(doc.prose[i], text[i]);
  });
});

describe("line endings", () => {
  const lf = [
    "---",
    "kind: contract",
    "title: Services",
    "---",
    "",
    "# Services Agreement",
    "",
    "## 1. Use",
    "",
    "1.1 The Supplier shall not intentionally use the Service for mass surveillance of citizens.",
    "",
    "1. The Customer may use the Service for all lawful purposes.",
    "   - no autonomous weapons",
    "",
    "```",
    "The Service shall not be used for mass surveillance.",
    "```",
    "",
    "## 2. Data",
    "",
    "All Customer Data shall be stored on servers in the EU.",
    "",
  ].join("\n");
  const summary = (text: string) => {
    const a = analyze(text);
    return {
      kind: a.kind,
      problems: a.document.problems.length,
      clauses: a.document.clauses.map((c) => [c.number, c.title, a.document.lines.range(c.start, c.end)]),
      findings: a.findings.map((f) => [f.rule, a.document.lines.range(f.start, f.end)]),
    };
  };

  test("the LF document has findings to compare", () => {
    const rules = summary(lf).findings.map(([rule]) => rule);
    for (const rule of ["red-line/prohibited-use", "loophole/intent-test", "sovereignty/data-residency", "missing-term/exit-strategy"]) assert.ok(rules.includes(rule), rule);
  });
  for (const [name, eol] of [
    ["CRLF", "\r\n"],
    ["lone CR", "\r"],
  ]) {
    test(`${name} gives the same front matter, clauses and findings at the same positions as LF`, () => {
      assert.deepEqual(summary(lf.replace(/\n/g, eol)), summary(lf));
    });
  }
  test("a finding's range never includes the line break", () => {
    const text = lf.replace(/\n/g, "\r\n");
    for (const f of analyze(text).findings) assert.doesNotMatch(text.slice(f.start, f.end), /[\r\n]$/);
  });
});

describe("non-ASCII and emoji: columns are UTF-16 code units", () => {
  const line = "The Supplier shall not intentionally use the Service for mass surveillance.";
  const loophole = (text: string) => findingsIn(text).find((f) => f.rule === "loophole/intent-test");

  test("an emoji before a finding shifts its column by 2", () => {
    const plain = loophole(withKind("contract", line));
    const emoji = loophole(withKind("contract", `😀 ${line}`));
    assert.ok(plain && emoji);
    assert.equal(emoji.range.start.character, plain.range.start.character + 3);
    assert.equal(emoji.range.end.character - emoji.range.start.character, "intentionally".length);
    assert.equal(emoji.quote, "intentionally");
  });

  test("accented letters are one unit each, astral characters two", () => {
    for (const prefix of ["Ärger über Café — ", "𝔘𝔖 👩‍👩‍👧 ", "中文 "]) {
      const text = withKind("contract", prefix + line);
      const found = loophole(text);
      assert.ok(found, prefix);
      assert.deepEqual(found.range.start, positionOf(text, "intentionally"), prefix);
    }
  });

  test("in a table cell after an emoji cell, with CRLF line ends", () => {
    const text = withKind("contract", `| Topic | Term |\n|---|---|\n| 😀 Use | ${line} |`).replace(/\n/g, "\r\n");
    const found = loophole(text);
    assert.ok(found);
    assert.deepEqual(found.range.start, positionOf(text, "intentionally"));
  });
});

describe("sentences", () => {
  const paragraph = (s: string) => sentencesOf(`${s}\n`);

  test("abbreviations do not end a sentence", () => {
    assert.deepEqual(paragraph("The U.S. government agreed. Data, e.g. logs, i.e. records, stays. See No. 5 and Art. 30(2) GDPR. Mr. Smith signed. Next."), [
      "The U.S. government agreed.",
      "Data, e.g. logs, i.e. records, stays.",
      "See No. 5 and Art. 30(2) GDPR.",
      "Mr. Smith signed.",
      "Next.",
    ]);
  });

  test("number abbreviations bind only before a number; decimals never split", () => {
    assert.deepEqual(paragraph("There is no. Art. We said no. Then prices rose 3.5 percent. Done."), ["There is no.", "Art.", "We said no.", "Then prices rose 3.5 percent.", "Done."]);
  });

  test("a closing quote stays with its sentence", () => {
    assert.deepEqual(paragraph("“It is done,” he said. Next one. He said “No.” Then left! Why? Because."), [
      "“It is done,” he said.",
      "Next one.",
      "He said “No.”",
      "Then left!",
      "Why?",
      "Because.",
    ]);
  });

  test("a sentence does not end before a lower-case word", () => {
    assert.deepEqual(paragraph("Costs etc. are capped. The end."), ["Costs etc. are capped.", "The end."]);
  });

  test("list items, headings, quotes and table cells are units of their own", () => {
    const text = ["# Heading without a stop", "Paragraph right after", "", "- first item", "- second item", "", "> Quoted. Two sentences", "", "| Cell one | Cell two. Second |", "|---|---|", ""].join("\n");
    assert.deepEqual(sentencesOf(text), ["Heading without a stop", "Paragraph right after", "first item", "second item", "Quoted.", "Two sentences", "Cell one", "Cell two.", "Second"]);
  });

  test("a long run of stops is split in linear time", () => {
    // Once quadratic: each stop rescanned the rest of the run (40,000 dots took 11 s).
    const started = performance.now();
    assert.deepEqual(paragraph(`Wait${".".repeat(200_000)} Next.`), [`Wait${".".repeat(200_000)}`, "Next."]);
    assert.ok(performance.now() - started < 2000, `${Math.round(performance.now() - started)} ms`);
  });

  test("a sentence may run over several lines", () => {
    assert.deepEqual(paragraph("The Supplier shall\nnot share data.\nIt shall."), ["The Supplier shall\nnot share data.", "It shall."]);
  });
});

describe("blockquotes", () => {
  const text = "> Quoted line one\ncontinued lazily.\n>\n> > Nested quote.\n\n> - quoted item\n\nAfter.\n";

  test("quoted paragraphs are quote blocks, lazy lines included; quoted list items stay list items", () => {
    assert.deepEqual(
      blocksOf(text).map((b) => [b.type, b.text, b.inQuote]),
      [
        ["quote", "Quoted line one\ncontinued lazily.", true],
        ["quote", "Nested quote.", true],
        ["list-item", "quoted item", true],
        ["paragraph", "After.", false],
      ],
    );
  });

  test("the `>` markers are not prose", () => {
    assert.doesNotMatch(parseDocument(text).prose, />/);
  });

  test("a quoted claim in a news note is found at its position", () => {
    const text = withKind("news-note", `> ${HEDGED}`);
    const claim = findingsIn(text).find((f) => f.rule === "claim/hedged-reporting");
    assert.deepEqual(claim?.range.start, positionOf(text, HEDGED));
  });
});

describe("tables", () => {
  test("each cell is its own block; an escaped pipe stays inside its cell", () => {
    const text = "| Party | Obligation |\n|:--|--:|\n| Supplier \\| Ltd | Keeps data in the EU |\n";
    assert.deepEqual(
      blocksOf(text).map((b) => [b.type, b.text]),
      [
        ["table-row", "Party"],
        ["table-row", "Obligation"],
        ["table-row", "Supplier \\| Ltd"],
        ["table-row", "Keeps data in the EU"],
      ],
    );
  });

  test("a table inside a blockquote has no `>` cell", () => {
    assert.deepEqual(
      blocksOf("> | A | B |\n> |---|---|\n> | c | d |\n").map((b) => b.text),
      ["A", "B", "c", "d"],
    );
  });

  test("a finding in a cell is positioned in that cell", () => {
    const text = withKind("contract", `| Topic | Term |\n|---|---|\n| Use | ${RED_LINE} |`);
    const redLine = findingsIn(text).find((f) => f.rule === "red-line/prohibited-use");
    assert.equal(redLine?.quote, RED_LINE);
    assert.deepEqual(redLine?.range.start, positionOf(text, RED_LINE));
  });
});

describe("kind inference without front matter", () => {
  test("numbered clauses, shall and parties make a contract", () => {
    const text = [
      "# Services Agreement",
      "",
      "## 1. Definitions",
      "",
      "1.1 “Customer Data” means all data provided by the Customer.",
      "",
      "## 2. Services",
      "",
      "2.1 The Supplier shall provide the Services to the Customer.",
      "",
      "2.2 The Supplier shall not subcontract without consent.",
      "",
    ].join("\n");
    assert.equal(analyze(text).kind, "contract");
  });

  test("reporting verbs, quotes and datelines make a news note", () => {
    const text = [
      "# Ministry signs cloud deal",
      "",
      "The ministry announced on Tuesday that it had signed the deal, according to a spokesperson.",
      "",
      "“We are pleased,” the minister said. Critics told reporters the terms were weak.",
      "",
    ].join("\n");
    assert.equal(analyze(text).kind, "news-note");
  });

  test("principles, owners and `this policy` make a policy", () => {
    const text = [
      "# Policy on Generative AI",
      "",
      "This policy applies to all staff. Staff must ensure that personal data is protected.",
      "",
      "## Principles",
      "",
      "Owners of each service must ensure human review. We will publish guidance.",
      "",
    ].join("\n");
    assert.equal(analyze(text).kind, "policy");
  });

  test("the declared kind wins over the text", () => {
    const text = "---\nkind: policy\n---\n\n# Services Agreement\n\n1.1 The Supplier shall provide the Services.\n\n1.2 The Supplier shall invoice monthly.\n";
    assert.equal(analyze(text).kind, "policy");
  });
});
