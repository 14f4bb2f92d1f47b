// Builds the admin console the companion serves at /console/: LWC components (src/modules/rox) on the LWC engine
// with the Lightning base components and SLDS, by the same toolchain as the Rox Setup tab preview
// (scripts/preview/build.mjs). Output: companion/console/dist (index.html, app.js, console.css, the SLDS stylesheet
// and icon sprites under assets/). Nothing is fetched at run time; the companion only serves these files.
//
//   node companion/console/build.mjs           build when a source changed (npm install runs it)
//   node companion/console/build.mjs --force   build even when nothing changed
import { join, relative, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildLwcApp, labelModules, sldsAssetsDir } from '../../scripts/preview/build.mjs';
import { createRequire } from 'node:module';

const { LABELS_FILE } = createRequire(import.meta.url)('../../scripts/custom-labels.cjs');

export const CONSOLE_DIR = dirname(fileURLToPath(import.meta.url));
export const CONSOLE_SRC = join(CONSOLE_DIR, 'src');
export const CONSOLE_DIST = join(CONSOLE_DIR, 'dist');
// The build stamp and rollup's cache (38 MB) stay out of the served folder.
const CACHE_DIR = join(CONSOLE_DIR, '..', '..', 'node_modules', '.cache', 'rox-console');

/** The SLDS files the page loads: the stylesheet and the sprites of the icon categories the components use. */
function sldsFiles() {
  const assets = sldsAssetsDir();
  return [
    'styles/salesforce-lightning-design-system.min.css',
    'icons/utility-sprite/svg/symbols.svg',
    'icons/standard-sprite/svg/symbols.svg',
  ].map((file) => ({ from: join(assets, file), to: join('assets', file) }));
}

/** @param {{ force?: boolean, outDir?: string, cacheDir?: string, log?: (line: string) => void }} [options] */
export function buildConsole(options = {}) {
  return buildLwcApp({
    appName: 'the admin console',
    entry: join(CONSOLE_SRC, 'main.js'),
    rootDir: CONSOLE_SRC,
    inputs: [CONSOLE_SRC, LABELS_FILE, fileURLToPath(import.meta.url)],
    iconSources: [CONSOLE_SRC],
    files: [
      ...['index.html', 'console.css'].map((file) => ({ from: join(CONSOLE_SRC, file), to: file })),
      ...sldsFiles(),
    ],
    plugins: [labelModules()],
    modules: [{ dir: join(CONSOLE_SRC, 'modules') }],
    outDir: options.outDir ?? CONSOLE_DIST,
    cacheDir: options.cacheDir ?? CACHE_DIR,
    force: options.force,
    log: options.log,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await buildConsole({ force: process.argv.includes('--force'), log: (l) => console.log(l) });
  if (!result.built) console.log(`The console is up to date: ${relative(process.cwd(), result.outDir)}`);
  for (const w of result.warnings) console.error(`warning: ${w}`);
  if (result.warnings.length) {
    console.error("The console's components must compile without warnings.");
    process.exitCode = 1;
  }
}
