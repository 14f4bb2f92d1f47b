/**
 * The tests' stores open from one dump of a migrated store (a template): each is its own database, and the dump's
 * bytes, handed to PGlite without a copy, are the same after as before, so the next store starts from the same
 * template.
 */
import { createHash } from 'node:crypto';
import { openPgliteFrom, SMALL_SHARED_BUFFERS } from '../../src/store/pglite-db.js';
import { pgliteTemplate } from '../support/engines.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const probe = 'SELECT id, v FROM template_probe ORDER BY id';

it('opens independent stores from one dump and leaves the dump as it was', async () => {
  const dump = await pgliteTemplate(true);
  const before = sha(dump);
  const a = await openPgliteFrom(dump, { sharedBuffers: SMALL_SHARED_BUFFERS });
  const b = await openPgliteFrom(dump, { sharedBuffers: SMALL_SHARED_BUFFERS });
  try {
    await a.exec("CREATE TABLE template_probe (id int PRIMARY KEY, v text); INSERT INTO template_probe VALUES (1, 'a')");
    await b.exec("CREATE TABLE template_probe (id int PRIMARY KEY, v text); INSERT INTO template_probe VALUES (2, 'b')");
    expect(await a.query(probe)).toEqual([{ id: 1, v: 'a' }]);
    expect(await b.query(probe)).toEqual([{ id: 2, v: 'b' }]);
  } finally {
    await a.close();
    await b.close();
  }
  expect(sha(dump)).toBe(before);
  const c = await openPgliteFrom(dump, { sharedBuffers: SMALL_SHARED_BUFFERS });
  try {
    expect(await c.query("SELECT to_regclass('template_probe') AS t")).toEqual([{ t: null }]);
  } finally {
    await c.close();
  }
});
