import type { Prng } from './prng';

/**
 * Mutations of a valid TOML file, as bytes (a flipped byte need not be
 * UTF-8). Each returns the new bytes and a short label for the failure report.
 */
type Mutation = (input: Buffer, rng: Prng) => Buffer;

const DEPTHS = [2, 3, 8, 16, 17, 40, 1000, 5000, 20000];
const HUGE = [20_000, 200_000, 1_100_000]; // the last is over the loaders' 1 MiB limit

const WRONG_VALUES = [
  '1', '-0', '0x7fffffffffffffff', '1e400', 'inf', '-nan', 'true', '1979-05-27T07:32:00Z', '07:32:00', '1979-05-27',
  '[]', '[1, 2]', '[[1], ["a"]]', '{}', '{ x = 1 }', '{ a = { b = "c" } }', '""', '" "', '"-rf"', '"--privileged"',
  '"a\\u0000b"', '"line\\nbreak"', '"\\u00e9\\u202e"', '"../../etc"', '"/"', "'''multi\nline'''", '"${HOME}"', '[""]', '["-x"]',
];

function lines(input: Buffer): string[] {
  return input.toString('latin1').split('\n');
}
const joined = (ls: readonly string[]): Buffer => Buffer.from(ls.join('\n'), 'latin1');

/** Indexes of `key = value` lines. */
function assignments(ls: readonly string[]): number[] {
  return ls.flatMap((l, i) => (/^\s*[A-Za-z0-9_"'.-]+\s*=/.test(l) ? [i] : []));
}

function replaceValue(input: Buffer, rng: Prng, value: (old: string) => string): Buffer {
  const ls = lines(input);
  const at = assignments(ls);
  if (at.length === 0) return input;
  const i = rng.pick(at);
  const eq = ls[i]!.indexOf('=');
  ls[i] = `${ls[i]!.slice(0, eq + 1)} ${value(ls[i]!.slice(eq + 1).trim())}`;
  return joined(ls);
}

function nested(rng: Prng, depth: number, inner: string): string {
  return rng.chance(0.5) ? '['.repeat(depth) + inner + ']'.repeat(depth) : '{ a = '.repeat(depth) + (inner || '1') + ' }'.repeat(depth);
}

export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  'byte flips': (input, rng) => {
    const out = Buffer.from(input);
    for (let n = 1 + rng.int(8); n > 0 && out.length > 0; n--) out[rng.int(out.length)] ^= 1 + rng.int(255);
    return out;
  },
  truncation: (input, rng) => input.subarray(0, rng.int(input.length + 1)),
  'deep nesting': (input, rng) => replaceValue(input, rng, (old) => nested(rng, rng.pick(DEPTHS), rng.chance(0.5) ? old : '')),
  'deep table headers': (input, rng) => Buffer.concat([input, Buffer.from(`\n[${Array.from({ length: rng.pick(DEPTHS) }, () => 'a').join('.')}]\nx = 1\n`)]),
  'huge string': (input, rng) => replaceValue(input, rng, () => `"${'x'.repeat(rng.pick(HUGE))}"`),
  'huge key': (input, rng) => Buffer.concat([input, Buffer.from(`\n${'k'.repeat(rng.pick(HUGE))} = "v"\n`)]),
  'huge array': (input, rng) => replaceValue(input, rng, () => `[${'"a", '.repeat(rng.pick(HUGE) / 5)}]`),
  NUL: (input, rng) => {
    const at = rng.int(input.length + 1);
    return Buffer.concat([input.subarray(0, at), Buffer.from([0]), input.subarray(at)]);
  },
  'control and invalid UTF-8 bytes': (input, rng) => {
    const at = rng.int(input.length + 1);
    const junk = Buffer.from(Array.from({ length: 1 + rng.int(6) }, () => rng.pick([0x01, 0x08, 0x0d, 0x1b, 0x7f, 0x80, 0xc3, 0xfe, 0xff, 0xef, 0xbb, 0xbf])));
    return Buffer.concat([input.subarray(0, at), junk, input.subarray(at)]);
  },
  'duplicate key': (input, rng) => {
    const ls = lines(input);
    const at = assignments(ls);
    if (at.length === 0) return input;
    const i = rng.pick(at);
    ls.splice(i + 1, 0, ls[i]!);
    return joined(ls);
  },
  'duplicate section': (input, rng) => {
    const ls = lines(input);
    const headers = ls.flatMap((l, i) => (/^\s*\[/.test(l) ? [i] : []));
    if (headers.length === 0) return input;
    return joined([...ls, ls[rng.pick(headers)]!, 'x = 1']);
  },
  'wrong type': (input, rng) => replaceValue(input, rng, () => rng.pick(WRONG_VALUES)),
  'line shuffle': (input, rng) => {
    const ls = lines(input);
    const i = rng.int(ls.length);
    const j = rng.int(ls.length);
    [ls[i], ls[j]] = [ls[j]!, ls[i]!];
    if (rng.chance(0.3)) ls.splice(rng.int(ls.length), 1);
    return joined(ls);
  },
};

// Huge inputs cost tens of milliseconds each to parse: a few of them find what a thousand would.
const COSTLY: ReadonlySet<string> = new Set(['huge string', 'huge key', 'huge array']);
const WEIGHTED = Object.keys(MUTATIONS).flatMap((name) => Array.from({ length: COSTLY.has(name) ? 1 : 8 }, () => name));

/** One to three mutations in a row; returns the bytes and what was done. */
export function mutate(input: Buffer, rng: Prng): { bytes: Buffer; applied: string[] } {
  const applied: string[] = [];
  let bytes = input;
  for (let n = 1 + (rng.chance(0.3) ? rng.int(3) : 0); n > 0; n--) {
    const name = rng.pick(WEIGHTED);
    applied.push(name);
    bytes = MUTATIONS[name]!(bytes, rng);
  }
  return { bytes, applied };
}
