import { toJson } from '../format/json';
import { formatNodeAdded, formatNodeRemoved } from '../format/messages.format';
import { formatNodes } from '../format/results.format';
import type { CliCommandModule } from '../commander/cli-context';
import { ExitCode } from '../../process/error-edge';

/** `mcp node list|add|remove`: the [[nodes]] of the CLI config. */
export const nodeCli: CliCommandModule = {
  register(program, cli) {
    const node = program.command('node').description('list, add or remove the [[nodes]] of the config');
    node
      .command('list')
      .description('the configured nodes')
      .action((_opts, command) =>
        cli.run(command, async (run) => {
          const nodes = await run.commands.nodes.list();
          run.print(run.globals.json ? toJson({ nodes }) : formatNodes(nodes, run.width));
          return ExitCode.Ok;
        }),
      );
    node
      .command('add')
      .argument('<name>')
      .argument('<address>', 'host:port')
      .description('add a [[nodes]] entry')
      .action((name, address, _opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.nodes.add(name, address);
          run.print(run.globals.json ? toJson(r) : formatNodeAdded(r));
          return ExitCode.Ok;
        }),
      );
    node
      .command('remove')
      .argument('<name>')
      .description('remove a [[nodes]] entry')
      .action((name, _opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.nodes.remove(name);
          run.print(run.globals.json ? toJson(r) : formatNodeRemoved(r));
          return ExitCode.Ok;
        }),
      );
  },
};
