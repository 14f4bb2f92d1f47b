// The Rox Setup tab in real Chromium: the package's component, unchanged, built with the LWC engine, the Lightning
// base components and SLDS (scripts/preview), its Apex calls answered from the jest fixtures. Every state renders
// without errors, passes an axe-core scan (no serious or critical violation) and is screenshot at 1280 and 390 px
// (tmp/setup-tab-screenshots); the controls work with the mouse and the keyboard. One page serves every test: each
// shows a new tab in its state, as the page's switcher does.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { launchChromium } from '../browser.cjs';
import { buildPreview } from '../build.mjs';
import { startPreviewServer } from '../serve.mjs';
import { STATES } from '../src/states.js';
import {
  checkAccessibility,
  checkCopy,
  checkKeyboard,
  checkProblemsOnly,
  checkRefresh,
  checkRenders,
  checkUserPicker,
  openPreview,
  screenshot,
  showState,
} from './support/setup-tab-checks.mjs';

let server;
let browser;
let session;

beforeAll(async () => {
  // Nothing to do when npm test has built it already (the build is skipped when no input changed).
  await buildPreview();
  server = await startPreviewServer();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  session = await openPreview(context, server.url);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('opens in the state its address names, with no errors', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await openPreview(context, server.url, 'allPass');
  await checkRenders(page, 'allPass');
  expect(await page.locator('#preview-state').inputValue()).toBe('allPass');
  expect(problems).toEqual([]);
  await context.close();
});

describe('every state of the Rox Setup tab', () => {
  it.each(Object.keys(STATES))(
    '%s renders as its fixture says, with no errors and no serious accessibility violation, at 1280 and 390 px',
    async (state) => {
      const { page, problems } = await showState(session, state, { wait: state !== 'loading' });
      if (state === 'loading') await page.locator('[data-id="loading"]').waitFor();
      await checkRenders(page, state);
      await screenshot(page, `${state}-1280`);
      await checkAccessibility(page);
      // A phone: nothing may stick out sideways.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForFunction(() => window.innerWidth === 390);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
        0,
      );
      await screenshot(page, `${state}-390`);
      expect(problems).toEqual([]);
    },
  );
});

describe('the controls', () => {
  it('the switcher shows another state', async () => {
    const { page, problems } = await showState(session, 'withProblems');
    await page.locator('#preview-state').selectOption('empty');
    await page.locator('[data-id="empty"]').waitFor();
    await checkRenders(page, 'empty');
    expect(new URL(page.url()).searchParams.get('state')).toBe('empty');
    expect(problems).toEqual([]);
  });

  it('the user picker checks the chosen user and shows their report', async () => {
    const { page, problems } = await showState(session, 'withProblems');
    await checkUserPicker(page);
    expect(problems).toEqual([]);
  });

  it('Refresh runs the check again and re-reads the users', async () => {
    const { page, problems } = await showState(session, 'withProblems', { delay: 200 });
    await checkRefresh(page);
    expect(problems).toEqual([]);
  });

  it('Copy results puts the text report on the clipboard and confirms with a toast', async () => {
    const { page, problems } = await showState(session, 'withProblems');
    await checkCopy(page, server.url.replace(/\/$/, ''));
    expect(problems).toEqual([]);
  });

  it('"Show only problems" hides and shows the passing rows', async () => {
    const { page, problems } = await showState(session, 'withProblems');
    await checkProblemsOnly(page);
    expect(problems).toEqual([]);
  });

  it('the keyboard alone reaches every control and works each of them', async () => {
    const { page, problems } = await showState(session, 'withProblems');
    await checkKeyboard(page);
    expect(problems).toEqual([]);
  });
});
