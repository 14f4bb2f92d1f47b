/**
 * One retry classification for every error shape jsforce produces. A raw HTTP server answers each
 * shape byte for byte (JSON error arrays, several errors in one body, HTML and text pages, a 300,
 * a body cut short, a dropped socket, a refused connection, a failed refresh), the companion's
 * Salesforce client calls it through jsforce as in production, and the failure must come out in
 * the right class: transient (retry with backoff), limit (pause), reauth (wait for a login),
 * uncertain (a few retries) or permanent (to the ledger at once).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../src/core/app-error.js';
import { createLogger } from '../../src/core/logger.js';
import { SalesforceClient } from '../../src/salesforce/sf-client.js';
import { classifyCode, classifyError, mapSalesforceError } from '../../src/salesforce/sf-errors.js';
import { classifyRecordErrors } from '../../src/writeback/retry-policy.js';

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let url: string;
let answer: Answer;
let tokenAnswer: Answer;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => (req.url?.startsWith('/services/oauth2/token') ? tokenAnswer : answer)(req, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const send =
  (status: number, body: string, type = 'application/json;charset=UTF-8'): Answer =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
const json = (status: number, body: unknown) => send(status, JSON.stringify(body));
const html503 = send(
  503,
  '<html><head><title>Service Unavailable</title></head><body>Maintenance</body></html>',
  'text/html',
);

function client(base = url): SalesforceClient {
  return new SalesforceClient(
    {
      authMethod: 'oauth',
      loginUrl: base,
      instanceUrl: base,
      accessToken: 'token',
      refreshToken: 'refresh',
      clientId: 'client',
    },
    { onSession: async () => undefined, onReconnectRequired: async () => undefined },
    '62.0',
    createLogger('silent'),
  );
}

/** An update through sObject Collections (PATCH: jsforce never retries it on its own). */
async function failureOf(c = client()): Promise<AppError> {
  try {
    await c.updateRecords('Account', [{ Id: '001000000000001AAA', Phone: '1' }]);
  } catch (e) {
    return e as AppError;
  }
  throw new Error('the call succeeded');
}

