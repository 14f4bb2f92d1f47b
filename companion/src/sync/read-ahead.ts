/**
 * Reads an async source ahead of its consumer, at most `depth` items: the next pages download while
 * the current one is saved, so fetching and storing overlap instead of taking turns. Items come out
 * in source order; an error in the source surfaces only after every item read before it, so a
 * failed fetch never costs the pages already downloaded. Stopping early (break, or a throw in the
 * consumer) stops the source too.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const buffered: T[] = [];
  let failure: { error: unknown } | undefined;
  let finished = false;
  let exhausted = false;
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const wake = (which: 'consumer' | 'producer') => {
    const fn = which === 'consumer' ? wakeConsumer : wakeProducer;
    if (which === 'consumer') wakeConsumer = undefined;
    else wakeProducer = undefined;
    fn?.();
  };

  const producer = (async () => {
    try {
      while (!stopped) {
        if (buffered.length >= depth) {
          await new Promise<void>((r) => (wakeProducer = r));
          continue;
        }
        const next = await it.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        buffered.push(next.value);
        wake('consumer');
      }
    } catch (error) {
      failure = { error };
    } finally {
      finished = true;
      wake('consumer');
    }
  })();

  try {
    for (;;) {
      if (buffered.length > 0) {
        const item = buffered.shift() as T;
        wake('producer');
        yield item;
        continue;
      }
      if (failure) throw failure.error;
      if (finished) return;
      await new Promise<void>((r) => (wakeConsumer = r));
    }
  } finally {
    stopped = true;
    wake('producer');
    await producer;
    // A source stopped early is told so (it may hold a connection or a job open).
    if (!exhausted && !failure) await it.return?.();
  }
}
