import { ids, makeSource, QUERY, QUERY_ALL } from './fixture.js';
import { idsOf, records, run } from './helpers.js';

const url = (type: string, recordId: string): string => `/services/data/v62.0/sobjects/${type}/${recordId}`;

describe('SELECT projection', () => {
  it('returns attributes and the selected fields only, under canonical API names', () => {
    const [acme] = records("select id, NAME from ACCOUNT where name = 'acme'");
    expect(acme).toEqual({
      attributes: { type: 'Account', url: url('Account', ids.acme) },
      Id: ids.acme,
      Name: 'Acme',
    });
    expect(Object.keys(acme)).toEqual(['attributes', 'Id', 'Name']);
  });

  it('reports the canonical object name and omits Id when it is not selected', () => {
    const result = run('SELECT Name FROM account ORDER BY Name LIMIT 1');
    expect(result.objectName).toBe('Account');
    expect(result.project(result.rows[0])).toEqual({
      attributes: { type: 'Account', url: url('Account', ids.acme) },
      Name: 'Acme',
    });
  });

  it('builds attributes.url from the request API version', () => {
    const result = run("SELECT Id FROM Account WHERE Name = 'Acme'", { includeDeleted: false, apiVersion: '59.0' });
    expect(result.project(result.rows[0]).attributes).toEqual({
      type: 'Account',
      url: `/services/data/v59.0/sobjects/Account/${ids.acme}`,
    });
  });

  it('returns JSON types: numbers, booleans, null, dates and Salesforce-format datetimes', () => {
    const [beta] = records(
      `SELECT AnnualRevenue, NumberOfEmployees, Industry, CreatedDate, LastActivityDate FROM Account WHERE Id = '${ids.beta}'`,
    );
    expect(beta).toMatchObject({
      AnnualRevenue: 500,
      NumberOfEmployees: 10,
      Industry: null,
      CreatedDate: '2024-03-10T23:59:59.000+0000',
      LastActivityDate: '2024-02-29',
    });
    const [alpha] = records(`SELECT CreatedDate, Tier__c FROM Account WHERE Id = '${ids.alpha}'`);
    expect(alpha.CreatedDate).toBe('2024-01-01T01:00:00.000+0000');
    expect(alpha.Tier__c).toBe('Silver');
    const contacts = records('SELECT DoNotCall, Birthdate FROM Contact ORDER BY LastName');
    expect(contacts.map((c) => c.DoNotCall)).toEqual([true, false, false, false]);
    expect(contacts.map((c) => c.Birthdate)).toEqual(['1990-05-01', '2000-12-31', null, '1985-01-15']);
  });

  it('nests parent fields of any depth under the relationship name, null when the lookup is empty', () => {
    const rows = records('SELECT Name, account.name, Account.Owner.Name FROM Contact ORDER BY Name');
    expect(rows[0]).toEqual({
      attributes: { type: 'Contact', url: url('Contact', ids.ann) },
      Name: 'Ann Lee',
      Account: {
        attributes: { type: 'Account', url: url('Account', ids.acme) },
        Name: 'Acme',
        Owner: { attributes: { type: 'User', url: url('User', ids.uma) }, Name: 'Uma Owner' },
      },
    });
    expect(rows[2]).toEqual({
      attributes: { type: 'Contact', url: url('Contact', ids.cy) },
      Name: 'Cy Young',
      Account: null,
    });
  });

  it('groups several fields of one relationship into one nested object at its first position', () => {
    const [ann] = records(
      `SELECT Account.Name, LastName, Account.Industry, AccountId FROM Contact WHERE Id = '${ids.ann}'`,
    );
    expect(Object.keys(ann)).toEqual(['attributes', 'Account', 'LastName', 'AccountId']);
    expect(ann.Account).toEqual({
      attributes: { type: 'Account', url: url('Account', ids.acme) },
      Name: 'Acme',
      Industry: 'Technology',
    });
  });

  it('resolves polymorphic lookups (What, Who) through the Name entity per record', () => {
    const rows = records('SELECT Subject, What.Name, What.Type, Who.Name FROM Task ORDER BY Subject');
    expect(rows).toEqual([
      {
        attributes: { type: 'Task', url: url('Task', ids.call) },
        Subject: 'Call',
        What: { attributes: { type: 'Name', url: url('Account', ids.acme) }, Name: 'Acme', Type: 'Account' },
        Who: { attributes: { type: 'Name', url: url('Contact', ids.ann) }, Name: 'Ann Lee' },
      },
      {
        attributes: { type: 'Task', url: url('Task', ids.email) },
        Subject: 'Email',
        What: null,
        Who: { attributes: { type: 'Name', url: url('Lead', ids.lead) }, Name: 'Lou Lead' },
      },
    ]);
  });

  it('reads formula fields through the data source (here a formula reading the parent account)', () => {
    const source = makeSource();
    const rows = records(
      "SELECT LastName, Account_Name__c FROM Contact WHERE Account_Name__c = 'ACME' ORDER BY LastName",
      QUERY,
      source,
    );
    expect(rows.map((r) => [r.LastName, r.Account_Name__c])).toEqual([
      ['Lee', 'Acme'],
      ['Stone', 'Acme'],
    ]);
    expect(source.reads.get('Contact.Account_Name__c')).toBeGreaterThan(0);
  });

  it('accepts the FROM alias and the object name as field prefixes', () => {
    const [ann] = records("SELECT c.Name, c.Account.Name FROM Contact c WHERE c.LastName = 'Lee'");
    expect(ann).toMatchObject({ Name: 'Ann Lee', Account: { Name: 'Acme' } });
    expect(idsOf("SELECT Account.Name FROM Account WHERE Account.Name = 'Zeta'")).toEqual([ids.zeta]);
  });

  it('always allows Id, even when the object definition does not list it', () => {
    const source = makeSource();
    const getObject = source.getObject.bind(source);
    source.getObject = (name) => {
      const def = getObject(name);
      return def && { ...def, fields: def.fields.filter((f) => f.name !== 'Id') };
    };
    expect(records("SELECT Id FROM User WHERE Id = '" + ids.vic + "'", QUERY, source)).toEqual([
      { attributes: { type: 'User', url: url('User', ids.vic) }, Id: ids.vic },
    ]);
  });

  it('returns stored rows by reference and projects nothing until asked', () => {
    const source = makeSource();
    const result = run('SELECT Name, Industry FROM Account', QUERY, source);
    expect(result.rows[0]).toBe(source.records.Account[0]);
    expect(source.reads.get('Account.Name')).toBeUndefined();
    result.project(result.rows[0]);
    expect(source.reads.get('Account.Name')).toBe(1);
  });
});

