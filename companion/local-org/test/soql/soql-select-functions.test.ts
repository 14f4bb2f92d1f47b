import type { ObjectDef } from '../../src/schema-types.js';
import { ids, makeSource, type FixtureSource } from './fixture.js';
import { failure, records } from './helpers.js';

const url = (type: string, recordId: string): string => `/services/data/v62.0/sobjects/${type}/${recordId}`;

/** The fixture with labels on Account.Industry and a scale on NumberOfEmployees. */
function labelled(): FixtureSource {
  const source = makeSource();
  const getObject = source.getObject.bind(source);
  source.getObject = (name: string): ObjectDef | undefined => {
    const def = getObject(name);
    if (!def || def.name !== 'Account') return def;
    return {
      ...def,
      fields: def.fields.map((f) =>
        f.name === 'Industry'
          ? {
              ...f,
              picklistValues: [
                { value: 'Technology', label: 'Tech', active: true, defaultValue: false },
                { value: 'Finance', label: 'Financial Services', active: true, defaultValue: false },
              ],
            }
          : f,
      ),
    };
  };
  return source;
}

describe('toLabel()', () => {
  it('returns the picklist label under the field name, or under the alias', () => {
    const rows = records(
      "SELECT Name, toLabel(Industry) FROM Account WHERE Name IN ('Acme', 'Zeta', 'beta corp') ORDER BY Name",
      undefined,
      labelled(),
    );
    expect(rows.map((r) => [r.Name, r.Industry])).toEqual([
      ['Acme', 'Tech'],
      ['beta corp', null],
      ['Zeta', 'Financial Services'],
    ]);
    const [acme] = records(
      "SELECT Industry, toLabel(Industry) label FROM Account WHERE Name = 'Acme'",
      undefined,
      labelled(),
    );
    expect(acme).toEqual({
      attributes: { type: 'Account', url: url('Account', ids.acme) },
      Industry: 'Technology',
      label: 'Tech',
    });
  });

  it('returns a value without a picklist entry as it is; refuses a field that is not a picklist', () => {
    const [alpha] = records("SELECT toLabel(Industry) FROM Account WHERE Name = 'Alpha'", undefined, labelled());
    expect(alpha.Industry).toBe('technology');
    expect(failure('SELECT toLabel(Email) FROM Contact').errorCode).toBe('MALFORMED_QUERY');
  });

  it('through a relationship, nested under it', () => {
    const [ann] = records(
      `SELECT toLabel(Account.Industry) FROM Contact WHERE Id = '${ids.ann}'`,
      undefined,
      labelled(),
    );
    expect(ann).toEqual({
      attributes: { type: 'Contact', url: url('Contact', ids.ann) },
      Account: { attributes: { type: 'Account', url: url('Account', ids.acme) }, Industry: 'Tech' },
    });
  });

  it('in WHERE compares the label, falling back to the value without an entry', () => {
    const src = labelled();
    const names = (soql: string): unknown[] => records(soql, undefined, src).map((r) => r.Name);
    expect(names("SELECT Name FROM Account WHERE toLabel(Industry) = 'Tech' ORDER BY Name")).toEqual(['Acme']);
    expect(names("SELECT Name FROM Account WHERE toLabel(Industry) LIKE 'Fin%'")).toEqual(['Zeta']);
    expect(names("SELECT Name FROM Account WHERE toLabel(Industry) = 'Technology' ORDER BY Name")).toEqual(['Alpha']);
  });

  it('selecting the same key twice is a duplicate', () => {
    expect(failure('SELECT Industry, toLabel(Industry) FROM Account').message).toBe(
      'duplicate field selected: Industry',
    );
  });
});

describe('FORMAT()', () => {
  it('formats currency, numbers, dates and dateTimes for en_US in GMT', () => {
    const [alpha] = records(
      "SELECT FORMAT(AnnualRevenue) rev, FORMAT(NumberOfEmployees) emp, FORMAT(LastActivityDate) d, FORMAT(CreatedDate) c, AnnualRevenue FROM Account WHERE Name = 'Alpha'",
    );
    expect(alpha).toEqual({
      attributes: { type: 'Account', url: url('Account', ids.alpha) },
      rev: '$750.50',
      emp: '75',
      d: '3/4/2024',
      c: '1/1/2024, 1:00 AM',
      AnnualRevenue: 750.5,
    });
    const [zeta] = records("SELECT FORMAT(AnnualRevenue), FORMAT(CreatedDate) FROM Account WHERE Name = 'Zeta'");
    expect(zeta.AnnualRevenue).toBeNull();
    expect(zeta.CreatedDate).toBe('3/11/2024, 12:00 AM');
  });
});

