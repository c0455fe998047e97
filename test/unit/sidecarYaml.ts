/**
 * A small YAML emitter for the property test of the sidecar writer: it writes a tree of nodes in
 * the styles people write by hand (block and flow, plain, quoted, wrapped, literal and folded,
 * comments everywhere, 2 or 4 spaces, CRLF, BOM) and records every comment it writes, so the test
 * can tell whether the writer kept them. It shares nothing with the writer's renderer.
 */

/** How a scalar is written; a style that cannot hold the value falls back to double-quoted. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded' | 'wrapped-plain' | 'wrapped-single' | 'wrapped-double';

export interface YScalar {
  t: 'scalar';
  /** `null` is written as nothing at all (`key:`), numbers as digits. */
  value: string | number | null;
  style: ScalarStyle;
  /** Double-quoted: non-ASCII written as `\u00e9` / `\U0001F600` escapes. */
  escapeNonAscii?: boolean;
  /** Block scalars: write the indentation indicator even when it is not needed. */
  indicator?: boolean;
  /** Wrapped styles: break at every n-th space (n ≥ 1). */
  wrapEvery?: number;
}

export interface YMap {
  t: 'map';
  flow: boolean;
  /** Flow: one item per line. */
  wrap?: boolean;
  pairs: YPair[];
  /** Tags of every comment inside (see `Comment`). */
  tags?: string[];
}

export interface YSeq {
  t: 'seq';
  flow: boolean;
  wrap?: boolean;
  /** Block: the dashes at the key's column (`key:\n- a`) rather than indented. */
  indentless?: boolean;
  items: YItem[];
  tags?: string[];
}

export type YNode = YScalar | YMap | YSeq;

/** A blank line or an own-line comment. */
export type Before = { blank: true } | { comment: string };

export interface YPair {
  key: string;
  keyStyle?: 'plain' | 'single' | 'double';
  value: YNode;
  /** A trailing comment on the key's line (after the value when the value fits on it). */
  comment?: string;
  /** Spaces before a trailing comment's `#` (1 when unset). */
  gap?: number;
  before?: Before[];
}

export interface YItem {
  value: YNode;
  comment?: string;
  before?: Before[];
  tags?: string[];
}

/**
 * One comment written: `text` is everything after its `#`. `tags` name what it is written in
 * (`ann:n1` inside annotation n1, `ref:n1` on a list item naming n1, `list:…` in a list): when an
 * edit removes that thing, the comment may go with it.
 */
export interface Comment {
  text: string;
  tags: string[];
}

export interface EmitOptions {
  indent: number;
  crlf?: boolean;
  bom?: boolean;
  finalNewline?: boolean;
}

export interface Emitted {
  text: string;
  comments: Comment[];
}

/** Writes a document whose root is a block mapping. */
export function emitDocument(root: YMap, header: Before[], options: EmitOptions): Emitted {
  const emitter = new Emitter(options.indent);
  emitter.before(header, 0, []);
  emitter.blockMap(root, 0, root.tags ?? []);
  let text = emitter.lines.join('\n');
  // A document ending in a block scalar needs its last line break, or the value loses it.
  if (options.finalNewline !== false || emitter.endsInBlockScalar) text += '\n';
  if (options.crlf) text = text.replace(/\n/g, '\r\n');
  if (options.bom) text = '\uFEFF' + text;
  return { text, comments: emitter.comments };
}

/** The value a YAML reader should load from a node. */
export function toJs(node: YNode): unknown {
  switch (node.t) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map((item) => toJs(item.value));
    case 'map': {
      const result: Record<string, unknown> = {};
      for (const pair of node.pairs) result[pair.key] = toJs(pair.value);
      return result;
    }
  }
}

class Emitter {
  readonly lines: string[] = [];
  readonly comments: Comment[] = [];
  endsInBlockScalar = false;
  /** After a keep-chomped (`|+`) block scalar a blank line or comment would join its value. */
  private afterKeep = false;

  constructor(private readonly indent: number) {}

  private push(line: string, blockScalar = false): void {
    this.lines.push(line);
    this.endsInBlockScalar = blockScalar;
    if (!blockScalar) this.afterKeep = false;
  }

