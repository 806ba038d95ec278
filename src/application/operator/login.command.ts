import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import type { IdentityLogin } from '../shared/ports/identity.port';
import type { LocalFiles, LoginSettings, Terminal, TokenStore } from './ports/operator.ports';

export interface LoginResult {
  readonly tokenPath: string;
  readonly username?: string;
  readonly expiresAt?: Date;
}

/**
 * `mcp login`: a token from stdin (`--token-stdin`), or from MCIAS with the
 * username from `[auth] username` or a prompt and the password from
 * `[auth] password_file` or a prompt without echo. Saved 0600 by the store.
 */
export class LoginCommand {
  constructor(
    private readonly store: TokenStore,
    private readonly terminal: Terminal,
    private readonly files: LocalFiles,
    private readonly settings: LoginSettings,
    /** Undefined when the config has no [mcias]. */
    private readonly identity: (() => Promise<IdentityLogin>) | undefined,
  ) {}

  async execute(input: { tokenStdin?: boolean }): Promise<LoginResult> {
    if (input.tokenStdin) {
      const token = (await this.terminal.readStdin()).trim();
      if (token === '') throw new DomainError(ErrorCode.InvalidArgument, '--token-stdin: stdin was empty; pipe the token in, e.g. `mcp login --token-stdin < token.txt`');
      await this.store.save(token);
      return { tokenPath: this.store.path };
    }
    if (!this.identity) {
      throw new DomainError(ErrorCode.ConfigInvalid, 'no [mcias] server_url in the config: add it to log in, or use `mcp login --token-stdin` with a token from `mcp-agent token issue`');
    }
    const username = this.settings.username ?? (await this.ask('username'));
    const password = this.settings.passwordFile !== undefined ? await this.passwordFromFile(this.settings.passwordFile) : await this.askPassword(username);
    const result = await (await this.identity()).login(username, password);
    await this.store.save(result.token);
    return { tokenPath: this.store.path, username, ...(result.expiresAt ? { expiresAt: result.expiresAt } : {}) };
  }

  private async ask(what: string): Promise<string> {
    if (!this.terminal.interactive) throw new DomainError(ErrorCode.ConfigInvalid, `no terminal to ask for the ${what}: set [auth] username and password_file for unattended login`);
    const answer = (await this.terminal.prompt('Username: ')).trim();
    if (answer === '') throw new DomainError(ErrorCode.InvalidArgument, 'no username given');
    return answer;
  }

  private async askPassword(username: string): Promise<string> {
    if (!this.terminal.interactive) throw new DomainError(ErrorCode.ConfigInvalid, 'no terminal to ask for the password: set [auth] password_file for unattended login');
    const answer = await this.terminal.promptHidden(`Password for ${username}: `);
    if (answer === '') throw new DomainError(ErrorCode.InvalidArgument, 'no password given');
    return answer;
  }

  private async passwordFromFile(path: string): Promise<string> {
    const bytes = (await this.files.read(path)).content;
    // A trailing newline is the editor's, not the password's.
    const password = new TextDecoder().decode(bytes).replace(/\r?\n$/, '');
    if (password === '') throw new DomainError(ErrorCode.ConfigInvalid, `[auth] password_file ${path} is empty`);
    return password;
  }
}
