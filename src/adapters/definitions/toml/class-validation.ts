import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from '../../support/validation/class-validator.lite';
import { DomainError, type ErrorCode } from '../../../domain/errors/domain-error';
import { quoted } from '../../../domain/errors/quoted';

/** Shows a value in an error message: short, one line, never throws (bigint, Date). */
export function showValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return quoted(value);
}

/** Far deeper than any schema here (3 levels), far shallower than what overflows class-transformer's recursion. */
export const MAX_NESTING = 16;

const shownKey = (key: string): string => {
  const bare = /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
  return bare.length > 40 ? `${bare.slice(0, 37)}...` : bare;
};

/**
 * Refuses values nested deeper than MAX_NESTING, walking with an explicit
 * stack so the walk itself cannot overflow. The message names the path down
 * to the second key (`components[0].cmd`), where an operator would look.
 */
function assertShallow(plain: object, where: string, code: ErrorCode): void {
  const stack: { value: object; depth: number; path: readonly string[] }[] = [{ value: plain, depth: 0, path: [] }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    for (const [key, child] of Object.entries(value)) {
      if (typeof child !== 'object' || child === null || child instanceof Date) continue;
      const segments = [...path, Array.isArray(value) ? `[${key}]` : shownKey(key)];
      if (depth + 1 > MAX_NESTING) {
        const named = segments.reduce<number[]>((at, seg, i) => (seg.startsWith('[') ? at : [...at, i]), []);
        const shown = segments.slice(0, (named[1] ?? named[0] ?? 0) + 1).join('.').replace(/\.\[/g, '[');
        throw new DomainError(code, `${where}: ${shown}: arrays or tables nested more than ${MAX_NESTING} levels deep`);
      }
      stack.push({ value: child, depth: depth + 1, path: segments });
    }
  }
}

function childPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent === '' ? property : `${parent}.${property}`;
}

function describe(error: ValidationError, parent: string): string | undefined {
  const path = childPath(parent, error.property);
  const constraints = error.constraints ?? {};
  if (constraints['whitelistValidation'] !== undefined) {
    const scope = parent === '' ? ' at the top level' : /\]$/.test(parent) ? ` in ${parent}` : ` in [${parent}]`;
    return `unknown key ${quoted(error.property)}${scope}`;
  }
  const messages = Object.entries(constraints)
    .filter(([name]) => name !== 'nestedValidation')
    .map(([, message]) => message);
  if (messages.length > 0 || constraints['nestedValidation'] !== undefined) {
    if (error.value === undefined) return `${path}: is required`;
    const why = messages[0] ?? constraints['nestedValidation']!;
    return `${path}: ${why}, got ${showValue(error.value)}`;
  }
  for (const child of error.children ?? []) {
    const found = describe(child, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Unknown keys first: a typo ("imagee") usually also leaves a required key missing. */
function firstUnknownKey(errors: readonly ValidationError[], parent: string): string | undefined {
  for (const error of errors) {
    if (error.constraints?.['whitelistValidation'] !== undefined) return describe(error, parent);
    const nested = firstUnknownKey(error.children ?? [], childPath(parent, error.property));
    if (nested !== undefined) return nested;
  }
  return undefined;
}

/**
 * Turns a parsed TOML table into an instance of a DTO class, or throws one
 * line naming `where`, the key path and what was wrong. Decorator messages
 * are phrased as "expected …" so the result reads "monitor.interval:
 * expected a string, got 60".
 */
export function validatePlain<T extends object>(cls: ClassConstructor<T>, plain: unknown, where: string, code: ErrorCode): T {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new DomainError(code, `${where}: expected a TOML table`);
  }
  assertShallow(plain, where, code);
  const instance = plainToInstance(cls, plain);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: true },
  });
  if (errors.length === 0) return instance;
  const message = firstUnknownKey(errors, '') ?? errors.map((e) => describe(e, '')).find((m) => m !== undefined) ?? 'invalid';
  throw new DomainError(code, `${where}: ${message}`);
}
