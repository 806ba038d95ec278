import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { replaceTextFile } from '../../definitions/toml/replace-file';
import { TomlLines } from '../../definitions/toml/toml-line-editor';
import { parseToml, readTextFile, tomlValue } from '../../definitions/toml/toml-source';
import { cliConfigFrom } from './cli-config.loader';
import { type CliConfig } from './config.types';

function invalid(path: string, why: string): DomainError {
  return new DomainError(ErrorCode.ConfigInvalid, `${path}: ${why}`);
}

/** Loads text as the CLI config without env overrides: the file itself must be valid. */
function check(path: string, text: string): CliConfig {
  return cliConfigFrom(parseToml(text, path, ErrorCode.ConfigInvalid), path, {});
}

async function write(path: string, text: string): Promise<void> {
  check(path, text);
  // The config may name a password file and token path; keep it private when new.
  await replaceTextFile(path, text, ErrorCode.ConfigInvalid, 0o600);
}

/** What `mcp node add` starts from on a workstation that has no config yet. */
const NEW_CONFIG = '# mcp CLI configuration (see deploy/examples/mcp.toml for every field).\n';

/**
 * Appends a `[[nodes]]` block at the end of the file; every existing byte
 * stays. With no file yet (a fresh workstation), it creates one.
 */
export async function addNode(configPath: string, name: string, address: string): Promise<void> {
  if (!existsSync(configPath)) mkdirSync(dirname(configPath), { recursive: true, mode: 0o700 });
  const text = existsSync(configPath) ? readTextFile(configPath, ErrorCode.ConfigInvalid, 'config file') : NEW_CONFIG;
  const config = check(configPath, text);
  if (address.trim() === '') throw invalid(configPath, `node ${JSON.stringify(name)}: address must not be empty`);
  if (config.nodes.some((n) => n.name === name)) throw invalid(configPath, `node ${JSON.stringify(name)} already exists; remove it first`);
  const next = TomlLines.parse(text).appendBlock(['[[nodes]]', `name = ${tomlValue(name)}`, `address = ${tomlValue(address)}`]);
  // The check inside write() rejects an invalid name or address with the usual message.
  await write(configPath, next.toString());
}

/**
 * Removes the `[[nodes]]` block of `name`. Comment lines directly above the
 * block (no blank line between) describe that node and go with it; a blank
 * line or any other content above stays. Everything else is byte-identical.
 */
export async function removeNode(configPath: string, name: string): Promise<void> {
  const text = readTextFile(configPath, ErrorCode.ConfigInvalid, 'config file');
  const config = check(configPath, text);
  const index = config.nodes.findIndex((n) => n.name === name);
  if (index < 0) throw invalid(configPath, `no node ${JSON.stringify(name)} (known: ${config.nodes.map((n) => n.name).join(', ') || 'none'})`);
  const doc = TomlLines.parse(text);
  const blocks = doc.regions().filter((r) => r.header?.array && r.header.name === 'nodes');
  if (blocks.length !== config.nodes.length) {
    throw invalid(configPath, 'nodes are not written as [[nodes]] blocks; edit the file by hand');
  }
  const block = blocks[index]!;
  // The empty string after the final newline is not part of any block.
  const lastLine = doc.lines.length - (text.endsWith('\n') ? 1 : 0);
  const wasLast = block.end >= lastLine;
  let next = doc.splice(block.start, Math.min(block.end, lastLine), []);
  if (wasLast) next = next.trimTrailingBlankLines();
  await write(configPath, next.toString());
}
