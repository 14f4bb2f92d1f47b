// Builds the Rox Setup tab preview: the package's LWC components, unchanged, compiled by the LWC engine's rollup
// plugin together with the Lightning base components, with the Apex imports, Custom Labels and the toast event
// answered by the preview's own stubs (./stubs) from the jest fixtures. Output: dist/ (index.html, app.js, preview.css).
//
//   node scripts/preview/build.mjs            build into scripts/preview/dist (skipped when nothing changed)
//   node scripts/preview/build.mjs --force    build even when nothing changed
//
// A build reuses the previous one's compiled modules (rollup's cache, kept in dist/), so only changed files are
// compiled again: about 12 s from nothing here (2 cores), 7 s after a change to the package's components, nothing when nothing changed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import { rollup } from 'rollup';

const require = createRequire(import.meta.url);
const { readCustomLabels, LABELS_FILE } = require('../custom-labels.cjs');

export const PREVIEW_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(PREVIEW_DIR, '..', '..');
export const LWC_DIR = join(ROOT, 'force-app/main/default/lwc');
export const FIXTURES_DIR = join(LWC_DIR, 'roxSetupChecker/__tests__/data');
export const DEFAULT_OUT_DIR = join(PREVIEW_DIR, 'dist');

const STUBS = join(PREVIEW_DIR, 'stubs');
const SRC = join(PREVIEW_DIR, 'src');
const LABEL_PREFIX = '@salesforce/label/c.';
const FIXTURES_ID = 'preview:fixtures';

/** Every file below `dir` (sorted), for the content hash. */
export function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : filesUnder(path);
      return [path];
    });
}

/** A hash of everything a build reads from the project, so an unchanged project is not built again. */
function inputHash(inputs) {
  const hash = createHash('sha256');
  // The lockfile pins every compiler and base component version.
  const files = new Set([
    join(ROOT, 'package-lock.json'),
    ...inputs.flatMap((input) => (existsSync(input) && statSync(input).isDirectory() ? filesUnder(input) : [input])),
    fileURLToPath(import.meta.url),
  ]);
  for (const file of files) {
    hash.update(relative(ROOT, file)).update(readFileSync(file));
  }
  return hash.digest('hex');
}

/** The package's components as LWC modules `c/<name>` (a source folder has no namespace folder). */
function componentModules(lwcDir) {
  return readdirSync(lwcDir)
    .filter((name) => existsSync(join(lwcDir, name, `${name}.js`)))
    .map((name) => ({ name: `c/${name}`, path: join(lwcDir, name, `${name}.js`) }));
}

// The LWC engine the preview was installed with. The project's root has an older one (for sfdx-lwc-jest), which the
// base components would otherwise find from their own folder: two engines in one page do not work.
const ENGINE_MODULES = ['lwc', '@lwc/engine-dom', '@lwc/synthetic-shadow', '@lwc/wire-service'];
function oneEngine() {
  const paths = Object.fromEntries(
    ENGINE_MODULES.map((name) => [name, require.resolve(name === 'lwc' ? '@lwc/engine-dom' : name)]),
  );
  return {
    name: 'rox-preview-one-engine',
    resolveId(id) {
      return paths[id] ?? null;
    },
  };
}

// The base components bundle every icon of every category, twice (left to right and right to left): 4,000 compiled
// templates, most of the build and most of a page load. The tab is a left-to-right page, so the preview keeps the
// utility and standard icons that the components (ours and the base components) name, and leaves out the rest. An
// icon that is left out and still asked for is reported as a console error, which the browser tests fail on.
const LBC_SRC = join(dirname(require.resolve('lightning-base-components/package.json')), 'src/lightning');
const ICON_LIBRARY = /^lightning\/iconSvgTemplates(\w*)$/;
const KEPT_ICON_LIBRARIES = { Utility: 'utility', Standard: 'standard' };

/** Every `utility:x` and `standard:x` the given sources name, as `category_x`, where the icon exists. */
function namedIcons(sourceDirs) {
  const sources = [
    ...sourceDirs.flatMap((dir) => filesUnder(dir)),
    ...filesUnder(LBC_SRC).filter((file) => !file.includes(`${sep}iconSvgTemplates`)),
  ].filter((file) => /\.(js|html)$/.test(file));
  const icons = new Set();
  for (const file of sources) {
    for (const [, category, name] of readFileSync(file, 'utf8').matchAll(/\b(utility|standard):([a-z0-9_]+)\b/g)) {
      icons.add(`${category}_${name}`);
    }
  }
  return [...icons].filter((icon) => existsSync(iconTemplatePath(icon))).sort();
}

function iconTemplatePath(icon) {
  const [category, ...rest] = icon.split('_');
  const library = category === 'utility' ? 'iconSvgTemplatesUtility' : 'iconSvgTemplatesStandard';
  return join(LBC_SRC, library, 'buildTemplates', category, `${rest.join('_')}.html`);
}

