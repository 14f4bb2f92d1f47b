/**
 * Every Salesforce API name of the RoxAI package the companion uses, with the namespace prefix
 * applied in one place (a rename or an unnamespaced dev org is one edit), and the describe type the
 * domain modules read, so only salesforce/ imports jsforce.
 */
export type { DescribeSObjectResult, DescribeSObjectResult as SObjectDescribe } from 'jsforce';

export const NAMESPACE = 'RoxAI';
const prefix = `${NAMESPACE}__`;

export const SF = {
  /** Rox's activity id on Task and Event (External ID, not unique): the package's activity-id field (see activity-id-field.ts). */
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

/**
 * Standard objects without a tab of their own that may be mapped like a custom object (synced, and
 * written back where the integration user may): product catalogue and opportunity line items.
 */
export const MORE_STANDARD_OBJECTS = ['OpportunityLineItem', 'Product2'] as const;
/** An object of the customObjects list: a custom object (`__c`) or one of MORE_STANDARD_OBJECTS. */
export const MAPPABLE_OBJECT_NAME = new RegExp(`^(?:[A-Za-z][A-Za-z0-9_]*__c|${MORE_STANDARD_OBJECTS.join('|')})$`);
export const MAPPABLE_OBJECT_HINT = `a custom object API name ending in __c, or ${MORE_STANDARD_OBJECTS.join(' or ')}`;
