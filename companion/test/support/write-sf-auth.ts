/**
 * Writes an sf CLI auth (as `sf org login` would) for the test run in a child process, so
 * @salesforce/core runs outside jest's sandbox. argv: username accessToken refreshToken
 * instanceUrl clientId alias. HOME must point at the temporary home.
 */
import { AuthInfo, StateAggregator } from '@salesforce/core';

async function main(): Promise<void> {
  const [username, accessToken, refreshToken, instanceUrl, clientId, alias] = process.argv.slice(2);
  const info = await AuthInfo.create({
    username,
    accessTokenOptions: { accessToken, instanceUrl, loginUrl: instanceUrl },
  });
  await info.save({ refreshToken, clientId });
  const state = await StateAggregator.getInstance();
  await state.aliases.setAndSave(alias, username);
}

main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(1);
});
