// Writes schemas/policylens.schema.json from the zod config schema (npm run schema).
// test/config-schema.test.ts fails when the committed file is stale.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { configJsonSchema } from "../server/src/engine/config/jsonSchema";

export const SCHEMA_PATH = join(__dirname, "..", "schemas", "policylens.schema.json");

export function schemaText(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + "\n";
}

if (require.main === module) {
  mkdirSync(join(__dirname, "..", "schemas"), { recursive: true });
  writeFileSync(SCHEMA_PATH, schemaText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
