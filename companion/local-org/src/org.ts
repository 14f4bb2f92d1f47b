/**
 * LocalOrg: one in-memory Salesforce org (schema, records, users, sessions, limits, faults) with
 * the hooks tests and benchmarks use. It does not listen; server.ts puts HTTP in front of it.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import type { Logger } from 'pino';
import { OrgClock, type TimestampResolution } from './core/clock.js';
import { Errors, OrgError } from './core/errors.js';
import { makeId, normalizeId } from './core/ids.js';
import { BulkJobs } from './bulk/bulk-jobs.js';
import { type CallContext, DmlService, type Prepared } from './dml/dml-service.js';
import type { FieldDef } from './schema-types.js';
import { ApiUsage, type UsageReport } from './http/api-usage.js';
import { type ActiveFault, FaultInjector, type FaultSpec } from './http/faults.js';
import { RecentlyViewed } from './http/recently-viewed.js';
import type { StoredRecord, ValidationRuleDef } from './schema-types.js';
import type { SchemaConfig } from './schema/custom-config.js';
import { SchemaRegistry } from './schema/schema-registry.js';
import { type Access, AccessCache, SystemAccess, type UserAccess } from './security/user-access.js';
import { seedCrmData, type CrmSeedOptions } from './seed/crm-seed.js';
import {
  INTEGRATION_USER_PROFILES,
  type IntegrationUserProfile,
  type SeededUsers,
  seedSetup,
} from './seed/setup-seed.js';
import { OrgSoqlSource, formulaContext } from './soql-source.js';
import { runSoql } from './soql/soql-engine.js';
import type { SoqlResult } from './soql/soql-types.js';
import type { ConnectedAppConfig } from './auth/token-service.js';
import { TokenService } from './auth/token-service.js';
import { RecordStore, type StoreSnapshot } from './store/record-store.js';
import type { VirtualTable } from './store/virtual-table.js';

export interface LocalOrgConfig {
  /** Seed for generated data and fault randomness (default 1). */
  seed?: number;
  schema?: SchemaConfig;
  clock?: { start?: Date | string; frozen?: boolean; resolution?: TimestampResolution };
  /** Daily API request allocation (default 15000). */
  apiLimit?: number;
  /** Most ids one getDeleted answers before EXCEEDED_ID_LIMIT (default 600,000, as documented). */
  getDeletedIdLimit?: number;
  /** Access token lifetime in ms (default 2 hours, like a default session timeout). */
  accessTokenTtlMs?: number;
  /** Load from / save to this JSON file. */
  persistFile?: string;
  /** CRM seed data; false for an org with setup data only. */
  crmSeed?: CrmSeedOptions | false;
  /** Connected apps; default: one "Rox" app (see DEFAULT_APP). */
  connectedApps?: ConnectedAppConfig[];
  /** Fixed refresh token issued to the integration user at start (stable across restarts). */
  integrationRefreshToken?: string;
  /**
   * Profile of the integration user: 'Rox Integration User' (default; custom, Account.Rating read-only, Task.Type
   * hidden) or 'System Administrator' (what the setup guide recommends: every object and field permission the
   * admin has). Both keep the Salesforce license and the Rox Integration User Access permission set. With a
   * persisted org, a given value is applied to the loaded integration user.
   */
  integrationUserProfile?: IntegrationUserProfile;
  /** Username /services/oauth2/authorize approves as when no login_hint is given (default: the integration user). */
  authorizeAs?: string;
  /**
   * The JWT signing key pair whose certificate the default app trusts (default: generated on first use, an RSA
   * 2048-bit key, 0.1-0.3 s of CPU). Tests that start many orgs pass one pair made once.
   */
  jwtKeys?: JwtKeyPair;
  logger?: Logger;
}

/** A JWT signing key pair: the private key (PKCS#8 PEM) and the public key the connected app's certificate holds. */
export interface JwtKeyPair {
  privateKeyPem: string;
  certificatePem: string;
}

/** A new JWT signing key pair (RSA 2048-bit). */
export function generateJwtKeys(): JwtKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export const DEFAULT_APP: ConnectedAppConfig = {
  name: 'Rox',
  clientId: '3MVG9LocalOrgRoxConsumerKey',
  clientSecret: 'local-org-consumer-secret',
  callbackUrls: ['http://localhost:8080/oauth/callback', 'http://127.0.0.1:8080/oauth/callback'],
  rotateRefreshTokens: false,
  adminApprovedUsersOnly: true,
  scopes: ['api', 'refresh_token', 'offline_access'],
};

interface PersistedState {
  version: 1;
  store: StoreSnapshot;
  tokens: ReturnType<TokenService['snapshot']>;
  users: SeededUsers;
  /** The JWT signing key pair the default app trusts, so a JWT connection survives a restart. */
  jwtKeys?: JwtKeyPair;
}

