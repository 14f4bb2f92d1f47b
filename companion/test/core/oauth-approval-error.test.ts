/**
 * When Salesforce refuses to approve the OAuth login (OAUTH_APPROVAL_ERROR_GENERIC: the Rox app is
 * blocked or not installed, as the setup guide says; or the user chose Deny), the callback page,
 * the connection's state and doctor name the cause and the guide's remedy, with a link to Setup →
 * Connected Apps OAuth Usage. Re-authenticating afterwards makes the connection Ready.
 */
import { startCompanion, type TestCompanion } from '../support/companion.js';

let t: TestCompanion;
beforeAll(async () => {
  t = await startCompanion('pglite');
});
afterAll(() => t.close());

async function loginThroughCallback(authorizeUrl: string): Promise<{ status: number; html: string }> {
  const login = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(login.status).toBe(302);
  const callback = await fetch(login.headers.get('location')!, { redirect: 'manual' });
  return { status: callback.status, html: await callback.text() };
}

it('names OAUTH_APPROVAL_ERROR_GENERIC, its remedy and the Setup page everywhere, and recovers', async () => {
  const created = await t.api('POST', '/v1/connections', { body: { authMethod: 'oauth', name: 'blocked-app' } });
  expect(created.status).toBe(201);
  const id = created.json.connection.id;
  const fault = t.lo.org.addFault({ kind: 'approval-error' });
  const page = await loginThroughCallback(created.json.authorizeUrl);
  expect(fault.fired).toBe(1);
  expect(page.status).toBe(400);
  expect(page.html).toContain('OAUTH_APPROVAL_ERROR_GENERIC');
  expect(page.html).toContain('Connected Apps OAuth Usage');
  expect(page.html).toContain(`<a href="${t.lo.loginUrl}/lightning/setup/ConnectedAppsUsage/home">`);

  const status = (await t.api('GET', `/v1/connections/${id}`)).json;
  expect(status).toMatchObject({ state: 'Error', causeCode: 'OAUTH_APPROVAL_ERROR' });
  expect(status.cause).toContain('blocked, or not installed');
  expect(status.cause).toContain('Install');
  expect(status.cause).toContain('Unblock');

  const doctor = await t.api('GET', `/v1/connections/${id}/doctor`);
  expect(doctor.status).toBe(200);
  expect(doctor.json.counts).toEqual({ pass: 0, warning: 0, fail: 1 });
  expect(doctor.json.rows[0]).toMatchObject({
    status: 'fail',
    found: expect.stringContaining('OAUTH_APPROVAL_ERROR_GENERIC'),
    setupUrl: `${t.lo.loginUrl}/lightning/setup/ConnectedAppsUsage/home`,
  });

  // Fixed in Setup: a new login makes it Ready.
  const again = await t.api('POST', `/v1/connections/${id}/reauthorize`, { body: {} });
  expect((await loginThroughCallback(again.json.authorizeUrl)).status).toBe(200);
  expect((await t.api('GET', `/v1/connections/${id}`)).json.state).toBe('Ready');
});

it('says the user chose Deny for access_denied', async () => {
  const created = await t.api('POST', '/v1/connections', { body: { authMethod: 'oauth', name: 'denied' } });
  t.lo.org.addFault({ kind: 'approval-error', oauthError: 'access_denied' });
  const page = await loginThroughCallback(created.json.authorizeUrl);
  expect(page.status).toBe(400);
  expect(page.html).toContain('choose Allow');
  const status = (await t.api('GET', `/v1/connections/${created.json.connection.id}`)).json;
  expect(status).toMatchObject({ state: 'Error', causeCode: 'OAUTH_DENIED', cause: expect.stringContaining('Deny') });
});
