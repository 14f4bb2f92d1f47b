// The doctor against the local org over real HTTP through jsforce, as the companion will run it.
import { Connection } from 'jsforce';
import { createLocalOrg, type RunningLocalOrg } from '../../local-org/src/index.js';
import {
  formatDoctorReport,
  runDoctor,
  type DoctorReport,
  type DoctorRow,
  type DoctorSalesforce,
} from '../../src/doctor/index.js';

type UserKey = 'admin' | 'integration' | 'integrationApiOnly' | 'salesRep' | 'inactive';

let lo: RunningLocalOrg;
beforeEach(async () => {
  lo = await createLocalOrg({ logLevel: 'silent' });
});
afterEach(async () => {
  await lo.close();
});

function connectionAs(user: UserKey): Connection {
  const { accessToken } = lo.org.issueSession(lo.org.users[user].username);
  return new Connection({ instanceUrl: lo.instanceUrl, accessToken, version: '62.0' });
}

/** The adapter the companion's Salesforce client provides, built on a jsforce connection. */
function salesforceAs(user: UserKey, withDescribe = true): DoctorSalesforce {
  const conn = connectionAs(user);
  const sf: DoctorSalesforce = {
    query: async <T>(soql: string) =>
      (await conn.query<Record<string, unknown>>(soql, { autoFetch: true, maxFetch: 100000 })).records as T[],
    identity: async () => {
      const id = await conn.identity();
      return { userId: id.user_id, username: id.username, orgId: id.organization_id };
    },
  };
  if (withDescribe) sf.describe = (name) => conn.describe(name);
  return sf;
}

