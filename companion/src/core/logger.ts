/**
 * pino with redaction of everything secret: authorization headers, access and refresh tokens,
 * client secrets, API keys, signatures, and any JWT-shaped or Salesforce-session-shaped string in
 * a message. Modules take a child logger (`logger.child({ module })`).
 */
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-rox-signature"]',
  'accessToken',
  'refreshToken',
  '*.accessToken',
  '*.refreshToken',
  'access_token',
  'refresh_token',
  '*.access_token',
  '*.refresh_token',
  'clientSecret',
  '*.clientSecret',
  'client_secret',
  'apiKey',
  '*.apiKey',
  'privateKey',
  '*.privateKey',
  'code_verifier',
  'assertion',
];

const SECRET_PATTERNS: RegExp[] = [
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWT
  /00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]{20,}/g, // Salesforce session id
  /rox_(?:live|key)_[A-Za-z0-9_-]{16,}/g, // our API keys
  /5Aep[A-Za-z0-9._-]{40,}/g, // Salesforce refresh tokens
];

export function scrub(text: string): string {
  let out = text;
  for (const p of SECRET_PATTERNS) out = out.replace(p, '[REDACTED]');
  return out;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'rox-companion' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrub(a) : a));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      formatters: {
        log(obj) {
          // Strings nested anywhere in the object are scrubbed too (error messages carry URLs).
          return JSON.parse(scrub(JSON.stringify(obj))) as Record<string, unknown>;
        },
      },
    },
    destination,
  );
}

export type { Logger };
