import { WhoAmICommand } from '../../../src/application/operator/whoami.command';
import { AdoptCommand } from '../../../src/application/operator/adopt.command';
import { SecretCommand } from '../../../src/application/operator/secret.command';
import type { SecretInput } from '../../../src/application/operator/ports/secret-input.port';
import { DeployCommand } from '../../../src/application/operator/deploy.command';
import { FileTransferCommand } from '../../../src/application/operator/file-transfer.command';
import { LifecycleCommand } from '../../../src/application/operator/lifecycle.command';
import { LoginCommand } from '../../../src/application/operator/login.command';
import { NodeAdminCommand } from '../../../src/application/operator/node-admin.command';
import type { DeployStep } from '../../../src/application/shared/results/deploy-step';
import type { DeployProgress, Editor, LocalFile, LocalFiles, LoginSettings, NodeDirectory, NodeEntry, ServiceDefinitions, Terminal, TokenStore } from '../../../src/application/operator/ports/operator.ports';
import { ReadNodesCommand } from '../../../src/application/operator/read-nodes.command';
import { ServiceDefinitionCommand } from '../../../src/application/operator/service-definition.command';
import { ServiceExportCommand } from '../../../src/application/operator/service-export.command';
import type { ExportFiles } from '../../../src/application/operator/ports/service-exporter.port';
import { FormatServiceExporter } from '../../../src/adapters/export/service-exporter.adapter';
import { HistoryCommand } from '../../../src/application/operator/history.command';
import { PlanCommand } from '../../../src/application/operator/plan.command';
import { RollbackCommand } from '../../../src/application/operator/rollback.command';
import { NodeLocator } from '../../../src/application/operator/support/node-locator';
import { SyncCommand } from '../../../src/application/operator/sync.command';
import type { IdentityLogin, LoginResult } from '../../../src/application/shared/ports/identity.port';
import type { CliCommands, CliIo, OpenCommands } from '../../../src/adapters/cli/commander/cli-commands';
import { runCli } from '../../../src/adapters/cli/commander/cli-program';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import { type ComponentInput, type ServiceSpec, createServiceSpec } from '../../../src/domain/service/service-spec';
import { FakeAgentGatewayFactory } from '../../fakes/fake-agent-gateway';
import { FakeClock } from '../../fakes/fake-clock';
import { EventsCommand } from '../../../src/application/operator/events.command';
import { LogsCommand } from '../../../src/application/operator/logs.command';
import { WatchNodesCommand } from '../../../src/application/operator/watch-nodes.command';
import type { DashboardRequest } from '../../../src/adapters/cli/commander/cli-commands';
import { FakeSleeper } from '../../fakes/fake-sleeper';

export const SERVICES_DIR = '/home/op/.config/mcp/services';

export function spec(over: Partial<{ name: string; node: string; active: boolean; components: ComponentInput[] }> = {}): ServiceSpec {
  return createServiceSpec(
    {
      name: over.name ?? 'metacrypt',
      node: over.node ?? 'rift',
      ...(over.active !== undefined ? { active: over.active } : {}),
      components: over.components ?? [
        { name: 'api', image: 'registry.example/metacrypt:v1.2.0' },
        { name: 'web', image: 'registry.example/metacrypt-web:v1.2.0' },
      ],
    },
    'test',
  );
}

/** Definition files in memory; every write is recorded. */
export class MemoryDefinitions implements ServiceDefinitions {
  readonly files = new Map<string, ServiceSpec>();
  readonly writes: Array<{ op: 'setActive' | 'undoActive' | 'export'; path: string; active?: boolean }> = [];

  put(s: ServiceSpec, path = this.defaultPath(s.name)): this {
    this.files.set(path, s);
    return this;
  }
  defaultPath(service: string): string {
    return `${SERVICES_DIR}/${service}.toml`;
  }
  async exists(path: string) {
    return this.files.has(path);
  }
  async load(path: string) {
    const s = this.files.get(path);
    if (!s) throw new DomainError(ErrorCode.FileNotFound, `${path}: service definition not found`);
    return s;
  }
  async loadAll() {
    return [...this.files].filter(([p]) => p.startsWith(`${SERVICES_DIR}/`)).map(([path, s]) => ({ path, spec: s }));
  }
  async setActive(path: string, active: boolean) {
    const before = await this.load(path);
    const next = { ...before, active };
    this.files.set(path, next);
    this.writes.push({ op: 'setActive', path, active });
    return {
      spec: next,
      undo: async () => {
        this.files.set(path, before);
        this.writes.push({ op: 'undoActive', path, active: before.active });
      },
    };
  }
  async export(path: string, s: ServiceSpec) {
    this.files.set(path, s);
    this.writes.push({ op: 'export', path });
  }
  render(s: ServiceSpec): string {
    return `name = "${s.name}"\nnode = "${s.node}"\n${s.components.map((c) => `[[components]]\nname = "${c.name}"\nimage = "${c.image}"\n`).join('')}`;
  }
}

/** Exported files in memory: path -> content; directories made are recorded. */
export class MemoryExportFiles implements ExportFiles {
  readonly files = new Map<string, string>();
  readonly dirs: string[] = [];
  pathIn(dir: string, name: string) {
    return `${dir}/${name}`;
  }
  async ensureDir(dir: string) {
    this.dirs.push(dir);
  }
  async write(files: ReadonlyArray<{ path: string; content: string }>) {
    for (const f of files) this.files.set(f.path, f.content);
  }
}

