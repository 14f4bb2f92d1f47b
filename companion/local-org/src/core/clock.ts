/**
 * The org's clock. Reads (`now`) follow real time plus an offset, or a frozen time in tests.
 * Writes take `nextWriteTime()`, strictly increasing per org (at least 1 ms after the previous
 * write) so every write has its own SystemModstamp and tests stay deterministic.
 * NOTE: a real org stores DateTime values at whole seconds (API values end in `.000+0000`), so real
 * writes in the same second tie; `resolution: 'second'` reproduces that (ties allowed, never going back).
 */

export type TimestampResolution = 'millisecond' | 'second';

export class OrgClock {
  private offsetMs = 0;
  private frozenAt: number | undefined;
  private lastWrite = 0;
  readonly resolution: TimestampResolution;

  constructor(options: { start?: Date | string; frozen?: boolean; resolution?: TimestampResolution } = {}) {
    this.resolution = options.resolution ?? 'millisecond';
    if (options.start !== undefined) {
      const start = new Date(options.start).getTime();
      if (options.frozen) this.frozenAt = start;
      else this.offsetMs = start - Date.now();
    }
  }

  nowMs(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Freeze the clock at a time (tests). */
  set(time: Date | string | number): void {
    this.frozenAt = new Date(time).getTime();
  }

  /** Move the clock forward (frozen or not). */
  advance(ms: number): void {
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  /** Let the clock run in real time again, continuing from its current reading. */
  unfreeze(): void {
    if (this.frozenAt === undefined) return;
    this.offsetMs = this.frozenAt - Date.now();
    this.frozenAt = undefined;
  }

  /** Saves how the clock runs (frozen or offset) so seeding can move it and put it back. */
  saveState(): { offsetMs: number; frozenAt: number | undefined } {
    return { offsetMs: this.offsetMs, frozenAt: this.frozenAt };
  }

  restoreState(state: { offsetMs: number; frozenAt: number | undefined }): void {
    this.offsetMs = state.offsetMs;
    this.frozenAt = state.frozenAt;
  }

  /** Time for the next write: strictly after the previous one in millisecond resolution. */
  nextWriteTime(): Date {
    let t = this.nowMs();
    if (this.resolution === 'second') {
      t = Math.floor(t / 1000) * 1000;
      if (t < this.lastWrite) t = this.lastWrite;
    } else if (t <= this.lastWrite) {
      t = this.lastWrite + 1;
    }
    this.lastWrite = t;
    return new Date(t);
  }

  /** The latest time a write was stamped with (it can run ahead of nowMs() under fast writes). */
  get lastWriteMs(): number {
    return this.lastWrite;
  }

  /** Restores the write high-water mark (loading persisted state). */
  noteWrite(ms: number): void {
    if (ms > this.lastWrite) this.lastWrite = ms;
  }
}

/** Salesforce's REST DateTime format: `2024-05-01T12:34:56.000+0000`. */
export function toSfDateTime(d: Date | number): string {
  const iso = new Date(d).toISOString();
  return `${iso.slice(0, 23)}+0000`;
}

export function toSfDate(d: Date | number): string {
  return new Date(d).toISOString().slice(0, 10);
}
