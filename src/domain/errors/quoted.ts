/**
 * A value inside an error message: JSON-quoted, so newlines and control
 * characters stay escaped and the message stays one line, and cut short,
 * so a megabyte-long value does not become a megabyte-long message.
 */
export function quoted(value: unknown, max = 60): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value); // bigint, cycles
  }
  if (json.length <= max) return json;
  const length = typeof value === 'string' ? value.length : json.length;
  return `${json.slice(0, max - 4)}..." (${length} characters)`;
}
