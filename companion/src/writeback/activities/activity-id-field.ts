/**
 * Which field holds Rox's activity id in this org. The package installs RoxAI__RoxActivityId__c
 * (an External ID); orgs that followed the setup guide before the package existed created
 * RoxActivityId__c by hand (Text(100), usually not an External ID). Found from describe, per
 * object, as the connected user sees it:
 *   - packaged     only the package's field: upsert on it;
 *   - hand-made    only the hand-made one: upsert on it when it is an External ID, otherwise the
 *                  companion finds the record by query and inserts or updates (activity-by-query.ts);
 *   - both         upsert on the package's field and write the same value into the hand-made one,
 *                  after giving Tasks and Events that have only the hand-made value the package's
 *                  (so activities written before the package was installed are updated, not doubled).
 */
import { HAND_MADE_ACTIVITY_ID_FIELD } from '../../mappings/default-mappings.js';
import { SF } from '../../salesforce/names.js';

export { HAND_MADE_ACTIVITY_ID_FIELD };

export interface DescribeFieldForId {
  name: string;
  externalId?: boolean;
  createable?: boolean;
  updateable?: boolean;
  filterable?: boolean;
}

export interface ActivityIdField {
  which: 'packaged' | 'hand-made' | 'both';
  /** The field the activity id is written to and found by. */
  key: string;
  /** Upsert works on `key`; otherwise find by query, then insert or update. */
  externalId: boolean;
  /** Written with the same value as `key` (both fields present). */
  alsoWrite?: string;
}

export type ActivityIdFieldChoice = ActivityIdField | { problem: string };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const usable = (f: DescribeFieldForId | undefined): boolean => !!f && f.createable === true && f.updateable === true;

/** The activity-id field of one object (Task or Event), from its describe as the connected user sees it. */
export function chooseActivityIdField(
  sobject: string,
  fields: readonly DescribeFieldForId[] | undefined,
): ActivityIdFieldChoice {
  const packaged = fields?.find((f) => same(f.name, SF.roxActivityId));
  const handMade = fields?.find((f) => same(f.name, HAND_MADE_ACTIVITY_ID_FIELD));
  if (packaged && usable(packaged)) {
    return handMade && usable(handMade)
      ? { which: 'both', key: packaged.name, externalId: packaged.externalId === true, alsoWrite: handMade.name }
      : { which: 'packaged', key: packaged.name, externalId: packaged.externalId === true };
  }
  if (handMade && usable(handMade))
    return { which: 'hand-made', key: handMade.name, externalId: handMade.externalId === true };
  const seen = [packaged?.name, handMade?.name].filter((n): n is string => !!n);
  return {
    problem:
      seen.length > 0
        ? `the connected user cannot create and edit ${seen.join(' or ')} on ${sobject}: assign the 'Rox Integration User Access' permission set (or, for a field made by hand, give the user edit access to it)`
        : `${sobject} has no Rox activity id field: install the RoxAI package (it adds ${SF.roxActivityId}), or create the Text(100) field ${HAND_MADE_ACTIVITY_ID_FIELD} on Activity as the setup guide says`,
  };
}

/** How the choice reads in the connection status and doctor. */
export function describeChoice(sobject: string, c: ActivityIdFieldChoice): string {
  if ('problem' in c) return `${sobject}: ${c.problem}`;
  const how = c.externalId
    ? 'upserted on it (External ID)'
    : 'found by query, then inserted or updated (not an External ID: mark it External ID to let Rox upsert)';
  if (c.which === 'both') return `${sobject}: ${c.key} (package), ${how}; ${c.alsoWrite} (made by hand) is filled too`;
  return `${sobject}: ${c.key} (${c.which === 'packaged' ? 'package' : 'made by hand'}), ${how}`;
}
