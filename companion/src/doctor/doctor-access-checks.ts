/**
 * Object and field checks of the doctor (RoxSetupChecks.cls: checkObjectAccess, checkGovernedObject,
 * checkActivityField, checkFieldAccess). The schema comes from the connected user's describe, so a field
 * it does not show is "not visible" (missing, or hidden by field-level security) rather than known missing:
 * the field-access checks then fall back to the user's FieldPermissions, and the activity-field check,
 * which is about the field's definition, warns instead of failing.
 */
import { ACCESS_KINDS, MODIFY_ALL_DATA, VIEW_ALL_DATA, type FieldSchema } from './doctor-facts.js';
import {
  ACCESS_LABELS,
  accessLabels,
  blockedBy,
  fail,
  isAdminProfile,
  joinAnd,
  judgePermission,
  pass,
  unreadable,
  warn,
  type CheckContext,
  type Outcome,
} from './doctor-outcome.js';
import { checksOfType, qualify, type CheckOf, type Requirement } from './requirements.js';

const ACTIVITY_OBJECTS = ['task', 'event'];

function effectiveAccess(ctx: CheckContext, objectName: string): Set<string> {
  const kinds = ctx.facts.objectAccess(objectName);
  if (ctx.facts.hasPermission(VIEW_ALL_DATA)) ['read', 'viewAll'].forEach((k) => kinds.add(k));
  if (ctx.facts.hasPermission(MODIFY_ALL_DATA)) ACCESS_KINDS.forEach((k) => kinds.add(k));
  return kinds;
}

const missingKinds = (wanted: readonly string[], granted: Set<string>) => wanted.filter((k) => !granted.has(k));

export function checkObjectAccess(ctx: CheckContext, item: Requirement, check: CheckOf<'objectAccess'>): Outcome {
  const blocked = blockedBy(ctx, item, 'objectPermissions');
  if (blocked) return blocked;
  const prefix = ctx.facts.namespacePrefix;
  const objectName = qualify(check, prefix, check.object);
  const source = check.inheritsFrom ? qualify(check, prefix, check.inheritsFrom) : objectName;
  const target = source === objectName ? objectName : `${source} (${objectName} access follows it)`;
  const writeAccess = check.writeAccess ?? [];
  const granted = effectiveAccess(ctx, source);
  const missing = missingKinds(check.access, granted);
  const missingWrite = missingKinds(writeAccess, granted);
  if (missing.length > 0) {
    const also = missingWrite.length === 0 ? '' : `; writeback also needs ${accessLabels(missingWrite)}`;
    return fail(item, `Missing ${accessLabels(missing)} on ${target}${also}`);
  }
  if (missingWrite.length > 0) {
    return warn(`${accessLabels(check.access)} works; writeback needs ${accessLabels(missingWrite)} on ${target}`);
  }
  return pass(`Has ${accessLabels([...check.access, ...writeAccess])} on ${target}`);
}

function permissionLabel(ctx: CheckContext, permission: string): string {
  const check = checksOfType(ctx.requirements, 'userPermission').find(
    (c) => c.permission.toLowerCase() === permission.toLowerCase() && c.label,
  );
  return check?.label ?? permission;
}

export function checkGovernedObject(ctx: CheckContext, item: Requirement, check: CheckOf<'objectAccess'>): Outcome {
  const objectName = qualify(check, ctx.facts.namespacePrefix, check.object);
  const permission = check.governedBy!;
  const label = `'${permissionLabel(ctx, permission)}'`;
  return judgePermission(
    ctx,
    item,
    permission,
    `This org has no user permission ${permission}, so ${objectName} access could not be read; check it by hand.`,
    (sources) => `${objectName} access comes from ${label}, granted by ${sources}`,
    `Missing ${label}, which governs ${objectName} access`,
  );
}

