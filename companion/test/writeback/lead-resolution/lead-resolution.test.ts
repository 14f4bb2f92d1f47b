/**
 * Lead resolution against the local org over real HTTP (jsforce), with in-memory ID-mapping and
 * claim stores. Each test gets a fresh org.
 */
import { Connection } from 'jsforce';
import { createLocalOrg, type RunningLocalOrg } from '../../../local-org/src/index.js';
import {
  type LeadResolutionOptions,
  type LeadResolutionPorts,
  type Resolution,
  type ResolutionOutcome,
  resolveParticipants,
} from '../../../src/writeback/lead-resolution/lead-resolution.js';

interface Env {
  lo: RunningLocalOrg;
  conn: Connection;
  soql: string[];
  created: Array<Record<string, unknown>>;
}

let env: Env;

async function startOrg(options: Parameters<typeof createLocalOrg>[0] = {}): Promise<Env> {
  const lo = await createLocalOrg({ logLevel: 'silent', crmSeed: false, ...options });
  const s = lo.org.issueSession(lo.org.users.integration.username);
  const conn = new Connection({ instanceUrl: lo.instanceUrl, accessToken: s.accessToken, version: '62.0' });
  return { lo, conn, soql: [], created: [] };
}

/** Deletes a record as the admin (the integration user may not delete Contacts). */
async function deleteAsAdmin(e: Env, sobject: string, id: string): Promise<void> {
  const s = e.lo.org.issueSession(e.lo.org.users.admin.username);
  const admin = new Connection({ instanceUrl: e.lo.instanceUrl, accessToken: s.accessToken, version: '62.0' });
  const result = await admin.sobject(sobject).destroy(id);
  if (!result.success) throw new Error(`could not delete ${id}`);
}

/** The two Salesforce ports, built on jsforce as the companion's Salesforce adapter would. */
function sfPorts(e: Env): Pick<LeadResolutionPorts, 'query' | 'createRecords'> {
  return {
    async query<T>(soql: string): Promise<T[]> {
      e.soql.push(soql);
      const res = await e.conn.query<Record<string, unknown>>(soql, { autoFetch: true, maxFetch: 1_000_000 });
      return res.records as T[];
    },
    async createRecords(sobject, records) {
      e.created.push(...records);
      const results = await e.conn.sobject(sobject).create(records, { allOrNone: false });
      return results.map((r) =>
        r.success
          ? { id: r.id }
          : {
              errors: r.errors.map((x) => {
                const err = x as { statusCode?: string; errorCode?: string; message: string; fields?: string[] };
                return { statusCode: err.statusCode ?? err.errorCode ?? '', message: err.message, fields: err.fields };
              }),
            },
      );
    },
  };
}

/** A shared claim store: claims[email] = owner and, once recorded, the Lead. */
class ClaimStore {
  readonly claims = new Map<string, { owner: string; leadId?: string }>();
  readonly calls: string[] = [];
  private waiting: Array<() => void> = [];
  private barrier = 0;

  /** The next `n` claimNewLeads calls wait for each other, so concurrent runs really race. */
  holdClaims(n: number): void {
    this.barrier = n;
  }

  ports(owner: string, known = new Map<string, { sobject: 'Contact' | 'Lead'; id: string }>()) {
    const ports: Omit<LeadResolutionPorts, 'query' | 'createRecords'> = {
      knownPeople: async (emails) => new Map([...known].filter(([email]) => emails.includes(email))),
      claimNewLeads: async (emails) => {
        this.calls.push(`${owner}:claim:${emails.join(',')}`);
        if (this.barrier > 0) {
          await new Promise<void>((resolve) => {
            this.waiting.push(resolve);
            if (this.waiting.length >= this.barrier) {
              this.barrier = 0;
              this.waiting.splice(0).forEach((r) => r());
            }
          });
        }
        const owned = new Set<string>();
        for (const email of emails) {
          const claim = this.claims.get(email);
          if (!claim) this.claims.set(email, { owner });
          if (!claim || (claim.owner === owner && !claim.leadId)) owned.add(email);
        }
        return owned;
      },
      releaseClaims: async (emails) => {
        this.calls.push(`${owner}:release:${emails.join(',')}`);
        for (const email of emails) if (this.claims.get(email)?.owner === owner) this.claims.delete(email);
      },
      recordCreatedLead: async (email, leadId) => {
        this.calls.push(`${owner}:record:${email}`);
        const claim = this.claims.get(email);
        if (claim?.owner !== owner) throw new Error(`${owner} recorded ${email} without owning it`);
        claim.leadId = leadId;
      },
      createdLead: async (email) => this.claims.get(email)?.leadId,
    };
    return ports;
  }
}

