/**
 * An org the Salesforce CLI already knows (developer path): `@salesforce/core` resolves the alias
 * and decrypts the CLI's stored auth. The companion copies the tokens into its own encrypted store
 * and refreshes them itself with the CLI's client id, so it keeps working if the CLI logs out.
 */
import { AppError } from '../core/app-error.js';

export interface SfCliAuth {
  username: string;
  instanceUrl: string;
  loginUrl: string;
  accessToken: string;
  refreshToken?: string;
  clientId: string;
}

export async function readSfCliAuth(usernameOrAlias: string): Promise<SfCliAuth> {
  // Loaded on use: @salesforce/core takes about a second to load, and only this developer path needs it.
  const { AuthInfo, StateAggregator } = await import('@salesforce/core');
  let fields;
  try {
    const state = await StateAggregator.getInstance();
    const username = state.aliases.resolveUsername(usernameOrAlias);
    const info = await AuthInfo.create({ username });
    fields = info.getFields(true);
  } catch (e) {
    throw new AppError(
      'NOT_FOUND',
      `The sf CLI has no org "${usernameOrAlias}": run \`sf org login web --alias ${usernameOrAlias}\` first, or check \`sf org list\``,
      { cause: e },
    );
  }
  if (!fields.instanceUrl || !fields.accessToken || !fields.username)
    throw new AppError(
      'CONNECTION_NOT_READY',
      `The sf CLI's auth for "${usernameOrAlias}" has no access token or instance URL; log in again with the CLI`,
    );
  return {
    username: fields.username,
    instanceUrl: fields.instanceUrl,
    loginUrl: fields.loginUrl ?? fields.instanceUrl,
    accessToken: fields.accessToken,
    refreshToken: fields.refreshToken,
    clientId: fields.clientId ?? 'PlatformCLI',
  };
}
