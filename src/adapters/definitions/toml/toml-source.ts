import { closeSync, openSync, readSync } from 'node:fs';
import * as TOML from '@iarna/toml';
import { DomainError, type ErrorCode, messageOf } from '../../../domain/errors/domain-error';

export type TomlTable = Record<string, unknown>;

interface TomlSyntaxError {
  readonly fromTOML: true;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

function isTomlSyntaxError(e: unknown): e is TomlSyntaxError {
  return typeof e === 'object' && e !== null && (e as { fromTOML?: unknown }).fromTOML === true;
}

/** Parses TOML text; a syntax error names the file and the 1-based line and column. */
export function parseToml(text: string, where: string, code: ErrorCode): TomlTable {
  try {
    return TOML.parse(text) as TomlTable;
  } catch (e) {
    if (isTomlSyntaxError(e)) {
      // The library's message carries a multi-line excerpt; keep only its first sentence.
      const why = e.message.split('\n')[0]!.replace(/ at row \d+, col \d+, pos \d+:?$/, '');
      throw new DomainError(code, `${where}: line ${e.line + 1}, column ${e.col + 1}: invalid TOML: ${why}`);
    }
    throw new DomainError(code, `${where}: invalid TOML: ${messageOf(e)}`);
  }
}

/** Configs and definitions are a few KiB; anything near this is a mistake (a log, a binary), not a file to parse. */
export const MAX_TOML_BYTES = 1024 * 1024;

/**
 * Reads a file as UTF-8; a missing or unreadable file is an error naming the
 * path (`code`), and so is one over MAX_TOML_BYTES (`tooLargeCode`: the file
 * is there, its content is wrong).
 */
export function readTextFile(path: string, code: ErrorCode, what: string, tooLargeCode: ErrorCode = code): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    // Bounded reads, not a stat: a pipe or /dev/zero has no size to trust.
    const buffer = Buffer.allocUnsafe(MAX_TOML_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_TOML_BYTES) throw new DomainError(tooLargeCode, `${path}: too large for a ${what} (over ${MAX_TOML_BYTES} bytes)`);
    return buffer.toString('utf8', 0, length);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new DomainError(code, `${path}: ${what} not found`);
    if (err.code === 'EISDIR') throw new DomainError(code, `${path}: is a directory, expected a ${what}`);
    throw new DomainError(code, `${path}: cannot read ${what}: ${err.code ?? messageOf(e)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Serialises one value as an operator would write it: `["a", "b"]`,
 * `{ K = "v" }`. Strings go through the library so escaping is exact.
 */
export function tomlValue(value: unknown): string {
  if (typeof value === 'string') return TOML.stringify.value(value);
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  throw new Error(`cannot write ${typeof value} as TOML`);
}

export function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : TOML.stringify.value(key);
}
