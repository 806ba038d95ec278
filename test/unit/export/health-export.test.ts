import { expect } from 'chai';
import { parseAllDocuments, parseDocument } from 'yaml';
import { FormatServiceExporter } from '../../../src/adapters/export/service-exporter.adapter';
import type { ForeignFormat } from '../../../src/domain/service/export-format';
import type { ComponentInput } from '../../../src/domain/service/service-spec';
import { withComponent } from './export-fixtures';

const exporter = new FormatServiceExporter();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Parsed = Record<string, any>;

const CMD = { cmd: ['/bin/check', '--quick', 'two words'], intervalMs: 10_000, timeoutMs: 2_000, retries: 5, startPeriodMs: 45_000 };
const render = (format: ForeignFormat, c: Partial<ComponentInput>) => exporter.render(withComponent(c), format)[0]!.content;
const refusal = (format: ForeignFormat, c: Partial<ComponentInput>): { code: string; message: string } => {
  try {
    render(format, c);
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error(`expected ${format} to refuse ${JSON.stringify(c)}`);
};

describe('exports carry health checks', () => {
  describe('kube', () => {
    const container = (c: Partial<ComponentInput>) => (parseAllDocuments(render('kube', c))[0]!.toJS() as Parsed).spec.containers[0];

    it('a cmd check: exec liveness and readiness probes with the timings; the liveness probe waits start_period', () => {
      const c = container({ health: CMD });
      const exec = { command: ['/bin/check', '--quick', 'two words'] };
      expect(c.livenessProbe).to.deep.equal({ exec, initialDelaySeconds: 45, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 5 });
      expect(c.readinessProbe).to.deep.equal({ exec, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 5 });
    });

    it('an http check on a published loopback port: httpGet on the container port behind it, path and query kept', () => {
      const c = container({ ports: ['127.0.0.1:18443:8443'], health: { http: 'http://127.0.0.1:18443/healthz?deep=1' } });
      expect(c.livenessProbe.httpGet).to.deep.equal({ path: '/healthz?deep=1', port: 8443, scheme: 'HTTP' });
      // The contract's defaults: 30s, 5s, 3, 60s.
      expect(c.livenessProbe).to.include({ initialDelaySeconds: 60, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 });
      expect(container({ ports: ['18080:8080'], health: { http: 'https://localhost:18080/' } }).readinessProbe.httpGet).to.deep.equal({ path: '/', port: 8080, scheme: 'HTTPS' });
    });

    it('host networking keeps the port; another host becomes the probe host; tcp becomes tcpSocket', () => {
      expect(container({ network: 'host', health: { http: 'http://127.0.0.1:8080/' } }).livenessProbe.httpGet).to.deep.equal({ path: '/', port: 8080, scheme: 'HTTP' });
      expect(container({ health: { http: 'http://db.internal/ping' } }).livenessProbe.httpGet).to.deep.equal({ host: 'db.internal', path: '/ping', port: 80, scheme: 'HTTP' });
      expect(container({ ports: ['127.0.0.1:15432:5432'], health: { tcp: '127.0.0.1:15432' } }).livenessProbe.tcpSocket).to.deep.equal({ port: 5432 });
      expect(container({ health: { tcp: '[::1]:53' }, network: 'host' }).readinessProbe.tcpSocket).to.deep.equal({ port: 53 });
    });

    it('says in a comment that Kubernetes restarts where MCP alerts, and when timings were rounded up to seconds', () => {
      const text = render('kube', { health: { ...CMD, intervalMs: 1500, startPeriodMs: 0 } });
      expect(text).to.contain("# api's check is its livenessProbe and readinessProbe: after 5 failures in a row Kubernetes restarts the container, where MCP only alerts.");
      expect(text).to.contain("# api's check timings were rounded up to whole seconds.");
      const c = container({ health: { ...CMD, intervalMs: 1500, startPeriodMs: 0 } });
      expect(c.livenessProbe).to.include({ periodSeconds: 2, initialDelaySeconds: 0 });
      expect(render('kube', { health: CMD })).not.to.contain('rounded');
      expect(render('kube', {})).not.to.contain('Probe').and.not.to.contain('check');
    });

    it('refuses a loopback check on a port the component does not publish, naming service, component and field', () => {
      const e = refusal('kube', { ports: ['127.0.0.1:18443:8443'], health: { http: 'http://127.0.0.1:9999/healthz' } });
      expect(e.code).to.equal('EXPORT_UNSUPPORTED');
      expect(e.message).to.equal(
        'cannot export service metacrypt to kube: component api: health.http "http://127.0.0.1:9999/healthz": the check reaches port 9999 on the node, which the component does not publish, so the pod\'s port is unknown in Kubernetes',
      );
      expect(refusal('kube', { ports: ['127.0.0.1:5353:53/udp'], health: { tcp: '127.0.0.1:5353' } }).message).to.match(/component api: health\.tcp "127\.0\.0\.1:5353": /);
    });
  });

  describe('quadlet', () => {
    it('a cmd check: HealthCmd as a JSON argv (no shell) and the four timings; no HealthOnFailure (MCP only reports)', () => {
      const unit = render('quadlet', { health: CMD });
      const lines = unit.split('\n');
      expect(lines).to.include.members([
        'HealthCmd=["/bin/check","--quick","two words"]',
        'HealthInterval=10s',
        'HealthTimeout=2s',
        'HealthRetries=5',
        'HealthStartPeriod=45s',
      ]);
      const container = unit.slice(unit.indexOf('[Container]'), unit.indexOf('[Service]'));
      expect(container).to.contain('HealthCmd=').and.not.contain('HealthOnFailure');
      expect(unit).to.contain("# Its Health* keys need podman >= 4.5's Quadlet");
      expect(render('quadlet', { health: { cmd: ['/bin/true'], intervalMs: 1500 } })).to.contain('\nHealthInterval=1500ms\n');
      expect(render('quadlet', {})).not.to.contain('Health');
    });

    it('escapes % and refuses $ inside the command, as every unit value', () => {
      expect(render('quadlet', { health: { cmd: ['/bin/check', '50%'] } })).to.contain('HealthCmd=["/bin/check","50%%"]');
      expect(refusal('quadlet', { health: { cmd: ['/bin/sh', '-c', 'test $X'] } }).message).to.match(/^cannot export service metacrypt to quadlet: component api: health\.cmd .*a \$ would be expanded/);
    });

    for (const health of [{ http: 'http://127.0.0.1:8443/healthz' }, { tcp: '127.0.0.1:8443' }]) {
      const kind = Object.keys(health)[0]!;
      it(`refuses a ${kind} check (run from the node) with EXPORT_UNSUPPORTED naming health.${kind}`, () => {
        const e = refusal('quadlet', { health });
        expect(e.code).to.equal('EXPORT_UNSUPPORTED');
        expect(e.message).to.equal(
          `cannot export service metacrypt to quadlet: component api: health.${kind} ${JSON.stringify(Object.values(health)[0])}: a check made from the node has no equivalent: only a command run inside the container (a cmd check) can be a health check in Quadlet`,
        );
      });
    }
  });

  describe('compose', () => {
    const service = (c: Partial<ComponentInput>) => (parseDocument(render('compose', c)).toJS() as Parsed).services.api;

    it('a cmd check: healthcheck with test ["CMD-SHELL", argv as a shell-quoted line] and the timings', () => {
      expect(service({ health: CMD }).healthcheck).to.deep.equal({
        test: ['CMD-SHELL', "/bin/check --quick 'two words'"],
        interval: '10s',
        timeout: '2s',
        retries: 5,
        start_period: '45s',
      });
      // Quoted for the shell (no expansion inside single quotes), then $ doubled for compose's interpolation.
      expect(service({ health: { cmd: ['/bin/echo', '$HOME'] } }).healthcheck.test).to.deep.equal(['CMD-SHELL', "/bin/echo '$$HOME'"]);
      expect(service({ health: { cmd: ['/bin/sh', '-c', "echo 'it''s ok'", ''] } }).healthcheck.test).to.deep.equal(['CMD-SHELL', `/bin/sh -c 'echo '"'"'it'"'"''"'"'s ok'"'"'' ''`]);
      expect(service({})).not.to.have.property('healthcheck');
    });

    for (const health of [{ http: 'http://127.0.0.1:8443/healthz' }, { tcp: '127.0.0.1:8443' }]) {
      const kind = Object.keys(health)[0]!;
      it(`refuses a ${kind} check with EXPORT_UNSUPPORTED naming health.${kind}`, () => {
        const e = refusal('compose', { health });
        expect(e.code).to.equal('EXPORT_UNSUPPORTED');
        expect(e.message).to.match(new RegExp(`^cannot export service metacrypt to compose: component api: health\\.${kind} .*a cmd check.* in compose$`));
      });
    }
  });
});
