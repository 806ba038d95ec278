import { nodesJson } from '../format/json';
import { formatList } from '../format/node-views.format';
import type { CliCommandModule } from '../commander/cli-context';
import { exitCodeOfRows } from '../commander/exit-code';

export const listCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('list')
      .description('services on every node, from their registries')
      .action((_opts, command) =>
        cli.run(command, async (run) => {
          const rows = await run.commands.read.list();
          run.print(run.globals.json ? nodesJson(rows) : formatList(rows, run.width));
          return exitCodeOfRows(rows);
        }),
      );
  },
};
