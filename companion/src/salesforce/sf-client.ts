/**
 * One connection's Salesforce session: the only place that builds a jsforce Connection. A 401 is
 * refreshed once through our own refresh function (refresh-token grant, or a fresh JWT
 * assertion), the new access token and any rotated refresh token are handed to `onSession` to be
 * stored encrypted, and an `invalid_grant` is reported through `onReconnectRequired` so the
 * connection moves to Action Required. Every call's `Sforce-Limit-Info` is passed to `onUsage`.
 */
import { Connection, type DescribeSObjectResult } from 'jsforce';
import { z } from 'zod';
import { AppError } from '../core/app-error.js';
import type { Logger } from '../core/logger.js';
import type { AuthMethod } from '../connections/connection-types.js';
import { type TokenResponse, jwtAssertion, jwtAudience, postToken } from './oauth-client.js';
import { isInvalidGrant, mapSalesforceError } from './sf-errors.js';

export const CLIENT_NAME = 'RoxCompanion';

/** One record's result in sObject Collections / Composite answers. */
export interface SaveResult {
  id?: string | null;
  success: boolean;
  created?: boolean;
  errors: Array<{ statusCode: string; message: string; fields?: string[] }>;
}

export interface CompositeSubrequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  referenceId: string;
  body?: Record<string, unknown>;
  httpHeaders?: Record<string, string>;
}

export interface CompositeSubresponse {
  body: unknown;
  httpStatusCode: number;
  referenceId: string;
}

export interface ClientCredentials {
  authMethod: AuthMethod;
  loginUrl: string;
  instanceUrl: string;
  accessToken?: string;
  refreshToken?: string;
  clientId?: string;
  clientSecret?: string;
  jwtUsername?: string;
  jwtKey?: string;
}

export interface ClientHooks {
  onSession(update: { accessToken: string; refreshToken?: string; instanceUrl?: string }): Promise<void>;
  onReconnectRequired(error: AppError): Promise<void>;
  onUsage?(used: number, max: number): void;
}

export interface Identity {
  userId: string;
  orgId: string;
  username: string;
  displayName: string;
}

const saveResults = (n: number) =>
  z
    .array(
      z.looseObject({
        id: z.string().nullish(),
        success: z.boolean(),
        created: z.boolean().optional(),
        errors: z.array(z.looseObject({ statusCode: z.string(), message: z.string() })).default([]),
      }),
    )
    .length(n);
const compositeAnswer = z.looseObject({
  compositeResponse: z.array(z.looseObject({ httpStatusCode: z.number(), referenceId: z.string() })),
});

/** Whether a describe failed because the object does not exist or the user cannot see it. */
export function isUnknownObject(e: unknown): boolean {
  const sfCode = ((e as AppError)?.details as { salesforceErrorCode?: string } | undefined)?.salesforceErrorCode;
  return e instanceof AppError && (sfCode === 'NOT_FOUND' || sfCode === 'INVALID_TYPE');
}

/**
 * An answer without the shape Salesforce documents (a body cut short, a proxy's page with a 200)
 * says nothing about what happened: it is reported as Salesforce being unavailable, so the rows
 * are retried (every write the companion sends is safe to send again).
 */
function checked<T>(schema: z.ZodType, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success)
    throw new AppError(
      'SALESFORCE_UNAVAILABLE',
      `Salesforce's answer to ${what} could not be read: ${r.error.issues[0]?.message}`,
    );
  return r.data as T;
}

export class SalesforceClient {
  readonly conn: Connection;
  /** jsforce replaces a failed refresh's error with a plain Error; the real one is kept here. */
  private lastRefreshError: unknown;

  constructor(
    private readonly creds: ClientCredentials,
    private readonly hooks: ClientHooks,
    apiVersion: string,
    private readonly log: Logger,
  ) {
    this.conn = new Connection({
      instanceUrl: creds.instanceUrl,
      accessToken: creds.accessToken ?? 'none',
      version: apiVersion,
      // Every call names the companion, so its own changes can be told apart (Sforce-Call-Options).
      callOptions: { client: CLIENT_NAME },
      refreshFn: (_c, callback) => {
        this.refresh().then(
          (t) => callback(null, t.access_token, t as never),
          (e: unknown) => {
            this.lastRefreshError = e;
            callback(e instanceof Error ? e : new Error(String(e)));
          },
        );
      },
    });
  }

