/**
 * Items of several async iterables as each one arrives. When one source
 * fails, or the consumer stops, every other source is closed (return()),
 * so nothing keeps running behind the merged stream.
 */
export async function* mergeAsync<T>(sources: readonly AsyncIterable<T>[]): AsyncGenerator<T> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<{ index: number; result: IteratorResult<T> }>>();
  const pull = (index: number) => pending.set(index, iterators[index]!.next().then((result) => ({ index, result })));
  iterators.forEach((_, i) => pull(i));
  try {
    while (pending.size > 0) {
      const { index, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(index);
        continue;
      }
      pull(index);
      yield result.value;
    }
  } finally {
    // Only sources still running need closing; their pending next() settles once they see their signal.
    await Promise.allSettled([...pending.keys()].map((i) => iterators[i]!.return?.()));
  }
}
