import { toJson } from '../format/json';
import { formatPlan } from '../format/plan.format';
import type { CliCommandModule } from '../commander/cli-context';
import { planExitCode } from '../commander/exit-code';

export const planCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('plan')
      .argument('[service...]')
      .description('what deploy would change, per component (changes nothing)')
      .option('--detailed-exitcode', 'exit 0 nothing to change, 4 changes pending, 1 error', false)
      .action((services, opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.plan.execute({ services });
          run.print(run.globals.json ? toJson(r) : formatPlan(r));
          return planExitCode(r, opts.detailedExitcode);
        }),
      );
  },
};
