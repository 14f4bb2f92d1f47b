/**
 * Tokens at rest: AES-256-GCM with a random 96-bit IV per value and the connection id as
 * associated data, so a ciphertext copied to another connection's row does not decrypt.
 * Stored form: `v1:<iv b64>:<tag b64>:<ciphertext b64>`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../core/app-error.js';

export class TokenCipher {
  private readonly key: Buffer;

  constructor(keyBase64: string) {
    const key = Buffer.from(keyBase64, 'base64');
    if (key.length !== 32)
      throw new AppError('CONFIG_INVALID', 'ROX_ENCRYPTION_KEY must be 32 bytes in base64 (openssl rand -base64 32)');
    this.key = key;
  }

  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }

  encrypt(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
  }

  decrypt(stored: string, context: string): string {
    const [v, iv, tag, data] = stored.split(':');
    if (v !== 'v1' || !iv || !tag || data === undefined)
      throw new AppError('INTERNAL', 'A stored token is not in the expected encrypted form');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    } catch (e) {
      throw new AppError(
        'INTERNAL',
        'A stored token cannot be decrypted: ROX_ENCRYPTION_KEY differs from the key it was saved with',
        { cause: e },
      );
    }
  }
}
