import { ids, NOW } from './fixture.js';
import { failure, idsOf, records } from './helpers.js';

const AGG = { type: 'AggregateResult' };

describe('GROUP BY ROLLUP / CUBE and GROUPING()', () => {
  it('ROLLUP adds a grand-total row with a null key', () => {
    expect(
      records('SELECT Industry, COUNT(Id) cnt FROM Account WHERE Industry != null GROUP BY ROLLUP(Industry)'),
    ).toEqual([
      { attributes: AGG, Industry: 'Technology', cnt: 2 },
      { attributes: AGG, Industry: 'Finance', cnt: 1 },
      { attributes: AGG, Industry: null, cnt: 3 },
    ]);
  });

  it('two ROLLUP fields: details, then each first-field subtotal, grand total last; GROUPING tells them apart', () => {
    const rows = records(
      'SELECT Status, Subject, GROUPING(Status) gs, GROUPING(Subject) gsub, COUNT(Id) n FROM Task GROUP BY ROLLUP(Status, Subject)',
      { includeDeleted: true, apiVersion: '62.0' },
    );
    expect(rows).toEqual([
      { attributes: AGG, Status: 'Open', Subject: 'Call', gs: 0, gsub: 0, n: 1 },
      { attributes: AGG, Status: 'Open', Subject: null, gs: 0, gsub: 1, n: 1 },
      { attributes: AGG, Status: 'Completed', Subject: 'Email', gs: 0, gsub: 0, n: 1 },
      { attributes: AGG, Status: 'Completed', Subject: 'Old call', gs: 0, gsub: 0, n: 1 },
      { attributes: AGG, Status: 'Completed', Subject: null, gs: 0, gsub: 1, n: 2 },
      { attributes: AGG, Status: null, Subject: null, gs: 1, gsub: 1, n: 3 },
    ]);
  });

  it('CUBE adds subtotals for every combination', () => {
    const rows = records(
      'SELECT Status, Subject, GROUPING(Status), GROUPING(Subject), COUNT(Id) FROM Task GROUP BY CUBE(Status, Subject)',
      {
        includeDeleted: true,
        apiVersion: '62.0',
      },
    );
    // 3 detail rows, 2 Status subtotals, 3 Subject subtotals, 1 grand total.
    expect(rows).toHaveLength(9);
    expect(rows.filter((r) => r.expr0 === 1 && r.expr1 === 0).map((r) => r.Subject)).toEqual([
      'Call',
      'Email',
      'Old call',
    ]);
    expect(rows.filter((r) => r.expr0 === 1 && r.expr1 === 1)).toEqual([
      { attributes: AGG, Status: null, Subject: null, expr0: 1, expr1: 1, expr2: 3 },
    ]);
  });

  it('GROUPING() in HAVING and ORDER BY', () => {
    const rows = records(
      'SELECT Industry, COUNT(Id) FROM Account WHERE Industry != null GROUP BY ROLLUP(Industry) HAVING GROUPING(Industry) = 0 ORDER BY Industry',
    );
    expect(rows.map((r) => r.Industry)).toEqual(['Finance', 'Technology']);
    const ordered = records(
      'SELECT Industry, COUNT(Id) FROM Account GROUP BY ROLLUP(Industry) ORDER BY GROUPING(Industry), Industry',
    );
    expect(ordered.map((r) => [r.Industry, r.expr0])).toEqual([
      [null, 1],
      ['Finance', 1],
      ['Technology', 2],
      [null, 4],
    ]);
  });

  it('refuses GROUPING() without ROLLUP / CUBE, mixing ROLLUP with plain fields, more than three fields', () => {
    expect(failure('SELECT Industry, GROUPING(Industry) FROM Account GROUP BY Industry').errorCode).toBe(
      'MALFORMED_QUERY',
    );
    expect(failure('SELECT Industry FROM Account GROUP BY ROLLUP(Industry), Name').errorCode).toBe('MALFORMED_QUERY');
    expect(
      failure('SELECT COUNT(Id) FROM Account GROUP BY ROLLUP(Industry, Name, OwnerId, NumberOfEmployees)').errorCode,
    ).toBe('MALFORMED_QUERY');
  });
});

