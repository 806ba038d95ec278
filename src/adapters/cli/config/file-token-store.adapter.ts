import type { TokenStore } from '../../../application/operator/ports/operator.ports';
import { saveToken } from '../../identity/token-store/token-file-store';

/** `[auth] token_path`, written 0600 by the identity adapter's store. */
export class FileTokenStore implements TokenStore {
  constructor(readonly path: string) {}

  save(token: string): Promise<void> {
    return saveToken(this.path, token);
  }
}
