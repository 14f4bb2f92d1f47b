/** The package API names the companion uses exist in the package as installed (read from force-app by the local org). */
import { LocalOrg } from '../../local-org/src/org.js';
import { SF } from '../../src/salesforce/names.js';

it('every RoxAI name the companion uses is a field of the package', () => {
  const org = new LocalOrg({ crmSeed: false });
  const { object, ...fields } = SF.idMapping;
  const idMapping = org.schema.get(object);
  expect(idMapping?.name).toBe(object);
  for (const f of Object.values(fields)) expect(idMapping?.fields.map((x) => x.name)).toContain(f);
  for (const activity of ['Task', 'Event'])
    expect(org.schema.get(activity)?.fields.find((x) => x.name === SF.roxActivityId)).toMatchObject({
      externalId: true,
      unique: false,
    });
});
