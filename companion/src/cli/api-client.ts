/**
 * The CLI's view of the companion: its HTTP API, called with an admin key (or this connection's key
 * where only it may call). An error answer becomes an AppError with the server's code and message.
 */
import { AppError, type ErrorCode } from '../core/app-error.js';

export interface ApiClient {
  readonly url: string;
  call<T = any>(method: string, path: string, body?: unknown, key?: string): Promise<T>;
}

export function apiClient(url: string, adminKey: string): ApiClient {
  const base = url.replace(/\/+$/, '');
  return {
    url: base,
    async call(method, path, body, key = adminKey) {
      let res: Response;
      try {
        res = await fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${key}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (e) {
        throw new AppError(
          'COMPANION_UNREACHABLE',
          `Cannot reach the companion at ${base}: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`,
          { cause: e },
        );
      }
      const text = await res.text();
      let json: any;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      if (!res.ok) {
        const err = json?.error as { code?: string; message?: string; details?: unknown } | undefined;
        throw new AppError(
          (err?.code as ErrorCode) ?? 'INTERNAL',
          err?.message ?? `The companion answered ${res.status} to ${method} ${path}`,
          { httpStatus: res.status, details: err?.details },
        );
      }
      return json;
    },
  };
}
