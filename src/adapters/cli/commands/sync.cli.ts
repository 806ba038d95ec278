import { nodesJson } from '../format/json';
import { formatSync } from '../format/results.format';
import type { CliCommandModule } from '../commander/cli-context';
import { exitCodeOfRows } from '../commander/exit-code';

export const syncCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('sync')
      .description('send every node the definitions of its services')
      .action((_opts, command) =>
        cli.run(command, async (run) => {
          const rows = await run.commands.sync.execute();
          run.print(run.globals.json ? nodesJson(rows) : formatSync(rows));
          return exitCodeOfRows(rows);
        }),
      );
  },
};
