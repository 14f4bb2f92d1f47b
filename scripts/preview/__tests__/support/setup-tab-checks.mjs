// What the browser tests check on the Rox Setup tab preview, one function per behaviour. Each throws an
// AssertionError naming what is wrong, so the same checks prove the real component works and a broken copy fails.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFixtures, ROOT } from '../../build.mjs';
import { STATES } from '../../src/states.js';

const require = createRequire(import.meta.url);
const { readCustomLabels } = require('../../../custom-labels.cjs');
const LABELS = readCustomLabels();

export const SCREENSHOT_DIR = join(ROOT, 'tmp/setup-tab-screenshots');

/** The jest fixtures, as the preview serves them. */
export const FIXTURES = readFixtures();
const label = (name, ...values) => values.reduce((text, value, i) => text.replace(`{${i}}`, value), LABELS[name]);
const problemsOf = (report) => report.results.filter((r) => r.status !== 'pass');

/** The words the overall box shows for a report, from the Custom Labels. */
export function overallText(report) {
  const { failCount, warningCount, passCount } = report.summary;
  const problems = failCount + warningCount;
  if (problems === 0) return label(passCount === 1 ? 'Rox_Setup_AllPassedOne' : 'Rox_Setup_AllPassed', passCount);
  return label(problems === 1 ? 'Rox_Setup_ProblemToFix' : 'Rox_Setup_ProblemsToFix', problems);
}

/**
 * Opens the preview on a new page, once per test file: a page load costs about 2 s here, showing another state
 * in it (`showState`) a few milliseconds. `problems` collects what must never happen: page errors, console errors,
 * failed requests, and LWC warnings about our own components (the base components' own development warnings about
 * synthetic shadow are theirs, not ours).
 */
export async function openPreview(context, baseUrl, state = 'withProblems') {
  const page = await context.newPage();
  // A check that fails should say so soon, not after Playwright's 30 s.
  page.setDefaultTimeout(15_000);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    const firstComponent = /\n<([a-z0-9-]+)>/.exec(text)?.[1] ?? '';
    if (message.type() === 'error') problems.push(`console error: ${text.split('\n')[0]}`);
    else if (message.type() === 'warning' && firstComponent.startsWith('c-')) {
      problems.push(`LWC warning about <${firstComponent}>: ${text.split('\n')[0]}`);
    }
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(`${baseUrl}?state=${state}&delay=0`);
  await settled(page);
  return { page, problems };
}

/**
 * Shows a new tab in another state on the open page (as the page's switcher does) and waits for its first check;
 * what went wrong before is forgotten, so each test sees only its own problems.
 */
export async function showState(session, state, { delay = 0, wait = true } = {}) {
  session.problems.length = 0;
  await session.page.setViewportSize({ width: 1280, height: 900 });
  await session.page.evaluate(([name, ms]) => window.roxPreview.show(name, { delay: ms }), [state, delay]);
  if (wait) await settled(session.page);
  return session;
}

/** Waits until no check is running and the tab shows a report, the empty notice or an error. */
export async function settled(page) {
  await page.waitForFunction(() => !!window.roxPreview);
  await page
    .locator('[data-id="overall"], [data-id="empty"], [data-id="report-error"]')
    .first()
    .waitFor({ state: 'visible' });
  await page.locator('[data-id="loading"]').waitFor({ state: 'detached' });
}

/** Waits (up to 5 s) until the locator matches `count` elements; returns the last count seen. */
async function waitForCount(locator, count) {
  let seen = await locator.count();
  for (let waited = 0; seen !== count && waited < 5000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    seen = await locator.count();
  }
  return seen;
}

const calls = (page) => page.evaluate(() => ({ ...window.roxPreview.calls }));
const rowTitles = (page) => page.locator('[data-id="result-row"] [data-id="title"]').allTextContents();
const textOf = async (page, id) => (await page.locator(`[data-id="${id}"]`).first().textContent())?.trim();
/** Waits (up to 5 s) until the page has answered `name` more than `count` times; fails with `failure` otherwise. */
const waitForMoreCalls = (page, name, count, failure) =>
  page
    .waitForFunction(([n, c]) => window.roxPreview.calls[n] > c, [name, count], { timeout: 5000 })
    .catch(() => assert.fail(failure));