const row = (report: DoctorReport, id: string): DoctorRow => {
  const found = report.rows.find((r) => r.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
};
const statusOf = (report: DoctorReport, id: string) => row(report, id).status;

describe('doctor against the local org', () => {
  it('passes the seeded integration user everywhere except its custom profile and Download AppExchange Packages', async () => {
    const report = await runDoctor(salesforceAs('integration'), { instanceUrl: `${lo.instanceUrl}/` });
    const userId = lo.org.users.integration.id;

    expect(report.userId).toBe(userId);
    expect(report.username).toBe(lo.org.users.integration.username);
    expect(report.rows).toHaveLength(32);
    expect(report.counts).toEqual({ pass: 30, warning: 2, fail: 0 });
    expect(report.rows.filter((r) => r.status !== 'pass').map((r) => r.id)).toEqual([
      'user.profile',
      'restricted.installPackages',
    ]);
    expect(row(report, 'user.profile').found).toBe(
      'Profile: Rox Integration User; the access Rox needs must come from permission sets (see the checks below)',
    );
    expect(row(report, 'restricted.installPackages').found).toBe(
      'Not granted by the profile or any assigned permission set',
    );
    expect(row(report, 'user.apiEnabled').found).toBe("Granted by profile 'Rox Integration User'");
    expect(row(report, 'package.installed').found).toBe('Installed (package license status: Active)');
    expect(row(report, 'package.license').found).toBe('Licensed: the package is licensed for all users');
    expect(row(report, 'package.permissionSet').found).toBe(
      "Assigned through permission set 'Rox Integration User Access'",
    );
    expect(row(report, 'idMapping.access').found).toBe(
      'Has Read, Create, Edit, Delete, View All and Modify All on RoxAI__ID_Mapping__c',
    );
    expect(row(report, 'activities.field').found).toBe(
      'RoxAI__RoxActivityId__c exists on Task and Event and is an External ID',
    );
    expect(row(report, 'activities.fieldAccess').found).toBe('Edit on all 2 fields checked');
    expect(row(report, 'object.OpportunityLineItem').found).toBe(
      'Has Read on Opportunity (OpportunityLineItem access follows it)',
    );
    expect(row(report, 'object.Task').found).toBe(
      "Task access comes from 'Access Activities', granted by profile 'Rox Integration User'",
    );
    expect(row(report, 'fields.Account').found).toBe('Read on all 12 fields checked');
    expect(row(report, 'restricted.integrationPsl').found).toBe(
      'Not needed: the license is Salesforce (SFDC), not Salesforce Integration',
    );
    expect(row(report, 'connectedApp.access').found).toBe(
      "'Rox': admin-approved users only; approved through profile 'Rox Integration User'. Whether the app is blocked cannot be read here; check Connected Apps OAuth Usage.",
    );
    expect(row(report, 'advice.licenseChange').found).toBe(
      "No license change needed (License: Salesforce (SFDC)). A license change would remove permission set 'Rox Integration User Access'.",
    );
    expect(row(report, 'user.active').setupUrl).toBe(
      `${lo.instanceUrl}/lightning/setup/ManageUsers/page?address=%2F${userId}%3Fnoredirect%3D1`,
    );
    expect(row(report, 'user.active')).toMatchObject({ category: 'Integration user', title: 'User is active' });
  });

  it('fails the permission set, ID Mapping and RoxActivityId rows once the assignment is removed', async () => {
    const admin = connectionAs('admin');
    const userId = lo.org.users.integration.id;
    const assignments = await admin.query<{ Id: string }>(
      `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${userId}'`,
    );
    expect(assignments.records).toHaveLength(1);
    await admin.sobject('PermissionSetAssignment').destroy(assignments.records[0].Id);

    const report = await runDoctor(salesforceAs('integration'), { instanceUrl: lo.instanceUrl });

    expect(row(report, 'package.permissionSet')).toMatchObject({
      status: 'fail',
      found: 'Not assigned',
      fix: "Open Permission Sets, select 'Rox Integration User Access', click Manage Assignments, Add Assignment, and choose the user.",
      setupUrl: `${lo.instanceUrl}/lightning/setup/PermSets/home`,
    });
    expect(row(report, 'idMapping.access')).toMatchObject({
      status: 'fail',
      found: 'Missing Read, Create, Edit, Delete, View All and Modify All on RoxAI__ID_Mapping__c',
    });
    expect(row(report, 'activities.fieldAccess')).toMatchObject({
      status: 'fail',
      found:
        'Missing Edit on: Task.RoxAI__RoxActivityId__c (field not found or hidden by field-level security), Event.RoxAI__RoxActivityId__c (field not found or hidden by field-level security)',
    });
    // Hidden from the user, so whether the field exists and is an External ID cannot be told: a warning, not a fail.
    expect(row(report, 'activities.field')).toMatchObject({
      status: 'warning',
      found:
        'RoxAI__RoxActivityId__c is not visible to the connected user on Task and Event: it is missing, or field-level security hides it from that user. Check it by hand in Setup: Activity fields.',
    });
    expect(row(report, 'advice.licenseChange').found).toBe(
      'No license change needed (License: Salesforce (SFDC)). The user has no permission sets that a license change would remove.',
    );
    expect(report.counts).toEqual({ pass: 26, warning: 3, fail: 3 });
    expect(report.rows.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual([
      'package.permissionSet',
      'idMapping.access',
      'activities.fieldAccess',
    ]);
  });

  it('passes the permission set row for a user who has its access another way (a clone, as after a license change)', async () => {
    const adminId = lo.org.users.admin.id;
    const userId = lo.org.users.integration.id;
    const q = (soql: string) => lo.org.query(adminId, soql).map(({ attributes: _a, Id: _id, ...row }) => row);
    const [pkg] = lo.org.query(adminId, "SELECT Id FROM PermissionSet WHERE Name = 'Rox_Integration_User_Access'");
    const clone = lo.org.insert('PermissionSet', { Name: 'Rox_Access_Clone', Label: 'Rox Access (clone)' }, adminId);
    for (const row of q(
      `SELECT SobjectType, PermissionsRead, PermissionsCreate, PermissionsEdit, PermissionsDelete, PermissionsViewAllRecords, PermissionsModifyAllRecords FROM ObjectPermissions WHERE ParentId = '${pkg.Id}'`,
    ))
      lo.org.insert('ObjectPermissions', { ...row, ParentId: clone }, adminId);
    for (const row of q(`SELECT SobjectType, Field, PermissionsRead, PermissionsEdit FROM FieldPermissions WHERE ParentId = '${pkg.Id}'`))
      lo.org.insert('FieldPermissions', { ...row, ParentId: clone }, adminId);
    const [assignment] = lo.org.query(adminId, `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${userId}' AND PermissionSetId = '${pkg.Id}'`);
    await connectionAs('admin').sobject('PermissionSetAssignment').destroy(assignment.Id as string);
    lo.org.insert('PermissionSetAssignment', { AssigneeId: userId, PermissionSetId: clone }, adminId);

    const report = await runDoctor(salesforceAs('integration'), { instanceUrl: lo.instanceUrl });
    expect(row(report, 'package.permissionSet')).toMatchObject({
      status: 'pass',
      found: expect.stringMatching(/^Not assigned, but the user already has the access it gives \(/),
    });
    expect(row(report, 'idMapping.access').status).toBe('pass');
    expect(row(report, 'activities.fieldAccess').status).toBe('pass');
  });

  it("reports the API-only integration user's license, missing access and unapproved app when an admin runs it", async () => {
    const target = lo.org.users.integrationApiOnly;
    const report = await runDoctor(salesforceAs('admin'), { userId: target.id, instanceUrl: lo.instanceUrl });

    expect(report.userId).toBe(target.id);
    expect(report.username).toBe(target.username);
    expect(row(report, 'user.license')).toMatchObject({ status: 'warning', found: 'License: Salesforce Integration (PID_Salesforce_Integration)' });
    expect(row(report, 'restricted.integrationPsl')).toMatchObject({
      status: 'pass',
      found: 'Assigned: Salesforce API Integration',
    });
    expect(row(report, 'activities.access')).toMatchObject({
      status: 'fail',
      found: 'Not granted by the profile or any assigned permission set',
    });
    expect(row(report, 'object.Account')).toMatchObject({
      status: 'fail',
      found: 'Missing Read on Account; writeback also needs Edit',
    });
    expect(row(report, 'object.Task')).toMatchObject({
      status: 'fail',
      found: "Missing 'Access Activities', which governs Task access",
    });
    expect(row(report, 'restricted.viewSetup')).toMatchObject({
      status: 'warning',
      found: 'Not granted by the profile or any assigned permission set',
    });
    expect(row(report, 'connectedApp.access')).toMatchObject({
      status: 'warning',
      found: "'Rox': admin-approved users only, and neither the user's profile nor its permission sets are approved",
    });
    expect(row(report, 'advice.licenseChange')).toMatchObject({
      status: 'warning',
      found:
        "License: Salesforce Integration (PID_Salesforce_Integration), so a license change is likely. A license change would remove permission set 'Rox Integration User Access' and permission set license 'Salesforce API Integration'.",
    });
    // The permission set grants RoxActivityId to the user even though the admin's describe cannot show it.
    expect(row(report, 'activities.fieldAccess')).toMatchObject({
      status: 'pass',
      found: 'Edit on all 2 fields checked',
    });
    expect(row(report, 'package.permissionSet').status).toBe('pass');
  });

  it('fails an inactive user', async () => {
    const report = await runDoctor(salesforceAs('admin'), { userId: lo.org.users.inactive.id });
    expect(row(report, 'user.active')).toMatchObject({ status: 'fail', found: 'Inactive' });
  });

  it('fails an expired package license, and a seat-licensed package until the user holds a seat', async () => {
    const [license] = lo.org.query(
      lo.org.users.admin.id,
      "SELECT Id FROM PackageLicense WHERE NamespacePrefix = 'RoxAI'",
    );
    const licenseId = String(license.Id);
    lo.org.update('PackageLicense', licenseId, { Status: 'Expired' });
    let report = await runDoctor(salesforceAs('integration'));
    expect(row(report, 'package.installed')).toMatchObject({
      status: 'fail',
      found: 'Installed, but the package license has expired',
    });
    expect(row(report, 'package.license')).toMatchObject({ status: 'fail', found: 'The package license has expired' });

    lo.org.update('PackageLicense', licenseId, { Status: 'Active', AllowedLicenses: 5, UsedLicenses: 0 });
    report = await runDoctor(salesforceAs('integration'));
    expect(row(report, 'package.license')).toMatchObject({
      status: 'fail',
      found: 'No package license assigned (0 of 5 licenses in use)',
    });

    lo.org.insert('UserPackageLicense', { PackageLicenseId: licenseId, UserId: lo.org.users.integration.id });
    report = await runDoctor(salesforceAs('integration'));
    expect(row(report, 'package.license')).toMatchObject({
      status: 'pass',
      found: 'Licensed: a package license is assigned to the user',
    });
  });
});

describe('doctor when areas are unreadable', () => {
  it('turns setup-object rows into warnings, and reads its own permissions, for a user without View Setup', async () => {
    const report = await runDoctor(salesforceAs('integrationApiOnly'));

    expect(report.rows).toHaveLength(32);
    const assigned = row(report, 'package.permissionSet');
    expect(assigned.status).toBe('warning');
    expect(assigned.found).toBe(
      "Could not check: Salesforce did not let the checker read the profile and permission set assignments of the user (INVALID_TYPE: sObject type 'PermissionSetAssignment' is not supported). The connected user does not have 'View Setup and Configuration', which Salesforce requires to read it. Check it by hand in Setup: Permission Sets.",
    );
    for (const id of [
      'idMapping.access',
      'object.Account',
      'fields.Account',
      'activities.fieldAccess',
      'connectedApp.access',
    ]) {
      expect(row(report, id).status).toBe('warning');
      expect(row(report, id).found).toMatch(/^Could not check: Salesforce did not let the checker read /);
    }
    // UserPermissionAccess still answers for the connected user.
    expect(row(report, 'user.apiEnabled')).toMatchObject({
      status: 'pass',
      found:
        "Granted by the user's effective permissions (which profile or permission set grants it could not be read)",
    });
    expect(row(report, 'activities.access')).toMatchObject({
      status: 'fail',
      found: "Not granted by the profile or any assigned permission set (read from the user's effective permissions)",
    });
    expect(row(report, 'object.Task')).toMatchObject({
      status: 'fail',
      found: "Missing 'Access Activities', which governs Task access (read from the user's effective permissions)",
    });
    // Readable without View Setup.
    expect(row(report, 'user.license').found).toBe('License: Salesforce Integration (PID_Salesforce_Integration)');
    expect(row(report, 'restricted.integrationPsl').status).toBe('pass');
  });

  it('warns instead of judging permissions when a user without View Setup checks someone else', async () => {
    const report = await runDoctor(salesforceAs('salesRep'), { userId: lo.org.users.integration.id });
    for (const id of ['user.apiEnabled', 'activities.access', 'object.Task', 'package.permissionSet']) {
      expect(row(report, id).status).toBe('warning');
      expect(row(report, id).found).toContain("sObject type 'PermissionSetAssignment' is not supported");
    }
    expect(report.counts.fail).toBe(0);
    expect(row(report, 'user.active').status).toBe('pass');
  });

  it('warns on the field rows when the describe of Task is refused', async () => {
    lo.org.addFault({ kind: 'request-limit', route: 'describe', object: 'Task' });
    const report = await runDoctor(salesforceAs('integration'));
    expect(row(report, 'activities.field')).toMatchObject({
      status: 'warning',
      found:
        'Could not check: Salesforce did not let the checker read the definition of Task (REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded). Check it by hand in Setup: Activity fields.',
    });
    expect(statusOf(report, 'fields.Task.write')).toBe('warning');
    expect(statusOf(report, 'fields.Event.write')).toBe('pass');
    expect(statusOf(report, 'fields.Account')).toBe('pass');
  });

  it('warns on every field row when the companion gives no describe call', async () => {
    const report = await runDoctor(salesforceAs('integration', false));
    for (const id of ['activities.field', 'activities.fieldAccess', 'fields.Account', 'fields.Task.write']) {
      expect(row(report, id)).toMatchObject({
        status: 'warning',
        found: expect.stringContaining('Could not check: The companion did not give the doctor a describe call'),
      });
    }
    expect(statusOf(report, 'idMapping.access')).toBe('pass');
  });

  it('still reports when the first queries fail: the user rows become warnings', async () => {
    // The collector reads UserPermissionAccess first and the User second; both are refused here.
    lo.org.addFault({ kind: 'request-limit', route: 'query', count: 2 });
    const report = await runDoctor(salesforceAs('integration'));
    expect(report.rows).toHaveLength(32);
    for (const id of ['user.active', 'user.license', 'user.profile', 'restricted.viewSetup', 'user.apiEnabled']) {
      expect(row(report, id)).toMatchObject({
        status: 'warning',
        found: expect.stringContaining('(REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded)'),
      });
    }
    expect(row(report, 'user.active').found).toBe(
      'Could not check: Salesforce did not let the checker read the user, its profile and license (REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded). Check it by hand in Setup: User detail.',
    );
    expect(report.username).toBe(lo.org.users.integration.username);
    expect(row(report, 'package.installed').status).toBe('pass');
  });

  it('formats the report as text rows with status, title, found, fix and link', async () => {
    const text = formatDoctorReport(await runDoctor(salesforceAs('integration'), { instanceUrl: lo.instanceUrl }));
    expect(text).toContain(`Rox doctor: ${lo.org.users.integration.username} (${lo.org.users.integration.id})`);
    expect(text).toContain('30 pass, 2 warnings, 0 fail');
    expect(text).toContain('  PASS  User is active\n        Active\n');
    expect(text).toContain(
      `  WARN  Download AppExchange Packages\n        Not granted by the profile or any assigned permission set\n        Fix: Enable 'Download AppExchange Packages' in a permission set assigned to the user.\n        Setup: ${lo.instanceUrl}/lightning/setup/PermSets/home\n`,
    );
  });
});

describe('doctor against a local org started with the integration user as System Administrator', () => {
  it('passes every row, the profile and Download AppExchange Packages rows included, which the custom profile warns on', async () => {
    const adminOrg = await createLocalOrg({ logLevel: 'silent', integrationUserProfile: 'System Administrator' });
    try {
      const { accessToken } = adminOrg.org.issueSession(adminOrg.org.users.integration.username);
      const conn = new Connection({ instanceUrl: adminOrg.instanceUrl, accessToken, version: '62.0' });
      const report = await runDoctor(
        {
          query: async <T>(soql: string) =>
            (await conn.query<Record<string, unknown>>(soql, { autoFetch: true, maxFetch: 100000 })).records as T[],
          identity: async () => {
            const id = await conn.identity();
            return { userId: id.user_id, username: id.username, orgId: id.organization_id };
          },
          describe: (name) => conn.describe(name),
        },
        { instanceUrl: adminOrg.instanceUrl },
      );
      expect(report.userId).toBe(adminOrg.org.users.integration.id);
      expect(report.rows).toHaveLength(32);
      expect(report.counts).toEqual({ pass: 32, warning: 0, fail: 0 });
      expect(row(report, 'user.profile')).toMatchObject({ status: 'pass', found: 'Profile: System Administrator' });
      expect(row(report, 'user.license')).toMatchObject({ status: 'pass', found: 'License: Salesforce (SFDC)' });
      expect(row(report, 'restricted.installPackages')).toMatchObject({
        status: 'pass',
        found: 'Not needed: System Administrator profile',
      });
      expect(row(report, 'fields.Account')).toMatchObject({
        status: 'pass',
        found: 'Granted by the System Administrator profile',
      });
      expect(row(report, 'activities.access').found).toBe("Granted by profile 'System Administrator'");
    } finally {
      await adminOrg.close();
    }
  });
});