  /** ` # text` with a unique marker, recorded. */
  private trailing(text: string | undefined, tags: string[], gap = 1): string {
    if (text === undefined) return '';
    return ' '.repeat(Math.max(1, gap)) + '#' + this.record(text, tags);
  }

  private record(text: string, tags: string[]): string {
    const marked = `${text} §${this.comments.length + 1}`;
    this.comments.push({ text: marked, tags });
    return marked;
  }

  before(lines: Before[] | undefined, column: number, tags: string[]): void {
    if (!lines || this.afterKeep) return;
    for (const line of lines) {
      if ('blank' in line) this.push('');
      else this.push(' '.repeat(column) + '#' + this.record(line.comment, tags));
    }
  }

  /** The pairs of a block mapping at `column`; the first line may start with `firstHead` (`- `). */
  blockMap(map: YMap, column: number, tags: string[], firstHead?: string): void {
    map.pairs.forEach((pair, i) => {
      const head = i === 0 && firstHead !== undefined ? firstHead : ' '.repeat(column);
      if (!(i === 0 && firstHead !== undefined)) this.before(pair.before, column, tags);
      this.pairValue(head + renderKey(pair.key, pair.keyStyle ?? 'plain') + ':', pair, column, [...tags, ...(pair.value.t === 'scalar' ? [] : pair.value.tags ?? [])]);
    });
  }

  private pairValue(head: string, pair: YPair, column: number, tags: string[]): void {
    const node = pair.value;
    const inner = column + this.indent;
    if (node.t === 'map' && !node.flow && node.pairs.length > 0) {
      this.push(head + this.trailing(pair.comment, tags, pair.gap));
      this.blockMap(node, inner, tags);
      return;
    }
    if (node.t === 'seq' && !node.flow && node.items.length > 0) {
      this.push(head + this.trailing(pair.comment, tags, pair.gap));
      this.blockSeq(node, node.indentless ? column : inner, tags);
      return;
    }
    if (node.t === 'scalar' && node.value === null) {
      this.push(head + this.trailing(pair.comment, tags, pair.gap));
      return;
    }
    this.inlineValue(head, node, column, pair.comment, tags, pair.gap, false);
  }

  /** A value that starts on the line `head` begins: scalar or flow collection. */
  private inlineValue(head: string, node: YNode, column: number, comment: string | undefined, tags: string[], gap: number | undefined, inSeq: boolean): void {
    if (node.t === 'scalar') {
      const style = chooseStyle(node, false, inSeq);
      if (style === 'literal' || style === 'folded') {
        this.blockScalar(head, node, style, column, comment, tags, gap);
        return;
      }
      const lines = renderFlowScalar(node, style, false);
      const pad = ' '.repeat(column + this.indent);
      lines.forEach((line, i) => this.push((i === 0 ? head + ' ' : pad) + line + (i === lines.length - 1 ? this.trailing(comment, tags, gap) : '')));
      return;
    }
    const parts = renderFlow(node);
    if (node.wrap && parts.items.length > 1) {
      const pad = ' '.repeat(column + this.indent);
      parts.items.forEach((item, i) => {
        const first = i === 0;
        const last = i === parts.items.length - 1;
        this.push((first ? `${head} ${parts.open}` : pad) + item + (last ? parts.close + this.trailing(comment, tags, gap) : ','));
      });
      return;
    }
    this.push(`${head} ${parts.open}${parts.items.join(', ')}${parts.close}` + this.trailing(comment, tags, gap));
  }

  private blockSeq(seq: YSeq, column: number, tags: string[]): void {
    for (const item of seq.items) {
      const itemTags = [...tags, ...(item.tags ?? []), ...(item.value.t === 'scalar' ? [] : item.value.tags ?? [])];
      this.before(item.before, column, itemTags);
      const dash = ' '.repeat(column) + '-';
      const node = item.value;
      if (node.t === 'map' && !node.flow && node.pairs.length > 0) {
        this.blockMap(node, column + 2, itemTags, dash + ' ');
      } else if (node.t === 'seq' && !node.flow && node.items.length > 0) {
        this.push(dash + this.trailing(item.comment, itemTags));
        this.blockSeq(node, column + 2, itemTags);
      } else if (node.t === 'scalar' && node.value === null) {
        this.push(dash + this.trailing(item.comment, itemTags));
      } else {
        this.inlineValue(dash, node, column, item.comment, itemTags, 1, true);
      }
    }
  }

