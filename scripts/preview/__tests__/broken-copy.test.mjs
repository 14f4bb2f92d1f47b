// The browser checks fail when the component breaks: a copy of the package's components with a removed event
// handler, a template bound to a property that does not exist and a control without its label is built and
// checked (one build holds every break, each in a place only one check looks at), and a template that does not
// compile stops the build with the file's name.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { launchChromium } from '../browser.cjs';
import { buildPreview, DEFAULT_OUT_DIR, LWC_DIR, ROOT } from '../build.mjs';
import { startPreviewServer } from '../serve.mjs';
import { checkAccessibility, checkRefresh, checkRenders, openPreview, showState } from './support/setup-tab-checks.mjs';

// Inside the project (its git-ignored tmp/), as the LWC compiler resolves a component's imports from the project
// the file is in.
mkdirSync(join(ROOT, 'tmp'), { recursive: true });
const work = mkdtempSync(join(ROOT, 'tmp', 'preview-broken-'));
let server;
let browser;
let session;

/** Copies the components and replaces `from` with `to` in one file; fails if `from` is not there. */
function breakCopy(dir, file, from, to) {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${from}: update this test's break`);
  writeFileSync(path, text.replace(from, to));
}

beforeAll(async () => {
  // The real build first: the broken copies reuse its compiled base components.
  await buildPreview();
  const broken = join(work, 'lwc');
  cpSync(LWC_DIR, broken, { recursive: true });
  // 1. A removed handler: Refresh no longer calls handleRefresh.
  breakCopy(broken, 'roxSetupChecker/roxSetupChecker.html', 'onclick={handleRefresh}', '');
  // 2. A template error: the error panel binds a property that does not exist (a typo), so its heading is empty.
  breakCopy(broken, 'errorPanel/errorPanel.html', '{friendlyMessage}', '{friendlyMesage}');
  // 3. An accessibility error: the "Show only problems" toggle loses its label.
  breakCopy(broken, 'roxSetupChecker/roxSetupChecker.html', 'label={labels.problemsOnly}', '');
  const out = join(work, 'dist');
  await buildPreview({ lwcDir: broken, outDir: out, cacheFrom: DEFAULT_OUT_DIR });
  server = await startPreviewServer({ dir: out });
  browser = await launchChromium();
  // The broken copy opens on its empty state, which none of the breaks touches.
  session = await openPreview(
    await browser.newContext({ viewport: { width: 1280, height: 900 } }),
    server.url,
    'empty',
  );
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

const open = (state, options) => showState(session, state, options);

describe('a broken copy of the Rox Setup tab', () => {
  it('fails the Refresh check when the handler is removed', async () => {
    const { page } = await open('withProblems', { delay: 100 });
    await expect(checkRefresh(page)).rejects.toThrow('Refresh did not run the check again and re-read the users');
  });

  it('fails the error-state check when the error panel template binds a missing property', async () => {
    const { page } = await open('checkFailed');
    await expect(checkRenders(page, 'checkFailed')).rejects.toThrow('the error panel says the check failed');
  });

  it('fails the accessibility scan, and the no-errors check, when a control loses its label', async () => {
    const { page, problems } = await open('withProblems');
    await expect(checkAccessibility(page)).rejects.toThrow(/axe-core: serious or critical violations[\s\S]*label/);
    expect(problems).toEqual([expect.stringContaining('The required label attribute value "undefined" is invalid')]);
  });

  it('still passes the checks the breaks do not touch (each check fails for its own break only)', async () => {
    // The empty report has no toggle, no error panel and needs no Refresh.
    const { page, problems } = await open('empty');
    await checkRenders(page, 'empty');
    expect(problems).toEqual([]);
  });
});

describe('a template that does not compile', () => {
  it('stops the build with an error that names the file', async () => {
    const broken = join(work, 'lwc-syntax');
    cpSync(LWC_DIR, broken, { recursive: true });
    breakCopy(broken, 'roxSetupChecker/roxSetupChecker.html', '</lightning-card>', '</lightning-cards>');
    await expect(
      buildPreview({ lwcDir: broken, outDir: join(work, 'dist-syntax'), cacheFrom: DEFAULT_OUT_DIR }),
    ).rejects.toThrow(/roxSetupChecker\.html/);
  }, 120_000);
});
