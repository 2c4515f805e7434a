// Writes seo-ai.config.schema.json at the repository root from the built code (npm run schema
// builds first). The test in src/cli/config-schema.test.ts fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText } from '../dist/src/cli/config-schema.js';

const file = fileURLToPath(new URL('../seo-ai.config.schema.json', import.meta.url));
writeFileSync(file, configJsonSchemaText());
console.log(`wrote ${file}`);
