import { analyze, type DocumentKind } from "../../server/src/engine";

// A body of our own sentences in a document of a given kind, and the words each finding marks.

export function found(kind: DocumentKind, body: string): { category: string; rule: string; quote: string }[] {
  const text = `---\nkind: ${kind}\n---\n\n# Test document\n\n${body}\n`;
  return analyze(text).findings.map((f) => ({ category: f.category, rule: f.rule, quote: text.slice(f.start, f.end) }));
}
export const redLines = (kind: DocumentKind, body: string) => found(kind, body).filter((f) => f.category === "red-line").map((f) => f.quote);
export const loopholes = (kind: DocumentKind, body: string) => found(kind, body).filter((f) => f.category === "loophole").map((f) => f.quote);
/** The whole sentence is reported as a red line. */
export const isRedLine = (kind: DocumentKind, sentence: string) => redLines(kind, sentence).includes(sentence);
