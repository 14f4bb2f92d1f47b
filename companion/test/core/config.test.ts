/** The config schema: defaults, every problem named at once, and the README table generated from it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTable, loadConfig } from '../../src/config/load-config.js';

it('applies defaults', () => {
  const c = loadConfig({});
  expect(c).toMatchObject({
    PORT: 8080,
    HOST: '127.0.0.1',
    DATA_DIR: '.rox',
    SF_API_VERSION: '62.0',
    SF_LOGIN_URL: 'https://login.salesforce.com',
  });
});

it('names every invalid key and how it should look', () => {
  expect(() =>
    loadConfig({ PORT: 'eighty', ROX_ENCRYPTION_KEY: 'short', DATABASE_URL: 'mysql://x', SF_API_VERSION: '62' }),
  ).toThrow(
    expect.objectContaining({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(
        /PORT:[\s\S]*DATABASE_URL: a postgres:\/\/ URL[\s\S]*ROX_ENCRYPTION_KEY: 32 random bytes[\s\S]*SF_API_VERSION: a version such as 62.0/,
      ),
    }),
  );
});

it('ignores unrelated environment variables', () => {
  expect(loadConfig({ HOME: '/root', PATH: '/bin' }).PORT).toBe(8080);
});

it('the README configuration table lists every key with its description', () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  for (const row of configTable()) {
    expect(readme).toContain(`| \`${row.key}\``);
    expect(readme).toContain(row.description.replace(/\|/g, '\\|'));
  }
});
