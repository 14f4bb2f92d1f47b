import { likeRegExp, unquote } from '../../src/soql/soql-literals.js';
import { buildRecords, id, ids, makeSource, QUERY, QUERY_ALL } from './fixture.js';
import { idsOf } from './helpers.js';

/** Accounts visible to query(): acme, beta ('beta corp'), zeta, alpha (deletedAccount is IsDeleted). */
const accounts = (where: string): string[] => idsOf(`SELECT Id FROM Account WHERE ${where}`);
const contacts = (where: string): string[] => idsOf(`SELECT Id FROM Contact WHERE ${where}`);

describe('WHERE comparisons', () => {
  it('compares text case-insensitively', () => {
    expect(accounts("Name = 'ACME'")).toEqual([ids.acme]);
    expect(accounts("Industry = 'TECHNOLOGY'")).toEqual([ids.acme, ids.alpha]);
    expect(accounts("Name > 'B' AND Name < 'c'")).toEqual([ids.beta]);
  });

  it('treats null as a value: = null, != null, and != / NOT IN also return nulls', () => {
    expect(accounts('Industry = null')).toEqual([ids.beta]);
    expect(accounts('Industry != null')).toEqual([ids.acme, ids.zeta, ids.alpha]);
    expect(accounts("Industry != 'Finance'")).toEqual([ids.acme, ids.beta, ids.alpha]);
    expect(accounts("Industry <> 'finance'")).toEqual([ids.acme, ids.beta, ids.alpha]);
    expect(accounts("Industry NOT IN ('Finance')")).toEqual([ids.acme, ids.beta, ids.alpha]);
    expect(accounts("Industry IN ('technology', null)")).toEqual([ids.acme, ids.beta, ids.alpha]);
  });

  it('orders numbers numerically and leaves nulls out of <, >', () => {
    expect(accounts('AnnualRevenue > 600')).toEqual([ids.acme, ids.alpha]);
    expect(accounts('AnnualRevenue <= 500')).toEqual([ids.beta]);
    expect(accounts('AnnualRevenue < 100000')).toEqual([ids.acme, ids.beta, ids.alpha]);
    expect(accounts('NumberOfEmployees >= 75')).toEqual([ids.zeta, ids.alpha]);
    expect(accounts('AnnualRevenue = 750.5')).toEqual([ids.alpha]);
    expect(accounts('NumberOfEmployees IN (10, 200)')).toEqual([ids.beta, ids.zeta]);
  });

  it('filters booleans', () => {
    expect(contacts('DoNotCall = true')).toEqual([ids.ann]);
    expect(contacts('DoNotCall = FALSE')).toEqual([ids.bob, ids.cy, ids.eve]);
  });

  it('matches LIKE with % and _ case-insensitively', () => {
    expect(accounts("Name LIKE 'a%'")).toEqual([ids.acme, ids.alpha]);
    expect(accounts("Name LIKE '_eta%'")).toEqual([ids.beta, ids.zeta]);
    expect(accounts("Name LIKE '%CORP'")).toEqual([ids.beta]);
    expect(accounts("Name LIKE 'acm'")).toEqual([]);
    expect(contacts("Email LIKE '%@zeta.com'")).toEqual([ids.eve]);
  });

  it('treats escaped \\% and \\_ as literal characters in LIKE', () => {
    const percent = likeRegExp("'100\\%'");
    expect(percent.test('100%')).toBe(true);
    expect(percent.test('1000')).toBe(false);
    const underscore = likeRegExp("'a\\_b'");
    expect(underscore.test('a_b')).toBe(true);
    expect(underscore.test('axb')).toBe(false);
    expect(likeRegExp("'a.c'").test('abc')).toBe(false);
  });

  it('resolves backslash escapes in string literals', () => {
    expect(unquote("'it\\'s'")).toBe("it's");
    expect(unquote("'a\\nb\\tc'")).toBe('a\nb\tc');
    expect(unquote('\'back\\\\slash \\"q\\"\'')).toBe('back\\slash "q"');
    const data = buildRecords();
    data.Account = [{ Id: id('001', 9), Name: "Bob's Shop", IsDeleted: false }];
    expect(idsOf("SELECT Id FROM Account WHERE Name = 'bob\\'s shop'", QUERY, makeSource(undefined, data))).toEqual([
      id('001', 9),
    ]);
  });

  it('compares Ids in their 15- and 18-character forms', () => {
    expect(accounts(`Id = '${ids.acme.slice(0, 15)}'`)).toEqual([ids.acme]);
    expect(contacts(`AccountId = '${ids.acme}'`)).toEqual([ids.ann, ids.bob]);
    expect(accounts(`Id IN ('${ids.zeta}', '${ids.beta.slice(0, 15)}')`)).toEqual([ids.beta, ids.zeta]);
    expect(accounts(`Id = '${ids.acme.slice(0, 14)}a'`)).toEqual([]);
  });

  it('matches multi-select picklists with INCLUDES and EXCLUDES (a;b means both)', () => {
    expect(accounts("Tier__c INCLUDES ('silver')")).toEqual([ids.acme, ids.alpha]);
    expect(accounts("Tier__c INCLUDES ('Gold;Silver')")).toEqual([ids.acme]);
    expect(accounts("Tier__c INCLUDES ('Gold;Bronze', 'Bronze')")).toEqual([ids.beta]);
    expect(accounts("Tier__c EXCLUDES ('Silver') AND Tier__c != null")).toEqual([ids.beta]);
    expect(accounts("Tier__c = 'Silver;Gold'")).toEqual([ids.acme]);
  });
});

