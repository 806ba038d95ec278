import type { TokenValidator } from '../../src/application/shared/ports/identity.port';
import type { Identity } from '../../src/domain/identity/identity';

export class FakeTokenValidator implements TokenValidator {
  readonly tokens = new Map<string, Identity>();
  calls = 0;
  async validate(token: string): Promise<Identity | undefined> {
    this.calls++;
    return this.tokens.get(token);
  }
}
