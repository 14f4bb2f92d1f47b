// One jest, several projects: `npm run test:lwc` and `npm run test:checks` select one each;
// scripts/test-all.mjs runs every project and prints each runner's summary.
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  globalSetup: '<rootDir>/config/jest/labels-setup.js',
  testSequencer: '<rootDir>/config/jest/sequencer.js',
  // A test or hook may take this long (more than 5x the slowest setup measured on a quiet 2-core
  // machine, so a busy machine does not fail it); the few slower tests set their own.
  testTimeout: 120000,
  projects: [
    {
      ...jestConfig,
      displayName: 'lwc',
      roots: ['<rootDir>/force-app'],
      testMatch: ['**/lwc/**/__tests__/**/*.test.js'],
      setupFilesAfterEnv: [...(jestConfig.setupFilesAfterEnv ?? []), '<rootDir>/config/jest/sa11y-setup.js'],
      moduleNameMapper: {
        '^lightning/platformShowToastEvent$': '<rootDir>/config/jest/mocks/lightning/platformShowToastEvent',
        '^lightning/navigation$': '<rootDir>/config/jest/mocks/lightning/navigation',
        // Custom Labels with their real values (config/jest/labels-setup.js writes one module per label).
        '^@salesforce/label/c\\.(.+)$': '<rootDir>/config/jest/labels/$1',
      },
      testPathIgnorePatterns: ['/node_modules/', '/mdapi/'],
    },
    {
      displayName: 'package-checks',
      testEnvironment: 'node',
      globalSetup: '<rootDir>/config/jest/analysis-jvm-setup.js',
      roots: ['<rootDir>/scripts'],
      testMatch: ['**/__tests__/**/*.test.js'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/scripts/preview/'],
      transform: {},
    },
    {
      // The Rox Setup tab in real Chromium (scripts/preview): ES modules, so jest runs with vm modules on.
      displayName: 'browser',
      testEnvironment: 'node',
      roots: ['<rootDir>/scripts/preview'],
      testMatch: ['**/__tests__/**/*.test.mjs'],
      modulePathIgnorePatterns: ['<rootDir>/scripts/preview/dist/'],
      transform: {},
    },
    {
      displayName: 'companion',
      testEnvironment: 'node',
      roots: ['<rootDir>/companion'],
      testMatch: ['**/test/**/*.test.ts'],
      // Types are checked once, by `tsc --noEmit` (npm test's first step); jest only strips them.
      transform: { '^.+\\.ts$': '<rootDir>/config/jest/esbuild-transform.js' },
      runtime: '<rootDir>/config/jest/code-cache-runtime.js',
      moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    },
  ],
};
