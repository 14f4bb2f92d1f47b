/**
 * Object-specific behaviour a real org applies on save: derived fields (Name of people, Opportunity
 * stage flags, Task/Event AccountId and times, line-item pricing, AutoNumber names) and the
 * standard integrity rules (a Lead Who with a What, Event duration, converted Leads, standard
 * price first). Runs before generic field validation so derived values are validated too.
 */
import { toSfDate, toSfDateTime } from '../core/clock.js';
import { Errors, OrgError } from '../core/errors.js';
import { keyPrefixOf } from '../core/ids.js';
import type { StoredRecord } from '../schema-types.js';
import { STAGES } from '../schema/crm-objects.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import type { RecordStore } from '../store/record-store.js';

export interface RuleEnv {
  store: RecordStore;
  schema: SchemaRegistry;
  isInsert: boolean;
  before: StoredRecord | undefined;
  /** Fields the caller sent (canonical names). */
  sent: ReadonlySet<string>;
  writeTime: Date;
  userId: string;
}

type Draft = Record<string, unknown> & { Id: string };

const CLOSED_TASK_STATUSES = new Set(['Completed']);

function objectOf(env: RuleEnv, id: unknown): string | undefined {
  return typeof id === 'string' && id.length >= 15 ? env.schema.byKeyPrefix(keyPrefixOf(id))?.name : undefined;
}

function fullName(r: Draft): string {
  return [r.FirstName, r.LastName].filter((p) => typeof p === 'string' && p !== '').join(' ');
}

function integrity(fields: string[], detail?: string): OrgError {
  return new OrgError(
    'FIELD_INTEGRITY_EXCEPTION',
    detail ? `field integrity exception: ${detail}` : 'field integrity exception',
    { fields },
  );
}

/** AccountId of an activity: from an Account/Opportunity What, else from a Contact Who. */
function activityAccountId(env: RuleEnv, r: Draft): string | null {
  const whatType = objectOf(env, r.WhatId);
  if (whatType === 'Account') return r.WhatId as string;
  if (whatType === 'Opportunity') return (env.store.getById(r.WhatId as string)?.AccountId as string) ?? null;
  if (objectOf(env, r.WhoId) === 'Contact') return (env.store.getById(r.WhoId as string)?.AccountId as string) ?? null;
  return null;
}

function deriveTask(env: RuleEnv, r: Draft): void {
  // facts §D: with a Lead as Who, What must be empty (error code observed: FIELD_INTEGRITY_EXCEPTION on WhoId, WhatId).
  if (objectOf(env, r.WhoId) === 'Lead' && r.WhatId) throw integrity(['WhoId', 'WhatId']);
  if (env.isInsert && (r.TaskSubtype === undefined || r.TaskSubtype === null)) r.TaskSubtype = 'Task';
  r.IsClosed = CLOSED_TASK_STATUSES.has(String(r.Status));
  r.IsHighPriority = r.Priority === 'High';
  if (r.IsClosed && !env.before?.IsClosed) r.CompletedDateTime = toSfDateTime(env.writeTime);
  if (!r.IsClosed) r.CompletedDateTime = null;
  r.AccountId = activityAccountId(env, r);
  if (env.isInsert) r.IsArchived = false;
}

function minutesBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 60000);
}

