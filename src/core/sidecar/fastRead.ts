/**
 * The fast value reader of the sidecar: js-yaml reads the values (about seven times faster than
 * `yaml` builds its document with source ranges), and the model is built from them exactly as
 * `read.ts` builds it from `yaml`'s nodes. It reads only sidecars it can read exactly as `yaml`
 * does, and only ones without a single problem: anything else — a problem to report with its line
 * and column, or YAML where the two readers may differ — it declines, and `yaml` reads the text.
 *
 * What may differ, and is declined: anchors and aliases, tags, directives and document markers,
 * explicit (`?`) and empty keys, keys that `yaml` reads as numbers, booleans or null (js-yaml
 * makes every key a string), keys that are array indexes (a JavaScript object puts them first,
 * the sidecar's order would be lost), `<<` merge keys, tabs, lone carriage returns, byte order
 * marks and escaped surrogates. Scalars are read by the YAML 1.2 core schema as `yaml` reads them (not
 * js-yaml's, which takes YAML 1.1's `=` and binary, and its own spellings of numbers): js-yaml
 * hands every plain scalar over as written, and `resolvePlain` applies `yaml`'s own rules.
 *
 * Entries come back without their `span`: `lazySpans.ts` gives them one from `yaml` when it is
 * first asked for.
 */
import { load, Schema, Type } from 'js-yaml';
import {
  ACTOR_KINDS,
  Actor,
  ActorKind,
  Annotation,
  AnnotationLink,
  DocumentMeta,
  emptyIndex,
  LINK_TYPES,
  LinkType,
  MarginaliaIndex,
  Relation,
  REVIEW_STATES,
  ReviewState,
  SIDECAR_VERSION,
} from '../model';
import { normalizeCorpusPath } from '../paths';

/** A plain (unquoted) scalar as written: `yaml`'s core schema decides below what it means. */
class PlainScalar {
  constructor(readonly text: string) {}

  // js-yaml turns a key into a string with `String(key)` only when the key has a tag of its own
  // (else every object key would be "[object Object]").
  get [Symbol.toStringTag](): string {
    return 'PlainScalar';
  }

  toString(): string {
    const value = resolvePlain(this.text);
    // `yaml` keeps `1:` or `null:` as a number or null key, which the reader reports or reads as
    // another id; `<<` is a merge key to some readers. Neither is read here.
    if (typeof value !== 'string' || this.text === '<<') reading!.declined = true;
    return this.text;
  }
}

/** The state of the read in progress (reads are synchronous, one at a time). */
let reading: { declined: boolean } | undefined;

const schema = new Schema({
  implicit: [new Type('tag:marginalia,2024:plain', { kind: 'scalar', resolve: () => true, construct: (text: string) => new PlainScalar(text) })],
  // No explicit types: a tag (`!!str`, `!!binary`, `!local`) is an unknown tag, so an error, so declined.
});

/** What a plain scalar means in YAML 1.2's core schema, tried in `yaml`'s order, resolved as `yaml` resolves it. */
export function resolvePlain(text: string): string | number | boolean | null {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(text)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(text)) return text[0] === 't' || text[0] === 'T';
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(text)) return parseInt(text, 10);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(text)) return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(text)) return parseFloat(text);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text)) return parseFloat(text);
  return text;
}

/**
 * Text where the two readers may differ, declined before reading: a tab, or a carriage return not
 * followed by a line feed; a BOM, a `\u` escape of half a surrogate pair, or any `\U` escape; a
 * directive or document marker; where a node may begin (a line's first character, after `:`, `- `
 * or a flow indicator), an anchor, alias or tag; an explicit or empty key; a flow collection as a
 * key (`[a]: b`, which js-yaml makes the string "a"). Text that only looks like one of these
 * (`note: *starred*`, "a, &b") is declined too: `yaml` reads it, slower but the same. Within a
 * value (`a **bold** word`) it is not.
 */
