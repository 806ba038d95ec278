import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { CliOutput, DashboardRequest, GlobalOptions } from '../../adapters/cli/commander/cli-commands';
import { ExitCode, reportFailure } from '../../adapters/process/error-edge';
import { startDashboard } from '../../adapters/ui/web/dashboard-server';
import { checkExposure, parseListen } from '../../adapters/ui/web/listen-address';
import type { Role } from '../../adapters/ui/web/live-messages';
import { openCliCommands } from './cli-composition';

/**
 * The role of the operator's token on a node until the node said (WhoAmI,
 * asked by WatchNodesCommand once per connection): 'viewer', so no button
 * shows that the node might refuse.
 */
export const roleOfNode = (_node: string): Role => 'viewer';

/**
 * `mcp ui`, the entry of mcp-ui.bundle.js: the same composition as every
 * command (openCliCommands), served over HTTP until SIGINT/SIGTERM.
 */
export async function serveDashboard(globals: GlobalOptions, request: DashboardRequest, stdout: CliOutput): Promise<number> {
  // This bundle has its own DomainError class: its failures are reported here, by its own error edge, not by mcp.bundle.js's.
  try {
    return await serve(globals, request, stdout);
  } catch (e) {
    return reportFailure('mcp', e, process.stderr, globals.debug);
  }
}

async function serve(globals: GlobalOptions, request: DashboardRequest, stdout: CliOutput): Promise<number> {
  const listen = parseListen(request.listen);
  const tls = { ...(request.tlsCert !== undefined ? { cert: request.tlsCert } : {}), ...(request.tlsKey !== undefined ? { key: request.tlsKey } : {}) };
  checkExposure(listen, tls);
  const commands = openCliCommands(globals, stdout);
  const nodes = await commands.nodes.list();
  const dashboard = await startDashboard(
    {
      deploy: (progress) => openCliCommands(globals, stdout, progress).deploy,
      lifecycle: commands.lifecycle,
      history: commands.history,
      rollback: commands.rollback,
      plan: commands.plan,
      logs: commands.logs,
      watch: commands.watch,
      nodeNames: async () => nodes.map((n) => n.name),
    },
    {
      listen,
      ...(tls.cert !== undefined && tls.key !== undefined ? { tls: { cert: tls.cert, key: tls.key } } : {}),
      assetsDir: join(__dirname, 'ui-assets'),
      roleOf: roleOfNode,
      now: () => new Date(),
    },
  );
  stdout.write(`mcp ui: the dashboard of ${nodes.length} node(s) is at\n  ${dashboard.url}\n(the key in the URL is this run's: keep it to yourself; Ctrl-C stops)\n`);
  if (request.open) spawn('xdg-open', [dashboard.url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await dashboard.close();
  return ExitCode.Ok;
}
