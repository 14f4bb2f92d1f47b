/**
 * validateMappings: checks a connection's CRM mappings on save and whenever the org's schema may
 * have changed (re-run it with a fresh DescribeProvider). Each Salesforce object is described at
 * most once per run; disabled tabs are checked for configuration only, never described, so an
 * object the customer does not use cannot block a save.
 */
import type { DescribeSObjectResult } from '../salesforce/names.js';
import { configProblems } from './config-checks.js';
import { attachProblems, objectFieldAccess, type FieldAccess } from './field-access.js';
import type { CrmMappings } from './mapping-schema.js';
import { problem, type MappingProblem } from './mapping-problems.js';
import { fieldIndex, objectNotVisible, schemaProblems } from './schema-checks.js';
import { planTabs, type TabPlan } from './tab-plan.js';

/** Describe of one sObject as the connected user sees it; undefined when the object is not visible. */
export type DescribeProvider = (sobject: string) => Promise<DescribeSObjectResult | undefined>;

export interface MappingValidation {
  ok: boolean;
  problems: MappingProblem[];
  access: FieldAccess[];
}

function cached(describe: DescribeProvider): DescribeProvider {
  const results = new Map<string, Promise<DescribeSObjectResult | undefined>>();
  return (sobject) => {
    let result = results.get(sobject);
    if (!result) {
      result = describe(sobject);
      results.set(sobject, result);
    }
    return result;
  };
}

async function leadResolutionProblems(plans: TabPlan[], m: CrmMappings, describe: DescribeProvider) {
  const activities = plans.find((p) => p.tab === 'activities')!;
  if (!m.activities.leadResolution || !activities.sobjects.some((s) => s.creates)) return [];
  const lead = await describe('Lead');
  const email = lead?.fields.find((f) => f.name === 'Email');
  if (lead && email) return [];
  const reason = lead
    ? 'the Lead Email field is hidden from the connected Salesforce user by field-level security'
    : 'the connected Salesforce user cannot see the Lead object';
  return [
    problem(
      'LEAD_RESOLUTION_UNAVAILABLE',
      { tab: 'activities', sobject: 'Lead', field: 'Email' },
      `Lead Resolution is on, but ${reason}, so activities cannot be matched to Leads by email. Give the user Read access to Lead and Lead.Email, or turn Lead Resolution off.`,
    ),
  ];
}

export async function validateMappings(m: CrmMappings, describe: DescribeProvider): Promise<MappingValidation> {
  const describeOnce = cached(describe);
  const plans = planTabs(m);
  const problems: MappingProblem[] = [];
  const access: FieldAccess[] = [];
  for (const plan of plans) {
    problems.push(...configProblems(plan));
    for (const s of plan.sobjects.filter((x) => x.active)) {
      const d = await describeOnce(s.name);
      if (!d) {
        problems.push(objectNotVisible(plan.tab, s));
        access.push(...objectFieldAccess(plan, s.name, undefined, new Map()));
        continue;
      }
      problems.push(...schemaProblems(plan, s, d));
      access.push(...objectFieldAccess(plan, s.name, d, fieldIndex(d)));
    }
  }
  problems.push(...(await leadResolutionProblems(plans, m, describeOnce)));
  return { ok: problems.length === 0, problems, access: attachProblems(access, problems) };
}