export interface QueryLocator {
  result: SoqlResult;
  userId: string;
  apiVersion: string;
  expiresAt: number;
}

export class LocalOrg {
  readonly clock: OrgClock;
  readonly schema: SchemaRegistry;
  readonly store: RecordStore;
  readonly dml: DmlService;
  readonly getDeletedIdLimit: number;
  readonly tokens: TokenService;
  readonly apiUsage: ApiUsage;
  readonly faults: FaultInjector;
  readonly orgId: string;
  readonly seed: number;
  readonly apps: ConnectedAppConfig[];
  readonly persistFile: string | undefined;
  readonly logger: Logger | undefined;
  /** Base URL of the HTTP server (instance URL and login URL); set by createLocalOrg. */
  instanceUrl = 'http://127.0.0.1';
  /** Extra accepted JWT audiences besides the instance URL. */
  jwtAudiences = ['https://login.salesforce.com', 'https://test.salesforce.com'];
  users!: SeededUsers;
  readonly queryLocators = new Map<string, QueryLocator>();
  /** Bulk API 2.0 ingest and query jobs. */
  readonly bulk = new BulkJobs();
  /** Records each user viewed (GET /recent, sObject Basic Information recentItems); not persisted. */
  readonly recentlyViewed = new RecentlyViewed();
  private locatorCounter = 0;
  private readonly accessCache: AccessCache;
  private jwtKeyPair: JwtKeyPair | undefined;
  private readonly authorizeAs: string | undefined;

  constructor(config: LocalOrgConfig = {}) {
    if (config.integrationUserProfile && !INTEGRATION_USER_PROFILES.includes(config.integrationUserProfile))
      throw new Error(
        `integrationUserProfile must be one of ${INTEGRATION_USER_PROFILES.join(', ')}, got "${config.integrationUserProfile}"`,
      );
    this.seed = config.seed ?? 1;
    this.logger = config.logger;
    this.jwtKeyPair = config.jwtKeys;
    this.clock = new OrgClock(config.clock);
    this.schema = new SchemaRegistry(config.schema);
    this.store = new RecordStore(
      this.schema,
      new Set(['User', 'Profile', 'PermissionSet', 'PermissionSetAssignment', 'ObjectPermissions', 'FieldPermissions']),
    );
    this.dml = new DmlService(this.schema, this.store, this.clock);
    this.orgId = makeId('00D', '5g0', 1);
    this.tokens = new TokenService(
      this.orgId.slice(0, 15),
      () => this.clock.nowMs(),
      config.accessTokenTtlMs ?? 2 * 60 * 60 * 1000,
    );
    this.apiUsage = new ApiUsage(config.apiLimit ?? 15000);
    this.getDeletedIdLimit = config.getDeletedIdLimit ?? 600_000;
    this.faults = new FaultInjector(this.seed);
    this.apps = config.connectedApps ?? [{ ...DEFAULT_APP }];
    this.persistFile = config.persistFile;
    this.authorizeAs = config.authorizeAs;
    this.accessCache = new AccessCache(
      this.store,
      this.schema,
      () => this.clock.now(),
      () => this.schema.version,
    );

    if (this.persistFile && existsSync(this.persistFile)) {
      this.loadState(JSON.parse(readFileSync(this.persistFile, 'utf8')) as PersistedState);
    } else {
      this.users = seedSetup(this, { integrationUserProfile: config.integrationUserProfile });
      if (config.crmSeed !== false) seedCrmData(this, config.crmSeed ?? {});
    }
    if (config.integrationUserProfile) this.setIntegrationUserProfile(config.integrationUserProfile);
    if (config.integrationRefreshToken && !this.tokens.refreshTokenInfo(config.integrationRefreshToken)) {
      this.tokens.issueRefreshToken(this.users.integration.id, this.apps[0].clientId, config.integrationRefreshToken);
    }
  }

  // ---- callers ------------------------------------------------------------------------------

  accessFor(userId: string): UserAccess {
    const access = this.accessCache.forUser(userId);
    if (!access) throw Errors.invalidSession();
    return access;
  }

  systemAccess(asUserId?: string): Access {
    return new SystemAccess(asUserId ?? this.users?.admin.id ?? makeId('005', '5g0', 0), this.schema);
  }

  /** A DML call context for a user (API caller) or, with `system`, for platform writes. */
  context(userId: string, apiVersion = '62.0'): CallContext {
    return { access: this.accessFor(userId), apiVersion };
  }

  systemContext(asUserId?: string): CallContext {
    return { access: this.systemAccess(asUserId), apiVersion: '62.0', system: true };
  }

  soqlSource(access: Access): OrgSoqlSource {
    return new OrgSoqlSource(this.store, this.clock, access);
  }

