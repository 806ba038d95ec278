/*
 * Real podman for tests: one shared set-up per mocha process.
 *
 * Why it looks like this (see SPEC.md "Testing"):
 * - podman runs with runtime runc, because crun cannot manage cgroups on
 *   these machines, and with default_ulimits nofile/nproc=1024:1024, because
 *   the process lacks CAP_SYS_RESOURCE and podman's default (raise the
 *   limits) makes every container fail to start. Both come from a temp
 *   containers.conf given by CONTAINERS_CONF; the host's /etc is never edited.
 * - No registry on the internet is reachable: test images are busybox-static
 *   root filesystems `podman import`ed, pushed to Debian's docker-registry on
 *   127.0.0.1:<free port>, then removed locally, so a pull in a test is real.
 * - testcontainers (v11) talks to `podman system service` on a private unix
 *   socket (DOCKER_HOST), with Ryuk disabled: this fixture cleans up itself.
 *
 * Use:
 *   describe('...', function () {
 *     const pod = usePodmanFixture();
 *     it('...', async function () {
 *       const name = pod().name('web');            // mcptest-<run>-<suite>-web-1
 *       await pod().runtime().run({ ..., image: pod().images.app });
 *     });
 *   });
 * Containers whose names come from name() are removed after the suite;
 * everything else (registry, socket service, images, temp dir) at the end of
 * the run. Pass pod().env to any podman child (CLI, mcp-agent) you start.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PodmanRuntime, type PodmanRuntimeOptions } from '../../../src/adapters/runtime/podman/podman-runtime.adapter';
import { type LocalRegistry, startLocalRegistry } from './local-registry';
import { type PodmanEnv, type PodmanResult, podmanCli, writePodmanConfig } from './podman-env';
import { removeContainers as removeNamed } from './podman-remove';
import { type PodmanService, startPodmanService } from './podman-service';
import { buildBusyboxRootfs, publishTestImage, type TestImageOptions } from './test-image';

/** Variable every test image carries, so tests can tell inherited env from run-time env. */
export const IMAGE_ENV = { MCP_TEST_IMAGE: 'yes' } as const;

export interface PodmanFixture {
  /** CONTAINERS_CONF and CONTAINERS_REGISTRIES_CONF: pass to every podman (child) you start. */
  readonly env: PodmanEnv;
  /** `127.0.0.1:<port>` of the local registry. */
  readonly registry: string;
  /** Pushed to the registry, not local at the start of the run (so the first pull is real). */
  readonly images: {
    /** Idle until SIGTERM; env MCP_TEST_IMAGE=yes, APP_VERSION=v1. */
    readonly app: string;
    /** Same, APP_VERSION=v2. */
    readonly appV2: string;
  };
  /** `unix://...` of podman's Docker-compatible socket (already in process.env.DOCKER_HOST). */
  readonly dockerHost: string;
  /** A temp dir removed at the end of the run. */
  readonly tmpDir: string;
  /** `mcptest-<run>-`: every name this run makes starts with it. */
  readonly runPrefix: string;
  /** A PodmanRuntime wired to this fixture's podman configuration (stop timeout 2 s). */
  runtime(options?: PodmanRuntimeOptions): PodmanRuntime;
  /** Runs the podman CLI with this fixture's configuration. */
  podman(args: readonly string[]): Promise<PodmanResult>;
  /** Builds and pushes another test image; returns its reference. */
  publishImage(name: string, tag: string, options?: TestImageOptions): Promise<string>;
  /** Removes every container whose name starts with `prefix`. */
  removeContainers(prefix: string): Promise<void>;
  /** Removes these containers (absent ones are fine), riding out podman's known races (podman-remove.ts). */
  remove(...names: string[]): Promise<void>;
}

/** What a suite gets: the shared fixture plus names that are cleaned up after the suite. */
export interface SuitePodman extends PodmanFixture {
  /** A unique, valid service/container name: `mcptest-<run>-<suite>-<label>-<n>`. */
  name(label?: string): string;
  /** A podman network with a unique name, removed after the suite. */
  network(): Promise<string>;
}

interface Shared extends PodmanFixture {
  teardown(): Promise<void>;
  teardownSync(): void;
}

let shared: Promise<Shared> | undefined;
let suiteCounter = 0;

async function listNames(env: PodmanEnv, prefix: string): Promise<string[]> {
  const { stdout } = await podmanCli(env, ['ps', '--all', '--format={{.Names}}']);
  return stdout
    .split('\n')
    .map((s) => s.trim())
    .filter((n) => n.startsWith(prefix));
}

