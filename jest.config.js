// One jest, several projects: `npm run test:lwc` and `npm run test:checks` select one each;
// scripts/test-all.mjs runs every project and prints each runner's summary.
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  testTimeout: 30000,
  projects: [
    {
      ...jestConfig,
      displayName: 'lwc',
      roots: ['<rootDir>/force-app'],
      testMatch: ['**/lwc/**/__tests__/**/*.test.js'],
      moduleNameMapper: {
        '^lightning/platformShowToastEvent$': '<rootDir>/config/jest/mocks/lightning/platformShowToastEvent',
        '^lightning/navigation$': '<rootDir>/config/jest/mocks/lightning/navigation'
      },
      testPathIgnorePatterns: ['/node_modules/', '/mdapi/']
    },
    {
      displayName: 'package-checks',
      testEnvironment: 'node',
      roots: ['<rootDir>/scripts'],
      testMatch: ['**/__tests__/**/*.test.js'],
      transform: {}
    },
    {
      displayName: 'companion',
      testEnvironment: 'node',
      roots: ['<rootDir>/companion'],
      testMatch: ['**/test/**/*.test.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { warnOnly: false, ignoreCodes: [151002] } }] },
      moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' }
    }
  ]
};
