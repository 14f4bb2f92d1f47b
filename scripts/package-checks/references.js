'use strict';
// Cross-references between package components that the converter never checks: a permission set granting a
// class, tab, custom object or custom field that is not in the package, and a tab pointing at an LWC that does
// not exist or is not exposed as a tab. Each would deploy-fail (or silently grant nothing) in a real org.
// A custom field on Activity (objects/Activity/fields) is secured per child object: permission sets and profiles
// carry Task.X__c and Event.X__c, the form a real org retrieves; `Activity.X__c` is refused, and a grant on one
// child without the other is reported.
const fs = require('node:fs');
const path = require('node:path');
const { PACKAGE_DIR, walk, rel, result, guard, plural, requireModule } = require('./lib/common');

const NAME = 'references';
const ACTIVITY_CHILDREN = ['Task', 'Event'];

function parseXml(file, projectDir) {
  const { XMLParser } = requireModule('fast-xml-parser', projectDir);
  const parser = new XMLParser({
    ignoreAttributes: true,
    isArray: (name) => ['classAccesses', 'tabSettings', 'objectPermissions', 'fieldPermissions', 'target'].includes(name),
  });
  return parser.parse(fs.readFileSync(file, 'utf8'));
}

async function check(projectDir) {
  return guard(NAME, async () => {
    const dir = path.resolve(projectDir);
    const base = path.join(dir, PACKAGE_DIR, 'main', 'default');
    const files = walk(path.join(dir, PACKAGE_DIR));
    const has = (...p) => fs.existsSync(path.join(base, ...p));
    const problems = [];
    let refs = 0;

    for (const file of files.filter((f) => f.endsWith('.permissionset-meta.xml'))) {
      const ps = parseXml(file, dir).PermissionSet || {};
      const where = rel(dir, file);
      for (const c of ps.classAccesses || []) {
        refs += 1;
        if (!has('classes', `${c.apexClass}.cls`)) problems.push({ file: where, message: `grants Apex class ${c.apexClass}, which is not in the package` });
      }
      for (const t of ps.tabSettings || []) {
        refs += 1;
        if (!has('tabs', `${t.tab}.tab-meta.xml`)) problems.push({ file: where, message: `shows tab ${t.tab}, which is not in the package` });
      }
      for (const o of ps.objectPermissions || []) {
        refs += 1;
        if (/__c$/.test(o.object) && !has('objects', o.object, `${o.object}.object-meta.xml`)) {
          problems.push({ file: where, message: `grants object ${o.object}, which is not in the package` });
        }
      }
      for (const f of ps.fieldPermissions || []) {
        refs += 1;
        const [object, field] = String(f.field).split('.');
        if (!field) {
          problems.push({ file: where, message: `field permission ${f.field} is not Object.Field` });
          continue;
        }
        if (!/__c$/.test(field)) continue;
        if (object === 'Activity') {
          problems.push({
            file: where,
            message: `grants field ${f.field}: field-level security of an Activity field is set per child object, as Task.${field} and Event.${field}`,
          });
          continue;
        }
        const owner = ACTIVITY_CHILDREN.includes(object) ? ['Activity', object] : [object];
        if (!owner.some((o) => has('objects', o, 'fields', `${field}.field-meta.xml`))) {
          problems.push({ file: where, message: `grants field ${f.field}, which is not in the package` });
        }
        if (f.editable === true && f.readable !== true) {
          problems.push({ file: where, message: `field ${f.field} is editable but not readable` });
        }
      }
      // An Activity field granted on Task must be granted alike on Event, and the other way round.
      const grants = new Map((ps.fieldPermissions || []).map((f) => [String(f.field), f]));
      for (const [name, f] of grants) {
        const [object, field] = name.split('.');
        if (!ACTIVITY_CHILDREN.includes(object) || !has('objects', 'Activity', 'fields', `${field}.field-meta.xml`)) continue;
        const other = ACTIVITY_CHILDREN.find((o) => o !== object);
        const twin = grants.get(`${other}.${field}`);
        if (!twin) problems.push({ file: where, message: `grants Activity field ${name} but not ${other}.${field}` });
        else if (object === 'Task' && (twin.readable !== f.readable || twin.editable !== f.editable)) {
          problems.push({ file: where, message: `grants ${name} and ${other}.${field} differently` });
        }
      }
    }

    for (const file of files.filter((f) => f.endsWith('.tab-meta.xml'))) {
      const tab = parseXml(file, dir).CustomTab || {};
      if (!tab.lwcComponent) continue;
      refs += 1;
      const name = String(tab.lwcComponent).replace(/^c:/, '');
      const meta = path.join(base, 'lwc', name, `${name}.js-meta.xml`);
      if (!fs.existsSync(meta)) {
        problems.push({ file: rel(dir, file), message: `shows LWC ${name}, which is not in the package` });
        continue;
      }
      const bundle = parseXml(meta, dir).LightningComponentBundle || {};
      const targets = (bundle.targets && bundle.targets.target) || [];
      if (bundle.isExposed !== true || !targets.includes('lightning__Tab')) {
        problems.push({ file: rel(dir, meta), message: `LWC ${name} is used by a tab but is not exposed with target lightning__Tab` });
      }
    }
    return result(NAME, problems, `${plural(refs, 'cross-reference')} resolve`);
  });
}

module.exports = check;
module.exports.check = check;
module.exports.NAME = NAME;
