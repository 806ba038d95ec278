/**
 * Runs tasks one at a time, in call order. TypeORM's sqlite driver shares a
 * single connection: two callers' transactions would otherwise nest as
 * savepoints of each other, and a read could see another caller's
 * half-written transaction.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // A failed task must not poison the queue for the next caller.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  async drain(): Promise<void> {
    await this.tail;
  }
}
