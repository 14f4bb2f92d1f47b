/**
 * Driving the admin console in real Chromium (Debian's chromium via playwright-core, as the Rox Setup tab
 * preview's browser tests do): a page that records every console error, failed request and CSP violation, an
 * axe-core scan, screenshots at 1280 and 390 px written for review (tmp/console-screenshots, not committed).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const ROOT = join(__dirname, '../../..');
export const SCREENSHOT_DIR = join(ROOT, 'tmp/console-screenshots');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors, failed requests and 5xx answers seen so far. */
  problems: string[];
}

export function launch(): Promise<Browser> {
  // The preview's finder and launcher: Debian's chromium or $CHROMIUM_PATH.
  const { launchChromium } = require('../../../scripts/preview/browser.cjs') as { launchChromium(): Promise<Browser> };
  return launchChromium();
}

export async function openConsole(browser: Browser, url: string, width = 1280): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  const watch = (p: Page) => {
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text().split('\n')[0]}`);
    });
    p.on('response', (r) => {
      if (r.status() >= 500) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
  };
  watch(page);
  context.on('page', watch);
  await page.goto(url);
  return { context, page, problems };
}

/** Every request the console makes answers with JSON errors it shows; 401/403/404/422 are expected in some steps. */
export function unexpected(problems: string[]): string[] {
  return problems.filter((p) => !/console error: Failed to load resource: the server responded with a status of 4\d\d/.test(p));
}

/** axe-core on the whole page: no serious or critical violation. Evaluated through DevTools, so the page's CSP stays on. */
export async function axeViolations(page: Page): Promise<string[]> {
  // The page's globals through globalThis: this file is compiled without the DOM's types.
  if (!(await page.evaluate(() => Boolean((globalThis as any).axe)))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const run = await (globalThis as any).axe.run((globalThis as any).document);
    return run.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

/** A full-page screenshot at the page's width, and whether the page is wider than its viewport. */
export async function screenshot(page: Page, name: string): Promise<{ path: string; overflow: number }> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  // The first screenful too: what the README shows (docs/console-*.png are copies of these).
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-top.png`) });
  const overflow = await page.evaluate(() => {
    const w = globalThis as any;
    return w.document.documentElement.scrollWidth - w.innerWidth;
  });
  return { path, overflow };
}

/**
 * The same screen at 390 px wide (a phone), in a second page signed in with the same cookie and kept open: the
 * console follows its address, so each screen after the first is a same-document navigation, not a reload.
 */
export class NarrowPage {
  private page?: Page;
  constructor(
    private readonly browser: Browser,
    private readonly baseUrl: string,
  ) {}

  async show(hash: string, name: string, ready: (p: Page) => Promise<unknown>, cookies: any[]) {
    if (!this.page) {
      const context = await this.browser.newContext({ viewport: { width: 390, height: 844 } });
      await context.addCookies(cookies);
      this.page = await context.newPage();
      this.page.setDefaultTimeout(20_000);
    }
    await this.page.goto(`${this.baseUrl}/console/${hash}`);
    await ready(this.page);
    return { ...(await screenshot(this.page, `${name}-390`)), page: this.page };
  }
}
