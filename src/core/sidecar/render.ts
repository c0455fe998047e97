/**
 * Rendering new YAML for the sidecar's splices: `key: value` lines in the style of DESIGN.md —
 * lists of plain values in flow style (`[a, b]`), mappings in block style — indented to fit.
 */
import { Document, isMap, isSeq, Scalar, ToStringOptions } from 'yaml';

export const RENDER: ToStringOptions = { lineWidth: 0, flowCollectionPadding: false, indent: 2 };

const FLOW = Symbol('flow');
/** A list to be written in flow style (`[a, {b: c}]`) even if it holds mappings. */
export type FlowList = unknown[] & { [FLOW]?: true };

export function flowList(items: unknown[]): FlowList {
  const list: FlowList = [...items];
  list[FLOW] = true;
  return list;
}

/** A list of scalars only: written in flow style. */
export function isPlainList(items: unknown[]): boolean {
  return items.every((item) => item === null || typeof item !== 'object');
}

/**
 * `key: value` as YAML lines at column 0, without a final line break. Lists of plain values are
 * written in flow style (`[a, b]`) as in the DESIGN.md example; mappings and lists of mappings in block style.
 */
export function renderPair(key: string, value: unknown): string {
  const doc = new Document({ [key]: value });
  const markFlow = (node: unknown, raw: unknown): void => {
    if (isSeq(node) && Array.isArray(raw)) {
      if ((raw as FlowList)[FLOW] || (isPlainList(raw) && raw.length > 0)) node.flow = true;
      node.items.forEach((item, i) => markFlow(item, raw[i]));
    } else if (isMap(node) && raw !== null && typeof raw === 'object') {
      for (const pair of node.items) markFlow(pair.value, (raw as Record<string, unknown>)[String((pair.key as Scalar).value)]);
    }
  };
  markFlow(doc.contents, { [key]: value });
  return doc.toString(RENDER).replace(/\n$/, '');
}

/** Indents every line but the first (which continues a line already indented) by `column`. */
export function indentAfterFirst(text: string, column: number): string {
  const pad = ' '.repeat(column);
  return text.split('\n').map((line, i) => (i === 0 || line === '' ? line : pad + line)).join('\n');
}

/** Indents every line by `column`, ending with a line break. */
export function indentAll(text: string, column: number): string {
  const pad = ' '.repeat(column);
  return text.split('\n').map((line) => (line === '' ? line : pad + line)).join('\n') + '\n';
}

/** The record without its undefined fields: they would be written as `null`. */
export function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/** An empty list is not written at all. */
export function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}
