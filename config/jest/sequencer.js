// Jest runs the longest test files first so that no worker idles at the end of the run. It knows a file's duration
// from an earlier run in the same checkout (its cache) and guesses by file size otherwise, which on a clean clone (CI)
// left the CLI test, the longest, for late in the run: about 30 s longer. Without a timing of its own it now takes the
// file's duration from config/jest/durations.json (`node scripts/jest-durations.mjs` writes it from a kept report).
// The browser tests are short files that run long (Chromium, a build of a broken copy), so they always go first.
const { relative, resolve } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const DURATIONS = require('./durations.json');

const ROOT = resolve(__dirname, '../..');
const LONG_RUNNING = ['/scripts/preview/__tests__/'];

class LongFirstSequencer extends Sequencer {
  time(test) {
    return super.time(test) ?? DURATIONS[relative(ROOT, test.path)];
  }

  sort(tests) {
    const sorted = super.sort(tests);
    const long = sorted.filter((test) => LONG_RUNNING.some((part) => test.path.includes(part)));
    return [...long, ...sorted.filter((test) => !long.includes(test))];
  }
}

module.exports = LongFirstSequencer;
