import { expect } from 'chai';
import { imageVersion } from '../../../src/domain/image/image-version';

describe('imageVersion', () => {
  const table: Array<[string, string]> = [
    ['reg/img:v1.2.0', 'v1.2.0'],
    ['reg/img:latest', 'latest'],
    ['reg/img', ''],
    ['img', ''],
    ['img:1', '1'],
    ['host:5000/img', ''],
    ['host:5000/img:v2', 'v2'],
    ['host:5000/team/img:2024.01', '2024.01'],
    [`reg/img@sha256:${'0123456789abcdef'.repeat(4)}`, 'sha256:0123456789ab'],
    [`host:5000/img:v1@sha256:${'a'.repeat(64)}`, `sha256:${'a'.repeat(12)}`],
  ];
  for (const [image, version] of table) {
    it(`${image} → ${JSON.stringify(version)}`, () => expect(imageVersion(image)).to.equal(version));
  }
});