function resolver(
  e: Env,
  store = new ClaimStore(),
  owner = 'A',
  known?: Map<string, { sobject: 'Contact' | 'Lead'; id: string }>,
) {
  const ports: LeadResolutionPorts = { ...sfPorts(e), ...store.ports(owner, known) };
  return (
    emails: Array<string | { email: string; name?: string; company?: string }>,
    options?: Partial<LeadResolutionOptions>,
  ) =>
    resolveParticipants(
      emails.map((x) => (typeof x === 'string' ? { email: x } : x)),
      ports,
      { createMissing: true, ...options },
    );
}

function resolution(o: ResolutionOutcome | undefined): Resolution {
  if (!o || !('id' in o)) throw new Error(`expected a resolution, got ${JSON.stringify(o)}`);
  return o;
}

function leadsWithEmail(email: string): Array<Record<string, unknown>> {
  return env.lo.org.query(
    env.lo.org.users.admin.id,
    `SELECT Id, FirstName, LastName, Company, Email, LeadSource, Status, Rating FROM Lead WHERE Email = '${email}'`,
  );
}

afterEach(async () => {
  await env?.lo.close();
});

describe('matching existing people', () => {
  beforeEach(async () => {
    env = await startOrg();
  });

  it('finds a Contact by email, trimmed and case-insensitive, with its Account', async () => {
    const accountId = env.lo.org.insert('Account', { Name: 'Acme' });
    const id = env.lo.org.insert('Contact', { LastName: 'Doe', Email: 'Jane.Doe@Acme.com', AccountId: accountId });
    const out = await resolver(env)(['  JANE.doe@acme.COM ']);
    expect([...out.keys()]).toEqual(['jane.doe@acme.com']);
    expect(resolution(out.get('jane.doe@acme.com'))).toMatchObject({
      sobject: 'Contact',
      id,
      reason: 'contact',
      created: false,
      accountId,
      detail: `Contact ${id} has this email (the only Contact with this email)`,
    });
  });

  it('finds an open Lead when no Contact has the email', async () => {
    const id = env.lo.org.insert('Lead', { LastName: 'Roe', Company: 'Globex', Email: 'rick@globex.com' });
    const out = await resolver(env)(['rick@globex.com']);
    expect(resolution(out.get('rick@globex.com'))).toMatchObject({
      sobject: 'Lead',
      id,
      reason: 'lead',
      accountId: null,
    });
    expect(env.created).toEqual([]);
  });

  it('resolves a converted Lead to its Contact, ahead of an open Lead with the same email', async () => {
    const accountId = env.lo.org.insert('Account', { Name: 'Initech' });
    const contactId = env.lo.org.insert('Contact', {
      LastName: 'Lumbergh',
      Email: 'bill@initech.example',
      AccountId: accountId,
    });
    const converted = env.lo.org.insert('Lead', {
      LastName: 'Lumbergh',
      Company: 'Initech',
      Email: 'bill.l@initech.com',
    });
    env.lo.org.convertLead(converted, { contactId, accountId });
    env.lo.org.insert('Lead', { LastName: 'Lumbergh', Company: 'Initech', Email: 'bill.l@initech.com' });
    const out = await resolver(env)(['bill.l@initech.com']);
    expect(resolution(out.get('bill.l@initech.com'))).toMatchObject({
      sobject: 'Contact',
      id: contactId,
      reason: 'converted_lead',
      accountId,
    });
    expect(resolution(out.get('bill.l@initech.com')).detail).toContain(
      `Lead ${converted} with this email was converted`,
    );
  });

  it('skips a converted Lead whose Contact is gone and uses the open Lead', async () => {
    const contactId = env.lo.org.insert('Contact', { LastName: 'Gone', Email: 'other@hooli.com' });
    const converted = env.lo.org.insert('Lead', { LastName: 'Gone', Company: 'Hooli', Email: 'gone@hooli.com' });
    env.lo.org.convertLead(converted, { contactId });
    await deleteAsAdmin(env, 'Contact', contactId);
    const open = env.lo.org.insert('Lead', { LastName: 'Gone', Company: 'Hooli', Email: 'gone@hooli.com' });
    const out = await resolver(env)(['gone@hooli.com']);
    const r = resolution(out.get('gone@hooli.com'));
    expect(r).toMatchObject({ sobject: 'Lead', id: open, reason: 'lead' });
    expect(r.detail).toContain(`converted Lead ${converted} skipped`);
  });

  it('picks the most recently modified of two Contacts with one email', async () => {
    const first = env.lo.org.insert('Contact', { LastName: 'One', Email: 'dup@acme.com' });
    const second = env.lo.org.insert('Contact', { LastName: 'Two', Email: 'dup@acme.com' });
    const run = resolver(env);
    expect(resolution((await run(['dup@acme.com'])).get('dup@acme.com')).id).toBe(second);
    env.lo.org.update('Contact', first, { Title: 'Edited later' });
    const r = resolution((await run(['dup@acme.com'])).get('dup@acme.com'));
    expect(r.id).toBe(first);
    expect(r.detail).toContain('most recently modified of 2 Contacts with this email');
  });

  it('picks the most recently modified of two open Leads with one email', async () => {
    const older = env.lo.org.insert('Lead', { LastName: 'Old', Company: 'X', Email: 'twin@x.com' });
    const newer = env.lo.org.insert('Lead', { LastName: 'New', Company: 'X', Email: 'twin@x.com' });
    const r = resolution((await resolver(env)(['twin@x.com'])).get('twin@x.com'));
    expect(r.id).toBe(newer);
    expect(r.id).not.toBe(older);
    expect(r.detail).toContain('most recently modified of 2 open Leads');
  });
});

