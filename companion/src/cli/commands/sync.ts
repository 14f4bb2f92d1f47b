import { EXIT, RoxCommand } from '../rox-command.js';
import { connectionArg, resolveConnection } from '../connection-ref.js';
import { runSync } from '../sync-command.js';

export default class Sync extends RoxCommand {
  static override summary = 'Sync a connection now, with progress: a bar on a terminal, one line per change otherwise';
  static override description = `Ends with a table per object (rows, API calls, deletes found, problem).
Exits ${EXIT.problems} when an object failed.`;
  static override examples = ['<%= config.bin %> <%= command.id %> acme-prod'];
  static override args = { connection: connectionArg() };

  async run() {
    const { args } = await this.parse(Sync);
    const api = await this.api();
    const id = await resolveConnection(api, args.connection);
    const results = await runSync(api, id, this.io, this.jsonEnabled());
    if (results.some((r) => r.error)) this.finishWith(EXIT.problems);
    return results;
  }
}