describe('WHERE logic', () => {
  it('honours parentheses: A OR (B AND C) differs from (A OR B) AND C', () => {
    expect(accounts("Name = 'Acme' OR (Name = 'Zeta' AND Industry = 'Finance')")).toEqual([ids.acme, ids.zeta]);
    expect(accounts("(Name = 'Acme' OR Name = 'Zeta') AND Industry = 'Finance'")).toEqual([ids.zeta]);
    expect(accounts("Industry = 'Finance' AND (Name = 'Acme' OR Name = 'Zeta')")).toEqual([ids.zeta]);
  });

  it('chains several operators of one kind without parentheses', () => {
    expect(accounts("Name = 'Acme' OR Name = 'Zeta' OR Name = 'Alpha'")).toEqual([ids.acme, ids.zeta, ids.alpha]);
    expect(accounts("Industry != null AND AnnualRevenue > 100 AND Name LIKE 'a%'")).toEqual([ids.acme, ids.alpha]);
  });

  it('negates with NOT, alone or in parentheses', () => {
    expect(accounts("NOT Name = 'Acme'")).toEqual([ids.beta, ids.zeta, ids.alpha]);
    expect(accounts("NOT (Name = 'Acme' OR Name = 'Zeta')")).toEqual([ids.beta, ids.alpha]);
    expect(accounts("Industry = 'Technology' AND (NOT Name LIKE 'Acme%')")).toEqual([ids.alpha]);
    expect(accounts("(NOT Name LIKE 'A%') AND AnnualRevenue > 100")).toEqual([ids.beta]);
    expect(accounts("((Name = 'Acme' OR Name = 'beta corp')) AND (NOT (Industry = null))")).toEqual([ids.acme]);
  });

  it('filters on parent paths, where an empty lookup reads as null', () => {
    expect(contacts("Account.Name = 'acme'")).toEqual([ids.ann, ids.bob]);
    expect(contacts("Account.Owner.Name = 'Uma Owner'")).toEqual([ids.ann, ids.bob, ids.eve]);
    expect(contacts('Account.Name = null')).toEqual([ids.cy]);
    expect(idsOf("SELECT Id FROM Task WHERE What.Type = 'Account'")).toEqual([ids.call]);
    expect(idsOf("SELECT Id FROM Task WHERE Who.Name LIKE 'lou%'")).toEqual([ids.email]);
  });

  it('supports semi-joins and anti-joins on Ids', () => {
    expect(accounts('Id IN (SELECT AccountId FROM Contact WHERE Email != null)')).toEqual([ids.acme, ids.zeta]);
    expect(accounts('Id NOT IN (SELECT AccountId FROM Contact WHERE Email != null)')).toEqual([ids.beta, ids.alpha]);
    expect(contacts("AccountId IN (SELECT Id FROM Account WHERE Industry = 'Finance')")).toEqual([ids.eve]);
  });
});

