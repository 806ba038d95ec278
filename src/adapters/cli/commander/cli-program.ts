import { Command, CommanderError } from '@commander-js/extra-typings';
import { ExitCode, oneLine, reportFailure } from '../../process/error-edge';
import { CLI_COMMANDS } from '../commands/cli-commands.list';
import type { CliIo, OpenCommands } from './cli-commands';
import { cliContext, type RootCommand } from './cli-context';

/**
 * The `mcp` command tree: the global options, then every command module.
 * Nothing here exits the process, so tests run the real program in-process.
 */
export function buildProgram(io: CliIo, open: OpenCommands, setExit: (code: number) => void): RootCommand {
  const program: RootCommand = new Command('mcp')
    .description('Operate the containers of your nodes: deploy, stop, start, watch.')
    .option('--config <path>', 'CLI config file (default $MCP_CONFIG or ~/.config/mcp/mcp.toml)')
    .option('--json', 'print results as JSON', false)
    .option('--debug', 'print stack traces with errors', false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`mcp: ${oneLine(s)}\n`),
    });
  const cli = cliContext(io, open, setExit);
  for (const module of CLI_COMMANDS) module.register(program, cli);
  return program;
}

/** Runs `mcp` on `argv` (the user's words, without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, open: OpenCommands): Promise<number> {
  let exit: number = ExitCode.Ok;
  const program = buildProgram(io, open, (code) => {
    exit = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? ExitCode.Ok : ExitCode.Usage;
    }
    return reportFailure('mcp', e, io.stderr, false);
  }
  return exit;
}