/** The report a state shows first: its rows, counts, user, or its error, as the fixtures say. */
export async function checkRenders(page, state) {
  // The report the state's check returns first, when it returns one with rows (not the error, loading or empty states).
  const { report: fixture, reportError, never } = STATES[state];
  const reportName = reportError || never || fixture === 'empty' ? undefined : fixture;
  if (reportName) {
    const report = FIXTURES[`getSetupReport.${reportName}`];
    const problems = problemsOf(report);
    // A report with problems opens with only the problems shown.
    const shown = problems.length ? problems : report.results;
    assert.equal(await textOf(page, 'username'), report.user.username, 'the checked user is shown');
    assert.equal(await textOf(page, 'overall'), overallText(report), 'the overall message matches the report');
    assert.deepEqual(
      (await rowTitles(page)).map((t) => t.trim()),
      // Grouped by category in the report's order.
      [...new Set(shown.map((r) => r.category))].flatMap((c) =>
        shown.filter((r) => r.category === c).map((r) => r.title),
      ),
      'the rows shown are the report rows (only problems when there are any)',
    );
    assert.match(await textOf(page, 'fail-count'), new RegExp(`^${report.summary.failCount} `), 'failed count');
    assert.match(await textOf(page, 'pass-count'), new RegExp(`^${report.summary.passCount} `), 'passed count');
    const links = await page.locator('[data-id="setup-link"]').count();
    assert.equal(links, problems.filter((r) => r.setupUrl).length, 'every problem with a Setup page links to it');
  }
  if (state === 'empty') {
    assert.match(await textOf(page, 'empty'), new RegExp(LABELS.Rox_Setup_NoRequirements), 'the empty notice');
    assert.equal(await page.locator('[data-id="result-row"]').count(), 0, 'no rows');
  }
  if (state === 'checkFailed' || state === 'viewSetupMissing') {
    const error = FIXTURES.apexErrors[state];
    assert.equal(
      await textOf(page, 'friendly-message'),
      LABELS.Rox_Setup_CheckFailed,
      'the error panel says the check failed',
    );
    assert.equal(await textOf(page, 'error-detail'), error.body.message, "the server's message is shown");
    // Refresh cannot give a missing permission, and the unexpected error's message already advises it: no hint.
    assert.equal(await page.locator('[data-id="hint"]').count(), 0, 'no second Refresh advice');
    assert.ok(await page.locator('[data-id="copy"] button').isDisabled(), 'nothing to copy after an error');
  }
  if (state === 'usersFailed') {
    assert.match(
      (await page.locator('[data-id="user-options-error"]').textContent()) ?? '',
      /Insufficient access to User/,
      'the user-list error is shown beside the report',
    );
  }
  if (state === 'searchFailed') {
    await page.getByRole('searchbox', { name: LABELS.Rox_Setup_FindUser }).fill('sam');
    await page.locator('[data-id="user-search-error"]').waitFor({ state: 'visible' });
    assert.match(
      (await page.locator('[data-id="user-search-error"]').textContent()) ?? '',
      /SearchException/,
      'the search error is shown',
    );
  }
  if (state === 'manyUsers') {
    await page.getByRole('combobox', { name: LABELS.Rox_Setup_UserToCheck }).click();
    const options = page.locator('[data-id="user-picker"]').getByRole('option');
    await options.first().waitFor();
    assert.equal(await options.count(), FIXTURES['getUserOptions.many'].length, 'every offered user is in the picker');
    await page.keyboard.press('Escape');
  }
  if (state === 'loading') {
    assert.ok(await page.locator('[data-id="loading"]').isVisible(), 'the spinner shows while checking');
    assert.ok(await page.locator('[data-id="refresh"] button').isDisabled(), 'Refresh waits for the check');
    assert.ok(await page.locator('[data-id="copy"] button').isDisabled(), 'Copy waits for the check');
  }
}

/** Choosing another user in the picker checks that user and shows their report. */
export async function checkUserPicker(page) {
  const before = await calls(page);
  const target = FIXTURES['getSetupReport.allPass'];
  await page.getByRole('combobox', { name: LABELS.Rox_Setup_UserToCheck }).click();
  await page
    .locator('[data-id="user-picker"]')
    .getByRole('option', { name: new RegExp(`^${target.user.name} `) })
    .click();
  await waitForMoreCalls(page, 'getSetupReport', before.getSetupReport, 'picking a user did not check that user');
  await settled(page);
  assert.equal(await textOf(page, 'username'), target.user.username, 'the picked user is checked');
  assert.equal(await textOf(page, 'overall'), overallText(target), "the picked user's report is shown");
}

