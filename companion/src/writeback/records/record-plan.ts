/**
 * Turns a record update or create into Salesforce fields under the connection's CRM mappings:
 * only Read and Write mappings are written; a Read Only or unmapped Rox field is rejected with
 * the reason and never written; static values are added (create, or create and update).
 */
import type { CrmMappings, ObjectMapping, RecordTab } from '../../mappings/index.js';
import type { RecordCreate, RecordObject, RecordUpdate, StandardObject } from '../writeback-schema.js';

export const OBJECT_TAB: Record<StandardObject, RecordTab> = {
  Account: 'accounts',
  Opportunity: 'opportunities',
  Contact: 'contacts',
  Lead: 'leads',
};

export interface FieldRejection {
  roxField: string;
  code: 'READ_ONLY' | 'NOT_MAPPED' | 'NEW_RECORDS_OFF' | 'OBJECT_NOT_MAPPED';
  reason: string;
}

export interface RecordPlan {
  sobject: RecordObject;
  /** Salesforce field → value, static values included. */
  fields: Record<string, unknown>;
  /** Salesforce fields Rox changed (static values excluded): the ones the conflict check compares. */
  changedFields: string[];
  staticFields: string[];
  rejected: FieldRejection[];
}

export function planRecord(item: RecordUpdate | RecordCreate, mappings: CrmMappings): RecordPlan {
  const standard = item.object in OBJECT_TAB ? OBJECT_TAB[item.object as StandardObject] : undefined;
  const custom = standard
    ? undefined
    : mappings.customObjects?.find((c) => c.sobject.toLowerCase() === item.object.toLowerCase());
  const tab: ObjectMapping | undefined = standard ? mappings[standard] : custom;
  const tabName = standard ?? `${item.object} custom object`;
  const plan: RecordPlan = {
    sobject: custom?.sobject ?? item.object,
    fields: {},
    changedFields: [],
    staticFields: [],
    rejected: [],
  };
  if (!tab) {
    plan.rejected.push({
      roxField: '*',
      code: 'OBJECT_NOT_MAPPED',
      reason: `${item.object} has no CRM mappings: add it under customObjects in the CRM mappings to write it back`,
    });
    return plan;
  }
  if (item.type === 'create' && !tab.writebackNewEntities) {
    plan.rejected.push({
      roxField: '*',
      code: 'NEW_RECORDS_OFF',
      reason: `New ${plan.sobject} records are not written back: turn on new-entity writeback on the ${tabName} tab of the CRM mappings`,
    });
    return plan;
  }
  for (const [roxField, value] of Object.entries(item.fields)) {
    const m = tab.fieldMappings.find((x) => x.roxField === roxField);
    if (!m) {
      plan.rejected.push({
        roxField,
        code: 'NOT_MAPPED',
        reason: `Rox field "${roxField}" is not mapped to a ${item.object} field, so it is not written`,
      });
    } else if (m.mode !== 'read_write') {
      plan.rejected.push({
        roxField,
        code: 'READ_ONLY',
        reason: `${item.object}.${m.salesforceField} is mapped Read Only, so Rox never writes it`,
      });
    } else {
      plan.fields[m.salesforceField] = value;
      plan.changedFields.push(m.salesforceField);
    }
  }
  for (const sv of tab.staticValues) {
    if (item.type === 'create' || sv.applyOn === 'create_and_update') {
      plan.fields[sv.salesforceField] = sv.value;
      plan.staticFields.push(sv.salesforceField);
    }
  }
  return plan;
}
