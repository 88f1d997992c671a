// fast-check arbitraries for hostile policy Markdown: the structures that stress the
// document model (nesting, fences, front matter, tables, HTML, links), the text that
// stresses offsets (surrogate pairs, lone surrogates, emoji, NUL, mixed line breaks,
// huge lines), and the policy vocabulary, so that the rules actually fire.
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const samplesDir = join(__dirname, "..", "..", "samples");

/** The bundled samples: realistic documents to mutate. */
export const SAMPLE_DOCUMENTS: string[] = readdirSync(samplesDir)
  .filter((f) => f.endsWith(".md"))
  .sort()
  .map((f) => readFileSync(join(samplesDir, f), "utf8"));

// Sentences that make rules fire (red lines, loopholes, sovereignty terms, claims), taken
// from the samples so the vocabulary follows the rules, plus phrases aimed at edge cases
// of the sentence splitter and the pattern matcher.
const SAMPLE_LINES = [...new Set(SAMPLE_DOCUMENTS.flatMap((d) => d.split(/\r\n|\r|\n/)).filter((l) => /\p{L}{3}/u.test(l)))];
const POLICY_PHRASES = [
  "The Supplier shall not use the Service for mass surveillance of U.S. persons, except as otherwise agreed.",
  "The Provider will not knowingly support autonomous weapons or the use of force without meaningful human control.",
  "All Customer Data shall be stored in the EU; data may be transferred to affiliates for support.",
  "This Agreement is governed by the laws of Ireland and the courts of Dublin have exclusive jurisdiction.",
  "The Supplier shall provide an exit plan and data portability on termination.",
  "No automated decisions about benefits, detention or credit without human review.",
  "According to people familiar with the matter, the deal was reportedly signed.",
  "Officials said the company later retracted the statement, saying he had misspoken.",
  "It is the most advanced model in the world and 97% of users agree.",
  "The Customer may audit the Supplier's facilities; all lawful purposes are permitted.",
  "Sub-processors may be engaged with prior written consent, subject to the CLOUD Act.",
  "Art. 30(2) GDPR applies. Mr. Smith, Dr. J. Doe, i.e. the U.K. team, etc. Done.",
  "4.2 The Supplier shall not intentionally monitor citizens.",
  "“Quoted”… (“nested” [brackets]) — dashes – and ¿questions? ¡Yes!",
];

const EMOJI = ["😀", "👩‍👩‍👧‍👦", "🇪🇺", "🏳️‍🌈", "👍🏽", "𝔘.𝔖.", "𠜎", "é", "ﬁ", "İ", "ẞ", "Σ", "\u200b", "\u200d", "\ufeff", "\u2028", "\u00a0"];

const lineBreak = fc.constantFrom("\n", "\r\n", "\r");
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const anyCodePoint = fc.string({ unit: "binary", maxLength: 12 });
const word = fc.constantFrom("shall", "not", "surveillance", "weapons", "data", "EU", "exit", "said", "U.S.", "persons", "except", "lawful", "the", "of", "4.2", "§", "Art.", "No.");

/** A run of inline text: vocabulary, random Unicode, emoji, lone surrogates and Markdown inline syntax. */
const inlineAtom: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SAMPLE_LINES, ...POLICY_PHRASES) },
  { weight: 4, arbitrary: word },
  { weight: 2, arbitrary: anyCodePoint },
  { weight: 2, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: fc.constantFrom("\0", "\t", "\\", "\\*", "&amp;", "&#0;", "&#x1F600;") },
  { weight: 2, arbitrary: fc.constantFrom("*", "**", "_", "__", "~~", "`", "``", "[", "]", "(", ")", "<", ">", "![", "[^1]", "[^1]:", "|", "#", "<!--", "-->") },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "[the policy](https://example.org/p)",
      "[ref][1]",
      "![img](a.png)",
      "<https://example.org>",
      "https://example.org/a_(b)",
      "www.example.org.",
      "`code shall not`",
      "<span class='x'>surveillance</span>",
      "<!-- policy-lens disable red-line -->",
      "<!-- unterminated comment",
      "*emphasis* and **strong**",
      "[link with (parens)](<a b>)",
    ),
  },
);
const inlineText = fc.array(inlineAtom, { minLength: 1, maxLength: 8 }).chain((parts) => fc.constantFrom(" ", "", "  ", "\t").map((sep) => parts.join(sep)));

