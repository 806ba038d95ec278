/**
 * A glob over service names: letters, digits and '-' as in a name, `*` for
 * any run of them, `?` for one. Nothing else, so a glob can never mean more
 * than its text shows (no brackets, no escapes, no path separators).
 */
const GLOB_PATTERN = /^[a-z0-9*?-]{1,64}$/;

export function isValidServiceGlob(value: string): boolean {
  return GLOB_PATTERN.test(value);
}

function globRegExp(glob: string): RegExp {
  const body = glob.replace(/[*?-]/g, (c) => (c === '*' ? '[a-z0-9-]*' : c === '?' ? '[a-z0-9-]' : '\\-'));
  return new RegExp(`^${body}$`);
}

/**
 * The services a token is limited to. Empty: every service (an unscoped
 * token). Outside its scope a service does not exist for the token.
 */
export class ServiceScope {
  private readonly patterns: readonly RegExp[];

  private constructor(readonly globs: readonly string[]) {
    this.patterns = globs.map(globRegExp);
  }

  static readonly ALL = new ServiceScope([]);

  /** Globs must be valid (isValidServiceGlob); callers check them where they read them, with the place to name. */
  static of(globs: readonly string[]): ServiceScope {
    const bad = globs.find((g) => !isValidServiceGlob(g));
    if (bad !== undefined) throw new RangeError(`invalid service glob ${JSON.stringify(bad)}`);
    return globs.length === 0 ? ServiceScope.ALL : new ServiceScope([...globs]);
  }

  get isAll(): boolean {
    return this.globs.length === 0;
  }

  includes(service: string): boolean {
    return this.isAll || this.patterns.some((p) => p.test(service));
  }

  /** How a person reads it: "all services" or the globs. */
  describe(): string {
    return this.isAll ? 'all services' : this.globs.join(',');
  }
}
