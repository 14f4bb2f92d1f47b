/**
 * Error shapes. Where a real org's full message was found in public issues, the test replays
 * that exact query and expects that exact message.
 */
import { SoqlError } from '../../src/soql/soql-engine.js';
import { QUERY } from './fixture.js';
import { failure, run } from './helpers.js';

const TYPE_TAIL =
  "is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. " +
  'Please reference your WSDL or the describe call for the appropriate names.';
const COLUMN_TAIL =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. " +
  'Please reference your WSDL or the describe call for the appropriate names.';
const RELATIONSHIP_TAIL =
  "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. " +
  'Please reference your WSDL or the describe call for the appropriate names.';

describe('INVALID_TYPE', () => {
  it('matches a real org for an unknown object (vlocity_build#364)', () => {
    const error = failure('SELECT Id, Name FROM vlocity_cmt__VlocityDataStore__c');
    expect(error).toBeInstanceOf(SoqlError);
    expect(error.errorCode).toBe('INVALID_TYPE');
    expect(error.message).toBe(
      `\nSELECT Id, Name FROM vlocity_cmt__VlocityDataStore__c\n${' '.repeat(21)}^\nERROR at Row:1:Column:22\n` +
        `sObject type 'vlocity_cmt__VlocityDataStore__c' ${TYPE_TAIL}`,
    );
  });

  it('shows only the words near the error, like a real org (vlocity_build#364)', () => {
    const error = failure('Select Id, vlocity_cmt__GlobalKey__c from vlocity_cmt____VlocityTrackingGroup__c');
    expect(error.message).toBe(
      `\nvlocity_cmt__GlobalKey__c from vlocity_cmt____VlocityTrackingGroup__c\n${' '.repeat(31)}^\nERROR at Row:1:Column:43\n` +
        `sObject type 'vlocity_cmt____VlocityTrackingGroup__c' ${TYPE_TAIL}`,
    );
  });

  it('rejects an unknown child relationship in a subquery', () => {
    const error = failure('SELECT Id, (SELECT Id FROM Foos) FROM Account');
    expect(error.errorCode).toBe('INVALID_TYPE');
    expect(error.message).toBe(
      `\nSELECT Id, (SELECT Id FROM Foos) FROM Account\n${' '.repeat(27)}^\nERROR at Row:1:Column:28\n` +
        `Didn't understand relationship 'Foos' in FROM part of query call. ${RELATIONSHIP_TAIL}`,
    );
  });
});

