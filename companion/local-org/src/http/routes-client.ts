/**
 * REST calls client libraries make besides CRUD and query (facts §A13): Record Count
 * (`/limits/recordCount`), Recently Viewed Items (`/recent`), Tabs (`/tabs`) and Query Performance
 * Feedback (`/query?explain=`). They go through the same pipeline as every REST call: a session is
 * required and each call counts against the daily API allocation.
 */
import { Errors, OrgError } from '../core/errors.js';
import { keyPrefixOf, normalizeId } from '../core/ids.js';
import type { ObjectDef, StoredRecord } from '../schema-types.js';
import { runSoql } from '../soql/soql-engine.js';
import { parseSoql } from '../soql/soql-parse.js';
import { RECENTLY_VIEWED_MAX, recentItem } from './recently-viewed.js';
import { type RestCall, type RestResult, type RouteDef, ok } from './rest-types.js';

// ---------------------------------------------------------------- Record Count
// https://developer.salesforce.com/docs/platform/api-rest/guide/resources-record-count.md
// "available … for API users with the View Setup and Configuration permission"; the count leaves out
// records in the recycle bin, archived records and associated objects (ChangeEvent, Feed, History,
// OwnerSharingRule, Share). A listed object that is not found "is ignored and not returned"; without
// `sObjects` "the resource returns record counts for all objects in the org"
// (https://developer.salesforce.com/docs/atlas.en-us.246.0.api_rest.meta/api_rest/resources_record_count.htm).
// A real org's count is a cached snapshot; the local org counts live rows.

const ASSOCIATED = /(ChangeEvent|Feed|History|OwnerSharingRule|Share)$/;

function liveCount(call: RestCall, obj: ObjectDef): number {
  let n = 0;
  for (const row of call.org.store.scan(obj.name)) {
    if (row.IsDeleted === true || row.IsArchived === true) continue;
    n++;
  }
  return n;
}

function recordCount(call: RestCall): RestResult {
  if (!call.access.has('ViewSetup'))
    // The error a user without View Setup gets is UNCONFIRMED (code, message and status).
    throw new OrgError('INSUFFICIENT_ACCESS', 'insufficient access rights on object id', { httpStatus: 403 });
  const param = call.query.get('sObjects');
  let objects: ObjectDef[];
  if (param === null || param.trim() === '') {
    // Order of the full list is UNCONFIRMED (sorted by name here).
    objects = call.org.schema.all().sort((a, b) => a.name.localeCompare(b.name));
  } else {
    const seen = new Set<string>();
    objects = [];
    for (const raw of param.split(',')) {
      const obj = call.org.schema.get(raw.trim());
      if (!obj || seen.has(obj.name)) continue;
      seen.add(obj.name);
      objects.push(obj);
    }
  }
  const sObjects = objects
    .filter((o) => !ASSOCIATED.test(o.name))
    .map((o) => ({ count: liveCount(call, o), name: o.name }));
  return ok({ sObjects });
}

// ---------------------------------------------------------------- Recently Viewed Items
// https://developer.salesforce.com/docs/platform/api-rest/guide/resources-recent-items.html: `limit` is
// optional, default "the maximum number of entries in RecentlyViewed, which is 200 records in total";
// the answer "filters … recent records based on the permissions of the token or session ID user".
// Shape: a JSON array of {attributes, Id, Name}
// (https://developer.salesforce.com/docs/platform/api-rest/guide/dome-see-recently-viewed.md).

/** The user's recently viewed records they can still see, newest first. */
export function recentRecords(call: RestCall, objectName?: string, limit = RECENTLY_VIEWED_MAX): unknown[] {
  const out: unknown[] = [];
  for (const e of call.org.recentlyViewed.entries(call.session.userId)) {
    if (out.length >= limit) break;
    if (objectName !== undefined && e.objectName !== objectName) continue;
    const obj = call.access.visibleObject(e.objectName);
    if (!obj) continue;
    const row: StoredRecord | undefined = call.org.store.get(obj.name, e.id);
    if (!row || row.IsDeleted === true) continue;
    out.push(recentItem(obj, row, call.apiVersion));
  }
  return out;
}

