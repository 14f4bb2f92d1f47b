// Package check: the requirements list parses against its schema and names only package components that exist.
const { readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const { parseRequirements } = require('./requirements-schema.js');

const REQUIREMENTS = 'force-app/main/default/staticresources/RoxIntegrationRequirements.json';

async function checkRequirements(projectDir) {
  const file = join(projectDir, REQUIREMENTS);
  if (!existsSync(file)) {
    return { name: 'requirements', ok: false, summary: 'requirements list missing', problems: [{ file: REQUIREMENTS, message: 'file not found' }] };
  }
  const parsed = parseRequirements(readFileSync(file, 'utf8'));
  const problems = parsed.problems.map((message) => ({ file: REQUIREMENTS, message }));
  if (parsed.ok) {
    const base = join(projectDir, 'force-app/main/default');
    const psFile = (name) => join(base, 'permissionsets', `${name}.permissionset-meta.xml`);
    if (!existsSync(psFile(parsed.data.integrationPermissionSet))) {
      problems.push({ file: REQUIREMENTS, message: `integrationPermissionSet ${parsed.data.integrationPermissionSet} is not a permission set in the package` });
    }
    for (const r of parsed.data.requirements) {
      const c = r.check;
      if (c.type === 'permissionSetAssigned' && !existsSync(psFile(c.permissionSet))) {
        problems.push({ file: REQUIREMENTS, message: `requirement ${r.id}: permission set ${c.permissionSet} is not in the package` });
      }
      if (c.type === 'objectAccess' && c.namespaced && !existsSync(join(base, 'objects', c.object))) {
        problems.push({ file: REQUIREMENTS, message: `requirement ${r.id}: object ${c.object} is not in the package` });
      }
      if (c.type === 'activityField' || (c.type === 'fieldAccess' && c.namespaced)) {
        const fields = c.type === 'activityField' ? [c.field] : c.fields;
        // Task and Event custom fields are defined once, on Activity.
        const owners = new Set(c.objects.map((o) => (o === 'Task' || o === 'Event' ? 'Activity' : o)));
        for (const owner of owners) {
          for (const f of fields) {
            if (!existsSync(join(base, 'objects', owner, 'fields', `${f}.field-meta.xml`))) {
              problems.push({ file: REQUIREMENTS, message: `requirement ${r.id}: field ${owner}.${f} is not in the package` });
            }
          }
        }
      }
    }
  }
  const count = parsed.ok ? parsed.data.requirements.length : 0;
  return {
    name: 'requirements',
    ok: problems.length === 0,
    summary: problems.length === 0 ? `${count} requirements` : `${problems.length} problems`,
    problems,
  };
}

module.exports = { checkRequirements, REQUIREMENTS };
