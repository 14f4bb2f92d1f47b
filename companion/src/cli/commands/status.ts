import { RoxCommand } from '../rox-command.js';
import { optionalConnectionArg, connectionsList, resolveConnection } from '../connection-ref.js';

export default class Status extends RoxCommand {
  static override summary = "A connection's state with its cause and fix, user, org, API usage, last sync and writeback";
  static override description = 'Without a connection: every connection. Printed as JSON.';
  static override examples = ['<%= config.bin %> <%= command.id %> acme-prod', '<%= config.bin %> <%= command.id %>'];
  static override args = { connection: optionalConnectionArg() };

  async run() {
    const { args } = await this.parse(Status);
    const api = await this.api();
    const ids = args.connection
      ? [await resolveConnection(api, args.connection)]
      : (await connectionsList(api)).map((c) => c.id);
    const all = [];
    for (const id of ids) all.push(await api.call('GET', `/v1/connections/${id}`));
    const result = args.connection ? all[0] : all;
    this.show(() => JSON.stringify(result, null, 2));
    return result;
  }
}
