import { ids, makeSource } from './fixture.js';
import { failure, records, run } from './helpers.js';

const AGG = { type: 'AggregateResult' };

describe('aggregate queries', () => {
  it('returns one AggregateResult row without GROUP BY, keyed expr0, expr1… for unaliased functions', () => {
    const result = run('SELECT COUNT(Id), SUM(AnnualRevenue) total, MAX(CreatedDate), MIN(Name) FROM Account');
    expect(result.isAggregate).toBe(true);
    expect(result.count).toBe(1);
    expect(records('SELECT COUNT(Id), SUM(AnnualRevenue) total, MAX(CreatedDate), MIN(Name) FROM Account')).toEqual([
      { attributes: AGG, expr0: 4, total: 2250.5, expr1: '2024-03-11T00:00:00.000+0000', expr2: 'Acme' },
    ]);
  });

  it('still returns one row when nothing matches: COUNT 0, SUM/AVG/MIN/MAX null', () => {
    expect(
      records(
        "SELECT COUNT(Id), SUM(AnnualRevenue), AVG(NumberOfEmployees), MIN(Name) FROM Account WHERE Name = 'none'",
      ),
    ).toEqual([{ attributes: AGG, expr0: 0, expr1: null, expr2: null, expr3: null }]);
  });

  it('COUNT(field) counts non-null values, COUNT_DISTINCT distinct ones (case-insensitively)', () => {
    expect(records('SELECT COUNT(Industry), COUNT_DISTINCT(Industry), COUNT(Id) FROM Account')).toEqual([
      { attributes: AGG, expr0: 3, expr1: 2, expr2: 4 },
    ]);
  });

  it('AVG averages the non-null numbers; MIN/MAX of a date field return dates', () => {
    const [row] = records(
      'SELECT AVG(AnnualRevenue) a, MIN(LastActivityDate) lo, MAX(LastActivityDate) hi FROM Account',
    );
    expect(row).toEqual({ attributes: AGG, a: 2250.5 / 3, lo: '2024-02-29', hi: '2024-03-11' });
  });

  it('GROUP BY a field: one row per value, the key named after the field', () => {
    expect(records('SELECT Industry, COUNT(Id) n FROM Account GROUP BY Industry ORDER BY Industry NULLS LAST')).toEqual(
      [
        { attributes: AGG, Industry: 'Finance', n: 1 },
        { attributes: AGG, Industry: 'Technology', n: 2 },
        { attributes: AGG, Industry: null, n: 1 },
      ],
    );
  });

  it('GROUP BY a parent field: the key is its last segment (Account.Name → Name)', () => {
    expect(
      records(
        'SELECT Account.Name, COUNT(Id) FROM Contact GROUP BY Account.Name ORDER BY COUNT(Id) DESC, Account.Name',
      ),
    ).toEqual([
      { attributes: AGG, Name: 'Acme', expr0: 2 },
      { attributes: AGG, Name: null, expr0: 1 },
      { attributes: AGG, Name: 'Zeta', expr0: 1 },
    ]);
  });

  it('totalSize counts groups; LIMIT and OFFSET apply to groups', () => {
    expect(run('SELECT Industry FROM Account GROUP BY Industry').count).toBe(3);
    const page = records(
      'SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry ORDER BY COUNT(Id) DESC, Industry LIMIT 2 OFFSET 1',
    );
    expect(page).toEqual([
      { attributes: AGG, Industry: null, expr0: 1 },
      { attributes: AGG, Industry: 'Finance', expr0: 1 },
    ]);
  });

  it('queryAll aggregates deleted rows too', () => {
    const [row] = records('SELECT COUNT(Id) FROM Account', { includeDeleted: true, apiVersion: '62.0' });
    expect(row.expr0).toBe(5);
  });

  it('HAVING filters groups by aggregates and grouped fields', () => {
    expect(records('SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING COUNT(Id) > 1')).toEqual([
      { attributes: AGG, Industry: 'Technology', expr0: 2 },
    ]);
    expect(
      records(
        "SELECT Industry ind FROM Account GROUP BY Industry HAVING Industry LIKE 'F%' OR SUM(AnnualRevenue) > 1700",
      ),
    ).toEqual([
      { attributes: AGG, ind: 'Technology' },
      { attributes: AGG, ind: 'Finance' },
    ]);
  });

  it('ORDER BY an aggregate alias', () => {
    const rows = records(
      'SELECT Industry, SUM(NumberOfEmployees) emp FROM Account GROUP BY Industry ORDER BY emp DESC',
    );
    expect(rows.map((r) => r.emp)).toEqual([200, 125, 10]);
  });

  it('COUNT() with GROUP BY is refused (API 19.0 and later: use COUNT(fieldName))', () => {
    const error = failure('SELECT COUNT() FROM Account GROUP BY Industry');
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toContain('ERROR at Row:1:Column:8');
  });

  it('COUNT() with ORDER BY is refused; COUNT(Id) with ORDER BY of a grouped query is fine', () => {
    expect(failure('SELECT COUNT() FROM Account ORDER BY Name').message).toContain('ERROR at Row:1:Column:29');
    expect(records('SELECT Name, COUNT(Id) FROM Account GROUP BY Name ORDER BY Name LIMIT 1')).toHaveLength(1);
  });

  it('an aggregate with LIMIT needs GROUP BY; a formula field cannot be grouped', () => {
    expect(failure('SELECT MAX(CreatedDate) FROM Account LIMIT 1').errorCode).toBe('MALFORMED_QUERY');
    expect(records('SELECT Name, MAX(CreatedDate) FROM Account GROUP BY Name LIMIT 1')).toHaveLength(1);
    expect(failure('SELECT Account_Name__c FROM Contact GROUP BY Account_Name__c').message).toContain(
      "field 'Account_Name__c' can not be grouped in a query call",
    );
  });

  it('WHERE and USING SCOPE pick the rows that are grouped', () => {
    const rows = records(
      `SELECT OwnerId, COUNT(Id) FROM Account WHERE CreatedDate > 2024-01-01T00:00:00Z GROUP BY OwnerId ORDER BY OwnerId`,
    );
    expect(rows).toEqual([
      { attributes: AGG, OwnerId: null, expr0: 1 },
      { attributes: AGG, OwnerId: ids.uma, expr0: 2 },
      { attributes: AGG, OwnerId: ids.vic, expr0: 1 },
    ]);
  });
});

