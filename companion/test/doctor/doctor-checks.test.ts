// The pure evaluation with hand-built facts: the paths the seeded local org does not reach.
import { evaluateRequirement } from '../../src/doctor/doctor-checks.js';
import { DoctorFacts } from '../../src/doctor/doctor-facts.js';
import { formatDoctorReport } from '../../src/doctor/index.js';
import { countRows, overallStatus } from '../../src/doctor/doctor-report.js';
import { loadRequirements, type Requirement } from '../../src/doctor/requirements.js';

const requirements = loadRequirements();
const USER_ID = '0055g000000008dAAA';

function req(id: string): Requirement {
  const found = requirements.requirements.find((r) => r.id === id);
  if (!found) throw new Error(`no requirement ${id}`);
  return found;
}

/** An admin-like user whose facts were all read. */
function baseFacts(): DoctorFacts {
  const facts = new DoctorFacts();
  facts.userId = USER_ID;
  facts.username = 'rox@example.com';
  facts.isActive = true;
  facts.profileName = 'Custom Integration';
  facts.licenseName = 'Salesforce';
  facts.licenseKey = 'SFDC';
  facts.namespacePrefix = 'RoxAI__';
  facts.addProfile("profile 'Custom Integration'");
  return facts;
}

const judge = (facts: DoctorFacts, id: string, instanceUrl?: string) =>
  evaluateRequirement({ requirements, facts }, req(id), instanceUrl);