async function create(): Promise<Shared> {
  const runPrefix = `mcptest-${randomBytes(3).toString('hex')}-`;
  const tmpDir = mkdtempSync(join(tmpdir(), runPrefix));
  // Containers running as another user must be able to reach bind mounts made below it.
  chmodSync(tmpDir, 0o755);
  let registry: LocalRegistry | undefined;
  let service: PodmanService | undefined;
  const cleanupStarted = async (): Promise<void> => {
    await service?.stop();
    await registry?.stop();
    rmSync(tmpDir, { recursive: true, force: true });
  };
  try {
    registry = await startLocalRegistry(join(tmpDir, 'registry'));
    const env = writePodmanConfig(tmpDir, registry.address);
    const regAddress = registry.address;
    const rootfs = await buildBusyboxRootfs(tmpDir);
    const publishImage = (name: string, tag: string, options: TestImageOptions = {}): Promise<string> =>
      publishTestImage(env, rootfs, regAddress, name, tag, { ...options, env: { ...IMAGE_ENV, ...(options.env ?? {}) } });
    const app = await publishImage('app', 'v1', { env: { APP_VERSION: 'v1' } });
    const appV2 = await publishImage('app', 'v2', { env: { APP_VERSION: 'v2' } });
    service = await startPodmanService(env, join(tmpDir, 'podman.sock'));
    // testcontainers reads these once, at its first use in this process.
    process.env.DOCKER_HOST = service.dockerHost;
    process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';

    const removeContainers = async (prefix: string): Promise<void> => {
      await removeNamed(env, await listNames(env, prefix));
    };
    const removeImages = async (): Promise<void> => {
      const { stdout } = await podmanCli(env, ['images', '--format={{.Repository}}:{{.Tag}}']);
      const mine = stdout
        .split('\n')
        .map((s) => s.trim())
        .filter((ref) => ref.startsWith(`${regAddress}/`));
      for (const ref of mine) await podmanCli(env, ['rmi', '--force', '--ignore', ref]).catch(() => undefined);
    };
    const svc = service;
    const reg = registry;
    let done = false;
    return {
      env,
      registry: regAddress,
      images: { app, appV2 },
      dockerHost: svc.dockerHost,
      tmpDir,
      runPrefix,
      runtime: (options = {}) => new PodmanRuntime({ stopTimeoutSeconds: 2, ...options, env: { ...env, ...(options.env ?? {}) } }),
      podman: (args) => podmanCli(env, args),
      publishImage,
      removeContainers,
      remove: (...names) => removeNamed(env, names),
      teardown: async () => {
        if (done) return;
        done = true;
        await removeContainers(runPrefix).catch(() => undefined);
        const { stdout } = await podmanCli(env, ['network', 'ls', '--format={{.Name}}']);
        for (const net of stdout.split('\n').filter((n) => n.startsWith(runPrefix))) {
          await podmanCli(env, ['network', 'rm', '--force', net]).catch(() => undefined);
        }
        await removeImages().catch(() => undefined);
        await svc.stop();
        await reg.stop();
        rmSync(tmpDir, { recursive: true, force: true });
      },
      // Last resort when the process exits without the root hook having run.
      teardownSync: () => {
        if (done) return;
        done = true;
        svc.process.kill('SIGKILL');
        reg.process.kill('SIGKILL');
        try {
          const names = execFileSync('podman', ['ps', '--all', '--format={{.Names}}'], { env: { ...process.env, ...env }, encoding: 'utf8' })
            .split('\n')
            .filter((n) => n.startsWith(runPrefix));
          if (names.length > 0) execFileSync('podman', ['rm', '--force', '--ignore', '--time=0', '--', ...names], { env: { ...process.env, ...env }, stdio: 'ignore' });
        } catch {
          // Nothing more can be done while exiting.
        }
        rmSync(tmpDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await cleanupStarted();
    throw e;
  }
}

/** The process-wide fixture; set up at the first call. Fails (never skips) when podman or its helpers are missing. */
export function podmanFixture(): Promise<PodmanFixture> {
  if (!shared) {
    shared = create();
    shared.then(
      (s) => process.once('exit', () => s.teardownSync()),
      () => undefined,
    );
  }
  return shared;
}

/** Tears the shared fixture down; the root hook does this once at the end of the run. */
export async function teardownPodmanFixture(): Promise<void> {
  if (!shared) return;
  const s = await shared.catch(() => undefined);
  shared = undefined;
  await s?.teardown();
}

let rootHookRegistered = false;

function registerRootTeardown(ctx: Mocha.Context): void {
  if (rootHookRegistered) return;
  let suite: Mocha.Suite | undefined = ctx.test?.parent;
  while (suite?.parent) suite = suite.parent;
  if (!suite) return;
  rootHookRegistered = true;
  suite.afterAll('podman fixture teardown', async function () {
    this.timeout(120_000);
    await teardownPodmanFixture();
  });
}

/** Call inside a describe: sets up the shared fixture before the suite and removes the suite's containers and networks after it. */
export function usePodmanFixture(): () => SuitePodman {
  let fixture: SuitePodman | undefined;
  const suitePrefix = `${process.pid.toString(36).slice(-3)}${++suiteCounter}`;
  const networks: string[] = [];

  before('podman fixture', async function () {
    this.timeout(300_000);
    registerRootTeardown(this);
    const base = await podmanFixture();
    let n = 0;
    const prefix = `${base.runPrefix}${suitePrefix}-`;
    fixture = {
      ...base,
      name: (label = 'c') => `${prefix}${label}-${++n}`,
      network: async () => {
        const name = `${prefix}net-${++n}`;
        await base.podman(['network', 'create', name]);
        networks.push(name);
        return name;
      },
    };
  });

  after('podman suite cleanup', async function () {
    this.timeout(180_000);
    if (!fixture) return;
    await fixture.removeContainers(`${fixture.runPrefix}${suitePrefix}-`);
    for (const net of networks.splice(0)) await fixture.podman(['network', 'rm', '--force', net]).catch(() => undefined);
  });

  return () => {
    if (!fixture) throw new Error('usePodmanFixture(): the podman fixture is not ready (used outside a test?)');
    return fixture;
  };
}