describe('aggregate query errors', () => {
  it('a selected field that is not grouped', () => {
    const error = failure('SELECT Name, COUNT(Id) FROM Account GROUP BY Industry');
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toContain('Field must be grouped or aggregated: Name');
    expect(failure('SELECT Name, COUNT(Id) FROM Account').message).toContain(
      'Field must be grouped or aggregated: Name',
    );
  });

  it('ORDER BY a field that is not grouped', () => {
    expect(failure('SELECT Industry FROM Account GROUP BY Industry ORDER BY Name').message).toContain(
      'Ordered field must be grouped or aggregated: Name',
    );
  });

  it('SUM / AVG of a non-number, any aggregate of a boolean', () => {
    const sum = failure('SELECT SUM(Name) FROM Account');
    expect(sum.errorCode).toBe('MALFORMED_QUERY');
    expect(sum.message).toMatch(/\nERROR at Row:1:Column:12\nfield Name does not support aggregate operator SUM$/);
    expect(failure('SELECT AVG(CreatedDate) FROM Account').message).toContain(
      'field CreatedDate does not support aggregate operator AVG',
    );
    expect(failure('SELECT COUNT(DoNotCall) FROM Contact').message).toContain(
      'field DoNotCall does not support aggregate operator COUNT',
    );
  });

  it('grouping by a field that is not groupable', () => {
    const error = failure('SELECT Tier__c FROM Account GROUP BY Tier__c');
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toContain("field 'Tier__c' can not be grouped in a query call");
  });

  it('an unknown field in an aggregate is INVALID_FIELD', () => {
    expect(failure('SELECT SUM(Bogus) FROM Account').errorCode).toBe('INVALID_FIELD');
  });

  it('a child subquery or TYPEOF in an aggregate query is refused in Salesforce style', () => {
    const sub = failure('SELECT Name, (SELECT Id FROM Contacts) FROM Account GROUP BY Name');
    expect(sub.errorCode).toBe('MALFORMED_QUERY');
    expect(sub.message).not.toContain('local org');
    const typeOf = failure('SELECT COUNT(Id), TYPEOF What WHEN Account THEN Name END FROM Task');
    expect(typeOf.errorCode).toBe('MALFORMED_QUERY');
  });

  it('HAVING without GROUP BY', () => {
    expect(failure('SELECT COUNT(Id) FROM Account HAVING COUNT(Id) > 1').errorCode).toBe('MALFORMED_QUERY');
  });

  it('more than 2,000 groups: aggregate queries have no queryMore', () => {
    const many = Array.from({ length: 2001 }, (_, i) => ({
      Id: `001${String(i + 100).padStart(12, '0')}AAA`,
      Name: `A${i}`,
    }));
    const source = makeSource(undefined, { Account: many });
    const error = failure('SELECT Name FROM Account GROUP BY Name', undefined, source);
    expect(error.errorCode).toBe('EXCEEDED_ID_LIMIT');
    expect(error.message).toBe(
      'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch',
    );
    expect(run('SELECT Name FROM Account GROUP BY Name LIMIT 2000', undefined, source).count).toBe(2000);
  });
});