describe('date functions', () => {
  it('in SELECT and GROUP BY, keyed expr0 unless aliased (CreatedDate read in UTC)', () => {
    expect(
      records(
        'SELECT CALENDAR_YEAR(CreatedDate) y, CALENDAR_MONTH(CreatedDate), COUNT(Id) FROM Account GROUP BY CALENDAR_YEAR(CreatedDate), CALENDAR_MONTH(CreatedDate) ORDER BY CALENDAR_YEAR(CreatedDate), CALENDAR_MONTH(CreatedDate)',
      ),
    ).toEqual([
      { attributes: AGG, y: 2024, expr0: 1, expr1: 1 },
      { attributes: AGG, y: 2024, expr0: 3, expr1: 3 },
    ]);
  });

  it('compute each documented value', () => {
    // Acme: 2024-03-10T12:00Z (a Sunday), the 70th day of 2024.
    const fns = [
      'CALENDAR_QUARTER',
      'DAY_IN_MONTH',
      'DAY_IN_WEEK',
      'DAY_IN_YEAR',
      'FISCAL_MONTH',
      'FISCAL_QUARTER',
      'FISCAL_YEAR',
      'HOUR_IN_DAY',
      'WEEK_IN_MONTH',
      'WEEK_IN_YEAR',
      'DAY_ONLY',
    ];
    const select = fns.map((f, i) => `${f}(CreatedDate) f${i}`).join(', ');
    const group = fns.map((f) => `${f}(CreatedDate)`).join(', ');
    const [row] = records(`SELECT ${select} FROM Account WHERE Name = 'Acme' GROUP BY ${group}`);
    expect(row).toEqual({
      attributes: AGG,
      f0: 1,
      f1: 10,
      f2: 1,
      f3: 70,
      f4: 3,
      f5: 1,
      f6: 2024,
      f7: 12,
      f8: 2,
      f9: 10,
      f10: '2024-03-10',
    });
  });

  it('on a date field; convertTimezone() keeps UTC for the local org (users in GMT)', () => {
    const rows = records(
      'SELECT DAY_IN_WEEK(LastActivityDate) d, COUNT(Id) FROM Account WHERE LastActivityDate != null GROUP BY DAY_IN_WEEK(LastActivityDate) ORDER BY DAY_IN_WEEK(LastActivityDate)',
    );
    expect(rows).toEqual([
      { attributes: AGG, d: 2, expr0: 2 },
      { attributes: AGG, d: 5, expr0: 1 },
    ]);
    const [h] = records(
      "SELECT HOUR_IN_DAY(convertTimezone(CreatedDate)) h FROM Account WHERE Name = 'Acme' GROUP BY HOUR_IN_DAY(convertTimezone(CreatedDate))",
    );
    expect(h.h).toBe(12);
  });

  it('in WHERE, without grouping', () => {
    expect(idsOf('SELECT Id FROM Account WHERE CALENDAR_YEAR(CreatedDate) = 2024 ORDER BY Name')).toEqual([
      ids.acme,
      ids.alpha,
      ids.beta,
      ids.zeta,
    ]);
    expect(
      idsOf(
        'SELECT Id FROM Account WHERE DAY_IN_MONTH(CreatedDate) IN (10, 11) AND HOUR_IN_DAY(CreatedDate) > 11 ORDER BY Name',
      ),
    ).toEqual([ids.acme, ids.beta]);
    expect(idsOf('SELECT Id FROM Account WHERE DAY_ONLY(CreatedDate) = TODAY')).toEqual([ids.zeta]);
    expect(NOW.toISOString().slice(0, 10)).toBe('2024-03-11');
  });

  it('in HAVING', () => {
    const rows = records(
      'SELECT CALENDAR_MONTH(CreatedDate) m, COUNT(Id) FROM Account GROUP BY CALENDAR_MONTH(CreatedDate) HAVING CALENDAR_MONTH(CreatedDate) = 3',
    );
    expect(rows).toEqual([{ attributes: AGG, m: 3, expr0: 3 }]);
  });

  it('convertTimezone() outside a date function, aggregates and convertCurrency() in WHERE are refused', () => {
    for (const soql of [
      'SELECT convertTimezone(CreatedDate) FROM Account',
      'SELECT Id FROM Account WHERE COUNT(Id) > 1',
      'SELECT Id FROM Account WHERE convertCurrency(AnnualRevenue) > 1',
    ]) {
      const error = failure(soql);
      expect([soql, error.errorCode]).toEqual([soql, 'MALFORMED_QUERY']);
      expect(error.message).not.toContain('local org');
    }
  });

  it('errors: not grouped, wrong field type, DAY_ONLY / HOUR_IN_DAY on a date', () => {
    expect(failure('SELECT CALENDAR_YEAR(CreatedDate) FROM Account').message).toContain(
      'Field must be grouped or aggregated: CALENDAR_YEAR(CreatedDate)',
    );
    expect(failure('SELECT Id FROM Account WHERE CALENDAR_YEAR(Name) = 2024').errorCode).toBe('MALFORMED_QUERY');
    expect(failure('SELECT Id FROM Account WHERE HOUR_IN_DAY(LastActivityDate) = 1').errorCode).toBe('MALFORMED_QUERY');
  });
});
