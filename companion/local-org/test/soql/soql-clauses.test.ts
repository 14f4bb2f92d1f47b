/**
 * WITH SECURITY_ENFORCED / USER_MODE / SYSTEM_MODE, USING SCOPE, FOR VIEW / REFERENCE / UPDATE and
 * FIELDS() (soql-clauses.ts; sources cited there).
 */
import { ids, QUERY } from './fixture.js';
import { failure, idsOf, records, run } from './helpers.js';

const AS_UMA = { ...QUERY, userId: ids.uma };

describe('WITH SECURITY_ENFORCED / USER_MODE / SYSTEM_MODE', () => {
  it.each(['WITH SECURITY_ENFORCED', 'WITH USER_MODE', 'WITH SYSTEM_MODE'])('accepts %s', (clause) => {
    expect(idsOf(`SELECT Id FROM Account ${clause} ORDER BY Name`)).toEqual([ids.acme, ids.alpha, ids.beta, ids.zeta]);
    expect(idsOf(`SELECT Id FROM Account WHERE Name = 'Acme' ${clause} LIMIT 1`)).toEqual([ids.acme]);
  });

  it.each(['WITH SECURITY_ENFORCED', 'WITH USER_MODE', 'WITH SYSTEM_MODE'])(
    'keeps the user’s field-level security with %s (a REST query runs as the user; SYSTEM_MODE over REST UNCONFIRMED)',
    (clause) => {
      const inSelect = failure(`SELECT Id, Secret__c FROM Account ${clause}`);
      expect(inSelect.errorCode).toBe('INVALID_FIELD');
      expect(inSelect.message).toMatch(/No such column 'Secret__c' on entity 'Account'/);
      const inWhere = failure(`SELECT Id FROM Account WHERE Secret__c = 'x' ${clause}`);
      expect(inWhere.errorCode).toBe('INVALID_FIELD');
    },
  );
});

describe('USING SCOPE', () => {
  it('mine: records the running user owns', () => {
    expect(idsOf('SELECT Id FROM Account USING SCOPE mine ORDER BY Name', AS_UMA)).toEqual([ids.acme, ids.zeta]);
    expect(idsOf('SELECT Id FROM Account USING SCOPE Mine', { ...QUERY, userId: ids.vic })).toEqual([ids.beta]);
    expect(idsOf("SELECT Id FROM Account USING SCOPE mine WHERE Name LIKE 'Z%'", AS_UMA)).toEqual([ids.zeta]);
  });

  it('mine with a 15-character user Id, and with queryAll still honours the scope', () => {
    expect(idsOf('SELECT Id FROM Account USING SCOPE mine', { ...QUERY, userId: ids.vic.slice(0, 15) })).toEqual([
      ids.beta,
    ]);
    expect(idsOf('SELECT Id FROM Account USING SCOPE mine ORDER BY Name', { ...AS_UMA, includeDeleted: true })).toEqual(
      [ids.acme, ids.deletedAccount, ids.zeta],
    );
  });

  it('everything: all records; team: approximated as mine (no teams in the local org, UNCONFIRMED)', () => {
    expect(idsOf('SELECT Id FROM Account USING SCOPE everything', AS_UMA)).toHaveLength(4);
    expect(idsOf('SELECT Id FROM Account USING SCOPE team ORDER BY Name', AS_UMA)).toEqual([ids.acme, ids.zeta]);
  });

  it('counts within the scope', () => {
    expect(run('SELECT COUNT() FROM Account USING SCOPE mine', AS_UMA).count).toBe(2);
  });

  it('refuses other scopes and objects without an owner, saying the local org does not support them', () => {
    for (const soql of ['SELECT Id FROM Account USING SCOPE delegated', 'SELECT Id FROM Contact USING SCOPE mine']) {
      const error = failure(soql, AS_UMA);
      expect([soql, error.errorCode]).toEqual([soql, 'MALFORMED_QUERY']);
      expect(error.message).toContain("is not supported by the local org's SOQL engine");
    }
  });
});

