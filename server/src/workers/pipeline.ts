/**
 * Batches written one after another, in order, while later batches are still being prepared (their
 * keys computed in worker threads or on this thread): `push` hands over a batch's preparation and
 * returns once no more than `depth` batches are waiting, so the reader runs ahead by a bounded
 * number of batches. A failure stops every later write and is thrown by a later `push` or `done`.
 */
export class OrderedWrites<P> {
  private last: Promise<void> = Promise.resolve();
  private readonly waiting: Promise<void>[] = [];

  constructor(
    private readonly depth: number,
    private readonly write: (prepared: P) => Promise<void>,
  ) {}

  async push(prepared: P | Promise<P>): Promise<void> {
    const before = this.last;
    const ready = Promise.resolve(prepared);
    ready.catch(() => undefined); // surfaces through the write below
    const written = (async () => {
      await before;
      await this.write(await ready);
    })();
    // Failure surfaces at a later push or at done(); until then it must not go unhandled.
    written.catch(() => undefined);
    this.last = written;
    this.waiting.push(written);
    while (this.waiting.length > this.depth) await this.waiting.shift();
  }

  /** Waits for every batch written; throws the first failure. */
  done(): Promise<void> {
    return this.last;
  }
}