/** A library object that reports a missing icon (never for `then`, which promise resolution reads). */
function reportingLibrary(objectCode, what, appName) {
  const message = JSON.stringify(`${appName[0].toUpperCase()}${appName.slice(1)} leaves out ${what}: add it in scripts/preview/build.mjs.`);
  return `export default new Proxy(${objectCode}, { get(target, name) {
  if (typeof name === 'string' && name !== 'then' && !(name in target)) console.error(${message} + ' Asked for ' + name + '.');
  return target[name];
} });`;
}

function onlyUsedIcons(sourceDirs, appName) {
  let icons;
  return {
    name: 'rox-preview-icons',
    resolveId(id) {
      return ICON_LIBRARY.test(id) ? `\0icons:${id}` : null;
    },
    load(id) {
      if (!id.startsWith('\0icons:')) return null;
      const library = ICON_LIBRARY.exec(id.slice('\0icons:'.length))[1];
      const category = KEPT_ICON_LIBRARIES[library];
      if (!category) return reportingLibrary('{}', `the ${library || 'combined'} icon library`, appName);
      icons ??= namedIcons(sourceDirs);
      const kept = icons.filter((icon) => icon.startsWith(`${category}_`));
      const imports = kept.map((icon) => `import ${icon} from ${JSON.stringify(iconTemplatePath(icon))};`);
      return `${imports.join('\n')}\n${reportingLibrary(`{ ${kept.join(', ')} }`, `this ${category} icon`, appName)}`;
    },
  };
}

/** The jest fixtures by file name without `.json` (`getSetupReport.withProblems`, `apexErrors`, ...). */
export function readFixtures(dir = FIXTURES_DIR) {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, file), 'utf8'))]),
  );
}

/** Writes a file whole: a reader (the preview server, another test file building at the same time) never sees half. */
function writeWhole(path, content) {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, content);
  renameSync(partial, path);
}

/** The package's Custom Labels as modules `@salesforce/label/c.<name>`, as the org provides them. */
export function labelModules() {
  const labels = readCustomLabels();
  return {
    name: 'rox-label-modules',
    resolveId(id) {
      return id.startsWith(LABEL_PREFIX) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith(`\0${LABEL_PREFIX}`)) return null;
      const name = id.slice(LABEL_PREFIX.length + 1);
      if (!(name in labels)) this.error(`No Custom Label ${name} in ${relative(ROOT, LABELS_FILE)}`);
      return `export default ${JSON.stringify(labels[name])};`;
    },
  };
}

/** The jest fixtures as one module: what the jest tests answer the Apex calls with. */
function fixtureModule(fixturesDir) {
  return {
    name: 'rox-preview-fixtures',
    resolveId(id) {
      return id === FIXTURES_ID ? `\0${id}` : null;
    },
    load(id) {
      return id === `\0${FIXTURES_ID}` ? `export default ${JSON.stringify(readFixtures(fixturesDir))};` : null;
    },
  };
}

/**
 * Builds the preview.
 * @param {{ lwcDir?: string, fixturesDir?: string, outDir?: string, force?: boolean, cacheFrom?: string,
 *   log?: (line: string) => void }} [options]
 *   lwcDir: the components to build (a broken copy, in tests); cacheFrom: a dist whose compiled modules to reuse.
 * @returns {Promise<{ outDir: string, built: boolean, seconds: number, warnings: string[] }>}
 */
export async function buildPreview(options = {}) {
  const lwcDir = resolve(options.lwcDir ?? LWC_DIR);
  const fixturesDir = resolve(options.fixturesDir ?? FIXTURES_DIR);
  return buildLwcApp({
    appName: 'the Rox Setup tab preview',
    entry: join(SRC, 'main.js'),
    rootDir: SRC,
    inputs: [lwcDir, fixturesDir, SRC, STUBS, LABELS_FILE],
    iconSources: [lwcDir],
    files: ['index.html', 'preview.css'].map((file) => ({ from: join(SRC, file), to: file })),
    plugins: [labelModules(), fixtureModule(fixturesDir)],
    modules: [
      ...componentModules(lwcDir),
      { name: '@salesforce/apex/RoxSetupController.getSetupReport', path: join(STUBS, 'apex/getSetupReport.js') },
      { name: '@salesforce/apex/RoxSetupController.getUserOptions', path: join(STUBS, 'apex/getUserOptions.js') },
      { name: '@salesforce/apex/RoxSetupController.searchUsers', path: join(STUBS, 'apex/searchUsers.js') },
      { name: '@salesforce/apex', path: join(STUBS, 'apex/refreshApex.js') },
      { name: 'lightning/platformShowToastEvent', path: join(STUBS, 'platformShowToastEvent.js') },
    ],
    outDir: options.outDir ?? DEFAULT_OUT_DIR,
    force: options.force,
    cacheFrom: options.cacheFrom,
    log: options.log,
  });
}

/**
 * Builds a page of LWC components with the Lightning base components (the preview, and the companion's admin
 * console): one script `app.js`, plus the given static files, into outDir; skipped when no input changed.
 * @param {{ appName: string, entry: string, rootDir: string, inputs: string[], iconSources: string[],
 *   files: Array<{ from: string, to: string }>, modules: object[], plugins?: object[], outDir: string,
 *   force?: boolean, cacheFrom?: string, cacheDir?: string, log?: (line: string) => void }} options
 *   inputs: files and folders whose content decides whether to build again; iconSources: folders whose sources
 *   name the icons to keep; modules: LWC module records besides the base components; cacheDir: where the build
 *   stamp and rollup's cache go (default outDir; elsewhere when outDir is served as it is).
 * @returns {Promise<{ outDir: string, built: boolean, seconds: number, warnings: string[] }>}
 */
