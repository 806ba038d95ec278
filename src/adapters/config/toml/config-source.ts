import { DomainError, ErrorCode, isDomainError } from '../../../domain/errors/domain-error';
import { parseToml, readTextFile } from '../../definitions/toml/toml-source';
import { type OverrideSources } from './env-overrides';

/** Reads and parses a config file; every failure is CONFIG_INVALID naming the path. */
export function readConfigToml(path: string): Record<string, unknown> {
  return parseToml(readTextFile(path, ErrorCode.ConfigInvalid, 'config file'), path, ErrorCode.ConfigInvalid);
}

/** Builds errors as `<file>: <key>: <why>`, adding the env var when one set the key. */
export class ConfigProblems {
  constructor(
    readonly path: string,
    private readonly sources: OverrideSources,
  ) {}

  fail(key: string, why: string): DomainError {
    return new DomainError(ErrorCode.ConfigInvalid, `${this.path}: ${key}: ${why}${this.suffix(key)}`);
  }

  /** Adds the env var to a validator error about a key it set. */
  annotate(e: unknown): unknown {
    if (!isDomainError(e)) return e;
    for (const key of this.sources.keys()) {
      if (e.message.startsWith(`${this.path}: ${key}:`)) return new DomainError(e.code, e.message + this.suffix(key));
    }
    return e;
  }

  private suffix(key: string): string {
    const source = this.sources.get(key);
    return source === undefined ? '' : ` (set by ${source})`;
  }
}