/** One Markdown block, possibly spanning lines (joined with "\n"; line breaks are varied later). */
const block: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: inlineText },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 7 }), inlineText).map(([n, t]) => `${"#".repeat(n)} ${t}`) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.constantFrom("-", "*", "+", "1.", "2)", "10."), inlineText), { minLength: 1, maxLength: 6 })
      .map((items) => items.map(([depth, marker, t]) => `${"  ".repeat(depth)}${marker} ${t}`).join("\n")),
  },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 40 }), inlineText).map(([n, t]) => `${"> ".repeat(n)}${t}`) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 60 }), inlineText).map(([n, t]) => `${"> - ".repeat(n)}${t}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("```", "~~~", "````md"), inlineText, fc.boolean()).map(([f, t, closed]) => `${f}\n${t}${closed ? `\n${f.slice(0, 3)}` : ""}`) },
  { weight: 1, arbitrary: inlineText.map((t) => `    ${t}`) },
  {
    weight: 1,
    arbitrary: fc
      .array(inlineText, { minLength: 1, maxLength: 4 })
      .map((cells) => `| ${cells.join(" | ")} |\n|${cells.map(() => "---").join("|")}|\n| ${cells.reverse().join(" | ")} |`),
  },
  { weight: 1, arbitrary: inlineText.map((t) => `<div>\n${t}\n</div>`) },
  { weight: 1, arbitrary: inlineText.map((t) => `[1]: https://example.org "${t}"`) },
  { weight: 1, arbitrary: fc.constantFrom("---", "***", "___", "===", "- - -", "") },
  // Huge lines: one long paragraph (also a clause) of repeated vocabulary or noise.
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 200, max: 5000 }), fc.constantFrom("surveillance of citizens ", "a", "😀", "shall not. ", "x\u0301")).map(([n, s]) => s.repeat(n)) },
);

/** Front matter: valid, invalid YAML, wrong types, or never closed. */
const frontMatter = fc.oneof(
  fc.constant(""),
  fc.constantFrom(
    "---\nkind: contract\ntitle: Test\n---\n",
    "---\nkind: news-note\n---\n",
    "---\nkind: policy\nparties: [A, B]\n---\n",
    "---\nkind: poem\n---\n",
    "---\nkind: [1, 2]\ntitle: 3\n---\n",
    "---\n: : :\n\t- bad\n---\n",
    "---\na: &a [*a]\n---\n",
    "---\nkind: contract\n",
    "---\n",
    "---\r\nkind: contract\r\n...\r\n",
    "---\n---\n",
  ),
  inlineText.map((t) => `---\n${t}\n---\n`),
  inlineText.map((t) => `---\ntitle: ${t}\n`),
);

/** Rewrites every line break as one of \n, \r\n or \r, chosen per break. */
function mixLineBreaks(text: string, breaks: string[]): string {
  let i = 0;
  return text.replace(/\r\n|\r|\n/g, () => breaks[i++ % breaks.length]);
}

/** A generated document: front matter and blocks, with mixed line breaks. */
const generatedDocument = fc
  .tuple(frontMatter, fc.array(block, { maxLength: 12 }), fc.array(lineBreak, { minLength: 1, maxLength: 5 }), fc.constantFrom("\n", "\n\n", "\n\n\n"))
  .map(([fm, blocks, breaks, gap]) => mixLineBreaks(fm + blocks.join(gap), breaks));

