/**
 * Requests Node's HTTP parser refuses before the app sees them get the documented error shape
 * (`{"error":{"code","message","retryable"}}`), not Node's bare status line, and the service keeps
 * serving afterwards.
 */
import { connect } from 'node:net';
import { startCompanion, type TestCompanion } from '../support/companion.js';

let t: TestCompanion;
beforeAll(async () => {
  t = await startCompanion('pglite');
});
afterAll(() => t.close());

/** Sends raw bytes and reads the whole answer (the server closes the connection after an error). */
function raw(bytes: string): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let data = '';
    socket.on('data', (d) => (data += String(d)));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head, body });
    });
  });
}

it.each([
  ['a request line that is not HTTP', 'GARBAGE\r\n\r\n', 400, 'BAD_REQUEST'],
  ['a header name with a space', 'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n', 400, 'BAD_REQUEST'],
  [
    'both Content-Length and Transfer-Encoding',
    'POST /v1/connections HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    400,
    'BAD_REQUEST',
  ],
  ['a bad chunk size', 'POST /v1/keys HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400, 'BAD_REQUEST'],
  ['headers over 16 KB', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
])('answers %s with the error shape', async (_what, bytes, status, code) => {
  const res = await raw(bytes);
  expect(res.status).toBe(status);
  expect(res.headers).toMatch(/content-type: application\/json/i);
  const body = JSON.parse(res.body) as { error: { code: string; message: string; retryable: boolean } };
  expect(body.error).toMatchObject({ code, retryable: false });
  expect(body.error.message.length).toBeGreaterThan(10);
  expect((await t.api('GET', '/healthz', { key: '' })).status).toBe(200);
});
