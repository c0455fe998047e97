/**
 * Edits confined to entries. Such an edit is planned on the lines of the entry it writes in,
 * parsed alone; afterwards the sidecar's index is brought up to date by re-reading only those
 * entries and moving every other span by what was inserted before it. Parsing a 20,000-annotation
 * sidecar whole takes seconds; one entry takes well under a millisecond. When an edit is not
 * confined to entries (or their lines do not parse on their own), the whole text is parsed.
 */
import { isScalar, Pair, Scalar, YAMLMap } from 'yaml';
import { Actor, Annotation, MarginaliaIndex, OffsetRange, Problem } from '../model';
import { EntryOwner, OwnedSplice } from './edits';
import { EditableSection, parseEntrySlice, ParsedSidecar, parseSidecar, readEntrySlice, SIDECAR_FILE_NAME, withLazyDocument } from './read';

/** A stand-in root holding only the section entry an edit needs, parsed from its lines. */
export function entryRoot(current: ParsedSidecar, owner: EntryOwner): YAMLMap | undefined {
  const entries: Map<string, { span: { start: number; end: number } }> = current.index[owner.section];
  if (entries.has(owner.id) === owner.isNew) return undefined; // the whole document says why it cannot be
  const [anchorId, entry] = owner.isNew ? ([...entries].pop() ?? []) : [owner.id, entries.get(owner.id)];
  if (anchorId === undefined || entry === undefined) return undefined;
  const extent = entryExtent(current.text, entry.span);
  const map = extent && parseEntrySlice(current.text, extent.start, extent.end);
  if (!map || map.items.length !== 1 || !isScalar(map.items[0].key) || String(map.items[0].key.value) !== anchorId) return undefined;
  const root = new YAMLMap();
  root.items.push(new Pair(new Scalar(owner.section), map));
  return root;
}

