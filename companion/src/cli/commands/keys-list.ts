import { Flags } from '@oclif/core';
import { RoxCommand } from '../rox-command.js';
import { resolveConnection } from '../connection-ref.js';
import { table } from '../format.js';

export default class KeysList extends RoxCommand {
  static override summary = "List API keys (never their secrets): every key, or one connection's";
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --connection acme-prod'];
  static override flags = {
    connection: Flags.string({ summary: "Only this connection's keys (name or id)" }),
  };

  async run() {
    const { flags } = await this.parse(KeysList);
    const api = await this.api();
    const res = flags.connection
      ? await api.call('GET', `/v1/connections/${await resolveConnection(api, flags.connection)}/keys`)
      : await api.call('GET', '/v1/keys');
    const keys = res.keys as Array<Record<string, unknown>>;
    this.show(() =>
      table(
        keys.map((k) => ({
          id: k.id,
          name: k.name,
          scope: k.scope,
          connection: k.connectionId ?? '',
          signed: k.requireSignature,
          lastUsed: k.lastUsedAt ?? '',
          revoked: k.revokedAt ?? '',
        })),
      ),
    );
    return keys;
  }
}
