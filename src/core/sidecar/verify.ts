/**
 * The proof every write of the sidecar must pass before the file is replaced: the new text, read
 * by a second YAML reader (js-yaml, independent of the `yaml` package the writer plans with), is
 * exactly the old text with the edits applied as `intent.ts` says — the edited entries as meant,
 * every other entry as it was — and no comment is gone except with a deleted entry.
 *
 * Edits confined to entries (anchors, notes, links, new entries: nearly every write) are proven
 * entry by entry: the text outside those entries is unchanged, and each entry's lines read back as
 * intended. Anything else, or anything that cannot be proven that way, is proven on the whole text.
 */
import { CORE_SCHEMA, load } from 'js-yaml';
import { OffsetRange } from '../model';
import { ownerOf, SidecarEdit, SidecarEditError } from './edits';
import { entryExtent } from './entries';
import { applyIntent, firstDifference, PlainMap, PlainValue } from './intent';
import { ParsedSidecar } from './read';

/** The new text does not read back as the edits meant: nothing was written. */
export class SidecarVerificationError extends SidecarEditError {}

/** Throws `SidecarVerificationError`, naming the entry, unless `after` is `before` with `edits` applied. */
export function verifySidecarEdit(before: ParsedSidecar, after: ParsedSidecar, edits: readonly SidecarEdit[], file: string): void {
  if (after.invalid) fail(file, `the edit would make it unreadable (${after.problems.find((p) => p.severity === 'error')?.message ?? 'a syntax error'})`);
  if (provenEntryByEntry(before, after, edits)) return;
  proveWhole(before, after, edits, file);
}

function fail(file: string, why: string): never {
  throw new SidecarVerificationError(`${file} was not written: ${why}. This is a bug in Marginalia; the file is as it was.`);
}

/** Reads YAML as plain data with the second reader; undefined when it cannot (the whole-text proof then says so). */
function readPlain(text: string): PlainValue | undefined {
  try {
    return load(text, { schema: CORE_SCHEMA }) as PlainValue;
  } catch {
    return undefined;
  }
}

function isPlainMap(value: PlainValue | undefined): value is PlainMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function proveWhole(before: ParsedSidecar, after: ParsedSidecar, edits: readonly SidecarEdit[], file: string): void {
  const expected = readPlain(before.text);
  const actual = readPlain(after.text);
  if (!isPlainMap(expected)) fail(file, 'its current text cannot be read by a second YAML reader to check the edit against');
  if (!isPlainMap(actual)) fail(file, 'the new text would not read back as a mapping');
  try {
    for (const edit of edits) applyIntent(expected, edit);
  } catch (error) {
    fail(file, `the edit does not fit the sidecar (${(error as Error).message})`);
  }
  const difference = firstDifference(expected, actual);
  if (difference) fail(file, `${describePath(difference)} would read back as ${show(valueAt(actual, difference))} instead of ${show(valueAt(expected, difference))}`);
  const lost = lostComments(before.text, after.text, deletedExtents(before, edits));
  if (lost.length > 0) fail(file, `the comment "${lost[0]}" would be lost`);
}

/**
 * True when every edit writes in one entry and the proof holds entry by entry. False (and the
 * whole text is checked instead) when it cannot be shown this way — never when it is wrong only here.
 */
function provenEntryByEntry(before: ParsedSidecar, after: ParsedSidecar, edits: readonly SidecarEdit[]): boolean {
  const byEntry = new Map<string, { section: 'annotations' | 'actors'; id: string; edits: SidecarEdit[] }>();
  for (const edit of edits) {
    const owner = ownerOf(edit);
    if (!owner) return false;
    const key = `${owner.section}\0${owner.id}`;
    const group = byEntry.get(key) ?? { section: owner.section, id: owner.id, edits: [] };
    group.edits.push(edit);
    byEntry.set(key, group);
  }
  const oldExtents: OffsetRange[] = [];
  const newExtents: OffsetRange[] = [];
  const entries: { section: 'annotations' | 'actors'; id: string; edits: SidecarEdit[]; old?: OffsetRange; now: OffsetRange }[] = [];
  for (const group of byEntry.values()) {
    const oldSpan = before.index[group.section].get(group.id)?.span;
    const newSpan = after.index[group.section].get(group.id)?.span;
    const old = oldSpan && entryExtent(before.text, oldSpan);
    const now = newSpan && entryExtent(after.text, newSpan);
    if ((oldSpan && !old) || !now) return false;
    if (old) oldExtents.push(old);
    newExtents.push(now);
    entries.push({ ...group, old, now });
  }
  // Everything outside the edited entries is byte for byte what it was.
  if (outside(before.text, oldExtents) !== outside(after.text, newExtents)) return false;
  for (const entry of entries) {
    const oldText = entry.old ? before.text.slice(entry.old.start, entry.old.end) : '';
    const newText = after.text.slice(entry.now.start, entry.now.end);
    const oldEntry = entry.old ? readPlain(oldText) : {};
    const newEntry = readPlain(newText);
    // The lines hold this entry and nothing else.
    if (!isPlainMap(oldEntry) || !isPlainMap(newEntry) || Object.keys(newEntry).length !== 1 || !(entry.id in newEntry)) return false;
    const expected: PlainMap = { [entry.section]: entry.old ? { [entry.id]: oldEntry[entry.id] } : {} };
    try {
      for (const edit of entry.edits) applyIntent(expected, edit);
    } catch {
      return false;
    }
    if (firstDifference((expected[entry.section] as PlainMap)[entry.id], newEntry[entry.id])) return false;
    if (lostComments(oldText, newText, []).length > 0) return false;
  }
  return true;
}

