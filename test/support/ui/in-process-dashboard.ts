/*
 * The dashboard's server in this process over the CLI's use cases built on
 * fakes (test/unit/cli/cli-sut makeSut): fast tests of the HTTP rules and
 * roles, and the bench's many-node overview, without agents.
 */
import { join } from 'node:path';
import { DeployCommand } from '../../../src/application/operator/deploy.command';
import { WatchNodesCommand } from '../../../src/application/operator/watch-nodes.command';
import { TimerSleeper } from '../../../src/adapters/scheduler/interval/timer-sleeper.adapter';
import { NodeLocator } from '../../../src/application/operator/support/node-locator';
import { type RunningDashboard, startDashboard } from '../../../src/adapters/ui/web/dashboard-server';
import type { makeSut } from '../../unit/cli/cli-sut';
import { repoRoot } from '../repo-root';

/** Where `npm run build` puts app.js and app.css. */
export const ASSETS_DIR = join(repoRoot, 'dist/src/bootstrap/cli/ui-assets');

/** Each fake node says the token's role and scope as the CLI's watch asks it (WhoAmI): set `sut.gateways.node(n).whoami`. */
export function startInProcessDashboard(sut: ReturnType<typeof makeSut>, tls?: { cert: string; key: string }, listen: { host: string; port: number; loopback: boolean } = { host: '127.0.0.1', port: 0, loopback: true }): Promise<RunningDashboard> {
  const c = sut.commands;
  return startDashboard(
    {
      deploy: (progress) => new DeployCommand(new NodeLocator(sut.nodes, sut.definitions, sut.gateways), sut.gateways, progress),
      lifecycle: c.lifecycle,
      history: c.history,
      rollback: c.rollback,
      plan: c.plan,
      logs: c.logs,
      // Real timers: the fakes' sleeper returns at once, and the watch's refresh loop would spin.
      watch: new WatchNodesCommand(sut.nodes, sut.gateways, sut.clock, new TimerSleeper(), { retryMs: 100, refreshMs: 5000, identify: (g) => g.whoami() }),
      nodeNames: async () => (await sut.nodes.list()).map((n) => n.name),
      definedNode: async (service) => (await c.locator.definition(service))?.spec.node,
    },
    { listen, assetsDir: ASSETS_DIR, now: () => new Date(), ...(tls ? { tls } : {}) },
  );
}
