'use strict';
// Jest transform for the companion's TypeScript. Types are checked once, by `tsc --noEmit` (the
// first step of `npm test`), so jest only needs them stripped: esbuild (already here for tsx) does
// that in about a millisecond a file, where ts-jest's compiler took seconds per test file on a cold
// cache. The companion's tests use no jest.mock, which would need ts-jest's or babel's hoisting.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { transformSync } = require('esbuild');
const { version } = require('esbuild/package.json');

/** The cache key covers esbuild's version and this transform itself, so a change here is never served stale. */
const SELF = createHash('sha256').update(version).update(readFileSync(__filename)).digest('hex');

module.exports = {
  process(source, filename) {
    const { code } = transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: filename,
      // import() of our own modules becomes require(), as TypeScript's CommonJS output has it, so a
      // module has one instance whether a file imports it statically or on demand.
      supported: { 'dynamic-import': false },
    });
    return { code };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(`${SELF}\0${filename}\0`).update(source).digest('hex');
  },
};
