/**
 * Org lifecycle: deterministic seed data, persistence to a JSON file across restarts, generated
 * benchmark rows, monotonic write timestamps, and the request log (one line per request, no tokens).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACT_PATHS } from '../src/core/logger.js';
import { LocalOrg } from '../src/index.js';
import { generateBenchmarkData } from '../src/seed/generators.js';
import { connect, raw, startOrg } from './helpers.js';

describe('seed data', () => {
  it('is deterministic for a seed: same Ids, names and emails', () => {
    const soql = 'SELECT Id, Name, Email FROM Contact ORDER BY Id LIMIT 50';
    const a = new LocalOrg({ seed: 7, clock: { start: '2026-01-15T00:00:00Z', frozen: true } });
    const b = new LocalOrg({ seed: 7, clock: { start: '2026-01-15T00:00:00Z', frozen: true } });
    expect(a.query(a.users.admin.id, soql)).toEqual(b.query(b.users.admin.id, soql));
    const c = new LocalOrg({ seed: 8, clock: { start: '2026-01-15T00:00:00Z', frozen: true } });
    expect(c.query(c.users.admin.id, soql)).not.toEqual(a.query(a.users.admin.id, soql));
  });

  it('has contacts sharing an email, two leads with the same email, one converted lead, and line items', () => {
    const org = new LocalOrg({ seed: 3 });
    const admin = org.users.admin.id;
    const contacts = org.query(admin, 'SELECT Email FROM Contact WHERE Email != null') as Array<{ Email: string }>;
    const counts = new Map<string, number>();
    for (const c of contacts) counts.set(c.Email, (counts.get(c.Email) ?? 0) + 1);
    expect([...counts.values()].some((n) => n > 1)).toBe(true);
    const leads = org.query(admin, 'SELECT Email, IsConverted, ConvertedContactId FROM Lead') as Array<{
      Email: string;
      IsConverted: boolean;
      ConvertedContactId: string | null;
    }>;
    const leadCounts = new Map<string, number>();
    for (const l of leads) leadCounts.set(l.Email, (leadCounts.get(l.Email) ?? 0) + 1);
    expect([...leadCounts.values()].some((n) => n === 2)).toBe(true);
    const converted = leads.filter((l) => l.IsConverted);
    expect(converted).toHaveLength(1);
    expect(converted[0].ConvertedContactId).toMatch(/^003/);
    expect(org.query(admin, 'SELECT Id FROM OpportunityLineItem').length).toBeGreaterThan(0);
    const withItems = org.query(admin, 'SELECT Amount FROM Opportunity WHERE HasOpportunityLineItem = true') as Array<{
      Amount: number;
    }>;
    expect(withItems.length).toBeGreaterThan(0);
    expect(withItems.every((o) => typeof o.Amount === 'number' && o.Amount > 0)).toBe(true);
  });

  it('the integration user is set up like a real one: Salesforce license, custom profile, RoxAI permission set', () => {
    const org = new LocalOrg({ crmSeed: false });
    const [u] = org.query(
      org.users.admin.id,
      `SELECT Profile.Name, Profile.UserLicense.Name, IsActive FROM User WHERE Id = '${org.users.integration.id}'`,
    ) as Array<{
      Profile: { Name: string; UserLicense: { Name: string } };
      IsActive: boolean;
    }>;
    expect(u.Profile.Name).toBe('Rox Integration User');
    expect(u.Profile.UserLicense.Name).toBe('Salesforce');
    expect(u.IsActive).toBe(true);
    const psl = org.query(
      org.users.admin.id,
      `SELECT Id FROM PermissionSetLicenseAssign WHERE AssigneeId = '${org.users.integrationApiOnly.id}' AND PermissionSetLicense.DeveloperName = 'SalesforceAPIIntegrationPsl'`,
    );
    expect(psl).toHaveLength(1);
    const pkg = org.query(
      org.users.admin.id,
      "SELECT Status, AllowedLicenses FROM PackageLicense WHERE NamespacePrefix = 'RoxAI'",
    );
    expect(pkg).toEqual([expect.objectContaining({ Status: 'Active', AllowedLicenses: -1 })]);
    const fp = org.query(
      org.users.admin.id,
      "SELECT Field, PermissionsEdit FROM FieldPermissions WHERE Parent.Name = 'Rox_Integration_User_Access' AND Field IN ('Task.RoxAI__RoxActivityId__c','Event.RoxAI__RoxActivityId__c')",
    );
    expect(fp).toHaveLength(2);
  });
});

describe('timestamps', () => {
  it('every write gets a strictly later SystemModstamp, even with a frozen clock', () => {
    const org = new LocalOrg({ crmSeed: false, clock: { start: '2026-05-01T00:00:00Z', frozen: true } });
    const ids = [1, 2, 3].map((i) => org.insert('Account', { Name: `T${i}` }));
    const stamps = ids.map((id) => Date.parse(String(org.get(id)!.SystemModstamp)));
    expect(stamps[1]).toBeGreaterThan(stamps[0]);
    expect(stamps[2]).toBeGreaterThan(stamps[1]);
  });
});

describe('persistence', () => {
  it('records and refresh tokens survive a restart from the JSON file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'local-org-'));
    const file = path.join(dir, 'org.json');
    try {
      const first = await startOrg({ persistFile: file, crmSeed: false });
      const { id } = (await connect(first).sobject('Account').create({ Name: 'Persisted Co' })) as { id: string };
      const s = first.org.issueSession(first.org.users.integration.username);
      await first.close();
      const second = await startOrg({ persistFile: file, crmSeed: false });
      try {
        expect(second.org.get(id)?.Name).toBe('Persisted Co');
        const res = await raw(second, 'POST', '/services/oauth2/token', {
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: s.refreshToken,
            client_id: second.org.apps[0].clientId,
          }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        expect(res.status).toBe(200);
        const { id: id2 } = (await connect(second).sobject('Account').create({ Name: 'After restart' })) as {
          id: string;
        };
        expect(id2).not.toBe(id);
        expect(Date.parse(String(second.org.get(id2)!.SystemModstamp))).toBeGreaterThan(
          Date.parse(String(second.org.get(id)!.SystemModstamp)),
        );
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('generated benchmark rows', () => {
  it('a million virtual Accounts are countable, pageable and editable without materialising them', async () => {
    const lo = await startOrg({ crmSeed: false });
    try {
      generateBenchmarkData(lo.org, { accounts: 1_000_000 });
      const conn = connect(lo);
      const page = await conn.query<{ Id: string; Name: string }>('SELECT Id, Name FROM Account LIMIT 3');
      expect(page.records).toHaveLength(3);
      const target = page.records[1].Id;
      await conn.sobject('Account').update({ Id: target, Name: 'Edited virtual row' });
      expect(((await conn.sobject('Account').retrieve(target)) as { Name: string }).Name).toBe('Edited virtual row');
      expect(lo.org.store.count('Account')).toBe(1_000_000);
    } finally {
      await lo.close();
    }
  });
});

describe('request log', () => {
  it('writes one line per request with method, path, status, errorCode and ms, and never a token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(
          ...String(chunk)
            .split('\n')
            .filter((l) => l !== ''),
        );
        cb();
      },
    });
    const lo = await startOrg({ crmSeed: false, logger: pino({ level: 'info', redact: REDACT_PATHS }, sink) });
    try {
      const s = lo.org.issueSession(lo.org.users.integration.username);
      await raw(lo, 'GET', `/services/data/v62.0/sobjects/Nope/describe`, { token: s.accessToken });
      await raw(lo, 'GET', `/id/${lo.org.orgId}/${s.userId}?oauth_token=${encodeURIComponent(s.accessToken)}`);
      await raw(lo, 'POST', '/services/oauth2/token', {
        body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(s.refreshToken)}&client_id=x`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
      expect(requests).toHaveLength(3);
      expect(requests[0]).toMatchObject({
        method: 'GET',
        path: '/services/data/v62.0/sobjects/Nope/describe',
        status: 404,
        errorCode: 'NOT_FOUND',
        ms: expect.any(Number),
      });
      const all = lines.join('\n');
      expect(all).not.toContain(s.accessToken);
      expect(all).not.toContain(s.refreshToken);
    } finally {
      await lo.close();
    }
  });
});
