import { InvalidArgumentError } from '@commander-js/extra-typings';
import { nodesJson } from '../format/json';
import { formatStatus } from '../format/node-views.format';
import type { CliCommandModule } from '../commander/cli-context';
import { exitCodeOfRows } from '../commander/exit-code';

function eventCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('use a whole number from 1 to 1000');
  return n;
}

export const statusCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('status')
      .argument('[service]')
      .description('live state, drift and recent events, on every node')
      .option('--events <n>', 'recent events per service (default 20)', eventCount)
      .action((service, opts, command) =>
        cli.run(command, async (run) => {
          const rows = await run.commands.read.status({ ...(service !== undefined ? { service } : {}), ...(opts.events !== undefined ? { eventLimit: opts.events } : {}) });
          run.print(run.globals.json ? nodesJson(rows) : formatStatus(rows, run.width));
          return exitCodeOfRows(rows);
        }),
      );
  },
};
