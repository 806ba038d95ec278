import { Readable } from 'node:stream';
import { expect } from 'chai';
import { consumePull } from '../../../src/adapters/runtime/docker/docker-pull';

/** A pull's body as the engine sends it: JSON objects, one per line, cut anywhere. */
function body(...chunks: string[]): Readable {
  return Readable.from(chunks.map((c) => Buffer.from(c)));
}

describe('docker pull progress', () => {
  it('reads the progress to its end', async () => {
    const stream = body('{"status":"Pulling from mcp-test/app","id":"v1"}\n{"status":"Downl', 'oading","progressDetail":{"current":1}}\n', '{"status":"Status: Downloaded newer image"}\n');
    await consumePull(stream);
    expect(stream.readableEnded).to.equal(true);
  });

  it('keeps a character cut between two chunks whole in the error it throws', async () => {
    const line = Buffer.from('{"error":"manifest für v1 unknown"}\n');
    const cut = line.indexOf(Buffer.from('ü')) + 1;
    let e: unknown;
    try {
      await consumePull(Readable.from([line.subarray(0, cut), line.subarray(cut)]));
    } catch (x) {
      e = x;
    }
    expect((e as Error).message).to.equal('manifest für v1 unknown');
  });

  it('throws the error the engine puts in the stream after answering 200, even in the last line without a newline', async () => {
    let e: unknown;
    try {
      await consumePull(body('{"status":"Pulling"}\n', '{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}'));
    } catch (x) {
      e = x;
    }
    expect((e as Error).message).to.equal('manifest unknown');
    let only: unknown;
    try {
      await consumePull(body('{"errorDetail":{"message":"unauthorized: authentication required"}}\n'));
    } catch (x) {
      only = x;
    }
    expect((only as Error).message).to.equal('unauthorized: authentication required');
  });
});