function deriveEvent(env: RuleEnv, r: Draft): void {
  if (objectOf(env, r.WhoId) === 'Lead' && r.WhatId) throw integrity(['WhoId', 'WhatId']);
  if (env.isInsert) r.IsArchived = false;
  r.IsChild = false;
  r.IsGroupEvent = false;
  if (env.isInsert && !r.EventSubtype) r.EventSubtype = 'Event';
  // StartDateTime and ActivityDateTime mirror each other; the one sent in this call wins.
  if (env.sent.has('StartDateTime') && !env.sent.has('ActivityDateTime')) r.ActivityDateTime = r.StartDateTime;
  else if (env.sent.has('ActivityDateTime')) r.StartDateTime = r.ActivityDateTime;
  if (r.IsAllDayEvent === true) {
    let day = typeof r.ActivityDate === 'string' ? r.ActivityDate : undefined;
    if (!day && typeof r.StartDateTime === 'string') day = r.StartDateTime.slice(0, 10);
    if (!day) throw Errors.requiredFieldsMissing(['ActivityDate']);
    r.ActivityDate = day;
    if (typeof r.DurationInMinutes !== 'number' || env.sent.has('ActivityDate')) r.DurationInMinutes = 1440;
    r.StartDateTime = toSfDateTime(Date.parse(`${day}T00:00:00Z`));
    r.ActivityDateTime = null;
    r.EndDateTime = toSfDateTime(Date.parse(r.StartDateTime as string) + (r.DurationInMinutes as number) * 60000);
    r.EndDate = toSfDate(Date.parse(r.EndDateTime as string) - 1);
  } else {
    const start = typeof r.StartDateTime === 'string' ? r.StartDateTime : undefined;
    // UNCONFIRMED which field a real org names when a timed event has no start.
    if (!start) throw Errors.requiredFieldsMissing(['ActivityDateTime']);
    const endSent = env.sent.has('EndDateTime') && typeof r.EndDateTime === 'string';
    const durationSent = env.sent.has('DurationInMinutes') && typeof r.DurationInMinutes === 'number';
    if (endSent && !durationSent) {
      r.DurationInMinutes = minutesBetween(start, r.EndDateTime as string);
    } else if (durationSent || typeof r.DurationInMinutes === 'number') {
      // Facts §D: Duration or End; when both are sent End must agree (we keep End authoritative).
      if (endSent) r.DurationInMinutes = minutesBetween(start, r.EndDateTime as string);
      r.EndDateTime = toSfDateTime(Date.parse(start) + (r.DurationInMinutes as number) * 60000);
    } else if (typeof r.EndDateTime === 'string') {
      r.DurationInMinutes = minutesBetween(start, r.EndDateTime);
    } else {
      // UNCONFIRMED error shape for a timed event with neither DurationInMinutes nor EndDateTime.
      throw Errors.requiredFieldsMissing(['DurationInMinutes']);
    }
    if ((r.DurationInMinutes as number) < 0) throw integrity(['EndDateTime'], 'EndDateTime (end before start)');
    r.ActivityDateTime = start;
    r.ActivityDate = start.slice(0, 10);
    r.EndDate = (r.EndDateTime as string).slice(0, 10);
  }
  r.AccountId = activityAccountId(env, r);
}

function deriveOpportunity(env: RuleEnv, r: Draft): void {
  const stage = STAGES.find((s) => s[0] === r.StageName);
  if (stage) {
    const stageChanged = env.isInsert || env.before?.StageName !== r.StageName;
    if (stageChanged && !env.sent.has('Probability')) r.Probability = stage[1];
    r.IsClosed = stage[2];
    r.IsWon = stage[3];
    r.ForecastCategory = stage[4];
    if (stageChanged && !env.sent.has('ForecastCategoryName')) {
      r.ForecastCategoryName = {
        Pipeline: 'Pipeline',
        Closed: 'Closed',
        Omitted: 'Omitted',
        BestCase: 'Best Case',
        Forecast: 'Commit',
      }[stage[4]];
    }
  }
  r.ExpectedRevenue =
    typeof r.Amount === 'number' && typeof r.Probability === 'number' ? (r.Amount * r.Probability) / 100 : null;
  if (env.isInsert) r.HasOpportunityLineItem = false;
}

function standardPricebookId(env: RuleEnv): string | undefined {
  for (const pb of env.store.scan('Pricebook2')) if (pb.IsStandard === true && !pb.IsDeleted) return pb.Id;
  return undefined;
}

