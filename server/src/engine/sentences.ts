import type { Block, Sentence } from "./model";

// Abbreviations after which a period does not end a sentence.
const ALWAYS_ABBREVIATION = new Set(
  [
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "capt", "sgt", "gov", "sen", "rep", "hon",
    "inc", "ltd", "co", "corp", "llc", "plc", "bv", "nv", "gmbh", "ag", "sa", "vs", "cf", "etc", "al", "approx", "dept",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ca", "viz", "resp", "incl",
  ].map((s) => s),
);
// Abbreviations that only bind when a number follows: "No. 5", "Art. 30(2)", "p. 4".
const NUMBER_ABBREVIATION = new Set(["no", "nos", "art", "arts", "sec", "sect", "para", "paras", "p", "pp", "ch", "cl", "fig", "vol", "reg", "dir", "nr", "op"]);

const CLOSERS = new Set([")", "]", '"', "'", "”", "’", "»"]);
const OPENERS = new Set(["(", "[", '"', "'", "“", "‘", "«", "¿", "¡"]);

/** Splits each block's prose into sentences. Offsets are document offsets. */
export function splitSentences(prose: string, blocks: Block[]): Sentence[] {
  const out: Sentence[] = [];
  blocks.forEach((block, index) => {
    let start = block.start;
    // End of the current run of stops and closers ("?!", "...", ".”)"): every stop in a run
    // shares it, so a long run is scanned once, not once per stop.
    let runEnd = -1;
    for (let i = block.start; i < block.end; i++) {
      const c = prose[i];
      if (c !== "." && c !== "!" && c !== "?" && c !== "…") continue;
      let j = i < runEnd ? runEnd : i + 1;
      while (j < block.end && (CLOSERS.has(prose[j]) || prose[j] === "." || prose[j] === "!" || prose[j] === "?")) j++;
      runEnd = j;
      if (j >= block.end) break;
      if (!isSpace(prose[j])) continue;
      let k = j;
      while (k < block.end && isSpace(prose[k])) k++;
      if (k >= block.end) break;
      if (!startsSentence(prose, k)) continue;
      if (c === "." && isAbbreviation(prose, i, k)) continue;
      push(start, j, index);
      start = k;
      i = k - 1;
    }
    push(start, block.end, index);
  });
  return out;

  function push(a: number, b: number, block: number) {
    while (a < b && isSpace(prose[a])) a++;
    while (b > a && isSpace(prose[b - 1])) b--;
    if (b > a) out.push({ start: a, end: b, block });
  }
}

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\n" || c === "\r" || c === "\t" || c === "\u00a0";
}

function startsSentence(prose: string, k: number): boolean {
  let c = prose[k];
  if (OPENERS.has(c)) c = prose[k + 1] ?? "";
  if (/[0-9]/.test(c)) return true;
  return c !== c.toLowerCase() || /[\p{Lu}\p{Lt}]/u.test(c);
}

function isAbbreviation(prose: string, dot: number, next: number): boolean {
  let a = dot;
  while (a > 0 && /[\p{L}.]/u.test(prose[a - 1])) a--;
  const word = prose.slice(a, dot);
  if (!word) return false;
  // Dotted acronyms (U.S., e.g., i.e., U.K.) and single initials (J. Smith).
  if (word.includes(".")) return true;
  if (word.length === 1 && /\p{Lu}/u.test(word)) return true;
  const lower = word.toLowerCase();
  if (ALWAYS_ABBREVIATION.has(lower)) return lower !== "etc" || /\p{Ll}/u.test(prose[next] ?? "");
  if (NUMBER_ABBREVIATION.has(lower)) return /[0-9IVX(]/.test(prose[next] ?? "");
  return false;
}
