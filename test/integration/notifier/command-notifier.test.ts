import { expect } from 'chai';
import { promises as fs, existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processAlive } from '../../../src/adapters/support/process/process-alive';
import { CommandNotifier, type CommandNotifierOptions } from '../../../src/adapters/notifier/command/command-notifier.adapter';
import type { Alert } from '../../../src/domain/monitor/alert';
import { MemoryLogger } from '../../fakes/memory-logger';

const GENEROUS_MS = 10_000;

const ALERT: Alert = {
  type: 'drift',
  node: 'rift',
  service: 'metacrypt',
  component: 'api',
  container: 'metacrypt-api',
  desired: 'running',
  observed: 'exited',
  transitions: 2,
  message: 'metacrypt/api (container metacrypt-api) on rift should be running but is exited',
};

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + GENEROUS_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('CommandNotifier (real child processes)', () => {
  let dir: string;
  let logger: MemoryLogger;
  const pids: number[] = [];

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mcp-notifier-'));
    logger = new MemoryLogger();
  });

  afterEach(async () => {
    for (const pid of pids.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone, as it should be.
      }
    }
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function script(name: string, body: string, mode = 0o755): Promise<string> {
    const file = path.join(dir, name);
    await fs.writeFile(file, `#!/bin/sh\n${body}\n`);
    await fs.chmod(file, mode);
    return file;
  }

  function notifier(argv: string[] | undefined, extra: Partial<CommandNotifierOptions> = {}): CommandNotifier {
    return new CommandNotifier({ argv, timeoutMs: 5_000, logger, ...extra });
  }

  async function readPid(file: string): Promise<number> {
    await until(() => existsSync(file) && readFileSync(file, 'utf8').trim() !== '', `pid file ${file}`);
    const pid = Number(readFileSync(file, 'utf8').trim());
    pids.push(pid);
    return pid;
  }

  it('gives the command every MCP_* variable with the alert values, plus the inherited environment', async () => {
    const out = path.join(dir, 'env.txt');
    const cmd = await script('dump-env.sh', 'env > "$1"');

    await notifier([cmd, out], { baseEnv: { PATH: process.env.PATH, INHERITED_VAR: 'kept' } }).notify(ALERT);

    const env = Object.fromEntries(
      readFileSync(out, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(env).to.include({
      MCP_ALERT_TYPE: 'drift',
      MCP_NODE: 'rift',
      MCP_SERVICE: 'metacrypt',
      MCP_COMPONENT: 'api',
      MCP_CONTAINER: 'metacrypt-api',
      MCP_DESIRED_STATE: 'running',
      MCP_OBSERVED_STATE: 'exited',
      MCP_TRANSITIONS: '2',
      MCP_MESSAGE: ALERT.message,
      INHERITED_VAR: 'kept',
    });
    expect(logger.lines.find((l) => l.level === 'info' && l.message === `alert: ${ALERT.message}`)?.fields).to.include({ type: 'drift', service: 'metacrypt' });
    expect(logger.messages('info')).to.include(`alert command ${cmd} finished`);
    expect(logger.messages('error')).to.deep.equal([]);
  });

  it('inherits process.env when no base environment is given', async () => {
    const out = path.join(dir, 'home.txt');
    const cmd = await script('home.sh', 'printf %s "$PATH" > "$1"');

    await notifier([cmd, out]).notify(ALERT);

    expect(readFileSync(out, 'utf8')).to.equal(process.env.PATH);
  });

  it('passes arguments literally: no shell ever sees them', async () => {
    const out = path.join(dir, 'args.txt');
    const marker = path.join(dir, 'pwned');
    const cmd = await script('args.sh', 'out="$1"; shift; printf "%s\\n" "$@" > "$out"');
    const tricky = ['two words', `x; touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, '*', '$HOME', "it's \"quoted\""];

    await notifier([cmd, out, ...tricky]).notify(ALERT);

    expect(readFileSync(out, 'utf8').split('\n').slice(0, -1)).to.deep.equal(tricky);
    expect(existsSync(marker)).to.equal(false);
  });

  it('closes stdin: a command that reads it sees end of file at once', async () => {
    const out = path.join(dir, 'stdin.txt');
    const cmd = await script('read-stdin.sh', 'cat > "$1"; echo done >> "$1"');

    await notifier([cmd, out], { timeoutMs: GENEROUS_MS }).notify(ALERT);

    expect(readFileSync(out, 'utf8')).to.equal('done\n');
    expect(logger.messages('error')).to.deep.equal([]);
  });

  it('kills a hanging command and whatever it started at the time limit, and resolves', async () => {
    const pidFile = path.join(dir, 'pids');
    const cmd = await script('hang.sh', `sleep 30 & echo "$$ $!" > "${pidFile}"; wait`);

    await notifier([cmd], { timeoutMs: 300, killGraceMs: 500 }).notify(ALERT);

    await until(() => existsSync(pidFile), 'the pid file');
    const [shell, sleeper] = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
    pids.push(shell!, sleeper!);
    await until(() => !processAlive(shell!) && !processAlive(sleeper!), 'the script and its sleep to be dead');
    expect(logger.messages('error')).to.include(`alert command ${cmd} did not finish within 300 ms and was killed`);
  });

  it('escalates to SIGKILL for a command that ignores SIGTERM', async () => {
    const pidFile = path.join(dir, 'pid');
    const cmd = await script('stubborn.sh', `trap '' TERM; echo $$ > "${pidFile}"; while :; do sleep 1; done`);

    await notifier([cmd], { timeoutMs: 300, killGraceMs: 300 }).notify(ALERT);

    const pid = await readPid(pidFile);
    await until(() => !processAlive(pid), 'the stubborn script to be dead');
    expect(logger.messages('error')).to.include(`alert command ${cmd} did not finish within 300 ms and was killed`);
  });

  it('logs a failing command with its exit code and output, and resolves', async () => {
    const cmd = await script('fail.sh', 'echo "some progress"; echo "webhook refused: 403" >&2; exit 3');

    await notifier([cmd]).notify(ALERT);

    const line = logger.lines.find((l) => l.level === 'error');
    expect(line?.message).to.equal(`alert command ${cmd} failed with exit code 3: webhook refused: 403`);
    expect(line?.fields).to.include({ exitCode: 3, stdout: 'some progress', stderr: 'webhook refused: 403', service: 'metacrypt' });
  });

  it('logs a command that does not exist, and resolves', async () => {
    const missing = path.join(dir, 'no-such-notify');

    await notifier([missing, '--channel', 'ops']).notify(ALERT);

    const line = logger.lines.find((l) => l.level === 'error');
    expect(line?.message).to.equal(
      `alert command ${missing} could not be started: no such file (is the path right and absolute?); check [monitor] alert_command in the agent config`,
    );
    expect(line?.fields).to.include({ errorCode: 'ENOENT' });
  });

  it('logs a command that is not executable, and resolves', async () => {
    const cmd = await script('not-exec.sh', 'exit 0', 0o644);

    await notifier([cmd]).notify(ALERT);

    expect(logger.messages('error')[0]).to.contain('permission denied');
  });

  it('keeps only a bounded part of the output', async () => {
    const cmd = await script('chatty.sh', 'head -c 100000 /dev/zero | tr "\\0" "x"');

    await notifier([cmd], { maxOutputBytes: 1_000 }).notify(ALERT);

    const line = logger.lines.find((l) => l.message === `alert command ${cmd} finished`);
    const stdout = String(line?.fields.stdout);
    expect(stdout.startsWith('x'.repeat(1_000))).to.equal(true);
    expect(stdout).to.contain('(99000 more bytes not kept)');
  });

  it('without an alert command, logs the alert as a warning and runs nothing', async () => {
    await notifier(undefined).notify(ALERT);
    await notifier([]).notify({ ...ALERT, type: 'flap' });

    expect(logger.lines.map((l) => [l.level, l.message])).to.deep.equal([
      ['warn', `alert (no [monitor] alert_command configured, logged only): ${ALERT.message}`],
      ['warn', `alert (no [monitor] alert_command configured, logged only): ${ALERT.message}`],
    ]);
    expect(logger.lines[1]!.fields).to.include({ type: 'flap' });
  });
});
