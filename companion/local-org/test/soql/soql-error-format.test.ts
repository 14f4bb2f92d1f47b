/**
 * The "\n<snippet>\n<caret>\nERROR at Row:r:Column:c\n<text>" framing, replayed against real org
 * messages quoted in public issues (the query text around them is reconstructed to fit).
 */
import { positionedMessage } from '../../src/soql/soql-error.js';

function messageAt(soql: string, word: string, text: string): string {
  return positionedMessage(soql, soql.indexOf(word), text);
}

describe('positionedMessage', () => {
  it('shows the whole line when it is short, with a caret under the column', () => {
    expect(messageAt('SELECT Id FROM Bogus', 'Bogus', 'x')).toBe(
      `\nSELECT Id FROM Bogus\n${' '.repeat(15)}^\nERROR at Row:1:Column:16\nx`,
    );
  });

  it('cuts long lines to the nearby words (mautic/mautic#13406)', () => {
    const soql =
      'select Id, Company,Email,LastName,SF_date__c, ConvertedContactId from Lead where LastModifiedDate > 2024-06-11T12:56:00Z';
    expect(messageAt(soql, 'SF_date__c', 'm')).toBe(
      `\nselect Id, Company,Email,LastName,SF_date__c, ConvertedContactId from\n${' '.repeat(34)}^\nERROR at Row:1:Column:35\nm`,
    );
  });

  it('keeps about 30 characters before and 34 after (apache/camel-quarkus#3022)', () => {
    const fields =
      'Id, IsDeleted, MasterRecordId, Name, Type, ParentId, BillingStreet, BillingCity, LastViewedDate, ' +
      'LastReferencedDate, Jigsaw, JigsawCompanyId, CleanStatus, AccountSource, DunsNumber';
    const soql = `SELECT ${fields} FROM Account`;
    const message = messageAt(soql, 'CleanStatus', 'm');
    expect(message).toBe(
      `\nLastReferencedDate, Jigsaw, JigsawCompanyId, CleanStatus, AccountSource, DunsNumber\n${' '.repeat(45)}^\n` +
        `ERROR at Row:1:Column:${soql.indexOf('CleanStatus') + 1}\nm`,
    );
  });

  it('places the caret at the start of a relationship path (forcedotcom/SFDX-Data-Move-Utility#432)', () => {
    const soql =
      'SELECT Id, Name, Account.Name, Campaign.Name, Pricebook2.Name, Contact.Name, LastAmountChangedHistory.Id FROM Opportunity';
    expect(messageAt(soql, 'Contact.Name', 'm').split('\n').slice(1, 3)).toEqual([
      'Campaign.Name, Pricebook2.Name, Contact.Name, LastAmountChangedHistory.Id',
      `${' '.repeat(32)}^`,
    ]);
  });

  it('puts the caret inside a word without spaces (real INVALID_FIELD quoted in an OCE sync bug report)', () => {
    // Observed: "\nCreatedById,OCE__ActualCap__c,TPI_Product__c,Name,OCE__JobId__c\n<30 spaces>^\nERROR at Row:1:Column:114".
    const soql =
      'SELECT Id, OwnerId, CreatedById,OCE__ActualCap__c,TPI_Product__c,Name,OCE__JobId__c FROM OCE__ActivityPlan__c';
    expect(messageAt(soql, 'TPI_Product__c', 'm').split('\n').slice(1, 3)).toEqual([
      'CreatedById,OCE__ActualCap__c,TPI_Product__c,Name,OCE__JobId__c',
      `${' '.repeat(30)}^`,
    ]);
  });

  it('counts rows and columns on multi-line queries and shows only the error line', () => {
    const soql = "SELECT Id, Email, Name\nFROM Contact\nWHERE LastName LIKE 'test' OR Email LIKE 'x'";
    expect(positionedMessage(soql, soql.indexOf('OR'), "unexpected token: 'OR'")).toBe(
      `\nWHERE LastName LIKE 'test' OR Email LIKE 'x'\n${' '.repeat(27)}^\nERROR at Row:3:Column:28\nunexpected token: 'OR'`,
    );
  });
});
