/**
 * Text primitives shared by the core: decoding article bytes the way VS Code does,
 * and converting between offsets and line/column positions.
 */

/** A zero-based line and a zero-based column in UTF-16 code units (what `vscode.Position` holds). */
export interface LineColumn {
  line: number;
  character: number;
}

/** Maps offsets of one text to line/column and back; built once per text, O(log lines) per lookup. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // CR LF counts as one break; a lone CR also ends a line, as in VS Code.
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Zero-based line/column of an offset (clamped to the text). */
  positionAt(offset: number): LineColumn {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  /** Offset of a zero-based line/column (clamped to the line). */
  offsetAt(position: LineColumn): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    return Math.min(start + Math.max(0, position.character), end);
  }

  /** Offset where a line starts. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset of the end of a line's content, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The text of one line, without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/** What came of decoding a file's bytes as an article. */
export type DecodedText =
  | { kind: 'text'; text: string; invalidUtf8: boolean }
  | { kind: 'binary' };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Decodes bytes as VS Code does for a UTF-8 file: a BOM is removed, CRLF is kept.
 * Invalid UTF-8 is decoded with U+FFFD and flagged; a NUL byte in the first 8 KB marks a binary file.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const probe = Math.min(bytes.length, 8192);
  for (let i = 0; i < probe; i++) if (bytes[i] === 0) return { kind: 'binary' };
  try {
    return { kind: 'text', text: strictUtf8.decode(bytes), invalidUtf8: false };
  } catch {
    // Not UTF-8: keep going with replacement characters so the rest of the corpus still works.
    return { kind: 'text', text: lenientUtf8.decode(bytes), invalidUtf8: true };
  }
}

/** Removes a leading byte-order mark from text that was decoded elsewhere. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Orders strings by UTF-16 code units, never by locale: the same order on every machine. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `1 file`, `2 files`: a count with its noun, for messages. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
