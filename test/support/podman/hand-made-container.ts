import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';

/** A container as an operator would have started it by hand, outside MCP. */
export interface HandMadeContainer {
  readonly name: string;
  readonly image: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly cmd?: readonly string[];
  /** Published on 127.0.0.1. */
  readonly ports?: readonly { readonly host: number; readonly container: number }[];
  readonly bindMounts?: readonly { readonly source: string; readonly target: string; readonly readOnly?: boolean }[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly user?: string;
  readonly network?: string;
  readonly restart?: 'no' | 'always' | 'unless-stopped' | 'on-failure';
  /** Wait until the exposed ports listen; off by default (the idle image listens on nothing). */
  readonly waitForPorts?: boolean;
}

/** GenericContainer's builder knows no restart policy nor host IP for ports: set them on its host config. */
class HandMadeGenericContainer extends GenericContainer {
  withHostConfig(extra: Record<string, unknown>): this {
    this.hostConfig = { ...this.hostConfig, ...extra };
    return this;
  }
}

/**
 * Starts a container through testcontainers (GenericContainer) against
 * podman's Docker-compatible socket. DOCKER_HOST must already point at it:
 * usePodmanFixture() sets it before any test runs.
 */
export async function startHandMadeContainer(spec: HandMadeContainer): Promise<StartedTestContainer> {
  let c = new HandMadeGenericContainer(spec.image).withName(spec.name).withStartupTimeout(120_000);
  if (spec.env) c = c.withEnvironment({ ...spec.env });
  if (spec.cmd) c = c.withCommand([...spec.cmd]);
  if (spec.labels) c = c.withLabels({ ...spec.labels });
  if (spec.user) c = c.withUser(spec.user);
  if (spec.network) c = c.withNetworkMode(spec.network);
  if (spec.bindMounts) c = c.withBindMounts(spec.bindMounts.map((m) => ({ source: m.source, target: m.target, mode: m.readOnly ? 'ro' : 'rw' })));
  const ports = spec.ports ?? [];
  if (ports.length > 0) {
    c = c.withExposedPorts(...ports.map((p) => ({ container: p.container, host: p.host })));
    c = c.withHostConfig({ PortBindings: Object.fromEntries(ports.map((p) => [`${p.container}/tcp`, [{ HostIp: '127.0.0.1', HostPort: String(p.host) }]])) });
  }
  if (spec.restart) c = c.withHostConfig({ RestartPolicy: { Name: spec.restart } });
  if (!spec.waitForPorts) c = c.withWaitStrategy(Wait.forAll([]));
  return c.start();
}
