/**
 * Verification of an OAuth 2.0 JWT bearer assertion (RS256) as Salesforce does it: signature
 * against the connected app's certificate, `iss` = consumer key, `aud` = a login URL of the org,
 * `exp` not past, `sub` = a username. Error texts are the ones Salesforce returns (facts §C1 and
 * observed answers: "invalid assertion", "audience is invalid", "expired authorization code").
 */
import { createPublicKey, createVerify } from 'node:crypto';

export interface JwtClaims {
  iss?: string;
  sub?: string;
  prn?: string;
  aud?: string | string[];
  exp?: number | string;
}

export class JwtError extends Error {
  constructor(readonly description: string) {
    super(description);
  }
}

function b64urlDecode(s: string): Buffer {
  return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** Decodes without verifying (to find the app by `iss`). */
export function decodeJwt(assertion: string): { header: Record<string, unknown>; claims: JwtClaims } {
  const parts = assertion.split('.');
  if (parts.length !== 3) throw new JwtError('invalid assertion');
  try {
    return {
      header: JSON.parse(b64urlDecode(parts[0]).toString('utf8')) as Record<string, unknown>,
      claims: JSON.parse(b64urlDecode(parts[1]).toString('utf8')) as JwtClaims,
    };
  } catch {
    throw new JwtError('invalid assertion');
  }
}

export function verifyJwtSignature(assertion: string, certificatePem: string): void {
  const parts = assertion.split('.');
  const { header } = decodeJwt(assertion);
  if (header.alg !== 'RS256') throw new JwtError('invalid assertion');
  let ok = false;
  try {
    const key = createPublicKey(certificatePem);
    ok = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(key, b64urlDecode(parts[2]));
  } catch {
    ok = false;
  }
  if (!ok) throw new JwtError('invalid assertion');
}

/** Checks aud and exp; returns the username (sub, or prn for backward compatibility). */
export function checkJwtClaims(claims: JwtClaims, audiences: string[], nowMs: number): string {
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const norm = (u: string | undefined) => (u ?? '').replace(/\/+$/, '');
  if (!aud.some((a) => audiences.map(norm).includes(norm(a)))) throw new JwtError('audience is invalid');
  const exp = Number(claims.exp);
  if (!Number.isFinite(exp) || exp * 1000 <= nowMs) throw new JwtError('expired authorization code');
  const username = claims.prn ?? claims.sub;
  if (!username) throw new JwtError('invalid assertion');
  return username;
}
