/**
 * The three-way merge of the sidecar said on plain data (what a YAML reader loads), entry by entry.
 * `merge.ts` turns its outcome into text. The rules, which README.md repeats for users:
 *
 * - `documents`, `actors` and `annotations` are merged by entry id: an entry added, changed or
 *   deleted on one side only is taken from that side; an entry changed on both sides is merged
 *   field by field (nested mappings key by key).
 * - A list of plain values (aliases, exclude, tags, actors, evidence, ignoreSuggestions) is a set:
 *   what either side added is added (ours first, then theirs), what either side removed is
 *   removed. It never conflicts.
 * - `links` are keyed by their target (`to`) and relations by `from`, `to` and `type`: each is
 *   merged as an entry is (added, removed, or its type, label or evidence changed on one side).
 * - Anything else (note, review, quote, anchors, name, kind…) is a value: changed on one side, that
 *   side's value; changed on both sides to different values, a conflict. So is an entry deleted on
 *   one side and changed on the other.
 */
import { PlainMap, PlainValue } from './intent';

/** The sections merged entry by entry. */
export const KEYED_SECTIONS = ['documents', 'actors', 'annotations'] as const;
export type KeyedSection = (typeof KEYED_SECTIONS)[number];

/** Where something stands in the sidecar: `[section, id, field…]`, or `[key]` at the top. */
export type MergePath = string[];

/** A value merged three ways: `ours`/`theirs` are the result with any conflict resolved to that side. */
export interface MergedValue {
  ours: PlainValue | undefined;
  theirs: PlainValue | undefined;
  /** The paths changed differently on both sides; empty when `ours` and `theirs` are the same. */
  conflicts: MergePath[];
}

export function isPlainMap(value: PlainValue | undefined): value is PlainMap {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** Deep equality of plain data; mappings compare regardless of key order. */
export function samePlain(a: PlainValue | undefined, b: PlainValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => samePlain(item, b[i]));
  if (isPlainMap(a) && isPlainMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && samePlain(a[key], b[key]));
  }
  return false;
}

/** Three-way merge of one value at `path` (used for an entry, a field, or a top-level key). */
export function mergeValue(base: PlainValue | undefined, ours: PlainValue | undefined, theirs: PlainValue | undefined, path: MergePath): MergedValue {
  if (samePlain(ours, theirs)) return { ours, theirs: ours, conflicts: [] };
  if (samePlain(base, ours)) return { ours: theirs, theirs, conflicts: [] };
  if (samePlain(base, theirs)) return { ours, theirs: ours, conflicts: [] };
  // A list one side emptied is a list with no items there (the writer drops an emptied list's key).
  const lists = asLists(base, ours, theirs);
  if (lists) {
    const keyOf = listKey(path);
    const merged = lists.every((list) => list.every(isScalar)) ? same(mergeSets(...lists)) : keyOf && mergeKeyedLists(...lists, keyOf, path);
    if (merged) return ours === undefined || theirs === undefined ? dropEmpty(merged) : merged;
  }
  if (ours !== undefined && theirs !== undefined) {
    if (isPlainMap(ours) && isPlainMap(theirs) && (base === undefined || base === null || isPlainMap(base))) {
      return mergeMaps(isPlainMap(base) ? base : {}, ours, theirs, path);
    }
  }
  return { ours, theirs, conflicts: [path] };
}

/** A merged list left with no items by a side that dropped it: dropped. */
function dropEmpty(merged: MergedValue): MergedValue {
  const empty = (value: PlainValue | undefined): PlainValue | undefined => (Array.isArray(value) && value.length === 0 ? undefined : value);
  return { ...merged, ours: empty(merged.ours), theirs: empty(merged.theirs) };
}

function same(value: PlainValue): MergedValue {
  return { ours: value, theirs: value, conflicts: [] };
}

function isScalar(value: PlainValue): boolean {
  return value === null || typeof value !== 'object';
}