  /** Gets a new access token: refresh-token grant, or a new JWT assertion. */
  async refresh(): Promise<TokenResponse> {
    const c = this.creds;
    try {
      let token: TokenResponse;
      if (c.authMethod === 'jwt') {
        if (!c.clientId || !c.jwtUsername || !c.jwtKey)
          throw new AppError(
            'RECONNECT_REQUIRED',
            'The JWT connection is missing its client id, username or key; connect it again',
          );
        token = await postToken(c.loginUrl, {
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: jwtAssertion({
            clientId: c.clientId,
            username: c.jwtUsername,
            audience: jwtAudience(c.loginUrl),
            privateKeyPem: c.jwtKey,
          }),
        });
      } else {
        if (!c.refreshToken || !c.clientId)
          throw new AppError('RECONNECT_REQUIRED', 'The connection has no refresh token; log in again');
        const form: Record<string, string> = {
          grant_type: 'refresh_token',
          refresh_token: c.refreshToken,
          client_id: c.clientId,
        };
        if (c.clientSecret) form.client_secret = c.clientSecret;
        token = await postToken(c.loginUrl, form);
      }
      if (token.refresh_token) c.refreshToken = token.refresh_token;
      c.accessToken = token.access_token;
      this.conn.accessToken = token.access_token;
      await this.hooks.onSession({
        accessToken: token.access_token,
        refreshToken: token.refresh_token,
        instanceUrl: token.instance_url,
      });
      this.log.info({ authMethod: c.authMethod }, 'session refreshed');
      return token;
    } catch (e) {
      if (isInvalidGrant(e) || (e instanceof AppError && e.code === 'RECONNECT_REQUIRED')) {
        const err = mapSalesforceError(e, 'refreshing the session');
        await this.hooks.onReconnectRequired(err);
        throw err;
      }
      throw e;
    }
  }

  /** Runs one API operation: maps failures, records API usage. */
  async call<T>(what: string, fn: (conn: Connection) => Promise<T>): Promise<T> {
    try {
      return await fn(this.conn);
    } catch (e) {
      const refreshFailed = /^Unable to refresh session due to:/.test((e as Error)?.message ?? '');
      const err = mapSalesforceError(refreshFailed && this.lastRefreshError ? this.lastRefreshError : e, what);
      this.log.warn(
        { what, code: err.code, salesforce: (err.details as { salesforceErrorCode?: string })?.salesforceErrorCode },
        'salesforce call failed',
      );
      if (err.code === 'RECONNECT_REQUIRED') await this.hooks.onReconnectRequired(err);
      throw err;
    } finally {
      const usage = this.conn.limitInfo?.apiUsage;
      if (usage) this.hooks.onUsage?.(usage.used, usage.limit);
    }
  }

  /**
   * The identity URL answers an expired token with 403 `Bad_OAuth_Token` rather than 401, so
   * jsforce does not refresh there: refresh once ourselves and ask again.
   */
  async identity(): Promise<Identity> {
    const read = () =>
      this.call('reading the connected user', async (conn) => {
        const id = await conn.identity();
        return { userId: id.user_id, orgId: id.organization_id, username: id.username, displayName: id.display_name };
      });
    try {
      return await read();
    } catch (e) {
      if (!(e instanceof AppError) || !/Bad_OAuth_Token/.test(e.message)) throw e;
      await this.refresh();
      return read();
    }
  }

  async query<T = Record<string, unknown>>(soql: string): Promise<T[]> {
    return this.call('running a query', async (conn) => {
      const res = await conn.query<T & Record<string, unknown>>(soql, { autoFetch: true, maxFetch: 1_000_000 });
      return res.records as T[];
    });
  }

  /** Describe as the connected user sees it; undefined when the object is unknown or hidden. */
  async describe(sobject: string): Promise<DescribeSObjectResult | undefined> {
    try {
      return await this.describeOrThrow(sobject);
    } catch (e) {
      if (isUnknownObject(e)) return undefined;
      throw e;
    }
  }

  /**
   * Describe that keeps Salesforce's own answer when the object is unknown or hidden (an AppError
   * for which isUnknownObject is true, Salesforce's message as its cause), for callers that show it.
   */
  async describeOrThrow(sobject: string): Promise<DescribeSObjectResult> {
    return this.call(`describing ${sobject}`, (conn) => conn.sobject(sobject).describe());
  }

  private path(p: string): string {
    return `/services/data/v${this.conn.version}${p}`;
  }

  /**
   * One sObject Collections write (≤200 records, allOrNone false): one result per record, in order,
   * checked against the documented shape.
   */
  private async saveCollection(
    verb: string,
    method: 'POST' | 'PATCH',
    path: string,
    sobject: string,
    records: Array<Record<string, unknown>>,
  ): Promise<SaveResult[]> {
    const what = `${verb} ${records.length} ${sobject} records`;
    const body = { allOrNone: false, records: records.map((r) => ({ attributes: { type: sobject }, ...r })) };
    return this.call(what, async (conn) =>
      checked<SaveResult[]>(
        saveResults(records.length),
        method === 'POST'
          ? await conn.requestPost(this.path(path), body)
          : await conn.requestPatch(this.path(path), body),
        what,
      ),
    );
  }

