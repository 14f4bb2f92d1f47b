import { Args } from '@oclif/core';
import { RoxCommand } from '../rox-command.js';

export default class KeysRevoke extends RoxCommand {
  static override summary = 'Revoke an API key at once (its id from `keys list`)';
  static override examples = ['<%= config.bin %> <%= command.id %> 3f9c0a1b2d4e'];
  static override args = { keyId: Args.string({ description: 'The key id (12 hex characters)', required: true }) };

  async run() {
    const { args } = await this.parse(KeysRevoke);
    await (await this.api()).call('DELETE', `/v1/keys/${encodeURIComponent(args.keyId)}`);
    this.show(() => 'Revoked.');
    return { revoked: args.keyId };
  }
}
