/**
 * What a chaos run sends and what must be true afterwards. Every item has an idempotency key, so
 * a batch resent after an instance died mid-request is the same work, never more; on top of that
 * the workload carries the duplicates and disorder real clients produce:
 *   existing Accounts, each changed several times, the changes arriving in random order;
 *   new Accounts, some created twice (a client that retried with a new key), some updated after;
 *   emails to known Contacts and to new addresses (several per address, one Lead each), some
 *   resent as a newer version (new subject, later changedAt), versions arriving in random order.
 * The expected end state is the newest change by changedAt, per field and per activity.
 */
import { SeededRandom } from '../../local-org/src/core/random.js';

export interface WorkloadSize {
  existingAccounts: number;
  changesPerAccount: number;
  creates: number;
  createsResent: number;
  createsUpdated: number;
  emails: number;
  emailResends: number;
  newAddresses: number;
  knownContacts: number;
}

export interface Workload {
  /** Submission order: batches of items (already shuffled). */
  items: Array<Record<string, unknown>>;
  expected: {
    /** Rox id of an existing Account → its Salesforce id and the final Phone. */
    existing: Map<string, { salesforceId: string; phone: string }>;
    /** Rox id of a created Account → its Name and final Phone. */
    created: Map<string, { name: string; phone: string }>;
    /** roxActivityId → final subject. */
    subjects: Map<string, string>;
    newAddresses: string[];
  };
}

export function shuffle<T>(items: T[], rng: SeededRandom): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Builds the workload. `accountIds` are existing Accounts (made by someone else, before `base`);
 * `contacts` the emails of known Contacts. Changes are made after `base`, one second apart.
 */
export function buildWorkload(
  size: WorkloadSize,
  seed: number,
  base: number,
  accountIds: string[],
  contacts: string[],
  run: string,
): Workload {
  const rng = new SeededRandom(seed);
  const at = (s: number) => new Date(base + s * 1000).toISOString();
  const items: Array<Record<string, unknown>> = [];
  const existing = new Map<string, { salesforceId: string; phone: string }>();
  accountIds.forEach((salesforceId, a) => {
    const roxId = `${run}-acct-${a}`;
    for (let c = 0; c < size.changesPerAccount; c++)
      items.push({
        type: 'update',
        object: 'Account',
        roxId,
        salesforceId,
        changedAt: at(c + 1),
        fields: { phone: `${a}-v${c}` },
        idempotencyKey: `${roxId}-c${c}`,
      });
    existing.set(roxId, { salesforceId, phone: `${a}-v${size.changesPerAccount - 1}` });
  });

  const created = new Map<string, { name: string; phone: string }>();
  for (let n = 0; n < size.creates; n++) {
    const roxId = `${run}-new-${n}`;
    const name = `Chaos ${run} New ${n}`;
    const create = { type: 'create', object: 'Account', roxId, changedAt: at(0), fields: { name, phone: `new-${n}` } };
    items.push({ ...create, idempotencyKey: `${roxId}-create` });
    if (n < size.createsResent) items.push({ ...create, idempotencyKey: `${roxId}-create-again` });
    let phone = `new-${n}`;
    if (n >= size.creates - size.createsUpdated) {
      phone = `new-${n}-updated`;
      items.push({
        type: 'update',
        object: 'Account',
        roxId,
        changedAt: at(5),
        fields: { phone },
        idempotencyKey: `${roxId}-update`,
      });
    }
    created.set(roxId, { name, phone });
  }

  const newAddresses = Array.from({ length: size.newAddresses }, (_, k) => `person${k}.${run}@new-${k % 7}.example`);
  const subjects = new Map<string, string>();
  const email = (id: string, to: string, subject: string, changedAt: string, key: string) => ({
    type: 'activity',
    changedAt,
    idempotencyKey: key,
    activity: {
      kind: 'email',
      roxActivityId: id,
      subject,
      occurredAt: at(0),
      direction: 'outbound',
      participants: [
        { email: 'rep@rox.example', role: 'from' },
        { email: to, role: 'to' },
      ],
    },
  });
  for (let e = 0; e < size.emails; e++) {
    const id = `${run}-email-${e}`;
    // Every new address gets emails first, then the rest go to known Contacts and new addresses.
    const to =
      e < newAddresses.length
        ? newAddresses[e]
        : e % 2 === 0
          ? contacts[e % contacts.length]
          : newAddresses[e % newAddresses.length];
    items.push(email(id, to, `Email ${e}`, at(1), `${id}-v1`));
    subjects.set(id, `Email ${e}`);
    if (e < size.emailResends) {
      items.push(email(id, to, `Email ${e} (edited)`, at(3), `${id}-v2`));
      subjects.set(id, `Email ${e} (edited)`);
    }
  }
  // Creates first (an update that arrives before its create waits for it, but an update is most
  // often sent after); everything else in random order.
  const creates = items.filter((i) => i.type === 'create');
  const rest = shuffle(
    items.filter((i) => i.type !== 'create'),
    rng,
  );
  return { items: [...shuffle(creates, rng), ...rest], expected: { existing, created, subjects, newAddresses } };
}
