import { expect } from 'chai';
import net from 'node:net';
import sinon from 'sinon';
import { answerPlainHostsWithoutIpv6Pattern } from '../../../src/bootstrap/cli/plain-host-ipv6-check';

describe('answerPlainHostsWithoutIpv6Pattern (the CLI skips the IPv6 pattern for hosts without a colon)', () => {
  const nodeIsIPv6 = net.isIPv6;
  afterEach(() => {
    net.isIPv6 = nodeIsIPv6;
  });

  it("answers every input as Node does, asking Node's check only about strings with a ':'", () => {
    const inputs: unknown[] = ['127.0.0.1', 'rift', 'rift.lan', '', '::1', '::ffff:127.0.0.1', 'fe80::1%eth0', '1:2:3:4:5:6:7:8', 'not:ipv6', '[::1]', 5, undefined];
    const expected = inputs.map((i) => nodeIsIPv6(i as string));
    const asked = sinon.spy(nodeIsIPv6);
    net.isIPv6 = asked;
    const undo = answerPlainHostsWithoutIpv6Pattern();
    expect(inputs.map((i) => net.isIPv6(i as string))).to.deep.equal(expected);
    expect(asked.args.map((a) => a[0])).to.deep.equal(['::1', '::ffff:127.0.0.1', 'fe80::1%eth0', '1:2:3:4:5:6:7:8', 'not:ipv6', '[::1]', 5, undefined]);
    undo();
    expect(net.isIPv6).to.equal(asked);
  });
});
