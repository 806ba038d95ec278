import type { LifecycleAction } from '../../../application/operator/lifecycle.command';
import { toJson } from '../format/json';
import { formatLifecycle } from '../format/results.format';
import type { CliCommandModule } from '../commander/cli-context';
import { exitCodeOfOutcome } from '../commander/exit-code';

const DESCRIPTIONS: Readonly<Record<LifecycleAction, string>> = {
  stop: 'stop a service and set active = false in its file',
  start: 'start a service and set active = true in its file',
  restart: 'restart a service (its file is left alone)',
};

/** stop, start and restart: one shape, three words. */
export const lifecycleCli: CliCommandModule = {
  register(program, cli) {
    for (const action of ['stop', 'start', 'restart'] as const) {
      program
        .command(action)
        .argument('<service>')
        .description(DESCRIPTIONS[action])
        .action((service, _opts, command) =>
          cli.run(command, async (run) => {
            const r = await run.commands.lifecycle.execute(action, service);
            run.print(run.globals.json ? toJson(r) : formatLifecycle(r, run.width));
            return exitCodeOfOutcome(r.outcome);
          }),
        );
    }
  },
};
