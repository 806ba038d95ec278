import { linesOf } from './docker-frames';

/**
 * Reads a pull's progress (newline-separated JSON) to its end. The engine
 * answers 200 as soon as the pull starts; a failure later on comes as an
 * object with "error" in the stream, and is thrown with the engine's words.
 */
export async function consumePull(stream: NodeJS.ReadableStream): Promise<void> {
  let failure: string | undefined;
  const read = (line: string): void => {
    const text = line.trim();
    if (text === '' || failure !== undefined) return;
    let event: { error?: unknown; errorDetail?: { message?: unknown } };
    try {
      event = JSON.parse(text) as typeof event;
    } catch {
      return;
    }
    if (typeof event.error === 'string') failure = event.error;
    else if (typeof event.errorDetail?.message === 'string') failure = event.errorDetail.message;
  };
  for await (const line of linesOf(stream)) read(line);
  if (failure !== undefined) throw new Error(failure);
}