export class MemoryNodes implements NodeDirectory {
  readonly where = '/home/op/.config/mcp/mcp.toml';
  constructor(public nodes: NodeEntry[]) {}
  async list() {
    return this.nodes;
  }
  async add(node: NodeEntry) {
    this.nodes = [...this.nodes, node];
  }
  async remove(name: string) {
    this.nodes = this.nodes.filter((n) => n.name !== name);
  }
}

export class MemoryLocalFiles implements LocalFiles {
  readonly files = new Map<string, LocalFile>();
  async read(path: string) {
    const f = this.files.get(path);
    if (!f) throw new DomainError(ErrorCode.FileNotFound, `${path}: no such file`);
    return f;
  }
  async write(path: string, file: LocalFile) {
    this.files.set(path, file);
  }
}

export class FakeTerminal implements Terminal {
  interactive = true;
  stdin = '';
  answers: string[] = [];
  readonly asked: Array<{ question: string; hidden: boolean }> = [];
  async prompt(question: string) {
    this.asked.push({ question, hidden: false });
    return this.answers.shift() ?? '';
  }
  async promptHidden(question: string) {
    this.asked.push({ question, hidden: true });
    return this.answers.shift() ?? '';
  }
  async readStdin() {
    return this.stdin;
  }
}

/** What `mcp secret set` reads when no --from-file is given; records the questions asked. */
export class FakeSecretInput implements SecretInput {
  value = Buffer.from('');
  readonly asked: string[] = [];
  async read(question: string) {
    this.asked.push(question);
    return this.value;
  }
}

export class FakeLogin implements IdentityLogin {
  readonly calls: Array<[string, string]> = [];
  async login(username: string, password: string): Promise<LoginResult> {
    this.calls.push([username, password]);
    if (password !== 'hunter2') throw new DomainError(ErrorCode.Unauthenticated, 'login refused by MCIAS: invalid credentials');
    return { token: 'tok-from-mcias', expiresAt: new Date('2026-02-01T00:00:00Z') };
  }
}

export function makeSut(opts: { nodes?: NodeEntry[]; login?: LoginSettings; noMcias?: boolean } = {}) {
  const gateways = new FakeAgentGatewayFactory();
  const nodes = new MemoryNodes(opts.nodes ?? [{ name: 'rift', address: 'rift.example:9444' }, { name: 'vade', address: 'vade.example:9444' }]);
  const definitions = new MemoryDefinitions();
  const local = new MemoryLocalFiles();
  const terminal = new FakeTerminal();
  const identity = new FakeLogin();
  const saved: string[] = [];
  const tokens: TokenStore = { path: '/home/op/.config/mcp/token', save: async (t) => void saved.push(t) };
  const edited: string[] = [];
  const editor: Editor = { edit: async (p) => void edited.push(p) };
  const progress: Array<[string, string, readonly string[]]> = [];
  const steps: Array<[string, string, DeployStep]> = [];
  const deployProgress: DeployProgress = { started: (n, s, c) => void progress.push([n, s, c]), step: (n, s, x) => void steps.push([n, s, x]), finished: () => undefined };
  const locator = new NodeLocator(nodes, definitions, gateways);
  const clock = new FakeClock('2026-01-10T12:00:00Z');
  const exportFiles = new MemoryExportFiles();
  const dashboards: DashboardRequest[] = [];
  const secretInput = new FakeSecretInput();
  const commands: CliCommands = {
    deploy: new DeployCommand(locator, gateways, deployProgress),
    lifecycle: new LifecycleCommand(locator, definitions, gateways),
    read: new ReadNodesCommand(nodes, gateways),
    sync: new SyncCommand(nodes, definitions, gateways),
    adopt: new AdoptCommand(nodes, locator, gateways),
    service: new ServiceDefinitionCommand(locator, definitions, gateways, editor),
    exports: new ServiceExportCommand(locator, nodes, definitions, gateways, new FormatServiceExporter(), exportFiles),
    files: new FileTransferCommand(locator, local, gateways),
    nodes: new NodeAdminCommand(nodes),
    login: new LoginCommand(tokens, terminal, local, opts.login ?? {}, opts.noMcias ? undefined : async () => identity),
    logs: new LogsCommand(locator, gateways, clock),
    events: new EventsCommand(nodes, gateways, clock),
    history: new HistoryCommand(locator, gateways),
    rollback: new RollbackCommand(locator, definitions, gateways),
    plan: new PlanCommand(nodes, definitions, gateways),
    whoami: new WhoAmICommand(nodes, gateways),
    locator,
    watch: new WatchNodesCommand(nodes, gateways, clock, new FakeSleeper(clock), { retryMs: 1000, refreshMs: 5000 }),
    dashboard: { serve: async (r) => (dashboards.push(r), 0) },
    secrets: new SecretCommand(locator, local, secretInput, gateways),
  };
  return { secretInput, gateways, nodes, definitions, exportFiles, local, terminal, identity, saved, edited, progress, steps, commands, tokens, clock, dashboards };
}

/** Runs the real commander program in-process over the sut's use cases. */
export async function runMcp(sut: ReturnType<typeof makeSut>, argv: string[], opts: { tty?: boolean; now?: Date } = {}) {
  let stdout = '';
  let stderr = '';
  const globalsSeen: unknown[] = [];
  const io: CliIo = {
    stdout: { write: (s) => void (stdout += s), isTTY: opts.tty ?? false, columns: 80 },
    stderr: { write: (s) => void (stderr += s) },
    now: () => opts.now ?? new Date('2026-01-10T12:00:00Z'),
  };
  const open: OpenCommands = (g) => {
    globalsSeen.push(g);
    return sut.commands;
  };
  const code = await runCli(argv, io, open);
  return { code, stdout, stderr, globalsSeen };
}
