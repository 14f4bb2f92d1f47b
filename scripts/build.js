/**
 * Compiles the companion's two entry points, each with everything it imports from companion/src (and the local org
 * for the demo), into one CommonJS file with esbuild; packages stay in node_modules:
 * - the `rox` CLI, companion/src/cli/rox.ts → companion/dist/cli/rox.js;
 * - the service, companion/src/main.ts → companion/dist/service/main.js (what `npm start` runs).
 * `npm run build` builds both; companion/bin/rox.js and companion/bin/companion.js build theirs first whenever a
 * source is newer than the build, so neither ever runs stale code. A start from a fresh build loads one file instead
 * of transforming some 200 TypeScript modules (the service listens in about 2 s instead of 3). Written to a
 * temporary file and renamed, so two processes building at once never load a half-written file.
 */
const { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const BUNDLES = {
  cli: { entry: join(ROOT, 'companion/src/cli/rox.ts'), out: join(ROOT, 'companion/dist/cli/rox.js') },
  service: { entry: join(ROOT, 'companion/src/main.ts'), out: join(ROOT, 'companion/dist/service/main.js') },
};
/** Everything the bundles are made from. */
const SOURCES = [
  join(ROOT, 'companion/src'),
  join(ROOT, 'companion/local-org/src'),
  join(ROOT, 'scripts/requirements'),
  join(ROOT, 'package.json'),
];

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function isFresh(out) {
  try {
    return statSync(out).mtimeMs >= Math.max(...SOURCES.map(newestMtime));
  } catch {
    return false;
  }
}

function build(name) {
  const { entry, out } = BUNDLES[name];
  // Loaded only when a build is needed: a start with a fresh build never pays for it.
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    sourcesContent: false,
    write: false,
    outfile: out,
    logLevel: 'error',
  });
  mkdirSync(join(out, '..'), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  renameSync(tmp, out);
  return out;
}

/** The compiled bundle (`cli` or `service`), built first if any source is newer. */
function freshBundle(name) {
  return isFresh(BUNDLES[name].out) ? BUNDLES[name].out : build(name);
}

module.exports = { build, freshBundle, BUNDLES };

if (require.main === module) {
  for (const name of Object.keys(BUNDLES)) {
    const started = Date.now();
    build(name);
    process.stdout.write(`Built ${BUNDLES[name].out} in ${Date.now() - started} ms\n`);
  }
}
