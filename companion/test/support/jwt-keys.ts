/**
 * One JWT signing key pair for the local orgs tests start, made once per machine and kept in the temp directory
 * (an RSA 2048-bit key takes 0.1-0.3 s of CPU to make, and the suite starts over a hundred orgs). Written under a
 * temporary name and renamed, so two runs at once never read half a file. The local org's own tests keep making a
 * key per org.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateJwtKeys, type JwtKeyPair } from '../../local-org/src/org.js';

let cached: JwtKeyPair | undefined;

export function testJwtKeys(): JwtKeyPair {
  if (cached) return cached;
  const dir = join(tmpdir(), 'rox-test-jwt');
  const file = join(dir, 'keys.json');
  if (!existsSync(file)) {
    const keys = generateJwtKeys();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const part = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(part, JSON.stringify(keys), { mode: 0o600 });
    renameSync(part, file);
  }
  cached = JSON.parse(readFileSync(file, 'utf8')) as JwtKeyPair;
  return cached;
}
