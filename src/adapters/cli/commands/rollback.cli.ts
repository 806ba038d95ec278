import { InvalidArgumentError } from '@commander-js/extra-typings';
import { toJson } from '../format/json';
import { formatRollback } from '../format/history.format';
import type { CliCommandModule } from '../commander/cli-context';
import { exitCodeOfOutcome } from '../commander/exit-code';
import { ExitCode } from '../../process/error-edge';

/** The largest revision the wire carries (uint32). */
const MAX_REVISION = 4_294_967_295;

/** `--to <rev>`: a whole number from 1 to MAX_REVISION (a larger one would fail in the gRPC encoder, not as a usage error). */
function revisionNumber(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > MAX_REVISION) {
    throw new InvalidArgumentError(`use a revision number (a whole number from 1 to ${MAX_REVISION})`);
  }
  return n;
}

export const rollbackCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('rollback')
      .argument('<service>')
      .description('deploy an earlier revision (default: the one before the current) and write its spec to the file')
      .option('--to <rev>', 'the revision to deploy', revisionNumber)
      .action((service, opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.rollback.execute({ service, ...(opts.to !== undefined ? { to: opts.to } : {}) });
          run.print(run.globals.json ? toJson(r) : formatRollback(r, run.width));
          return r.revision === undefined ? ExitCode.Failed : exitCodeOfOutcome(r.outcome);
        }),
      );
  },
};
