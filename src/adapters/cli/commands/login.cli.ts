import { toJson } from '../format/json';
import { formatLogin } from '../format/messages.format';
import type { CliCommandModule } from '../commander/cli-context';
import { ExitCode } from '../../process/error-edge';

export const loginCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('login')
      .description('get a token from MCIAS (or stdin) and save it 0600')
      .option('--token-stdin', 'read the token from stdin instead of asking MCIAS', false)
      .action((opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.login.execute({ tokenStdin: opts.tokenStdin });
          run.print(run.globals.json ? toJson(r) : formatLogin(r));
          return ExitCode.Ok;
        }),
      );
  },
};
