/**
 * Checks that need only the configuration: Rox fields exist, custom Rox fields are unique, no
 * Salesforce field has two sources, no Rox field reads from two fields, and the required basic
 * mappings are present (and Read and Write while the tab creates records). They run for every tab,
 * enabled or not, so a required mapping cannot be removed by switching a tab off first.
 */
import { REQUIRED_MAPPINGS } from './default-mappings.js';
import { problem, type MappingProblem } from './mapping-problems.js';
import { ROX_FIELDS, findRoxField } from './rox-fields.js';
import { sameName, type TabPlan } from './tab-plan.js';

function customFieldProblems(plan: TabPlan): MappingProblem[] {
  const out: MappingProblem[] = [];
  const seen = new Set<string>();
  for (const c of plan.customRoxFields) {
    if (seen.has(c.key)) {
      out.push(
        problem(
          'DUPLICATE_CUSTOM_ROX_FIELD',
          { tab: plan.tab, sobject: plan.sobjects[0].name, roxField: c.key },
          `custom Rox field "${c.key}" is declared more than once; keep one declaration (keys must be unique).`,
        ),
      );
    }
    seen.add(c.key);
  }
  return out;
}

function unknownRoxFieldProblems(plan: TabPlan): MappingProblem[] {
  const known = ROX_FIELDS[plan.tab].map((f) => f.key).join(', ');
  return plan.fields
    .filter((f) => !findRoxField(plan.tab, f.roxField, plan.customRoxFields))
    .map((f) =>
      problem(
        'UNKNOWN_ROX_FIELD',
        { tab: plan.tab, sobject: f.sobject, field: f.salesforceField, roxField: f.roxField },
        `Rox field "${f.roxField}" does not exist on this tab. Pick one of ${known}, or declare "${f.roxField}" as a custom Rox field with a type (custom keys start with custom_).`,
      ),
    );
}

function duplicateSalesforceFieldProblems(plan: TabPlan): MappingProblem[] {
  const out: MappingProblem[] = [];
  const sources = new Map<string, { sobject: string; field: string; from: string[] }>();
  const add = (sobject: string, field: string, from: string) => {
    const key = `${sobject}.${field}`.toLowerCase();
    const entry = sources.get(key) ?? { sobject, field, from: [] };
    entry.from.push(from);
    sources.set(key, entry);
  };
  for (const f of plan.fields) add(f.sobject, f.salesforceField, `Rox field "${f.roxField}"`);
  for (const s of plan.statics) add(s.sobject, s.salesforceField, `static value ${JSON.stringify(s.value)}`);
  for (const { sobject, field, from } of sources.values()) {
    if (from.length < 2) continue;
    out.push(
      problem(
        'DUPLICATE_SALESFORCE_FIELD',
        { tab: plan.tab, sobject, field },
        `the field is mapped ${from.length} times (${from.join(', ')}); Rox can write it from only one source. Remove all but one of these mappings.`,
      ),
    );
  }
  return out;
}

function duplicateRoxFieldProblems(plan: TabPlan): MappingProblem[] {
  const out: MappingProblem[] = [];
  const targets = new Map<string, string[]>();
  for (const f of plan.fields) {
    const key = `${f.sobject}\u0000${f.roxField}`;
    const list = targets.get(key) ?? [];
    if (!list.some((t) => sameName(t, f.salesforceField))) list.push(f.salesforceField);
    targets.set(key, list);
  }
  for (const [key, fields] of targets) {
    if (fields.length < 2) continue;
    const [sobject, roxField] = key.split('\u0000');
    out.push(
      problem(
        'DUPLICATE_ROX_FIELD',
        { tab: plan.tab, sobject, field: fields[1], roxField },
        `Rox field "${roxField}" is mapped to ${fields.length} ${sobject} fields (${fields.join(', ')}), so it is ambiguous which one Rox reads. Keep one mapping for "${roxField}".`,
      ),
    );
  }
  return out;
}

function requiredMappingProblems(plan: TabPlan): MappingProblem[] {
  const out: MappingProblem[] = [];
  for (const r of REQUIRED_MAPPINGS[plan.tab]) {
    const at = { tab: plan.tab, sobject: r.sobject, field: r.salesforceField, roxField: r.roxField };
    const mapping = plan.fields.find(
      (f) =>
        f.sobject === r.sobject &&
        f.roxField === r.roxField &&
        [r.salesforceField, ...(r.alternatives ?? [])].some((name) => sameName(f.salesforceField, name)),
    );
    if (!mapping) {
      out.push(
        problem(
          'REQUIRED_MAPPING_MISSING',
          at,
          `the basic mapping Rox "${r.roxField}" ↔ ${r.sobject}.${r.salesforceField} is required and cannot be removed (${r.reason}). Add it back.`,
        ),
      );
      continue;
    }
    const creates = plan.sobjects.find((s) => s.name === r.sobject)?.creates ?? false;
    if (creates && mapping.mode !== 'read_write') {
      out.push(
        problem(
          'REQUIRED_MAPPING_READ_ONLY',
          at,
          `the basic mapping Rox "${r.roxField}" ↔ ${r.sobject}.${r.salesforceField} is Read Only, but this tab creates ${r.sobject} records and ${r.reason}. Set it to Read and Write, or turn off writeback of new records.`,
        ),
      );
    }
  }
  return out;
}

export function configProblems(plan: TabPlan): MappingProblem[] {
  return [
    ...customFieldProblems(plan),
    ...unknownRoxFieldProblems(plan),
    ...requiredMappingProblems(plan),
    ...duplicateSalesforceFieldProblems(plan),
    ...duplicateRoxFieldProblems(plan),
  ];
}
