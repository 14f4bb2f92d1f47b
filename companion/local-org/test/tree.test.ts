/** sObject Tree: nested creates, all or nothing (routes-tree.ts). */
import type { RunningLocalOrg } from '../src/index.js';
import { VERSION, expectNoStack, raw, startOrg, tokenFor } from './helpers.js';

let lo: RunningLocalOrg;
let token: string;
beforeAll(async () => {
  lo = await startOrg();
  token = tokenFor(lo, 'admin');
});
afterAll(async () => {
  await lo.close();
});

const tree = (contacts: Array<Record<string, unknown>>) => ({
  records: [
    {
      attributes: { type: 'Account', referenceId: 'ref1' },
      name: 'Tree Parent',
      Contacts: { records: contacts },
    },
    { attributes: { type: 'Account', referenceId: 'ref4' }, name: 'Tree Sibling' },
  ],
});

const post = (body: unknown) =>
  raw(lo, 'POST', `/services/data/v${VERSION}/composite/tree/Account/`, { token, body: JSON.stringify(body) });

const count = (name: string) => lo.org.store.count(name);

describe('POST /composite/tree/{sObject}', () => {
  it('creates parents before children, lists them so, and links each child to its parent', async () => {
    const res = await post(
      tree([
        { attributes: { type: 'Contact', referenceId: 'ref2' }, lastname: 'Smith' },
        { attributes: { type: 'Contact', referenceId: 'ref3' }, lastname: 'Evans' },
      ]),
    );
    expect(res.status).toBe(201);
    const body = res.json as { hasErrors: boolean; results: Array<{ referenceId: string; id: string }> };
    expect(body.hasErrors).toBe(false);
    expect(body.results.map((r) => r.referenceId)).toEqual(['ref1', 'ref4', 'ref2', 'ref3']);
    const [parent, , smith] = body.results;
    expect(parent.id).toMatch(/^001/);
    expect(smith.id).toMatch(/^003/);
    expect(lo.org.store.get('Contact', smith.id)?.AccountId).toBe(parent.id);
  });

  it('creates nothing when one record fails, and names only that record', async () => {
    const before = [count('Account'), count('Contact')];
    const res = await post(
      tree([
        { attributes: { type: 'Contact', referenceId: 'ok' }, LastName: 'Fine' },
        { attributes: { type: 'Contact', referenceId: 'noName' }, FirstName: 'Nameless' },
      ]),
    );
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      hasErrors: true,
      results: [
        {
          referenceId: 'noName',
          errors: [
            {
              statusCode: 'REQUIRED_FIELD_MISSING',
              message: expect.stringContaining('LastName'),
              fields: ['LastName'],
            },
          ],
        },
      ],
    });
    expect([count('Account'), count('Contact')]).toEqual(before);
  });

  it('names the record whose field the object lacks, creating nothing', async () => {
    const before = count('Account');
    const res = await post(tree([{ attributes: { type: 'Contact', referenceId: 'bad' }, LastName: 'X', Nope__c: 1 }]));
    expect(res.status).toBe(400);
    const body = res.json as { results: Array<{ referenceId: string; errors: Array<{ statusCode: string }> }> };
    expect(body.results.map((r) => [r.referenceId, r.errors[0].statusCode])).toEqual([['bad', 'INVALID_FIELD']]);
    expect(count('Account')).toBe(before);
  });

  it('refuses a record without a reference id, or a body without records, with a clear error', async () => {
    for (const body of [{ records: [{ attributes: { type: 'Account' }, Name: 'x' }] }, { nope: [] }]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect((res.json as Array<{ errorCode: string; message: string }>)[0]).toEqual({
        errorCode: 'INVALID_INPUT',
        message: expect.stringMatching(/referenceId|records/),
      });
      expectNoStack(res.text);
    }
  });
});