export async function buildLwcApp(options) {
  const outDir = resolve(options.outDir);
  const cacheDir = resolve(options.cacheDir ?? outDir);
  const log = options.log ?? (() => {});
  const started = Date.now();
  const stampFile = join(cacheDir, 'build-stamp.json');
  const hash = inputHash(options.inputs);
  const built = existsSync(join(outDir, 'app.js')) && existsSync(stampFile);
  if (!options.force && built && JSON.parse(readFileSync(stampFile, 'utf8')).hash === hash) {
    return { outDir, built: false, seconds: 0, warnings: [] };
  }
  mkdirSync(outDir, { recursive: true });
  mkdirSync(cacheDir, { recursive: true });
  // Rollup's cache keeps each module's resolved imports too: it is only valid for the same build setup and packages.
  const cacheKey = createHash('sha256')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .update(readFileSync(join(ROOT, 'package-lock.json')))
    .digest('hex');
  const cacheFile = join(options.cacheFrom ?? cacheDir, 'rollup-cache.json');
  const stored = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : undefined;
  // Only installed packages are reused: a cached module keeps its resolved imports, so our own files (the entry
  // resolves `c/roxSetupChecker` to a folder that differs between the package and a test's broken copy) are always
  // compiled again. They are a few dozen; the base components are thousands.
  const cache =
    stored?.key === cacheKey
      ? { ...stored.cache, modules: stored.cache.modules.filter((m) => m.id.includes(`${sep}node_modules${sep}`)) }
      : undefined;
  log(
    cache
      ? `Building ${options.appName} (reusing compiled modules) ...`
      : `Building ${options.appName} (about 15 s the first time) ...`,
  );

  const warnings = [];
  const bundle = await withFileInError(
    rollup({
      input: options.entry,
      cache,
      onwarn(warning) {
        // The base components produce about 20 harmless compiler warnings; ours must produce none.
        if (warning.id && !warning.id.includes('node_modules')) warnings.push(`${warning.id}: ${warning.message}`);
      },
      plugins: [
        oneEngine(),
        onlyUsedIcons(options.iconSources, options.appName),
        ...(options.plugins ?? []),
        replace({
          preventAssignment: true,
          values: { 'process.env.NODE_ENV': JSON.stringify('development'), 'import.meta.env.SSR': 'false' },
        }),
        lwc({
          rootDir: options.rootDir,
          enableDynamicComponents: true,
          modules: [
            ...options.modules,
            // attachInternals throws under synthetic shadow, which the page-level SLDS stylesheet needs.
            { name: '@salesforce/gate/bc.260.enableComboboxElementInternals', path: join(STUBS, 'gateClosed.js') },
            { npm: 'lightning-base-components' },
          ],
        }),
      ],
    }),
  );
  const { output } = await bundle.generate({ format: 'iife', inlineDynamicImports: true, sourcemap: false });
  await bundle.close();
  writeWhole(join(outDir, 'app.js'), output[0].code);
  writeWhole(join(cacheDir, 'rollup-cache.json'), JSON.stringify({ key: cacheKey, cache: bundle.cache }));
  for (const { from, to } of options.files) {
    mkdirSync(dirname(join(outDir, to)), { recursive: true });
    writeWhole(join(outDir, to), readFileSync(from));
  }
  // The stamp last: a build killed before it is done again.
  writeWhole(stampFile, JSON.stringify({ hash, builtAt: new Date().toISOString() }));
  const seconds = (Date.now() - started) / 1000;
  log(`Built in ${seconds.toFixed(1)} s: ${relative(process.cwd(), outDir) || '.'}`);
  return { outDir, built: true, seconds, warnings };
}

/** Rollup's errors name the file in a property; the message a person reads should name it too. */
async function withFileInError(promise) {
  try {
    return await promise;
  } catch (error) {
    const file = error.loc?.file ?? error.id;
    if (!file) throw error;
    const where = error.loc?.line ? `${relative(ROOT, file)}:${error.loc.line}` : relative(ROOT, file);
    throw new Error(`${where}: ${error.message}`, { cause: error });
  }
}

/** The SLDS assets folder (stylesheet, icon sprites, images), served at /assets. */
export function sldsAssetsDir() {
  return join(dirname(require.resolve('@salesforce-ux/design-system/package.json')), 'assets');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await buildPreview({ force: process.argv.includes('--force'), log: (l) => console.log(l) });
  if (!result.built) console.log(`The preview is up to date: ${relative(process.cwd(), result.outDir)}`);
  for (const w of result.warnings) console.error(`warning: ${w}`);
  if (result.warnings.length) {
    console.error("The package's components and the preview must compile without warnings.");
    process.exitCode = 1;
  }
}
