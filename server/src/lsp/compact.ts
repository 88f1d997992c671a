// The findings the server keeps for every open document, with equal values shared.
//
// The engine builds each finding's message (and, for some rules, its explanation and
// reference) afresh, so a 100 KB contract's ~500 findings carry ~500 copies of about 25
// distinct messages: measured at ~80 KB of a document's ~180 KB of findings (the messages
// hold "—", so they are two-byte strings). Sharing them within the document keeps the same
// values, so every feature answers exactly as before.
import type { Finding, RuleReference } from "../engine";

export function shareFindingValues(findings: readonly Finding[]): Finding[] {
  const strings = new Map<string, string>();
  const references = new Map<string, RuleReference>();
  const share = (s: string): string => {
    const kept = strings.get(s);
    if (kept !== undefined) return kept;
    strings.set(s, s);
    return s;
  };
  return findings.map((f) => {
    const out: Finding = { ...f, message: share(f.message) };
    if (f.explanation !== undefined) out.explanation = share(f.explanation);
    if (f.reference !== undefined) {
      const key = `${f.reference.title}\u0000${f.reference.url ?? ""}\u0000${f.reference.url === undefined}`;
      let ref = references.get(key);
      if (!ref) references.set(key, (ref = f.reference));
      out.reference = ref;
    }
    return out;
  });
}