type Mutation = (text: string) => string;
/** Edits that break a document the way typing, pasting and bad tools do. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.oneof(inlineAtom, block)).map(([at, s]): Mutation => (t) => insertAt(t, at, s)),
  fc.tuple(fc.nat(), fc.nat({ max: 200 })).map(([at, n]): Mutation => (t) => {
    const a = at % (t.length + 1);
    return t.slice(0, a) + t.slice(a + n);
  }),
  fc.tuple(fc.nat(), fc.nat({ max: 400 }), fc.nat()).map(([at, n, to]): Mutation => (t) => {
    const a = at % (t.length + 1);
    return insertAt(t, to, t.slice(a, a + n));
  }),
  fc.array(lineBreak, { minLength: 1, maxLength: 3 }).map((breaks): Mutation => (t) => mixLineBreaks(t, breaks)),
  fc.tuple(fc.nat(), fc.constantFrom("\0", "\r", "\n", "\ud83d", "\ude00", "```", "---\n", "> ", "    ", "|")).map(([at, s]): Mutation => (t) => insertAt(t, at, s)),
);

function insertAt(text: string, at: number, s: string): string {
  const a = at % (text.length + 1);
  return text.slice(0, a) + s + text.slice(a);
}

/** A text from `seeds` with a few random mutations applied. */
function mutated(seeds: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(seeds, fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([text, mutations]) => mutations.reduce((t, m) => m(t), text));
}

/** Hostile policy Markdown: generated from scratch, or a mutated sample or generated document. */
export const policyMarkdown: fc.Arbitrary<string> = fc.oneof(generatedDocument, mutated(fc.oneof(fc.constantFrom(...SAMPLE_DOCUMENTS), generatedDocument)));

// Config files: the samples' own, and small ones that reach each part of the schema.
const CONFIG_SEEDS = [
  readFileSync(join(samplesDir, ".policylens.yaml"), "utf8"),
  "profile: defence\n",
  "profile: dora-financial\nseverity:\n  claim: error\n  loophole/intent-test: hint\ndisable: [claim/absolute]\n",
  "requiredTerms:\n  contract: [audit-rights, personnel, subcontracting]\nrequiredRedLines:\n  contract: [surveillance, weapons]\n",
  "customRules:\n  - id: acme/uncapped\n    category: loophole\n    patterns: ['uncapped|unlimited liability', 'sole ~2 discretion']\n    unless: ['capped']\n    scope:\n      within: [red-line, sovereignty]\n    span: sentence\n    message: 'Uncapped: {phrase}'\n",
  "profiles:\n  mine:\n    extends: [eu-public-sector, defence]\n    disable: [claim]\nprofile: mine\n",
  "clauses:\n  data-residency:\n    title: Data location\n    body: Data stays in ${1:the EU}.\n",
];

/** Hostile `.policylens.yaml` text: the samples' config and small valid configs, mutated or not. */
export const policyConfigText: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...CONFIG_SEEDS), mutated(fc.constantFrom(...CONFIG_SEEDS)));

/**
 * One fuzz case: a document; one time in four a config file to check and analyse it with;
 * and one time in four a few successive edits of it, as an editor would send them.
 */
export interface FuzzCase {
  document: string;
  config: string | null;
  /** Each version of the document after one more edit. */
  edits: string[];
}
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    document: policyMarkdown,
    config: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: policyConfigText }),
    mutations: fc.oneof({ weight: 3, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 5 }) }),
  })
  .map(({ document, config, mutations }) => {
    const edits: string[] = [];
    mutations.reduce((text, m) => {
      const next = m(text);
      edits.push(next);
      return next;
    }, document);
    return { document, config, edits };
  });

// ---------------------------------------------------------------------------------------
// Hostile scale and hostile configs (issue 16): documents with many findings, headings,
// comments and front-matter keys; ignore globs; extends graphs; custom rules at the cost
// limits.

/** Units that each add a finding, a heading, a comment or an unclosed comment. */
const SCALE_UNITS = [
  "2.1 The Supplier shall not monitor residents, except as agreed.\n\n",
  "## Part\n\n",
  "<!-- policy-lens-disable-next-line red-line -->\n2.1 The Supplier shall not monitor residents.\n\n",
  "<!-- policy-lens-disable \n",
  "<!-- policy-lens-disable loophole -->\n",
  "<!-- policy-lens-enable -->\n",
  "<!-- policy-lens-disable-next-line acme/nothing -->\n",
  "[[x]] ",
  "See [t](u \"<!-- policy-lens-disable-next-line -->\").\n\n",
  " except here",
];

