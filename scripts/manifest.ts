// Writes the parts of package.json that come from the engine (npm run manifest): the
// `policyLens.profile` setting's choices and their descriptions, and the walkthrough's page on
// profiles (media/walkthrough/profiles.md), from the built-in profiles.
// test/extension-manifest.test.ts fails when package.json is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUILTIN_PROFILES } from "../server/src/engine/config/profiles";

export const NO_PROFILE_DESCRIPTION = "No profile: the built-in defaults, unless a .policylens.yaml or the document's front matter names one.";

/** The setting's `enum` and `enumDescriptions`: no profile first, then each built-in profile. */
export function profileEnum(): { enum: string[]; enumDescriptions: string[] } {
  const names = Object.keys(BUILTIN_PROFILES);
  return { enum: ["", ...names], enumDescriptions: [NO_PROFILE_DESCRIPTION, ...names.map((n) => BUILTIN_PROFILES[n].description ?? n)] };
}

export const PROFILES_PAGE = join(__dirname, "..", "media", "walkthrough", "profiles.md");

/** The walkthrough's page on profiles: each built-in profile, its description and what it requires. */
export function profilesPage(): string {
  const lines = [
    "# Choose a profile",
    "",
    "A profile is a policy pack: which terms a document must contain and how severe each finding is.",
    "Set `policyLens.profile` for your documents, or `profile:` in a `.policylens.yaml` (which wins),",
    "or in a document's front matter (which wins over both). Without one, every contract must still",
    "have an exit strategy and a data-residency term.",
    "",
  ];
  for (const [name, p] of Object.entries(BUILTIN_PROFILES)) {
    lines.push(`## \`${name}\``, "", p.description ?? "", "");
    for (const [kind, terms] of Object.entries(p.requiredTerms ?? {})) lines.push(`- a ${kind} must have: ${(terms as string[]).join(", ")}`);
    for (const [kind, topics] of Object.entries(p.requiredRedLines ?? {})) lines.push(`- a ${kind} must rule out: ${(topics as string[]).join(", ")}`);
    lines.push("");
  }
  return lines.join("\n");
}

if (require.main === module) {
  writeFileSync(PROFILES_PAGE, profilesPage());
  const path = join(__dirname, "..", "package.json");
  const manifest = JSON.parse(readFileSync(path, "utf8"));
  const setting = manifest.contributes.configuration.properties["policyLens.profile"];
  Object.assign(setting, profileEnum());
  delete setting.examples;
  writeFileSync(path, JSON.stringify(manifest, null, 2) + "\n");
  console.log(`wrote the policyLens.profile choices into ${path}`);
}
