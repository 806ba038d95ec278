import { expect } from 'chai';
import { parseLogLine } from '../../../src/adapters/runtime/common/log-line';
import { parseEvent } from '../../../src/adapters/runtime/podman/podman-stream-json';
import { CappedOutput } from '../../../src/adapters/runtime/common/capped-output';
import { containerActionOf } from '../../../src/adapters/runtime/common/container-action';

/** Recorded from podman 4.3.1 (`podman events --format json`, file events logger). */
const DIED =
  '{"ContainerExitCode":137,"ID":"6206d509a161","Image":"localhost/rtx:v1","Name":"web","Status":"died","Time":"2026-11-27T15:45:11.597643167Z","Type":"container","Attributes":{"mcp.service":"web","mcp.component":"main"}}';

describe('podman logs and events lines', () => {
  it('reads a timestamped log line, keeping spaces and an empty line', () => {
    expect(parseLogLine('stdout', '2026-11-27T15:45:04.215754359Z  two  spaces ')).to.deep.equal({
      stream: 'stdout',
      time: new Date('2026-11-27T15:45:04.215Z'),
      line: ' two  spaces ',
    });
    expect(parseLogLine('stderr', '2026-11-27T15:45:04Z ')?.line).to.equal('');
    expect(parseLogLine('stderr', '2026-11-27T15:45:04+01:00')?.time).to.deep.equal(new Date('2026-11-27T14:45:04Z'));
  });

  it("tells podman's own messages (no time in front) from the container's lines", () => {
    expect(parseLogLine('stderr', 'Error: no container with name or ID "x" found: no such container')).to.equal(undefined);
  });

  it('reads an event with the container name, normalised action, time and labels', () => {
    expect(parseEvent(DIED)).to.deep.equal({
      container: 'web',
      action: 'die',
      time: new Date('2026-11-27T15:45:11.597Z'),
      labels: { 'mcp.service': 'web', 'mcp.component': 'main' },
    });
  });

  it('reads the Unix times newer podman prints, and skips what is not a container event', () => {
    const e = parseEvent('{"Name":"web","Status":"start","time":1795790704,"timeNano":1795790704215754000,"Type":"container"}');
    expect(e?.time).to.deep.equal(new Date(1795790704215));
    expect(e?.labels).to.deep.equal({});
    expect(parseEvent('{"Name":"img","Status":"pull","Time":"2026-11-27T15:45:11Z","Type":"image"}')).to.equal(undefined);
    expect(parseEvent('not json')).to.equal(undefined);
    expect(parseEvent('{"Status":"start","Time":"2026-11-27T15:45:11Z"}')).to.equal(undefined);
  });

  it("normalises both engines' words for the same action", () => {
    expect(['died', 'die', 'destroy', 'remove', 'restart', 'exec_start: sh -c true', 'cleanup'].map(containerActionOf)).to.deep.equal([
      'die',
      'die',
      'remove',
      'remove',
      'start',
      'other',
      'other',
    ]);
  });

  it('keeps the first bytes up to the limit and drops the rest', () => {
    const out = new CappedOutput(5);
    out.add('abc');
    out.add(Buffer.from('defgh'));
    out.add('ijk');
    expect(out.text()).to.equal('abcde');
  });
});
