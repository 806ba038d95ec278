import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { messageOf } from '../../../domain/errors/domain-error';
import { formatList, formatPs, formatStatus } from '../format/node-views.format';
import { nodesJson, toJson } from '../format/json';
import { formatAdopt, formatLifecycle, formatNodes, formatSync } from '../format/results.format';
import { formatDeploy } from '../format/deploy.format';
import { DEFAULT_WIDTH } from '../format/table';
import type { CliCommands, CliIo, GlobalOptions, OpenCommands } from './cli-commands';
import { ExitCode, exitCodeFor, exitCodeOfOutcome, exitCodeOfRows } from './exit-code';

type Action = (c: CliCommands, g: GlobalOptions, width: number, cmd: Command) => Promise<number>;

/** Commander's "error: unknown command 'x'\n(Did you mean y?)" as one line. */
function oneLine(message: string): string {
  return message.replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * The `mcp` command tree. Every action returns its exit code; nothing here
 * exits the process, so tests run the real program in-process.
 */
export function buildProgram(io: CliIo, open: OpenCommands, setExit: (code: number) => void): Command {
  const program = new Command('mcp')
    .description('Operate the containers of your nodes: deploy, stop, start, watch.')
    .option('--config <path>', 'CLI config file (default $MCP_CONFIG or ~/.config/mcp/mcp.toml)')
    .option('--json', 'print results as JSON', false)
    .option('--debug', 'print stack traces with errors', false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`mcp: ${oneLine(s)}\n`),
    });

  const run = (action: Action) =>
    async (...args: unknown[]): Promise<void> => {
      const cmd = args[args.length - 1] as Command;
      const opts = cmd.optsWithGlobals<{ config?: string; json?: boolean; debug?: boolean }>();
      const globals: GlobalOptions = { json: opts.json === true, debug: opts.debug === true, ...(opts.config !== undefined ? { config: opts.config } : {}) };
      const width = io.stdout.isTTY && io.stdout.columns && io.stdout.columns > DEFAULT_WIDTH ? io.stdout.columns : DEFAULT_WIDTH;
      try {
        setExit(await action(await open(globals), globals, width, cmd));
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        io.stderr.write(`mcp: ${oneLine(messageOf(e))}\n`);
        if (globals.debug && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
        setExit(exitCodeFor(typeof code === 'string' ? code : undefined));
      }
    };
  const print = (s: string): void => io.stdout.write(s);

  program
    .command('login')
    .description('get a token from MCIAS (or stdin) and save it 0600')
    .option('--token-stdin', 'read the token from stdin instead of asking MCIAS')
    .action(
      run(async (c, g, _w, cmd) => {
        const opts = cmd.opts<{ tokenStdin?: boolean }>();
        const r = await c.login.execute({ tokenStdin: opts.tokenStdin === true });
        print(g.json ? toJson(r) : `token saved to ${r.tokenPath}${r.username ? ` for ${r.username}` : ''}${r.expiresAt ? `, expires ${r.expiresAt.toISOString()}` : ''}\n`);
        return ExitCode.Ok;
      }),
    );

  program
    .command('deploy [service[/component]]')
    .description('deploy a service (or one component) from -f, <services dir>/<service>.toml, or the agent\'s record; with -f the name may be left out')
    .option('-f, --file <path>', 'service definition to deploy')
    .action(
      run(async (c, g, w, cmd) => {
        const file = cmd.opts<{ file?: string }>().file;
        const target = cmd.args[0];
        const r = await c.deploy.execute({ ...(target !== undefined ? { target } : {}), ...(file !== undefined ? { file } : {}) });
        print(g.json ? toJson(r) : formatDeploy(r, w));
        return exitCodeOfOutcome(r.outcome);
      }),
    );

  for (const action of ['stop', 'start', 'restart'] as const) {
    const what = { stop: 'stop a service and set active = false in its file', start: 'start a service and set active = true in its file', restart: 'restart a service (its file is left alone)' }[action];
    program
      .command(`${action} <service>`)
      .description(what)
      .action(
        run(async (c, g, w, cmd) => {
          const r = await c.lifecycle.execute(action, cmd.args[0]!);
          print(g.json ? toJson(r) : formatLifecycle(r, w));
          return exitCodeOfOutcome(r.outcome);
        }),
      );
  }

  program
    .command('list')
    .description('services on every node, from their registries')
    .action(
      run(async (c, g, w) => {
        const rows = await c.read.list();
        print(g.json ? nodesJson(rows) : formatList(rows, w));
        return exitCodeOfRows(rows);
      }),
    );

  program
    .command('ps')
    .description('live containers on every node, with uptime and version')
    .action(
      run(async (c, g, w) => {
        const rows = await c.read.ps();
        print(g.json ? nodesJson(rows) : formatPs(rows, io.now(), w));
        return exitCodeOfRows(rows);
      }),
    );

  program
    .command('status [service]')
    .description('live state, drift and recent events, on every node')
    .option('--events <n>', 'recent events per service (default 20)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('use a whole number from 1 to 1000');
      return n;
    })
    .action(
      run(async (c, g, w, cmd) => {
        const events = cmd.opts<{ events?: number }>().events;
        const rows = await c.read.status({ ...(cmd.args[0] !== undefined ? { service: cmd.args[0] } : {}), ...(events !== undefined ? { eventLimit: events } : {}) });
        print(g.json ? nodesJson(rows) : formatStatus(rows, w));
        return exitCodeOfRows(rows);
      }),
    );

  program
    .command('sync')
    .description('send every node the definitions of its services')
    .action(
      run(async (c, g, _w) => {
        const rows = await c.sync.execute();
        print(g.json ? nodesJson(rows) : formatSync(rows));
        return exitCodeOfRows(rows);
      }),
    );

  program
    .command('adopt <service>')
    .description('make the containers named <service>-* (or <service>) components of a service')
    .option('--node <name>', 'the node to adopt on (default: the file\'s node, or the only node)')
    .action(
      run(async (c, g, w, cmd) => {
        const node = cmd.opts<{ node?: string }>().node;
        const r = await c.adopt.execute({ service: cmd.args[0]!, ...(node !== undefined ? { node } : {}) });
        print(g.json ? toJson(r) : formatAdopt(r, w));
        return exitCodeOfOutcome(r.outcome);
      }),
    );

  const service = program.command('service').description('show, edit or export a service definition');
  service
    .command('show <service>')
    .description('print the spec the agent holds')
    .action(
      run(async (c, g, _w, cmd) => {
        const r = await c.service.show(cmd.args[0]!);
        print(g.json ? toJson({ node: r.node, spec: r.spec }) : `# on node ${r.node}\n${r.text}`);
        return ExitCode.Ok;
      }),
    );
  service
    .command('edit <service>')
    .description('open the definition in $EDITOR (exported from the agent first if there is no file)')
    .option('-f, --file <path>', 'definition file (default <services dir>/<service>.toml)')
    .action(
      run(async (c, g, _w, cmd) => {
        const file = cmd.opts<{ file?: string }>().file;
        const r = await c.service.edit(cmd.args[0]!, file);
        print(g.json ? toJson(r) : `${r.exported ? `exported from the agent, ` : ''}edited ${r.path}; run \`mcp deploy ${r.spec.name}\` to apply\n`);
        return ExitCode.Ok;
      }),
    );
  service
    .command('export <service>')
    .description('write the spec the agent holds to a definition file (comments kept)')
    .option('-f, --file <path>', 'where to write (default <services dir>/<service>.toml)')
    .action(
      run(async (c, g, _w, cmd) => {
        const r = await c.service.export(cmd.args[0]!, cmd.opts<{ file?: string }>().file);
        print(g.json ? toJson(r) : `exported ${cmd.args[0]} from ${r.node} to ${r.path}\n`);
        return ExitCode.Ok;
      }),
    );

  program
    .command('push <local-file> <service> [path]')
    .description('copy a file into the service\'s directory on its node (path defaults to the file\'s name)')
    .action(
      run(async (c, g, _w, cmd) => {
        const [localFile, svc, path] = cmd.args;
        const r = await c.files.push({ localFile: localFile!, service: svc!, ...(path !== undefined ? { path } : {}) });
        print(g.json ? toJson(r) : `pushed ${localFile} to ${r.node}:${r.path} (${r.size} bytes)\n`);
        return ExitCode.Ok;
      }),
    );
  program
    .command('pull <service> <path> [local-file]')
    .description('copy a file from the service\'s directory on its node (local file defaults to its name)')
    .action(
      run(async (c, g, _w, cmd) => {
        const [svc, path, localFile] = cmd.args;
        const r = await c.files.pull({ service: svc!, path: path!, ...(localFile !== undefined ? { localFile } : {}) });
        print(g.json ? toJson(r) : `pulled ${svc}:${path} from ${r.node} to ${r.localFile} (${r.size} bytes, mode ${r.mode.toString(8).padStart(4, '0')})\n`);
        return ExitCode.Ok;
      }),
    );

  const node = program.command('node').description('list, add or remove the [[nodes]] of the config');
  node
    .command('list')
    .description('the configured nodes')
    .action(
      run(async (c, g, w) => {
        const nodes = await c.nodes.list();
        print(g.json ? toJson({ nodes }) : formatNodes(nodes, w));
        return ExitCode.Ok;
      }),
    );
  node
    .command('add <name> <address>')
    .description('add a [[nodes]] entry (address host:port)')
    .action(
      run(async (c, g, _w, cmd) => {
        const [name, address] = cmd.args;
        const r = await c.nodes.add(name!, address!);
        print(g.json ? toJson(r) : `added node ${r.name} at ${r.address}\n`);
        return ExitCode.Ok;
      }),
    );
  node
    .command('remove <name>')
    .description('remove a [[nodes]] entry')
    .action(
      run(async (c, g, _w, cmd) => {
        const r = await c.nodes.remove(cmd.args[0]!);
        print(g.json ? toJson(r) : `removed node ${r.name} (${r.address})\n`);
        return ExitCode.Ok;
      }),
    );

  return program;
}

/** Runs `mcp` on `argv` (the user's words, without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, open: OpenCommands): Promise<number> {
  let exit: number = ExitCode.Ok;
  const program = buildProgram(io, open, (code) => {
    exit = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return ExitCode.Ok;
      return ExitCode.Usage;
    }
    io.stderr.write(`mcp: ${oneLine(messageOf(e))}\n`);
    return ExitCode.Failed;
  }
  return exit;
}
