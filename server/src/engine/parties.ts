// The document's own names for the parties and the start date, so that an inserted clause
// or a narrowing redline says "the Authority" and "the Commencement Date" where the
// contract does, and a `[[…]]` placeholder only where the document has chosen nothing.

import type { PolicyDocument } from "./model";

export type PartyRole = "customer" | "supplier" | "startDate";
export type PartyTerms = Partial<Record<PartyRole, string>>;

// The last word (or the whole) of a defined term decides its role.
const ROLE_WORDS: Record<PartyRole, RegExp> = {
  customer: /^(?:customer|buyer|client|purchaser|authority|licensee|controller|agency|department|ministry|bank|financial entity|entity|contracting authority|city|council|municipality|board)$/i,
  supplier: /^(?:supplier|provider|service provider|contractor|vendor|processor|licensor|service supplier)$/i,
  startDate: /^(?:effective|commencement|start|contract start|service commencement|go-live) date$/i,
};

/** The role a placeholder or defined term names ("Customer", "Service Provider", "Effective Date"), if any. */
export function partyRole(name: string): PartyRole | undefined {
  const n = name.trim().replace(/^the\s+/i, "");
  for (const role of Object.keys(ROLE_WORDS) as PartyRole[]) {
    if (ROLE_WORDS[role].test(n)) return role;
    const last = /(\S+(?: date)?)$/i.exec(n)?.[1];
    if (role !== "startDate" && last && ROLE_WORDS[role].test(last)) return role;
  }
  return undefined;
}

// `(the "Customer")`, `(hereinafter “Supplier”)`, `"Effective Date" means`, and (bold markers
// are blanked in the prose) `**Customer** means` at the start of a line or item.
const TERM = String.raw`([A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*){0,3})`;
const DEFINITION = new RegExp(
  String.raw`\([^()\n]{0,40}?["“]${TERM}["”][ \t]*\)|["“]${TERM}["”][ \t]+(?:means|shall mean|refers to)\b|^[ \t]*${TERM}[ \t]+(?:means|shall mean)\b`,
  "gm",
);
// A capitalised role noun used as a name: "the Customer", "the Service Provider".
const NAMED = /\b[Tt]he[ \t]+((?:Contracting[ \t]+|Service[ \t]+|Financial[ \t]+)?(?:Customer|Buyer|Client|Purchaser|Authority|Licensee|Controller|Agency|Department|Ministry|City|Council|Municipality|Board|Bank|Supplier|Provider|Contractor|Vendor|Processor|Licensor|Entity))\b|\b((?:Effective|Commencement|Start|Go-Live)[ \t]+Date)\b|\b(Customer|Client|Authority|Buyer|City)[ \t]+Data\b/g;

const cache = new WeakMap<PolicyDocument, PartyTerms>();

/**
 * The document's terms for the customer, the supplier and the start date: a defined term
 * (quoted in a definition) first, else the role noun the document uses most as a name.
 * Code and comments are not read (the prose mask keeps quotes and words in place).
 */
export function documentParties(doc: PolicyDocument): PartyTerms {
  let found = cache.get(doc);
  if (found) return found;
  found = {};
  const prose = doc.prose;
  for (const m of prose.matchAll(DEFINITION)) {
    const term = (m[1] ?? m[2] ?? m[3]).replace(/\s+/g, " ");
    const role = partyRole(term);
    if (role && !found[role]) found[role] = term;
  }
  const counts = new Map<string, number>();
  for (const m of prose.matchAll(NAMED)) {
    const term = (m[1] ?? m[2] ?? m[3]).replace(/\s+/g, " ");
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  for (const [term] of [...counts].sort((a, b) => b[1] - a[1])) {
    const role = partyRole(term);
    if (role && !found[role]) found[role] = term;
  }
  cache.set(doc, found);
  return found;
}

/**
 * Fills `{Customer}`, `{Supplier}` and `{Effective Date}` in a wording with the document's
 * terms; a role the document never names becomes a `[[Customer]]` marker to fill in.
 */
export function fillParties(wording: string, parties: PartyTerms): string {
  return wording.replace(/\{([A-Za-z][\w -]*)\}/g, (whole, name: string) => {
    const role = partyRole(name);
    return role ? (parties[role] ?? `[[${name}]]`) : whole;
  });
}