describe('WHERE on dates (now = Monday 2024-03-11T15:30Z, user time zone UTC, weeks start Sunday)', () => {
  // LastActivityDate (date): acme 2024-03-11, beta 2024-02-29, zeta null, alpha 2024-03-04.
  it('filters date fields by date values', () => {
    expect(accounts('LastActivityDate = 2024-02-29')).toEqual([ids.beta]);
    expect(accounts('LastActivityDate > 2024-03-04')).toEqual([ids.acme]);
    expect(accounts('LastActivityDate >= 2024-03-04')).toEqual([ids.acme, ids.alpha]);
    expect(accounts('LastActivityDate != 2024-03-04')).toEqual([ids.acme, ids.beta, ids.zeta]);
  });

  it('filters date fields by date literals as ranges', () => {
    expect(accounts('LastActivityDate = TODAY')).toEqual([ids.acme]);
    expect(accounts('LastActivityDate = YESTERDAY')).toEqual([]);
    expect(accounts('LastActivityDate = LAST_N_DAYS:7')).toEqual([ids.acme, ids.alpha]);
    expect(accounts('LastActivityDate = LAST_N_DAYS:6')).toEqual([ids.acme]);
    expect(accounts('LastActivityDate = N_DAYS_AGO:7')).toEqual([ids.alpha]);
    expect(accounts('LastActivityDate = THIS_MONTH')).toEqual([ids.acme, ids.alpha]);
    expect(accounts('LastActivityDate = LAST_MONTH')).toEqual([ids.beta]);
    expect(accounts('LastActivityDate < THIS_MONTH')).toEqual([ids.beta]);
    expect(accounts('LastActivityDate > LAST_MONTH')).toEqual([ids.acme, ids.alpha]);
    expect(accounts('LastActivityDate <= LAST_WEEK')).toEqual([ids.beta, ids.alpha]);
    expect(accounts('LastActivityDate >= THIS_WEEK')).toEqual([ids.acme]);
    expect(accounts('LastActivityDate = NEXT_N_DAYS:30')).toEqual([]);
  });

  // CreatedDate (datetime, stored in mixed ISO forms): acme 2024-03-10T12:00Z, beta 2024-03-10T23:59:59Z,
  // zeta 2024-03-11T00:00Z, alpha 2023-12-31T23:00-02:00 = 2024-01-01T01:00Z.
  it('filters datetime fields by date literals over whole UTC days', () => {
    expect(accounts('CreatedDate = TODAY')).toEqual([ids.zeta]);
    expect(accounts('CreatedDate = YESTERDAY')).toEqual([ids.acme, ids.beta]);
    expect(accounts('CreatedDate < TODAY')).toEqual([ids.acme, ids.beta, ids.alpha]);
    expect(accounts('CreatedDate = LAST_N_DAYS:1')).toEqual([ids.acme, ids.beta, ids.zeta]);
    expect(accounts('CreatedDate = THIS_WEEK')).toEqual([ids.acme, ids.beta, ids.zeta]);
    expect(accounts('CreatedDate = THIS_YEAR')).toEqual([ids.acme, ids.beta, ids.zeta, ids.alpha]);
    expect(accounts('CreatedDate = LAST_YEAR')).toEqual([]);
  });

  it('filters datetime fields by datetime values with Z or offsets', () => {
    expect(accounts('CreatedDate > 2024-03-10T23:59:59Z')).toEqual([ids.zeta]);
    expect(accounts('CreatedDate >= 2024-03-10T23:59:59Z')).toEqual([ids.beta, ids.zeta]);
    expect(accounts('CreatedDate = 2024-03-10T20:59:59-03:00')).toEqual([ids.beta]);
    expect(accounts('CreatedDate < 2024-01-01T00:00:00-02:00')).toEqual([ids.alpha]);
    expect(accounts('CreatedDate = 2024-03-10T12:00:00.000Z')).toEqual([ids.acme]);
  });
});

describe('deleted and archived rows', () => {
  it('never returns IsDeleted rows from query(), even when asked for', () => {
    expect(accounts('IsDeleted = true')).toEqual([]);
    expect(idsOf('SELECT Id FROM Account')).not.toContain(ids.deletedAccount);
    expect(contacts("Account.Name = 'beta corp'")).toEqual([]);
  });

  it('returns them from queryAll(), where IsDeleted filters', () => {
    expect(idsOf('SELECT Id FROM Account', QUERY_ALL)).toEqual([
      ids.acme,
      ids.beta,
      ids.zeta,
      ids.deletedAccount,
      ids.alpha,
    ]);
    expect(idsOf('SELECT Id FROM Account WHERE IsDeleted = true', QUERY_ALL)).toEqual([ids.deletedAccount]);
    expect(idsOf('SELECT Id FROM Account WHERE IsDeleted = false', QUERY_ALL)).toHaveLength(4);
    expect(idsOf("SELECT Id FROM Contact WHERE Account.Name = 'beta corp'", QUERY_ALL)).toEqual([ids.deletedContact]);
  });

  it('hides archived activities from query() but not from queryAll()', () => {
    expect(idsOf('SELECT Id FROM Task')).toEqual([ids.call, ids.email]);
    expect(idsOf('SELECT Id FROM Task', QUERY_ALL)).toEqual([ids.call, ids.email, ids.archived]);
  });
});
