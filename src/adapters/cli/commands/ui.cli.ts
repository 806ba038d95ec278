import type { CliCommandModule } from '../commander/cli-context';

export const uiCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('ui')
      .description('serve a live web dashboard of every node on this workstation (loopback; prints the URL with its session key)')
      .option('--listen <host:port>', 'address to listen on', '127.0.0.1:9446')
      .option('--open', 'open the dashboard in the default browser')
      .option('--tls-cert <path>', 'serve HTTPS with this certificate (needed for a non-loopback --listen)')
      .option('--tls-key <path>', 'the key of --tls-cert')
      .action((opts, command) =>
        cli.run(command, (run) =>
          run.commands.dashboard.serve({
            listen: opts.listen,
            open: opts.open === true,
            ...(opts.tlsCert !== undefined ? { tlsCert: opts.tlsCert } : {}),
            ...(opts.tlsKey !== undefined ? { tlsKey: opts.tlsKey } : {}),
          }),
        ),
      );
  },
};
