import { isMap, isPair, isScalar, isSeq, parseDocument, type Document as YamlDocument } from "yaml";
import * as z from "zod";
import { characterBoundary, characterEnd, detachedCopy } from "./text";
import { KINDS } from "./types";

/** What a document may declare in its YAML front matter. Unknown keys are allowed. */
export const frontMatterSchema = z.looseObject({
  kind: z.enum(KINDS).optional(),
  title: z.string().optional(),
  profile: z.string().min(1).optional(),
  date: z.union([z.string(), z.date()]).optional(),
  parties: z.array(z.string()).optional(),
  /** The document's language ("en", "fr", "de-CH"); inferred from the text when absent. */
  lang: z.string().optional(),
  "policy-lens": z
    .looseObject({
      disable: z.array(z.string()).optional(),
    })
    .optional(),
});
export type FrontMatterData = z.infer<typeof frontMatterSchema>;

export interface FrontMatterProblem {
  message: string;
  start: number;
  end: number;
}

export interface FrontMatter {
  /** Offsets of the whole block, delimiters included. */
  start: number;
  end: number;
  /** Offsets of the YAML body between the delimiters. */
  bodyStart: number;
  bodyEnd: number;
  data: FrontMatterData;
  problems: FrontMatterProblem[];
  /** Zero-based line numbers covered by the block (delimiters included). */
  lineCount: number;
}

const OPEN = /^---[ \t]*(\r\n|\r|\n)/;
const CLOSE = /(^|\r\n|\r|\n)(---|\.\.\.)[ \t]*(?=\r\n|\r|\n|$)/g;

/**
 * Finds and parses a leading `---` YAML block. Returns undefined when there is none; an
 * unterminated block is reported as a problem on the opening line and not treated as
 * front matter, so the text stays visible to the Markdown parser.
 */
export function readFrontMatter(text: string): FrontMatter | { unterminated: true } | undefined {
  const open = OPEN.exec(text);
  if (!open) return undefined;
  const bodyStart = open[0].length;
  CLOSE.lastIndex = bodyStart - open[1].length;
  const close = CLOSE.exec(text);
  if (!close) return { unterminated: true };
  const bodyEnd = close.index + close[1].length;
  const end = close.index + close[0].length;
  // An editor asks again on every keystroke, almost always about the same front matter.
  // Parsed from a copy: the values yaml slices from the source would keep the whole text alive.
  const source = detachedCopy(text.slice(0, end));
  if (last?.source === source) return last.result;
  const result = parseFrontMatter(source, bodyStart, bodyEnd, end);
  last = { source, result };
  return result;
}

/** The last front matter read: its source (the text up to its end) and what was read (never changed by callers). */
let last: { source: string; result: FrontMatter } | undefined;

/** `text`: at least the front matter, up to `end`. */
function parseFrontMatter(text: string, bodyStart: number, bodyEnd: number, end: number): FrontMatter {
  const body = text.slice(bodyStart, bodyEnd);
  const problems: FrontMatterProblem[] = [];
  let data: FrontMatterData = {};
  if (body.length > FRONT_MATTER_MAX_CHARS) {
    // YAML is parsed in one step that cannot watch the time budget; real front matter is a few lines.
    problems.push({ message: `Front matter is ${body.length} characters, more than the ${FRONT_MATTER_MAX_CHARS} Policy Lens reads: its keys (kind, profile…) are ignored.`, start: 0, end: 3 });
    return { start: 0, end, bodyStart, bodyEnd, data, problems, lineCount: countLines(text, end) };
  }

  // Most front matter is a few `key: words` lines: read without yaml (whose parse was ~9% of
  // checking a folder of small documents) when it is certainly such a mapping and its values are valid.
  const simple = simpleMapping(body);
  if (simple) {
    const parsed = frontMatterSchema.safeParse(simple);
    if (parsed.success) return { start: 0, end, bodyStart, bodyEnd, data: parsed.data, problems, lineCount: countLines(text, end) };
  }
  // logLevel "error": yaml would otherwise print warnings through process.emitWarning, a Node API.
  // A lone \r (old Mac line ends) is a line break to YAML but not to the yaml parser; same length, so offsets hold.
  const doc = parseYaml(body.replace(/\r(?!\n)/g, "\n"));
  // An error at the very end of the body (an unclosed bracket) belongs on the last YAML line, not on the closing `---`.
  const trimmed = body.trimEnd();
  const lastContent = Math.max(0, trimmed.length - (/[\ud800-\udbff][\udc00-\udfff]$/.test(trimmed) ? 2 : 1));
  for (const err of yamlErrors(doc)) {
    // yaml's spans can end inside a character (it cuts long keys at a fixed length).
    const a = characterBoundary(body, Math.min(err.pos[0], lastContent));
    const b = characterBoundary(body, Math.min(err.pos[1], characterEnd(body, lastContent)));
    problems.push({ message: `Front matter is not valid YAML: ${firstLine(err.message)}`, start: bodyStart + a, end: bodyStart + Math.max(b, characterEnd(body, a)) });
  }
  const raw = problems.length ? undefined : yamlValues(doc, (message) => problems.push({ message: `Front matter is not valid YAML: ${message}`, start: bodyStart, end: bodyStart + trimmed.length }));
  if (raw !== undefined) {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      problems.push({ message: "Front matter must be a YAML mapping of keys to values.", start: bodyStart, end: Math.max(bodyStart + 1, bodyEnd) });
    } else {
      const parsed = frontMatterSchema.safeParse(raw);
      if (parsed.success) data = parsed.data;
      else {
        // Keep the keys that are valid so one bad value does not hide the rest.
        const bad = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? "")));
        const kept = Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k)));
        data = frontMatterSchema.safeParse(kept).data ?? {};
        for (const issue of parsed.error.issues) {
          const key = String(issue.path[0] ?? "");
          const [a, b] = keyRange(doc, key) ?? [0, body.length];
          problems.push({ message: `Front matter \`${key}\`: ${issueText(issue)}`, start: bodyStart + a, end: bodyStart + Math.max(b, characterEnd(body, a)) });
        }
      }
    }
  }
  return { start: 0, end, bodyStart, bodyEnd, data, problems, lineCount: countLines(text, end) };
}

