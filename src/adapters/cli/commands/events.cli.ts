import type { NodeFailure } from '../../../application/operator/events.command';
import type { CliCommandModule } from '../commander/cli-context';
import { exitCodeOfRows } from '../commander/exit-code';
import { formatEvent, formatEventsFailure } from '../format/events.format';

export const eventsCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('events')
      .argument('[service]')
      .description('transition, health and deploy events of every node, merged by time; -f follows live')
      .option('-f, --follow', 'keep printing events as they are recorded')
      .option('--since <when>', 'events since a duration ago (1h) or an RFC 3339 time (default: the last 100 per node)')
      .action((service, opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.events.execute({ follow: opts.follow === true, ...(service !== undefined ? { service } : {}), ...(opts.since !== undefined ? { since: opts.since } : {}) });
          const failures: NodeFailure[] = [...r.failures];
          for (const e of r.history) run.print(formatEvent(e, run.globals.json));
          for (const f of failures) run.stderr.write(formatEventsFailure(f));
          for await (const item of r.live) {
            if (item.kind === 'event') {
              run.print(formatEvent(item, run.globals.json));
            } else {
              failures.push(item);
              run.stderr.write(formatEventsFailure(item));
            }
          }
          return exitCodeOfRows(failures.map((f) => ({ ...f, ok: false as const })));
        }),
      );
  },
};
