// The pure parts of the first-run commands (commands.ts), testable without VS Code.

/** The built-in profiles as the manifest offers them for `policyLens.profile` (tested against the engine). */
export function profileChoices(packageJSON: { contributes: { configuration: { properties: Record<string, { enum?: string[]; enumDescriptions?: string[] }> } } }): { name: string; description: string }[] {
  const setting = packageJSON.contributes.configuration.properties["policyLens.profile"];
  return (setting.enum ?? []).map((name, i) => ({ name, description: setting.enumDescriptions?.[i] ?? "" }));
}

/** The text of a new .policylens.yaml: the chosen profile, and the other keys as comments. */
export function configTemplate(profile: string, profiles: { name: string }[]): string {
  const names = profiles.map((p) => p.name).filter(Boolean).join(", ");
  return [
    "# Policy Lens settings for the documents in this folder and below (the nearest file wins).",
    "# Every key: https://github.com/policy-lens/policy-lens#configuration-profiles-custom-rules-clauses-suppressions",
    `# Built-in profiles: ${names}.`,
    profile ? `profile: ${profile}` : "# profile: eu-public-sector",
    "",
    "# Severity per category (red-line, loophole, sovereignty, claim, missing-term) or rule id:",
    "# error, warning, information, hint.",
    "# severity:",
    "#   loophole: error",
    "",
    "# Rules or categories to turn off:",
    "# disable: [claim/absolute]",
    "",
    "# Files not to check, relative to this file:",
    "# ignore: [drafts/]",
    "",
  ].join("\n");
}

/** The line of `## rule-id` in docs/rules.md, or undefined if the rule has no section. */
export function ruleHeadingLine(docs: string, rule: string): number | undefined {
  const lines = docs.split(/\r?\n/);
  const at = lines.findIndex((l) => l.trim() === `## ${rule}`);
  return at >= 0 ? at : undefined;
}

/** Rule ids documented in docs/rules.md, in order. */
export function documentedRules(docs: string): string[] {
  return docs.split(/\r?\n/).flatMap((l) => (/^## ([a-z-]+\/[a-z0-9-]+)\s*$/.test(l) ? [l.slice(3).trim()] : []));
}