describe('tie on LastModifiedDate', () => {
  it('takes the lowest Id when two Contacts were modified in the same second', async () => {
    env = await startOrg({ clock: { start: '2025-03-01T12:00:00Z', frozen: true, resolution: 'second' } });
    const ids = [
      env.lo.org.insert('Contact', { LastName: 'A', Email: 'tie@acme.com' }),
      env.lo.org.insert('Contact', { LastName: 'B', Email: 'tie@acme.com' }),
      env.lo.org.insert('Lead', { LastName: 'C', Company: 'Acme', Email: 'tie.lead@acme.com' }),
      env.lo.org.insert('Lead', { LastName: 'D', Company: 'Acme', Email: 'tie.lead@acme.com' }),
    ];
    const out = await resolver(env)(['tie@acme.com', 'tie.lead@acme.com']);
    const lowest = (a: string, b: string) => (a < b ? a : b);
    expect(resolution(out.get('tie@acme.com')).id).toBe(lowest(ids[0], ids[1]));
    expect(resolution(out.get('tie@acme.com')).detail).toContain('lowest Id');
    expect(resolution(out.get('tie.lead@acme.com')).id).toBe(lowest(ids[2], ids[3]));
  });
});

describe('the ID mapping', () => {
  beforeEach(async () => {
    env = await startOrg();
  });

  it('a mapped person wins over a Contact with the email', async () => {
    env.lo.org.insert('Contact', { LastName: 'Doe', Email: 'jane@acme.com' });
    const leadId = env.lo.org.insert('Lead', { LastName: 'Doe', Company: 'Acme', Email: 'jane.personal@acme.com' });
    const known = new Map([['jane@acme.com', { sobject: 'Lead' as const, id: leadId }]]);
    const out = await resolver(env, new ClaimStore(), 'A', known)(['Jane@Acme.com']);
    expect(resolution(out.get('jane@acme.com'))).toMatchObject({ sobject: 'Lead', id: leadId, reason: 'mapped' });
    expect(env.soql.some((q) => q.includes('WHERE Email'))).toBe(false);
  });

  it('follows a mapped Lead that was converted, and ignores a mapping whose record is gone', async () => {
    const contactId = env.lo.org.insert('Contact', { LastName: 'Conv', Email: 'conv@acme.com' });
    const leadId = env.lo.org.insert('Lead', { LastName: 'Conv', Company: 'Acme', Email: 'conv@acme.com' });
    env.lo.org.convertLead(leadId, { contactId });
    const deleted = env.lo.org.insert('Contact', { LastName: 'Old', Email: 'old@acme.com' });
    await deleteAsAdmin(env, 'Contact', deleted);
    const current = env.lo.org.insert('Contact', { LastName: 'Current', Email: 'old@acme.com' });
    const known = new Map([
      ['conv@acme.com', { sobject: 'Lead' as const, id: leadId }],
      ['old@acme.com', { sobject: 'Contact' as const, id: deleted }],
    ]);
    const out = await resolver(env, new ClaimStore(), 'A', known)(['conv@acme.com', 'old@acme.com']);
    expect(resolution(out.get('conv@acme.com'))).toMatchObject({
      sobject: 'Contact',
      id: contactId,
      reason: 'converted_lead',
    });
    const r = resolution(out.get('old@acme.com'));
    expect(r).toMatchObject({ id: current, reason: 'contact' });
    expect(r.detail).toContain(`mapping to Contact ${deleted} was not used`);
  });
});