describe('doctor checks', () => {
  it('recognises an administrator profile by its permissions, whatever its name, and passes restricted-profile rows', () => {
    const facts = new DoctorFacts();
    Object.assign(facts, { userId: USER_ID, username: 'rox@example.com', isActive: true, licenseName: 'Salesforce' });
    facts.licenseKey = 'SFDC';
    facts.namespacePrefix = 'RoxAI__';
    facts.profileName = 'Systemadministrator';
    facts.addProfile("profile 'Systemadministrator'");
    for (const p of requirements.adminPermissions) facts.grantUserPermission(p, "profile 'Systemadministrator'");
    expect(judge(facts, 'restricted.viewSetup')).toMatchObject({
      status: 'pass',
      found: 'Not needed: Systemadministrator profile',
    });
    expect(judge(facts, 'fields.Account')).toMatchObject({
      status: 'pass',
      found: 'Granted by the Systemadministrator profile',
    });
    // RoxActivityId is a package field: the admin profile does not grant it by itself.
    expect(judge(facts, 'activities.fieldAccess').status).not.toBe('pass');
  });

  it('does not take a profile named System Administrator for an administrator without the permissions', () => {
    const facts = baseFacts();
    facts.profileName = 'System Administrator';
    facts.grants = [];
    facts.addProfile("profile 'System Administrator'");
    facts.grantUserPermission('PermissionsViewSetup', "profile 'System Administrator'");
    expect(judge(facts, 'user.profile').status).toBe('warning');
    expect(judge(facts, 'fields.Account').found).not.toContain('Granted by');
  });

  it('judges the license by its definition key, not its (translated) name', () => {
    const facts = baseFacts();
    facts.licenseName = 'Salesforce-Lizenz';
    expect(judge(facts, 'user.license')).toMatchObject({ status: 'pass', found: 'License: Salesforce-Lizenz (SFDC)' });
    facts.licenseName = 'Salesforce';
    facts.licenseKey = 'PID_Chatter';
    expect(judge(facts, 'user.license')).toMatchObject({ status: 'fail', found: 'License: Salesforce (PID_Chatter)' });
  });

  it('fails a license outside both lists with the requirement severity', () => {
    const facts = baseFacts();
    facts.licenseName = 'Chatter Free';
    facts.licenseKey = 'PID_Chatter';
    expect(judge(facts, 'user.license')).toMatchObject({ status: 'fail', found: 'License: Chatter Free (PID_Chatter)' });
    expect(judge(facts, 'user.profile').status).toBe('warning');
  });

  it('warns when the org has no such user permission field', () => {
    const facts = baseFacts();
    expect(judge(facts, 'user.apiEnabled')).toMatchObject({
      status: 'warning',
      found:
        "This org has no user permission PermissionsApiEnabled, so it could not be read; check 'API Enabled' by hand.",
    });
    facts.markPermissionKnown('PermissionsApiEnabled');
    expect(judge(facts, 'user.apiEnabled').status).toBe('fail');
    facts.grantUserPermission('PermissionsApiEnabled', "profile 'Custom Integration'");
    facts.grantUserPermission('PermissionsApiEnabled', "permission set 'API'");
    expect(judge(facts, 'user.apiEnabled')).toMatchObject({
      status: 'pass',
      found: "Granted by profile 'Custom Integration' and permission set 'API'",
    });
  });

  it('warns instead of failing a missing assignment when the permission set groups could not be read', () => {
    const facts = baseFacts();
    facts.markUnavailable('permissionSetGroups', 'Salesforce did not let the checker read the groups (X).');
    expect(judge(facts, 'package.permissionSet')).toMatchObject({
      status: 'warning',
      found:
        "Not assigned directly. Salesforce did not let the checker read the groups (X). Check the user's permission set groups by hand.",
    });
  });

  it('counts an assignment only in the expected namespace', () => {
    const facts = baseFacts();
    facts.addPermissionSet('Rox_Integration_User_Access', null, "permission set 'Copy'");
    expect(judge(facts, 'package.permissionSet')).toMatchObject({ status: 'fail', found: 'Not assigned' });
    facts.namespacePrefix = '';
    expect(judge(facts, 'package.permissionSet')).toMatchObject({
      status: 'pass',
      found: "Assigned through permission set 'Copy'",
    });
  });

  it('warns when read works but writeback access is missing, and counts Modify All Data', () => {
    const facts = baseFacts();
    facts.grantObjectAccess('Contact', 'read');
    facts.grantObjectAccess('Contact', 'edit');
    expect(judge(facts, 'object.Contact')).toMatchObject({
      status: 'warning',
      found: 'Read works; writeback needs Create on Contact',
    });
    facts.grantUserPermission('PermissionsModifyAllData', "profile 'Custom Integration'");
    expect(judge(facts, 'object.Contact')).toMatchObject({
      status: 'pass',
      found: 'Has Read, Create and Edit on Contact',
    });
  });

  it('fails an activity field that is not an External ID', () => {
    const facts = baseFacts();
    const field = { apiName: 'RoxAI__RoxActivityId__c', permissionable: true, externalId: false };
    for (const o of ['Task', 'Event']) {
      facts.setObjectSchema(o, { state: 'visible', apiName: o, fields: new Map([['roxai__roxactivityid__c', field]]) });
    }
    expect(judge(facts, 'activities.field')).toMatchObject({
      status: 'fail',
      found: 'RoxAI__RoxActivityId__c is not an External ID on Task and Event',
    });
  });

  it('judges field-level security from grants stored under Activity, and non-permissionable fields by object access', () => {
    const facts = baseFacts();
    facts.setObjectSchema('Task', {
      state: 'visible',
      apiName: 'Task',
      fields: new Map([
        ['roxai__roxactivityid__c', { apiName: 'RoxAI__RoxActivityId__c', permissionable: true, externalId: true }],
      ]),
    });
    facts.setObjectSchema('Event', { state: 'notVisible' });
    facts.grantFieldEdit('Activity.RoxAI__RoxActivityId__c');
    expect(judge(facts, 'activities.fieldAccess')).toMatchObject({
      status: 'pass',
      found: 'Edit on all 2 fields checked',
    });

    facts.setObjectSchema('Opportunity', {
      state: 'visible',
      apiName: 'Opportunity',
      fields: new Map([
        ['id', { apiName: 'Id', permissionable: false, externalId: false }],
        ['name', { apiName: 'Name', permissionable: false, externalId: false }],
        ['amount', { apiName: 'Amount', permissionable: true, externalId: false }],
      ]),
    });
    facts.grantObjectAccess('Opportunity', 'read');
    facts.grantFieldRead('Opportunity.Amount');
    expect(judge(facts, 'fields.Opportunity')).toMatchObject({
      status: 'fail',
      found:
        'Missing Read on: Opportunity.StageName (field not found or hidden by field-level security), Opportunity.CloseDate (field not found or hidden by field-level security), Opportunity.NextStep (field not found or hidden by field-level security), Opportunity.AccountId (field not found or hidden by field-level security), Opportunity.SystemModstamp (field not found or hidden by field-level security)',
    });
  });

  it('warns when another user is checked and the connected user cannot see the object', () => {
    const facts = baseFacts();
    facts.isConnectedUser = false;
    facts.setObjectSchema('Product2', { state: 'notVisible' });
    facts.setObjectSchema('Lead', { state: 'notVisible' });
    facts.grantObjectAccess('Lead', 'read');
    facts.grantObjectAccess('Lead', 'edit');
    expect(judge(facts, 'fields.Lead.write')).toMatchObject({
      status: 'warning',
      found:
        'Could not check: The connected user cannot see Lead, so whether FirstName exists could not be read. Check it by hand in Setup: Lead fields.',
    });
  });

  it('passes a package without a license record only when a package object is visible', () => {
    const facts = baseFacts();
    expect(judge(facts, 'package.installed')).toMatchObject({
      status: 'warning',
      found:
        'No package license record for the RoxAI namespace was found, so the package is either not installed or deployed unpackaged, and RoxAI__ID_Mapping__c is not visible to the connected user. Check Installed Packages by hand.',
    });
    facts.setObjectSchema('RoxAI__ID_Mapping__c', {
      state: 'visible',
      apiName: 'RoxAI__ID_Mapping__c',
      fields: new Map(),
    });
    expect(judge(facts, 'package.installed')).toMatchObject({
      status: 'pass',
      found:
        'No package license record, but RoxAI__ID_Mapping__c exists: the Rox components are deployed directly (development, scratch or packaging org)',
    });
    expect(judge(facts, 'package.license')).toMatchObject({
      status: 'pass',
      found: 'No package license record: package licenses are not enforced in this org',
    });
  });

  it('fails when no connected app with a Rox name exists, and passes a self-authorizing one', () => {
    const facts = baseFacts();
    expect(judge(facts, 'connectedApp.access')).toMatchObject({
      status: 'warning',
      found:
        "No connected app named 'RoxAI' or 'Rox' was found. It appears after Rox first signs in; if Rox uses an app with another name, check that app by hand.",
    });
    facts.connectedApps.push({ name: 'RoxAI', adminApprovedOnly: false, approvedThrough: [] });
    expect(judge(facts, 'connectedApp.access')).toMatchObject({
      status: 'pass',
      found:
        "'RoxAI': all users may self-authorize. Whether the app is blocked cannot be read here; check Connected Apps OAuth Usage.",
    });
  });

  it('builds setup links from the instance URL and the checked user', () => {
    const facts = baseFacts();
    expect(judge(facts, 'user.active', 'https://acme.my.salesforce.com').setupUrl).toBe(
      `https://acme.my.salesforce.com/lightning/setup/ManageUsers/page?address=%2F${USER_ID}%3Fnoredirect%3D1`,
    );
    expect(judge(facts, 'user.profile').setupUrl).toBe('/lightning/setup/EnhancedProfiles/home');
  });

  it('summarises rows into counts, an overall status and text', () => {
    const facts = baseFacts();
    facts.isActive = false;
    const rows = [judge(facts, 'user.active'), judge(facts, 'user.license'), judge(facts, 'user.profile')];
    const report = { userId: USER_ID, username: 'rox@example.com', counts: countRows(rows), rows };
    expect(report.counts).toEqual({ pass: 1, warning: 1, fail: 1 });
    expect(overallStatus(report)).toBe('fail');
    expect(formatDoctorReport(report)).toBe(
      [
        `Rox doctor: rox@example.com (${USER_ID})`,
        '1 pass, 1 warning, 1 fail',
        '',
        'Integration user',
        '  FAIL  User is active',
        '        Inactive',
        '        Fix: Open the user, click Edit, select Active and save.',
        `        Setup: /lightning/setup/ManageUsers/page?address=%2F${USER_ID}%3Fnoredirect%3D1`,
        '  PASS  User license allows activity writeback',
        '        License: Salesforce (SFDC)',
        '  WARN  Profile',
        '        Profile: Custom Integration; the access Rox needs must come from permission sets (see the checks below)',
        '        Fix: Keep the profile and grant the missing access through permission sets (the checks below list it), or use the System Administrator profile.',
        '        Setup: /lightning/setup/EnhancedProfiles/home',
        '',
      ].join('\n'),
    );
  });
});