export function checkActivityField(ctx: CheckContext, item: Requirement, check: CheckOf<'activityField'>): Outcome {
  const blocked = blockedBy(ctx, item, 'schema');
  if (blocked) return blocked;
  const { facts } = ctx;
  const fieldName = qualify(check, facts.namespacePrefix, check.field);
  const notExternal: string[] = [];
  const notVisible: string[] = [];
  for (const objectName of check.objects) {
    const lookup = facts.fieldSchema(qualify(check, facts.namespacePrefix, objectName), fieldName);
    if (lookup.state === 'unknown') return unreadable(item, lookup.reason);
    if (lookup.state === 'notVisible') notVisible.push(objectName);
    else if (check.externalId && !lookup.field.externalId) notExternal.push(objectName);
  }
  // Not the package's field anywhere: a field the admin made by hand, as the setup guide says, will do.
  if (notVisible.length === check.objects.length) {
    const alternative = handMadeField(ctx, item, check, fieldName);
    if (alternative) return alternative;
  }
  if (notExternal.length > 0) {
    const hidden = notVisible.length > 0 ? `; it is not visible to the connected user on ${joinAnd(notVisible)}` : '';
    return fail(item, `${fieldName} is not an External ID on ${joinAnd(notExternal)}${hidden}`);
  }
  if (notVisible.length > 0) {
    return warn(
      `${fieldName} is not visible to the connected user on ${joinAnd(notVisible)}: it is missing, or field-level security hides it from that user. Check it by hand in Setup: ${item.setup.label}.`,
    );
  }
  return pass(`${fieldName} exists on ${joinAnd(check.objects)}${check.externalId ? ' and is an External ID' : ''}`);
}

/** The row's outcome when an alternative (hand-made) field stands in for the package's; undefined when none does. */
function handMadeField(
  ctx: CheckContext,
  item: Requirement,
  check: CheckOf<'activityField'>,
  fieldName: string,
): Outcome | undefined {
  for (const alt of check.alternatives ?? []) {
    if (alt.toLowerCase() === fieldName.toLowerCase()) continue;
    const lookups = check.objects.map((o) => ({ o, lookup: ctx.facts.fieldSchema(o, alt) }));
    const unknown = lookups.find((l) => l.lookup.state === 'unknown');
    if (unknown && unknown.lookup.state === 'unknown') return unreadable(item, unknown.lookup.reason);
    if (!lookups.every((l) => l.lookup.state === 'found')) continue;
    const notExternal = lookups
      .filter((l) => l.lookup.state === 'found' && !l.lookup.field.externalId)
      .map((l) => l.o);
    if (check.externalId && notExternal.length > 0)
      return warn(
        `${fieldName} (the package's) is not installed; ${alt}, made by hand, is used instead, but it is not an External ID on ${joinAnd(notExternal)}: Rox looks each activity up before writing it. Tick External ID on ${alt} in Setup (${item.setup.label}) so Rox can upsert on it, or install the RoxAI package.`,
      );
    return pass(
      `${alt}, made by hand, exists on ${joinAnd(check.objects)}${check.externalId ? ' and is an External ID' : ''}; Rox uses it (the package's ${fieldName} is not installed)`,
    );
  }
  return undefined;
}

