import { createHash } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { BUILD_RECORD_SUFFIX, type BuildRecord } from './compiled-bundle';

/**
 * Records the bundle's content hash beside it, for the compiled-code cache
 * (compiled-bundle.ts) to key on. Run by `npm run build:cli-bundle` right
 * after esbuild. A copy of the bundle (an install) has a new ctime, so the
 * record no longer vouches for it by itself: compiled-bundle.ts hashes such
 * a copy at its first start and remembers the match.
 */
export function writeBuildRecord(bundlePath: string): BuildRecord {
  const sha256 = createHash('sha256').update(readFileSync(bundlePath)).digest('hex');
  // Stat after hashing: a write in between changes the ctime, so the record goes stale rather than wrong.
  const { size, ctimeMs } = statSync(bundlePath);
  const record: BuildRecord = { sha256, size, ctimeMs };
  const file = `${bundlePath}${BUILD_RECORD_SUFFIX}`;
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(record)}\n`);
  renameSync(temp, file);
  return record;
}

if (require.main === module) {
  const [bundle] = process.argv.slice(2);
  if (bundle === undefined) {
    process.stderr.write('usage: node bundle-build-record.js <bundle.js>\n');
    process.exitCode = 2;
  } else {
    writeBuildRecord(bundle);
  }
}
