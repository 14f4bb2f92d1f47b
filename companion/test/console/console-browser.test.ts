/**
 * The admin console as an admin uses it, in real Chromium against the real companion (its HTTP API, sessions and
 * static files) and the local org (its OAuth pages, CRM data and writes): sign in; connect an org through OAuth in a
 * popup and see it Ready; revoke its token in the org and see Action Required with the fix, then re-authenticate;
 * change CRM mappings (a formula field refused next to its row, fixed, saved, kept after a reload; a static value
 * from a picklist; unsaved changes kept across tabs and guarded when leaving); the setup check; turn on email
 * writeback and Lead Resolution, send an activity through the API and see it written in the ledger; sync and see the
 * rows; disconnect after a confirmation naming what is deleted. Each screen: no page error, no CSP violation, no
 * serious or critical axe-core violation (at 1280 px; at 390 px too where the layout changes most), screenshots at
 * 1280 and 390 px (tmp/console-screenshots) with no sideways scrolling at 390.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type TestCompanion, startCompanion } from '../support/companion.js';
import { axeViolations, type ConsolePage, launch, NarrowPage, openConsole, screenshot, unexpected } from './console-page.js';

jest.setTimeout(120_000);

let t: TestCompanion;
let browser: Browser;
let s: ConsolePage;
let page: Page;
let connectionId: string;
let phone: NarrowPage;

/**
 * Checks a screen the way every screen is checked: axe-core and a screenshot at 1280 px; a screenshot and no sideways
 * scrolling at 390 px (axe-core there too for the first screen, where the navigation takes its phone layout).
 */
async function checkScreen(name: string, hash: string, ready: (p: Page) => Promise<unknown>, axeNarrow = false) {
  const wide = await screenshot(page, `${name}-1280`);
  expect(wide.overflow).toBeLessThanOrEqual(0);
  expect(await axeViolations(page)).toEqual([]);
  const small = await phone.show(hash, name, ready, await s.context.cookies());
  expect(small.overflow).toBeLessThanOrEqual(0);
  if (axeNarrow) expect(await axeViolations(small.page)).toEqual([]);
}

async function goTo(pageName: string) {
  await page.locator(`nav a[data-page="${pageName}"]`).click();
  await page.locator(`[data-id="page"][data-page="${pageName}"]`).waitFor();
}

async function loginInPopup(click: () => Promise<void>) {
  const [popup] = await Promise.all([s.context.waitForEvent('page'), click()]);
  // The local org approves at once and sends the popup to the companion's callback page.
  await popup.waitForURL(/\/oauth\/callback/);
  await expect(popup.locator('body').textContent()).resolves.toContain('Rox is connected');
  await popup.close();
}

/** Clicks Save and expects the message it ends with (not the one shown while saving). */
async function save(expected: RegExp) {
  await page.locator('[data-id="save"] button').click();
  const message = page.locator('[data-id="message"]').filter({ hasNotText: /^(Saving|Checking) …$/ });
  await message.waitFor();
  const text = (await message.textContent())!.trim();
  const problems = await page.locator('[data-id="row-problem"], [data-id="tab-problems-list"] li').allTextContents();
  expect({ text, problems }).toEqual({ text: expect.stringMatching(expected), problems: /Not saved/.test(text) ? problems : [] });
}

const card = (name: string) => page.locator(`[data-id="connection"][data-name="${name}"]`);