const lockBody = { errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record' };

describe.each<[string, () => Answer, string, string]>([
  [
    'a JSON SERVER_UNAVAILABLE 503',
    () => json(503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server Unavailable' }]),
    'SALESFORCE_UNAVAILABLE',
    'transient',
  ],
  ['a whole-request UNABLE_TO_LOCK_ROW', () => json(400, [lockBody]), 'SALESFORCE_UNAVAILABLE', 'transient'],
  [
    'REQUEST_RUNNING_TOO_LONG',
    () => json(400, [{ errorCode: 'REQUEST_RUNNING_TOO_LONG', message: 'too long' }]),
    'SALESFORCE_UNAVAILABLE',
    'transient',
  ],
  ['an HTML 503 page (content-type text/html)', () => html503, 'SALESFORCE_UNAVAILABLE', 'transient'],
  [
    'an HTML 502 from a proxy (with a charset)',
    () => send(502, '<html>Bad Gateway</html>', 'text/html; charset=utf-8'),
    'SALESFORCE_UNAVAILABLE',
    'transient',
  ],
  ['a text 504', () => send(504, 'Gateway Timeout', 'text/plain'), 'SALESFORCE_UNAVAILABLE', 'transient'],
  ['a 500 with an empty body', () => send(500, '', 'text/plain'), 'SALESFORCE_UNAVAILABLE', 'transient'],
  [
    'a text 429 from rate limiting in front of the org',
    () => send(429, 'Too Many Requests', 'text/plain'),
    'SALESFORCE_UNAVAILABLE',
    'transient',
  ],
  [
    'a JSON body that says JSON but is HTML',
    () => send(503, '<html>down</html>'),
    'SALESFORCE_UNAVAILABLE',
    'transient',
  ],
  [
    'two lock errors in one body (MULTIPLE_API_ERRORS)',
    () => json(400, [lockBody, lockBody]),
    'SALESFORCE_UNAVAILABLE',
    'transient',
  ],
  [
    'a 200 whose body was cut short',
    () => send(200, '[{"id":"001000000000001AAA","succ'),
    'SALESFORCE_UNAVAILABLE',
    'transient',
  ],
  ['a 200 with the wrong number of results', () => json(200, []), 'SALESFORCE_UNAVAILABLE', 'transient'],
  ['a dropped connection', () => (req) => req.socket.destroy(), 'SALESFORCE_UNAVAILABLE', 'transient'],
  [
    'REQUEST_LIMIT_EXCEEDED',
    () => json(403, [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }]),
    'SALESFORCE_LIMIT',
    'limit',
  ],
  [
    'UNKNOWN_EXCEPTION',
    () => json(500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred. ErrorId: 1-2' }]),
    'SALESFORCE_ERROR',
    'uncertain',
  ],
  [
    'a 300 on an upsert (MULTIPLE_CHOICES)',
    () => json(300, ['/services/data/v62.0/sobjects/Account/001A', '/services/data/v62.0/sobjects/Account/001B']),
    'SALESFORCE_ERROR',
    'uncertain',
  ],
  [
    'a validation error',
    () => json(400, [{ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'no', fields: [] }]),
    'SALESFORCE_ERROR',
    'permanent',
  ],
  [
    'a lock error beside an invalid field (MULTIPLE_API_ERRORS)',
    () => json(400, [lockBody, { errorCode: 'INVALID_FIELD', message: 'No such column' }]),
    'SALESFORCE_ERROR',
    'permanent',
  ],
  ['an HTML 404', () => send(404, '<html>Not Found</html>', 'text/html'), 'SALESFORCE_ERROR', 'permanent'],
])('%s', (_what, shape, code, cls) => {
  it(`is ${code}, ${cls}`, async () => {
    answer = shape();
    const err = await failureOf();
    expect(err).toBeInstanceOf(AppError);
    expect({ code: err.code, cls: classifyError(err) }).toEqual({ code, cls });
  });
});

describe('failures outside a response', () => {
  it('a refused connection is transient', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await failureOf(client(`http://127.0.0.1:${port}`));
    expect({ code: err.code, cls: classifyError(err) }).toEqual({ code: 'SALESFORCE_UNAVAILABLE', cls: 'transient' });
  });

  it.each<[string, () => Answer, string, string]>([
    ['the login server is unreachable', () => (req) => req.socket.destroy(), 'SALESFORCE_UNAVAILABLE', 'transient'],
    ['the login server answers an HTML 503', () => html503, 'SALESFORCE_UNAVAILABLE', 'transient'],
    [
      'the login server answers a JSON 503',
      () => json(503, { error: 'server_error', error_description: 'down' }),
      'SALESFORCE_UNAVAILABLE',
      'transient',
    ],
    [
      'the refresh token was revoked (invalid_grant)',
      () => json(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' }),
      'RECONNECT_REQUIRED',
      'reauth',
    ],
  ])('a session that expires and cannot be refreshed because %s', async (_what, token, code, cls) => {
    answer = json(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    tokenAnswer = token();
    const err = await failureOf();
    expect({ code: err.code, cls: classifyError(err) }).toEqual({ code, cls });
  });

  it('a bug (a plain TypeError) is uncertain, never permanent', () => {
    const err = mapSalesforceError(new TypeError("Cannot read properties of undefined (reading 'x')"), 'testing');
    expect(classifyError(err)).toBe('uncertain');
  });
});

describe('per-record errors (Collections statusCode, Composite subresponses, Bulk sf__Error)', () => {
  it.each([
    ['UNABLE_TO_LOCK_ROW', 'transient'],
    ['SERVER_UNAVAILABLE', 'transient'],
    ['UNPROCESSED', 'transient'],
    ['PROCESSING_HALTED', 'transient'],
    ['UNKNOWN_EXCEPTION', 'uncertain'],
    ['DUPLICATES_DETECTED', 'permanent'],
    ['INVALID_FIELD_FOR_INSERT_UPDATE', 'permanent'],
    ['FIELD_CUSTOM_VALIDATION_EXCEPTION', 'permanent'],
  ])('%s is %s', (code, cls) => {
    expect(classifyCode(code)).toBe(cls);
  });

  it('a record with a lock error and a validation error fails; one with only lock errors is retried', () => {
    expect(
      classifyRecordErrors([
        { statusCode: 'UNABLE_TO_LOCK_ROW', message: 'x' },
        { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'y' },
      ]),
    ).toBe('permanent');
    expect(classifyRecordErrors([{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'x' }])).toBe('transient');
    expect(classifyRecordErrors([])).toBe('uncertain');
  });
});
