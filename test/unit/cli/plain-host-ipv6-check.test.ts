import { expect } from 'chai';
import net from 'node:net';
import sinon from 'sinon';
import { answerPlainHostsWithoutIpv6Pattern } from '../../../src/bootstrap/cli/plain-host-ipv6-check';

describe('answerPlainHostsWithoutIpv6Pattern (the CLI skips the IPv6 pattern for hosts without a colon)', () => {
  const { isIP, isIPv6 } = net;
  afterEach(() => Object.assign(net, { isIP, isIPv6 }));

  const inputs: unknown[] = ['127.0.0.1', 'rift', 'rift.lan', '', '::1', '::ffff:127.0.0.1', 'fe80::1%eth0', '1:2:3:4:5:6:7:8', 'not:ipv6', '[::1]', 5, undefined];
  const withColon = ['::1', '::ffff:127.0.0.1', 'fe80::1%eth0', '1:2:3:4:5:6:7:8', 'not:ipv6', '[::1]', 5, undefined];

  it("answers isIPv6 and isIP as Node does, asking Node's own checks only about strings with a ':' (and non-strings)", () => {
    const expected = { v6: inputs.map((i) => isIPv6(i as string)), ip: inputs.map((i) => isIP(i as string)) };
    const asked = { v6: sinon.spy(isIPv6), ip: sinon.spy(isIP) };
    Object.assign(net, { isIPv6: asked.v6, isIP: asked.ip });
    const undo = answerPlainHostsWithoutIpv6Pattern();
    expect(inputs.map((i) => net.isIPv6(i as string))).to.deep.equal(expected.v6);
    expect(inputs.map((i) => net.isIP(i as string))).to.deep.equal(expected.ip);
    expect(asked.v6.args.map((a) => a[0])).to.deep.equal(withColon);
    expect(asked.ip.args.map((a) => a[0])).to.deep.equal(withColon);
    undo();
    expect([net.isIPv6, net.isIP]).to.deep.equal([asked.v6, asked.ip]);
  });
});
