import { nodesJson } from '../format/json';
import { formatWhoAmI } from '../format/whoami.format';
import type { CliCommandModule } from '../commander/cli-context';
import { exitCodeOfRows } from '../commander/exit-code';

export const whoamiCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('whoami')
      .description("who your token is on every node: user, role and the services it is limited to")
      .action((_opts, command) =>
        cli.run(command, async (run) => {
          const rows = await run.commands.whoami.execute();
          run.print(run.globals.json ? nodesJson(rows) : formatWhoAmI(rows, run.width));
          return exitCodeOfRows(rows);
        }),
      );
  },
};
