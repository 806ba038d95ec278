import { toJson } from '../format/json';
import { formatDeploy } from '../format/deploy.format';
import type { CliCommandModule } from '../commander/cli-context';
import { exitCodeOfOutcome } from '../commander/exit-code';

export const deployCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('deploy')
      .argument('[service[/component]]', 'what to deploy; may be left out with -f (the file names the service)')
      .description("deploy a service (or one component) from -f, <services dir>/<service>.toml, or the agent's record")
      .option('-f, --file <path>', 'service definition to deploy')
      .action((target, opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.deploy.execute({ ...(target !== undefined ? { target } : {}), ...(opts.file !== undefined ? { file: opts.file } : {}) });
          run.print(run.globals.json ? toJson(r) : formatDeploy(r, run.width));
          return exitCodeOfOutcome(r.outcome);
        }),
      );
  },
};
