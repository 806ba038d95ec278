import 'reflect-metadata';
import { teardownPodmanFixture } from '../test/support/podman/podman-fixture';
import { benchAgentOnPodman } from './agent-podman.bench';
import { benchCliStartup } from './cli-startup.bench';
import { benchDeployGate } from './deploy-gate.bench';
import { benchEventMonitor } from './event-monitor.bench';
import { benchManyNodes } from './many-nodes.bench';
import { benchLogsStream } from './logs-stream.bench';
import { benchMonitorTick } from './monitor-tick.bench';
import { benchRegistryEvents } from './registry-events.bench';
import { benchRuntimeEngines } from './runtime-engines.bench';
import { benchSecretsDeploy } from './secrets-deploy.bench';
import { benchUiDashboard } from './ui-dashboard.bench';

/** `npm run bench`: every benchmark in one run, each printing its own verdict line. */
async function main(): Promise<void> {
  const benches: Array<[string, () => Promise<void>]> = [
    ['registry events', benchRegistryEvents],
    ['monitor tick (fakes)', benchMonitorTick],
    ['agent on real podman', benchAgentOnPodman],
    ['gated deploy on real podman', benchDeployGate],
    ['deploy with secrets on real podman', benchSecretsDeploy],
    ['runtime engines: podman CLI vs Docker API', benchRuntimeEngines],
    ['CLI startup', benchCliStartup],
    ['many nodes: mcp ps / list against 1, 10, 50 agents', benchManyNodes],
    ['event-driven monitor (real agent, podman)', benchEventMonitor],
    ['mcp ui dashboard (3 fake nodes × 50 services, headless chromium)', benchUiDashboard],
    ['mcp logs of a 300,000-line log, podman and docker (issue 22)', benchLogsStream],
  ];
  try {
    for (const [name, run] of benches) {
      console.log(`\n== ${name}`);
      await run();
    }
  } finally {
    await teardownPodmanFixture();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
