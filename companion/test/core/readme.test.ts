/** The README documents every writeback item field: its reference is the one generated from the schemas. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writebackItemReference } from '../../src/writeback/item-reference.js';

it("keeps the README's writeback item reference the generated one", () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const reference = writebackItemReference();
  expect(reference).toContain('`activity.relatedTo.personRoxId`');
  expect(readme).toContain(reference);
});