  private blockScalar(head: string, node: YScalar, style: 'literal' | 'folded', column: number, comment: string | undefined, tags: string[], gap: number | undefined): void {
    const value = node.value as string;
    const body = value.replace(/\n+$/, '');
    const trailingBreaks = value.length - body.length;
    const chomp = trailingBreaks === 0 ? '-' : trailingBreaks === 1 ? '' : '+';
    const needsIndicator = /^[ \n]/.test(value);
    const header = (style === 'literal' ? '|' : '>') + (needsIndicator || node.indicator ? String(this.indent) : '') + chomp;
    this.push(`${head} ${header}${this.trailing(comment, tags, gap)}`, true);
    const pad = ' '.repeat(column + this.indent);
    const lines = style === 'literal' ? body.split('\n') : foldedLines(body, node.wrapEvery);
    for (const line of lines) this.push(line === '' ? '' : pad + line, true);
    for (let i = 1; i < trailingBreaks; i++) this.push('', true);
    this.afterKeep = trailingBreaks > 1;
  }
}

/**
 * The source lines of a folded scalar whose value is `body` (no line starting with a space): each
 * line break of the value is a blank line, and a long line may be broken at single spaces.
 */
function foldedLines(body: string, wrapEvery: number | undefined): string[] {
  const out: string[] = [];
  body.split('\n').forEach((part, i) => {
    if (i > 0) out.push('');
    if (part !== '') out.push(...(wrapEvery ? wrap(part, wrapEvery) : [part]));
  });
  return out;
}

function renderKey(key: string, style: 'plain' | 'single' | 'double'): string {
  if (style === 'single') return `'${key.replace(/'/g, "''")}'`;
  if (style === 'double' || !isPlainSafe(key, true)) return doubleQuoted(key, false);
  return key;
}

/** The style actually used: the one asked for when it can hold the value, else double-quoted. */
function chooseStyle(node: YScalar, inFlow: boolean, inSeq: boolean): ScalarStyle {
  const value = node.value;
  if (typeof value === 'number') return 'plain';
  if (value === null) return 'plain';
  switch (node.style) {
    case 'plain':
      return isPlainSafe(value, inFlow) ? 'plain' : 'double';
    case 'wrapped-plain':
      return inFlow ? chooseStyle({ ...node, style: 'plain' }, inFlow, inSeq) : isPlainSafe(value, false) ? 'wrapped-plain' : 'double';
    case 'single':
    case 'wrapped-single':
      return isSingleLineSafe(value) ? (inFlow ? 'single' : node.style) : 'double';
    case 'double':
    case 'wrapped-double':
      return inFlow ? 'double' : node.style;
    case 'literal':
      return !inFlow && !inSeq && isBlockSafe(value) ? 'literal' : 'double';
    case 'folded':
      return !inFlow && !inSeq && isBlockSafe(value) && !/(^|\n)[ \t]/.test(value) && !value.startsWith('\n') ? 'folded' : 'double';
  }
}

/** A flow scalar (plain or quoted) as lines: more than one only for the wrapped styles. */
function renderFlowScalar(node: YScalar, style: ScalarStyle, inFlow: boolean): string[] {
  const value = node.value;
  if (value === null) return ['null'];
  if (typeof value === 'number') return [String(value)];
  switch (style) {
    case 'plain':
      return [value];
    case 'single':
      return [singleQuoted(value)];
    case 'wrapped-plain':
      return wrap(value, node.wrapEvery ?? 1);
    case 'wrapped-single':
      return wrap(singleQuoted(value), node.wrapEvery ?? 1);
    case 'wrapped-double':
      return inFlow ? [doubleQuoted(value, node.escapeNonAscii ?? false)] : wrap(doubleQuoted(value, node.escapeNonAscii ?? false), node.wrapEvery ?? 1);
    default:
      return [doubleQuoted(value, node.escapeNonAscii ?? false)];
  }
}