describe('FORMAT() in aggregate queries', () => {
  it('formats an aggregate by its field type, and a grouped field', () => {
    const q = 'SELECT FORMAT(SUM(AnnualRevenue)) total, FORMAT(MIN(LastActivityDate)) earliest, COUNT(Id) FROM Account';
    expect(records(q)).toEqual([
      { attributes: { type: 'AggregateResult' }, total: '$2,250.50', earliest: '2/29/2024', expr0: 4 },
    ]);
    const grouped = records(
      "SELECT FORMAT(LastActivityDate) d, COUNT(Id) FROM Account WHERE Name = 'Acme' GROUP BY LastActivityDate",
    );
    expect(grouped).toEqual([{ attributes: { type: 'AggregateResult' }, d: '3/11/2024', expr0: 1 }]);
  });
});

describe('convertCurrency()', () => {
  it('is refused: the local org has a single currency', () => {
    const error = failure('SELECT Id, convertCurrency(AnnualRevenue) FROM Account');
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toContain('ERROR at Row:1:Column:12\n');
    expect(failure('SELECT FORMAT(convertCurrency(AnnualRevenue)) amt FROM Account').errorCode).toBe('MALFORMED_QUERY');
  });
});

describe('TYPEOF', () => {
  it('returns the WHEN fields for the parent object, the ELSE fields otherwise, attributes.type the real object', () => {
    const rows = records(
      'SELECT Subject, TYPEOF Who WHEN Contact THEN Email, Account.Name ELSE Name END FROM Task ORDER BY Subject',
    );
    expect(rows).toEqual([
      {
        attributes: { type: 'Task', url: url('Task', ids.call) },
        Subject: 'Call',
        Who: {
          attributes: { type: 'Contact', url: url('Contact', ids.ann) },
          Email: 'ann@acme.com',
          Account: { attributes: { type: 'Account', url: url('Account', ids.acme) }, Name: 'Acme' },
        },
      },
      {
        attributes: { type: 'Task', url: url('Task', ids.email) },
        Subject: 'Email',
        Who: { attributes: { type: 'Lead', url: url('Lead', ids.lead) }, Name: 'Lou Lead' },
      },
    ]);
  });

  it('a parent with no matching WHEN and no ELSE gives its attributes only; an empty lookup gives null', () => {
    const rows = records('SELECT TYPEOF What WHEN Account THEN Name, Industry END FROM Task ORDER BY Subject');
    expect(rows.map((r) => r.What)).toEqual([
      { attributes: { type: 'Account', url: url('Account', ids.acme) }, Name: 'Acme', Industry: 'Technology' },
      null,
    ]);
    const [lead] = records(`SELECT TYPEOF Who WHEN Contact THEN Email END FROM Task WHERE Id = '${ids.email}'`);
    expect(lead.Who).toEqual({ attributes: { type: 'Lead', url: url('Lead', ids.lead) } });
  });

  it('errors: unknown relationship, a relationship that is not polymorphic, a WHEN type it cannot point to', () => {
    expect(failure('SELECT TYPEOF Bogus WHEN Account THEN Name END FROM Task').errorCode).toBe('INVALID_FIELD');
    expect(failure('SELECT TYPEOF Account WHEN Account THEN Name END FROM Contact').errorCode).toBe('MALFORMED_QUERY');
    expect(failure('SELECT TYPEOF Who WHEN Account THEN Name END FROM Task').errorCode).toBe('MALFORMED_QUERY');
    expect(failure('SELECT TYPEOF Who WHEN Contact THEN Bogus END FROM Task').errorCode).toBe('INVALID_FIELD');
    expect(failure('SELECT TYPEOF Who WHEN Contact THEN Email ELSE Industry END FROM Task').message).toContain(
      "No such column 'Industry' on entity 'Name'",
    );
  });
});
