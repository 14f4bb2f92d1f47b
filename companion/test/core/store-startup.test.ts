/** Start-up errors name the part at fault: an unreachable or wrong DATABASE_URL says it is the database. */
import { openStore } from '../../src/store/open-store.js';

it.each([
  ['nothing listens on the port', 'postgres://postgres@127.0.0.1:1/test', 'nothing accepts connections there'],
  ['the host does not resolve', 'postgres://postgres@no-such-host.invalid:5432/test', 'the host name does not resolve'],
  ['the database does not exist', 'postgres://postgres@127.0.0.1:5432/no_such_db_rox', 'the database does not exist'],
])('says the database is at fault when %s', async (_what, url, why) => {
  const e = await openStore({ databaseUrl: url }).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  const message = (e as Error).message;
  expect(message).toContain('Cannot reach the database of DATABASE_URL');
  expect(message).toContain(new URL(url).hostname);
  expect(message).toContain(why);
});

it('says DATABASE_URL is not a URL when it is not one', async () => {
  await expect(openStore({ databaseUrl: 'postgres://%%%' })).rejects.toMatchObject({
    code: expect.stringMatching(/STORE_UNAVAILABLE|CONFIG_INVALID/),
    message: expect.stringContaining('DATABASE_URL'),
  });
});
