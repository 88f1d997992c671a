import { test } from "node:test";
import assert from "node:assert/strict";
import { analyze, TERMS } from "../server/src/engine";
import { BUILTIN_PROFILES } from "../server/src/engine/config/profiles";
import { modelClausesFor } from "../server/src/engine/config/clauses";

// A model clause that the quick fix inserts must itself satisfy the term it is for:
// otherwise the fix leaves its own "missing" diagnostic behind.

function contractWith(clause: string): string {
  // Placeholders as the fix writes them for clients without snippets.
  const body = clause.replace(/\$\{\d+:([^}]*)\}/g, "[[$1]]");
  return `---\nkind: contract\n---\n\n# Contract\n\n## 1. Terms\n\n1.1 ${body}\n`;
}

const profiles = [undefined, ...Object.keys(BUILTIN_PROFILES)];
for (const profile of profiles) {
  for (const term of TERMS) {
    let clauses;
    try {
      clauses = modelClausesFor(term, undefined, profile).clauses;
    } catch {
      continue;
    }
    clauses.forEach((clause, i) => {
      test(`${profile ?? "built-in"} model clause ${i + 1} for ${term} satisfies ${term}`, () => {
        const analysis = analyze(contractWith(clause.body));
        assert.ok(analysis.presentTerms.has(term), `${term} not found in: ${clause.body}`);
      });
    });
  }
}
