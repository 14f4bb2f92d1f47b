/**
 * The local demo as a newcomer runs it (`npm start` with nothing configured), as its own process:
 * the banner's keys and commands work — the email activity it suggests is written to the demo
 * org, with a Lead for the new address, and the inspection token reads it there — and a restart,
 * after a clean stop or a SIGKILL, keeps the org's data, the connection with its synced rows and
 * ledger, the keys and the org's URL.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCompanion } from '../support/companion-process.js';
import { seededDataDir } from '../support/engines.js';

jest.setTimeout(180_000);

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rox-demo-'));
  await seededDataDir(join(dir, 'data'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Banner {
  child: ChildProcess;
  text: string;
  url: string;
  orgUrl: string;
  adminKey: string;
  connectionKey: string;
  connectionId: string;
  inspectToken: string;
  consoleLink: string;
  kept: boolean;
}

async function startDemo(): Promise<Banner> {
  const child = spawnCompanion({ DATA_DIR: join(dir, 'data'), LOCAL_DEMO: 'true' }, 'pipe');
  let text = '';
  let err = '';
  child.stderr?.on('data', (d) => (err += String(d)));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      text += String(d);
      if (text.includes('Connect a real org')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the demo exited ${code}: ${err}`)));
  });
  const pick = (re: RegExp) => {
    const m = re.exec(text);
    if (!m) throw new Error(`not in the banner: ${re}\n${text}`);
    return m[1];
  };
  return {
    child,
    text,
    url: pick(/listening on (http:\/\/\S+)/),
    orgUrl: pick(/local Salesforce org with sample data runs at (http:\/\/\S+)/),
    adminKey: pick(/admin API key:\s+(\S+)/),
    connectionKey: pick(/connection API key:\s+(\S+)/),
    connectionId: pick(/\/v1\/connections\/([0-9a-f-]{36})/),
    inspectToken: pick(/-H "Authorization: Bearer (00D\S+)"/),
    consoleLink: pick(/console: (http:\/\/\S+\/console\/sign-in\?token=\S+)/),
    kept: text.includes('kept from the last start'),
  };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

const call = async (b: Banner, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${b.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${b.connectionKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as any };
};

const inOrg = async (b: Banner, soql: string) => {
  const res = await fetch(`${b.orgUrl}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, {
    headers: { authorization: `Bearer ${b.inspectToken}` },
  });
  return ((await res.json()) as { records: Array<Record<string, unknown>> }).records;
};

it('writes the first activity, and keeps everything across a restart and a kill', async () => {
  const first = await startDemo();
  let running: ChildProcess | undefined = first.child;
  try {
    expect(first.kept).toBe(false);
    // The activity the banner suggests (every activity type is on, with Lead Resolution).
    const curl = /-d '(\{"items".*\})'/.exec(first.text)![1];
    const sent = await call(first, 'POST', `/v1/connections/${first.connectionId}/writebacks`, JSON.parse(curl));
    expect(sent.status).toBe(202);
    let state = '';
    for (let i = 0; i < 100 && state !== 'written'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      state = (await call(first, 'GET', `/v1/connections/${first.connectionId}/writebacks?requestId=${sent.json.requestId}`)).json.items[0].state;
    }
    expect(state).toBe('written');
    const tasks = await inOrg(first, "SELECT Id, Subject, WhoId FROM Task WHERE RoxAI__RoxActivityId__c = 'demo-1'");
    expect(tasks).toEqual([expect.objectContaining({ Subject: 'Hello from Rox' })]);
    const [lead] = await inOrg(first, "SELECT Id FROM Lead WHERE Email = 'new.person@example.com'");
    expect(tasks[0].WhoId).toBe(lead.Id);
    expect((await call(first, 'POST', `/v1/connections/${first.connectionId}/sync`)).status).toBe(200);
    const accounts = (await call(first, 'GET', `/v1/connections/${first.connectionId}/records/Account?limit=5000`)).json.records;
    expect(accounts.length).toBeGreaterThan(0);
    // The banner's console link signs a browser in as the demo's admin key, once.
    const signIn = await fetch(first.consoleLink, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const session = await fetch(`${first.url}/console/session`, { headers: { cookie } });
    expect(((await session.json()) as { keyName: string }).keyName).toBe('local-demo admin');
    expect((await fetch(`${first.url}/v1/connections`, { headers: { cookie } })).status).toBe(200);
    expect(first.text).toContain('npm run rox -- console');

    // A clean stop and a start: the same org, connection, keys and data.
    await stop(first.child, 'SIGTERM');
    running = undefined;
    const second = await startDemo();
    running = second.child;
    expect(second).toMatchObject({
      kept: true,
      orgUrl: first.orgUrl,
      adminKey: first.adminKey,
      connectionKey: first.connectionKey,
      connectionId: first.connectionId,
    });
    expect(second.consoleLink).not.toBe(first.consoleLink);
    // The first start's link was used (the service listens on another port now).
    const usedLink = `${second.url}${new URL(first.consoleLink).pathname}${new URL(first.consoleLink).search}`;
    expect((await fetch(usedLink, { redirect: 'manual' })).status).toBe(400);
    expect((await fetch(second.consoleLink, { redirect: 'manual' })).status).toBe(303);
    expect(await inOrg(second, "SELECT Id FROM Task WHERE RoxAI__RoxActivityId__c = 'demo-1'")).toHaveLength(1);
    const ledger = (await call(second, 'GET', `/v1/connections/${second.connectionId}/writebacks`)).json.items;
    expect(ledger.map((w: { state: string }) => w.state)).toEqual(['written']);
    const kept = (await call(second, 'GET', `/v1/connections/${second.connectionId}/records/Account?limit=5000`)).json.records;
    expect(kept.length).toBe(accounts.length);
    const admin = await fetch(`${second.url}/v1/connections`, { headers: { authorization: `Bearer ${second.adminKey}` } });
    expect(admin.status).toBe(200);

    // Killed: the connection and keys survive (the org saved its JWT key pair at start).
    await stop(second.child, 'SIGKILL');
    running = undefined;
    const third = await startDemo();
    running = third.child;
    expect(third).toMatchObject({ kept: true, connectionKey: first.connectionKey, connectionId: first.connectionId });
    expect((await call(third, 'GET', `/v1/connections/${third.connectionId}`)).json.state).toBe('Ready');
  } finally {
    if (running) await stop(running, 'SIGTERM');
  }
});
