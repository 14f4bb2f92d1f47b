// The integration user with the System Administrator profile, as the setup guide recommends:
// `createLocalOrg({ integrationUserProfile: 'System Administrator' })` and `npm run org -- --integration-admin`.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningLocalOrg } from '../src/index.js';
import { connect, startOrg } from './helpers.js';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '../../..');

async function profileAndLicense(lo: RunningLocalOrg): Promise<{ profile: string; license: string }> {
  const [u] = lo.org.query(
    lo.org.users.admin.id,
    `SELECT Profile.Name, Profile.UserLicense.Name FROM User WHERE Id = '${lo.org.users.integration.id}'`,
  ) as Array<{ Profile: { Name: string; UserLicense: { Name: string } } }>;
  return { profile: u.Profile.Name, license: u.Profile.UserLicense.Name };
}

async function setRating(lo: RunningLocalOrg): Promise<{ success: boolean; errorCode?: string }> {
  const conn = connect(lo, 'integration');
  const [acc] = (await conn.query<{ Id: string }>('SELECT Id FROM Account LIMIT 1')).records;
  try {
    await conn.sobject('Account').update({ Id: acc.Id, Rating: 'Hot' });
    return { success: true };
  } catch (e) {
    return { success: false, errorCode: (e as { errorCode?: string }).errorCode };
  }
}

describe('integrationUserProfile option', () => {
  let lo: RunningLocalOrg | undefined;
  afterEach(async () => {
    await lo?.close();
    lo = undefined;
  });

  it('by default the integration user has the custom profile and cannot edit Account.Rating', async () => {
    lo = await startOrg();
    expect(await profileAndLicense(lo)).toEqual({ profile: 'Rox Integration User', license: 'Salesforce' });
    expect(await setRating(lo)).toEqual({ success: false, errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' });
  });

  it("'System Administrator' gives it that profile with the Salesforce license, and it can edit Account.Rating", async () => {
    lo = await startOrg({ integrationUserProfile: 'System Administrator' });
    expect(await profileAndLicense(lo)).toEqual({ profile: 'System Administrator', license: 'Salesforce' });
    expect(await setRating(lo)).toEqual({ success: true });
    const conn = connect(lo, 'integration');
    const task = await conn.describe('Task');
    expect(task.fields.map((f) => f.name)).toContain('Type');
  });

  it('gives it every object and field permission the admin has (View All, Modify All, FLS), plus the Rox permission set', async () => {
    lo = await startOrg({ integrationUserProfile: 'System Administrator' });
    const { org } = lo;
    const admin = org.accessFor(org.users.admin.id);
    const integration = org.accessFor(org.users.integration.id);
    for (const obj of org.schema.all()) {
      const a = admin.objectAccess(obj.name);
      expect([obj.name, integration.objectAccess(obj.name)]).toEqual([obj.name, a]);
      for (const fd of obj.fields) {
        const adminField = admin.fieldAccess(obj.name, fd.name);
        const own = integration.fieldAccess(obj.name, fd.name);
        // The Rox permission set adds package fields the admin's profile does not grant (facts §E3).
        expect([`${obj.name}.${fd.name}`, own.read || !adminField.read, own.edit || !adminField.edit]).toEqual([
          `${obj.name}.${fd.name}`,
          true,
          true,
        ]);
      }
    }
    expect(integration.objectAccess('Account')).toMatchObject({ viewAll: true, modifyAll: true });
    expect(integration.fieldAccess('Account', 'Rating')).toEqual({ read: true, edit: true });
    expect(integration.has('ModifyAllData')).toBe(true);
    expect(integration.permissionSetIds).toContain(org.users.permissionSets.Rox_Integration_User_Access);
  });

  it('is applied to a persisted org on the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lo-integration-admin-'));
    try {
      const persistFile = join(dir, 'org.json');
      lo = await startOrg({ persistFile });
      expect((await profileAndLicense(lo)).profile).toBe('Rox Integration User');
      await lo.close();
      lo = await startOrg({ persistFile, integrationUserProfile: 'System Administrator' });
      expect((await profileAndLicense(lo)).profile).toBe('System Administrator');
      expect(await setRating(lo)).toEqual({ success: true });
    } finally {
      await lo?.close();
      lo = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a profile it does not know', async () => {
    await expect(startOrg({ integrationUserProfile: 'Standard User' as never })).rejects.toThrow(
      /integrationUserProfile must be one of Rox Integration User, System Administrator/,
    );
  });
});

describe('npm run org -- --integration-admin', () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    child = undefined;
  });

  async function banner(...flags: string[]): Promise<string> {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'companion/local-org/src/cli.ts', '--no-crm-seed', '--log-level', 'error', ...flags],
      { cwd: ROOT, env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr?.on('data', (d) => (err += String(d)));
    return new Promise((resolve, reject) => {
      child!.stdout?.on('data', (d) => {
        out += String(d);
        if (/Try:/.test(out)) resolve(out);
      });
      child!.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
  }

  it('starts the org with the integration user on the System Administrator profile, and it can edit Account.Rating', async () => {
    const out = await banner('--integration-admin');
    expect(out).toMatch(/Integration user: +rox\.integration@\S+ \(005\w+\), profile System Administrator/);
    const instanceUrl = /Instance URL: +(\S+)/.exec(out)![1];
    const accessToken = /Access token: +(\S+)/.exec(out)![1];
    const headers = { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' };
    const created = await fetch(`${instanceUrl}/services/data/v62.0/sobjects/Account`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ Name: 'Flag test', Rating: 'Hot' }),
    });
    expect(created.status).toBe(201);
  });

  it('without the flag prints the custom profile', async () => {
    expect(await banner()).toMatch(/Integration user: +rox\.integration@\S+ \(005\w+\), profile Rox Integration User/);
  });
});
