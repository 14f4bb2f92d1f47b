import { EXIT } from '../rox-command.js';
import { MappingsFileCommand, mappingsFileArgs, mappingsFileFlags } from './mappings-file.js';

export default class MappingsSet extends MappingsFileCommand {
  static override summary = "Save a connection's CRM Mappings from a file; refused with every problem named";
  static override description = `Nothing is saved when a problem is found. Exits ${EXIT.problems} then.`;
  static override args = mappingsFileArgs;
  static override flags = mappingsFileFlags;
  static override examples = ['<%= config.bin %> <%= command.id %> acme-prod --file mappings.json'];

  async run() {
    const { args, flags } = await this.parse(MappingsSet);
    return this.send(true, args, flags.file);
  }
}
