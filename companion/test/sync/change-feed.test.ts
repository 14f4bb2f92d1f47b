/**
 * The change feed under pages saved side by side (PostgreSQL: two connections). A page that took
 * its change sequences first but commits after a later page must not be skipped by a reader that
 * read the later page in between: the reader stops below every page still in flight. A row lock
 * held from another connection keeps the first page open at will. PostgreSQL only: PGlite is one
 * connection, so its saves cannot overlap.
 */
import pg from 'pg';
import { TokenCipher } from '../../src/security/token-cipher.js';
import { ConnectionStore } from '../../src/store/connection-store.js';
import { SyncStore, type SyncedRecord } from '../../src/store/sync-store.js';
import { openTestDb, type TestDb } from '../support/engines.js';

let testDb: TestDb;
let store: SyncStore;
let conn: string;
const rec = (id: string, Name: string): SyncedRecord => ({
  id,
  systemModstamp: '2026-11-01T10:00:00.000Z',
  isDeleted: false,
  data: { Id: id, Name },
});
const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();

beforeAll(async () => {
  testDb = await openTestDb('postgres');
  store = new SyncStore(testDb.db);
  const cs = new ConnectionStore(testDb.db, new TokenCipher(TokenCipher.generateKey()));
  conn = (await cs.create({ name: 'feed', authMethod: 'oauth', loginUrl: 'https://login.salesforce.com' })).id;
});
afterAll(() => testDb.drop());

it('never lets a reader move past a page that commits after a later one', async () => {
  await store.saveRecords(conn, 'Account', [rec('001A00000000001', 'old')]);
  const [{ seq: cursor }] = (await store.changes(conn, 'Account', 0, 10)).slice(-1);

  // Another connection locks the stored row, so page A (a new row first, then that row) takes
  // its change sequences and then waits, uncommitted.
  const blocker = new pg.Client({ connectionString: testDb.url });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query("SELECT 1 FROM synced_records WHERE id = '001A00000000001' FOR UPDATE");
  const pageA = store.saveRecords(conn, 'Account', [rec('001A00000000002', 'new in A'), rec('001A00000000001', 'A')]);
  await new Promise((r) => setTimeout(r, 300));
  await store.saveRecords(conn, 'Account', [rec('001B00000000001', 'B')]); // page B commits first

  // A reader polls now, moves its cursor to the last change it got, and polls again after A commits.
  const first = await store.changes(conn, 'Account', cursor, 100);
  const next = first.length > 0 ? first[first.length - 1].seq : cursor;
  await blocker.query('COMMIT');
  await blocker.end();
  await pageA;
  const second = await store.changes(conn, 'Account', next, 100);
  expect(ids([...first, ...second])).toEqual(['001A00000000001', '001A00000000002', '001B00000000001']);
  expect(first).toEqual([]); // B was held back while A, holding lower change sequences, was in flight
});
