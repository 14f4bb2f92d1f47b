'use strict';
const references = require('../references');
const { makeProject, DEFAULT } = require('./fixture');

const PS = `${DEFAULT}/permissionsets/Rox_Setup_Admin.permissionset-meta.xml`;
const IUA = `${DEFAULT}/permissionsets/Rox_Integration_User_Access.permissionset-meta.xml`;
const TAB = `${DEFAULT}/tabs/Rox_Setup.tab-meta.xml`;

let fx;
beforeEach(() => {
  fx = makeProject();
});
afterEach(() => fx.cleanup());

test('the package as it is resolves every cross-reference', async () => {
  const res = await references(fx.dir);
  expect(res.problems).toEqual([]);
  expect(res.ok).toBe(true);
});

test('a permission set granting a class that is not in the package', async () => {
  fx.edit(PS, (t) =>
    t.replace('<apexClass>RoxSetupController</apexClass>', '<apexClass>RoxSetupControler</apexClass>'),
  );
  const res = await references(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems).toEqual([
    { file: PS, message: 'grants Apex class RoxSetupControler, which is not in the package' },
  ]);
});

test('a permission set granting a custom field that is not in the package', async () => {
  fx.edit(IUA, (t) =>
    t
      .replace('<field>Task.RoxActivityId__c</field>', '<field>Task.RoxActivityKey__c</field>')
      .replace('<field>Event.RoxActivityId__c</field>', '<field>Event.RoxActivityKey__c</field>'),
  );
  const res = await references(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems).toEqual([
    { file: IUA, message: 'grants field Event.RoxActivityKey__c, which is not in the package' },
    { file: IUA, message: 'grants field Task.RoxActivityKey__c, which is not in the package' },
  ]);
});

test('field-level security of an Activity field given as Activity.X (not the form an org retrieves)', async () => {
  fx.edit(IUA, (t) =>
    t
      .replace('<field>Task.RoxActivityId__c</field>', '<field>Activity.RoxActivityId__c</field>')
      .replace(/<fieldPermissions>\s*<editable>true<\/editable>\s*<field>Event\.RoxActivityId__c<\/field>\s*<readable>true<\/readable>\s*<\/fieldPermissions>/, ''),
  );
  const res = await references(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems).toEqual([
    {
      file: IUA,
      message:
        'grants field Activity.RoxActivityId__c: field-level security of an Activity field is set per child object, as Task.RoxActivityId__c and Event.RoxActivityId__c',
    },
  ]);
});

test('an Activity field granted on Task but not on Event', async () => {
  fx.edit(IUA, (t) =>
    t.replace(/<fieldPermissions>\s*<editable>true<\/editable>\s*<field>Event\.RoxActivityId__c<\/field>\s*<readable>true<\/readable>\s*<\/fieldPermissions>/, ''),
  );
  const res = await references(fx.dir);
  expect(res.problems).toEqual([{ file: IUA, message: 'grants Activity field Task.RoxActivityId__c but not Event.RoxActivityId__c' }]);
});

test('a permission set showing a tab that is not in the package', async () => {
  fx.edit(PS, (t) => t.replace('<tab>Rox_Setup</tab>', '<tab>Rox_Settings</tab>'));
  const res = await references(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems).toEqual([{ file: PS, message: 'shows tab Rox_Settings, which is not in the package' }]);
});

test('a tab showing an LWC that is not exposed as a tab', async () => {
  fx.edit(TAB, (t) =>
    t.replace('<lwcComponent>roxSetupChecker</lwcComponent>', '<lwcComponent>roxFixture</lwcComponent>'),
  );
  const res = await references(fx.dir);
  expect(res.ok).toBe(false);
  expect(res.problems[0].message).toBe('LWC roxFixture is used by a tab but is not exposed with target lightning__Tab');
});