/** The text without the given ranges. */
function outside(text: string, ranges: OffsetRange[]): string {
  let out = '';
  let at = 0;
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, range.start);
    at = range.end;
  }
  return out + text.slice(at);
}

/** Where comments may go: a deleted annotation, and the entries whose links or evidence pointed at it. */
function deletedExtents(before: ParsedSidecar, edits: readonly SidecarEdit[]): OffsetRange[] {
  const extents: OffsetRange[] = [];
  for (const edit of edits) {
    if (edit.kind !== 'deleteAnnotation') continue;
    for (const annotation of before.index.annotations.values()) {
      if (annotation.id === edit.id || annotation.links.some((link) => link.to === edit.id)) {
        const extent = entryExtent(before.text, annotation.span);
        extents.push(extent ?? annotation.span);
      }
    }
    for (const relation of before.index.relations) if (relation.evidence.includes(edit.id)) extents.push(relation.span);
  }
  return extents;
}

/** Comments of `before` (outside `mayGo`) that `after` no longer has. */
export function lostComments(before: string, after: string, mayGo: readonly OffsetRange[]): string[] {
  const remaining = new Map<string, number>();
  for (const comment of commentsOf(after)) remaining.set(comment.text, (remaining.get(comment.text) ?? 0) + 1);
  const lost: string[] = [];
  for (const comment of commentsOf(before)) {
    if (mayGo.some((range) => range.start <= comment.offset && comment.offset < range.end)) continue;
    const left = remaining.get(comment.text) ?? 0;
    if (left === 0) lost.push(comment.text);
    else remaining.set(comment.text, left - 1);
  }
  return lost;
}

/**
 * The comments of a YAML text with their offsets: `#` at the start of a line or after white space,
 * outside quoted and block scalars. A scanner of its own rather than the writer's parser, so a
 * comment the parser misplaces is still counted.
 */
export function commentsOf(text: string): { offset: number; text: string }[] {
  const comments: { offset: number; text: string }[] = [];
  let quote: '"' | "'" | undefined;
  /** Inside a block scalar: lines indented more than this belong to it. */
  let blockIndent: number | undefined;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const indent = line.length - line.trimStart().length;
    if (blockIndent !== undefined && (line.trim() === '' || indent > blockIndent)) {
      lineStart = lineEnd + 1;
      continue;
    }
    blockIndent = undefined;
    let commentAt = -1;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote === '"') {
        if (c === '\\') i++;
        else if (c === '"') quote = undefined;
      } else if (quote === "'") {
        if (c === "'" && line[i + 1] === "'") i++;
        else if (c === "'") quote = undefined;
      } else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
        commentAt = i;
        break;
      } else if ((c === '"' || c === "'") && startsQuotedScalar(line, i)) quote = c;
    }
    if (commentAt >= 0) comments.push({ offset: lineStart + commentAt, text: line.slice(commentAt).trimEnd() });
    // `key: |`, `- >-`: a block scalar's header.
    if (quote === undefined && /(?:^\s*-|:)\s+[|>][1-9+-]{0,2}\s*$/.test(commentAt >= 0 ? line.slice(0, commentAt) : line)) blockIndent = indent;
    lineStart = lineEnd + 1;
  }
  return comments;
}

/** A quote opens a quoted scalar only where a value can start: after `: `, `- `, `[`, `{`, `,`, `? ` or at the start of a line. */
function startsQuotedScalar(line: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (line[j] === ' ' || line[j] === '\t')) j--;
  if (j < 0) return true;
  const before = line[j];
  if (before === '[' || before === '{' || before === ',') return true;
  return (before === ':' || before === '-' || before === '?') && j < i - 1;
}

function describePath(path: string[]): string {
  const [section, id, ...rest] = path;
  const field = rest.length > 0 ? ` (its ${rest.join('.')})` : '';
  if ((section === 'annotations' || section === 'actors') && id !== undefined) return `${section.slice(0, -1)} "${id}"${field}`;
  return path.length > 0 ? `"${path.join('.')}"` : 'the sidecar';
}

function valueAt(value: PlainValue | undefined, path: string[]): PlainValue | undefined {
  let at = value;
  for (const key of path) at = at !== null && typeof at === 'object' ? (at as Record<string, PlainValue>)[key] : undefined;
  return at;
}

function show(value: PlainValue | undefined): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}…` : json;
}

/**
 * The proof a merge's text must pass before it is written (`merge.ts`): read by the second reader,
 * it is exactly the merged model, and every comment of `before` outside `mayChange` (the entries
 * the merge wrote in) is still there. Throws `SidecarVerificationError` naming what differs.
 */
export function verifyMergedText(before: ParsedSidecar, after: ParsedSidecar, expected: PlainMap, mayChange: readonly OffsetRange[], file: string): void {
  if (after.invalid) fail(file, `the merge would make it unreadable (${after.problems.find((p) => p.severity === 'error')?.message ?? 'a syntax error'})`);
  const actual = readPlain(after.text);
  if (!isPlainMap(actual)) fail(file, 'the merged text would not read back as a mapping');
  const difference = firstDifference(expected, actual);
  if (difference) fail(file, `${describePath(difference)} would read back as ${show(valueAt(actual, difference))} instead of ${show(valueAt(expected, difference))}`);
  const lost = lostComments(before.text, after.text, mayChange);
  if (lost.length > 0) fail(file, `the comment "${lost[0]}" would be lost`);
}