  formulaContext() {
    return formulaContext(this.store, this.clock);
  }

  /** Runs SOQL as a user (tests): records projected as REST returns them. */
  query(userId: string, soql: string, options: { all?: boolean } = {}): Array<Record<string, unknown>> {
    const result = runSoql(soql, this.soqlSource(this.accessFor(userId)), {
      includeDeleted: options.all ?? false,
      apiVersion: '62.0',
      userId,
    });
    return result.rows.map((r) => result.project(r));
  }

  // ---- platform writes (seeding and test hooks) ---------------------------------------------

  /** Inserts a record as the platform (no FLS / writability checks; validation still applies). */
  insert(objectName: string, values: Record<string, unknown>, asUserId?: string): string {
    const ctx = this.systemContext(asUserId);
    const p: Prepared = this.dml.prepare(ctx, objectName, values);
    return this.dml.insertOne(ctx, p);
  }

  update(objectName: string, id: string, values: Record<string, unknown>, asUserId?: string): void {
    const ctx = this.systemContext(asUserId);
    this.dml.updateOne(ctx, this.dml.prepare(ctx, objectName, values), id);
  }

  /** Gives the integration user another profile, as an admin would in Setup (no-op when it has it already). */
  setIntegrationUserProfile(name: IntegrationUserProfile): void {
    const profileId = this.users.profiles[name];
    const user = this.store.get('User', this.users.integration.id);
    if (user && user.ProfileId !== profileId)
      this.update('User', user.Id, { ProfileId: profileId }, this.users.admin.id);
  }

  /** Name of a user's profile (undefined for an unknown user). */
  profileNameOf(userId: string): string | undefined {
    const profileId = this.store.get('User', userId)?.ProfileId;
    return typeof profileId === 'string'
      ? (this.store.get('Profile', profileId)?.Name as string | undefined)
      : undefined;
  }

  get(id: string): StoredRecord | undefined {
    return this.store.getById(id);
  }

  /**
   * Changes a field's type as an admin would in Setup: the new definition replaces the old one and
   * every stored value goes through `convert`. SystemModstamp does not move (UNCONFIRMED for a real
   * org; it is the harder case for a replicator, which must notice the type change in describe).
   */
  retypeField(objectName: string, def: FieldDef, convert: (value: unknown) => unknown): void {
    const obj = this.schema.get(objectName);
    if (!obj) throw new Error(`unknown object ${objectName}`);
    this.schema.replaceField(obj.name, def);
    const ids = [...this.store.scan(obj.name)].map((r) => r.Id);
    for (const id of ids) {
      const row = this.store.get(obj.name, id);
      if (row && row[def.name] !== undefined) this.store.put(obj.name, { ...row, [def.name]: convert(row[def.name]) });
    }
  }

  /** Empties the recycle bin of records deleted before `beforeMs` (default: all of it); returns how many. */
  purgeRecycleBin(beforeMs = Number.MAX_SAFE_INTEGER): number {
    return this.store.purgeRecycleBin(beforeMs);
  }

  /** Drops an object's delete log entries older than `beforeMs` (as Salesforce does after 15 days). */
  purgeDeleteLog(objectName: string, beforeMs: number): void {
    this.store.purgeDeleteLog(objectName, beforeMs);
  }

  /** Converts a Lead as Salesforce's convertLead does, recording the conversion on the Lead. */
  convertLead(
    leadId: string,
    options: { accountId?: string; contactId?: string; createOpportunity?: boolean; asUserId?: string } = {},
  ) {
    const lead = this.get(leadId);
    if (!lead || lead.IsDeleted === true) throw Errors.notFound();
    if (lead.IsConverted === true)
      throw new OrgError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');
    const accountId =
      options.accountId ??
      this.insert('Account', { Name: lead.Company, Industry: lead.Industry, Website: lead.Website }, options.asUserId);
    const contactId =
      options.contactId ??
      this.insert(
        'Contact',
        {
          AccountId: accountId,
          FirstName: lead.FirstName,
          LastName: lead.LastName,
          Email: lead.Email,
          Title: lead.Title,
          Phone: lead.Phone,
          LeadSource: lead.LeadSource,
        },
        options.asUserId,
      );
    const opportunityId = options.createOpportunity
      ? this.insert(
          'Opportunity',
          {
            AccountId: accountId,
            Name: `${String(lead.Company)}-`,
            StageName: 'Prospecting',
            CloseDate: this.clock.now().toISOString().slice(0, 10),
          },
          options.asUserId,
        )
      : null;
    this.update(
      'Lead',
      leadId,
      {
        IsConverted: true,
        ConvertedDate: this.clock.now().toISOString().slice(0, 10),
        ConvertedAccountId: accountId,
        ConvertedContactId: contactId,
        ConvertedOpportunityId: opportunityId,
        Status: 'Closed - Converted',
      },
      options.asUserId,
    );
    return { accountId, contactId, opportunityId };
  }

