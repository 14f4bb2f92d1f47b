import type { StoredRecord } from '../../src/schema-types.js';
import { buildRecords, id, ids, makeSource, QUERY } from './fixture.js';
import { idsOf, records } from './helpers.js';

const accounts = (clauses: string): string[] => idsOf(`SELECT Id FROM Account ${clauses}`);

describe('ORDER BY', () => {
  it('sorts text case-insensitively', () => {
    expect(records('SELECT Name FROM Account ORDER BY Name').map((r) => r.Name)).toEqual([
      'Acme',
      'Alpha',
      'beta corp',
      'Zeta',
    ]);
  });

  it('puts nulls first when ascending and last when descending, by default', () => {
    // Industry: acme Technology, beta null, zeta Finance, alpha technology (ties keep storage order).
    expect(accounts('ORDER BY Industry')).toEqual([ids.beta, ids.zeta, ids.acme, ids.alpha]);
    expect(accounts('ORDER BY Industry ASC')).toEqual([ids.beta, ids.zeta, ids.acme, ids.alpha]);
    expect(accounts('ORDER BY Industry DESC')).toEqual([ids.acme, ids.alpha, ids.zeta, ids.beta]);
  });

  it('obeys explicit NULLS FIRST / NULLS LAST', () => {
    expect(accounts('ORDER BY Industry ASC NULLS LAST')).toEqual([ids.zeta, ids.acme, ids.alpha, ids.beta]);
    expect(accounts('ORDER BY Industry DESC NULLS FIRST')).toEqual([ids.beta, ids.acme, ids.alpha, ids.zeta]);
  });

  it('sorts by several keys', () => {
    expect(accounts('ORDER BY Industry DESC, Name DESC')).toEqual([ids.alpha, ids.acme, ids.zeta, ids.beta]);
  });

  it('sorts numbers numerically, even when stored as strings', () => {
    // AnnualRevenue: acme 1000, beta '500', zeta null, alpha 750.5.
    expect(accounts('ORDER BY AnnualRevenue DESC')).toEqual([ids.acme, ids.alpha, ids.beta, ids.zeta]);
    expect(accounts('ORDER BY AnnualRevenue')).toEqual([ids.zeta, ids.beta, ids.alpha, ids.acme]);
  });

  it('sorts datetimes by instant whatever their stored offset', () => {
    const data = buildRecords();
    data.Account = [
      { Id: id('001', 11), Name: 'late', CreatedDate: '2024-03-10T23:00:00-05:00' },
      { Id: id('001', 12), Name: 'early', CreatedDate: '2024-03-11T01:00:00Z' },
      { Id: id('001', 13), Name: 'earliest', CreatedDate: '2024-03-11T00:30:00.000+0000' },
    ];
    const source = makeSource(undefined, data);
    expect(records('SELECT Name FROM Account ORDER BY CreatedDate', QUERY, source).map((r) => r.Name)).toEqual([
      'earliest',
      'early',
      'late',
    ]);
  });

  it('sorts by parent paths, empty lookups being null', () => {
    expect(idsOf('SELECT Id FROM Contact ORDER BY Account.Name DESC, LastName')).toEqual([
      ids.eve,
      ids.ann,
      ids.bob,
      ids.cy,
    ]);
    expect(idsOf('SELECT Id FROM Contact ORDER BY Account.Name, LastName DESC')).toEqual([
      ids.cy,
      ids.bob,
      ids.ann,
      ids.eve,
    ]);
  });
});

describe('LIMIT and OFFSET', () => {
  it('cuts the sorted result', () => {
    expect(records('SELECT Name FROM Account ORDER BY Name LIMIT 2').map((r) => r.Name)).toEqual(['Acme', 'Alpha']);
    expect(records('SELECT Name FROM Account ORDER BY Name LIMIT 2 OFFSET 1').map((r) => r.Name)).toEqual([
      'Alpha',
      'beta corp',
    ]);
    expect(records('SELECT Name FROM Account ORDER BY Name OFFSET 3').map((r) => r.Name)).toEqual(['Zeta']);
    expect(accounts('ORDER BY Name OFFSET 10')).toEqual([]);
    expect(accounts('LIMIT 0')).toEqual([]);
  });

  it('keeps storage order without ORDER BY', () => {
    expect(accounts('LIMIT 2')).toEqual([ids.acme, ids.beta]);
    expect(accounts('LIMIT 2 OFFSET 1')).toEqual([ids.beta, ids.zeta]);
  });

  it('gives the same first rows with a small LIMIT over many rows as a full sort, ties in storage order', () => {
    const data = buildRecords();
    const many: StoredRecord[] = [];
    for (let i = 0; i < 500; i += 1) {
      many.push({
        Id: id('001', 100 + i),
        Name: `n${(i * 7919) % 97}`,
        Industry: i % 3 === 0 ? null : `I${i % 5}`,
        IsDeleted: false,
      });
    }
    data.Account = many;
    const source = makeSource(undefined, data);
    const all = idsOf('SELECT Id FROM Account ORDER BY Industry DESC, Name', QUERY, source);
    expect(all).toHaveLength(500);
    expect(idsOf('SELECT Id FROM Account ORDER BY Industry DESC, Name LIMIT 7', QUERY, source)).toEqual(
      all.slice(0, 7),
    );
    expect(idsOf('SELECT Id FROM Account ORDER BY Industry DESC, Name LIMIT 5 OFFSET 20', QUERY, source)).toEqual(
      all.slice(20, 25),
    );
    const sameKey = idsOf("SELECT Id FROM Account WHERE Industry = 'I1' ORDER BY Industry LIMIT 4", QUERY, source);
    expect(sameKey).toEqual(
      many
        .filter((r) => r.Industry === 'I1')
        .slice(0, 4)
        .map((r) => r.Id),
    );
    const byName = many
      .map((r, i) => ({ r, i }))
      .sort((a, b) => (a.r.Name as string).localeCompare(b.r.Name as string) || a.i - b.i)
      .map((x) => x.r.Id);
    expect(idsOf('SELECT Id FROM Account ORDER BY Name LIMIT 10', QUERY, source)).toEqual(byName.slice(0, 10));
  });
});
