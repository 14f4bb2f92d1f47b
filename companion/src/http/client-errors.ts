/**
 * Requests Node's HTTP parser rejects before the app sees them (malformed framing, headers larger
 * than the server accepts, a request that took too long to arrive) get the same error shape as
 * every other answer, instead of Node's bare `400 Bad Request` / `431` with no body.
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from '../core/app-error.js';

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

export function errorForClientError(err: NodeJS.ErrnoException): AppError {
  if (err.code === 'HPE_HEADER_OVERFLOW')
    return new AppError('HEADERS_TOO_LARGE', 'The request headers are larger than this server accepts (16 KB in all)');
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return new AppError('BAD_REQUEST', 'The request did not arrive completely in time', { httpStatus: 408 });
  return new AppError(
    'BAD_REQUEST',
    `The request is not valid HTTP/1.1 (${err.code ?? 'parse error'}${(err as { reason?: string }).reason ? `: ${(err as { reason?: string }).reason}` : ''})`,
  );
}

export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const e = errorForClientError(err);
    const body = JSON.stringify(e.toJSON());
    socket.end(
      `HTTP/1.1 ${e.httpStatus} ${REASONS[e.httpStatus] ?? 'Bad Request'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