const MAY_DIFFER = /[\t\uFEFF]|\r(?!\n)|\\(?:u[dD][89a-fA-F]|U)|^(?:%|---|\.\.\.)|(?:^[ ]*|:[ ]*|-[ ]+|[[{,][ ]*)(?:[&*][^ \r\n[\]{},]|!)|(?:^|[ [{,:])\?(?:[ \r\n]|$)|(?:^|[[{,])[ ]*:(?:[ \r\n,\]}]|$)|^[ ]*-[ ]+:(?:[ \r\n]|$)|[\]}][ ]*:/m;

/**
 * The index `yaml` would read from `text`, when this reader can tell it is exactly that and the
 * sidecar has no problem at all; otherwise undefined. Entries have no `span` yet.
 */
export function fastReadSidecar(text: string): MarginaliaIndex | undefined {
  if (MAY_DIFFER.test(text)) return undefined;
  reading = { declined: false };
  let root: unknown;
  try {
    root = load(text, { schema });
  } catch {
    // A YAML error (duplicate keys among them), an unknown tag, nesting too deep for the stack:
    // `yaml` says what and where.
    return undefined;
  } finally {
    const declined = reading.declined;
    reading = undefined;
    if (declined) root = undefined;
  }
  try {
    return root === undefined || !withinBounds(root) ? undefined : new ValueReader().readRoot(root);
  } catch (error) {
    if (error instanceof Declined) return undefined;
    throw error;
  }
}

/** Far below `MAX_NESTING`, which `yaml` reports, and far above the five levels a sidecar needs. */
const MAX_DEPTH = 50;

/**
 * `yaml` refuses a key over 1024 characters from its start to its `:`, which js-yaml reads; an
 * id this long is declined, however it is written (escapes make the source longer than the value).
 */
const MAX_KEY_LENGTH = 200;

/** False when a collection nests deeper than `MAX_DEPTH` or a key is longer than `MAX_KEY_LENGTH`. Walks without recursion. */
function withinBounds(root: unknown): boolean {
  const pending: unknown[] = [root];
  const depths: number[] = [0];
  for (let value = pending.pop(); value !== undefined; value = pending.pop()) {
    const depth = depths.pop()! + 1;
    if (depth > MAX_DEPTH) return false;
    const children = Array.isArray(value) ? value : isMapping(value) ? Object.values(value) : [];
    if (isMapping(value) && Object.keys(value).some((key) => key.length > MAX_KEY_LENGTH)) return false;
    for (const child of children) {
      if (typeof child === 'object' && child !== null && !(child instanceof PlainScalar)) {
        pending.push(child);
        depths.push(depth);
      }
    }
  }
  return true;
}

/** Thrown where `read.ts` would report a problem, or where the values may not be `yaml`'s. */
class Declined extends Error {}

function decline(): never {
  throw new Declined();
}

type Value = null | string | PlainScalar | Value[] | Mapping;
interface Mapping {
  [key: string]: Value;
}

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PlainScalar);
}

/** What `yaml`'s scalar node holds: its value, and the text it was written as. */
function scalar(value: Value): { value: string | number | boolean | null; source: string } | undefined {
  if (typeof value === 'string') return { value, source: value };
  if (value instanceof PlainScalar) return { value: resolvePlain(value.text), source: value.text };
  return undefined;
}

const hasOwn = (map: Mapping, key: string): boolean => Object.prototype.hasOwnProperty.call(map, key);

/** Object keys that JavaScript orders before all others: a section keyed by them loses the sidecar's order. */
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/** `read.ts`'s `SidecarReader` over plain values, declining wherever it would report a problem. */
class ValueReader {
  private readonly index: MarginaliaIndex = emptyIndex();

  readRoot(root: unknown): MarginaliaIndex {
    if (!isMapping(root)) decline();
    const version = this.field(root, 'version');
    if (version === undefined) decline(); // a missing version is an error problem
    const number = scalar(version)?.value;
    if (typeof number !== 'number' || !Number.isInteger(number) || number > SIDECAR_VERSION) decline();
    this.index.version = number;
    this.readSection(root, 'documents', (id, value) => this.readDocumentMeta(id, value));
    this.readSection(root, 'actors', (id, value) => this.readActor(id, value as Mapping));
    this.readSection(root, 'annotations', (id, value) => this.readAnnotation(id, value as Mapping));
    this.index.ignoredSuggestions = this.stringList(root, 'ignoreSuggestions');
    const relations = this.field(root, 'relations');
    if (relations !== undefined && !isNull(relations)) {
      if (!Array.isArray(relations)) decline();
      for (const item of relations) this.readRelation(item);
    }
    return this.index;
  }

  private readSection(root: Mapping, key: string, read: (id: string, value: Value) => void): void {
    const section = this.field(root, key);
    if (section === undefined || isNull(section)) return;
    if (!isMapping(section)) decline();
    for (const id of Object.keys(section)) {
      if (ARRAY_INDEX.test(id)) decline();
      const value = section[id];
      if (key !== 'documents' && !isMapping(value)) decline();
      read(id, value);
    }
  }

  private readDocumentMeta(rawPath: string, value: Value): void {
    const path = corpusPath(rawPath);
    const meta = { path } as DocumentMeta;
    if (!isNull(value)) {
      if (!isMapping(value)) decline();
      meta.title = this.optionalString(value, 'title');
      meta.source = this.optionalString(value, 'source');
      meta.date = this.optionalString(value, 'date');
    }
    this.index.documents.set(path, meta);
  }

