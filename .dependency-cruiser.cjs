/**
 * The layer rules. `npm run lint` fails on any of these, so the hexagon
 * enforces itself: the core (domain + application) knows no framework,
 * no Node I/O, no generated proto code and no adapter.
 */
const NODE_IO = '^(fs|fs/promises|child_process|net|http|https|http2|tls|dgram|os|path|crypto|process|worker_threads|cluster|readline)$';
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain depends on nothing but itself.',
      from: { path: '^src/domain' },
      to: { pathNot: '^src/domain' },
    },
    {
      name: 'application-depends-on-domain-and-ports',
      severity: 'error',
      comment: 'Use cases see the domain and their ports; never an adapter, the bootstrap or a framework.',
      from: { path: '^src/application' },
      to: { pathNot: '^src/(domain|application)' },
    },
    {
      name: 'agent-and-operator-stay-apart',
      severity: 'error',
      comment: 'What the agent does and what the operator does meet only in application/shared (ports and result types both sides speak).',
      from: { path: '^src/application/agent' },
      to: { path: '^src/application/operator' },
    },
    {
      name: 'operator-does-not-reach-into-the-agent',
      severity: 'error',
      from: { path: '^src/application/operator' },
      to: { path: '^src/application/agent' },
    },
    {
      name: 'shared-application-is-shared',
      severity: 'error',
      from: { path: '^src/application/shared' },
      to: { path: '^src/application/(agent|operator)' },
    },
    {
      name: 'core-has-no-node-io',
      severity: 'error',
      from: { path: '^src/(domain|application)' },
      to: { dependencyTypes: ['core'], path: NODE_IO },
    },
    {
      name: 'adapters-do-not-know-bootstrap',
      severity: 'error',
      from: { path: '^src/adapters' },
      to: { path: '^src/bootstrap' },
    },
    {
      name: 'wire-types-stay-in-the-grpc-adapter',
      severity: 'error',
      comment: 'Generated proto code is a wire format: only the gRPC adapter translates it.',
      from: { path: '^src', pathNot: '^src/adapters/grpc' },
      to: { path: '^src/adapters/grpc/generated' },
    },
    {
      name: 'cli-stays-light',
      severity: 'error',
      comment: 'The CLI never loads the ORM, SQLite, or agent-only adapters: it must start fast.',
      from: { path: '^src/(bootstrap/cli|adapters/cli)' },
      to: { path: '(node_modules/(typeorm|sqlite3)|^src/adapters/(registry|runtime|notifier|files)|^src/bootstrap/agent)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'tests-do-not-reach-into-dist',
      severity: 'error',
      from: { path: '^test' },
      to: { path: '^dist' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(dist|node_modules)' },
  },
};
