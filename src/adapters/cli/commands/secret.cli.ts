import { toJson } from '../format/json';
import { formatSecretSet, formatSecrets } from '../format/secrets.format';
import type { CliCommandModule } from '../commander/cli-context';
import { ExitCode } from '../../process/error-edge';

/** `mcp secret set|list|rm`: a service's secrets on its node. A value is read from a file or stdin, never from argv. */
export const secretCli: CliCommandModule = {
  register(program, cli) {
    const secret = program.command('secret').description("a service's secrets on its node (values never shown)");
    secret
      .command('set')
      .argument('<service>')
      .argument('<name>')
      .option('--from-file <file>', 'read the value from this file (default: stdin; a prompt without echo on a terminal)')
      // A value given as an argument would sit in the shell history and `ps`: refuse it rather than ignore it.
      .allowExcessArguments(false)
      .description('store a new version of a secret')
      .action((service, name, opts: { fromFile?: string }, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.secrets.set({ service, name, ...(opts.fromFile !== undefined ? { fromFile: opts.fromFile } : {}) });
          run.print(run.globals.json ? toJson(r) : formatSecretSet(r));
          return ExitCode.Ok;
        }),
      );
    secret
      .command('list')
      .argument('<service>')
      .description('name, version, size, updated, by whom, used by which components')
      .action((service, _opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.secrets.list(service);
          run.print(run.globals.json ? toJson(r) : formatSecrets(r, run.width));
          return ExitCode.Ok;
        }),
      );
    secret
      .command('rm')
      .argument('<service>')
      .argument('<name>')
      .description("remove a secret (refused while a component's spec uses it)")
      .action((service, name, _opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.secrets.remove({ service, name });
          run.print(run.globals.json ? toJson(r) : `removed secret ${r.name} of ${r.service} on ${r.node}\n`);
          return ExitCode.Ok;
        }),
      );
  },
};