describe('creating Leads', () => {
  beforeEach(async () => {
    env = await startOrg();
  });

  it('creates one Lead with derived name and company and the static values', async () => {
    const store = new ClaimStore();
    const out = await resolver(env, store)(['ana.lopez@umbrella-corp.com', 'sam@gmail.com'], {
      staticLeadValues: { Status: 'Working - Contacted', Rating: 'Warm' },
      leadSource: 'Other',
    });
    const r = resolution(out.get('ana.lopez@umbrella-corp.com'));
    expect(r).toMatchObject({ sobject: 'Lead', reason: 'created_lead', created: true, accountId: null });
    expect(leadsWithEmail('ana.lopez@umbrella-corp.com')).toEqual([
      expect.objectContaining({
        Id: r.id,
        FirstName: 'Ana',
        LastName: 'Lopez',
        Company: 'Umbrella Corp',
        LeadSource: 'Other',
        Status: 'Working - Contacted',
        Rating: 'Warm',
      }),
    ]);
    expect(leadsWithEmail('sam@gmail.com')).toEqual([expect.objectContaining({ LastName: 'Sam', Company: 'Sam' })]);
    expect(store.claims.get('ana.lopez@umbrella-corp.com')).toEqual({ owner: 'A', leadId: r.id });
    expect(env.lo.org.usage().byRoute['composite/sobjects']).toBe(1);
  });

  it('creates one Lead for the same new email twice in one call, using the data given', async () => {
    const out = await resolver(env)([
      { email: 'New.Person@Stark.com' },
      { email: 'new.person@stark.com ', name: 'Pepper Potts', company: 'Stark Industries' },
    ]);
    expect(out.size).toBe(1);
    const leads = leadsWithEmail('new.person@stark.com');
    expect(leads).toEqual([
      expect.objectContaining({ FirstName: 'Pepper', LastName: 'Potts', Company: 'Stark Industries' }),
    ]);
    expect(resolution(out.get('new.person@stark.com')).id).toBe(leads[0].Id);
  });

  it('two concurrent resolvers sharing a claim store create one Lead; the other is pending, then resolved', async () => {
    const store = new ClaimStore();
    store.holdClaims(2);
    const [a, b] = await Promise.all([
      resolver(env, store, 'A')(['race@wayne.com']),
      resolver(env, store, 'B')(['race@wayne.com']),
    ]);
    const outcomes = [a.get('race@wayne.com'), b.get('race@wayne.com')];
    const created = outcomes.filter((o) => o && 'created' in o && o.created) as Resolution[];
    expect(created).toHaveLength(1);
    expect(outcomes.filter((o) => o && 'pending' in o)).toHaveLength(1);
    expect(leadsWithEmail('race@wayne.com')).toHaveLength(1);
    const loser = 'created' in (a.get('race@wayne.com') ?? {}) ? 'B' : 'A';
    const again = await resolver(env, store, loser)(['race@wayne.com']);
    expect(resolution(again.get('race@wayne.com'))).toMatchObject({ id: created[0].id, created: false });
    expect(leadsWithEmail('race@wayne.com')).toHaveLength(1);
  });

  it('an email claimed and recorded by another instance resolves to that Lead without creating one', async () => {
    const store = new ClaimStore();
    const leadId = env.lo.org.insert('Lead', { LastName: 'Else', Company: 'Elsewhere' });
    store.claims.set('else@where.com', { owner: 'B', leadId });
    const out = await resolver(env, store, 'A')(['else@where.com']);
    expect(resolution(out.get('else@where.com'))).toMatchObject({ id: leadId, reason: 'created_lead', created: false });
    expect(env.created).toEqual([]);
  });

  it('after a crash between creating and recording, a re-run finds the Lead by email', async () => {
    const store = new ClaimStore();
    store.claims.set('crash@acme.com', { owner: 'A' });
    const leadId = env.lo.org.insert('Lead', { LastName: 'Crash', Company: 'Acme', Email: 'crash@acme.com' });
    for (const owner of ['A', 'B']) {
      const out = await resolver(env, store, owner)(['crash@acme.com']);
      expect(resolution(out.get('crash@acme.com'))).toMatchObject({ id: leadId, reason: 'lead', created: false });
    }
    expect(leadsWithEmail('crash@acme.com')).toHaveLength(1);
    expect(env.created).toEqual([]);
    expect(store.calls).toEqual([]);
  });

  it('reports invalid emails and never sends them to Salesforce', async () => {
    const out = await resolver(env)(['not-an-email', '', 'x@localhost', "bad'quote@@acme.com", 'ok@acme.com']);
    for (const key of ['not-an-email', '', 'x@localhost', "bad'quote@@acme.com"])
      expect(out.get(key)).toMatchObject({ email: key, error: { code: 'INVALID_EMAIL' } });
    expect(resolution(out.get('ok@acme.com')).created).toBe(true);
    const sent = [...env.soql, JSON.stringify(env.created)].join('\n');
    expect(sent).not.toMatch(/not-an-email|localhost|bad'quote/);
    expect(env.created).toHaveLength(1);
  });

  it('reports a Lead creation failure per email and creates the others', async () => {
    env.lo.org.addValidationRule('Lead', {
      name: 'No_Blocked_Domain',
      errorWhen: (r) => String(r.Email ?? '').endsWith('@blocked.example'),
      message: 'Leads from this domain are not allowed.',
      errorField: 'Email',
    });
    const store = new ClaimStore();
    const out = await resolver(env, store)(['a@blocked.example', 'b@fine.example']);
    expect(out.get('a@blocked.example')).toEqual({
      email: 'a@blocked.example',
      error: {
        code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: 'The Lead could not be created: Leads from this domain are not allowed. (Email)',
      },
    });
    expect(resolution(out.get('b@fine.example')).created).toBe(true);
    // Nothing was created for the refused Lead: its claim is given back for the next try.
    expect(store.claims.has('a@blocked.example')).toBe(false);
  });

  it('without createMissing an unknown email is NO_MATCH and nothing is claimed or created', async () => {
    const store = new ClaimStore();
    const out = await resolver(env, store)(['nobody@acme.com'], { createMissing: false });
    expect(out.get('nobody@acme.com')).toMatchObject({ error: { code: 'NO_MATCH' } });
    expect(store.calls).toEqual([]);
    expect(env.created).toEqual([]);
  });
});

describe('API budget', () => {
  it('resolves 1,000 emails (half unknown) in a handful of calls', async () => {
    env = await startOrg();
    const emails = Array.from(
      { length: 1000 },
      (_, i) => `person${String(i).padStart(4, '0')}@company${i % 37}.example.com`,
    );
    emails.slice(0, 250).forEach((email, i) => env.lo.org.insert('Contact', { LastName: `C${i}`, Email: email }));
    emails
      .slice(250, 500)
      .forEach((email, i) => env.lo.org.insert('Lead', { LastName: `L${i}`, Company: 'X', Email: email }));
    env.lo.org.resetUsage();

    const out = await resolver(env)(emails);

    const usage = env.lo.org.usage();
    expect(usage.total).toBeLessThanOrEqual(15);
    expect(usage.byRoute).toEqual({ query: 7, 'composite/sobjects': 3 });
    const reasons = [...out.values()].map((o) => ('reason' in o ? o.reason : 'other'));
    expect(reasons.filter((r) => r === 'contact')).toHaveLength(250);
    expect(reasons.filter((r) => r === 'lead')).toHaveLength(250);
    expect(reasons.filter((r) => r === 'created_lead')).toHaveLength(500);
    expect(env.lo.org.query(env.lo.org.users.admin.id, 'SELECT Id FROM Lead')).toHaveLength(750);
    for (const q of env.soql) expect(encodeURIComponent(q).length).toBeLessThan(16_000);
  });
});
