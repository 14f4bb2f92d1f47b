// Prints the README's configuration table from the companion's config schema:
//   npx tsx scripts/config-table.ts
// (companion/test/core/config.test.ts fails when the README and the schema disagree.)
import { configTable } from '../companion/src/config/load-config.js';

const rows = configTable();
const lines = ['| Variable | Default | Meaning |', '| --- | --- | --- |'];
for (const r of rows) lines.push(`| \`${r.key}\` | ${r.default ? `\`${r.default}\`` : ''} | ${r.description.replace(/\|/g, '\\|')} |`);
process.stdout.write(`${lines.join('\n')}\n`);
