import { writeFileSync } from 'node:fs';

// Loaded with `node -r` into the CLI a bench runs: its peak RSS (KiB), written as it exits.
const file = process.env['MCP_BENCH_RSS_FILE'];
if (file !== undefined) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