  /** sObject Collections update, ≤200 records, allOrNone false: one result per record, in order. */
  async updateRecords(sobject: string, records: Array<Record<string, unknown>>): Promise<SaveResult[]> {
    return this.saveCollection('updating', 'PATCH', '/composite/sobjects', sobject, records);
  }

  /** getDeleted: the delete log of an object between two times (at most 15 days back). */
  async getDeleted(
    sobject: string,
    start: Date,
    end: Date,
  ): Promise<{
    deletedRecords: Array<{ id: string; deletedDate: string }>;
    earliestDateAvailable: string;
    latestDateCovered: string;
  }> {
    return this.call(`reading deleted ${sobject} records`, async (conn) => {
      const r = await conn.sobject(sobject).deleted(start, end);
      return {
        deletedRecords: r.deletedRecords ?? [],
        earliestDateAvailable: String(r.earliestDateAvailable),
        latestDateCovered: String(r.latestDateCovered),
      };
    });
  }

  /** The totalSize of a SELECT COUNT() query. */
  async count(soql: string): Promise<number> {
    return this.call('counting records', async (conn) => (await conn.query(soql)).totalSize);
  }

  /** One page of queryAll (deleted rows included) — or the next page when `nextRecordsUrl` is given. */
  async queryAllPage<T = Record<string, unknown>>(
    soqlOrNext: { soql: string } | { nextRecordsUrl: string },
  ): Promise<{ records: T[]; done: boolean; nextRecordsUrl?: string; totalSize: number }> {
    return this.call('reading a page of records', (conn) =>
      conn.request<{ records: T[]; done: boolean; nextRecordsUrl?: string; totalSize: number }>(
        'soql' in soqlOrNext
          ? this.path(`/queryAll?q=${encodeURIComponent(soqlOrNext.soql)}`)
          : soqlOrNext.nextRecordsUrl,
      ),
    );
  }

  /**
   * Every page of a queryAll (deleted rows included), each read only when the previous one has
   * been taken; `beforeCall` is awaited before each read (the caller's API budget).
   */
  async *queryAllPages<T = Record<string, unknown>>(soql: string, beforeCall?: () => Promise<void>) {
    await beforeCall?.();
    let page = await this.queryAllPage<T>({ soql });
    yield page;
    while (!page.done && page.nextRecordsUrl) {
      await beforeCall?.();
      page = await this.queryAllPage<T>({ nextRecordsUrl: page.nextRecordsUrl });
      yield page;
    }
  }

  /** sObject Collections retrieve: up to 2,000 records by Id in one call (null for an Id not found). */
  async retrieveRecords(
    sobject: string,
    ids: string[],
    fields: string[],
  ): Promise<Array<Record<string, unknown> | null>> {
    const what = `reading ${ids.length} ${sobject} records`;
    return this.call(what, async (conn) =>
      checked<Array<Record<string, unknown> | null>>(
        z.array(z.looseObject({ Id: z.string() }).nullable()).length(ids.length),
        await conn.requestPost(this.path(`/composite/sobjects/${sobject}`), { ids, fields }),
        what,
      ),
    );
  }

  /** sObject Collections create, ≤200 records, allOrNone false. */
  async createRecords(sobject: string, records: Array<Record<string, unknown>>): Promise<SaveResult[]> {
    return this.saveCollection('creating', 'POST', '/composite/sobjects', sobject, records);
  }

  /** sObject Collections upsert on an external ID field, ≤200 records, allOrNone false. */
  async upsertRecords(
    sobject: string,
    externalIdField: string,
    records: Array<Record<string, unknown>>,
  ): Promise<SaveResult[]> {
    return this.saveCollection(
      'upserting',
      'PATCH',
      `/composite/sobjects/${sobject}/${externalIdField}`,
      sobject,
      records,
    );
  }

  /** Composite (≤25 subrequests); with allOrNone the subrequests commit together or not at all. */
  async composite(subrequests: CompositeSubrequest[], allOrNone: boolean): Promise<CompositeSubresponse[]> {
    const what = `sending ${subrequests.length} composite subrequests`;
    const res = await this.call(what, async (conn) =>
      checked<{ compositeResponse: CompositeSubresponse[] }>(
        compositeAnswer,
        await conn.requestPost(this.path('/composite'), {
          allOrNone,
          compositeRequest: subrequests.map((s) => ({ ...s, url: this.path(s.url) })),
        }),
        what,
      ),
    );
    return res.compositeResponse;
  }

  async limits(): Promise<{ used: number; max: number }> {
    return this.call('reading API limits', async (conn) => {
      const l = (await conn.limits()) as unknown as { DailyApiRequests: { Max: number; Remaining: number } };
      return { used: l.DailyApiRequests.Max - l.DailyApiRequests.Remaining, max: l.DailyApiRequests.Max };
    });
  }
}
