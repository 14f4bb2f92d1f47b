/**
 * Whether the connected user can really read and write each mapped field. Describe is trimmed to
 * the user's permissions, so: read = the field is present; create/update = the field is
 * createable/updateable and the user may create/edit records of the object at all.
 */
import type { DescribeSObjectResult } from '../salesforce/names.js';
import type { CrmObjectTab, MappingMode } from './mapping-schema.js';
import type { MappingProblem } from './mapping-problems.js';
import type { TabPlan } from './tab-plan.js';
import type { SalesforceField } from './type-compat.js';

export interface FieldAccess {
  tab: CrmObjectTab;
  sobject: string;
  field: string;
  roxField?: string;
  mode: MappingMode | 'static';
  canRead: boolean;
  canCreate: boolean;
  canUpdate: boolean;
  /** Messages of the problems found for this field (or its object), joined; absent when none. */
  problem?: string;
}

/** Access of every field mapping and static value of one object; `d` undefined = object not visible. */
export function objectFieldAccess(
  plan: TabPlan,
  sobject: string,
  d: DescribeSObjectResult | undefined,
  index: Map<string, SalesforceField>,
): FieldAccess[] {
  const entry = (name: string, mode: FieldAccess['mode'], roxField?: string): FieldAccess => {
    const field = index.get(name.toLowerCase());
    const access: FieldAccess = {
      tab: plan.tab,
      sobject,
      field: field?.name ?? name,
      mode,
      canRead: field !== undefined,
      canCreate: Boolean(d?.createable && field?.createable),
      canUpdate: Boolean(d?.updateable && field?.updateable),
    };
    if (roxField !== undefined) access.roxField = roxField;
    return access;
  };
  return [
    ...plan.fields.filter((f) => f.sobject === sobject).map((f) => entry(f.salesforceField, f.mode, f.roxField)),
    ...plan.statics.filter((s) => s.sobject === sobject).map((s) => entry(s.salesforceField, 'static')),
  ];
}

/** Sets `problem` on each entry from the problems about its field, or about its whole object. */
export function attachProblems(access: FieldAccess[], problems: MappingProblem[]): FieldAccess[] {
  return access.map((a) => {
    const related = problems.filter(
      (p) =>
        p.tab === a.tab &&
        p.sobject === a.sobject &&
        (p.field === undefined || p.field.toLowerCase() === a.field.toLowerCase()),
    );
    return related.length ? { ...a, problem: related.map((p) => p.message).join(' ') } : a;
  });
}