describe('child subqueries', () => {
  const soql =
    "SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName DESC) FROM Account WHERE Name IN ('Acme', 'Zeta', 'Alpha') ORDER BY Name";

  it('returns each parent its children as a nested query result, null when there are none', () => {
    const [acme, alpha, zeta] = records(soql);
    expect(acme.Contacts).toEqual({
      totalSize: 2,
      done: true,
      records: [
        { attributes: { type: 'Contact', url: url('Contact', ids.bob) }, LastName: 'Stone' },
        { attributes: { type: 'Contact', url: url('Contact', ids.ann) }, LastName: 'Lee' },
      ],
    });
    expect(alpha.Contacts).toBeNull();
    expect((zeta.Contacts as { records: unknown[] }).records).toHaveLength(1);
  });

  it('applies the subquery WHERE and LIMIT per parent, and parent paths inside it', () => {
    const [acme] = records(
      "SELECT Name, (SELECT Name, Account.Name FROM Contacts WHERE FirstName LIKE 'b%' LIMIT 1) FROM Account WHERE Name = 'Acme'",
    );
    expect(acme.Contacts).toEqual({
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: { type: 'Contact', url: url('Contact', ids.bob) },
          Name: 'Bob Stone',
          Account: { attributes: { type: 'Account', url: url('Account', ids.acme) }, Name: 'Acme' },
        },
      ],
    });
  });

  it('hides deleted children from query() and returns them from queryAll()', () => {
    const select = "SELECT (SELECT LastName FROM Contacts) FROM Account WHERE Name = 'beta corp'";
    expect(records(select, QUERY)[0].Contacts).toBeNull();
    expect(records(select, QUERY_ALL)[0].Contacts).toMatchObject({ totalSize: 1, records: [{ LastName: 'Gone' }] });
  });

  it('follows polymorphic child relationships (Account.Tasks through Task.WhatId)', () => {
    const [acme] = records("SELECT (SELECT Subject FROM Tasks) FROM Account WHERE Name = 'Acme'");
    expect(acme.Tasks).toMatchObject({ totalSize: 1, records: [{ Subject: 'Call' }] });
  });
});

describe('COUNT()', () => {
  it('counts matching rows without returning any', () => {
    const result = run('SELECT COUNT() FROM Account');
    expect(result).toMatchObject({ isCount: true, count: 4, rows: [] });
  });

  it('counts with WHERE, with queryAll and with LIMIT', () => {
    expect(run("SELECT COUNT() FROM Account WHERE Industry = 'technology'").count).toBe(2);
    expect(run('SELECT COUNT() FROM Account', QUERY_ALL).count).toBe(5);
    expect(run('SELECT COUNT() FROM Account LIMIT 1').count).toBe(1);
  });

  it('reports ordinary queries as not counts, with count = rows returned', () => {
    expect(run('SELECT Id FROM Account LIMIT 3')).toMatchObject({ isCount: false, count: 3 });
  });
});
