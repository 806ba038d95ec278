#!/usr/bin/env node
import type { CliIo, OpenCommands } from '../../adapters/cli/commander/cli-commands';
import { runCli } from '../../adapters/cli/commander/program';
import { quietDeprecations } from '../shared/quiet-deprecations';

// Only commander and the formatters load for --help; the container (config,
// inversify, TOML, validators) and gRPC load when a command runs.
quietDeprecations();
const io: CliIo = { stdout: process.stdout, stderr: process.stderr, now: () => new Date() };
const open: OpenCommands = async (globals) => (await import('./cli-container')).openCliCommands(globals, process.stdout);

runCli(process.argv.slice(2), io, open).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`mcp: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
