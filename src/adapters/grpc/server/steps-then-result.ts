/**
 * A job that reports steps through a callback and then settles, as an async
 * iterable: every step as it happens, then the result (or the job's error).
 * Lets a callback-driven use case (a deploy and its progress) be served by
 * the same streaming gate as any other stream. A reader that goes away
 * (`signal`) ends the iteration at once, even while the job is quiet (a gate
 * waiting out a long start_period), but does not stop the job: a deploy half
 * done must still finish or undo.
 */
export async function* stepsThenResult<Step, Result, Out>(
  job: (onStep: (step: Step) => void) => Promise<Result>,
  fromStep: (step: Step) => Out,
  fromResult: (result: Result) => Out,
  signal?: AbortSignal,
): AsyncGenerator<Out> {
  const queue: Out[] = [];
  let wake: (() => void) | undefined;
  let settled: { ok: true; result: Result } | { ok: false; error: unknown } | undefined;
  void job((step) => {
    queue.push(fromStep(step));
    wake?.();
  }).then(
    (result) => {
      settled = { ok: true, result };
      wake?.();
    },
    (error: unknown) => {
      settled = { ok: false, error };
      wake?.();
    },
  );
  const gone = () => wake?.();
  signal?.addEventListener('abort', gone);
  try {
    for (;;) {
      while (queue.length > 0 && signal?.aborted !== true) yield queue.shift()!;
      if (settled !== undefined || signal?.aborted === true) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    signal?.removeEventListener('abort', gone);
  }
  if (settled === undefined) return;
  if (!settled.ok) throw settled.error;
  yield fromResult(settled.result);
}
