/** Polls until `find` gives something, or fails after `ms` saying what it waited for. */
export async function waitFor<T>(what: string, ms: number, find: () => T | undefined | Promise<T | undefined>, everyMs = 100): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
