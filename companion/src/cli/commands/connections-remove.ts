import { RoxCommand } from '../rox-command.js';
import { connectionArg, resolveConnection } from '../connection-ref.js';
import { table } from '../format.js';

export default class ConnectionsRemove extends RoxCommand {
  static override summary = "Disconnect an org: revoke its token at Salesforce and delete every row stored for it";
  static override examples = ['<%= config.bin %> <%= command.id %> acme-prod'];
  static override args = { connection: connectionArg() };

  async run() {
    const { args } = await this.parse(ConnectionsRemove);
    const api = await this.api();
    const r = await api.call('DELETE', `/v1/connections/${await resolveConnection(api, args.connection)}`);
    this.show(() => {
      const deleted = (r?.deleted ?? {}) as Record<string, number>;
      return `Disconnected. Token revoked at Salesforce: ${r?.revoked ? 'yes' : 'no'}. Deleted rows:\n${table(Object.entries(deleted).map(([t, n]) => ({ table: t, rows: n })))}`;
    });
    return r;
  }
}
