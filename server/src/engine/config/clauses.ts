import type { TermId } from "../types";
import { settingsFor, type ClauseEntry } from "./resolve";
import type { ModelClause, PolicyConfig } from "./schema";

/**
 * The clause library: the wording a quick fix inserts for a missing or weak term. The
 * config's top-level `clauses` win, then the profile's (a profile before the ones it
 * extends), then the built-in model clause. `profile` is the document's profile (front
 * matter); without it the config's default profile applies. Throws ProfileError for a
 * profile neither built in nor defined in the config.
 */
export function modelClausesFor(term: TermId, config?: PolicyConfig, profile?: string): ClauseEntry {
  return settingsFor(config, profile ?? config?.profile).clauses[term];
}

/** The default clause for a term: the first of modelClausesFor. */
export function modelClauseFor(term: TermId, config?: PolicyConfig, profile?: string): ModelClause {
  return modelClausesFor(term, config, profile).clauses[0];
}