/** Both sides as lists when at least one is: a single value reads as a list of one, nothing as none. */
function asLists(base: PlainValue | undefined, ours: PlainValue | undefined, theirs: PlainValue | undefined): [PlainValue[], PlainValue[], PlainValue[]] | undefined {
  if (!Array.isArray(ours) && !Array.isArray(theirs)) return undefined;
  const list = (value: PlainValue | undefined): PlainValue[] | undefined => {
    if (Array.isArray(value)) return value;
    if (value === undefined || value === null) return [];
    return isScalar(value) ? [value] : undefined;
  };
  const [b, o, t] = [list(base), list(ours), list(theirs)];
  return b && o && t ? [b, o, t] : undefined;
}

/** Ours, without what theirs removed, then what theirs added. */
function mergeSets(base: PlainValue[], ours: PlainValue[], theirs: PlainValue[]): PlainValue[] {
  const has = (list: PlainValue[], item: PlainValue): boolean => list.some((other) => samePlain(other, item));
  const kept = ours.filter((item) => !(has(base, item) && !has(theirs, item)));
  const added = theirs.filter((item, i) => !has(base, item) && !has(ours, item) && !theirs.slice(0, i).some((other) => samePlain(other, item)));
  return [...kept, ...added];
}

/** How the items of a list of mappings are told apart, for the lists that have such a key. */
function listKey(path: MergePath): ((item: PlainValue) => string | undefined) | undefined {
  const field = path[path.length - 1];
  if (field === 'links') return (item) => (typeof item === 'string' ? item : isPlainMap(item) && typeof item.to === 'string' ? item.to : undefined);
  if (path.length === 1 && field === 'relations') {
    return (item) => (isPlainMap(item) ? JSON.stringify([item.from, item.to, item.type ?? 'related']) : undefined);
  }
  return undefined;
}

/** Merges lists item by item on their keys; undefined when an item has no key or a key repeats. */
function mergeKeyedLists(base: PlainValue[], ours: PlainValue[], theirs: PlainValue[], keyOf: (item: PlainValue) => string | undefined, path: MergePath): MergedValue | undefined {
  const keyed = (list: PlainValue[]): Map<string, PlainValue> | undefined => {
    const map = new Map<string, PlainValue>();
    for (const item of list) {
      const key = keyOf(item);
      if (key === undefined || map.has(key)) return undefined;
      map.set(key, item);
    }
    return map;
  };
  const [b, o, t] = [keyed(base), keyed(ours), keyed(theirs)];
  if (!b || !o || !t) return undefined;
  const resultOurs: PlainValue[] = [];
  const resultTheirs: PlainValue[] = [];
  const conflicts: MergePath[] = [];
  const keys = [...o.keys(), ...[...t.keys()].filter((key) => !o.has(key))];
  for (const key of keys) {
    const merged = mergeValue(b.get(key), o.get(key), t.get(key), [...path, key]);
    if (merged.ours !== undefined) resultOurs.push(merged.ours);
    if (merged.theirs !== undefined) resultTheirs.push(merged.theirs);
    conflicts.push(...merged.conflicts);
  }
  // A conflict inside the list is the list's: its markers go round the entry that holds it.
  return { ours: resultOurs, theirs: resultTheirs, conflicts: conflicts.length > 0 ? [path] : [] };
}

/** Merges mappings key by key: ours's keys in their order, then the keys theirs added. */
export function mergeMaps(base: PlainMap, ours: PlainMap, theirs: PlainMap, path: MergePath): MergedValue {
  const resultOurs: PlainMap = {};
  const resultTheirs: PlainMap = {};
  const conflicts: MergePath[] = [];
  const keys = [...Object.keys(ours), ...Object.keys(theirs).filter((key) => !(key in ours))];
  for (const key of keys) {
    const merged = mergeValue(base[key], ours[key], theirs[key], [...path, key]);
    if (merged.ours !== undefined) resultOurs[key] = merged.ours;
    if (merged.theirs !== undefined) resultTheirs[key] = merged.theirs;
    conflicts.push(...merged.conflicts);
  }
  return { ours: resultOurs, theirs: resultTheirs, conflicts };
}
