import { DockerEngine, type DockerEngineOptions } from './docker-engine';
import { DockerEvents } from './docker-events.adapter';
import { DockerExec } from './docker-exec.adapter';
import { DockerLogs } from './docker-logs.adapter';
import { DockerRuntime } from './docker-runtime.adapter';

/** The four runtime ports over one Docker Engine API socket. */
export function dockerAdapters(options: DockerEngineOptions): { runtime: DockerRuntime; logs: DockerLogs; exec: DockerExec; events: DockerEvents } {
  const engine = new DockerEngine(options);
  return { runtime: new DockerRuntime(engine), logs: new DockerLogs(engine), exec: new DockerExec(engine), events: new DockerEvents(engine) };
}
