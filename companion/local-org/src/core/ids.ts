/**
 * Salesforce record Ids: 3-character key prefix, 2-character pod, 1 reserved character, 9-character
 * base-62 record number, then the 3-character case-safe suffix that makes the Id 18 characters.
 * Input accepts 15- or 18-character Ids (the API does); output is always 18 characters.
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID15 = /^[a-zA-Z0-9]{15}$/;
const ID18 = /^[a-zA-Z0-9]{18}$/;

/** Pod + reserved character used for ordinary records created by the store. */
export const STORE_POD = '5g0';
/** Pod + reserved character used for generated (virtual) benchmark rows. */
export const VIRTUAL_POD = 'Vx0';

/** The 3-character suffix: one character per 5-character chunk, bit i set when char i is upper case. */
export function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

export function to18(id15: string): string {
  return id15 + checksumSuffix(id15);
}

/**
 * Normalises a 15- or 18-character Id to its 18-character form; undefined when the value is not
 * shaped like an Id or an 18-character Id's suffix does not match (Salesforce rejects those).
 */
export function normalizeId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (ID15.test(value)) return to18(value);
  if (ID18.test(value)) {
    const head = value.slice(0, 15);
    // The suffix is case-insensitive in practice: Salesforce accepts it in either case.
    return checksumSuffix(head) === value.slice(15).toUpperCase() ? head + checksumSuffix(head) : undefined;
  }
  return undefined;
}

export function to15(id: string): string {
  return id.slice(0, 15);
}

export function encodeBase62(n: number, width: number): string {
  let out = '';
  let rest = Math.floor(n);
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  if (out.length > width) throw new Error(`record number ${n} does not fit in ${width} base-62 characters`);
  return out.padStart(width, '0');
}

export function decodeBase62(s: string): number | undefined {
  let n = 0;
  for (const ch of s) {
    const d = BASE62.indexOf(ch);
    if (d < 0) return undefined;
    n = n * 62 + d;
  }
  return n;
}

/** Builds an 18-character Id from key prefix, pod (3 chars incl. reserved) and record number. */
export function makeId(keyPrefix: string, pod: string, recordNumber: number): string {
  return to18(keyPrefix + pod + encodeBase62(recordNumber, 9));
}

export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}

/** Record number of a virtual-row Id, or undefined when the Id is not a virtual one. */
export function virtualIndexOf(id18: string): number | undefined {
  if (id18.slice(3, 6) !== VIRTUAL_POD) return undefined;
  return decodeBase62(id18.slice(6, 15));
}
