/** `mappings set` and `mappings validate`: a file in the shape `mappings get` writes, checked by the companion. */
import { readFileSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { AppError } from '../../core/app-error.js';
import { EXIT, RoxCommand } from '../rox-command.js';
import { connectionArg, resolveConnection } from '../connection-ref.js';

/** Each subclass declares these itself (oclif reads a command's own statics). */
export const mappingsFileArgs = { connection: connectionArg() };
export const mappingsFileFlags = {
  file: Flags.file({
    summary: 'The mappings, as `mappings get` writes them (or just their config)',
    required: true,
    exists: true,
  }),
};

export abstract class MappingsFileCommand extends RoxCommand {
  protected async send(save: boolean, args: { connection: string }, file: string) {
    let body: unknown;
    try {
      body = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new AppError('MALFORMED_JSON', `${file} is not valid JSON: ${(e as Error).message}`);
    }
    const api = await this.api();
    const path = `/v1/connections/${await resolveConnection(api, args.connection)}/mappings`;
    const view = save ? await api.call('PUT', path, body) : await api.call('POST', `${path}/validate`, body);
    const problems = view.problems as Array<{ message: string }>;
    this.show(() =>
      problems.length === 0
        ? `${save ? 'Saved' : 'Valid'}: ${view.access.length} mapped fields, none with a problem.`
        : `${problems.length} problem(s):\n${problems.map((p) => `  - ${p.message}`).join('\n')}`,
    );
    if (problems.length) this.finishWith(EXIT.problems);
    return view;
  }
}
