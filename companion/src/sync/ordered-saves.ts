/**
 * Saves that run side by side while their follow-up (echo marking, then moving the cursor or the
 * Bulk checkpoint) runs strictly in order: a page's follow-up starts only once it and every earlier
 * page are saved. PostgreSQL then stores two pages at once on two connections, yet a crash can
 * never leave the cursor past a page that was not saved; a failed save stops every later
 * follow-up. At most `inFlight` pages are unsettled at a time.
 */
export class OrderedSaves {
  private chain: Promise<void> = Promise.resolve();
  private readonly pending: Promise<void>[] = [];

  constructor(private readonly inFlight: number) {}

  async add(save: Promise<unknown>, after: () => Promise<void>): Promise<void> {
    save.catch(() => undefined); // observed through the chain
    this.chain = Promise.all([this.chain, save]).then(after);
    this.chain.catch(() => undefined);
    this.pending.push(this.chain);
    if (this.pending.length >= this.inFlight) await this.pending.shift();
  }

  /** Waits for every save and follow-up; throws the first failure. */
  async drain(): Promise<void> {
    await this.chain;
  }

  /** Waits for whatever is still running, ignoring failures (before reporting another error). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.pending);
  }
}
