import { Flags } from '@oclif/core';
import { EXIT, RoxCommand } from '../rox-command.js';
import { connectionArg, resolveConnection } from '../connection-ref.js';
import { eraseSummary } from '../format.js';

const one = ['email', 'salesforce-id', 'rox-id'];

export default class Erase extends RoxCommand {
  static override summary = 'Data-removal request: remove what the companion holds about a person or a record';
  static override description = `Synced rows become empty tombstones, writebacks lose their values (queued ones are cancelled), lead resolution's memory, id pairs and field values go. Salesforce itself is not changed.
Exits ${EXIT.incomplete} when writebacks about it were being sent: run it again.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> acme-prod --email pat@example.com',
    '<%= config.bin %> <%= command.id %> acme-prod --salesforce-id 003000000000001AAA',
    '<%= config.bin %> <%= command.id %> acme-prod --rox-id person-42',
  ];
  static override args = { connection: connectionArg() };
  static override flags = {
    email: Flags.string({ summary: 'A person, by email address', exactlyOne: one }),
    'salesforce-id': Flags.string({ summary: 'A record, by Salesforce id (15 or 18 characters)', exactlyOne: one }),
    'rox-id': Flags.string({ summary: 'A record, by Rox id (through its pair)', exactlyOne: one }),
  };

  async run() {
    const { args, flags } = await this.parse(Erase);
    const api = await this.api();
    const id = await resolveConnection(api, args.connection);
    const body = flags.email
      ? { email: flags.email }
      : flags['salesforce-id']
        ? { salesforceId: flags['salesforce-id'] }
        : { roxId: flags['rox-id'] };
    const r = await api.call('POST', `/v1/connections/${id}/erasures`, body);
    this.show(() => eraseSummary(r));
    if (!r.complete) this.finishWith(EXIT.incomplete);
    return r;
  }
}
