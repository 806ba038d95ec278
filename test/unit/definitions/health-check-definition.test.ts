import { expect } from 'chai';
import { editServiceDefinition } from '../../../src/adapters/definitions/toml/service-definition.edit';
import { parseServiceDefinition } from '../../../src/adapters/definitions/toml/service-definition.loader';
import { renderServiceDefinition } from '../../../src/adapters/definitions/toml/service-definition.render';

const FILE = '/x/svc.toml';
const head = 'name = "svc"\nnode = "rift"\n[[components]]\nname = "api"\nimage = "reg/svc:v1"\n';
const parse = (text: string) => parseServiceDefinition(text, FILE);
const rejects = (text: string, message: string) => expect(() => parse(text)).to.throw(message).with.property('code', 'INVALID_SPEC');

describe('[components.health] in a service definition', () => {
  it('reads a subtable with every key', () => {
    const spec = parse(`${head}[components.health]\nhttp = "http://127.0.0.1:8443/healthz"\ninterval = "10s"\ntimeout = "2s"\nretries = 5\nstart_period = "90s"\n`);
    expect(spec.components[0]!.health).to.deep.equal({
      target: { kind: 'http', url: 'http://127.0.0.1:8443/healthz' },
      intervalMs: 10_000,
      timeoutMs: 2_000,
      retries: 5,
      startPeriodMs: 90_000,
    });
  });

  it('reads an inline table and fills the defaults (30s, 5s, 3, 60s)', () => {
    const spec = parse(`${head}health = { tcp = "127.0.0.1:5432" }\n`);
    expect(spec.components[0]!.health).to.deep.equal({ target: { kind: 'tcp', address: '127.0.0.1:5432' }, intervalMs: 30_000, timeoutMs: 5_000, retries: 3, startPeriodMs: 60_000 });
    expect(parse(`${head}health = { cmd = ["/bin/check", "--quick"] }\n`).components[0]!.health!.target).to.deep.equal({ kind: 'cmd', argv: ['/bin/check', '--quick'] });
  });

  it('rejects unknown keys, bad durations, two kinds, none, and bad values, naming file and key', () => {
    rejects(`${head}[components.health]\nhttp = "http://h:1/"\nintervall = "5s"\n`, '/x/svc.toml: unknown key "intervall" in [components[0].health]');
    rejects(`${head}[components.health]\nhttp = "http://h:1/"\ninterval = "5"\n`, '/x/svc.toml: components[0].health.interval: invalid duration "5": use e.g. 500ms, 60s, 15m, 2h');
    rejects(`${head}[components.health]\nhttp = "http://h:1/"\ntcp = "h:1"\n`, '/x/svc.toml: components[0].health: has http and tcp: use exactly one of http, tcp or cmd');
    rejects(`${head}[components.health]\ninterval = "5s"\n`, '/x/svc.toml: components[0].health: needs one of http, tcp or cmd');
    rejects(`${head}[components.health]\ntcp = "nohost"\n`, '/x/svc.toml: components[0].health.tcp: invalid address "nohost": use host:port');
    rejects(`${head}[components.health]\nhttp = "ftp://x"\n`, '/x/svc.toml: components[0].health.http: invalid URL "ftp://x"');
    rejects(`${head}[components.health]\ncmd = []\n`, '/x/svc.toml: components[0].health.cmd: needs at least the program to run');
    rejects(`${head}[components.health]\ntcp = "h:1"\nretries = 0\n`, '/x/svc.toml: components[0].health.retries: invalid value 0');
    rejects(`${head}[components.health]\ntcp = "h:1"\nretries = "3"\n`, '/x/svc.toml: components[0].health.retries: expected a whole number, got "3"');
    rejects(`${head}health = "http://x"\n`, '/x/svc.toml: components[0].health: expected a table');
  });

  it('writes a check back as an inline table with only non-default timings, and reads it the same', () => {
    const spec = parse(`${head}[components.health]\nhttp = "http://127.0.0.1:8443/healthz"\nstart_period = "1500ms"\n`);
    const text = renderServiceDefinition(spec);
    expect(text).to.contain('health = { http = "http://127.0.0.1:8443/healthz", start_period = "1500ms" }');
    expect(parse(text)).to.deep.equal(spec);
    // One number, one unit: the file's durations are read that way ("1h30m" is not).
    const long = parse(`${head}[components.health]\ntcp = "127.0.0.1:5432"\ninterval = "90m"\ntimeout = "2h"\nstart_period = "0ms"\n`);
    expect(renderServiceDefinition(long)).to.contain('health = { tcp = "127.0.0.1:5432", interval = "90m", timeout = "2h", start_period = "0ms" }');
    expect(parse(renderServiceDefinition(long))).to.deep.equal(long);
  });

  it('edits a file with a [components.health] subtable, keeping the other lines', () => {
    const text = `# web\n${head}# check\n[components.health]\nhttp = "http://127.0.0.1:8443/healthz"\n`;
    const before = parse(text);
    const after = parse(`${head}health = { tcp = "127.0.0.1:8443" }\n`);
    const edited = editServiceDefinition(text, before, after);
    expect(edited.startsWith('# web\n')).to.equal(true);
    expect(parse(edited)).to.deep.equal(after);
  });
});
