#!/usr/bin/env node
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ExitCode, reportFailure } from '../../adapters/process/error-edge';
import { DomainError, ErrorCode } from '../../domain/errors/domain-error';

const DEFAULT_CONFIG = '/srv/mcp/mcp-agent.toml';

/**
 * `mcp-agent`: the node daemon. Adapters load lazily per command, so
 * `--help` and `token issue` never open SQLite or touch podman.
 */
export function agentProgram(): Command {
  const program = new Command('mcp-agent')
    .description('MCP node agent: serves gRPC over TLS, runs containers with podman, monitors drift')
    .option('--debug', 'print stack traces on failure')
    .exitOverride();

  const load = async (path: string | undefined) => {
    const { loadAgentConfig } = await import('../../adapters/config/toml/agent-config.loader');
    return loadAgentConfig(path ?? DEFAULT_CONFIG);
  };

  program
    .command('server')
    .description('serve gRPC and run the monitor until SIGINT/SIGTERM')
    .option('--config <path>', 'agent configuration', DEFAULT_CONFIG)
    .action(async (opts: { config: string }) => {
      const { runServer } = await import('./server.command');
      await runServer(await load(opts.config));
    });

  program
    .command('snapshot')
    .description('write a consistent copy of the database to <backup_dir>/mcp-<UTC>.db')
    .option('--config <path>', 'agent configuration', DEFAULT_CONFIG)
    .action(async (opts: { config: string }) => {
      const { runSnapshot } = await import('./snapshot.command');
      await runSnapshot(await load(opts.config));
    });

  program
    .command('restore <snapshot-file>')
    .description('check a snapshot, move the database (and its -wal/-shm) aside, install the snapshot; stop the agent first')
    .option('--force', 'replace a database that passes quick_check too (roll back)', false)
    .option('--config <path>', 'agent configuration', DEFAULT_CONFIG)
    .action(async (snapshot: string, opts: { config: string; force: boolean }) => {
      const { runRestore } = await import('./restore.command');
      await runRestore(await load(opts.config), snapshot, opts.force);
    });

  const token = program.command('token').description('manage bearer tokens of a node without MCIAS');
  token
    .command('issue')
    .description('print a fresh token once and store only its hash in [auth] tokens_file')
    .requiredOption('--user <name>', 'who the token is for')
    .option('--role <role>', 'viewer, deployer or admin', 'admin')
    .option('--services <globs>', "limit the token to these services (comma-separated globs: 'metacrypt,web-*'); default: all")
    .option('--config <path>', 'agent configuration', DEFAULT_CONFIG)
    .action(async (opts: { user: string; role: string; services?: string; config: string }) => {
      const { runTokenIssue, servicesOption } = await import('./token.command');
      const roles = opts.role.split(',').map((r) => r.trim()).filter(Boolean);
      await runTokenIssue(await load(opts.config), opts.user, roles, servicesOption(opts.services));
    });
  token
    .command('list')
    .description('every token of [auth] tokens_file: user, role, services, the start of its hash (never the token)')
    .option('--json', 'print JSON', false)
    .option('--config <path>', 'agent configuration', DEFAULT_CONFIG)
    .action(async (opts: { json: boolean; config: string }) => {
      const { runTokenList } = await import('./token.command');
      await runTokenList(await load(opts.config), opts.json);
    });
  token
    .command('revoke')
    .description('remove the tokens of a user, or the one whose hash starts so; a running agent refuses them at once')
    .option('--user <name>', "every token of this user")
    .option('--hash <prefix>', 'the token whose hash starts with these hex digits (at least 8; see `token list`)')
    .option('--config <path>', 'agent configuration', DEFAULT_CONFIG)
    .action(async (opts: { user?: string; hash?: string; config: string }) => {
      if ((opts.user === undefined) === (opts.hash === undefined)) throw new DomainError(ErrorCode.InvalidArgument, 'token revoke: give exactly one of --user <name> or --hash <prefix>');
      const { runTokenRevoke } = await import('./token.command');
      await runTokenRevoke(await load(opts.config), opts.user !== undefined ? { user: opts.user } : { hashPrefix: opts.hash! });
    });

  return program;
}

async function main(argv: readonly string[]): Promise<number> {
  const program = agentProgram();
  try {
    await program.parseAsync([...argv]);
    return ExitCode.Ok;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    return reportFailure('mcp-agent', e, process.stderr, argv.includes('--debug'));
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => (process.exitCode = code));
}
