import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { CliOutput, DashboardRequest, GlobalOptions } from '../../adapters/cli/commander/cli-commands';
import { ExitCode, reportFailure } from '../../adapters/process/error-edge';
import { startDashboard } from '../../adapters/ui/web/dashboard-server';
import { checkExposure, parseListen } from '../../adapters/ui/web/listen-address';
import { openCliCommands } from './cli-composition';

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
      definedNode: async (service) => (await commands.locator.definition(service))?.spec.node,
    },
    {
      listen,
      ...(tls.cert !== undefined && tls.key !== undefined ? { tls: { cert: tls.cert, key: tls.key } } : {}),
      assetsDir: join(__dirname, 'ui-assets'),
      now: () => new Date(),
    },
  );
  stdout.write(`mcp ui: the dashboard of ${nodes.length} node(s) is at\n  ${dashboard.url}\n(the key in the URL is this run's: keep it to yourself; Ctrl-C stops)\n`);
  if (request.open) {
    // No opener (a server, a container): say so, the URL above still works.
    spawn('xdg-open', [dashboard.url], { stdio: 'ignore', detached: true })
      .on('error', (e) => process.stderr.write(`mcp ui: --open: could not run xdg-open (${(e as NodeJS.ErrnoException).code ?? e.message}): open the URL above yourself\n`))
      .unref();
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await dashboard.close();
  return ExitCode.Ok;
}
