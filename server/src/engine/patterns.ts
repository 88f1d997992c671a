/**
 * Token patterns: the only pattern language rules (built-in or user) can use. A pattern
 * is a sequence of space-separated tokens:
 *
 *   word          a literal word (may contain . - ' / digits): `u.s.`, `follow-on`
 *   a|b|c         one of several words
 *   surveil*      a word starting with `surveil`
 *   [a|b]         optional token
 *   ~  or ~N      a gap of 0–3 (or 0–N, N ≤ 8) arbitrary words
 *   <num>         a number (digits, with , . separators)
 *
 * Matching is case-insensitive (the text is lower-cased first). Patterns compile to regular expressions with no nested
 * unbounded repetition (gaps are bounded, words are atomic runs), so matching time is
 * linear in the text for a fixed pattern set: no user pattern can make the engine hang.
 */

// Word characters W, and joiners J that may sit between word characters ("U.S.", "don't",
// "follow-on"). A separator is a run of non-word characters containing at least one
// non-joiner, so a text splits into words and separators in exactly one way: the regex
// engine never has two ways to match the same span, which keeps matching linear.
const W = "[\\p{L}\\p{N}_%]";
const J = "['’./-]";
const WORD = `${W}+(?:${J}${W}+)*`;
const SEP = `${J}*[^\\p{L}\\p{N}_%'’./-][^\\p{L}\\p{N}_%]*`;
const MAX_GAP = 8;
const B_START = "(?<![\\p{L}\\p{N}_])";
const B_END = "(?![\\p{L}\\p{N}_])";

export class PatternError extends Error {}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

// Text is lower-cased before matching (lowerSameLength), so patterns are lower-cased at
// compile time and the regex needs no `i` flag: Unicode case folding makes irregexp
// compile far slower.
function compileWord(raw: string): string {
  const alt = raw.toLowerCase();
  if (alt === "<num>") return "\\p{N}[\\p{N},.]*\\p{N}|\\p{N}";
  if (alt === "<pct>") return "\\p{N}[\\p{N},.]*%";
  if (alt.endsWith("*")) {
    const stem = alt.slice(0, -1);
    if (!stem) throw new PatternError("`*` must follow at least one letter");
    return `${escape(stem)}(?:${W}|${J}(?=${W}))*`;
  }
  return escape(alt).replace(/'/g, "['’]");
}

// A parsed pattern: words (a regex source for the alternatives) and optional groups, each
// with the gap of arbitrary words allowed before it.
type Item = { word: string; alternatives: string[]; gap: number } | { group: Item[]; gap: number };

