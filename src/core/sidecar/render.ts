/**
 * The one renderer of new YAML text for the sidecar's splices. Every scalar is written on one line,
 * plain only when that cannot be read as anything but the same string, else double-quoted with
 * escapes — so a value reads back exactly, in block or flow context, at any indentation, next to
 * any comment. Lists of plain values are written in flow style (`[a, b]`) as in DESIGN.md,
 * mappings and lists of mappings in block style; inside flow collections everything is flow.
 */

/** A value the sidecar's edits write: text, numbers, lists and mappings of them. */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

/** Words that some YAML reader (1.1 or 1.2) takes for a boolean or null when written plain. */
const RESERVED_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'null', '~']);

/**
 * Plain only: starts with a letter or `_`; no character with a meaning in YAML anywhere (`#`, `:`,
 * `,`, brackets, quotes, backslash, backtick), no control or invisible character, no line break or
 * tab, no space at either end. Deliberately narrower than YAML allows: being readable is not worth
 * a value that reads back different.
 */
const PLAIN = /^[\p{L}_](?:[^\p{C}#:,[\]{}'"\\`\u2028\u2029]*[^\p{C}\s#:,[\]{}'"\\`])?$/u;

/** A string written so that YAML reads back exactly that string. */
export function renderString(value: string): string {
  if (PLAIN.test(value) && !RESERVED_WORDS.has(value.toLowerCase())) return value;
  return doubleQuoted(value);
}

function doubleQuoted(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (needsEscape(value, i, c)) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += value[i];
  }
  return out + '"';
}

/** Characters YAML does not allow as they are, or that a reader might take as a line break. */
function needsEscape(value: string, i: number, c: number): boolean {
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff || c === 0xfffe || c === 0xffff) return true;
  if (c >= 0xd800 && c <= 0xdbff) return !(i + 1 < value.length && isLowSurrogate(value.charCodeAt(i + 1)));
  if (isLowSurrogate(c)) return !(i > 0 && value.charCodeAt(i - 1) >= 0xd800 && value.charCodeAt(i - 1) <= 0xdbff);
  return false;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** A scalar on one line. */
export function renderScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return renderString(value);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot write ${value} to the sidecar`);
  return String(value);
}

function isCollection(value: YamlValue): value is YamlValue[] | { [key: string]: YamlValue } {
  return value !== null && typeof value === 'object';
}

/** A value in flow style, on one line: `[a, b]`, `{to: n1, type: related}` or a scalar. */
export function renderFlow(value: YamlValue): string {
  if (Array.isArray(value)) return `[${value.map(renderFlow).join(', ')}]`;
  if (isCollection(value)) return `{${Object.entries(value).map(([k, v]) => `${renderString(k)}: ${renderFlow(v)}`).join(', ')}}`;
  return renderScalar(value);
}

/** A list written in flow style: empty, or of scalars only. */
function isFlowList(value: YamlValue[]): boolean {
  return value.every((item) => !isCollection(item));
}

/**
 * `key: value` as lines at column 0 (no final line break), nested levels indented by `step`.
 * Lists of plain values are flow (`[a, b]`), other lists and mappings block; empty ones `[]`/`{}`.
 */
export function renderPair(key: string, value: YamlValue, step = 2): string {
  return renderPairLines(key, value, step).join('\n');
}

function renderPairLines(key: string, value: YamlValue, step: number): string[] {
  const head = `${renderString(key)}:`;
  if (!isCollection(value) || (Array.isArray(value) && isFlowList(value)) || Object.keys(value).length === 0) return [`${head} ${renderFlow(value)}`];
  return [head, ...renderBlockLines(value, step).map((line) => ' '.repeat(step) + line)];
}

/** A mapping or a list of mappings in block style, at column 0. */
function renderBlockLines(value: YamlValue[] | { [key: string]: YamlValue }, step: number): string[] {
  if (!Array.isArray(value)) return Object.entries(value).flatMap(([k, v]) => renderPairLines(k, v, step));
  return value.flatMap((item) => {
    const lines = isCollection(item) && !(Array.isArray(item) && isFlowList(item)) && Object.keys(item).length > 0 ? renderBlockLines(item, step) : [renderFlow(item)];
    // `- ` takes two columns: the item's other lines line up under its first.
    return lines.map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`));
  });
}

/** A list item in block style (`- …` lines at column 0, no final line break). */
export function renderBlockItem(item: YamlValue, step = 2): string {
  return renderBlockLines([item], step).join('\n');
}

/** Indents every line by `column`, ending with a line break. */
export function indentAll(text: string, column: number): string {
  const pad = ' '.repeat(column);
  return text.split('\n').map((line) => (line === '' ? line : pad + line)).join('\n') + '\n';
}

/** The record without its undefined fields: they would be written as `null`. */
export function dropUndefined(record: Record<string, YamlValue | undefined>): { [key: string]: YamlValue } {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as { [key: string]: YamlValue };
}

/** An empty list is not written at all. */
export function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}
