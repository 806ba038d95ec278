import { toJson } from '../format/json';
import { formatEdited, formatShown } from '../format/messages.format';
import { exportJson, formatExport } from '../format/service-export.format';
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
      .argument('[service]')
      .description('write the spec the agent holds as a definition file (comments kept), or as Kubernetes YAML, Quadlet units or a compose file')
      .option('--format <format>', 'toml (default), kube, quadlet or compose')
      .option('--all', 'every service of every node, one file each (units for quadlet) into the -f directory', false)
      .option('-f, --file <path>', 'where to write: a file, a directory for quadlet and --all (default: <services dir>/<service>.toml; other formats print to stdout)')
      .action((name, opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.exports.execute({
            ...(name !== undefined ? { service: name } : {}),
            all: opts.all,
            ...(opts.format !== undefined ? { format: opts.format } : {}),
            ...(opts.file !== undefined ? { file: opts.file } : {}),
          });
          run.print(run.globals.json ? toJson(exportJson(r)) : formatExport(r));
          return ExitCode.Ok;
        }),
      );
  },
};
