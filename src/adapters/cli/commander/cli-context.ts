import type { Command, CommandUnknownOpts } from '@commander-js/extra-typings';
import { reportFailure } from '../../process/error-edge';
import { DEFAULT_WIDTH } from '../format/table';
import type { CliCommands, CliIo, GlobalOptions, OpenCommands } from './cli-commands';

/** What one command's body sees while it runs. */
export interface RunContext {
  readonly commands: CliCommands;
  readonly globals: GlobalOptions;
  /** Columns a table may use. */
  readonly width: number;
  readonly now: Date;
  readonly stdout: CliIo['stdout'];
  /** For output that is not an error of the command (a container's stderr, a node's failure in a stream). */
  readonly stderr: CliIo['stderr'];
  print(text: string): void;
}

/** A command's work: use case in, text out, and the exit code it earned. */
export type CommandBody = (run: RunContext) => Promise<number>;

export interface CliContext {
  /**
   * Runs a body with the globals of `command`, the use cases opened lazily,
   * and every failure through the one error edge.
   */
  run(command: CommandUnknownOpts, body: CommandBody): Promise<void>;
}

/** The root program as command modules see it: the global options are typed. */
export type RootCommand = Command<[], { config?: string; json: boolean; debug: boolean }>;

/** One CLI command (or a group of them): registering it is all a new command needs. */
export interface CliCommandModule {
  register(program: RootCommand, cli: CliContext): void;
}

export function cliContext(io: CliIo, open: OpenCommands, setExit: (code: number) => void): CliContext {
  return {
    async run(command, body) {
      const opts = command.optsWithGlobals() as { config?: string; json?: boolean; debug?: boolean };
      const globals: GlobalOptions = { json: opts.json === true, debug: opts.debug === true, ...(opts.config !== undefined ? { config: opts.config } : {}) };
      const columns = io.stdout.columns;
      const width = io.stdout.isTTY && columns !== undefined && columns > DEFAULT_WIDTH ? columns : DEFAULT_WIDTH;
      try {
        const commands = await open(globals);
        setExit(await body({ commands, globals, width, now: io.now(), stdout: io.stdout, stderr: io.stderr, print: (s) => io.stdout.write(s) }));
      } catch (e) {
        setExit(reportFailure('mcp', e, io.stderr, globals.debug));
      }
    },
  };
}