describe('INVALID_FIELD', () => {
  it('matches a real org for an unknown field (jsforce-based fixture of a real response)', () => {
    const error = failure('SELECT Id,Invalid__x FROM Contact LIMIT 1');
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.message).toBe(
      `\nSELECT Id,Invalid__x FROM Contact LIMIT 1\n${' '.repeat(10)}^\nERROR at Row:1:Column:11\n` +
        `No such column 'Invalid__x' on entity 'Contact'. ${COLUMN_TAIL}`,
    );
  });

  it('matches a real org for the first bad field of a select list (SOAP fault sample)', () => {
    const error = failure('select adfId, Name, Account.Name from Contact');
    expect(error.message).toBe(
      `\nselect adfId, Name, Account.Name from Contact\n${' '.repeat(7)}^\nERROR at Row:1:Column:8\n` +
        `No such column 'adfId' on entity 'Contact'. ${COLUMN_TAIL}`,
    );
  });

  it('treats a field hidden by field-level security as unknown', () => {
    const error = failure('SELECT Id, Secret__c FROM Account');
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.message).toBe(
      `\nSELECT Id, Secret__c FROM Account\n${' '.repeat(11)}^\nERROR at Row:1:Column:12\n` +
        `No such column 'Secret__c' on entity 'Account'. ${COLUMN_TAIL}`,
    );
  });

  it('names the parent entity for a bad field behind a relationship', () => {
    expect(failure('SELECT Account.Bogus FROM Contact').message).toMatch(
      /\nERROR at Row:1:Column:8\nNo such column 'Bogus' on entity 'Account'\. If you are attempting/,
    );
  });

  it('rejects unknown relationships in SELECT and WHERE', () => {
    const inSelect = failure('SELECT Foo.Name FROM Contact');
    expect(inSelect.errorCode).toBe('INVALID_FIELD');
    expect(inSelect.message).toBe(
      `\nSELECT Foo.Name FROM Contact\n${' '.repeat(7)}^\nERROR at Row:1:Column:8\n` +
        `Didn't understand relationship 'Foo' in field path. ${RELATIONSHIP_TAIL}`,
    );
    const inWhere = failure("SELECT Id FROM Contact WHERE Name = 'x' AND Foo.Name = 'y'");
    expect(inWhere.message).toContain(
      "\nERROR at Row:1:Column:45\nDidn't understand relationship 'Foo' in field path.",
    );
  });

  it('rejects a field selected twice, in any spelling (SOQL reference, FIELDS())', () => {
    const error = failure('SELECT Id, Name, account.Owner.Name, id FROM Account');
    expect(error.toJSON()).toEqual({ errorCode: 'INVALID_FIELD', message: 'duplicate field selected: Id' });
    expect(failure('SELECT Account.Name, ACCOUNT.name FROM Contact').message).toBe(
      'duplicate field selected: Account.Name',
    );
  });

  it('limits polymorphic lookups to the fields of the Name entity', () => {
    expect(failure('SELECT What.Industry FROM Task').message).toContain("No such column 'Industry' on entity 'Name'.");
  });

  it('rejects unknown fields in ORDER BY', () => {
    expect(failure('SELECT Id FROM Account ORDER BY Nme').message).toContain(
      "ERROR at Row:1:Column:33\nNo such column 'Nme' on entity 'Account'.",
    );
  });

  it('rejects a filter value of the wrong type for the field', () => {
    const datetime = failure('SELECT Id FROM Account WHERE CreatedDate > 2024-01-01');
    expect(datetime.errorCode).toBe('INVALID_FIELD');
    expect(datetime.message).toMatch(
      /\nERROR at Row:1:Column:44\nvalue of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes$/,
    );
    expect(failure("SELECT Id FROM Account WHERE LastActivityDate = '2024-01-01'").message).toMatch(
      /value of filter criterion for field 'LastActivityDate' must be of type date and should not be enclosed in quotes$/,
    );
    expect(failure("SELECT Id FROM Account WHERE NumberOfEmployees = '5'").message).toMatch(
      /must be of type double and should not be enclosed/,
    );
    expect(failure("SELECT Id FROM Contact WHERE DoNotCall = 'true'").message).toMatch(
      /must be of type boolean and should not be enclosed/,
    );
    expect(failure('SELECT Id FROM Account WHERE Name = 5').message).toMatch(
      /value of filter criterion for field 'Name' must be of type string and should be enclosed in quotes$/,
    );
  });
});