/** Flow collection: its brackets and items, each item on one line. */
function renderFlow(node: YMap | YSeq): { open: string; close: string; items: string[] } {
  if (node.t === 'map') return { open: '{', close: '}', items: node.pairs.map((pair) => `${renderKey(pair.key, pair.keyStyle ?? 'plain')}: ${flowItem(pair.value)}`) };
  return { open: '[', close: ']', items: node.items.map((item) => flowItem(item.value)) };
}

function flowItem(node: YNode): string {
  if (node.t === 'scalar') {
    if (node.value === null) return 'null';
    return renderFlowScalar(node, chooseStyle(node, true, false), true)[0];
  }
  const parts = renderFlow(node);
  return parts.open + parts.items.join(', ') + parts.close;
}

/**
 * Breaks a one-line flow scalar's source at single spaces between two other characters: a reader
 * folds each break back into one space. Never after a backslash (an escape in double quotes).
 */
function wrap(source: string, every: number): string[] {
  const lines: string[] = [];
  let start = 0;
  let seen = 0;
  for (let i = 1; i < source.length - 1; i++) {
    if (source[i] !== ' ' || /[ \t\\]/.test(source[i - 1]) || /[ \t#\-?:,[\]{}'"]/.test(source[i + 1])) continue;
    if (++seen % every !== 0) continue;
    lines.push(source.slice(start, i));
    start = i + 1;
  }
  lines.push(source.slice(start));
  return lines;
}

/** Characters every style may hold as they are: printable, no line breaks of any kind, no BOM. */
function isPrintable(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return false;
  if (code === 0x2028 || code === 0x2029 || code === 0xfeff) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false; // a lone surrogate
  return true;
}

const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;
const NUMBER_LIKE = /^[-+.]?(?:[0-9]|\.|inf|nan)/i;

/** A value that reads back as the same string when written plain, by a conservative rule. */
export function isPlainSafe(value: string, inFlow: boolean): boolean {
  if (value.length === 0 || /^[\s]|[\s]$/.test(value)) return false;
  if (![...value].every((ch) => isPrintable(ch))) return false;
  if (/[\t]/.test(value)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`<=]/.test(value)) return false;
  if (/: |:$| #/.test(value)) return false;
  if (inFlow && /[,[\]{}:#]/.test(value)) return false;
  if (RESERVED.test(value)) return false;
  if (NUMBER_LIKE.test(value)) return /^\d{4}-\d{2}-\d{2}$/.test(value) && !inFlow;
  return true;
}

function isSingleLineSafe(value: string): boolean {
  return [...value].every((ch) => ch === '\t' || isPrintable(ch));
}

function isBlockSafe(value: string): boolean {
  if (value.replace(/\n/g, '') === '') return false;
  // A last line of spaces only: the \`yaml\` package reads it as a trailing blank line, js-yaml as
  // text. Both are arguable; people do not write it, and the writer is not what it would test.
  if (/(^|\n)[ \t]+\n*$/.test(value)) return false;
  return value.split('\n').every((line) => [...line].every((ch) => isPrintable(ch)) && !/^\t/.test(line));
}

function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const NAMED_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\x0b': '\\v',
  '\f': '\\f',
  '\x1b': '\\e',
  '\u0085': '\\N',
  '\u00a0': '\\_',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

export function doubleQuoted(value: string, escapeNonAscii: boolean): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (NAMED_ESCAPES[ch] !== undefined && (ch !== '\u00a0' || escapeNonAscii)) out += NAMED_ESCAPES[ch];
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (code === 0xfeff || (code >= 0xd800 && code <= 0xdfff) || (escapeNonAscii && code > 0x7e && code <= 0xffff)) out += '\\u' + code.toString(16).padStart(4, '0');
    else if (escapeNonAscii && code > 0xffff) out += '\\U' + code.toString(16).padStart(8, '0');
    else out += ch;
  }
  return out + '"';
}
