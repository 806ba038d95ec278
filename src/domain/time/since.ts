import { DomainError, ErrorCode } from '../errors/domain-error';
import { parseDuration } from './duration';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * `--since`: a duration back from `now` (`10m`, `1h30m`, `2d`) or an RFC 3339
 * time (`2026-11-27T15:00:00Z`, with its offset). Anything else, or a time in
 * the future, is INVALID_ARGUMENT with the accepted forms.
 */
export function parseSince(text: string, now: Date, option = '--since'): Date {
  const value = text.trim();
  const fail = (why: string) =>
    new DomainError(ErrorCode.InvalidArgument, `${option} ${JSON.stringify(text)}: ${why}; use a duration like 10m or 1h30m, or an RFC 3339 time like 2026-11-27T15:00:00Z`);
  const back = parseDuration(value, { compound: true });
  if (back !== undefined) return new Date(now.getTime() - back);
  if (!RFC3339.test(value)) throw fail('not a duration or a time');
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw fail('not a valid time');
  if (at.getTime() > now.getTime()) throw fail('in the future');
  return at;
}
