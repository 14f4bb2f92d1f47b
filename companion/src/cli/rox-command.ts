/**
 * The base of every `rox` command (oclif, the Salesforce CLI's framework): `--json` on every
 * command, `--help` generated from the declarations, the companion's API opened on first use and
 * closed after the command, and one error model — an AppError's message and code, or oclif's own
 * for bad flags — with documented exit codes.
 */
import { Command } from '@oclif/core';
import { AppError } from '../core/app-error.js';
import type { ApiClient } from './api-client.js';
import { type Io, cliContext } from './context.js';
import type { Target } from './target.js';

/** Exit codes (the README lists them). */
export const EXIT = {
  ok: 0,
  failed: 1,
  /** Unknown command or flag, a bad flag value, a request the companion refused as invalid. */
  usage: 2,
  /** The command ran and found problems: doctor failures, mapping problems, a sync object that failed. */
  problems: 3,
  /** A data-removal request left writebacks being sent: run it again. */
  incomplete: 4,
} as const;

const USAGE_CODES = new Set(['BAD_REQUEST', 'VALIDATION_FAILED', 'MALFORMED_JSON', 'MAPPING_INVALID']);

export function exitCodeOf(e: unknown): number {
  if (e instanceof AppError) return USAGE_CODES.has(e.code) ? EXIT.usage : EXIT.failed;
  const exit = (e as { oclif?: { exit?: number } })?.oclif?.exit;
  return typeof exit === 'number' ? exit : EXIT.failed;
}

export abstract class RoxCommand extends Command {
  static override enableJsonFlag = true;

  private target?: Target;

  protected get io(): Io {
    return cliContext().io;
  }

  protected get env(): Record<string, string | undefined> {
    return cliContext().env;
  }

  /** The companion's API (target.ts decides which companion). */
  protected async api(): Promise<ApiClient> {
    if (!this.target) {
      const { openTarget } = await import('./target.js');
      this.target = await openTarget(this.env);
    }
    return this.target.api;
  }

  /** Whether the API is a running companion's or this command's own (see target.ts); opens it first. */
  protected async targetMode(): Promise<Target['mode']> {
    await this.api();
    return this.target!.mode;
  }

  /** Prints the result for people; with --json oclif prints what run() returns instead. */
  protected show(human: () => string): void {
    if (!this.jsonEnabled()) this.io.print(human());
  }

  /** The command finished but what it reports is not all well. */
  protected finishWith(code: number): void {
    cliContext().exitCode = code;
  }

  override logJson(json: unknown): void {
    this.io.print(JSON.stringify(json, null, 2));
  }

  override async catch(err: Error): Promise<never> {
    if (this.jsonEnabled()) {
      const e = err instanceof AppError ? err : undefined;
      this.logJson({ error: { code: e?.code ?? 'CLI_USAGE', message: err.message } });
    }
    throw Object.assign(err, {
      oclif: { ...(err as { oclif?: object }).oclif, exit: exitCodeOf(err) },
      printed: this.jsonEnabled(),
    });
  }

  override async finally(err: Error | undefined): Promise<void> {
    try {
      await this.target?.close();
    } finally {
      await super.finally(err);
    }
  }
}
