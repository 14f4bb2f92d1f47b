const { mkdtempSync, cpSync, readFileSync, writeFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { checkRequirements, REQUIREMENTS } = require('../requirements-check.js');
const { parseRequirements } = require('../requirements-schema.js');

const ROOT = join(__dirname, '../../..');
const original = () => JSON.parse(readFileSync(join(ROOT, REQUIREMENTS), 'utf8'));

/** A copy of force-app whose requirements list was changed by `mutate`. */
function brokenCopy(mutate) {
  const dir = mkdtempSync(join(tmpdir(), 'rox-req-'));
  cpSync(join(ROOT, 'force-app'), join(dir, 'force-app'), { recursive: true });
  const json = original();
  const text = mutate(json);
  writeFileSync(join(dir, REQUIREMENTS), typeof text === 'string' ? text : JSON.stringify(json, null, 2));
  return dir;
}

const dirs = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const run = async (mutate) => {
  const dir = brokenCopy(mutate);
  dirs.push(dir);
  return checkRequirements(dir);
};

describe('requirements list', () => {
  it('passes for the package as it is, with every requirement counted', async () => {
    const res = await checkRequirements(ROOT);
    expect(res.problems).toEqual([]);
    expect(res.ok).toBe(true);
    expect(res.summary).toBe(`${original().requirements.length} requirements`);
  });

  it('covers every item of the setup guide', () => {
    const ids = original().requirements.map((r) => r.id);
    for (const id of [
      'user.active',
      'user.license',
      'user.profile',
      'user.apiEnabled',
      'package.installed',
      'package.permissionSet',
      'activities.field',
      'activities.fieldAccess',
      'activities.access',
      'activities.editTask',
      'restricted.viewSetup',
      'restricted.installPackages',
      'restricted.integrationPsl',
      'connectedApp.access',
      'advice.licenseChange',
    ]) {
      expect(ids).toContain(id);
    }
    const objects = original()
      .requirements.filter((r) => r.check.type === 'objectAccess')
      .map((r) => r.check.object);
    expect(objects).toEqual(
      expect.arrayContaining(['Account', 'Contact', 'Opportunity', 'OpportunityLineItem', 'Product2', 'Lead', 'Task', 'Event']),
    );
  });

  it('rejects text that is not JSON', async () => {
    const res = await run(() => '{ "schemaVersion": 1, ');
    expect(res.ok).toBe(false);
    expect(res.problems[0].message).toMatch(/not valid JSON/);
  });

  it('names the requirement with an unknown check type', async () => {
    const res = await run((j) => {
      j.requirements[3].check = { type: 'guessWork' };
    });
    expect(res.ok).toBe(false);
    expect(res.problems.map((p) => p.message).join('\n')).toMatch(/requirement user\.apiEnabled: requirements\.3\.check/);
  });

  it('rejects a duplicate id', async () => {
    const res = await run((j) => {
      j.requirements[1].id = j.requirements[0].id;
    });
    expect(res.ok).toBe(false);
    expect(res.problems.map((p) => p.message).join('\n')).toMatch(/duplicate requirement id user\.active/);
  });

  it('rejects a severity that is not fail or warning', async () => {
    const res = await run((j) => {
      j.requirements[0].severity = 'critical';
    });
    expect(res.ok).toBe(false);
    expect(res.problems[0].message).toMatch(/requirement user\.active: requirements\.0\.severity/);
  });

  it('rejects a Setup link outside Lightning Setup', async () => {
    const res = await run((j) => {
      j.requirements[0].setup.path = 'https://example.com/setup';
    });
    expect(res.ok).toBe(false);
    expect(res.problems[0].message).toMatch(/Lightning Setup path/);
  });

  it('rejects a permission set the package does not contain', async () => {
    const res = await run((j) => {
      const r = j.requirements.find((x) => x.check.type === 'permissionSetAssigned');
      r.check.permissionSet = 'Rox_Missing_Access';
    });
    expect(res.ok).toBe(false);
    expect(res.problems.map((p) => p.message)).toContain(
      'requirement package.permissionSet: permission set Rox_Missing_Access is not in the package',
    );
  });

  it('rejects an activity field the package does not contain', async () => {
    const res = await run((j) => {
      j.requirements.find((x) => x.id === 'activities.field').check.field = 'RoxActivityKey__c';
    });
    expect(res.ok).toBe(false);
    expect(res.problems.map((p) => p.message)).toContain(
      'requirement activities.field: field Activity.RoxActivityKey__c is not in the package',
    );
  });

  it('looks up a namespaced custom-object field on its own object, not on Activity', async () => {
    const res = await run((j) => {
      j.requirements.push({
        ...j.requirements.find((x) => x.id === 'activities.fieldAccess'),
        id: 'idMapping.fieldAccess',
        check: { type: 'fieldAccess', objects: ['ID_Mapping__c'], fields: ['Match_Reason__c', 'Not_There__c'], namespaced: true, access: 'read', adminProfileSatisfies: false },
      });
    });
    expect(res.problems.map((p) => p.message)).toEqual([
      'requirement idMapping.fieldAccess: field ID_Mapping__c.Not_There__c is not in the package',
    ]);
  });

  it('parses to typed data the companion can use', () => {
    const res = parseRequirements(readFileSync(join(ROOT, REQUIREMENTS), 'utf8'));
    expect(res.ok).toBe(true);
    expect(res.data.namespace).toBe('RoxAI');
    expect(res.data.requirements.find((r) => r.id === 'user.license').check.warnKeys).toEqual(['PID_Salesforce_Integration']);
  });
});
