/**
 * The `rox` CLI (companion/bin/rox.js runs it compiled): oclif commands that are clients of the
 * companion's HTTP API (target.ts decides which companion). The same command classes are the
 * `sf rox …` plugin (package.json `oclif`). `cli()` runs a command with given streams and
 * environment and resolves with its exit code.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Config, Errors, run, settings } from '@oclif/core';
import { AppError } from '../core/app-error.js';
import { COMMANDS, SF_COMMANDS, TOPICS } from './command-map.js';
import { type CliContext, type Io, cliContext, withCliContext } from './context.js';
import { exitCodeOf } from './rox-command.js';

export { COMMANDS, SF_COMMANDS };

/** The repository root (this file is companion/src/cli/rox.ts, or compiled companion/dist/cli/rox.js). */
const ROOT = resolve(__dirname, '../../..');

let config: Promise<Config> | undefined;

/** The standalone CLI's oclif configuration: the root package.json with `rox` as the binary. */
function loadConfig(): Promise<Config> {
  settings.enableAutoTranspile = false;
  config ??= (async () => {
    const pjson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    return Config.load({
      root: ROOT,
      pjson: {
        ...pjson,
        description: 'rox: the operator CLI of the Rox companion for Salesforce, a client of its HTTP API',
        oclif: {
          ...pjson.oclif,
          bin: 'rox',
          topicSeparator: ' ',
          // This very module (compiled, or the source under tsx) exports COMMANDS.
          commands: { strategy: 'explicit', target: __filename, identifier: 'COMMANDS' },
          topics: TOPICS,
          description: undefined,
        },
      },
    });
  })();
  return config;
}

/** Runs one command line; resolves with the exit code (the process is not exited). */
export async function cli(
  argv: string[],
  io?: Partial<Io>,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const base = cliContext().io;
  const context: CliContext = { io: { ...base, ...io }, env, exitCode: 0 };
  return withCliContext(context, async () => {
    try {
      // `rox help [command]` is `rox [command] --help`.
      const line = argv[0] === 'help' ? [...argv.slice(1), '--help'] : argv.length === 0 ? ['--help'] : argv;
      await run(line, await loadConfig());
      return context.exitCode;
    } catch (e) {
      if (e instanceof Errors.ExitError) return e.oclif.exit ?? 0;
      const code = exitCodeOf(e);
      if (!(e as { printed?: boolean }).printed) context.io.note(message(e));
      return code;
    }
  });
}

function message(e: unknown): string {
  if (e instanceof AppError) return `Error (${e.code}): ${e.message}`;
  if (e instanceof Errors.CLIError) return `Error: ${e.message}`;
  return `Error: ${(e as Error)?.message ?? String(e)}`;
}

/** The binary: runs the command line and exits with its code (a running `start` keeps the process). */
export async function runBin(argv = process.argv.slice(2)): Promise<void> {
  const code = await cli(argv);
  await new Promise<void>((r) => process.stdout.write('', () => r()));
  process.exit(code);
}
