/**
 * Source spans from `yaml`, computed when first asked for. The fast reader (`fastRead.ts`) gives
 * entries without a `span`; the first read of one entry's span parses that entry's lines alone with
 * `yaml` (well under a millisecond) and keeps the result only if those lines read back as exactly
 * that entry; anything else — a relation, lines that do not stand alone, many entries asked for —
 * reads the whole text with `yaml` once and gives every entry its span.
 *
 * A span not yet computed is a getter on the entry's prototype (one per section and read, so that
 * making 20,000 entries lazy costs a prototype change each, not an accessor of its own), and copies
 * that take only own data (JSON in the index cache, `postMessage` from the sidecar worker) leave it
 * out rather than compute it: `withLazyDocument` makes it lazy again on the other side. Once
 * computed it is the entry's own plain property.
 */
import { Actor, Annotation, DocumentMeta, MarginaliaIndex, OffsetRange, Problem, Relation } from '../model';

/** The sections whose entries can be read from their own lines. */
export type SlicedSection = 'documents' | 'actors' | 'annotations';

/** What `yaml` reads, for the spans. */
export interface SpanReaders {
  /** The whole text read by `yaml`: its index, with spans. */
  whole(): MarginaliaIndex;
  /** `text[start, end)` read alone by `yaml` as entries of `section`; undefined when those lines are not a clean block mapping. */
  slice(section: SlicedSection, start: number, end: number): { index: MarginaliaIndex; problems: Problem[] } | undefined;
}

type Spanned = DocumentMeta | Actor | Annotation | Relation | Annotation['links'][number];

/** After this many entries read alone, the rest are read with the whole text: one parse, not thousands. */
const MAX_ENTRIES_READ_ALONE = 256;

const ZERO: OffsetRange = { start: 0, end: 0 };

/** True when some entry of `index` has no span yet (read by the fast reader, or copied without its getters). */
export function hasMissingSpans(index: MarginaliaIndex): boolean {
  for (const section of [index.documents.values(), index.actors.values(), index.annotations.values()] as Iterable<Spanned>[]) {
    for (const entry of section) if (!hasSpan(entry)) return true;
  }
  for (const annotation of index.annotations.values()) if (annotation.links.some((link) => !hasSpan(link))) return true;
  return index.relations.some((relation) => !hasSpan(relation));
}

/** True when `entry`'s span is computed (its own property), not pending. */
export function hasSpan(entry: object): boolean {
  return Object.prototype.hasOwnProperty.call(entry, 'span');
}

/** Gives every entry of `index` without a span a getter that computes it from the text (asked for only then) with `readers`. */
export function attachLazySpans(text: () => string, index: MarginaliaIndex, readers: SpanReaders): void {
  const resolver = new SpanResolver(text, index, readers);
  const makePending = (entries: Iterable<Spanned>, resolve: (entry: Spanned) => void): void => {
    const prototype = pendingPrototype(resolve);
    for (const entry of entries) if (!hasSpan(entry)) Object.setPrototypeOf(entry, prototype);
  };
  for (const section of SLICED_SECTIONS) makePending(index[section].values(), (entry) => resolver.entry(section, entry));
  makePending(linksOf(index), (link) => resolver.link(link as Annotation['links'][number]));
  makePending(index.relations, () => resolver.all());
}

const SLICED_SECTIONS: readonly SlicedSection[] = ['documents', 'actors', 'annotations'];

function* linksOf(index: MarginaliaIndex): Iterable<Annotation['links'][number]> {
  for (const annotation of index.annotations.values()) yield* annotation.links;
}

/**
 * Gives every entry of `index` whose span is pending the span of the same entry in `read`: `yaml`'s
 * read of the same text (the whole-text read here, or one made in the background elsewhere).
 */
export function fillPendingSpans(index: MarginaliaIndex, read: MarginaliaIndex): void {
  const fill = (entry: Spanned | undefined, from: { span: OffsetRange } | undefined): void => {
    if (entry && !hasSpan(entry)) setSpan(entry, from?.span ?? ZERO);
  };
  for (const [path, meta] of index.documents) fill(meta, read.documents.get(path));
  for (const [id, actor] of index.actors) fill(actor, read.actors.get(id));
  for (const [id, annotation] of index.annotations) {
    const other = read.annotations.get(id);
    fill(annotation, other);
    annotation.links.forEach((link, i) => fill(link, other?.links[i]));
  }
  index.relations.forEach((relation, i) => fill(relation, read.relations[i]));
}

/** Computes every span that is still pending, at once (for a background read, or before a copy that needs them). */
export function resolveAllSpans(index: MarginaliaIndex): void {
  // Any pending span's getter reads the whole text once it is asked for more than a few.
  for (const relation of index.relations) void relation.span;
  for (const annotation of index.annotations.values()) void annotation.span;
  for (const actor of index.actors.values()) void actor.span;
  for (const meta of index.documents.values()) void meta.span;
}

/** The prototype of pending entries: its `span` computes the entry's own, which then hides it. */
function pendingPrototype(resolve: (entry: Spanned) => void): object {
  return Object.create(Object.prototype, {
    span: {
      configurable: true,
      enumerable: false,
      get(this: Spanned): OffsetRange {
        resolve(this);
        // The resolver sets every span it is asked for; should one be missed, it must not recurse.
        if (!hasSpan(this)) setSpan(this, ZERO);
        return this.span;
      },
      set(this: Spanned, span: OffsetRange) {
        setSpan(this, span);
      },
    },
  }) as object;
}

