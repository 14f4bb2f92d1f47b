/**
 * Newest change wins, field by field (update-decision.ts), rule by rule, without an org: a newer
 * Rox change already decided; a value already there; the companion's own last value; someone
 * else's value, bounded by SystemModstamp, by record_state when the companion changed the record
 * last, and by the SystemModstamp at which sync saw the value.
 */
import type { FieldBases } from '../../../src/store/field-state-store.js';
import { decide, type RecordKnowledge } from '../../../src/writeback/records/update-decision.js';
import type { Claimed } from '../../../src/writeback/writeback-ports.js';

const US = '005000000000001AAA';
const THEM = '005000000000002AAA';
const ID = '001000000000001AAA';
const t = (minutes: number) => new Date(Date.UTC(2026, 10, 1, 12, minutes)).toISOString();

function row(changedAt: string, fields: Record<string, unknown>, history: Array<{ event: string }> = []): Claimed {
  return {
    id: 'w',
    recordKey: 'Account:r1',
    changedAt,
    history: history.map((h) => ({ at: t(0), ...h })),
    payload: { fields, changedFields: Object.keys(fields), staticFields: [], rejected: [] },
  } as unknown as Claimed;
}

function knowledge(
  over: Partial<RecordKnowledge> & { own?: Record<string, unknown>; synced?: Record<string, [unknown, string]> } = {},
): RecordKnowledge {
  const bases: FieldBases = { own: new Map(), synced: new Map() };
  for (const [f, v] of Object.entries(over.own ?? {}))
    bases.own.set(`${ID}.${f}`, { value: v, asOf: t(0), source: 'writeback' });
  for (const [f, [v, at]] of Object.entries(over.synced ?? {}))
    bases.synced.set(`${ID}.${f}`, { value: v, asOf: at, source: 'sync' });
  return { bases, othersModstamps: over.othersModstamps ?? new Map(), decided: over.decided ?? new Map(), userId: US };
}

const current = (modstamp: string, by: string, fields: Record<string, unknown>) => ({
  Id: ID,
  SystemModstamp: modstamp,
  LastModifiedById: by,
  ...fields,
});

it('supersedes a field a newer Rox change already decided, and writes the others', () => {
  const k = knowledge({ decided: new Map([['Account:r1', new Map([['Phone', t(30)]])]]) });
  const x = decide(row(t(20), { Phone: 'old', Industry: 'Energy' }), current(t(5), THEM, { Phone: 'new' }), k);
  expect(x.write).toEqual({ Industry: 'Energy' });
  expect(x.superseded.get('Phone')).toMatchObject({
    salesforceValue: 'new',
    reason: expect.stringMatching(/newer Rox change/),
  });
});

it('reports a value Salesforce already holds as unchanged', () => {
  const x = decide(row(t(20), { Phone: '1' }), current(t(30), THEM, { Phone: '1' }), knowledge());
  expect(x.unchanged).toEqual(['Phone']);
  expect(x.ownUnchanged).toEqual([]);
});

it("writes over the companion's own last value whatever the record's SystemModstamp", () => {
  const x = decide(row(t(20), { Phone: '2' }), current(t(40), US, { Phone: '1' }), knowledge({ own: { Phone: '1' } }));
  expect(x.write).toEqual({ Phone: '2' });
});

it('keeps a value someone else set after the Rox change, and writes over one set before it', () => {
  expect(
    decide(row(t(20), { Phone: '2' }), current(t(30), THEM, { Phone: 'x' }), knowledge()).superseded.has('Phone'),
  ).toBe(true);
  expect(decide(row(t(40), { Phone: '2' }), current(t(30), THEM, { Phone: 'x' }), knowledge()).write).toEqual({
    Phone: '2',
  });
});

it('bounds an unknown field by the last change of someone else when the companion changed the record last', () => {
  const k = knowledge({ othersModstamps: new Map([[ID.slice(0, 15), t(10)]]) });
  const x = decide(row(t(20), { Industry: 'Energy' }), current(t(50), US, { Industry: null }), k);
  expect(x.write).toEqual({ Industry: 'Energy' });
  expect(x.othersModstamp).toBe(t(10));
  // Without that knowledge the record's own SystemModstamp decides (conservative).
  expect(decide(row(t(20), { Industry: 'Energy' }), current(t(50), US, { Industry: null }), knowledge()).write).toEqual(
    {},
  );
});

it('bounds a value by the SystemModstamp at which sync already saw it', () => {
  const k = knowledge({ synced: { Phone: ['x', t(10)] } });
  expect(decide(row(t(20), { Phone: '2' }), current(t(50), THEM, { Phone: 'x' }), k).write).toEqual({ Phone: '2' });
  // A value sync has not seen yet says nothing.
  const other = knowledge({ synced: { Phone: ['y', t(10)] } });
  expect(decide(row(t(20), { Phone: '2' }), current(t(50), THEM, { Phone: 'x' }), other).write).toEqual({});
});

it("counts a value as the companion's own when an earlier attempt of the same row may have written it", () => {
  const x = decide(
    row(t(20), { Phone: '2' }, [{ event: 'lease expired' }]),
    current(t(30), US, { Phone: '2' }),
    knowledge(),
  );
  expect(x.ownUnchanged).toEqual(['Phone']);
  // Not when someone else changed the record last.
  const y = decide(row(t(20), { Phone: '2' }, [{ event: 'retry' }]), current(t(30), THEM, { Phone: '2' }), knowledge());
  expect(y.ownUnchanged).toEqual([]);
});

it('writes conditionally (hot) only records someone else changed in the last ten minutes', () => {
  const now = new Date().toISOString();
  expect(decide(row(now, { Phone: '2' }), current(now, THEM, { Phone: '1' }), knowledge()).hot).toBe(true);
  expect(decide(row(now, { Phone: '2' }), current(now, US, { Phone: '1' }), knowledge()).hot).toBe(false);
});