  private readActor(id: string, map: Mapping): void {
    const kind = this.optionalString(map, 'kind') ?? 'other';
    if (!(ACTOR_KINDS as readonly string[]).includes(kind)) decline(); // a warning
    const matchCaseValue = this.field(map, 'matchCase');
    let matchCase = true;
    if (matchCaseValue !== undefined) {
      const value = scalar(matchCaseValue)?.value;
      if (typeof value !== 'boolean') decline();
      matchCase = value;
    }
    const actor = {
      id,
      name: this.optionalString(map, 'name') ?? id,
      kind: kind as ActorKind,
      aliases: this.stringList(map, 'aliases'),
      exclude: this.stringList(map, 'exclude'),
      matchCase,
      memberOf: this.optionalString(map, 'memberOf'),
      note: this.optionalString(map, 'note'),
    } as Actor;
    this.index.actors.set(id, actor);
  }

  private readAnnotation(id: string, map: Mapping): void {
    const rawFile = this.optionalString(map, 'file');
    const quote = this.optionalString(map, 'quote');
    if (rawFile === undefined || quote === undefined || quote.length === 0) decline();
    const file = corpusPath(rawFile);
    const startValue = this.field(map, 'start');
    let start: number | undefined;
    if (startValue !== undefined && !isNull(startValue)) {
      const value = scalar(startValue)?.value;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) decline();
      start = value;
    }
    const review = this.optionalString(map, 'review');
    if (review !== undefined && !(REVIEW_STATES as readonly string[]).includes(review)) decline(); // a warning
    const annotation = {
      id,
      file,
      quote,
      prefix: this.optionalString(map, 'prefix'),
      suffix: this.optionalString(map, 'suffix'),
      start,
      note: this.optionalString(map, 'note'),
      tags: this.stringList(map, 'tags'),
      actors: this.stringList(map, 'actors'),
      links: this.readLinks(map),
      review: review as ReviewState | undefined,
      author: this.optionalString(map, 'author'),
      created: this.optionalString(map, 'created'),
    } as Annotation;
    this.index.annotations.set(id, annotation);
  }

  private readLinks(map: Mapping): AnnotationLink[] {
    const value = this.field(map, 'links');
    if (value === undefined || isNull(value)) return [];
    if (!Array.isArray(value)) decline();
    return value.map((item) => {
      const shorthand = scalar(item);
      if (shorthand !== undefined && typeof shorthand.value === 'string') return { to: shorthand.value, type: 'related' } as AnnotationLink;
      if (!isMapping(item)) decline();
      const to = this.optionalString(item, 'to');
      if (to === undefined) decline();
      const type = this.optionalString(item, 'type') ?? 'related';
      if (!(LINK_TYPES as readonly string[]).includes(type)) decline(); // a warning
      return { to, type: type as LinkType } as AnnotationLink;
    });
  }

  private readRelation(item: Value): void {
    if (!isMapping(item)) decline();
    const from = this.optionalString(item, 'from');
    const to = this.optionalString(item, 'to');
    if (from === undefined || to === undefined) decline();
    const relation = {
      from,
      to,
      type: this.optionalString(item, 'type') ?? 'related',
      label: this.optionalString(item, 'label'),
      evidence: this.stringList(item, 'evidence'),
    } as Relation;
    this.index.relations.push(relation);
  }

  /** The value of a key; undefined when absent. */
  private field(map: Mapping, key: string): Value | undefined {
    return hasOwn(map, key) ? map[key] : undefined;
  }

  private optionalString(map: Mapping, key: string): string | undefined {
    const value = this.field(map, key);
    if (value === undefined || isNull(value)) return undefined;
    const read = scalar(value);
    if (read === undefined) decline();
    // As `read.ts`: a string as read, a number or boolean as written.
    return typeof read.value === 'string' ? read.value : read.source;
  }

  private stringList(map: Mapping, key: string): string[] {
    const value = this.field(map, key);
    if (value === undefined || isNull(value)) return [];
    const single = scalar(value);
    if (single !== undefined) {
      if (typeof single.value !== 'string') decline();
      return [single.value];
    }
    if (!Array.isArray(value)) decline();
    const values: string[] = [];
    for (const item of value) {
      const read = scalar(item);
      if (read === undefined || read.value === null) decline();
      const text = String(read.value);
      if (text.length > 0) values.push(text);
    }
    return values;
  }
}

function isNull(value: Value): boolean {
  return value === null || (value instanceof PlainScalar && resolvePlain(value.text) === null);
}

function corpusPath(raw: string): string {
  const result = normalizeCorpusPath(raw);
  if (!result.ok) decline();
  return result.path;
}