function recent(call: RestCall): RestResult {
  const raw = call.query.get('limit');
  // A limit that is not a positive whole number is ignored here; what a real org answers is UNCONFIRMED.
  const n = raw !== null && /^\d+$/.test(raw.trim()) ? Number(raw) : 0;
  return ok(recentRecords(call, undefined, n > 0 ? Math.min(n, RECENTLY_VIEWED_MAX) : RECENTLY_VIEWED_MAX));
}

// ---------------------------------------------------------------- Tabs
// https://developer.salesforce.com/docs/platform/api-rest/guide/resources-tabs-get.md: GET, no
// parameters, "all tabs … available to the current user"; the example answer is a JSON array whose
// Accounts element carries colors [{color, context, theme}], custom, iconUrl, icons
// [{contentType, height, theme, url, width}]. The members label, miniIconUrl, name, sobjectName, url
// are those of DescribeTab
// (https://developer.salesforce.com/docs/platform/api/guide/sforce-api-calls-describetabs-describetabsetresult-describetab.html).
// The local org lists the standard object tabs of the objects it has and the user can read. Only the
// Account colours and icon file names come from the doc example; the others follow the same pattern and
// are UNCONFIRMED, as are `name` ("standard-Account"), `url` ("/001/o") and the order of the list.

const STANDARD_TABS: Array<{ object: string; icon: string; color4: string; color3: string }> = [
  { object: 'Account', icon: 'accounts', color4: '6f7ccb', color3: '236FBD' },
  { object: 'Contact', icon: 'contacts', color4: 'a094ed', color3: '56458C' },
  { object: 'Lead', icon: 'leads', color4: 'f88962', color3: 'E39321' },
  { object: 'Opportunity', icon: 'opportunities', color4: 'fcb95b', color3: 'E5C130' },
  { object: 'Case', icon: 'cases', color4: 'f2cf5b', color3: 'B7A752' },
  { object: 'Campaign', icon: 'campaigns', color4: 'f49756', color3: 'BB7A2A' },
  { object: 'Contract', icon: 'contracts', color4: '6ec06e', color3: '66895F' },
  { object: 'Product2', icon: 'products', color4: 'b781d3', color3: '0D8295' },
  { object: 'Order', icon: 'orders', color4: '769ed9', color3: '4D5F7E' },
];

function tabs(call: RestCall): RestResult {
  const host = call.org.instanceUrl.replace(/\/+$/, '');
  const out: unknown[] = [];
  for (const t of STANDARD_TABS) {
    const obj = call.access.visibleObject(t.object);
    if (!obj) continue;
    const lower = obj.name.toLowerCase();
    out.push({
      colors: [
        { color: t.color4, context: 'primary', theme: 'theme4' },
        { color: t.color3, context: 'primary', theme: 'theme3' },
      ],
      custom: false,
      iconUrl: `${host}/img/icon/${t.icon}32.png`,
      icons: [
        { contentType: 'image/png', height: 32, theme: 'theme3', url: `${host}/img/icon/${t.icon}32.png`, width: 32 },
        { contentType: 'image/png', height: 16, theme: 'theme3', url: `${host}/img/icon/${t.icon}16.png`, width: 16 },
        {
          contentType: 'image/svg+xml',
          height: 0,
          theme: 'theme4',
          url: `${host}/img/icon/t4/standard/${lower}.svg`,
          width: 0,
        },
        {
          contentType: 'image/png',
          height: 60,
          theme: 'theme4',
          url: `${host}/img/icon/t4/standard/${lower}_60.png`,
          width: 60,
        },
      ],
      label: obj.labelPlural,
      miniIconUrl: `${host}/img/icon/${t.icon}16.png`,
      name: `standard-${obj.name}`,
      sobjectName: obj.name,
      url: `${host}/${obj.keyPrefix}/o`,
    });
  }
  return ok(out);
}

