/**
 * Word families for the sovereignty-term rules, built from lemmas so a rule names a verb
 * once and matches every form of it ("hand back", "hands back", "handed back"): real
 * authors write obligations in plain words and in any tense.
 */

// Forms that the regular rules below would get wrong.
const IRREGULAR: Record<string, string[]> = {
  give: ["give", "gives", "gave", "given", "giving"],
  hold: ["hold", "holds", "held", "holding"],
  keep: ["keep", "keeps", "kept", "keeping"],
  send: ["send", "sends", "sent", "sending"],
  run: ["run", "runs", "ran", "running"],
  ship: ["ship", "ships", "shipped", "shipping"],
  transfer: ["transfer", "transfers", "transferred", "transferring"],
  shred: ["shred", "shreds", "shredded", "shredding"],
  take: ["take", "takes", "took", "taken", "taking"],
};

/** Every form of regular English verbs: "erase" → erase|erases|erased|erasing. */
export function verbForms(...lemmas: string[]): string {
  const forms = new Set<string>();
  for (const lemma of lemmas) {
    const irregular = IRREGULAR[lemma];
    if (irregular) {
      irregular.forEach((f) => forms.add(f));
      continue;
    }
    forms.add(lemma);
    if (lemma.endsWith("e")) {
      forms.add(`${lemma}s`).add(`${lemma}d`).add(`${lemma.slice(0, -1)}ing`);
    } else if (/[^aeiou]y$/.test(lemma)) {
      forms.add(`${lemma.slice(0, -1)}ies`).add(`${lemma.slice(0, -1)}ied`).add(`${lemma}ing`);
    } else if (/(?:s|sh|ch|x|z)$/.test(lemma)) {
      forms.add(`${lemma}es`).add(`${lemma}ed`).add(`${lemma}ing`);
    } else {
      forms.add(`${lemma}s`).add(`${lemma}ed`).add(`${lemma}ing`);
    }
  }
  return [...forms].join("|");
}

/** Handing data back or on to someone: the return half of an exit. */
export const RETURN_VERBS = verbForms("return", "hand", "give", "deliver", "transfer", "export", "surrender", "migrate", "repatriate", "ship");

/** Making data unrecoverable: the deletion half of an exit (British and American spelling). */
export const ERASE_VERBS = verbForms("erase", "delete", "destroy", "purge", "wipe", "remove", "sanitise", "sanitize", "shred", "expunge");

/** Moving data somewhere: what a residency promise forbids or a permission allows. */
export const MOVE_VERBS = verbForms("move", "transfer", "send", "export", "relocate", "migrate", "ship", "copy", "replicate", "transmit", "take");

/** Running a service from a place. */
export const OPERATE_VERBS = verbForms("operate", "run", "provide", "host", "deliver", "manage", "serve", "administer");

/**
 * The customer's data as a contract names it; not "information" or "materials", which are as
 * often a party's confidential information or a licence's materials as the customer's data.
 */
export const DATA_NOUNS = "data|content|records|record|files|datasets|backups|logs|archive|archives";

/** The end of the contract, as an event ("when the agreement ends", "on expiry"); not a bare "end" ("end users"). */
export const CONTRACT_END = "expiry|expiration|termination|terminates|terminated|expires|expired|ends|ended|exit|cessation|offboarding|wind-down";

/** Where systems keep data: deleting from these is deletion of the customer's data, not of a document. */
export const SYSTEM_NOUNS = "systems|system|servers|server|storage|backups|infrastructure|environments|environment|platform|platforms|databases|database|media";

/** Keeping data somewhere. */
export const KEEP_VERBS = verbForms("keep", "hold", "store", "retain", "maintain", "host", "process");
