import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from '../../support/validation/class-validator.lite';
import { DomainError, type ErrorCode } from '../../../domain/errors/domain-error';

/** Shows a value in an error message: short, one line, never throws (bigint, Date). */
export function showValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
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
    return `unknown key ${JSON.stringify(error.property)}${scope}`;
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