describe('MALFORMED_QUERY', () => {
  it('matches a real org for a character the lexer rejects (unquoted email)', () => {
    const error = failure('SELECT Id,Name FROM Contact WHERE Email = liam.carter@example.com ORDER BY CreatedDate');
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toBe(
      `\nContact WHERE Email = liam.carter@example.com ORDER BY CreatedDate\n${' '.repeat(33)}^\nERROR at Row:1:Column:54\nunexpected token: '@'`,
    );
  });

  it('points at the unexpected token', () => {
    expect(failure('SELECT Id FRM Account').message).toBe(
      `\nSELECT Id FRM Account\n${' '.repeat(14)}^\nERROR at Row:1:Column:15\nunexpected token: 'Account'`,
    );
    expect(failure("SELECT Id FROM Account WHERE Name = 'a' LIMIT 1 LIMIT 2").message).toMatch(
      /\nERROR at Row:1:Column:49\nunexpected token: 'LIMIT'$/,
    );
  });

  it("reports a truncated query as unexpected '<EOF>'", () => {
    expect(failure('SELECT Id FROM Account LIMIT').message).toBe(
      `\nSELECT Id FROM Account LIMIT\n${' '.repeat(28)}^\nERROR at Row:1:Column:29\nunexpected token: '<EOF>'`,
    );
  });

  it('rejects date literals that SOQL does not have', () => {
    expect(failure('SELECT Id FROM Account WHERE CreatedDate = LAST_N_HOURS:3').message).toMatch(
      /ERROR at Row:1:Column:44\nunexpected token: 'LAST_N_HOURS'$/,
    );
  });

  it('rejects AND and OR mixed without parentheses, at the operator that mixes them', () => {
    const error = failure("SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'");
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toBe(
      `\nWHERE Name = 'a' AND Name = 'b' OR Name = 'c'\n${' '.repeat(32)}^\nERROR at Row:1:Column:56\nunexpected token: 'OR'`,
    );
    expect(failure("SELECT Id FROM Account WHERE Name = 'a' OR Name = 'b' AND Name = 'c'").message).toMatch(
      /unexpected token: 'AND'$/,
    );
  });

  it('rejects the Summer ’24 release-notes example ((…) OR (…) AND …) at the AND', () => {
    const soql =
      'SELECT Id FROM Account\nWHERE (IsDeleted = false AND NumberOfEmployees != 100)\n' +
      "OR (IsDeleted = false AND Name = '999')\nAND OwnerId = '000000000000000' LIMIT 50000 OFFSET 0";
    const error = failure(soql);
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toMatch(/\nERROR at Row:4:Column:1\nunexpected token: 'AND'$/);
    // The window ends before '50000', which starts 38 characters after the error.
    expect(error.message.startsWith("\nAND OwnerId = '000000000000000' LIMIT\n^\n")).toBe(true);
  });

  it('requires parentheses around NOT after AND / OR, and around NOT … before them', () => {
    expect(failure("SELECT Id FROM Account WHERE Name = 'a' AND NOT Name = 'b'").message).toMatch(
      /ERROR at Row:1:Column:45\nunexpected token: 'NOT'$/,
    );
    expect(failure("SELECT Id FROM Account WHERE NOT Name = 'a' AND Name = 'b'").message).toMatch(
      /unexpected token: 'AND'$/,
    );
    expect(run("SELECT Id FROM Account WHERE Name = 'Acme' AND (NOT Name = 'b')").rows).toHaveLength(1);
  });

  it('rejects malformed datetimes and dates', () => {
    const error = failure('SELECT Id FROM Account WHERE CreatedDate > 2020-52-12T12:12:00-05:00');
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toMatch(/ERROR at Row:1:Column:44\nInvalid datetime: 2020-52-12T12:12:00-05:00$/);
    expect(failure('SELECT Id FROM Account WHERE LastActivityDate = 2024-02-30').message).toMatch(
      /Invalid date: 2024-02-30$/,
    );
  });

  it('refuses field aliases outside aggregate queries', () => {
    expect(failure('SELECT Name n FROM Account').message).toMatch(
      /ERROR at Row:1:Column:13\nOnly aggregate expressions use field aliasing$/,
    );
  });

  it('refuses what the local org does not implement, saying so', () => {
    for (const soql of [
      'SELECT Id FROM Account USING SCOPE delegated',
      'SELECT Id, COUNT() FROM Account',
      'SELECT Id, (SELECT Id, (SELECT Id FROM Tasks) FROM Contacts) FROM Account',
    ]) {
      const error = failure(soql);
      expect([soql, error.errorCode]).toEqual([soql, 'MALFORMED_QUERY']);
      expect(error.message).toContain("is not supported by the local org's SOQL engine");
    }
  });
});

describe('other error codes', () => {
  it('rejects an invalid Id literal (INVALID_QUERY_FILTER_OPERATOR before API 61.0, MALFORMED_QUERY since)', () => {
    const soql = "SELECT Id FROM Account WHERE Id = 'abc'";
    const old = failure(soql, { includeDeleted: false, apiVersion: '60.0' });
    expect(old.errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
    expect(old.message).toBe(
      `\nSELECT Id FROM Account WHERE Id = 'abc'\n${' '.repeat(34)}^\nERROR at Row:1:Column:35\ninvalid ID field: abc`,
    );
    expect(failure(soql, QUERY).errorCode).toBe('MALFORMED_QUERY');
  });

  it('limits OFFSET to 2,000 (NUMBER_OUTSIDE_VALID_RANGE)', () => {
    expect(run('SELECT Id FROM Account ORDER BY Name OFFSET 2000').rows).toEqual([]);
    const error = failure('SELECT Id FROM account OFFSET 2001');
    expect(error.errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
    expect(error.message).toBe('Maximum SOQL offset allowed for apiName Account is 2000');
  });

  it('serialises like a REST error element', () => {
    expect(JSON.parse(JSON.stringify(failure('SELECT Id FROM account OFFSET 2001')))).toEqual({
      errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
      message: 'Maximum SOQL offset allowed for apiName Account is 2000',
    });
  });
});
