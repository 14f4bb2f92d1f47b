/**
 * Stores opened from one dump (a template, as the tests' stores are): each is its own database, and the dump's bytes,
 * handed to PGlite without a copy, are the same after as before, so the next store starts from the same template.
 */
import { createHash } from 'node:crypto';
import { openPgliteFrom, pgliteDump, SMALL_SHARED_BUFFERS } from '../../src/store/pglite-db.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

it('opens independent stores from one dump and leaves the dump as it was', async () => {
  const dump = await pgliteDump(async (db) => {
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, v text)');
    await db.query('INSERT INTO t VALUES (1, $1)', ['template']);
  });
  const before = sha(dump);
  const a = await openPgliteFrom(dump, { sharedBuffers: SMALL_SHARED_BUFFERS });
  const b = await openPgliteFrom(dump, { sharedBuffers: SMALL_SHARED_BUFFERS });
  try {
    await a.query("UPDATE t SET v = 'changed in a'");
    await a.query("INSERT INTO t VALUES (2, 'only in a')");
    expect(await b.query('SELECT id, v FROM t ORDER BY id')).toEqual([{ id: 1, v: 'template' }]);
    expect(await a.query('SELECT id, v FROM t ORDER BY id')).toEqual([
      { id: 1, v: 'changed in a' },
      { id: 2, v: 'only in a' },
    ]);
  } finally {
    await a.close();
    await b.close();
  }
  expect(sha(dump)).toBe(before);
  const c = await openPgliteFrom(dump, { sharedBuffers: SMALL_SHARED_BUFFERS });
  try {
    expect(await c.query('SELECT id, v FROM t ORDER BY id')).toEqual([{ id: 1, v: 'template' }]);
  } finally {
    await c.close();
  }
});
