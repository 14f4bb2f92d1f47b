const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { XMLValidator, XMLParser } = require('fast-xml-parser');
const { render, files } = require('../generate.js');

const ROOT = join(__dirname, '../../..');
const REQ = join(ROOT, 'force-app/main/default/staticresources/RoxIntegrationRequirements.json');
const requirementsText = () => readFileSync(REQ, 'utf8');

describe('org-owned Rox Integration Object Access permission set', () => {
  it('is committed exactly as generated from the requirements list (no drift)', () => {
    const out = render(requirementsText());
    expect(readFileSync(files().permissionSet, 'utf8')).toBe(out.permissionSet);
    expect(readFileSync(files().packageXml, 'utf8')).toBe(out.packageXml);
  });

  it('is well-formed metadata granting the standard objects the checker asks for', () => {
    const { permissionSet, packageXml } = render(requirementsText());
    expect(XMLValidator.validate(permissionSet)).toBe(true);
    expect(XMLValidator.validate(packageXml)).toBe(true);
    const ps = new XMLParser({ isArray: (name) => ['objectPermissions', 'fieldPermissions', 'userPermissions'].includes(name) }).parse(permissionSet).PermissionSet;
    const objects = Object.fromEntries(ps.objectPermissions.map((o) => [o.object, o]));
    expect(Object.keys(objects).sort()).toEqual(['Account', 'Contact', 'Lead', 'Opportunity', 'Product2']);
    expect(objects.Lead.allowCreate).toBe(true);
    expect(objects.Product2.allowEdit).toBe(false);
    expect(ps.userPermissions.map((u) => u.name).sort()).toEqual(
      ['ActivitiesAccess', 'ApiEnabled', 'EditEvent', 'EditTask', 'InstallPackaging', 'ViewSetup'],
    );
    const fields = ps.fieldPermissions.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['Account.Website', 'Contact.Email', 'Opportunity.Amount', 'Lead.Email']));
  });

  it('never names a field without its own field-level security (deploy would fail)', () => {
    const { permissionSet } = render(requirementsText());
    for (const f of ['Account.Name', 'Account.Id', 'Opportunity.StageName', 'Opportunity.CloseDate', 'Lead.Company', 'Lead.LastName', 'Contact.SystemModstamp']) {
      expect(permissionSet).not.toContain(`<field>${f}</field>`);
    }
  });

  it('follows a change of the requirements list', () => {
    const json = JSON.parse(requirementsText());
    json.requirements.find((r) => r.id === 'fields.Contact').check.fields.push('Department');
    const { permissionSet } = render(JSON.stringify(json));
    expect(permissionSet).toContain('<field>Contact.Department</field>');
  });

  it('refuses an invalid requirements list instead of writing a partial permission set', () => {
    expect(() => render('{"schemaVersion": 2}')).toThrow(/requirements list is invalid/);
  });
});
