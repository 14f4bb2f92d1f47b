import { readFileSync } from 'node:fs';
import {
  checksOfType,
  loadRequirements,
  parseRequirementsText,
  qualify,
  REQUIREMENTS_FILE,
  RequirementsError,
  withNamespace,
} from '../../src/doctor/requirements.js';

describe('requirements list', () => {
  it('reads the one shared list from force-app through the CommonJS zod schema', () => {
    expect(REQUIREMENTS_FILE).toMatch(/force-app\/main\/default\/staticresources\/RoxIntegrationRequirements\.json$/);
    const list = loadRequirements();
    expect(list.namespace).toBe('RoxAI');
    expect(list.requirements).toHaveLength(32);
    expect(new Set(list.requirements.map((r) => r.check.type)).size).toBe(13);
    expect(list.requirements[0]).toMatchObject({ id: 'user.active', check: { type: 'userActive' }, severity: 'fail' });
  });

  it('rejects a list the schema rejects, naming the requirement', () => {
    const json = JSON.parse(readFileSync(REQUIREMENTS_FILE, 'utf8'));
    json.requirements[3].check.permission = 'ApiEnabled';
    let error: unknown;
    try {
      parseRequirementsText(JSON.stringify(json));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RequirementsError);
    expect((error as RequirementsError).problems).toEqual([
      'requirement user.apiEnabled: requirements.3.check.permission: a PermissionSet field such as PermissionsApiEnabled',
    ]);
  });

  it('rejects text that is not JSON and a file that does not exist', () => {
    expect(() => parseRequirementsText('{')).toThrow(/not a valid requirement list: not valid JSON/);
    expect(() => loadRequirements('/nonexistent/requirements.json')).toThrow(RequirementsError);
  });

  it('prefixes only custom names of namespaced checks, as RoxRequirements.withNamespace', () => {
    expect(withNamespace('RoxAI__', 'ID_Mapping__c')).toBe('RoxAI__ID_Mapping__c');
    expect(withNamespace('RoxAI__', 'roxai__ID_Mapping__c')).toBe('roxai__ID_Mapping__c');
    expect(withNamespace('RoxAI__', 'Task')).toBe('Task');
    expect(withNamespace('', 'ID_Mapping__c')).toBe('ID_Mapping__c');
    const [idMapping, account] = checksOfType(loadRequirements(), 'objectAccess');
    expect(qualify(idMapping, 'RoxAI__', idMapping.object)).toBe('RoxAI__ID_Mapping__c');
    expect(qualify(account, 'RoxAI__', 'Custom__c')).toBe('Custom__c');
  });
});
