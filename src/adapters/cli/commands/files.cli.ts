import { toJson } from '../format/json';
import { formatPulled, formatPushed } from '../format/messages.format';
import type { CliCommandModule } from '../commander/cli-context';
import { ExitCode } from '../../process/error-edge';

/** `mcp push` and `mcp pull`: files in a service's directory on its node. */
export const filesCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('push')
      .argument('<local-file>')
      .argument('<service>')
      .argument('[path]')
      .description("copy a file into the service's directory on its node (path defaults to the file's name)")
      .action((localFile, service, path, _opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.files.push({ localFile, service, ...(path !== undefined ? { path } : {}) });
          run.print(run.globals.json ? toJson(r) : formatPushed(localFile, r));
          return ExitCode.Ok;
        }),
      );
    program
      .command('pull')
      .argument('<service>')
      .argument('<path>')
      .argument('[local-file]')
      .description("copy a file from the service's directory on its node (local file defaults to its name)")
      .action((service, path, localFile, _opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.files.pull({ service, path, ...(localFile !== undefined ? { localFile } : {}) });
          run.print(run.globals.json ? toJson(r) : formatPulled(service, path, r));
          return ExitCode.Ok;
        }),
      );
  },
};
