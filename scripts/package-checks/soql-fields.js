'use strict';
// Semantic check for static SOQL: apex-ls (see semantic.js) type-checks field references in Apex code but NOT
// the fields inside `[SELECT ... FROM ...]`. This check extracts every static query, parses it with a real SOQL
// parser (@jetstreamapp/soql-parser-js) and writes, into a temporary copy of the project, one generated test
// class that references each selected / filtered / ordered field path as Apex (`Account r; Object v = r.Owner.Name;`).
// apex-ls then reports unknown objects, fields and relationships, which are mapped back to the query's file and line.
// Not covered: dynamic SOQL strings (Database.query) and fields inside child subqueries (the relationship itself is).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { PACKAGE_DIR, walk, rel, result, guard, plural, requireModule } = require('./lib/common');
const semantic = require('./semantic');

const NAME = 'soql-fields';
const GENERATED = 'RoxSoqlFieldRefs_Generated';

/** Static queries in Apex source: `[ SELECT ... ]`, skipping comments and string literals. */
function extractQueries(source) {
  const out = [];
  let i = 0;
  const n = source.length;
  const lineAt = (pos) => source.slice(0, pos).split('\n').length;
  while (i < n) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/') {
      i = source.indexOf('\n', i);
      if (i < 0) break;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'") {
      i += 1;
      while (i < n && source[i] !== "'") i += source[i] === '\\' ? 2 : 1;
      i += 1;
    } else if (c === '[' && /^\[\s*select\b/i.test(source.slice(i, i + 40))) {
      let depth = 0;
      let j = i;
      for (; j < n; j += 1) {
        const d = source[j];
        if (d === "'") {
          j += 1;
          while (j < n && source[j] !== "'") j += source[j] === '\\' ? 2 : 1;
        } else if (d === '[') depth += 1;
        else if (d === ']') {
          depth -= 1;
          if (depth === 0) break;
        }
      }
      out.push({ soql: source.slice(i + 1, j).trim(), line: lineAt(i) });
      i = j + 1;
    } else {
      i += 1;
    }
  }
  return out;
}

/** Apex-only syntax the SOQL parser does not know: binds in LIMIT/OFFSET and the WITH access-mode clauses. */
function normalise(text) {
  return text
    .replace(/\b(LIMIT|OFFSET)\s*:\s*[A-Za-z_][\w.]*(\(\))?/gi, '$1 1')
    .replace(/\bWITH\s+(USER_MODE|SYSTEM_MODE|SECURITY_ENFORCED)\b/gi, ' ');
}

/** Field paths a parsed query references on its main object, plus child relationship names. */
function fieldPaths(query) {
  const paths = new Set();
  const add = (p) => p && !/^count$/i.test(p) && paths.add(p);
  const fromField = (f) => {
    if (!f) return;
    if (f.type === 'Field') add(f.field);
    else if (f.type === 'FieldRelationship') add(f.rawValue || [...f.relationships, f.field].join('.'));
    else if (f.type === 'FieldFunctionExpression') (f.parameters || []).forEach((p) => typeof p === 'string' && add(p));
    else if (f.type === 'FieldSubquery' && f.subquery) add(f.subquery.relationshipName || f.subquery.sObject);
  };
  (query.fields || []).forEach(fromField);
  const walkWhere = (w) => {
    if (!w) return;
    if (w.left) {
      if (w.left.field) add(w.left.field);
      if (w.left.fn && Array.isArray(w.left.fn.parameters)) w.left.fn.parameters.forEach((p) => typeof p === 'string' && add(p));
    }
    walkWhere(w.right);
  };
  walkWhere(query.where);
  (query.orderBy ? [].concat(query.orderBy) : []).forEach((o) => o.field && add(o.field));
  (query.groupBy ? [].concat(query.groupBy) : []).forEach((g) => g.field && add(g.field));
  return [...paths];
}

function generateClass(refs) {
  const lines = ['@IsTest', `private class ${GENERATED} {`];
  const origin = new Map();
  refs.forEach((ref, qi) => {
    lines.push(`    static void q${qi}() {`);
    lines.push(`        ${ref.object} r;`);
    ref.paths.forEach((p, pi) => {
      origin.set(lines.length + 1, ref);
      lines.push(`        Object v${pi} = r.${p};`);
    });
    origin.set(lines.length - ref.paths.length, ref);
    lines.push('    }');
  });
  lines.push('}', '');
  return { text: lines.join('\n'), origin };
}

async function check(projectDir) {
  return guard(NAME, async () => {
    const dir = path.resolve(projectDir);
    const soql = requireModule('@jetstreamapp/soql-parser-js', dir);
    const classes = walk(path.join(dir, PACKAGE_DIR)).filter((f) => /\.(cls|trigger)$/.test(f) && !f.includes(GENERATED));
    const problems = [];
    const refs = [];
    for (const file of classes) {
      for (const q of extractQueries(fs.readFileSync(file, 'utf8'))) {
        let parsed;
        try {
          parsed = soql.parseQuery(normalise(q.soql), { allowApexBindVariables: true, allowPartialQuery: false });
        } catch (e) {
          problems.push({ file: rel(dir, file), line: q.line, message: `SOQL does not parse: ${String(e.message).split('\n')[0]}` });
          continue;
        }
        refs.push({ file: rel(dir, file), line: q.line, object: parsed.sObject, paths: fieldPaths(parsed) });
      }
    }
    if (refs.length === 0) return result(NAME, problems, 'no static SOQL to check');

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rox-soql-'));
    try {
      fs.copyFileSync(path.join(dir, 'sfdx-project.json'), path.join(tmp, 'sfdx-project.json'));
      fs.cpSync(path.join(dir, PACKAGE_DIR), path.join(tmp, PACKAGE_DIR), { recursive: true });
      const classesDir = path.join(tmp, PACKAGE_DIR, 'main', 'default', 'classes');
      fs.mkdirSync(classesDir, { recursive: true });
      const { text, origin } = generateClass(refs);
      const generatedFile = path.join(classesDir, `${GENERATED}.cls`);
      fs.writeFileSync(generatedFile, text);
      fs.writeFileSync(
        `${generatedFile}-meta.xml`,
        '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n    <apiVersion>65.0</apiVersion>\n    <status>Active</status>\n</ApexClass>\n',
      );
      const res = await semantic.check(tmp);
      for (const p of res.problems) {
        if (String(p.file).endsWith(`${GENERATED}.cls`)) {
          const ref = origin.get(p.line);
          const textLine = text.split('\n')[(p.line || 1) - 1] || '';
          const m = /= r\.(.*);/.exec(textLine);
          problems.push({
            file: ref ? ref.file : p.file,
            line: ref ? ref.line : p.line,
            message: `in SOQL on ${ref ? ref.object : '?'}${m ? `, field ${m[1]}` : ''}: ${p.message}`,
          });
        } else if (p.file === '(tool)' || p.file === '(apex-ls)') {
          problems.push(p);
        }
        // Other files' problems belong to the semantic check, which reports them itself.
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    const fieldCount = refs.reduce((s, r) => s + r.paths.length, 0);
    return result(NAME, problems, `${plural(refs.length, 'static query', 'static queries')}, ${plural(fieldCount, 'field reference')} resolved`);
  });
}

module.exports = check;
module.exports.check = check;
module.exports.NAME = NAME;
module.exports.extractQueries = extractQueries;
module.exports.fieldPaths = fieldPaths;
module.exports.normalise = normalise;
