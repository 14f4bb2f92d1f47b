/**
 * `npm run rox -- <command>`: the operator's CLI, a client of the companion's HTTP API (see
 * target.ts for which companion, usage.ts for the commands). `help` loads nothing else; the store
 * and the service are loaded only when no companion is running.
 */
import { AppError } from '../core/app-error.js';
import { parseArgs } from './args.js';
import { USAGE } from './usage.js';

export async function cli(
  argv: string[],
  io: { print(s: string): void; note?(s: string): void; isTTY?: boolean } = {
    print: (s) => process.stdout.write(`${s}\n`),
  },
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const args = parseArgs(argv);
  const [cmd] = args.positionals;
  if (cmd === 'start') {
    const { main } = await import('../main.js');
    await main(env);
    return -1;
  }
  if (!cmd || cmd === 'help' || args.flags.help === true) {
    io.print(USAGE);
    return 0;
  }
  const [{ openTarget }, { runCommand }] = await Promise.all([import('./target.js'), import('./commands.js')]);
  const target = await openTarget(env);
  try {
    return await runCommand(args, target.api, {
      print: io.print,
      note: io.note ?? ((s) => process.stderr.write(`${s}\n`)),
      isTTY: io.isTTY ?? process.stderr.isTTY === true,
    });
  } finally {
    await target.close();
  }
}

if (require.main === module) {
  cli(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (e: unknown) => {
      const err = AppError.wrap(e);
      process.stderr.write(`${err.code === 'INTERNAL' ? (e as Error).message : err.message}\n`);
      process.exit(err.code === 'BAD_REQUEST' || err.code === 'VALIDATION_FAILED' ? 64 : 1);
    },
  );
}