/** Applies the splices; stable, so inserts at one point come out in the order they were planned. */
export function applySplices(text: string, splices: readonly OwnedSplice[]): string {
  let out = '';
  let at = 0;
  for (const s of ordered(splices)) {
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}

function ordered(splices: readonly OwnedSplice[]): OwnedSplice[] {
  return splices.map((s, i) => ({ s, i })).sort((a, b) => a.s.start - b.s.start || a.i - b.i).map(({ s }) => s);
}

/** The whole lines an entry occupies: from its key's line to the line after its value ends. */
export function entryExtent(text: string, span: OffsetRange): OffsetRange | undefined {
  const start = text.lastIndexOf('\n', span.start - 1) + 1;
  // Only a block-style entry (its key first on its line) can be read on its own.
  if (!/^[ \t]*$/.test(text.slice(start, span.start))) return undefined;
  // An entry's span ends where its last line ends, before the line break (see `lastLineEnd`).
  const newline = text.indexOf('\n', span.end);
  return { start, end: newline === -1 ? text.length : newline + 1 };
}

/** The sidecar after `splices`: re-read entry by entry when they allow it, else parsed whole. */
export function advanceSidecar(current: ParsedSidecar, splices: readonly OwnedSplice[], file?: string): ParsedSidecar {
  if (splices.length === 0) return current;
  const text = applySplices(current.text, splices);
  if (splices.some((s) => !s.owner)) return parseSidecar(text, file);
  return reindexEntries(current, text, splices, file) ?? parseSidecar(text, file);
}

const keyOf = (owner: EntryOwner): string => `${owner.section}\0${owner.id}`;
const delta = (s: OwnedSplice): number => s.text.length - (s.end - s.start);

function reindexEntries(current: ParsedSidecar, text: string, splices: readonly OwnedSplice[], file = SIDECAR_FILE_NAME): ParsedSidecar | undefined {
  const inOrder = ordered(splices);
  // shiftBefore[i]: how far the splices before the i-th move the text after them (prefix sums, so
  // that moving an offset is a binary search: a reanchor re-reads thousands of entries at once).
  const shiftBefore = [0];
  for (const s of inOrder) shiftBefore.push(shiftBefore[shiftBefore.length - 1] + delta(s));
  /** How many splices start before `offset`. */
  const startingBefore = (offset: number): number => {
    let low = 0;
    let high = inOrder.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (inOrder[mid].start < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  /** Where an old offset outside every edited entry is in the new text. */
  const moved = (offset: number): number => offset + shiftBefore[startingBefore(offset)];

  const owners = new Map<string, { owner: EntryOwner; own: { splice: OwnedSplice; at: number }[] }>();
  inOrder.forEach((splice, at) => {
    const key = keyOf(splice.owner!);
    const group = owners.get(key) ?? { owner: splice.owner!, own: [] };
    group.own.push({ splice, at });
    owners.set(key, group);
  });
  const oldExtents: OffsetRange[] = [];
  const reread = { annotations: new Map<string, Annotation>(), actors: new Map<string, Actor>() };
  const problems: Problem[] = [];
  for (const [key, { owner, own }] of owners) {
    let extent: OffsetRange;
    if (owner.isNew) {
      // A new entry is exactly the one insert that adds it.
      const [{ splice, at }] = own;
      if (own.length !== 1 || splice.start !== splice.end) return undefined;
      const start = splice.start + shiftBefore[at];
      extent = { start, end: start + splice.text.length };
    } else {
      const span = current.index[owner.section].get(owner.id)?.span;
      const old = span && entryExtent(current.text, span);
      if (!old || own.some(({ splice }) => splice.start < old.start || splice.end > old.end)) return undefined;
      oldExtents.push(old);
      // Splices before the entry move it; so do other entries' inserts at its first offset (they come first).
      let first = startingBefore(old.start);
      let start = old.start + shiftBefore[first];
      for (; first < inOrder.length && inOrder[first].start === old.start; first++) {
        const s = inOrder[first];
        if (s.end === old.start && keyOf(s.owner!) !== key) start += delta(s);
      }
      extent = { start, end: start + (old.end - old.start) + own.reduce((sum, { splice }) => sum + delta(splice), 0) };
    }
    const map = parseEntrySlice(text, extent.start, extent.end);
    if (!map || map.items.length !== 1) return undefined;
    const read = readEntrySlice(text, map, owner.section, file);
    const entry = read.index[owner.section].get(owner.id);
    if (read.index[owner.section].size !== (entry ? 1 : 0)) return undefined; // the lines hold some other entry
    if (entry) (reread[owner.section] as Map<string, Annotation | Actor>).set(owner.id, entry);
    problems.push(...read.problems);
  }

  oldExtents.sort((x, y) => x.start - y.start);
  const inEdited = (range: OffsetRange): boolean => {
    // Extents are disjoint and sorted: only the last one starting at or before the range can hold it.
    let low = 0;
    let high = oldExtents.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (oldExtents[mid].start <= range.start) low = mid + 1;
      else high = mid;
    }
    return low > 0 && range.end <= oldExtents[low - 1].end;
  };
  const moveRange = (range: OffsetRange): OffsetRange => ({ start: moved(range.start), end: moved(range.end) });
  // Nothing before an entry's end changed: the entry stands as it was (most do, after an append).
  const unmoved = (span: OffsetRange): boolean => moved(span.end) === span.end;
  const index: MarginaliaIndex = {
    ...current.index,
    documents: new Map([...current.index.documents].map(([path, meta]) => [path, unmoved(meta.span) ? meta : { ...meta, span: moveRange(meta.span) }])),
    relations: current.index.relations.map((relation) => (unmoved(relation.span) ? relation : { ...relation, span: moveRange(relation.span) })),
    actors: rebuild(current.index.actors, reread.actors, owners, 'actors', (actor) => (unmoved(actor.span) ? actor : { ...actor, span: moveRange(actor.span) })),
    annotations: rebuild(current.index.annotations, reread.annotations, owners, 'annotations', (annotation) => (unmoved(annotation.span) ? annotation : {
      ...annotation,
      span: moveRange(annotation.span),
      links: annotation.links.map((link) => ({ ...link, span: moveRange(link.span) })),
    })),
  };
  const kept = current.problems.filter((p) => !inEdited(p.range)).map((p) => ({ ...p, range: moveRange(p.range) }));
  return withLazyDocument({ text, index, problems: [...kept, ...problems], invalid: false });
}

/** One section's entries in sidecar order: edited ones re-read, new ones last, the rest moved. */
function rebuild<T extends { span: OffsetRange }>(
  old: Map<string, T>,
  reread: Map<string, T>,
  owners: ReadonlyMap<string, unknown>,
  section: EditableSection,
  move: (entry: T) => T,
): Map<string, T> {
  const result = new Map<string, T>();
  for (const [id, entry] of old) {
    if (owners.has(`${section}\0${id}`)) {
      const fresh = reread.get(id);
      if (fresh) result.set(id, fresh);
    } else result.set(id, move(entry));
  }
  for (const [id, entry] of reread) if (!result.has(id)) result.set(id, entry);
  return result;
}