describe('FOR VIEW / FOR REFERENCE / FOR UPDATE', () => {
  it('FOR VIEW and FOR REFERENCE return the rows and tell the caller to record them', () => {
    const view = run("SELECT Id FROM Account WHERE Name = 'Acme' FOR VIEW");
    expect(view.rows.map((r) => r.Id)).toEqual([ids.acme]);
    expect(view.recentUsage).toBe('VIEW');
    expect(run('SELECT Id FROM Account LIMIT 1 FOR REFERENCE').recentUsage).toBe('REFERENCE');
    expect(run('SELECT Id FROM Account').recentUsage).toBeUndefined();
  });

  it('FOR UPDATE returns the rows (a REST query is its own transaction, so the lock ends with it)', () => {
    expect(run("SELECT Id FROM Account WHERE Name = 'Acme' FOR UPDATE").rows.map((r) => r.Id)).toEqual([ids.acme]);
  });

  it('FOR UPDATE with ORDER BY is refused: no ORDER BY in a query that uses locking', () => {
    const error = failure('SELECT Id FROM Account ORDER BY Name LIMIT 2 FOR UPDATE');
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toContain(
      'ERROR at Row:1:Column:24\nORDER BY is not allowed in a query that uses FOR UPDATE',
    );
  });
});

describe('FIELDS()', () => {
  it('FIELDS(STANDARD) selects the standard fields the user can see, in describe order, without a LIMIT', () => {
    const [acme] = records("SELECT FIELDS(STANDARD) FROM Account WHERE Name = 'Acme'");
    expect(Object.keys(acme)).toEqual([
      'attributes',
      'Id',
      'Name',
      'Industry',
      'AnnualRevenue',
      'NumberOfEmployees',
      'IsDeleted',
      'CreatedDate',
      'LastActivityDate',
      'OwnerId',
    ]);
    expect(acme.Name).toBe('Acme');
  });

  it('FIELDS(CUSTOM) and FIELDS(ALL) with LIMIT 200 leave out fields hidden by FLS', () => {
    const [acme] = records("SELECT Name, FIELDS(CUSTOM) FROM Account WHERE Name = 'Acme' LIMIT 200");
    expect(Object.keys(acme)).toEqual(['attributes', 'Name', 'Tier__c']);
    expect(acme.Tier__c).toBe('Gold;Silver');
    const [all] = records("SELECT FIELDS(ALL) FROM Account WHERE Name = 'Acme' LIMIT 1");
    expect(Object.keys(all)).toContain('Tier__c');
    expect(Object.keys(all)).toContain('Industry');
    expect(Object.keys(all)).not.toContain('Secret__c');
  });

  it('FIELDS() in a child subquery', () => {
    const [acme] = records(
      "SELECT Name, (SELECT FIELDS(CUSTOM) FROM Contacts) FROM Account WHERE Name = 'Acme' LIMIT 10",
    );
    const contacts = acme.Contacts as { records: Record<string, unknown>[] };
    expect(Object.keys(contacts.records[0])).toEqual(['attributes', 'Account_Name__c']);
  });

  it('FIELDS(ALL) and FIELDS(CUSTOM) need LIMIT 200 or less (MALFORMED_QUERY)', () => {
    for (const soql of [
      'SELECT FIELDS(ALL) FROM Account',
      'SELECT FIELDS(CUSTOM) FROM Account LIMIT 201',
      'SELECT Id, (SELECT FIELDS(ALL) FROM Contacts) FROM Account',
    ]) {
      const error = failure(soql);
      expect([soql, error.errorCode]).toEqual([soql, 'MALFORMED_QUERY']);
      expect(error.message).toMatch(/\nThe SOQL FIELDS function must have a LIMIT of at most 200$/);
    }
    expect(failure('SELECT FIELDS(ALL) FROM Account').message).toMatch(/ERROR at Row:1:Column:8\n/);
  });

  it('a field selected twice through FIELDS() is INVALID_FIELD "duplicate field selected" (SOQL reference)', () => {
    const error = failure('SELECT Id, FIELDS(ALL) FROM Account LIMIT 200');
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.message).toBe('duplicate field selected: Id');
  });

  it('is not available before API 51.0 (UNSUPPORTED_API_VERSION)', () => {
    const error = failure('SELECT FIELDS(STANDARD) FROM Account', { ...QUERY, apiVersion: '50.0' });
    expect(error.errorCode).toBe('UNSUPPORTED_API_VERSION');
    expect(error.message).toBe(
      '\nSELECT FIELDS(STANDARD) FROM Account\n       ^\nERROR at Row:1:Column:8\nThe SOQL FIELDS function is not supported in this version of the API',
    );
  });

  it('other FIELDS() arguments are a parse error', () => {
    expect(failure('SELECT FIELDS(BOGUS) FROM Account LIMIT 1').errorCode).toBe('MALFORMED_QUERY');
  });
});
