'use strict';
// Structural checks the Salesforce converters do not make (see toolchain notes, section 1):
// `sf project convert source` and source-deploy-retrieve copy malformed XML through unchanged
// and silently drop a .cls whose -meta.xml is missing.
const fs = require('node:fs');
const path = require('node:path');
const { PACKAGE_DIR, walk, rel, result, guard, plural, requireModule } = require('./lib/common');

const NAME = 'xml';
const MD_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';
// Apex sources and the root element their -meta.xml must have.
const APEX_KINDS = { '.cls': 'ApexClass', '.trigger': 'ApexTrigger' };

function lineOf(text, index) {
  return text.slice(0, index).split('\n').length;
}

/** Root element name, its index in the text, and the attributes text (comments/PI skipped). */
function rootElement(text) {
  const re = /<([A-Za-z_][\w.:-]*)([^>]*)>/g;
  let m;
  while ((m = re.exec(text))) {
    const before = text.slice(0, m.index);
    // Skip anything still inside a comment.
    if (before.lastIndexOf('<!--') > before.lastIndexOf('-->')) continue;
    return { name: m[1], attrs: m[2], index: m.index };
  }
  return null;
}

function checkWellFormed(projectDir, file, text, problems, XMLValidator) {
  if (!text.trim()) {
    problems.push({ file: rel(projectDir, file), line: 1, message: 'empty XML file' });
    return false;
  }
  const verdict = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (verdict !== true) {
    const { msg, line } = verdict.err;
    problems.push({ file: rel(projectDir, file), line: line || undefined, message: `not well-formed XML: ${msg}` });
    return false;
  }
  return true;
}

function checkMetadataRoot(projectDir, file, text, problems) {
  const root = rootElement(text);
  if (!root) return null;
  if (!new RegExp(`\\bxmlns\\s*=\\s*["']${MD_NAMESPACE.replace(/[./]/g, '\\$&')}["']`).test(root.attrs)) {
    problems.push({
      file: rel(projectDir, file),
      line: lineOf(text, root.index),
      message: `root element <${root.name}> does not declare xmlns="${MD_NAMESPACE}"`,
    });
  }
  return root;
}

function checkApexMeta(projectDir, file, text, root, expectedRoot, problems) {
  const where = { file: rel(projectDir, file), line: lineOf(text, root.index) };
  if (root.name !== expectedRoot) {
    problems.push({ ...where, message: `root element is <${root.name}>, expected <${expectedRoot}>` });
  }
  const m = text.match(/<apiVersion>\s*([^<]*?)\s*<\/apiVersion>/);
  if (!m) {
    problems.push({ ...where, message: `<${expectedRoot}> declares no <apiVersion>` });
  } else if (!/^\d+\.0$/.test(m[1])) {
    problems.push({
      ...where,
      line: lineOf(text, m.index),
      message: `<apiVersion> '${m[1]}' is not a version like 65.0`,
    });
  }
}

async function check(projectDir) {
  return guard(NAME, async () => {
    const { XMLValidator } = requireModule('fast-xml-parser', projectDir);
    const root = path.join(projectDir, PACKAGE_DIR);
    if (!fs.existsSync(root)) {
      return result(NAME, [{ file: PACKAGE_DIR, message: 'package directory not found' }]);
    }
    const files = walk(root);
    const fileSet = new Set(files);
    const problems = [];
    let xmlCount = 0;
    let apexCount = 0;

    for (const file of files) {
      if (!file.endsWith('.xml')) continue;
      xmlCount += 1;
      const text = fs.readFileSync(file, 'utf8');
      if (!checkWellFormed(projectDir, file, text, problems, XMLValidator)) continue;
      if (!file.endsWith('-meta.xml')) continue;
      const rootEl = checkMetadataRoot(projectDir, file, text, problems);
      const source = file.slice(0, -'-meta.xml'.length);
      const kind = APEX_KINDS[path.extname(source)];
      if (kind && rootEl) checkApexMeta(projectDir, file, text, rootEl, kind, problems);
    }

    // Apex sources and their -meta.xml come in pairs, or the converter drops the source silently.
    for (const file of files) {
      const ext = path.extname(file);
      if (APEX_KINDS[ext]) {
        apexCount += 1;
        if (!fileSet.has(`${file}-meta.xml`)) {
          problems.push({
            file: rel(projectDir, file),
            message: `missing ${path.basename(file)}-meta.xml: the converter silently leaves ${path.basename(file)} out of the package`,
          });
        }
      } else if (file.endsWith('-meta.xml')) {
        const source = file.slice(0, -'-meta.xml'.length);
        if (APEX_KINDS[path.extname(source)] && !fileSet.has(source)) {
          problems.push({
            file: rel(projectDir, file),
            message: `${path.basename(file)} has no ${path.basename(source)}`,
          });
        }
      }
    }

    // Every LWC bundle folder has <name>.js and <name>.js-meta.xml.
    const bundleDirs = new Set();
    for (const file of files) {
      const parts = rel(root, file).split('/');
      const i = parts.lastIndexOf('lwc');
      if (i >= 0 && i < parts.length - 2) bundleDirs.add(parts.slice(0, i + 2).join('/'));
    }
    const bundles = [...bundleDirs].filter((d) => !/^(__.*__|\.)/.test(path.basename(d))).sort();
    for (const dir of bundles) {
      const name = path.basename(dir);
      for (const needed of [`${name}.js`, `${name}.js-meta.xml`]) {
        if (!fileSet.has(path.join(root, dir, needed))) {
          problems.push({ file: `${PACKAGE_DIR}/${dir}`, message: `LWC bundle ${name} has no ${needed}` });
        }
      }
    }

    return result(
      NAME,
      problems,
      `${plural(xmlCount, 'XML file')} well-formed, ${plural(apexCount, 'Apex source')} paired, ${plural(bundles.length, 'LWC bundle')}`,
    );
  });
}

module.exports = check;
module.exports.check = check;
module.exports.NAME = NAME;
