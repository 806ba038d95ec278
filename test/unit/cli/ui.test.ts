import { expect } from 'chai';
import { makeSut, runMcp } from './cli-sut';

describe('mcp ui (the command; the server is tested in test/integration/ui and test/e2e)', () => {
  it('passes --listen, --open and the TLS files to the dashboard, loopback 127.0.0.1:9446 by default', async () => {
    const sut = makeSut();
    expect((await runMcp(sut, ['ui'])).code).to.equal(0);
    expect((await runMcp(sut, ['ui', '--listen', '0.0.0.0:8443', '--open', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'])).code).to.equal(0);
    expect(sut.dashboards).to.deep.equal([
      { listen: '127.0.0.1:9446', open: false },
      { listen: '0.0.0.0:8443', open: true, tlsCert: 'c.pem', tlsKey: 'k.pem' },
    ]);
  });

  it('is listed by --help', async () => {
    const r = await runMcp(makeSut(), ['--help']);
    expect(r.stdout).to.match(/\n {2}ui \[options\] +serve a live web dashboard/);
  });
});
