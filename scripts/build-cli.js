/**
 * Compiles the `rox` CLI (companion/src/cli/rox.ts and everything it imports from companion/src)
 * into one CommonJS file, companion/dist/cli/rox.js, with esbuild; packages stay in node_modules.
 * `npm run build` runs it; companion/bin/rox.js runs it first whenever a source is newer than the
 * build, so the CLI never runs stale code. Written to a temporary file and renamed, so two CLI
 * processes building at once never load a half-written file.
 */
const { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'companion/dist/cli/rox.js');
const ENTRY = join(ROOT, 'companion/src/cli/rox.ts');
/** Everything the bundle is made from. */
const SOURCES = [join(ROOT, 'companion/src'), join(ROOT, 'scripts/requirements'), join(ROOT, 'package.json')];

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function isFresh() {
  try {
    return statSync(OUT).mtimeMs >= Math.max(...SOURCES.map(newestMtime));
  } catch {
    return false;
  }
}

function build() {
  // Loaded only when a build is needed: a CLI start with a fresh build never pays for it.
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    sourcesContent: false,
    write: false,
    outfile: OUT,
    logLevel: 'error',
  });
  mkdirSync(join(OUT, '..'), { recursive: true });
  const tmp = `${OUT}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  renameSync(tmp, OUT);
  return OUT;
}

/** The compiled CLI, built first if any source is newer. */
function freshCli() {
  return isFresh() ? OUT : build();
}

module.exports = { build, freshCli, OUT };

if (require.main === module) {
  const started = Date.now();
  build();
  process.stdout.write(`Built ${OUT} in ${Date.now() - started} ms\n`);
}