  addValidationRule(objectName: string, rule: ValidationRuleDef): void {
    this.schema.addValidationRule(objectName, rule);
  }

  removeValidationRule(objectName: string, ruleName: string): void {
    this.schema.removeValidationRule(objectName, ruleName);
  }

  /** Adds `count` generated rows to an object (benchmarks); see seed/generators.ts. */
  attachVirtualTable(table: VirtualTable): void {
    this.store.attachVirtualTable(table);
  }

  // ---- sessions -----------------------------------------------------------------------------

  userByUsername(username: string): StoredRecord | undefined {
    const lower = username.toLowerCase();
    for (const u of this.store.scan('User')) if (String(u.Username).toLowerCase() === lower) return u;
    return undefined;
  }

  /** Issues an access token (and a refresh token) for a user as if they had authorised the app. */
  issueSession(
    user: string,
    clientId = this.apps[0].clientId,
  ): { accessToken: string; refreshToken: string; userId: string } {
    const u = normalizeId(user) ? this.get(user) : this.userByUsername(user);
    if (!u) throw new Error(`no such user ${user}`);
    const refresh = this.tokens.issueRefreshToken(u.Id, clientId);
    const access = this.tokens.issueAccessToken(u.Id, clientId, refresh.token);
    return { accessToken: access.token, refreshToken: refresh.token, userId: u.Id };
  }

  authorizeAsUserId(): string {
    return (this.authorizeAs ? this.userByUsername(this.authorizeAs)?.Id : undefined) ?? this.users.integration.id;
  }

  revokeRefreshToken(token: string): void {
    this.tokens.revoke(token);
  }

  /** Every access token (of one user, or all) expires now; refresh tokens stay valid. */
  expireSessions(userId?: string): void {
    this.tokens.expireAccessTokens(userId);
  }

  identityUrl(userId: string): string {
    return `${this.instanceUrl}/id/${this.orgId}/${userId}`;
  }

  /** A JWT signing key pair whose certificate the default app trusts (generated on first use). */
  jwtKeys(): JwtKeyPair {
    this.jwtKeyPair ??= generateJwtKeys();
    return this.jwtKeyPair;
  }

  jwtCertificateFor(app: ConnectedAppConfig): string | undefined {
    if (app.jwtCertificate) return app.jwtCertificate;
    return app === this.apps[0] ? this.jwtKeys().certificatePem : undefined;
  }

  // ---- limits, usage and faults --------------------------------------------------------------

  /** API calls counted today: total, limit, remaining, and per route kind (`query`, `composite/sobjects`, ...). */
  usage(): UsageReport {
    return this.apiUsage.report();
  }

  /** Alias of usage(). */
  usageReport(): UsageReport {
    return this.apiUsage.report();
  }

  resetUsage(): void {
    this.apiUsage.reset();
  }

  /** Daily allocation; `used` pretends that many calls were already made today. */
  setApiLimit(limit: number, used?: number): void {
    this.apiUsage.limit = limit;
    if (used !== undefined) this.apiUsage.setUsed(used);
  }

  addFault(spec: FaultSpec): ActiveFault {
    return this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  // ---- query locators -----------------------------------------------------------------------

  newLocator(entry: QueryLocator): string {
    this.locatorCounter += 1;
    const locator = makeId('0r8', '5g0', this.locatorCounter);
    this.queryLocators.set(locator, entry);
    return locator;
  }

  /** Test hook: every open query locator becomes invalid (like after 2 days). */
  expireQueryLocators(): void {
    this.queryLocators.clear();
  }

  // ---- persistence --------------------------------------------------------------------------

  save(file = this.persistFile): void {
    if (!file) return;
    const state: PersistedState = {
      version: 1,
      store: this.store.snapshot(),
      tokens: this.tokens.snapshot(),
      users: this.users,
      jwtKeys: this.jwtKeyPair,
    };
    writeFileSync(`${file}.tmp`, JSON.stringify(state));
    renameSync(`${file}.tmp`, file);
  }

  private loadState(state: PersistedState): void {
    this.store.load(state.store);
    this.tokens.load(state.tokens);
    this.users = state.users;
    if (state.jwtKeys) this.jwtKeyPair = state.jwtKeys;
    let last = 0;
    for (const obj of this.schema.all()) {
      for (const r of this.store.scan(obj.name)) {
        const t = typeof r.SystemModstamp === 'string' ? Date.parse(r.SystemModstamp) : 0;
        if (t > last) last = t;
      }
    }
    this.clock.noteWrite(last);
  }
}
