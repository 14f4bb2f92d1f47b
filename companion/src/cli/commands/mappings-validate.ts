import { EXIT } from '../rox-command.js';
import { MappingsFileCommand, mappingsFileArgs, mappingsFileFlags } from './mappings-file.js';

export default class MappingsValidate extends MappingsFileCommand {
  static override summary = "Check CRM Mappings from a file against the org's schema without saving them";
  static override description = `Exits ${EXIT.problems} when a problem is found.`;
  static override args = mappingsFileArgs;
  static override flags = mappingsFileFlags;
  static override examples = ['<%= config.bin %> <%= command.id %> acme-prod --file mappings.json'];

  async run() {
    const { args, flags } = await this.parse(MappingsValidate);
    return this.send(false, args, flags.file);
  }
}
