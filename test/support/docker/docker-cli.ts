import { execFile } from 'node:child_process';

/** Runs Debian's `docker` client (argv, no shell) against one engine socket; rejects with its stderr. */
export function dockerCli(socketPath: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker', ['--host', `unix://${socketPath}`, ...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`docker ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
        return;
      }
      resolve(stdout);
    });
  });
}

/** A container's state as the engine reports it ("running", "exited", "created"). */
export async function dockerStatus(socketPath: string, name: string): Promise<string> {
  return (await dockerCli(socketPath, ['container', 'inspect', '--format', '{{.State.Status}}', '--', name])).trim();
}
