/**
 * The schema facts of the doctor: the connected user's describe of every object the checks ask about
 * (RoxSetupFactsCollector.collectSchema). NOT_FOUND means the object is not visible to the connected user.
 */
import type { CollectorState } from './doctor-collector-setup.js';
import { describeFailure } from './doctor-soql.js';
import { checksOfType, qualify } from './requirements.js';

/** Objects (and their fields) the checks ask about, keyed by the names the checks use. */
function schemaQuestions(state: CollectorState): string[] {
  const { requirements, facts } = state;
  const names = new Map<string, string>();
  const add = (name: string | undefined) => name && names.set(name.toLowerCase(), name);
  for (const c of checksOfType(requirements, 'objectAccess')) {
    add(qualify(c, facts.namespacePrefix, c.object));
    if (c.inheritsFrom) add(qualify(c, facts.namespacePrefix, c.inheritsFrom));
  }
  for (const c of [...checksOfType(requirements, 'fieldAccess'), ...checksOfType(requirements, 'activityField')]) {
    c.objects.forEach((o) => add(qualify(c, facts.namespacePrefix, o)));
  }
  return [...names.values()];
}

export async function collectSchema(state: CollectorState): Promise<void> {
  const { sf, facts } = state;
  if (!sf.describe) {
    facts.markUnavailable(
      'schema',
      'The companion did not give the doctor a describe call, so the object and field definitions were not read.',
    );
    return;
  }
  for (const objectName of schemaQuestions(state)) {
    try {
      const d = await sf.describe(objectName);
      const fields = new Map(
        d.fields.map((f) => [
          f.name.toLowerCase(),
          { apiName: f.name, permissionable: f.permissionable === true, externalId: f.externalId === true },
        ]),
      );
      facts.setObjectSchema(objectName, { state: 'visible', apiName: d.name, fields });
    } catch (e) {
      if (describeFailure(e).errorCode === 'NOT_FOUND') facts.setObjectSchema(objectName, { state: 'notVisible' });
      else
        facts.setObjectSchema(objectName, {
          state: 'failed',
          reason: state.failure(`the definition of ${objectName}`, e, false),
        });
    }
  }
}
