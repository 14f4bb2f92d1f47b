/** Version root resource map, /limits, describeGlobal, sObject basic info and describe. */
import { Errors } from '../core/errors.js';
import type { LocalOrg } from '../org.js';
import { describeSObject, globalEntry } from './describe.js';
import { type RestCall, type RouteDef, decode, ok } from './rest-types.js';

/** Supported API versions (facts: Spring '26 = v66.0 is current). */
export const MIN_VERSION = 31;
export const MAX_VERSION = 66;
const RELEASES = ['Winter', 'Spring', 'Summer'];

export function versionsList(): Array<{ label: string; url: string; version: string }> {
  const out = [];
  for (let v = MIN_VERSION; v <= MAX_VERSION; v++) {
    // v31.0 = Summer '14; three releases a year.
    const n = v - 31 + 2;
    const year = 14 + Math.floor(n / 3);
    const label = `${RELEASES[n % 3]} '${String(year).padStart(2, '0')}`;
    out.push({ label, url: `/services/data/v${v}.0`, version: `${v}.0` });
  }
  return out;
}

function resources(call: RestCall): Record<string, string> {
  const base = `/services/data/v${call.apiVersion}`;
  const names = [
    'tooling',
    'metadata',
    'eclair',
    'folders',
    'prechatForms',
    'contact-tracing',
    'async-queries',
    'query',
    'appMenu',
    'quickActions',
    'queryAll',
    'commerce',
    'wave',
    'iot',
    'analytics',
    'search',
    'ui-api',
    'consent',
    'composite',
    'parameterizedSearch',
    'fingerprint',
    'theme',
    'nouns',
    'domino',
    'event',
    'serviceTemplates',
    'recent',
    'connect',
    'licensing',
    'limits',
    'process',
    'dedupe',
    'match',
    'emailConnect',
    'compactLayouts',
    'knowledgeManagement',
    'sobjects',
    'actions',
    'support',
    'tabs',
    'jobs',
    'scheduling',
    'chatter',
  ];
  const out: Record<string, string> = {};
  for (const n of names) out[n] = `${base}/${n}`;
  out.identity = call.org.identityUrl(call.session.userId);
  return out;
}

function limits(org: LocalOrg): Record<string, { Max: number; Remaining: number }> {
  const u = org.apiUsage.report();
  const fixed = (max: number) => ({ Max: max, Remaining: max });
  return {
    ConcurrentAsyncGetReportInstances: fixed(200),
    ConcurrentSyncReportRuns: fixed(20),
    DailyApiRequests: { Max: u.limit, Remaining: u.remaining },
    DailyAsyncApexExecutions: fixed(250000),
    DailyBulkApiBatches: fixed(15000),
    DailyBulkV2QueryFileStorageMB: fixed(976562),
    DailyBulkV2QueryJobs: fixed(10000),
    DailyGenericStreamingApiEvents: fixed(10000),
    DailyStreamingApiEvents: fixed(10000),
    DataStorageMB: { Max: 5, Remaining: 4 },
    FileStorageMB: fixed(20),
    HourlyPublishedPlatformEvents: fixed(50000),
    MassEmail: fixed(10),
    SingleEmail: fixed(15),
  };
}

export function visibleOrNotFound(call: RestCall, name: string) {
  const obj = call.access.visibleObject(decode(name));
  if (!obj) throw Errors.notFound();
  return obj;
}

export const metaRoutes: RouteDef[] = [
  { methods: ['GET'], pattern: /^$/, kind: 'resources', handle: (call) => ok(resources(call)) },
  { methods: ['GET'], pattern: /^\/limits$/, kind: 'limits', handle: (call) => ok(limits(call.org)) },
  {
    methods: ['GET'],
    pattern: /^\/sobjects$/,
    kind: 'describeGlobal',
    handle: (call) => {
      const sobjects = call.org.schema
        .all()
        .map((o) => call.access.visibleObject(o.name))
        .filter((o): o is NonNullable<typeof o> => o !== undefined)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((o) => globalEntry(o, call.apiVersion));
      return ok({ encoding: 'UTF-8', maxBatchSize: 200, sobjects });
    },
  },
  {
    methods: ['GET'],
    pattern: /^\/sobjects\/([^/]+)\/describe$/,
    kind: 'describe',
    object: (m) => m[1],
    handle: (call, m) => ok(describeSObject(visibleOrNotFound(call, m[1]), call.apiVersion)),
  },
];
