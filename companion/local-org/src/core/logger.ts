/** pino logger for the local org; secrets are redacted wherever they could appear. */
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'access_token',
  'refresh_token',
  'accessToken',
  'refreshToken',
  'assertion',
  'code',
  'code_verifier',
  'client_secret',
  'token',
  '*.access_token',
  '*.refresh_token',
  '*.accessToken',
  '*.refreshToken',
  '*.assertion',
  '*.code',
  '*.code_verifier',
  '*.client_secret',
  '*.token',
];

export function createLogger(
  level = process.env.LOCAL_ORG_LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
): Logger {
  return pino({ name: 'local-org', level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}
