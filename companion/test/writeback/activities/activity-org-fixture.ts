/**
 * The local org the activity builder's org tests write into: an Account, Contact, Lead and
 * Opportunity to relate to, Task and Event describes, and the worker's send (upsert on the
 * RoxActivityId key) and a read back. Call `useActivityOrg()` at the top of a test file.
 */
import { Connection } from 'jsforce';
import { type CreateLocalOrgOptions, createLocalOrg, type RunningLocalOrg } from '../../../local-org/src/index.js';
import { defaultCrmMappings, type ActivityMapping } from '../../../src/mappings/index.js';
import { SF } from '../../../src/salesforce/names.js';
import {
  buildActivity,
  type BuildActivityContext,
  type BuiltActivity,
  type DescribeLike,
} from '../../../src/writeback/activities/activity-builder.js';
import type { ActivityInput } from '../../../src/writeback/activities/activity-schema.js';

export interface ActivityOrg {
  lo: RunningLocalOrg;
  conn: Connection;
  describes: { Task: DescribeLike; Event: DescribeLike };
  ids: { contact: string; lead: string; account: string; opportunity: string };
  mappings(patch?: Partial<ActivityMapping>): ActivityMapping;
  build(input: ActivityInput, ctx?: Partial<BuildActivityContext>): BuiltActivity;
  /** The worker's send: the create body for a new activity, the update body for a resend. */
  upsert(a: BuiltActivity, body?: Record<string, unknown>): Promise<boolean | undefined>;
  readBack(a: BuiltActivity, select: string[]): Promise<Array<Record<string, unknown>>>;
}

export const at = '2024-05-01T14:30:00Z';
export const base = { subject: 'Pricing', occurredAt: at, participants: [] };

export function useActivityOrg(orgOptions: CreateLocalOrgOptions = {}): ActivityOrg {
  const o = { ids: { contact: '', lead: '', account: '', opportunity: '' } } as ActivityOrg;
  o.mappings = (patch = {}) => ({
    ...defaultCrmMappings().activities,
    writeback: {
      email: true,
      phoneCall: true,
      linkedinMessage: true,
      linkedinConnection: true,
      meetingsAsEvents: true,
    },
    ...patch,
  });
  o.build = (input, ctx = {}) => {
    const r = buildActivity(input, { mappings: o.mappings(), describe: o.describes, ...ctx });
    if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.reasons)}`);
    return r.activity;
  };
  o.upsert = async (a, body = a.fields) => {
    const res = await o.conn.sobject(a.sobject).upsert({ ...body, [SF.roxActivityId]: a.externalId }, SF.roxActivityId);
    if (!res.success) throw new Error(JSON.stringify(res.errors));
    return (res as { created?: boolean }).created;
  };
  o.readBack = async (a, select) => {
    const soql = `SELECT Id, ${select.join(', ')} FROM ${a.sobject} WHERE ${SF.roxActivityId} = '${a.externalId}'`;
    return (await o.conn.query<Record<string, unknown>>(soql)).records.map(({ attributes: _a, ...r }) => r);
  };
  beforeAll(async () => {
    o.lo = await createLocalOrg({ logLevel: 'silent', crmSeed: false, ...orgOptions });
    const integration = o.lo.org.users.integration;
    const s = o.lo.org.issueSession(integration.username);
    o.conn = new Connection({ instanceUrl: o.lo.instanceUrl, accessToken: s.accessToken, version: '62.0' });
    o.ids.account = o.lo.org.insert('Account', { Name: 'Acme' }, integration.id);
    o.ids.contact = o.lo.org.insert(
      'Contact',
      { LastName: 'X', Email: 'x@acme.com', AccountId: o.ids.account },
      integration.id,
    );
    o.ids.lead = o.lo.org.insert('Lead', { LastName: 'L', Company: 'Beta', Email: 'l@beta.com' }, integration.id);
    o.ids.opportunity = o.lo.org.insert(
      'Opportunity',
      { Name: 'Acme deal', StageName: 'Prospecting', CloseDate: '2024-12-31', AccountId: o.ids.account },
      integration.id,
    );
    o.describes = { Task: await o.conn.sobject('Task').describe(), Event: await o.conn.sobject('Event').describe() };
  });
  afterAll(() => o.lo.close());
  return o;
}
