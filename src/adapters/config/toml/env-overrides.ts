import { getMetadataStorage } from '../../support/validation/class-validator.lite';
import { type EnvKind } from './config-dto.common';
import { type Env } from './paths';

/** Which env var set which key ("monitor.interval" → "MCP_AGENT_MONITOR_INTERVAL"), to name it in errors. */
export type OverrideSources = ReadonlyMap<string, string>;

function keysOf(section: abstract new () => object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(section, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/**
 * Reads an argv from one env var: a JSON array when the value starts with
 * '[' (for arguments with spaces), else the value split on whitespace.
 * A value that is not a JSON array of strings is left as text so the
 * validator names it.
 */
function parseArgv(text: string): unknown {
  if (!text.trimStart().startsWith('[')) return text.trim().split(/\s+/).filter((s) => s !== '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function convert(text: string, kind: EnvKind): unknown {
  switch (kind) {
    case 'string':
      return text;
    case 'integer':
      return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
    case 'size':
      return /^\d+$/.test(text.trim()) ? Number(text.trim()) : text;
    case 'argv':
      return parseArgv(text);
  }
}

/**
 * Applies `<prefix><SECTION>_<KEY>` env vars over the parsed file, in place.
 * Only keys the schema knows are looked up, so unrelated MCP_* variables
 * (MCP_CONFIG, the alert command's MCP_SERVICE, …) are never mistaken for
 * overrides. An empty value counts as unset.
 */
export function applyEnvOverrides(
  raw: Record<string, unknown>,
  sections: Readonly<Record<string, abstract new () => object>>,
  kinds: Readonly<Record<string, EnvKind>>,
  prefix: string,
  env: Env,
): OverrideSources {
  const sources = new Map<string, string>();
  for (const [section, dto] of Object.entries(sections)) {
    for (const key of keysOf(dto)) {
      const name = `${prefix}${section}_${key}`.toUpperCase();
      const text = env[name];
      if (text === undefined || text === '') continue;
      const existing = raw[section];
      const table = typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? (existing as Record<string, unknown>) : {};
      if (table !== existing) raw[section] = table;
      table[key] = convert(text, kinds[`${section}.${key}`] ?? 'string');
      sources.set(`${section}.${key}`, name);
    }
  }
  return sources;
}
