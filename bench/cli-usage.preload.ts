import { writeFileSync } from 'node:fs';

// Loaded with `node -r` into the CLI a bench runs: as it exits, its peak RSS (KiB) and the CPU it used (ms).
const file = process.env['MCP_BENCH_RSS_FILE'];
if (file !== undefined) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  });
}
