/**
 * A line-level view of a TOML file, just enough to change a value, add or
 * remove a key or a table block while every other byte (comments, blank
 * lines, key order, quoting, line endings) stays as the operator wrote it.
 * It does not validate: callers parse the result with the real parser
 * before writing it.
 */

export interface Statement {
  /** The key as written, unquoted when it is a single quoted key (`"name"` → `name`). */
  readonly key: string;
  readonly line: number;
  /** Last line of the value (multi-line arrays and strings). */
  readonly endLine: number;
  /** Column on `line` where the value starts. */
  readonly valueStart: number;
  /** Column on `endLine` just after the value (before any trailing comment). */
  readonly valueEnd: number;
}

export interface Header {
  readonly line: number;
  readonly name: string;
  readonly array: boolean;
}

/** A header with the lines it owns; the top region (before any header) has no header. */
export interface Region {
  readonly header?: Header;
  /** First line, including comment lines directly above the header (they describe it). */
  readonly start: number;
  /** One past the last line. */
  readonly end: number;
  readonly statements: readonly Statement[];
}

type StringState = 'none' | 'ml-basic' | 'ml-literal';
interface ScanState {
  depth: number;
  str: StringState;
}

/** Scans value text from `from`, updating bracket depth and string state; returns where the value ends on this line. */
function scanValue(line: string, from: number, state: ScanState): number {
  let i = from;
  let end = from;
  while (i < line.length) {
    const ch = line[i]!;
    if (state.str !== 'none') {
      const quote = state.str === 'ml-basic' ? '"' : "'";
      if (state.str === 'ml-basic' && ch === '\\') {
        i += 2;
      } else if (line.startsWith(quote.repeat(3), i)) {
        // Up to two extra quotes may close a multi-line string (""""" is legal).
        while (line[i] === quote) i++;
        state.str = 'none';
      } else {
        i++;
      }
      end = Math.min(i, line.length);
      continue;
    }
    if (ch === '#') break;
    if (ch === '"' || ch === "'") {
      if (line.startsWith(ch.repeat(3), i)) {
        state.str = ch === '"' ? 'ml-basic' : 'ml-literal';
        i += 3;
      } else {
        let j = i + 1;
        while (j < line.length && line[j] !== ch) j += ch === '"' && line[j] === '\\' ? 2 : 1;
        i = j + 1;
      }
      end = Math.min(i, line.length);
      continue;
    }
    if (ch === '[' || ch === '{') state.depth++;
    else if (ch === ']' || ch === '}') state.depth--;
    if (!/\s/.test(ch)) end = i + 1;
    i++;
  }
  return end;
}

/** Index of the `=` that ends the key, skipping quoted key parts; -1 if none. */
function keyEnd(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"' || ch === "'") {
      const close = line.indexOf(ch, i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (ch === '=') {
      return i;
    }
  }
  return -1;
}

function normaliseKey(raw: string): string {
  const key = raw.trim();
  const quoted = /^"([^"\\.]*)"$|^'([^'.]*)'$/.exec(key);
  return quoted ? (quoted[1] ?? quoted[2]!) : key;
}

