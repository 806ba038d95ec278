/*
 * A child process for the dashboard bench: `mcp ui`'s server over fake nodes
 * (3 × 50 services). Prints its URL; each stdin line `stop <node> <service>`
 * makes that node record a transition of <service>/web to exited, as an
 * engine event would, and hold it observed exited.
 */
import 'reflect-metadata';
import { createInterface } from 'node:readline';
import type { NodeEvent } from '../src/domain/events/transition-event';
import { AsyncChannel } from '../test/fakes/async-channel';
import { startInProcessDashboard } from '../test/support/ui/in-process-dashboard';
import { makeSut, spec } from '../test/unit/cli/cli-sut';
import { NODES, SERVICES_PER_NODE } from './ui-bench-shape';


async function main(): Promise<void> {
  const sut = makeSut({ nodes: NODES.map((name) => ({ name, address: `${name}.example:9444` })) });
  const channels = new Map<string, AsyncChannel<NodeEvent>>();
  for (const node of NODES) {
    const fake = sut.gateways.node(node);
    for (let i = 0; i < SERVICES_PER_NODE; i++) fake.hold(spec({ name: `${node}-svc-${i}`, node }));
    const channel = new AsyncChannel<NodeEvent>();
    fake.liveChannel = channel;
    channels.set(node, channel);
  }
  const dash = await startInProcessDashboard(sut);
  process.stdout.write(`${dash.url}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    const [word, node, service] = line.trim().split(/\s+/);
    if (word !== 'stop' || node === undefined || service === undefined) continue;
    const fake = sut.gateways.node(node);
    const view = fake.services.get(service)!;
    fake.services.set(service, { ...view, components: view.components.map((c) => (c.name === 'web' ? { ...c, observed: 'exited', drift: true } : c)) });
    channels.get(node)!.push({ kind: 'transition', service, component: 'web', from: 'running', to: 'exited', at: new Date() });
  }
  await dash.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
