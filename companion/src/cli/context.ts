/**
 * What a CLI command writes to and reads its configuration from. The process's streams and
 * environment by default; `cli()` can run commands with others (the bench, embedding).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Io {
  /** The command's result (stdout). */
  print(s: string): void;
  /** Progress and notes that are not the result (stderr). */
  note(s: string): void;
  /** Whether progress may be drawn as a bar (stderr is a terminal). */
  isTTY: boolean;
}

export interface CliContext {
  io: Io;
  env: Record<string, string | undefined>;
  /** Set by a command that succeeded but found problems (doctor, mappings, erase): the exit code. */
  exitCode: number;
}

const storage = new AsyncLocalStorage<CliContext>();

const processContext: CliContext = {
  io: {
    print: (s) => process.stdout.write(`${s}\n`),
    note: (s) => process.stderr.write(`${s}\n`),
    isTTY: process.stderr.isTTY === true,
  },
  env: process.env,
  exitCode: 0,
};

export function cliContext(): CliContext {
  return storage.getStore() ?? processContext;
}

export function withCliContext<T>(context: CliContext, fn: () => Promise<T>): Promise<T> {
  return storage.run(context, fn);
}
