/**
 * The Task/Event body while it is being built: field names compared case-insensitively (as
 * Salesforce does), each value remembering whether it may only be sent on create, plus the
 * describe look-ups and the length rules the builder applies at the end.
 */
import type { ActivitySObject } from '../../mappings/index.js';

/** The parts of a jsforce describe the builder reads; a jsforce `DescribeSObjectResult` fits. */
export interface DescribeFieldLike {
  name: string;
  length?: number;
  type?: string;
  /** When false the field is left out of the body (nothing can write it). */
  createable?: boolean;
  /** When false the field is sent on create only (see BuiltActivity.createOnlyFields). */
  updateable?: boolean;
  picklistValues?: Array<{ value: string; active: boolean }> | null;
}
export interface DescribeLike {
  fields: DescribeFieldLike[];
}

/**
 * Lengths used when the caller gives no describe. Description is a 32k textarea on Task (facts §D;
 * 32000 is the safe reading of "32k"). The rest are not in the facts file: UNCONFIRMED defaults,
 * the usual 255 of a standard text field, replaced by the describe whenever the caller has one.
 */
export const DEFAULT_FIELD_LENGTHS: Readonly<Record<ActivitySObject, Readonly<Record<string, number>>>> = {
  Task: { Subject: 255, Description: 32000, CallDisposition: 255, CallObject: 255 },
  // Event Description as a 32k textarea like Task's: UNCONFIRMED.
  Event: { Subject: 255, Description: 32000, Location: 255 },
};

/** Appended to a Description cut to fit, so a reader knows the text goes on in Rox. */
export const DESCRIPTION_TRUNCATION_MARKER = '\n\n[… truncated by Rox]';
/** Appended to any other text cut to fit. */
export const TEXT_TRUNCATION_MARKER = '…';

/** Describe types whose `length` limits a string value (picklists are left to Salesforce). */
const TEXT_TYPES = new Set(['string', 'textarea', 'combobox', 'email', 'phone', 'url', 'encryptedstring']);

/**
 * Cuts `value` to at most `max` UTF-16 units, ending with `marker`. Counting UTF-16 units never
 * undercounts characters, and a surrogate pair is never split.
 */
export function trimToLength(value: string, max: number, marker: string): string {
  if (value.length <= max) return value;
  if (marker.length >= max) return safeSlice(value, max);
  return safeSlice(value, max - marker.length) + marker;
}

function safeSlice(value: string, end: number): string {
  const last = value.charCodeAt(end - 1);
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}

export interface FieldEntry {
  name: string;
  value: unknown;
  createOnly: boolean;
  /** Where the value came from, for notes: 'rox', 'mapping …', 'static value'. */
  origin: string;
}

export class ActivityFieldBag {
  private readonly entries = new Map<string, FieldEntry>();

  get(name: string): FieldEntry | undefined {
    return this.entries.get(name.toLowerCase());
  }

  /** Sets a field and returns the entry it replaced, if any. */
  set(name: string, value: unknown, origin: string, createOnly = false): FieldEntry | undefined {
    const key = name.toLowerCase();
    const previous = this.entries.get(key);
    this.entries.set(key, { name: previous?.name ?? name, value, origin, createOnly });
    return previous;
  }

  delete(name: string): FieldEntry | undefined {
    const previous = this.get(name);
    this.entries.delete(name.toLowerCase());
    return previous;
  }

  list(): FieldEntry[] {
    return [...this.entries.values()];
  }

  rename(from: string, to: string): void {
    const entry = this.get(from);
    if (entry) entry.name = to;
  }
}

export function describeField(describe: DescribeLike | undefined, name: string): DescribeFieldLike | undefined {
  const wanted = name.toLowerCase();
  return describe?.fields.find((f) => f.name.toLowerCase() === wanted);
}

export type PicklistChoice = { ok: true; value: string } | { ok: false; why: string };

/**
 * The org's spelling of a picklist value we want to write. Without a describe the value is taken
 * as the facts file gives it; with one it must be an active value of a visible field.
 */
export function choosePicklistValue(describe: DescribeLike | undefined, field: string, wanted: string): PicklistChoice {
  if (!describe) return { ok: true, value: wanted };
  const fd = describeField(describe, field);
  if (!fd) return { ok: false, why: `${field} is not in the describe (missing or hidden by field-level security)` };
  const values = fd.picklistValues ?? [];
  if (values.length === 0) return { ok: true, value: wanted };
  const match = values.find((v) => v.active && v.value.toLowerCase() === wanted.toLowerCase());
  return match ? { ok: true, value: match.value } : { ok: false, why: `"${wanted}" is not an active ${field} value` };
}

/** Length limit of a text field: from the describe when given, else the documented default. */
export function fieldLength(
  sobject: ActivitySObject,
  describe: DescribeLike | undefined,
  name: string,
): number | undefined {
  if (describe) {
    const fd = describeField(describe, name);
    if (!fd || !fd.length || fd.length <= 0) return undefined;
    return fd.type === undefined || TEXT_TYPES.has(fd.type) ? fd.length : undefined;
  }
  const defaults = DEFAULT_FIELD_LENGTHS[sobject];
  const key = Object.keys(defaults).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? defaults[key] : undefined;
}