const ARRAY_HEADER = /^\s*\[\[\s*([^\]]+?)\s*\]\]\s*(#.*)?\r?$/;
const TABLE_HEADER = /^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?\r?$/;

function isComment(line: string): boolean {
  return line.trimStart().startsWith('#');
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

export class TomlLines {
  private constructor(
    readonly lines: readonly string[],
    readonly eol: string,
  ) {}

  static parse(text: string): TomlLines {
    return new TomlLines(text.split('\n'), text.includes('\r\n') ? '\r\n' : '\n');
  }

  static fromLines(lines: readonly string[], eol: string): TomlLines {
    return new TomlLines(lines, eol);
  }

  toString(): string {
    return this.lines.join('\n');
  }

  /** The file cut into the top region and one region per table header, in order. */
  regions(): Region[] {
    const headers: Header[] = [];
    const statements: Statement[] = [];
    const state: ScanState = { depth: 0, str: 'none' };
    for (let n = 0; n < this.lines.length; n++) {
      const line = this.lines[n]!;
      if (isBlank(line) || isComment(line)) continue;
      const array = ARRAY_HEADER.exec(line);
      const table = array ? null : TABLE_HEADER.exec(line);
      if (array || table) {
        headers.push({ line: n, name: (array ?? table)![1]!, array: array !== null });
        continue;
      }
      const eq = keyEnd(line);
      if (eq < 0) continue;
      let valueStart = eq + 1;
      while (valueStart < line.length && (line[valueStart] === ' ' || line[valueStart] === '\t')) valueStart++;
      state.depth = 0;
      state.str = 'none';
      let endLine = n;
      let valueEnd = scanValue(line, valueStart, state);
      while ((state.depth > 0 || state.str !== 'none') && endLine + 1 < this.lines.length) {
        endLine++;
        const next = scanValue(this.lines[endLine]!, 0, state);
        if (next > 0 || state.str !== 'none') valueEnd = next;
      }
      statements.push({ key: normaliseKey(line.slice(0, eq)), line: n, endLine, valueStart, valueEnd });
      n = endLine;
    }
    const starts = headers.map((h) => {
      let start = h.line;
      while (start > 0 && isComment(this.lines[start - 1]!)) start--;
      return start;
    });
    const regions: Region[] = [];
    const bounds = [0, ...starts, this.lines.length];
    for (let i = 0; i < bounds.length - 1; i++) {
      const start = bounds[i]!;
      const end = Math.max(start, bounds[i + 1]!);
      const header = i === 0 ? undefined : headers[i - 1]!;
      const from = header ? header.line : start;
      regions.push({
        ...(header ? { header } : {}),
        start,
        end,
        statements: statements.filter((s) => s.line >= from && s.line < end),
      });
    }
    return regions;
  }

  /** Replaces the value of a statement, keeping its key, spacing and trailing comment. */
  replaceValue(s: Statement, value: string): TomlLines {
    const first = this.lines[s.line]!;
    const last = this.lines[s.endLine]!;
    const joined = first.slice(0, s.valueStart) + value + last.slice(s.valueEnd);
    return this.splice(s.line, s.endLine + 1, [joined]);
  }

  removeStatement(s: Statement): TomlLines {
    return this.splice(s.line, s.endLine + 1, []);
  }

  /** Inserts whole lines before line `at`. */
  insertLines(at: number, lines: readonly string[]): TomlLines {
    return this.splice(at, at, lines);
  }

  splice(from: number, to: number, lines: readonly string[]): TomlLines {
    const cr = this.eol === '\r\n' ? '\r' : '';
    const added = lines.map((l) => (cr && !l.endsWith('\r') ? l + cr : l));
    return new TomlLines([...this.lines.slice(0, from), ...added, ...this.lines.slice(to)], this.eol);
  }

  /** Removes blank lines at the end, keeping the final newline. */
  trimTrailingBlankLines(): TomlLines {
    const lines = [...this.lines];
    while (lines.length > 1 && isBlank(lines[lines.length - 1]!) && isBlank(lines[lines.length - 2]!)) lines.splice(lines.length - 2, 1);
    return new TomlLines(lines, this.eol);
  }

  /** Appends lines as a new block, after a blank line when the file has content; the file ends with a newline. */
  appendBlock(block: readonly string[]): TomlLines {
    const cr = this.eol === '\r\n' ? '\r' : '';
    const lines = [...this.trimTrailingBlankLines().lines];
    if (lines[lines.length - 1] === '') lines.pop();
    if (lines.length > 0 && !isBlank(lines[lines.length - 1]!)) lines.push(cr);
    if (lines.length > 0 && lines.every(isBlank)) lines.length = 0;
    return new TomlLines([...lines, ...block.map((l) => l + cr), ''], this.eol);
  }
}

export function isBlankLine(line: string): boolean {
  return isBlank(line);
}
