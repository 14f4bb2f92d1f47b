'use strict';
// Converts force-app to Metadata API format with source-deploy-retrieve (what `sf project convert
// source` and package version creation use) and compares the generated package.xml with the
// reviewed list in scripts/package-checks/expected-components.json. The converter is not a
// validator: it drops a .cls without its -meta.xml and passes malformed XML through, so a
// component that silently fell out of the package shows up here as "missing".
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  PACKAGE_DIR,
  EXPECTED_LIST,
  walk,
  rel,
  result,
  guard,
  plural,
  requireModule,
  readProjectConfig,
} = require('./lib/common');

const NAME = 'convert';

/** Read the expected list: { Type: [member, ...] }. Returns { expected } or { problems }. */
function readExpected(projectDir, expectedFile) {
  const file = rel(projectDir, expectedFile);
  if (!fs.existsSync(expectedFile)) return { problems: [{ file, message: 'expected component list not found' }] };
  let data;
  try {
    data = JSON.parse(fs.readFileSync(expectedFile, 'utf8'));
  } catch (err) {
    return { problems: [{ file, message: `not valid JSON: ${err.message}` }] };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return { problems: [{ file, message: 'must be an object of { "MetadataType": ["member", ...] }' }] };
  }
  const problems = [];
  const expected = new Map();
  for (const [type, members] of Object.entries(data)) {
    if (!Array.isArray(members) || members.some((m) => typeof m !== 'string' || !m)) {
      problems.push({ file, message: `${type}: must be an array of non-empty member names` });
      continue;
    }
    const seen = new Set();
    for (const m of members) {
      if (seen.has(m)) problems.push({ file, message: `${type} ${m} is listed twice` });
      seen.add(m);
    }
    expected.set(type, seen);
  }
  return { expected, problems };
}

/** Members per type from a package.xml text. */
function parsePackageXml(text, XMLParser) {
  const parser = new XMLParser({ isArray: (name) => name === 'types' || name === 'members', parseTagValue: false });
  const doc = parser.parse(text);
  const pkg = doc.Package || {};
  const actual = new Map();
  for (const t of pkg.types || []) actual.set(String(t.name), new Set((t.members || []).map(String)));
  return { actual, version: pkg.version === undefined ? undefined : String(pkg.version) };
}

/** The file a source-deploy-retrieve error message starts with, if any (e.g. "<path>: Expected source files"). */
function fileFromSdrError(projectDir, message) {
  const m = /^(\/[^:]+):/.exec(message || '');
  return m && fs.existsSync(m[1]) ? rel(projectDir, m[1]) : PACKAGE_DIR;
}

async function check(projectDir, options = {}) {
  return guard(NAME, async () => {
    const sdr = requireModule('@salesforce/source-deploy-retrieve', projectDir);
    const { XMLParser } = requireModule('fast-xml-parser', projectDir);
    const expectedFile = options.expectedFile || path.join(projectDir, EXPECTED_LIST);
    const sourceDir = path.join(projectDir, PACKAGE_DIR);
    const problems = [];

    const { expected, problems: listProblems } = readExpected(projectDir, expectedFile);
    problems.push(...listProblems);

    const project = readProjectConfig(projectDir);
    const sourceApiVersion = project.config && project.config.sourceApiVersion;
    if (project.error) problems.push({ file: 'sfdx-project.json', message: project.error });
    else if (!sourceApiVersion) problems.push({ file: 'sfdx-project.json', message: 'no sourceApiVersion' });
    if (!fs.existsSync(sourceDir)) {
      problems.push({ file: PACKAGE_DIR, message: 'package directory not found' });
      return result(NAME, problems, '');
    }

    // Resolve the source. A broken package can make the resolver throw (e.g. a -meta.xml whose
    // .cls is missing): that is a problem of the package, not a crash of the check.
    let cs;
    try {
      cs = sdr.ComponentSet.fromSource(sourceDir);
    } catch (err) {
      problems.push({
        file: fileFromSdrError(projectDir, err.message),
        message: `source-deploy-retrieve: ${err.message}`,
      });
      return result(NAME, problems, '');
    }
    // Let SDR resolve the API version from this project's sfdx-project.json, as `sf` does. When
    // there is none, pin one: SDR's last fallback is an HTTP call to a Salesforce host.
    cs.projectDirectory = projectDir;
    if (!sourceApiVersion) cs.sourceApiVersion = '0.0';

    // Files that belong to no component were dropped by the converter.
    const covered = new Set();
    for (const c of cs.getSourceComponents()) {
      if (!c.xml) {
        // SDR keeps a bundle without its -meta.xml in package.xml; the deploy then fails.
        const where = c.content ? rel(projectDir, path.resolve(c.content)) : PACKAGE_DIR;
        problems.push({ file: where, message: `${c.type.name} ${c.fullName} has no -meta.xml file` });
      }
      if (c.xml) covered.add(path.resolve(c.xml));
      for (const f of c.walkContent()) covered.add(path.resolve(f));
      for (const child of c.getChildren()) if (child.xml) covered.add(path.resolve(child.xml));
    }
    const forceIgnore = sdr.ForceIgnore.findAndCreate(sourceDir);
    for (const file of walk(sourceDir)) {
      if (covered.has(file) || forceIgnore.denies(file)) continue;
      problems.push({
        file: rel(projectDir, file),
        message: 'belongs to no metadata component: the converter leaves it out of the package (a missing -meta.xml?)',
      });
    }

    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rox-convert-'));
    try {
      try {
        await new sdr.MetadataConverter().convert(cs, 'metadata', {
          type: 'directory',
          outputDirectory: outDir,
          genUniqueDir: false,
        });
      } catch (err) {
        problems.push({
          file: fileFromSdrError(projectDir, err.message),
          message: `conversion failed: ${err.message}`,
        });
        return result(NAME, problems, '');
      }
      const packageXmlPath = path.join(outDir, 'package.xml');
      if (!fs.existsSync(packageXmlPath)) {
        problems.push({ file: PACKAGE_DIR, message: 'the converter wrote no package.xml' });
        return result(NAME, problems, '');
      }
      const { actual, version } = parsePackageXml(fs.readFileSync(packageXmlPath, 'utf8'), XMLParser);

      if (sourceApiVersion && version !== String(sourceApiVersion)) {
        problems.push({
          file: 'sfdx-project.json',
          message: `package.xml <version> is ${version}, but sourceApiVersion is ${sourceApiVersion}`,
        });
      }

      let count = 0;
      if (expected) {
        const listFile = rel(projectDir, expectedFile);
        for (const [type, members] of expected) {
          const got = actual.get(type) || new Set();
          for (const m of [...members].sort()) {
            if (!got.has(m)) {
              problems.push({
                file: listFile,
                message: `missing ${type} ${m}: expected in the package, not in package.xml`,
              });
            }
          }
        }
        for (const [type, members] of [...actual].sort(([a], [b]) => a.localeCompare(b))) {
          const want = expected.get(type) || new Set();
          for (const m of [...members].sort()) {
            count += 1;
            if (!want.has(m)) {
              problems.push({
                file: listFile,
                message: `unexpected ${type} ${m}: in package.xml but not in the expected list (add it if it belongs)`,
              });
            }
          }
        }
      }
      return result(NAME, problems, `${plural(count, 'component')}, API ${version}`);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
}

module.exports = check;
module.exports.check = check;
module.exports.NAME = NAME;
