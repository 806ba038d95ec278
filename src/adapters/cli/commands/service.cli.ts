import { toJson } from '../format/json';
import { formatEdited, formatExported, formatShown } from '../format/messages.format';
import type { CliCommandModule } from '../commander/cli-context';
import { ExitCode } from '../../process/error-edge';

/** `mcp service show|edit|export`: the definition of one service. */
export const serviceCli: CliCommandModule = {
  register(program, cli) {
    const service = program.command('service').description('show, edit or export a service definition');
    service
      .command('show')
      .argument('<service>')
      .description('print the spec the agent holds')
      .action((name, _opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.service.show(name);
          run.print(run.globals.json ? toJson({ node: r.node, spec: r.spec }) : formatShown(r));
          return ExitCode.Ok;
        }),
      );
    service
      .command('edit')
      .argument('<service>')
      .description('open the definition in $EDITOR (exported from the agent first if there is no file)')
      .option('-f, --file <path>', 'definition file (default <services dir>/<service>.toml)')
      .action((name, opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.service.edit(name, opts.file);
          run.print(run.globals.json ? toJson(r) : formatEdited(r));
          return ExitCode.Ok;
        }),
      );
    service
      .command('export')
      .argument('<service>')
      .description('write the spec the agent holds to a definition file (comments kept)')
      .option('-f, --file <path>', 'where to write (default <services dir>/<service>.toml)')
      .action((name, opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.service.export(name, opts.file);
          run.print(run.globals.json ? toJson(r) : formatExported(name, r));
          return ExitCode.Ok;
        }),
      );
  },
};