export function checkFieldAccess(ctx: CheckContext, item: Requirement, check: CheckOf<'fieldAccess'>): Outcome {
  const kind = check.access;
  if (check.adminProfileSatisfies && isAdminProfile(ctx)) {
    return pass(`Granted by the ${ctx.facts.profileName} profile`);
  }
  const blocked =
    blockedBy(ctx, item, 'schema') ??
    blockedBy(ctx, item, 'fieldPermissions') ??
    blockedBy(ctx, item, 'objectPermissions');
  if (blocked) return blocked;
  const missing: string[] = [];
  const standIns: string[] = [];
  for (const objectValue of check.objects) {
    const objectName = qualify(check, ctx.facts.namespacePrefix, objectValue);
    for (const fieldValue of check.fields) {
      const problem = fieldProblem(ctx, objectName, qualify(check, ctx.facts.namespacePrefix, fieldValue), kind);
      if (problem && 'unknown' in problem) return unreadable(item, problem.unknown);
      if (!problem) continue;
      // The package's field is missing but one made by hand (never namespaced) serves, with the access.
      const alt = (check.alternatives ?? []).find(
        (a) =>
          ctx.facts.fieldSchema(objectName, a).state === 'found' &&
          ctx.facts.fieldSchema(objectName, qualify(check, ctx.facts.namespacePrefix, fieldValue)).state !== 'found' &&
          fieldProblem(ctx, objectName, a, kind) === null,
      );
      if (alt) standIns.push(`${objectName}.${alt}`);
      else missing.push(problem.missing);
    }
  }
  const checked = check.objects.length * check.fields.length;
  if (missing.length === 0) {
    const made = standIns.length > 0 ? ` (${joinAnd(standIns)}, made by hand, in place of the package's)` : '';
    return pass(`${ACCESS_LABELS[kind]} on all ${checked} ${checked === 1 ? 'field' : 'fields'} checked${made}`);
  }
  return fail(item, `Missing ${ACCESS_LABELS[kind]} on: ${missing.join(', ')}`);
}

function fieldProblem(
  ctx: CheckContext,
  objectName: string,
  fieldName: string,
  kind: 'read' | 'edit',
): { missing: string } | { unknown: string } | null {
  const lookup = ctx.facts.fieldSchema(objectName, fieldName);
  if (lookup.state === 'unknown') return { unknown: lookup.reason };
  if (lookup.state === 'found') {
    return fieldAllows(ctx, objectName, lookup.field, kind)
      ? null
      : { missing: `${objectName}.${lookup.field.apiName}` };
  }
  // Not in the connected user's describe: field-level security granted to the checked user still counts.
  if (grantAllows(ctx, objectName, fieldName, kind)) return null;
  if (!objectAllows(ctx, objectName, kind)) return { missing: `${objectName}.${fieldName}` };
  if (ctx.facts.objectSchema(objectName)?.state === 'visible' || ctx.facts.isConnectedUser) {
    return { missing: `${objectName}.${fieldName} (field not found or hidden by field-level security)` };
  }
  return { unknown: `The connected user cannot see ${objectName}, so whether ${fieldName} exists could not be read.` };
}

function fieldAllows(ctx: CheckContext, objectName: string, field: FieldSchema, kind: 'read' | 'edit'): boolean {
  if (!field.permissionable) return objectAllows(ctx, objectName, kind);
  return grantAllows(ctx, objectName, field.apiName, kind);
}

function grantAllows(ctx: CheckContext, objectName: string, fieldName: string, kind: 'read' | 'edit'): boolean {
  const keys = [`${objectName}.${fieldName}`];
  if (ACTIVITY_OBJECTS.includes(objectName.toLowerCase()) && fieldName.toLowerCase().endsWith('__c')) {
    // Custom activity fields are shared by Task and Event; their field-level security may be stored under
    // Task, Event or Activity depending on how the permission set declared it.
    keys.push(`Task.${fieldName}`, `Event.${fieldName}`, `Activity.${fieldName}`);
  }
  return keys.some((key) => {
    const grant = ctx.facts.fieldGrant(key);
    return kind === 'edit' ? grant.edit : grant.read;
  });
}

function objectAllows(ctx: CheckContext, objectName: string, kind: string): boolean {
  const prefix = ctx.facts.namespacePrefix;
  const rule = checksOfType(ctx.requirements, 'objectAccess').find(
    (c) => qualify(c, prefix, c.object).toLowerCase() === objectName.toLowerCase(),
  );
  if (rule?.governedBy) return ctx.facts.hasPermission(rule.governedBy);
  const source = rule?.inheritsFrom ? qualify(rule, prefix, rule.inheritsFrom) : objectName;
  return effectiveAccess(ctx, source).has(kind);
}
