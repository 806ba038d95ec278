import { toJson } from '../format/json';
import { formatAdopt } from '../format/results.format';
import { formatEnvKept } from '../format/secrets.format';
import type { CliCommandModule } from '../commander/cli-context';
import { exitCodeOfOutcome } from '../commander/exit-code';

export const adoptCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('adopt')
      .argument('<service>')
      .description('make the containers named <service>-* (or <service>) components of a service')
      .option('--node <name>', "the node to adopt on (default: the file's node, or the only node)")
      .action((service, opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.adopt.execute({ service, ...(opts.node !== undefined ? { node: opts.node } : {}) });
          run.print(run.globals.json ? toJson(r) : formatAdopt(r, run.width) + formatEnvKept(service, r.envKept));
          return exitCodeOfOutcome(r.outcome);
        }),
      );
  },
};