beforeAll(async () => {
  // npm test builds the console first; run alone, this builds it when a source changed (a no-op otherwise).
  execFileSync(process.execPath, [join(__dirname, '../../console/build.mjs')], { stdio: 'pipe' });
  // Side by side; whichever started is closed in afterAll even when the other failed.
  const [companion, chromium] = await Promise.allSettled([startCompanion('postgres', {}, { crmSeed: {} }), launch()]);
  if (companion.status === 'fulfilled') t = companion.value;
  if (chromium.status === 'fulfilled') browser = chromium.value;
  for (const r of [companion, chromium]) if (r.status === 'rejected') throw r.reason;
  s = await openConsole(browser, `${t.url}/console/`);
  phone = new NarrowPage(browser, t.url);
  page = s.page;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it('signs in with an admin key, and names the problem with a wrong one', async () => {
  await page.locator('[data-id="key"] input').fill('rox_key_000000000000_wrong');
  await page.locator('[data-id="submit"] button').click();
  await expect(page.locator('[data-id="error"]').textContent()).resolves.toMatch(/not valid/);
  await screenshot(page, 'sign-in-1280');
  expect(await axeViolations(page)).toEqual([]);

  await page.locator('[data-id="key"] input').fill(t.adminKey);
  await page.locator('[data-id="submit"] button').click();
  await page.locator('[data-id="empty"]').waitFor();
  await expect(page.locator('[data-id="key-name"]').textContent()).resolves.toContain('test admin');
  const cookie = (await s.context.cookies()).find((c) => c.name === 'rox_console')!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  // The key itself is nowhere in the page.
  expect(await page.content()).not.toContain(t.adminKey);
});

it('connects an org through the local org’s OAuth pages and shows it Ready', async () => {
  await page.locator('[data-id="connect-org"] button').click();
  await page.locator('[data-id="new-name"] input').fill('acme');
  await loginInPopup(() => page.locator('[data-id="start-login"] button').click());
  await card('acme').locator('[data-id="state"]', { hasText: 'Ready' }).waitFor();
  await expect(card('acme').locator('[data-id="user"]').textContent()).resolves.toBe(
    t.lo.org.users.integration.username,
  );
  connectionId = (await t.api('GET', '/v1/connections')).json.connections[0].id;
  await checkScreen(
    'connections',
    '#/connections',
    (p) => p.locator('[data-id="connection"] [data-id="state"]', { hasText: 'Ready' }).waitFor(),
    true,
  );
});

it('shows Action Required with the cause and the fix after the token is revoked, and re-authenticates', async () => {
  const secrets = await t.svc.connectionStore.secrets(connectionId);
  t.lo.org.revokeRefreshToken(secrets.refreshToken!);
  t.lo.org.expireSessions();
  await card('acme').locator('[data-action="verify"] button').click();
  await card('acme').locator('[data-id="state"]', { hasText: 'Action Required' }).waitFor();
  await expect(card('acme').locator('[data-id="cause"]').textContent()).resolves.toMatch(/Log in again/);
  await expect(card('acme').locator('[data-id="fix"]').textContent()).resolves.toMatch(/Re-authenticate/);
  await screenshot(page, 'connections-action-required-1280');
  expect(await axeViolations(page)).toEqual([]);

  await loginInPopup(() => card('acme').locator('[data-action="reauthenticate"] button').click());
  await card('acme').locator('[data-id="state"]', { hasText: 'Ready' }).waitFor();
  expect(await card('acme').locator('[data-id="fix"]').count()).toBe(0);
});

const row = (i: number) => page.locator('[data-id="field-row"]').nth(i);

it('refuses a formula field as Read and Write next to its row, saves once fixed, and keeps it after a reload', async () => {
  await goTo('mappings');
  await page.locator('[data-id="field-row"]').first().waitFor();
  const before = await page.locator('[data-id="field-row"]').count();

  // A new row, chosen with the keyboard: the Rox field, then the Salesforce field searched by its label.
  await page.locator('[data-id="add-mapping"] button').click();
  const added = row(before);
  await added.locator('[data-id="rox-field"] button, [data-id="rox-field"] input').first().click();
  await page.getByRole('option', { name: /LinkedIn URL \(linkedin_url\)/ }).click();
  const picker = added.locator('[data-id="salesforce-field"] input');
  await picker.fill('Employee B');
  await expect(added.locator('[data-id="salesforce-field"] [role="option"]').first().textContent()).resolves.toMatch(/Employee_Band__c · string \(formula\) · can read$/);
  await picker.press('Enter');
  await expect(picker.inputValue()).resolves.toBe('Employee_Band__c');
  await added.locator('[data-id="mode"] button, [data-id="mode"] input').first().click();
  await added.getByRole('option', { name: 'Read and Write' }).click();

  // Unsaved changes survive switching tabs.
  await page.getByRole('tab', { name: 'Leads' }).click();
  await page.getByRole('tab', { name: 'Accounts' }).click();
  await expect(page.locator('[data-id="field-row"]').count()).resolves.toBe(before + 1);

  await save(/Not saved: 1 problem/);
  await expect(added.locator('[data-id="row-problem"]').textContent()).resolves.toMatch(/Employee_Band__c.*formula/);
  await expect(page.locator('[data-id="tab-problems"]').first().textContent()).resolves.toMatch(/^1/);
  await checkScreen('mappings-problem', `#/mappings/${connectionId}`, (p) => p.locator('[data-id="field-row"]').first().waitFor(), true);

  // Fixed: the formula field is read only; another field becomes Read and Write.
  await added.locator('[data-id="mode"] button, [data-id="mode"] input').first().click();
  await added.getByRole('option', { name: 'Read Only' }).click();
  const city = page.locator('[data-id="field-row"][data-field="BillingCity"]');
  await city.locator('[data-id="mode"] button, [data-id="mode"] input').first().click();
  await city.getByRole('option', { name: 'Read and Write' }).click();
  await save(/^Saved/);

  await page.reload();
  await page.locator('[data-id="field-row"]').first().waitFor();
  const saved = (await t.api('GET', `/v1/connections/${connectionId}/mappings`)).json.config.accounts.fieldMappings;
  expect(saved).toEqual(
    expect.arrayContaining([
      { roxField: 'linkedin_url', salesforceField: 'Employee_Band__c', mode: 'read_only' },
      { roxField: 'billing_city', salesforceField: 'BillingCity', mode: 'read_write' },
    ]),
  );
  await expect(page.locator('[data-id="salesforce-field"] input').nth(before).inputValue()).resolves.toBe('Employee_Band__c');
});

it('adds a custom Rox field (+ Add Field) and a static value chosen from the field’s picklist values', async () => {
  await page.locator('[data-id="add-field"] button').click();
  await page.locator('[data-id="new-field-label"] input').fill('Health score');
  await page.locator('[data-id="new-field-type"] button, [data-id="new-field-type"] input').first().click();
  await page.locator('[data-id="new-field"]').getByRole('option', { name: 'number', exact: true }).click();
  await page.locator('[data-id="create-field"] button').click();
  await page.locator('[data-id="custom-field"][data-key="custom_health_score"]').waitFor();

  await page.locator('[data-id="add-static"] button').click();
  const added = page.locator('[data-id="static-row"]').last();
  await added.locator('[data-id="static-field"] input').fill('Ownership');
  await added.locator('[data-id="static-field"] input').press('Enter');
  await added.locator('[data-id="static-value"] button, [data-id="static-value"] input').first().click();
  await added.getByRole('option', { name: 'Private' }).click();
  await save(/^Saved/);
  const accounts = (await t.api('GET', `/v1/connections/${connectionId}/mappings`)).json.config.accounts;
  expect(accounts.staticValues).toEqual([{ salesforceField: 'Ownership', value: 'Private', applyOn: 'create' }]);
  expect(accounts.customRoxFields).toEqual([{ key: 'custom_health_score', label: 'Health score', type: 'number' }]);
});

it('moves between tabs and switches with the keyboard, and asks before leaving unsaved changes', async () => {
  // The tab list as ARIA describes it: arrows move, End goes to the last tab; Space flips a switch.
  await page.getByRole('tab', { name: 'Accounts' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Opportunities' }).getAttribute('aria-selected')).resolves.toBe('true');
  await page.keyboard.press('End');
  const activities = page.getByRole('tab', { name: 'Activities' });
  await expect(activities.getAttribute('aria-selected')).resolves.toBe('true');
  expect(await activities.evaluate((el) => el === (el.getRootNode() as any).activeElement)).toBe(true);
  const email = page.locator('[data-id="activity-type"]').first().locator('input');
  await email.focus();
  await page.keyboard.press('Space');
  expect(await email.isChecked()).toBe(true);
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.locator('nav a[data-page="sync"]').click();
  expect(asked).toMatch(/unsaved changes/);
  await expect(page.locator('[data-id="page"]').getAttribute('data-page')).resolves.toBe('mappings');
});

it('turns on email writeback and Lead Resolution, shows an activity sent through the API written in the ledger, and replays a failed write', async () => {
  await page.locator('[data-id="lead-resolution"] input').check({ force: true });
  await save(/^Saved/);
  const activities = (await t.api('GET', `/v1/connections/${connectionId}/mappings`)).json.config.activities;
  expect(activities).toMatchObject({ writeback: { email: true }, leadResolution: true });

  const [lead] = t.lo.org.query(
    t.lo.org.users.admin.id,
    "SELECT Email FROM Lead WHERE IsConverted = false AND Email LIKE '%.lead7@%'",
  );
  const sent = await t.api('POST', `/v1/connections/${connectionId}/writebacks`, {
    body: {
      items: [
        {
          type: 'activity',
          activity: {
            kind: 'email',
            roxActivityId: 'console-email-1',
            subject: 'Following up',
            body: 'Body text',
            occurredAt: '2026-11-20T10:00:00Z',
            direction: 'outbound',
            participants: [
              { email: 'rep@rox.example', role: 'from' },
              { email: lead.Email as string, role: 'to' },
            ],
          },
        },
        // An update of an Account that does not exist in the org: it fails with Salesforce's error.
        {
          type: 'update',
          object: 'Account',
          roxId: 'console-gone',
          salesforceId: '001000000000999AAA',
          changedAt: new Date().toISOString(),
          fields: { phone: '+1 555 0100' },
        },
      ],
    },
  });
  expect(sent.status).toBe(202);
  await t.svc.worker.drain(connectionId);

  await goTo('writebacks');
  const written = page.locator('[data-id="ledger-row"][data-object="Task"][data-state="written"]');
  await written.waitFor();
  await expect(written.locator('[data-id="outcome"]').textContent()).resolves.not.toBe('');
  // Failed ones only: the update, with Salesforce's error and Replay, which queues it again.
  await page.locator('[data-id="filter-state"] button, [data-id="filter-state"] input').first().click();
  await page.getByRole('option', { name: 'failed' }).click();
  const failed = page.locator('[data-id="ledger-row"][data-state="failed"]');
  await failed.waitFor();
  expect(await page.locator('[data-id="ledger-row"]').count()).toBe(1);
  await expect(failed.locator('[data-id="outcome"]').textContent()).resolves.toMatch(/RECORD_NOT_FOUND/);
  await failed.getByRole('button', { name: 'Replay' }).click();
  await page.locator('[data-id="ledger-row"][data-object="Account"][data-state="queued"]').waitFor();
  // Accounts only, in the last hour: the update and not the Task.
  await page.locator('[data-id="filter-state"] button, [data-id="filter-state"] input').first().click();
  await page.getByRole('option', { name: 'All states' }).click();
  await page.locator('[data-id="filter-object"] button, [data-id="filter-object"] input').first().click();
  await page.getByRole('option', { name: 'Account' }).click();
  await page.locator('[data-id="filter-time"] button, [data-id="filter-time"] input').first().click();
  await page.getByRole('option', { name: 'Last hour' }).click();
  await page.locator('[data-id="ledger-row"][data-object="Account"]').waitFor();
  expect(await page.locator('[data-id="ledger-row"][data-object="Task"]').count()).toBe(0);
  await page.locator('[data-id="filter-object"] button, [data-id="filter-object"] input').first().click();
  await page.getByRole('option', { name: 'All objects' }).click();
  await written.waitFor();
  await checkScreen('writebacks', `#/writebacks/${connectionId}`, (p) => p.locator('[data-id="ledger-row"]').first().waitFor());
});

it('runs a sync and shows the rows per object', async () => {
  await goTo('sync');
  await page.locator('[data-id="sync-now"] button').click();
  await page.locator('[data-id="result"]', { hasText: /Sync finished/ }).waitFor({ timeout: 60_000 });
  const accounts = page.locator('[data-id="sync-row"][data-object="Account"] [data-id="rows"]');
  const status = (await t.api('GET', `/v1/connections/${connectionId}/sync`)).json;
  const stored = status.objects.find((o: { object: string }) => o.object === 'Account').rows;
  expect(stored).toBeGreaterThan(100);
  expect(Number((await accounts.textContent())!.replace(/,/g, ''))).toBe(stored);
  await checkScreen('sync', `#/sync/${connectionId}`, (p) => p.locator('[data-id="sync-row"]').first().waitFor());
});

it('shows the setup check with the Rox Setup tab’s rows and fixes', async () => {
  await goTo('setup');
  await page.locator('[data-id="summary"]').waitFor();
  const doctor = (await t.api('GET', `/v1/connections/${connectionId}/doctor`)).json;
  expect(await page.locator('[data-id="check"]').count()).toBe(doctor.rows.length);
  // A problem's link opens its page in the org's Setup, named as the Rox Setup tab names it.
  const problem = doctor.rows.find((r: { status: string; setupUrl?: string }) => r.status !== 'pass' && r.setupUrl);
  const link = page.locator(`[data-check="${problem.id}"] [data-id="setup-link"]`);
  await expect(link.getAttribute('href')).resolves.toBe(problem.setupUrl);
  expect(problem.setupUrl.startsWith(t.lo.instanceUrl)).toBe(true);
  await expect(link.textContent()).resolves.toBe(`Open ${problem.setupLabel}: ${problem.title}`);
  await checkScreen('setup-check', `#/setup/${connectionId}`, (p) => p.locator('[data-id="summary"]').waitFor());
});

it('disconnects after a confirmation that names what will be deleted', async () => {
  await goTo('connections');
  await card('acme').locator('[data-action="disconnect"] button').click();
  const dialog = page.locator('[data-id="disconnect-dialog"]');
  await expect(dialog.locator('[data-id="will-delete"]').textContent()).resolves.toMatch(/synced records/);
  await expect(dialog.locator('[data-id="confirm-disconnect"] button').isDisabled()).resolves.toBe(true);
  await screenshot(page, 'disconnect-1280');
  expect(await axeViolations(page)).toEqual([]);
  await dialog.locator('[data-id="confirm-name"] input').fill('acme');
  await dialog.locator('[data-id="confirm-disconnect"] button').click();
  await page.locator('[data-id="empty"]').waitFor();
  expect((await t.api('GET', '/v1/connections')).json.connections).toEqual([]);
});

it('saw no page error, no failed request and no Content-Security-Policy violation', () => {
  expect(unexpected(s.problems)).toEqual([]);
});
