// The README's Users table against the seeded org: usernames, profiles, licenses and permission sets
// come from the org itself, so the table cannot go stale.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalOrg } from '../src/index.js';

const README = join(__dirname, '../README.md');

interface UserRow {
  key: string;
  username: string;
  profile: string;
  license: string;
  permissionSets: string;
}

function usersTable(markdown: string): UserRow[] {
  const section = /^## Users\n([\s\S]*?)(?=^## )/m.exec(markdown)?.[1];
  if (!section) throw new Error('README has no "## Users" section');
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const cells = (l: string) =>
    l
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim().replace(/^`(.*)`$/, '$1'));
  const [header, , ...rows] = lines.map(cells);
  expect(header.slice(0, 5)).toEqual(['Key', 'Username', 'Profile', 'License', 'Permission sets']);
  return rows.map(([key, username, profile, license, permissionSets]) => ({
    key,
    username,
    profile,
    license,
    permissionSets,
  }));
}

function seededRows(org: LocalOrg): UserRow[] {
  const admin = org.users.admin.id;
  const keys = ['admin', 'integration', 'integrationApiOnly', 'salesRep', 'inactive'] as const;
  return keys.map((key) => {
    const { id } = org.users[key];
    const [u] = org.query(
      admin,
      `SELECT Username, Profile.Name, Profile.UserLicense.Name FROM User WHERE Id = '${id}'`,
    ) as Array<{ Username: string; Profile: { Name: string; UserLicense: { Name: string } } }>;
    const sets = org
      .query(admin, `SELECT PermissionSet.Label FROM PermissionSetAssignment WHERE AssigneeId = '${id}'`)
      .map((r) => (r.PermissionSet as { Label: string }).Label)
      .sort();
    return {
      key,
      username: u.Username,
      profile: u.Profile.Name,
      license: u.Profile.UserLicense.Name,
      permissionSets: sets.length ? sets.join(', ') : '—',
    };
  });
}

describe('local org README: Users', () => {
  it('lists every seeded user with its username, profile, license and permission sets', () => {
    const org = new LocalOrg({ crmSeed: false });
    expect(usersTable(readFileSync(README, 'utf8'))).toEqual(seededRows(org));
  });

  it('the parser reads a changed table, so a stale row fails the comparison', () => {
    const org = new LocalOrg({ crmSeed: false });
    const stale = readFileSync(README, 'utf8').replace('| Rox Integration User   ', '| System Administrator   ');
    expect(usersTable(stale)).not.toEqual(seededRows(org));
  });

  it('with integrationUserProfile the seeded integration user differs from the table only in its profile', () => {
    const org = new LocalOrg({ crmSeed: false, integrationUserProfile: 'System Administrator' });
    const expected = usersTable(readFileSync(README, 'utf8')).map((r) =>
      r.key === 'integration' ? { ...r, profile: 'System Administrator' } : r,
    );
    expect(seededRows(org)).toEqual(expected);
  });
});
