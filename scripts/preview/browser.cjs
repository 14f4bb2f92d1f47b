// Finds and starts the Chromium the browser tests and screenshots use (the Rox Setup tab preview's and the admin
// console's): Debian's `chromium` package (or $CHROMIUM_PATH), driven by playwright-core. `npm test` installs the
// package when it can (scripts/test-all.mjs). CommonJS, so the companion's TypeScript tests can require it too.
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { chromium } = require('playwright-core');

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

const INSTALL_HINT =
  'Chromium is missing: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.';

/** The Chromium binary to use, or undefined. */
function findChromium() {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  const which = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : undefined;
}

/** Starts headless Chromium; throws INSTALL_HINT when there is none. */
async function launchChromium() {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(INSTALL_HINT);
  return chromium.launch({
    executablePath,
    headless: true,
    // Chromium's sandbox needs user namespaces, which containers and root often lack.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--font-render-hinting=none'],
  });
}

module.exports = { INSTALL_HINT, findChromium, launchChromium };
