import { toJson } from '../format/json';
import { formatHistory } from '../format/history.format';
import type { CliCommandModule } from '../commander/cli-context';
import { ExitCode } from '../../process/error-edge';

export const historyCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('history')
      .argument('<service>')
      .description('deploys of a service, newest first, and which revision runs')
      .action((service, _opts, command) =>
        cli.run(command, async (run) => {
          const h = await run.commands.history.execute(service);
          run.print(run.globals.json ? toJson(h) : formatHistory(h, run.width));
          return ExitCode.Ok;
        }),
      );
  },
};
