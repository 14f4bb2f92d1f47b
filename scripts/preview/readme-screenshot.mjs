// `npm run preview:screenshot`: the picture of the Rox Setup tab in the README (docs/rox-setup-tab.png), taken
// from the preview in its "Problems to fix" state, 1280 px wide, in Chromium. Run it after changing the tab.
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launchChromium } from './browser.cjs';
import { buildPreview, ROOT } from './build.mjs';
import { startPreviewServer } from './serve.mjs';

const README_SCREENSHOT = join(ROOT, 'docs/rox-setup-tab.png');

await buildPreview({ log: (line) => console.log(line) });
const server = await startPreviewServer();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  await page.goto(`${server.url}?state=withProblems&delay=0`);
  await page.locator('[data-id="overall"]').waitFor();
  await page.locator('[data-id="loading"]').waitFor({ state: 'detached' });
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  // The tab only, without the preview's state switcher above it.
  const top = await page.locator('#tab').evaluate((el) => el.getBoundingClientRect().top);
  await page.screenshot({ path: README_SCREENSHOT, clip: { x: 0, y: top, width: 1280, height: 1400 - top } });
  console.log(`Wrote ${relative(process.cwd(), README_SCREENSHOT)}`);
} finally {
  await browser.close();
  await server.close();
}
