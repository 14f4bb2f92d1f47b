/**
 * Checks of one tab's mappings for one Salesforce object against that object's describe, which is
 * trimmed to the connected user's permissions: an FLS-hidden field is absent, a read-only one is
 * neither createable nor updateable, and the object's createable/updateable flags reflect the
 * user's object permissions.
 */
import type { DescribeSObjectResult } from '../salesforce/names.js';
import { problem, withArticle, type MappingProblem } from './mapping-problems.js';
import { findRoxField } from './rox-fields.js';
import type { PlannedField, PlannedSObject, PlannedStatic, TabPlan } from './tab-plan.js';
import { staticValueIssue, typeMismatch, type SalesforceField } from './type-compat.js';

export function fieldIndex(d: DescribeSObjectResult): Map<string, SalesforceField> {
  return new Map(d.fields.map((f) => [f.name.toLowerCase(), f]));
}

export function objectNotVisible(tab: TabPlan['tab'], sobject: PlannedSObject): MappingProblem {
  const fix =
    tab === 'activities'
      ? `or turn off Activities sync and the writeback toggles that use ${sobject.name}`
      : 'or turn off sync and new-record writeback on this tab';
  return problem(
    'OBJECT_NOT_VISIBLE',
    { tab, sobject: sobject.name },
    `the connected Salesforce user cannot see the ${sobject.name} object, so nothing on this tab can be read or written. Give that user Read access to ${sobject.name} in their profile or a permission set (Create and Edit too for writeback), ${fix}.`,
  );
}

function objectProblems(plan: TabPlan, s: PlannedSObject, d: DescribeSObjectResult): MappingProblem[] {
  const out: MappingProblem[] = [];
  const at = { tab: plan.tab, sobject: s.name };
  const writes =
    plan.fields.some((f) => f.sobject === s.name && f.mode === 'read_write') ||
    plan.statics.some((v) => v.sobject === s.name && v.applyOn === 'create_and_update');
  if (writes && !d.updateable) {
    out.push(
      problem(
        'OBJECT_NOT_UPDATEABLE',
        at,
        `the connected Salesforce user may not edit ${s.name} records, but Read and Write mappings need to. Grant Edit on ${s.name} to that user, or set every ${s.name} mapping to Read Only.`,
      ),
    );
  }
  if (s.creates && !d.createable) {
    out.push(
      problem(
        'OBJECT_NOT_CREATEABLE',
        at,
        `the connected Salesforce user may not create ${s.name} records, but writeback of new records is on. Grant Create on ${s.name} to that user, or turn that writeback off.`,
      ),
    );
  }
  return out;
}

const NOT_FOUND_HINT =
  'Check the API name (custom fields end in __c), or give the connected user access to the field in field-level security, or remove the mapping.';

function fieldMappingProblems(
  plan: TabPlan,
  s: PlannedSObject,
  f: PlannedField,
  field: SalesforceField | undefined,
): MappingProblem[] {
  const at = { tab: plan.tab, sobject: s.name, field: field?.name ?? f.salesforceField, roxField: f.roxField };
  if (!field) {
    return [
      problem(
        'FIELD_NOT_FOUND',
        at,
        `the field (mapped from Rox field "${f.roxField}") does not exist on ${s.name} or is hidden from the connected user. ${NOT_FOUND_HINT}`,
      ),
    ];
  }
  const out: MappingProblem[] = [];
  const rox = findRoxField(plan.tab, f.roxField, plan.customRoxFields);
  const mismatch = rox && typeMismatch(rox, field);
  if (mismatch) out.push(problem('TYPE_MISMATCH', at, `types do not match: ${mismatch}, or pick another Rox field.`));
  if (f.mode !== 'read_write') return out;
  if (field.calculated) {
    out.push(
      problem(
        'FORMULA_FIELD_NOT_WRITABLE',
        at,
        `the field is a formula (calculated) field: Salesforce computes its value and rejects writes, so it cannot be Read and Write. Set the mapping to Read Only; to let Rox set the value, map a plain field instead and have the formula read it, or copy it with a record-triggered Flow (Process Builder and Workflow Rules are retired).`,
      ),
    );
  } else if (!field.updateable) {
    out.push(
      problem(
        'FIELD_NOT_UPDATEABLE',
        at,
        `the field is not updateable for the connected Salesforce user (it is read-only, or field-level security grants Read but not Edit), so Read and Write would fail on every update. Set the mapping to Read Only, or grant Edit on ${s.name}.${field.name} to that user.`,
      ),
    );
  } else if (s.creates && !field.createable) {
    out.push(
      problem(
        'FIELD_NOT_CREATEABLE',
        at,
        `the field cannot be set when ${withArticle(s.name)} is created, but this tab creates ${s.name} records, so Read and Write would fail on every new record. Set the mapping to Read Only, or turn off writeback of new records.`,
      ),
    );
  }
  return out;
}

function staticValueProblems(
  plan: TabPlan,
  s: PlannedSObject,
  v: PlannedStatic,
  field: SalesforceField | undefined,
): MappingProblem[] {
  const at = { tab: plan.tab, sobject: s.name, field: field?.name ?? v.salesforceField };
  const shown = JSON.stringify(v.value);
  if (!field) {
    return [
      problem(
        'FIELD_NOT_FOUND',
        at,
        `the field (static value ${shown}) does not exist on ${s.name} or is hidden from the connected user. ${NOT_FOUND_HINT}`,
      ),
    ];
  }
  if (!field.createable) {
    const why = field.calculated
      ? 'it is a formula (calculated) field that Salesforce computes'
      : 'it cannot be set on create for the connected Salesforce user (read-only, or field-level security grants Read only)';
    return [
      problem(
        'STATIC_VALUE_NOT_CREATEABLE',
        at,
        `the static value ${shown} cannot be written because ${why}. Remove the static value or choose a createable field.`,
      ),
    ];
  }
  const out: MappingProblem[] = [];
  if (v.applyOn === 'create_and_update' && !field.updateable) {
    out.push(
      problem(
        'STATIC_VALUE_NOT_UPDATEABLE',
        at,
        `the static value ${shown} is set to apply on updates too, but the field is not updateable for the connected Salesforce user. Set it to apply on create only.`,
      ),
    );
  }
  const issue = staticValueIssue(field, v.value);
  if (issue)
    out.push(problem(issue.code, at, `the static value cannot be written: ${issue.reason}. Change the value.`));
  return out;
}

/** Problems of one described object; the caller reports an invisible object on its own. */
export function schemaProblems(plan: TabPlan, s: PlannedSObject, d: DescribeSObjectResult): MappingProblem[] {
  const index = fieldIndex(d);
  const out = objectProblems(plan, s, d);
  for (const f of plan.fields.filter((x) => x.sobject === s.name)) {
    out.push(...fieldMappingProblems(plan, s, f, index.get(f.salesforceField.toLowerCase())));
  }
  for (const v of plan.statics.filter((x) => x.sobject === s.name)) {
    out.push(...staticValueProblems(plan, s, v, index.get(v.salesforceField.toLowerCase())));
  }
  return out;
}
