import type { PodmanCliOptions } from './podman-cli';
import { PodmanEvents } from './podman-events.adapter';
import { PodmanExec } from './podman-exec.adapter';
import { PodmanLogs } from './podman-logs.adapter';
import { PodmanRuntime, type PodmanRuntimeOptions } from './podman-runtime.adapter';

/** The four runtime ports over the podman CLI. */
export function podmanAdapters(options: PodmanRuntimeOptions & PodmanCliOptions = {}): {
  runtime: PodmanRuntime;
  logs: PodmanLogs;
  exec: PodmanExec;
  events: PodmanEvents;
} {
  return { runtime: new PodmanRuntime(options), logs: new PodmanLogs(options), exec: new PodmanExec(options), events: new PodmanEvents(options) };
}