// ---------------------------------------------------------------- Query Performance Feedback
// https://developer.salesforce.com/docs/atlas.en-us.240.0.api_rest.meta/api/resources_query_performance_feedback.htm:
// `GET /query?explain=<SOQL | report or list view Id>` answers {plans: [...]} "sorted from most
// optimal to least optimal", each plan {cardinality, fields, leadingOperationType (Index | Other |
// Sharing | TableScan), notes [{description, fields, tableEnumOrId}], relativeCost,
// sobjectCardinality, sobjectType}; an invalid SOQL string → MALFORMED_QUERY, an invalid report or
// list view Id → INVALID_ID. Example values: Index relativeCost 0.0, TableScan 0.65
// (https://developer.salesforce.com/docs/atlas.en-us.192.0.api_rest.meta/api_rest/dome_query_explain.htm).
//
// The local org's plan is an APPROXIMATION, not Salesforce's optimizer: an Index plan on Id when the
// WHERE clause ANDs an `Id = …` or `Id IN (…)` condition (cardinality = the number of Ids, relativeCost
// 0), then always a TableScan (cardinality = the rows the query really matches, relativeCost 1);
// `notes` is empty. Salesforce's cost model, other indexed fields and its note texts are not modelled.

interface Condition {
  field?: string;
  operator?: string;
  value?: string | string[];
}
interface Where {
  left: Condition | null;
  operator?: string;
  right?: Where;
}

/** Id values of an `Id =` / `Id IN` condition joined to the rest of the WHERE clause by AND only. */
function idFilter(where: Where | undefined, alias: string | undefined): string[] | undefined {
  const idNames = new Set(['id', ...(alias ? [`${alias.toLowerCase()}.id`] : [])]);
  let ids: string[] | undefined;
  for (let w = where; w; w = w.right) {
    if (w.operator !== undefined && w.operator.toUpperCase() !== 'AND') return undefined;
    const c = w.left;
    const op = (c?.operator ?? '').toUpperCase();
    if (c?.field && idNames.has(c.field.toLowerCase()) && (op === '=' || op === 'IN')) {
      const values = Array.isArray(c.value) ? c.value : c.value !== undefined ? [c.value] : [];
      ids = values.map((v) => v.replace(/^'(.*)'$/, '$1'));
    }
  }
  return ids;
}

export function explainQuery(call: RestCall): RestResult {
  const text = (call.query.get('explain') ?? '').trim();
  if (text === '') throw new OrgError('MALFORMED_QUERY', 'A query string has to be specified');
  if (!/\s/.test(text)) {
    // A report or list view Id; the local org has neither (message UNCONFIRMED).
    const id = normalizeId(text);
    throw new OrgError('INVALID_ID', id ? `invalid report or list view id: ${text}` : `invalid id: ${text}`);
  }
  const result = runSoql(text, call.org.soqlSource(call.access), {
    includeDeleted: false,
    apiVersion: call.apiVersion,
    userId: call.session.userId,
  });
  const obj = call.org.schema.get(result.objectName);
  if (!obj) throw Errors.notFound();
  const sobjectCardinality = liveCount(call, obj);
  const cardinality = result.isCount ? result.count : result.rows.length;
  const plans: Array<Record<string, unknown>> = [];
  const parsed = parseSoql(text);
  const ids = idFilter(parsed.where as Where | undefined, parsed.sObjectAlias);
  if (ids) {
    const distinct = new Set(ids.map((v) => normalizeId(v)).filter((v) => v && keyPrefixOf(v) === obj.keyPrefix));
    plans.push({
      cardinality: distinct.size,
      fields: ['Id'],
      leadingOperationType: 'Index',
      notes: [],
      relativeCost: 0,
      sobjectCardinality,
      sobjectType: obj.name,
    });
  }
  plans.push({
    cardinality,
    fields: [],
    leadingOperationType: 'TableScan',
    notes: [],
    relativeCost: 1,
    sobjectCardinality,
    sobjectType: obj.name,
  });
  return ok({ plans });
}

export const clientRoutes: RouteDef[] = [
  { methods: ['GET'], pattern: /^\/limits\/recordCount$/, kind: 'recordCount', handle: (call) => recordCount(call) },
  { methods: ['GET'], pattern: /^\/recent$/, kind: 'recent', handle: (call) => recent(call) },
  { methods: ['GET'], pattern: /^\/tabs$/, kind: 'tabs', handle: (call) => tabs(call) },
];
