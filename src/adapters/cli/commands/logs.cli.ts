import { InvalidArgumentError } from '@commander-js/extra-typings';
import type { CliCommandModule } from '../commander/cli-context';
import { ExitCode } from '../../process/error-edge';
import type { CliSink } from '../commander/cli-commands';
import { formatLogBatch } from '../format/logs.format';

/** Writes, then waits while the reader (a pipe to grep, a terminal) catches up: the agent is read no faster than we print. */
async function put(sink: CliSink, text: string): Promise<void> {
  if (sink.write(text) === false && sink.once) await new Promise<void>((resolve) => sink.once!('drain', resolve));
}

function lineCount(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 100_000) throw new InvalidArgumentError('use a whole number from 0 to 100000');
  return Number(v);
}

export const logsCli: CliCommandModule = {
  register(program, cli) {
    program
      .command('logs')
      .argument('<service[/component]>')
      .description("print a service's container output (stdout to stdout, stderr to stderr); -f follows until Ctrl-C")
      .option('-f, --follow', 'keep printing new lines')
      .option('-n, --tail <n>', 'lines per component (default 100; with --since: all since then)', lineCount)
      .option('--since <when>', 'only lines since a duration ago (10m, 1h30m) or an RFC 3339 time')
      .option('--timestamps', 'prefix each line with the time the engine recorded it')
      .action((target, opts, command) =>
        cli.run(command, async (run) => {
          const r = await run.commands.logs.execute({ target, follow: opts.follow === true, ...(opts.tail !== undefined ? { tail: opts.tail } : {}), ...(opts.since !== undefined ? { since: opts.since } : {}) });
          const f = { node: r.node, several: r.several, timestamps: opts.timestamps === true, json: run.globals.json };
          for await (const batch of r.lines) for (const out of formatLogBatch(batch, f)) await put(out.stream === 'stderr' ? run.stderr : run.stdout, out.text);
          return ExitCode.Ok;
        }),
      );
  },
};
