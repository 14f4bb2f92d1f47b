import { RoxCommand } from '../rox-command.js';
import { connectionsList } from '../connection-ref.js';
import { table } from '../format.js';

export default class ConnectionsList extends RoxCommand {
  static override summary = 'List the connected orgs with their state (Ready, Action Required, Error) and its cause';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  async run() {
    await this.parse(ConnectionsList);
    const rows = await connectionsList(await this.api());
    this.show(() =>
      table(
        rows.map((s) => ({
          name: s.name,
          id: s.id,
          state: s.state,
          user: s.connectedAs.username ?? '',
          org: s.orgId ?? '',
          cause: s.cause ?? '',
        })),
      ),
    );
    return rows;
  }
}
