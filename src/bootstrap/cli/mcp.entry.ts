import type { CliIo, OpenCommands } from '../../adapters/cli/commander/cli-commands';
import { runCli } from '../../adapters/cli/commander/cli-program';
import { reportFailure } from '../../adapters/process/error-edge';
import { answerPlainHostsWithoutIpv6Pattern } from './plain-host-ipv6-check';

// The program `mcp` runs: main.ts loads it from the bundle esbuild makes of
// this file (see docs/ARCHITECTURE.md, "CLI startup"). Only commander and the
// formatters run for --help; the config, TOML, validators and gRPC are set up
// when a command asks for them.
answerPlainHostsWithoutIpv6Pattern();
const io: CliIo = { stdout: process.stdout, stderr: process.stderr, now: () => new Date() };
const open: OpenCommands = async (globals) => (await import('./cli-composition')).openCliCommands(globals, process.stdout);

// `mcp logs -f | head`: once the reader is gone there is nothing left to print;
// end quietly (as other CLIs do) instead of dying on an unhandled EPIPE. The
// agent sees the call go and ends its log processes.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(0);
});

/**
 * A command is over when its action resolves (a follow or a server awaits
 * its own end): the process then exits once its output is written, whatever
 * a bad node is still doing — a DNS lookup that hangs, a peer that never
 * closes. The gateways close their sockets anyway (a long-running process
 * must not leak them); this makes "the CLI always exits" hold for any
 * handle a library keeps.
 */
function exitWhenWritten(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const written = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', written);
  process.stderr.write('', written);
}

runCli(process.argv.slice(2), io, open).then(exitWhenWritten, (e: unknown) => exitWhenWritten(reportFailure('mcp', e, process.stderr, false)));
