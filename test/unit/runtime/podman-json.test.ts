import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { detailsFromInspect, imageIdsOf, parseImageInfo, parseImageInspect, parseJsonArray, parsePs } from '../../../src/adapters/runtime/podman/podman-json';
import { repoRoot } from '../../support/repo-root';

/*
 * Samples recorded from podman 4.3.1 (Debian 12) with:
 *   podman run -d --pull=never --name=mcprec-api --network=mcprecnet --user=1000:1000 --restart=unless-stopped
 *     -p=127.0.0.1:18443:8443 -p=127.0.0.1:15353:53/udp -v=/tmp/pod/vol:/data:Z -v=/tmp/pod/vol:/ro:ro
 *     -v=mcprecvol:/state -e=LOG_LEVEL=info -e=FOO=override --label=mcp.service=mcprec --label=mcp.component=api
 *     localhost/mcptest/bb:1 httpd -f -p 8443 -h /data
 *   podman run -d --pull=never --name=mcprec-plain localhost/mcptest/bb:1
 *   podman create --pull=never --name=mcprec-created --network=host localhost/mcptest/bb:1
 *   podman run -d --pull=never --name=mcprec-exited localhost/mcptest/bb:1 sh -c 'exit 3'
 *   podman container inspect mcprec-api mcprec-absent mcprec-plain mcprec-created mcprec-exited   (exit 125)
 * The image has ENV FOO=bar and CMD ["/bin/sh","-c","trap \"exit 0\" TERM; while :; do sleep 1; done"].
 */
const fixture = (name: string): string => readFileSync(join(repoRoot, 'test/unit/runtime/fixtures', name), 'utf8');

describe('podman JSON', () => {
  describe('ps --all --format=json', () => {
    const list = parsePs(fixture('podman-ps.json'));

    it('gives every container with its name, image, state and labels', () => {
      expect(list.map((c) => [c.name, c.image, c.state])).to.deep.equal([
        ['mcprec-api', 'localhost/mcptest/bb:1', 'running'],
        ['mcprec-plain', 'localhost/mcptest/bb:1', 'running'],
        ['mcprec-created', 'localhost/mcptest/bb:1', 'created'],
        ['mcprec-exited', 'localhost/mcptest/bb:1', 'exited'],
      ]);
      expect(list[0]!.labels).to.deep.equal({ 'mcp.component': 'api', 'mcp.service': 'mcprec' });
      expect(list[1]!.labels).to.deep.equal({}, 'null labels become an empty map');
    });

    it('reads the start time, and none for a container never started', () => {
      expect(list[0]!.startedAt?.toISOString()).to.equal(new Date(1795472814 * 1000).toISOString());
      expect(list[2]!.startedAt).to.equal(undefined);
    });

    it('reads an empty node', () => {
      expect(parsePs('[]\n')).to.deep.equal([]);
      expect(parsePs('')).to.deep.equal([]);
      expect(parsePs('null')).to.deep.equal([]);
    });

    it('refuses output that is not a JSON array', () => {
      expect(() => parsePs('Error: something')).to.throw(/not JSON/);
      expect(() => parsePs('{}')).to.throw(/JSON array/);
    });
  });

  describe('container inspect + image inspect', () => {
    const containers = parseJsonArray(fixture('podman-container-inspect-partial.json'), 'container inspect');
    const images = parseImageInspect(fixture('podman-image-inspect.json'));
    const details = containers.map((c) => detailsFromInspect(c, images));
    const byName = new Map(details.map((d) => [d.name, d]));

    it('holds the containers found when one name was absent (podman exits 125 but prints the rest)', () => {
      expect(fixture('podman-container-inspect-partial.stderr.txt')).to.contain('no such container mcprec-absent');
      expect(details.map((d) => d.name)).to.deep.equal(['mcprec-api', 'mcprec-plain', 'mcprec-created', 'mcprec-exited']);
    });

    it('asks for each distinct image once', () => {
      expect(imageIdsOf(containers)).to.deep.equal(['a6a85518f63b8f20d713de7350c7a9216762064b6a6024d5b01e3237482c2caa']);
      expect(images.get('a6a85518f63b8f20d713de7350c7a9216762064b6a6024d5b01e3237482c2caa')?.env).to.deep.equal(['FOO=bar']);
    });

    it('gives a component back as the TOML writes it', () => {
      const api = byName.get('mcprec-api')!;
      expect(api).to.deep.include({
        name: 'mcprec-api',
        image: 'localhost/mcptest/bb:1',
        state: 'running',
        network: 'mcprecnet',
        user: '1000:1000',
        restart: 'unless-stopped',
      });
      expect(api.labels).to.deep.equal({ 'mcp.component': 'api', 'mcp.service': 'mcprec' });
      expect(api.ports).to.have.members(['127.0.0.1:18443:8443', '127.0.0.1:15353:53/udp']);
      expect(api.volumes).to.have.members(['/tmp/pod/vol:/data', '/tmp/pod/vol:/ro:ro', 'mcprecvol:/state']);
      expect(api.cmd).to.deep.equal(['httpd', '-f', '-p', '8443', '-h', '/data']);
      expect(api.startedAt?.toISOString()).to.equal('2026-11-23T22:26:54.149Z');
    });

    it("keeps only run-time env: not the image's, not podman's own, but an override of the image's", () => {
      expect(byName.get('mcprec-api')!.env).to.deep.equal({ FOO: 'override', LOG_LEVEL: 'info' });
      expect(byName.get('mcprec-plain')!.env).to.deep.equal({});
    });

    it("leaves cmd empty when it is the image's default", () => {
      expect(byName.get('mcprec-plain')!.cmd).to.deep.equal([]);
      expect(byName.get('mcprec-exited')!.cmd).to.deep.equal(['sh', '-c', 'exit 3']);
    });

    it('reads the default network as none given, host networking as "host", and no policy as restart "no"', () => {
      const plain = byName.get('mcprec-plain')!;
      expect(plain.network).to.equal(undefined);
      expect(plain.user).to.equal(undefined);
      expect(plain.restart).to.equal('no');
      expect(plain.ports).to.deep.equal([]);
      expect(plain.volumes).to.deep.equal([]);
      expect(byName.get('mcprec-created')!.network).to.equal('host');
    });

    it('maps states and leaves the start time out for a container never started', () => {
      expect(byName.get('mcprec-created')!.state).to.equal('created');
      expect(byName.get('mcprec-created')!.startedAt).to.equal(undefined);
      expect(byName.get('mcprec-exited')!.state).to.equal('exited');
    });

    it('treats all env and cmd as run-time when the image is unknown', () => {
      const orphan = detailsFromInspect(containers[1]!, new Map());
      expect(orphan.env).to.deep.equal({ FOO: 'bar' });
      expect(orphan.cmd).to.have.length(3);
    });
  });

  // Image inspect (revisions).
  describe('image inspect of one image', () => {
    it('gives its ID and repo digests; nothing for an empty answer', () => {
      const info = parseImageInfo(fixture('podman-image-inspect.json'))!;
      expect(info.id).to.equal('a6a85518f63b8f20d713de7350c7a9216762064b6a6024d5b01e3237482c2caa');
      expect(info.repoDigests[0]).to.equal('127.0.0.1:15999/mcp-test/bb@sha256:52009d34222e1b4544cd6725591fd4f9bd0d415092ec5a871f6f0f8112c2a01f');
      expect(info.repoDigests).to.have.length(4);
      expect(parseImageInfo('[]')).to.equal(undefined);
    });
  });
});
