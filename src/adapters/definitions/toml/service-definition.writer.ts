import { existsSync } from 'node:fs';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { type ServiceSpec, recheckServiceSpec, sameServiceSpec } from '../../../domain/service/service-spec';
import { replaceTextFile } from './replace-file';
import { editServiceDefinition } from './service-definition.edit';
import { parseServiceDefinition } from './service-definition.loader';
import { renderServiceDefinition } from './service-definition.render';
import { readTextFile } from './toml-source';

/**
 * The last gate before bytes reach the disk: the new text must load back
 * as exactly the spec, so a bad spec or an editor slip can never be written.
 */
async function writeChecked(path: string, text: string, spec: ServiceSpec): Promise<void> {
  const reloaded = parseServiceDefinition(text, path);
  if (!sameServiceSpec(reloaded, spec)) {
    throw new DomainError(ErrorCode.Internal, `${path}: the rewritten file would not define the same service; file left unchanged`);
  }
  await replaceTextFile(path, text, ErrorCode.InvalidSpec);
}

/** Writes a clean definition, replacing whatever is at `path`. */
export async function writeServiceDefinition(path: string, spec: ServiceSpec): Promise<void> {
  const valid = recheckServiceSpec(spec, path);
  await writeChecked(path, renderServiceDefinition(valid), valid);
}

/**
 * Writes `spec` to `path`: a clean file when there is none, otherwise only
 * the lines that differ, so the operator's comments and layout survive.
 * An unchanged spec leaves the file untouched (not even rewritten).
 */
export async function exportServiceDefinition(path: string, spec: ServiceSpec): Promise<void> {
  const valid = recheckServiceSpec(spec, path);
  if (!existsSync(path)) {
    await writeChecked(path, renderServiceDefinition(valid), valid);
    return;
  }
  const text = readTextFile(path, ErrorCode.FileNotFound, 'service definition', ErrorCode.InvalidSpec);
  const current = parseServiceDefinition(text, path);
  if (sameServiceSpec(current, valid)) return;
  await writeChecked(path, editServiceDefinition(text, current, valid), valid);
}

/** Sets `active` (what `mcp stop|start` do to the file), keeping every other byte. Returns the new spec. */
export async function setActive(path: string, active: boolean): Promise<ServiceSpec> {
  return (await flipActive(path, active)).spec;
}

/**
 * `setActive` with the way back, for a stop/start the node then refuses:
 * `undo()` puts back the very text the file had when it still holds what
 * was written, else (someone edited it since) only its `active` line.
 * Nothing written, nothing undone.
 */
export async function flipActive(path: string, active: boolean): Promise<{ spec: ServiceSpec; undo: () => Promise<void> }> {
  const text = readTextFile(path, ErrorCode.FileNotFound, 'service definition', ErrorCode.InvalidSpec);
  const current = parseServiceDefinition(text, path);
  const next = { ...current, active };
  if (current.active === active) return { spec: next, undo: async () => undefined };
  const written = editServiceDefinition(text, current, next);
  await writeChecked(path, written, next);
  const undo = async (): Promise<void> => {
    const now = readTextFile(path, ErrorCode.FileNotFound, 'service definition', ErrorCode.InvalidSpec);
    if (now === written) await replaceTextFile(path, text, ErrorCode.InvalidSpec);
    else await setActive(path, current.active);
  };
  return { spec: next, undo };
}