/** Refresh runs the check again and re-reads the list of users. */
export async function checkRefresh(page) {
  const before = await calls(page);
  await page.getByRole('button', { name: LABELS.Rox_Setup_Refresh }).click();
  const failure = 'Refresh did not run the check again and re-read the users';
  await waitForMoreCalls(page, 'getSetupReport', before.getSetupReport, failure);
  await waitForMoreCalls(page, 'getUserOptions', before.getUserOptions, failure);
  await settled(page);
}

/** Copy results puts the plain-text report on the clipboard and says so. */
export async function checkCopy(page, origin) {
  const report = FIXTURES['getSetupReport.withProblems'];
  await page.evaluate(() => navigator.clipboard.writeText('(empty)'));
  await page.getByRole('button', { name: LABELS.Rox_Setup_CopyResults }).click();
  await page
    .locator('[data-id="toast"]')
    .waitFor({ state: 'visible', timeout: 5000 })
    .catch(() => {
      assert.fail('no toast after Copy results');
    });
  assert.equal(await page.locator('[data-id="toast"]').getAttribute('data-variant'), 'success', 'a success toast');
  const text = await page.evaluate(() => navigator.clipboard.readText());
  const lines = text.trimEnd().split('\n');
  assert.equal(lines[0], 'Rox Setup Checker', 'the copied report starts with its title');
  assert.match(lines[1], new RegExp(`^User: ${report.user.name} \\(${report.user.username.replace(/\./g, '\\.')}\\)`));
  assert.match(text, new RegExp(`Result: ${overallText(report)}`), 'the copied report has the result');
  for (const result of report.results) {
    const tag = { pass: 'PASS', warning: 'WARNING', fail: 'FAIL' }[result.status];
    assert.ok(text.includes(`[${tag}] ${result.title} — ${result.found}`), `the copied report has ${result.id}`);
  }
  const firstLink = report.results.find((r) => r.status !== 'pass' && r.setupUrl);
  assert.ok(text.includes(`Setup: ${origin}${firstLink.setupUrl}`), 'Setup links are absolute in the copied text');
  // The keyboard user's place is kept.
  assert.equal(await focusedDescription(page), 'button:Copy results', 'focus goes back to Copy results');
}

/** "Show only problems" hides and shows the passing rows. */
export async function checkProblemsOnly(page) {
  const report = FIXTURES['getSetupReport.withProblems'];
  const toggle = page.getByRole('switch', { name: LABELS.Rox_Setup_ProblemsOnly });
  const rows = page.locator('[data-id="result-row"]');
  assert.ok(await toggle.isChecked(), 'a report with problems opens with only the problems shown');
  assert.equal(await rows.count(), problemsOf(report).length);
  await toggle.click({ force: true });
  assert.equal(
    await waitForCount(rows, report.results.length),
    report.results.length,
    'turning the toggle off shows every row',
  );
  await toggle.click({ force: true });
  assert.equal(
    await waitForCount(rows, problemsOf(report).length),
    problemsOf(report).length,
    'turning it on again hides the passing rows',
  );
}

/** The focused element, through shadow roots: "tag:accessible name" or "tag:role". */
export function focusedDescription(page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element && element.shadowRoot && element.shadowRoot.activeElement)
      element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return 'body';
    const labelled = element.getAttribute('aria-labelledby');
    const name =
      element.getAttribute('aria-label') ||
      (labelled && document.getElementById(labelled)?.textContent) ||
      (element.labels && element.labels[0] && element.labels[0].textContent) ||
      element.textContent ||
      element.getAttribute('title') ||
      '';
    return `${element.tagName.toLowerCase()}:${name.replace(/\s+/g, ' ').trim()}`;
  });
}

