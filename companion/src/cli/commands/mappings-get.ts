import { writeFileSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { EXIT, RoxCommand } from '../rox-command.js';
import { connectionArg, resolveConnection } from '../connection-ref.js';

export default class MappingsGet extends RoxCommand {
  static override summary = 'The CRM Mappings of a connection as JSON (what GET …/mappings returns), to stdout or a file';
  static override description = `Edit its config and give the file to \`mappings validate\` or \`mappings set\`.
Exits ${EXIT.problems} when the saved mappings have problems against today's schema.`;
  static override examples = ['<%= config.bin %> <%= command.id %> acme-prod --file mappings.json'];
  static override args = { connection: connectionArg() };
  static override flags = { file: Flags.string({ summary: 'Write the mappings to this file' }) };

  async run() {
    const { args, flags } = await this.parse(MappingsGet);
    const api = await this.api();
    const view = await api.call('GET', `/v1/connections/${await resolveConnection(api, args.connection)}/mappings`);
    if (flags.file) {
      writeFileSync(flags.file, `${JSON.stringify(view, null, 2)}\n`);
      this.io.note(
        `Wrote the mappings of ${args.connection} to ${flags.file}; edit config and run \`mappings set ${args.connection} --file ${flags.file}\`.`,
      );
    } else this.show(() => JSON.stringify(view, null, 2));
    if (view.problems?.length) this.finishWith(EXIT.problems);
    return view;
  }
}
