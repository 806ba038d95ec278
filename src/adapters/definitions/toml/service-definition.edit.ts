import * as TOML from '@iarna/toml';
import { type ComponentSpec, type ServiceSpec } from '../../../domain/service/service-spec';
import { COMPONENT_KEYS, componentValue, renderComponent, renderServiceDefinition } from './service-definition.render';
import { type Region, TomlLines, isBlankLine } from './toml-line-editor';
import { tomlValue } from './toml-source';

/** One contiguous run of lines in the output, and where it sat in the original file (-1: new). */
interface Piece {
  lines: string[];
  readonly origin: number;
}

function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return JSON.stringify(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
  }
  return JSON.stringify(value);
}

/**
 * Edits one `[[components]]` chunk key by key. Returns undefined when a
 * changed key is written in a form the line editor does not rewrite
 * (a `[components.env]` sub-table, dotted keys): the caller re-renders the chunk.
 */
function editComponentChunk(chunk: TomlLines, before: ComponentSpec, after: ComponentSpec): TomlLines | undefined {
  let doc = chunk;
  for (const key of COMPONENT_KEYS) {
    if (canonical(componentValue(before, key)) === canonical(componentValue(after, key))) continue;
    const regions = doc.regions();
    const main = regions[1]!;
    const tricky =
      regions.slice(2).some((r) => r.header?.name.startsWith(`components.${key}`)) || main.statements.some((s) => s.key.startsWith(`${key}.`));
    if (tricky) return undefined;
    const statement = main.statements.find((s) => s.key === key);
    // A key already in the file keeps its line (and comment) even when the new value is the default.
    // health is written in the file's shape (durations as text), not the domain's; secret_files is secretFiles there.
    const value = key === 'health' || key === 'secret_files' || key === 'secrets' ? componentValue(after, key) : after[key];
    if (statement && value === undefined) doc = doc.removeStatement(statement);
    else if (statement) doc = doc.replaceValue(statement, tomlValue(value));
    else if (value !== undefined) {
      const last = main.statements[main.statements.length - 1];
      doc = doc.insertLines(last ? last.endLine + 1 : main.header!.line + 1, [`${key} = ${tomlValue(value)}`]);
    }
  }
  return doc;
}

function rerenderChunk(chunk: TomlLines, header: number, after: ComponentSpec): string[] {
  const lines = chunk.lines;
  let trailing = 0;
  while (trailing < lines.length - header - 1 && isBlankLine(lines[lines.length - 1 - trailing]!)) trailing++;
  const cr = chunk.eol === '\r\n' ? '\r' : '';
  return [...lines.slice(0, header), ...renderComponent(after).map((l) => l + cr), ...lines.slice(lines.length - trailing)];
}

function editTop(top: TomlLines, current: ServiceSpec, spec: ServiceSpec): TomlLines {
  let doc = top;
  for (const key of ['name', 'node', 'active'] as const) {
    if (current[key] === spec[key]) continue;
    const region = doc.regions()[0]!;
    const statement = region.statements.find((s) => s.key === key);
    if (statement) {
      doc = doc.replaceValue(statement, tomlValue(spec[key]));
    } else {
      const last = region.statements[region.statements.length - 1];
      doc = doc.insertLines(last ? last.endLine + 1 : 0, [`${key} = ${tomlValue(spec[key])}`]);
    }
  }
  return doc;
}

/**
 * Rewrites `text` (a valid definition of `current`) so it defines `spec`,
 * changing only the lines that differ. Components are matched by name;
 * new ones are appended, removed ones lose their block (with the comment
 * lines directly above it). A layout the editor cannot map (components
 * written as an inline array) gets a clean file instead.
 */
export function editServiceDefinition(text: string, current: ServiceSpec, spec: ServiceSpec): string {
  const finalNewline = text.endsWith('\n');
  const body = TomlLines.parse(finalNewline ? text.slice(0, -1) : text);
  const regions = body.regions();
  const chunks = regions.slice(1);
  const componentHeaders = chunks.filter((r) => r.header?.array && r.header.name === 'components');
  const rawCount = (TOML.parse(text)['components'] as unknown[] | undefined)?.length ?? 0;
  if (componentHeaders.length !== rawCount || componentHeaders.length !== current.components.length) {
    return renderServiceDefinition(spec);
  }
  // Sub-tables such as [components.env] belong to the [[components]] block above them.
  const blocks: { start: number; end: number; header: number }[] = [];
  for (const r of chunks) {
    if (r.header?.array && r.header.name === 'components') blocks.push({ start: r.start, end: r.end, header: r.header.line });
    else if (blocks.length > 0) blocks[blocks.length - 1]!.end = r.end;
  }
  const slice = (r: { start: number; end: number }) => TomlLines.fromLines(body.lines.slice(r.start, r.end), body.eol);
  const topRegion: Pick<Region, 'start' | 'end'> = { start: 0, end: blocks[0]?.start ?? body.lines.length };
  const pieces: Piece[] = [{ lines: [...editTop(slice(topRegion), current, spec).lines], origin: 0 }];
  for (const after of spec.components) {
    const index = current.components.findIndex((c) => c.name === after.name);
    if (index < 0) {
      pieces.push({ lines: renderComponent(after).map((l) => (body.eol === '\r\n' ? `${l}\r` : l)), origin: -1 });
      continue;
    }
    const block = blocks[index]!;
    const chunk = slice(block);
    const edited = editComponentChunk(chunk, current.components[index]!, after);
    pieces.push({ lines: edited ? [...edited.lines] : rerenderChunk(chunk, block.header - block.start, after), origin: index + 1 });
  }
  return join(pieces, blocks.length, body.eol) + (finalNewline ? '\n' : '');
}

/** Joins pieces; where two pieces meet that did not meet before, a blank line separates them. */
function join(pieces: Piece[], lastOrigin: number, eol: string): string {
  const blank = eol === '\r\n' ? '\r' : '';
  for (let i = 0; i + 1 < pieces.length; i++) {
    const p = pieces[i]!;
    const q = pieces[i + 1]!;
    const adjacentBefore = p.origin >= 0 && q.origin === p.origin + 1;
    if (!adjacentBefore && p.lines.length > 0 && !isBlankLine(p.lines[p.lines.length - 1]!)) p.lines.push(blank);
  }
  const lines = pieces.flatMap((p) => p.lines);
  if (pieces[pieces.length - 1]!.origin !== lastOrigin) {
    while (lines.length > 0 && isBlankLine(lines[lines.length - 1]!)) lines.pop();
  }
  return lines.join('\n');
}