/** Makes `span` the entry's own, and the entry a plain object again. */
function setSpan(entry: Spanned, span: OffsetRange): void {
  if (Object.getPrototypeOf(entry) !== Object.prototype) Object.setPrototypeOf(entry, Object.prototype);
  Object.defineProperty(entry, 'span', { value: span, writable: true, enumerable: true, configurable: true });
}

/** Where each section's entries begin, found on the lines of a block-style sidecar. */
interface SectionLines {
  starts: number[];
  end: number;
}

class SpanResolver {
  private readAlone = 0;
  private wholeRead = false;
  private lines: Map<SlicedSection, SectionLines> | undefined;
  /** The entries as the fast reader ordered them: the n-th is the n-th key of its section. Made when first asked. */
  private orderNow: Record<SlicedSection, Spanned[]> | undefined;
  private readonly positions = new Map<SlicedSection, Map<Spanned, number>>();
  private linkPositions: Map<Spanned, number> | undefined;

  constructor(private readonly text: () => string, private readonly index: MarginaliaIndex, private readonly readers: SpanReaders) {}

  private get order(): Record<SlicedSection, Spanned[]> {
    const { documents, actors, annotations } = this.index;
    return (this.orderNow ??= { documents: [...documents.values()], actors: [...actors.values()], annotations: [...annotations.values()] });
  }

  /** Gives `entry` of `section` (and its links) a span: read alone if it can be, else with everything. */
  entry(section: SlicedSection, entry: Spanned): void {
    let positions = this.positions.get(section);
    if (!positions) this.positions.set(section, (positions = new Map(this.order[section].map((e, i) => [e, i]))));
    this.at(section, positions.get(entry));
  }

  /** Gives `link` a span with its annotation's. */
  link(link: Annotation['links'][number]): void {
    this.linkPositions ??= new Map(this.order.annotations.flatMap((annotation, i) => (annotation as Annotation).links.map((l): [Spanned, number] => [l, i])));
    this.at('annotations', this.linkPositions.get(link));
  }

  private at(section: SlicedSection, position: number | undefined): void {
    if (this.wholeRead) return;
    if (position !== undefined && ++this.readAlone <= MAX_ENTRIES_READ_ALONE && this.readAloneAt(section, position)) return;
    this.all();
  }

  /** Reads the whole text with `yaml` and gives every pending entry its span. */
  all(): void {
    if (this.wholeRead) return;
    this.wholeRead = true;
    fillPendingSpans(this.index, this.readers.whole());
  }

  private readAloneAt(section: SlicedSection, position: number): boolean {
    const lines = (this.lines ??= sectionLines(this.text())).get(section);
    const entry = this.order[section][position];
    if (!lines || lines.starts.length !== this.order[section].length || entry === undefined) return false;
    const start = lines.starts[position];
    const end = position + 1 < lines.starts.length ? lines.starts[position + 1] : lines.end;
    const read = this.readers.slice(section, start, end);
    if (!read || read.problems.length > 0) return false;
    const entries: Map<string, Spanned> = read.index[section];
    if (entries.size !== 1) return false;
    const [alone] = entries.values();
    // Only lines that read back as exactly this entry tell where it is.
    if (!sameExceptSpans(alone, entry)) return false;
    setSpan(entry, alone.span);
    if (section === 'annotations') (entry as Annotation).links.forEach((link, i) => setSpan(link, (alone as Annotation).links[i].span));
    return true;
  }
}

/**
 * Where the entries of `documents`, `actors` and `annotations` begin: in a block-style sidecar
 * (the root a block mapping at column 0, a section key alone on its line), every line indented as
 * the section's first is an entry's key line. Comment and blank lines are neither. Sections written
 * otherwise are left out; a count that does not match the index is caught by the caller.
 */
export function sectionLines(text: string): Map<SlicedSection, SectionLines> {
  const found = new Map<SlicedSection, SectionLines>();
  let current: { lines: SectionLines; indent: number | undefined } | undefined;
  for (let at = 0; at < text.length; ) {
    const newline = text.indexOf('\n', at);
    const next = newline === -1 ? text.length : newline + 1;
    let column = at;
    while (column < next && text[column] === ' ') column++;
    const first = text[column];
    if (column < next && first !== '\n' && first !== '\r' && first !== '#') {
      const indent = column - at;
      if (indent === 0) {
        if (current) current.lines.end = at;
        const key = /^(documents|actors|annotations):[ ]*(?:#.*)?\r?$/.exec(text.slice(at, newline === -1 ? text.length : newline));
        current = key && !found.has(key[1] as SlicedSection) ? { lines: { starts: [], end: text.length }, indent: undefined } : undefined;
        if (key && current) found.set(key[1] as SlicedSection, current.lines);
      } else if (current) {
        current.indent ??= indent;
        if (indent === current.indent) current.lines.starts.push(at);
      }
    }
    at = next;
  }
  return found;
}

/** Deep equality of two read entries, leaving out spans (one side's are not computed yet). */
function sameExceptSpans(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('span');
  for (const key of keys) {
    if (!sameExceptSpans((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
