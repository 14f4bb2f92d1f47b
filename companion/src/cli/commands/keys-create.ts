import { Flags } from '@oclif/core';
import { AppError } from '../../core/app-error.js';
import { RoxCommand } from '../rox-command.js';
import { resolveConnection } from '../connection-ref.js';

export default class KeysCreate extends RoxCommand {
  static override summary = "Create an API key: a connection's key (its data and writebacks) or an admin key";
  static override examples = [
    '<%= config.bin %> <%= command.id %> --connection acme-prod --name rox-backend',
    '<%= config.bin %> <%= command.id %> --connection acme-prod --name rox-backend --require-signature',
    '<%= config.bin %> <%= command.id %> --admin --name ops',
  ];
  static override flags = {
    name: Flags.string({ summary: 'What the key is for (shown in `keys list`)', required: true }),
    connection: Flags.string({ summary: 'The connection the key belongs to (name or id)', exclusive: ['admin'] }),
    admin: Flags.boolean({ summary: 'An admin key: connections, keys, mappings, ledger without values; no record data' }),
    'require-signature': Flags.boolean({ summary: 'Every request with this key must be signed (X-Rox-Signature)' }),
  };

  async run() {
    const { flags } = await this.parse(KeysCreate);
    if (!flags.admin && !flags.connection)
      throw new AppError('BAD_REQUEST', 'Name the key\'s connection with --connection, or create an admin key with --admin');
    const api = await this.api();
    const body = { name: flags.name, requireSignature: flags['require-signature'] };
    const res = flags.admin
      ? await api.call('POST', '/v1/keys', body)
      : await api.call('POST', `/v1/connections/${await resolveConnection(api, flags.connection)}/keys`, body);
    this.show(
      () =>
        `API key ${res.apiKey.id} (${res.apiKey.scope}${res.apiKey.connectionId ? ` for ${res.apiKey.connectionId}` : ''}). Store it now; it is not shown again:\n\n  ${res.key}`,
    );
    return res;
  }
}
