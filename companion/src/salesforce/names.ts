/**
 * Every Salesforce API name of the RoxAI package the companion uses, with the namespace prefix
 * applied in one place (a rename or an unnamespaced dev org is one edit), and the describe type the
 * domain modules read, so only salesforce/ imports jsforce.
 */
export type { DescribeSObjectResult, DescribeSObjectResult as SObjectDescribe } from 'jsforce';

export const NAMESPACE = 'RoxAI';
const prefix = `${NAMESPACE}__`;

export const SF = {
  /** Rox's activity id on Task and Event (External ID, unique): the upsert key of activity writeback. */
  roxActivityId: `${prefix}RoxActivityId__c`,
  idMapping: {
    object: `${prefix}ID_Mapping__c`,
    roxEntityId: `${prefix}Rox_Entity_Id__c`,
    salesforceRecordId: `${prefix}Salesforce_Record_Id__c`,
    salesforceObject: `${prefix}Salesforce_Object__c`,
    roxEntityType: `${prefix}Rox_Entity_Type__c`,
    lastConfirmedAt: `${prefix}Last_Confirmed_At__c`,
    matchReason: `${prefix}Match_Reason__c`,
  },
} as const;