// A line `key: value` of the subset simpleMapping reads, and a plain value in it: words that
// YAML reads as a string in any context (no indicator, quote, colon, comment, bracket or comma).
const SIMPLE_LINE = /^([A-Za-z][A-Za-z0-9_-]*): +(\S(?:.*\S)?)$/;
const SIMPLE_WORDS = /^[\p{L}\p{N}][\p{L}\p{N} .'’()/&+_-]*$/u;
const SIMPLE_LIST = /^\[([^\[\]{}]*)\]$/;
// What YAML 1.2's core schema reads as null, a boolean or a number instead of a string.
const NOT_A_STRING = /^(?:~|null|true|false|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:e[-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-f]+|[-+]?\.inf|\.nan)$/i;

const simpleWords = (v: string) => SIMPLE_WORDS.test(v) && !NOT_A_STRING.test(v);

/**
 * The values of a front matter body that is only `key: words` and `key: [words, words]`
 * lines with distinct keys, exactly as yaml reads them; undefined for anything else (yaml
 * reads that). test/front-matter-simple.test.ts holds it to yaml on generated bodies.
 */
export function simpleMapping(body: string): Record<string, string | string[]> | undefined {
  const out: Record<string, string | string[]> = {};
  const lines = body.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  if (!lines.length) return undefined;
  for (const line of lines) {
    // (yaml refuses an implicit key of more than 1,024 characters; a key "null" or "true" is not the string.)
    const m = line.length <= 1000 ? SIMPLE_LINE.exec(line) : null;
    if (!m || NOT_A_STRING.test(m[1]) || Object.prototype.hasOwnProperty.call(out, m[1])) return undefined;
    const value = m[2];
    const list = SIMPLE_LIST.exec(value);
    if (list) {
      const items = list[1].split(",").map((item) => item.replace(/^ +| +$/g, ""));
      if (!items.every(simpleWords)) return undefined;
      out[m[1]] = items;
    } else if (simpleWords(value)) out[m[1]] = value;
    else return undefined;
  }
  return out;
}

/** The longest front matter body parsed as YAML (64 KB). */
export const FRONT_MATTER_MAX_CHARS = 65536;

function countLines(text: string, end: number): number {
  let lineCount = 1;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lineCount++;
  }
  return lineCount;
}

/**
 * Parses YAML as front matter and configs are parsed. Duplicate keys are looked for by
 * `yamlErrors`, not by yaml's `uniqueKeys`, which compares each key with every earlier one
 * of its map (80,000 front matter keys took 78 s).
 */
export function parseYaml(text: string): YamlDocument {
  return parseDocument(text, { prettyErrors: false, uniqueKeys: false, logLevel: "error" });
}

/** yaml's errors and the duplicate keys of every map, in the order of the text. */
export function yamlErrors(doc: YamlDocument): { message: string; pos: [number, number] }[] {
  const errors: { message: string; pos: [number, number] }[] = doc.errors.map((e) => ({ message: e.message, pos: e.pos }));
  const pending: unknown[] = [doc.contents];
  let duplicates = false;
  while (pending.length) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          const value = pair.key.value;
          if (seen.has(value)) {
            const start = pair.key.range?.[0] ?? 0;
            errors.push({ message: "Map keys must be unique", pos: [start, start + 1] });
            duplicates = true;
          }
          seen.add(value);
        } else pending.push(pair.key);
        pending.push(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) pending.push(item);
    else if (isPair(node)) pending.push(node.key, node.value);
  }
  return duplicates ? errors.sort((a, b) => a.pos[0] - b.pos[0]) : errors;
}

/**
 * A parsed YAML document's values, or undefined after reporting the fault: yaml finds some
 * faults only while building values (`*` with no anchor, alias bombs) and throws then.
 */
export function yamlValues(doc: YamlDocument, report: (message: string) => void): unknown {
  try {
    return doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (e) {
    report(firstLine((e as Error).message));
    return undefined;
  }
}

function keyRange(doc: YamlDocument, key: string): [number, number] | undefined {
  if (!isMap(doc.contents)) return undefined;
  for (const pair of doc.contents.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) {
      const valueEnd = (pair.value as { range?: [number, number, number] } | null)?.range?.[1];
      return [pair.key.range[0], valueEnd ?? pair.key.range[1]];
    }
  }
  return undefined;
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_value" && "values" in issue) return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  return issue.message;
}

function firstLine(s: string): string {
  return s.split("\n")[0];
}