function deriveLineItem(env: RuleEnv, r: Draft): void {
  const opp = typeof r.OpportunityId === 'string' ? env.store.getById(r.OpportunityId) : undefined;
  if (env.isInsert) {
    let pbe = typeof r.PricebookEntryId === 'string' ? env.store.getById(r.PricebookEntryId) : undefined;
    if (!pbe && typeof r.Product2Id === 'string') {
      const pricebookId = (opp?.Pricebook2Id as string | undefined) ?? standardPricebookId(env);
      for (const e of env.store.scan('PricebookEntry')) {
        if (!e.IsDeleted && e.Product2Id === r.Product2Id && e.Pricebook2Id === pricebookId) pbe = e;
      }
    }
    // UNCONFIRMED: the error a real org gives for a line item with neither entry nor product.
    if (!pbe) throw Errors.requiredFieldsMissing(['PricebookEntryId']);
    r.PricebookEntryId = pbe.Id;
    r.Product2Id = pbe.Product2Id;
    r.ListPrice = pbe.UnitPrice;
    const product = env.store.getById(String(pbe.Product2Id));
    r.ProductCode = product?.ProductCode ?? null;
    r.Name = `${String(opp?.Name ?? '')} ${String(product?.Name ?? '')}`.trim();
    const unitSent = r.UnitPrice !== undefined && r.UnitPrice !== null;
    const totalSent = r.TotalPrice !== undefined && r.TotalPrice !== null;
    // UNCONFIRMED message texts; the rule itself (exactly one of UnitPrice/TotalPrice) is documented.
    if (unitSent && totalSent)
      throw integrity(['TotalPrice'], 'TotalPrice (cannot specify both UnitPrice and TotalPrice)');
    if (!unitSent && !totalSent) throw integrity([], 'unknown (must specify either UnitPrice or TotalPrice)');
  }
  const qty = typeof r.Quantity === 'number' ? r.Quantity : 0;
  if (env.sent.has('TotalPrice') && !env.sent.has('UnitPrice') && typeof r.TotalPrice === 'number') {
    r.UnitPrice = qty === 0 ? 0 : r.TotalPrice / qty;
  } else if (typeof r.UnitPrice === 'number') {
    r.TotalPrice = r.UnitPrice * qty;
  }
}

function derivePricebookEntry(env: RuleEnv, r: Draft): void {
  const product = typeof r.Product2Id === 'string' ? env.store.getById(r.Product2Id) : undefined;
  r.Name = product?.Name ?? null;
  r.ProductCode = product?.ProductCode ?? null;
  if (env.isInsert) {
    const pb = typeof r.Pricebook2Id === 'string' ? env.store.getById(r.Pricebook2Id) : undefined;
    if (pb && pb.IsStandard !== true) {
      const hasStandard = [...env.store.scan('PricebookEntry')].some(
        (e) =>
          !e.IsDeleted &&
          e.Product2Id === r.Product2Id &&
          env.store.getById(String(e.Pricebook2Id))?.IsStandard === true,
      );
      if (!hasStandard)
        throw new OrgError('STANDARD_PRICE_NOT_DEFINED', 'No standard price defined for this product', { fields: [] });
    }
  }
}

/** Applies derived values and integrity rules to `r` in place; throws OrgError on a rule failure. */
export function deriveFields(objectName: string, r: Draft, env: RuleEnv): void {
  switch (objectName) {
    case 'Contact':
    case 'Lead':
      r.Name = fullName(r);
      if (objectName === 'Lead' && env.isInsert) r.IsConverted = false;
      break;
    case 'User':
      r.Name = fullName(r);
      if (env.isInsert) {
        if (!env.sent.has('IsActive')) r.IsActive = true;
        r.UserType = r.UserType ?? 'Standard';
        if (!r.CommunityNickname)
          r.CommunityNickname = `${String(r.Alias ?? 'user')}${keyPrefixOf(r.Id)}${r.Id.slice(-6)}`;
      }
      break;
    case 'Opportunity':
      deriveOpportunity(env, r);
      break;
    case 'Task':
      deriveTask(env, r);
      break;
    case 'Event':
      deriveEvent(env, r);
      break;
    case 'OpportunityLineItem':
      deriveLineItem(env, r);
      break;
    case 'PricebookEntry':
      derivePricebookEntry(env, r);
      break;
    case 'PermissionSetAssignment':
      r.IsActive = true;
      break;
    default:
      break;
  }
  const format = env.isInsert ? env.schema.autoNumberFormat(objectName) : undefined;
  if (format) {
    const n = env.store.nextAutoNumber(objectName);
    r.Name = format.replace(/\{(0+)\}/, (_m, zeros: string) => String(n).padStart(zeros.length, '0'));
  }
}

/** Rejects updates a real org refuses outright, before any field is looked at. */
export function assertUpdatable(objectName: string, current: StoredRecord): void {
  if (objectName === 'Lead' && current.IsConverted === true) {
    throw new OrgError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', { fields: [] });
  }
}
