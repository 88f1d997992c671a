import { BUILTIN_PROFILES } from "./config/profiles";
import { SUPPRESSION_EXPLANATIONS, UNUSED_SUPPRESSION_RULE } from "./config/suppressions";
import type { CompiledRules } from "./detect";
import type { Category, RuleReference, Severity } from "./types";

/** Where each rule is documented: docs/rules.md, generated from this catalogue by `npm run docs`. */
export const RULE_DOCS_URL = "https://github.com/policy-lens/policy-lens/blob/main/docs/rules.md";

export interface RuleInfo {
  id: string;
  category: Category;
  severity: Severity;
  summary: string;
  explanation: string;
  reference?: RuleReference;
  docsUrl: string;
}

// Asked once per diagnostic, for a few dozen rule ids.
const docsUrls = new Map<string, string>();
export function ruleDocsUrl(id: string): string {
  let url = docsUrls.get(id);
  if (url === undefined) docsUrls.set(id, (url = `${RULE_DOCS_URL}#${headingAnchor(id)}`));
  return url;
}

/**
 * The anchor GitHub gives a Markdown heading: lower case, punctuation other than `-` and
 * `_` dropped, spaces made hyphens. docs/rules.md has one `## rule-id` heading per rule, so
 * `## claim/hedged-reporting` is `#claimhedged-reporting`.
 */
export function headingAnchor(heading: string): string {
  const lower = heading.trim().toLowerCase();
  // Rule ids are ASCII, where the letters, marks, numbers and connectors are [a-z0-9_]: the
  // Unicode classes cost a CLI run ~20 ms to compile, for the first anchor it asks for.
  const kept = ASCII.test(lower) ? lower.replace(/[^a-z0-9_ -]/g, "") : lower.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "");
  return kept.replace(/ /g, "-");
}
const ASCII = /^[\x00-\x7f]*$/;

/** Every rule the engine can report, for SARIF rule tables, docs and config validation. */
export function ruleCatalog(rules: CompiledRules): RuleInfo[] {
  const s = rules.source;
  const out: RuleInfo[] = [];
  const add = (r: Omit<RuleInfo, "docsUrl">) => out.push({ ...r, docsUrl: ruleDocsUrl(r.id) });
  add({ id: s.redLine.id, category: "red-line", severity: s.redLine.severity ?? "information", summary: "A hard limit on use in a red-line area (surveillance, weapons, automated decisions).", explanation: s.redLine.explanation, reference: s.redLine.reference });
  for (const l of s.loopholes) add({ id: l.id, category: "loophole", severity: l.severity ?? "warning", summary: `${l.explanation}`, explanation: `${l.explanation} ${l.leavesOpen}`, reference: l.reference });
  for (const t of s.terms) add({ id: `sovereignty/${t.term}`, category: "sovereignty", severity: t.severity ?? "hint", summary: `A commitment on ${t.label}.`, explanation: t.explanation, reference: t.reference });
  for (const t of s.terms) add({ id: `missing-term/${t.term}`, category: "missing-term", severity: "warning", summary: t.missingMessage, explanation: t.explanation, reference: t.reference });
  for (const c of s.claims.marks) add({ id: c.id, category: "claim", severity: c.severity ?? "warning", summary: c.message.replace(/\s*\(?“\{phrase\}”\)?/, ""), explanation: c.explanation, reference: c.reference });
  add({ id: "document/front-matter", category: "document", severity: "error", summary: "Front matter is invalid.", explanation: "Front matter declares the document's kind, title and profile; an invalid value is ignored until fixed." });
  add({ id: "document/placeholder", category: "document", severity: "warning", summary: "A placeholder left by an inserted clause is not filled in.", explanation: "Replace each [[…]] marker with the agreed value." });
  add({ id: "document/skipped", category: "document", severity: "warning", summary: "A file was not analysed: too large, binary or not UTF-8.", explanation: "A file that is over the size limit, looks binary or is not valid UTF-8 is skipped with this one finding, so that the rest of the run goes on. Save it as UTF-8 Markdown, or raise the size limit (CLI --max-file-size)." });
  add({ id: "document/time-budget", category: "document", severity: "warning", summary: "Analysis stopped after its time budget; findings may be missing.", explanation: "Each document gets a time budget so that no analysis can hang the editor or a CI run. Split a very large document, or raise the time budget (CLI --time-budget, editor setting policyLens.timeBudgetMs)." });
  add({ id: "document/unsupported-language", category: "document", severity: "information", summary: "The document is not in English and was not analysed.", explanation: "The rules match English wording, so in another language they would miss every clause and report terms as missing that the document has. Until French and German are supported, such a document gets this one finding and no others. If it is in English, declare `lang: en` in its front matter." });
  // Rules that configuration adds: suppression comments, the defence profile's required red lines, built-in profiles' own rules.
  for (const [id, explanation] of Object.entries(SUPPRESSION_EXPLANATIONS)) add({ id, category: "document", severity: "warning", summary: id === UNUSED_SUPPRESSION_RULE ? "A suppression comment hides no finding." : "A suppression names an unknown rule.", explanation });
  for (const t of s.topics) add({ id: `missing-red-line/${t.id}`, category: "missing-term", severity: "warning", summary: `No red line on ${t.label}, which the document's profile requires.`, explanation: t.explanation, reference: t.reference });
  for (const profile of Object.values(BUILTIN_PROFILES))
    for (const r of profile.customRules ?? []) if ("category" in r) add({ id: r.id, category: r.category, severity: r.severity ?? "warning", summary: r.message.replace(/\s*"?\{phrase\}"?/g, ""), explanation: r.explanation ?? r.message, reference: r.reference });
  return out;
}
