import { z } from "zod";
import { configSchema } from "./schema";

/**
 * The JSON Schema editors use for completion and validation of .policylens.yaml/.json,
 * generated from the zod schema so the two cannot drift. `io: "input"` describes what a
 * user writes (defaults make keys optional). Checks zod cannot express in JSON Schema
 * (pattern syntax and cost, known rule ids) still run in the language server.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any", target: "draft-7" });
  return { $id: "https://policy-lens.dev/schemas/policylens.schema.json", title: "Policy Lens configuration", ...schema };
}
