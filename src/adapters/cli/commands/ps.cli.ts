import { nodesJson } from '../format/json';
import { formatPs } from '../format/node-views.format';
import type { CliCommandModule } from '../commander/cli-context';
import { exitCodeOfRows } from '../commander/exit-code';

export const psCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('ps')
      .description('live containers on every node, with uptime and version')
      .action((_opts, command) =>
        cli.run(command, async (run) => {
          const rows = await run.commands.read.ps();
          run.print(run.globals.json ? nodesJson(rows) : formatPs(rows, run.now, run.width));
          return exitCodeOfRows(rows);
        }),
      );
  },
};