function parsePattern(pattern: string): Item[] {
  const tokens = pattern.trim().split(/\s+/).filter(Boolean);
  if (!tokens.length) throw new PatternError("empty pattern");
  if (tokens.length > 24) throw new PatternError("a pattern may have at most 24 tokens");
  // Parse into a sequence of items; `[` … `]` (possibly spanning tokens) is an optional group.
  const root: Item[] = [];
  let current = root;
  let parent: Item[] | null = null;
  let pendingGap = 0;
  for (let raw of tokens) {
    const gap = /^~(\d*)$/.exec(raw);
    if (gap) {
      const n = gap[1] ? Number(gap[1]) : 3;
      if (n > MAX_GAP) throw new PatternError(`a gap may span at most ${MAX_GAP} words (got ~${n})`);
      pendingGap = Math.min(MAX_GAP, pendingGap + n);
      continue;
    }
    let opens = false;
    let closes = false;
    if (raw.startsWith("[")) {
      if (parent) throw new PatternError("optional groups cannot be nested");
      opens = true;
      raw = raw.slice(1);
    }
    if (raw.endsWith("]")) {
      closes = true;
      raw = raw.slice(0, -1);
    }
    if (opens) {
      const group: Item[] = [];
      current.push({ group, gap: pendingGap });
      pendingGap = 0;
      parent = current;
      current = group;
    }
    const alts = raw.split("|");
    for (const a of alts) {
      if (!a) throw new PatternError(`empty alternative in \`${raw}\``);
      if (!/^(?:<num>|<pct>|[\p{L}\p{N}_'’./%&-]+\*?)$/u.test(a)) throw new PatternError(`\`${a}\` is not a word (use letters, digits, . - ' / % and a trailing *)`);
    }
    current.push({ word: `(?:${alts.map(compileWord).join("|")})${B_END}`, alternatives: alts, gap: pendingGap });
    pendingGap = 0;
    if (closes) {
      if (!parent) throw new PatternError("`]` without `[`");
      current = parent;
      parent = null;
    }
  }
  if (parent) throw new PatternError("`[` without `]`");
  if (!root.some((i) => "word" in i)) throw new PatternError("a pattern needs at least one required word");
  return root;
}

/** Compiles one token pattern to a regex source (no flags, no anchors). */
export function compilePattern(pattern: string): string {
  const root = parsePattern(pattern);
  const gapSrc = (n: number) => (n ? `(?:${WORD}${SEP}){0,${n}}` : "");
  // Each item after the first is preceded by a separator (and its gap) inside its own group,
  // so an optional item that does not match leaves no stray separator behind.
  const seq = (items: Item[], leading: boolean): string =>
    items
      .map((item, k) => {
        const lead = leading || k > 0 ? `${SEP}${gapSrc(item.gap)}` : "";
        if ("word" in item) return `${lead}${item.word}`;
        return `(?:${lead}${seq(item.group, false)})?`;
      })
      .join("");
  let out: string;
  const firstRequired = root.findIndex((i) => "word" in i);
  if (firstRequired === 0) out = seq(root, false);
  else {
    // Leading optional groups carry their own trailing separator.
    const head = root.slice(0, firstRequired).map((g) => `(?:${seq((g as { group: Item[] }).group, false)}${SEP})?`).join("");
    out = head + seq(root.slice(firstRequired), false);
  }
  return out;
}

/**
 * How many ways, at most, the compiled regex can try to match one pattern from one start
 * position. Matching stays linear in the text for a fixed pattern, but this factor
 * multiplies every position: each gap ~N can end after 0…N words, an optional group is
 * taken or skipped, and a prefix alternative (`surveil*`) can overlap a literal one. Three
 * gaps of ~8 already cost 729 tries per position, so user patterns get a budget.
 */
export function patternCost(pattern: string): number {
  const cost = (items: Item[]): number =>
    items.reduce((product, item) => {
      const ways = "word" in item ? 1 + item.alternatives.filter((a) => a.endsWith("*")).length : 1 + cost(item.group);
      return product * (item.gap + 1) * ways;
    }, 1);
  return cost(parsePattern(pattern));
}

export interface PatternMatch {
  id: number;
  start: number;
  end: number;
}

/**
 * A set of token patterns matched in one pass: all patterns are combined into one
 * alternation with a capture group each, so a sentence is scanned once per set.
 */
export class PatternSet {
  private readonly re: RegExp;
  readonly size: number;
  constructor(patterns: readonly string[]) {
    this.size = patterns.length;
    const groups = patterns.map((p) => `(${compilePattern(p)})`);
    this.re = new RegExp(`${B_START}(?:${groups.join("|") || "(?!)"})`, "gu");
  }

  /** All non-overlapping matches, leftmost first; `id` is the index of the pattern. */
  find(text: string): PatternMatch[] {
    const out: PatternMatch[] = [];
    if (!this.size) return out;
    this.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = this.re.exec(text))) {
      let id = 0;
      while (id < this.size && m[id + 1] === undefined) id++;
      out.push({ id, start: m.index, end: m.index + m[0].length });
      if (m[0].length === 0) this.re.lastIndex++;
    }
    return out;
  }

  test(text: string): boolean {
    if (!this.size) return false;
    this.re.lastIndex = 0;
    return this.re.test(text);
  }
}