/** A document made of a few units repeated up to a few hundred times, after front matter with up to 300 keys. */
export const scaledDocument: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...SCALE_UNITS), fc.integer({ min: 1, max: 300 })), { minLength: 1, maxLength: 3 }), fc.nat({ max: 300 }), fc.boolean())
  .map(([units, keys, contract]) => {
    const fm = keys || contract ? `---\n${contract ? "kind: contract\n" : ""}${Array.from({ length: keys }, (_, i) => `k${i}: v\n`).join("")}---\n\n` : "";
    return fm + "# Order\n\n" + units.map(([unit, n]) => unit.repeat(n)).join("");
  });

/** Globs from the atoms of the glob language, the catastrophic `*a*a…` shape among them. */
export const globText: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom("*", "**", "**/", "?", "a", "b", "c", ".md", "/", "{a,b}", "{c,{a,}}", "[ab]", "[!a]", "[a-c]", "x"), { minLength: 1, maxLength: 10 }).map((a) => a.join("")),
  fc.integer({ min: 1, max: 30 }).map((n) => "*a".repeat(n) + "*c.md"),
);

/** Short paths over the letters the globs use, and one long path that would make a backtracking matcher hang. */
export const globPath: fc.Arbitrary<string> = fc.oneof(
  { weight: 9, arbitrary: fc.array(fc.constantFrom("a", "b", "c", "/", ".md", "x"), { maxLength: 12 }).map((a) => a.join("")) },
  { weight: 1, arbitrary: fc.integer({ min: 30, max: 3000 }).map((n) => "a".repeat(n) + ".md") },
);

/** Profiles whose `extends` form chains (some past the depth limit), cycles, and names that do not exist. */
export const extendsConfig: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: 1, max: 80 }),
    fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom("own", "own", "own", "builtin", "unknown")), { maxLength: 120 }),
    fc.boolean(),
  )
  .map(([n, edges, chain]) => {
    const parents: string[][] = Array.from({ length: n }, (_, i) => (chain && i + 1 < n ? [`p${i + 1}`] : []));
    for (const [from, to, kind] of edges) parents[from % n].push(kind === "own" ? `p${to % n}` : kind === "builtin" ? "defence" : `q${to % 5}`);
    const profiles = parents.map((ps, i) => `  p${i}:\n${ps.length ? `    extends: [${ps.join(", ")}]\n` : "    description: x\n"}`).join("");
    return `profile: p0\nprofiles:\n${profiles}`;
  });

/** Custom rules whose patterns approach the per-pattern cost limit, so some configs pass the total. */
export const costlyRulesConfig: fc.Arbitrary<string> = fc
  .array(
    fc.array(fc.tuple(fc.constantFrom("a", "b", "shall", "not", "monitor", "[except]", "data|records"), fc.integer({ min: 0, max: 8 })), { minLength: 1, maxLength: 5 }).map((items) => items.map(([w, gap]) => (gap ? `${w} ~${gap}` : w)).join(" ").replace(/ ~\d+$/, "")),
    { minLength: 1, maxLength: 40 },
  )
  .map((patterns) => `customRules:\n${patterns.map((p, i) => `  - id: x/r${i}\n    category: loophole\n    patterns: ["${p}"]\n    message: "m {phrase}"\n`).join("")}`);

export type HostileCase =
  | { kind: "scale"; document: string }
  | { kind: "glob"; glob: string; paths: string[] }
  | { kind: "extends"; config: string }
  | { kind: "rules"; config: string; document: string };

/** One hostile case of issue 16's generators. */
export const hostileCase: fc.Arbitrary<HostileCase> = fc.oneof(
  scaledDocument.map((document): HostileCase => ({ kind: "scale", document })),
  fc.tuple(globText, fc.array(globPath, { minLength: 1, maxLength: 8 })).map(([glob, paths]): HostileCase => ({ kind: "glob", glob, paths })),
  extendsConfig.map((config): HostileCase => ({ kind: "extends", config })),
  fc.tuple(costlyRulesConfig, fc.oneof(scaledDocument, policyMarkdown)).map(([config, document]): HostileCase => ({ kind: "rules", config, document })),
);
