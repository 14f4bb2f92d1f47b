// Jest runs the longest test files first so that no worker idles at the end of the run; it knows a file's
// duration only from an earlier run on the same machine, and guesses by file size otherwise (a clean CI
// clone). The browser tests are short files that run long (Chromium, a build of a broken copy), so they
// always go first.
const Sequencer = require('@jest/test-sequencer').default;

const LONG_RUNNING = ['/scripts/preview/__tests__/'];

class LongFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const long = sorted.filter((test) => LONG_RUNNING.some((part) => test.path.includes(part)));
    return [...long, ...sorted.filter((test) => !long.includes(test))];
  }
}

module.exports = LongFirstSequencer;
