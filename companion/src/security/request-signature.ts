/**
 * Optional request signatures: `X-Rox-Timestamp: <unix seconds>` and
 * `X-Rox-Signature: v1=<hex HMAC-SHA256(signingKey, "<timestamp>.<METHOD>.<path+query>.<body>")>`.
 * A signature older than the allowed skew is refused, and each signature is accepted once
 * (replay store), so a captured request cannot be sent again.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signRequest(
  signingKeyHex: string,
  timestamp: number,
  method: string,
  pathAndQuery: string,
  body: string,
): string {
  const mac = createHmac('sha256', Buffer.from(signingKeyHex, 'hex'))
    .update(`${timestamp}.${method.toUpperCase()}.${pathAndQuery}.${body}`)
    .digest('hex');
  return `v1=${mac}`;
}

export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
