import { expect } from 'chai';
import { parseAllDocuments } from 'yaml';
import { FormatServiceExporter } from '../../../src/adapters/export/service-exporter.adapter';
import { DomainError } from '../../../src/domain/errors/domain-error';
import type { ForeignFormat } from '../../../src/domain/service/export-format';
import type { ComponentInput } from '../../../src/domain/service/service-spec';
import { golden, metacrypt, withComponent } from './export-fixtures';

const exporter = new FormatServiceExporter();
/** Parsed YAML, walked field by field below: the checks are the type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Parsed = Record<string, any>;

function failure(format: ForeignFormat, c: Partial<ComponentInput>): DomainError {
  try {
    exporter.render(withComponent(c), format);
  } catch (e) {
    expect(e).to.be.instanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error(`expected ${format} to refuse ${JSON.stringify(c)}`);
}

/** Every refusal is one line naming the service, the component and the field. */
function expectRefused(format: ForeignFormat, c: Partial<ComponentInput>, field: string, why: RegExp): void {
  const e = failure(format, c);
  expect(e.code).to.equal('EXPORT_UNSUPPORTED');
  expect(e.message).to.match(new RegExp(`^cannot export service metacrypt to ${format}: component api: ${field.replace(/[.[\]]/g, '\\$&')} `));
  expect(e.message).to.match(why);
  expect(e.message).not.to.contain('\n');
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

describe('export renderers', () => {
  describe('kube', () => {
    it('renders the golden multi-document YAML: one Pod per component, named like its container', () => {
      const [file, ...rest] = exporter.render(metacrypt(), 'kube');
      expect(rest).to.be.empty;
      expect(file!.name).to.equal('metacrypt.kube.yaml');
      expect(file!.content).to.equal(golden('metacrypt.kube.yaml'));
    });

    it('is structurally what a Kubernetes API server accepts: apiVersion/kind/metadata, DNS-1123 names, valid labels, typed fields', () => {
      const docs = parseAllDocuments(exporter.render(metacrypt(), 'kube')[0]!.content).map((d) => d.toJS() as Parsed);
      expect(docs.map((d) => d.metadata.name)).to.deep.equal(['metacrypt-api', 'metacrypt-cache']);
      for (const pod of docs) {
        expect(pod).to.include({ apiVersion: 'v1', kind: 'Pod' });
        expect(Object.keys(pod).sort()).to.deep.equal(['apiVersion', 'kind', 'metadata', 'spec']);
        expect(pod.metadata.name).to.match(DNS_SUBDOMAIN);
        for (const [k, v] of Object.entries(pod.metadata.labels as Record<string, string>)) {
          expect(k).to.match(QUALIFIED_NAME);
          expect(v).to.match(LABEL_VALUE);
        }
        expect(['Always', 'OnFailure', 'Never']).to.include(pod.spec.restartPolicy);
        const volumeNames = (pod.spec.volumes ?? []).map((v: { name: string }) => v.name);
        expect(new Set(volumeNames).size).to.equal(volumeNames.length);
        for (const n of volumeNames) expect(n).to.match(DNS_LABEL);
        for (const c of pod.spec.containers) {
          expect(c.name).to.match(DNS_LABEL);
          expect(['Always', 'IfNotPresent', 'Never']).to.include(c.imagePullPolicy);
          for (const e of c.env ?? []) expect(Object.keys(e).sort()).to.deep.equal(['name', 'value']);
          for (const p of c.ports ?? []) {
            expect(p.containerPort).to.be.a('number').within(1, 65535);
            expect(p.hostPort).to.be.a('number').within(1, 65535);
            expect(['TCP', 'UDP', 'SCTP']).to.include(p.protocol);
          }
          for (const m of c.volumeMounts ?? []) expect(volumeNames).to.include(m.name);
          for (const a of c.args ?? []) expect(a).to.be.a('string');
        }
      }
      // YAML 1.1 readers (go-yaml) must read "no" back as a string, not false.
      expect(docs[0]!.spec.containers[0].env).to.deep.include({ name: 'ANSWER', value: 'no' });
    });

    it('maps restart policies, pull policies, user and host network', () => {
      const pod = (c: Partial<ComponentInput>) => parseAllDocuments(exporter.render(withComponent(c), 'kube')[0]!.content)[0]!.toJS() as Parsed;
      expect(pod({ restart: 'no' }).spec.restartPolicy).to.equal('Never');
      expect(pod({ restart: 'always' }).spec.restartPolicy).to.equal('Always');
      expect(pod({}).spec.restartPolicy).to.equal('Always');
      expect(pod({ pull: 'never' }).spec.containers[0].imagePullPolicy).to.equal('Never');
      expect(pod({ user: '1000' }).spec.containers[0].securityContext).to.deep.equal({ runAsUser: 1000 });
      expect(pod({ network: 'host' }).spec.hostNetwork).to.equal(true);
      expect(pod({ volumes: ['/data'] }).spec.volumes).to.deep.equal([{ name: 'volume-1', emptyDir: {} }]);
      expect(pod({ ports: ['[::1]:8080:80'] }).spec.containers[0].ports).to.deep.equal([{ containerPort: 80, hostPort: 8080, hostIP: '::1', protocol: 'TCP' }]);
    });

    it('says in a comment what SELinux relabelling the operator must do, and that a stopped service is stopped', () => {
      const text = exporter.render(metacrypt({ active: false }), 'kube')[0]!.content;
      expect(text).to.contain('# /srv/metacrypt was mounted with :Z (SELinux relabel)');
      expect(text).to.contain('(active = false)');
    });

    it('refuses, naming service, component and field, every value Kubernetes cannot express', () => {
      expectRefused('kube', { restart: 'on-failure:3' }, 'restart', /retry limit/);
      expectRefused('kube', { network: 'mcpnet' }, 'network', /only host/);
      expectRefused('kube', { network: 'none' }, 'network', /only host/);
      expectRefused('kube', { user: 'www-data' }, 'user', /runAsUser takes a number/);
      expectRefused('kube', { ports: ['8080'] }, 'ports[0]', /random host port/);
      expectRefused('kube', { ports: ['127.0.0.1::8080'] }, 'ports[0]', /random host port/);
      expectRefused('kube', { ports: ['8000-8001:8000-8001'] }, 'ports[0]', /range/);
      expectRefused('kube', { ports: ['80:80', 'web:80'] }, 'ports[1]', /cannot be mapped/);
      expectRefused('kube', { volumes: ['/a:/b:nocopy'] }, 'volumes[0]', /option nocopy/);
      expectRefused('kube', { volumes: ['relative/path'] }, 'volumes[0]', /cannot be mapped/);
      expectRefused('kube', { volumes: ['My_Vol:/data'] }, 'volumes[0]', /DNS-1123/);
      expectRefused('kube', { env: { A: 'x$(B)' } }, 'env.A', /expanded/);
      expectRefused('kube', { cmd: ['echo', '$(HOME)'] }, 'cmd[1]', /expanded/);
    });
  });

  describe('quadlet', () => {
    // From podman-systemd.unit(5) of podman 4.4 (the first Quadlet): the keys its [Container] accepts.
    const CONTAINER_KEYS = [
      'AddCapability', 'AddDevice', 'Annotation', 'ContainerName', 'DropCapability', 'Environment', 'Exec', 'ExposeHostPort', 'Group', 'Image', 'Label',
      'Network', 'NoNewPrivileges', 'Notify', 'PodmanArgs', 'PublishPort', 'ReadOnly', 'RemapGid', 'RemapUid', 'RemapUidSize', 'RemapUsers', 'RunInit',
      'SeccompProfile', 'Timezone', 'User', 'VolatileTmp', 'Volume',
    ];
    // systemd.unit(5) / systemd.service(5) keys we use, and what Quadlet applies of [Install] (podman-systemd.unit(5): Alias, WantedBy, RequiredBy).
    const SECTIONS: Record<string, readonly string[]> = {
      Unit: ['Description', 'Documentation', 'Wants', 'Requires', 'After', 'Before'],
      Container: CONTAINER_KEYS,
      Service: ['Restart', 'RestartSec', 'TimeoutStartSec', 'TimeoutStopSec'],
      Install: ['Alias', 'WantedBy', 'RequiredBy'],
    };

    function entries(text: string): Array<[string, string, string]> {
      let section = '';
      const out: Array<[string, string, string]> = [];
      for (const line of text.split('\n')) {
        if (line === '' || line.startsWith('#')) continue;
        const header = /^\[(\w+)\]$/.exec(line);
        if (header) section = header[1]!;
        else out.push([section, line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
      }
      return out;
    }

    it('renders one golden <container>.container unit per component', () => {
      const files = exporter.render(metacrypt(), 'quadlet');
      expect(files.map((f) => f.name)).to.deep.equal(['metacrypt-api.container', 'metacrypt-cache.container']);
      for (const f of files) expect(f.content, f.name).to.equal(golden(f.name));
    });

    it('uses only keys podman-systemd.unit(5) documents, in the sections it documents them', () => {
      for (const spec of [metacrypt(), withComponent({ user: 'www-data', network: 'mcpnet', restart: 'no' })]) {
        for (const f of exporter.render(spec, 'quadlet')) {
          for (const [section, key] of entries(f.content)) expect(SECTIONS[section], `${f.name}: [${section}]`).to.include(key);
          expect(entries(f.content).filter(([s, k]) => s === 'Container' && k === 'Image')).to.have.length(1);
        }
      }
    });

    it('maps a named user to --user, restart policies to systemd, and leaves [Install] out for a stopped service', () => {
      const api = (c: Partial<ComponentInput>) => exporter.render(withComponent(c), 'quadlet')[0]!.content;
      expect(api({ user: 'www-data' })).to.contain('\nPodmanArgs=--user=www-data\n');
      expect(api({ user: '1000' })).to.contain('\nUser=1000\n').and.not.contain('Group=');
      expect(api({ restart: 'no' })).to.contain('\nRestart=no\n');
      expect(api({ restart: 'unless-stopped' })).to.contain('\nRestart=always\n');
      expect(api({ env: { MSG: 'say "hi" \\o/' } })).to.contain('\nEnvironment="MSG=say \\"hi\\" \\\\o/"\n');
      const stopped = exporter.render(metacrypt({ active: false }), 'quadlet')[0]!.content;
      expect(stopped).not.to.contain('[Install]');
      expect(stopped).to.contain('active = false');
    });

    it('refuses, naming service, component and field, every value a unit cannot express', () => {
      expectRefused('quadlet', { restart: 'on-failure:5' }, 'restart', /retry limit/);
      expectRefused('quadlet', { env: { A: 'line1\nline2' } }, 'env.A', /control character/);
      expectRefused('quadlet', { env: { A: '$HOME' } }, 'env.A', /\$ would be expanded/);
      expectRefused('quadlet', { cmd: ['sh', '-c', 'echo ${X}'] }, 'cmd[2]', /\$ would be expanded/);
      expectRefused('quadlet', { ports: ['5000:5000/sctp'] }, 'ports[0]', /protocol sctp/);
      expectRefused('quadlet', { ports: ['x:y:z:w'] }, 'ports[0]', /cannot be mapped/);
      expectRefused('quadlet', { volumes: ['a:b:c:d'] }, 'volumes[0]', /cannot be mapped/);
    });
  });

  describe('compose', () => {
    it('renders the golden compose file: one service per component, external named volumes and networks', () => {
      // podman-compose cannot run host networking (refused below): the cache is on an MCP network here.
      const [file, ...rest] = exporter.render(metacrypt({ cacheNetwork: 'mcpnet' }), 'compose');
      expect(rest).to.be.empty;
      expect(file!.name).to.equal('metacrypt.compose.yaml');
      expect(file!.content).to.equal(golden('metacrypt.compose.yaml'));
    });

    it('escapes $ (compose interpolates it), maps networks, and keeps every restart policy', () => {
      const doc = (c: Partial<ComponentInput>) => (parseAllDocuments(exporter.render(withComponent(c), 'compose')[0]!.content)[0]!.toJS() as Parsed);
      expect(doc({ env: { P: '$5' }, cmd: ['echo', '${X}'] }).services.api).to.deep.include({ environment: { P: '$$5' }, command: ['echo', '$${X}'] });
      expect(doc({}).services.api.network_mode).to.equal('bridge');
      expect(doc({ network: 'bridge' }).services.api.network_mode).to.equal('bridge');
      const named = doc({ network: 'mcpnet' });
      expect(named.services.api.networks).to.deep.equal(['mcpnet']);
      expect(named.networks).to.deep.equal({ mcpnet: { name: 'mcpnet', external: true } });
      expect(doc({ restart: 'on-failure:3' }).services.api.restart).to.equal('on-failure:3');
      expect(doc({ restart: 'no' }).services.api.restart).to.equal('no');
    });

    it('refuses, naming service, component and field, what podman-compose cannot read', () => {
      expectRefused('compose', { volumes: ['/a:/b:nocopy'] }, 'volumes[0]', /option nocopy/);
      expectRefused('compose', { volumes: ['/a:/b:Z,rshared'] }, 'volumes[0]', /only one of/);
      expectRefused('compose', { volumes: ['a:b'] }, 'volumes[0]', /cannot be mapped/);
      expectRefused('compose', { ports: ['80:80:80:80'] }, 'ports[0]', /cannot be mapped/);
      // podman-compose 1.0.3 adds `--net <project>_default --network-alias api`: podman refuses both beside host or none.
      expectRefused('compose', { network: 'host' }, 'network', /^.*network "host": podman-compose 1\.0\.3 \(Debian\) adds its own network and network alias .* in compose$/);
      expectRefused('compose', { network: 'none' }, 'network', /network "none": .*beside host or none networking in compose$/);
    });
  });
});
