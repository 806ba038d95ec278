import type { ErrorBody } from '../live-messages';

/** A route's answer, or its one-line error (the CLI's message) as an Error. */
export async function getJson<T>(path: string): Promise<T> {
  return answer<T>(await fetch(path, { credentials: 'same-origin' }));
}

/** Every change is a POST with a JSON body from this page (the server checks the Origin and the key cookie). */
export async function postJson<T>(path: string, body: unknown = {}): Promise<T> {
  return answer<T>(await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

async function answer<T>(r: Response): Promise<T> {
  const data = (await r.json().catch(() => ({ error: `${r.status} ${r.statusText}`, code: 'HTTP' }))) as T | ErrorBody;
  if (!r.ok) throw new Error((data as ErrorBody).error);
  return data as T;
}