/** Tabs through the page and returns where focus went, in order, until it comes back round. */
export async function tabOrder(page, max = 80) {
  // Start from the top of the page, as after loading it: focusing the body moves the point Tab starts from.
  await page.evaluate(() => {
    document.body.setAttribute('tabindex', '-1');
    document.body.focus();
    document.body.removeAttribute('tabindex');
  });
  const seen = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await focusedDescription(page);
    if (focused === 'body' || seen.includes(focused)) break;
    seen.push(focused);
  }
  return seen;
}

/** Tab reaches every control, and each works from the keyboard. */
export async function checkKeyboard(page) {
  const order = await tabOrder(page);
  const expected = [
    'select:Preview state',
    `button:${LABELS.Rox_Setup_Refresh}`,
    `button:${LABELS.Rox_Setup_CopyResults}`,
    `button:${LABELS.Rox_Setup_UserToCheck}`,
    `button:${LABELS.Rox_Setup_FindUser}`, // the help icon beside the search
    `input:${LABELS.Rox_Setup_FindUser}`,
    `input:${LABELS.Rox_Setup_ProblemsOnly}`,
  ];
  for (const control of expected) {
    assert.ok(
      order.some((f) => f.startsWith(control)),
      `Tab reaches ${control}; it reached: ${order.join(' | ')}`,
    );
  }
  const links = order.filter((f) => f.startsWith('a:'));
  assert.equal(
    links.length,
    await page.locator('[data-id="setup-link"]').count(),
    `Tab reaches every Setup link; it reached: ${order.join(' | ')}`,
  );

  const focus = async (control) => {
    for (let i = 0; i < 80 && !(await focusedDescription(page)).startsWith(control); i += 1) {
      await page.keyboard.press('Tab');
    }
    assert.ok((await focusedDescription(page)).startsWith(control), `could not reach ${control} with Tab`);
  };
  // Enter on Refresh runs the check again.
  let before = await calls(page);
  await focus(`button:${LABELS.Rox_Setup_Refresh}`);
  await page.keyboard.press('Enter');
  await waitForMoreCalls(page, 'getSetupReport', before.getSetupReport, 'Enter on Refresh did not run the check');
  await settled(page);
  // Space on the toggle shows every row.
  const rows = page.locator('[data-id="result-row"]');
  const report = FIXTURES['getSetupReport.withProblems'];
  await focus(`input:${LABELS.Rox_Setup_ProblemsOnly}`);
  await page.keyboard.press('Space');
  assert.equal(
    await waitForCount(rows, report.results.length),
    report.results.length,
    'Space on "Show only problems" shows every row',
  );
  // The user picker opens with Enter, moves with the arrow keys and picks with Enter.
  before = await calls(page);
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await focus(`button:${LABELS.Rox_Setup_UserToCheck}`);
  await page.keyboard.press('Enter');
  const picker = page.locator('[data-id="user-picker"]');
  await picker.getByRole('option').first().waitFor();
  // Arrow down to a user other than the one checked now, then pick it with Enter.
  const checked = await textOf(page, 'username');
  const highlighted = picker.locator('lightning-base-combobox-item.slds-has-focus');
  let moved = false;
  for (let i = 0; i < 10 && !moved; i += 1) {
    await page.keyboard.press('ArrowDown');
    moved = (await highlighted.count()) === 1 && !((await highlighted.textContent()) ?? '').includes(checked);
  }
  assert.ok(moved, 'the arrow keys move through the users in the picker');
  await page.keyboard.press('Enter');
  const failure = 'choosing a user with the keyboard did not check that user';
  await waitForMoreCalls(page, 'getSetupReport', before.getSetupReport, failure);
  await settled(page);
}

/** axe-core finds no serious or critical violation, and it did look inside the tab. */
export async function checkAccessibility(page) {
  if (!(await page.evaluate(() => !!window.axe))) {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  }
  const result = await page.evaluate(async () => {
    const run = await window.axe.run(document, { resultTypes: ['violations', 'passes'] });
    return {
      violations: run.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      insideTab: run.passes
        .flatMap((p) => p.nodes)
        .filter((n) => /data-id="(title|refresh|user-name|empty)"|data-id="friendly-message"/.test(n.html)).length,
    };
  });
  assert.deepEqual(result.violations, [], 'axe-core: serious or critical violations');
  assert.ok(result.insideTab > 0, 'axe-core checked the elements inside the tab');
}

/** Writes a full-page screenshot of the page as it is. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
