import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Environment for every podman a test starts (the CLI, `podman system
 * service`, our PodmanRuntime, an mcp-agent child): podman reads its
 * configuration from these files instead of the host's /etc.
 */
export interface PodmanEnv {
  readonly CONTAINERS_CONF: string;
  readonly CONTAINERS_REGISTRIES_CONF: string;
}

/**
 * Writes containers.conf and registries.conf into `dir`.
 * - runtime runc: crun cannot manage cgroups on these machines.
 * - default_ulimits: the process lacks CAP_SYS_RESOURCE, and podman's default
 *   (raise nofile/nproc to the hard maximum) makes runc fail with
 *   "error setting rlimits ... operation not permitted".
 * - cgroupfs and the file events logger: no dependency on systemd/journald.
 * - the local registry (if given) is plain HTTP, hence insecure.
 */
export function writePodmanConfig(dir: string, registry?: string): PodmanEnv {
  const containersConf = join(dir, 'containers.conf');
  const registriesConf = join(dir, 'registries.conf');
  writeFileSync(
    containersConf,
    [
      '[containers]',
      'default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]',
      'log_driver = "k8s-file"',
      '',
      '[engine]',
      'runtime = "runc"',
      'cgroup_manager = "cgroupfs"',
      'events_logger = "file"',
      '',
    ].join('\n'),
  );
  const lines = ['unqualified-search-registries = []', ''];
  if (registry !== undefined) lines.push('[[registry]]', `location = "${registry}"`, 'insecure = true', '');
  writeFileSync(registriesConf, lines.join('\n'));
  return { CONTAINERS_CONF: containersConf, CONTAINERS_REGISTRIES_CONF: registriesConf };
}

export interface PodmanResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the podman CLI (argv, no shell) for test set-up and checks; rejects with podman's stderr. */
export function podmanCli(env: PodmanEnv, args: readonly string[], timeoutMs = 180_000): Promise<PodmanResult> {
  return new Promise((resolve, reject) => {
    execFile('podman', [...args], { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`podman ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
        return;
      }
      resolve({ stdout, stderr });
    });
  });
}
