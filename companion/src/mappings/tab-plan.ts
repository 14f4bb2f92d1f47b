/**
 * One shape for every tab: the Salesforce objects it touches (and whether it reads, creates or is
 * off), its field mappings and static values, each tagged with its object. Record tabs have one
 * object; the Activities tab names Task or Event on every entry.
 */
import {
  CRM_OBJECT_TABS,
  RECORD_TAB_SOBJECT,
  type CrmMappings,
  type CrmObjectTab,
  type CustomObjectMapping,
  type CustomRoxField,
  type MappingMode,
  type StaticValue,
} from './mapping-schema.js';

export interface PlannedField {
  sobject: string;
  roxField: string;
  salesforceField: string;
  mode: MappingMode;
}

export interface PlannedStatic {
  sobject: string;
  salesforceField: string;
  value: StaticValue['value'];
  applyOn: StaticValue['applyOn'];
}

export interface PlannedSObject {
  name: string;
  /** Synced or written back; an inactive object is not described (a disabled tab never blocks a save). */
  active: boolean;
  /** Rox creates records of this object (new-entity writeback, or activity writeback). */
  creates: boolean;
}

export interface TabPlan {
  tab: CrmObjectTab;
  sobjects: PlannedSObject[];
  customRoxFields: CustomRoxField[];
  fields: PlannedField[];
  statics: PlannedStatic[];
}

export function planTab(m: CrmMappings, tab: Exclude<CrmObjectTab, 'custom'>): TabPlan {
  if (tab === 'activities') {
    const a = m.activities;
    const w = a.writeback;
    const taskWriteback = w.email || w.phoneCall || w.linkedinMessage || w.linkedinConnection;
    return {
      tab,
      sobjects: [
        { name: 'Task', active: a.sync || taskWriteback, creates: taskWriteback },
        { name: 'Event', active: a.sync || w.meetingsAsEvents, creates: w.meetingsAsEvents },
      ],
      customRoxFields: a.customRoxFields,
      fields: a.fieldMappings.map((f) => ({ ...f })),
      statics: a.staticValues.map((s) => ({ ...s })),
    };
  }
  const t = m[tab];
  const sobject = RECORD_TAB_SOBJECT[tab];
  return {
    tab,
    sobjects: [{ name: sobject, active: t.sync || t.writebackNewEntities, creates: t.writebackNewEntities }],
    customRoxFields: t.customRoxFields,
    fields: t.fieldMappings.map((f) => ({ sobject, ...f })),
    statics: t.staticValues.map((s) => ({ sobject, ...s })),
  };
}

/** A custom object's tab: like a record tab, on the sObject it names. */
export function planCustomObject(t: CustomObjectMapping): TabPlan {
  const sobject = t.sobject;
  return {
    tab: 'custom',
    sobjects: [{ name: sobject, active: t.sync || t.writebackNewEntities, creates: t.writebackNewEntities }],
    customRoxFields: t.customRoxFields,
    fields: t.fieldMappings.map((f) => ({ sobject, ...f })),
    statics: t.staticValues.map((s) => ({ sobject, ...s })),
  };
}

export function planTabs(m: CrmMappings): TabPlan[] {
  return [...CRM_OBJECT_TABS.map((tab) => planTab(m, tab)), ...(m.customObjects ?? []).map(planCustomObject)];
}

/** Salesforce API names are case-insensitive. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
