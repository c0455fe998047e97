/**
 * The oracle of the sidecar writer's property test: what each edit means, modelled on the plain
 * object js-yaml reads (js-yaml shares no code with the `yaml` package the writer uses), and the
 * invariants every write must keep — the file reads back exactly as the model says, every comment
 * survives (unless inside a deleted entry), CRLF stays CRLF, and the index the writer returns is
 * the one a fresh read gives. Every text, before and after the edits, is also read by the fast
 * reader, which must read exactly what `yaml` reads (spans computed lazily included) or decline.
 */
import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { CORE_SCHEMA, load } from 'js-yaml';
import { applySidecarEdits } from '../../src/core/sidecar/edit';
import { SidecarEdit, SidecarEditError } from '../../src/core/sidecar/edits';
import { fastReadSidecar } from '../../src/core/sidecar/fastRead';
import { resolveAllSpans } from '../../src/core/sidecar/lazySpans';
import { parseSidecar, parseSidecarWithYaml } from '../../src/core/sidecar/read';
import { MarginaliaIndex } from '../../src/core/model';
import { stripBom } from '../../src/core/text';
import { ACTOR_IDS, buildSidecar, CaseRaw, EditSpec } from './sidecarGenerators';
import { Comment } from './sidecarYaml';

type Doc = Record<string, unknown>;
type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);
const keysOf = (value: unknown): string[] => (isObj(value) ? Object.keys(value) : []);
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length];

/** Reads YAML as an independent reader does: YAML 1.2 core schema, so dates stay strings. */
function readBack(text: string): Doc {
  return load(text.replace(/^\uFEFF/, ''), { schema: CORE_SCHEMA }) as Doc;
}

// ── the model: what each edit means, on the plain object a reader loads ──

/** The edit is invalid (missing id, id taken): the writer must refuse it. */
class Invalid extends Error {}

/** Turns a generated edit into a `SidecarEdit` against the sidecar as it stands. */
export function resolveEdit(spec: EditSpec, doc: Doc): SidecarEdit {
  const annotations = keysOf(doc.annotations);
  const actors = keysOf(doc.actors);
  const annotation = (n: number): string => (spec.bogus || annotations.length === 0 ? 'ghost' : pick(annotations, n));
  const actor = (n: number): string => (spec.bogus || actors.length === 0 ? 'ghost' : pick(actors, n));
  switch (spec.kind) {
    case 'setAnchor':
      return { kind: 'setAnchor', annotationId: annotation(spec.pick), selector: { quote: spec.quote, prefix: spec.prefix, suffix: spec.suffix, start: spec.start } };
    case 'addAnnotation': {
      const actorNames = actors.length > 0 ? actors : ACTOR_IDS;
      const { file, quote, prefix, suffix, start, note, tags, author, created } = spec;
      return {
        kind: 'addAnnotation',
        id: spec.bogus && annotations.length > 0 ? annotations[0] : spec.newId,
        annotation: { file, quote, prefix, suffix, start, note, tags, actors: spec.actorPicks?.map((n) => pick(actorNames, n)), author, created },
      };
    }
    case 'deleteAnnotation':
      return { kind: 'deleteAnnotation', id: annotation(spec.pick) };
    case 'setAnnotationNote':
      return { kind: 'setAnnotationNote', id: annotation(spec.pick), note: spec.note };
    case 'setAnnotationReview':
      return { kind: 'setAnnotationReview', id: annotation(spec.pick), review: spec.review };
    case 'addLink':
      return { kind: 'addLink', from: annotations.length > 0 ? pick(annotations, spec.pick) : 'ghost', to: annotation(spec.toPick), type: spec.type };
    case 'addActor':
      return { kind: 'addActor', id: spec.bogus && actors.length > 0 ? actors[0] : spec.newId, actor: { name: spec.name, kind: spec.actorKind, aliases: spec.aliases, note: spec.note } };
    case 'addAlias': {
      const actorId = actor(spec.pick);
      const aliases = (doc.actors as Obj | undefined)?.[actorId] as Obj | undefined;
      const existing = Array.isArray(aliases?.aliases) ? (aliases.aliases as string[]) : [];
      return { kind: 'addAlias', actorId, alias: spec.existing !== undefined && existing.length > 0 ? pick(existing, spec.existing) : spec.alias };
    }
    case 'renameActor': {
      if (spec.bogus && actors.length >= 2) return { kind: 'renameActor', from: actors[0], to: actors[1] };
      const from = actor(spec.pick);
      return { kind: 'renameActor', from, to: spec.same ? from : spec.newId };
    }
    case 'ignoreSuggestion': {
      const ignored = Array.isArray(doc.ignoreSuggestions) ? (doc.ignoreSuggestions as string[]) : [];
      return { kind: 'ignoreSuggestion', phrase: spec.existing !== undefined && ignored.length > 0 ? pick(ignored, spec.existing) : spec.phrase };
    }
  }
}

/** Applies one edit to the model. `removed` collects the tags of what it takes out (see `Comment`). */
function applyModel(doc: Doc, edit: SidecarEdit, removed: Set<string>): void {
  const annotation = (id: string): Obj => {
    const entry = isObj(doc.annotations) ? doc.annotations[id] : undefined;
    if (!isObj(entry)) throw new Invalid(`no annotation ${id}`);
    return entry;
  };
  const actor = (id: string): Obj => {
    const entry = isObj(doc.actors) ? doc.actors[id] : undefined;
    if (!isObj(entry)) throw new Invalid(`no actor ${id}`);
    return entry;
  };
  const section = (key: string): Obj => {
    if (!isObj(doc[key])) doc[key] = {};
    return doc[key] as Obj;
  };
  const append = (owner: Obj, key: string, item: unknown, unlessPresent: boolean): void => {
    const current = owner[key];
    const items = Array.isArray(current) ? current : typeof current === 'string' ? [current] : [];
    if (unlessPresent && items.includes(item)) return;
    owner[key] = [...items, item];
  };
  const defined = (record: Obj): Obj => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));

  switch (edit.kind) {
    case 'setAnchor':
      Object.assign(annotation(edit.annotationId), edit.selector);
      return;
    case 'addAnnotation': {
      if (isObj(doc.annotations) && edit.id in doc.annotations) throw new Invalid(`annotation ${edit.id} taken`);
      const { file, quote, prefix, suffix, start, note, tags, actors, author, created } = edit.annotation;
      section('annotations')[edit.id] = defined({ file, quote, prefix, suffix, start, note, tags: tags?.length ? tags : undefined, actors: actors?.length ? actors : undefined, author, created });
      return;
    }
    case 'deleteAnnotation': {
      annotation(edit.id);
      const annotations = doc.annotations as Obj;
      delete annotations[edit.id];
      removed.add(`ann:${edit.id}`).add(`ref:${edit.id}`);
      for (const [id, other] of Object.entries(annotations)) {
        if (!isObj(other) || !Array.isArray(other.links)) continue;
        const kept = other.links.filter((link) => link !== edit.id && !(isObj(link) && link.to === edit.id));
        if (kept.length === other.links.length) continue;
        if (kept.length > 0) other.links = kept;
        else {
          delete other.links;
          removed.add(`list:ann:${id}:links`);
        }
      }
      if (Array.isArray(doc.relations)) {
        doc.relations.forEach((relation, i) => {
          if (!isObj(relation) || !Array.isArray(relation.evidence) || !relation.evidence.includes(edit.id)) return;
          const kept = relation.evidence.filter((e) => e !== edit.id);
          if (kept.length > 0) relation.evidence = kept;
          else {
            delete relation.evidence;
            removed.add(`list:rel:${i}:evidence`);
          }
        });
      }
      return;
    }
    case 'setAnnotationNote':
      annotation(edit.id).note = edit.note;
      return;
    case 'setAnnotationReview':
      annotation(edit.id).review = edit.review;
      return;
    case 'addLink': {
      const from = annotation(edit.from);
      annotation(edit.to);
      append(from, 'links', { to: edit.to, type: edit.type }, false);
      return;
    }
    case 'addActor': {
      if (isObj(doc.actors) && edit.id in doc.actors) throw new Invalid(`actor ${edit.id} taken`);
      const { name, kind, aliases, note } = edit.actor;
      section('actors')[edit.id] = defined({ name, kind, aliases, note });
      return;
    }
    case 'addAlias':
      append(actor(edit.actorId), 'aliases', edit.alias, true);
      return;
    case 'renameActor': {
      actor(edit.from);
      if (edit.from === edit.to) return;
      const actors = doc.actors as Obj;
      if (edit.to in actors) throw new Invalid(`actor ${edit.to} taken`);
      doc.actors = Object.fromEntries(Object.entries(actors).map(([id, value]) => [id === edit.from ? edit.to : id, value]));
      const rename = (value: unknown): unknown => (value === edit.from ? edit.to : value);
      for (const other of Object.values(doc.actors as Obj)) if (isObj(other) && 'memberOf' in other) other.memberOf = rename(other.memberOf);
      for (const other of Object.values(isObj(doc.annotations) ? doc.annotations : {})) {
        if (!isObj(other)) continue;
        if (Array.isArray(other.actors)) other.actors = other.actors.map(rename);
        else if ('actors' in other) other.actors = rename(other.actors);
      }
      for (const relation of Array.isArray(doc.relations) ? doc.relations : []) {
        if (!isObj(relation)) continue;
        relation.from = rename(relation.from);
        relation.to = rename(relation.to);
      }
      return;
    }
    case 'ignoreSuggestion':
      append(doc, 'ignoreSuggestions', edit.phrase, true);
      return;
  }
}

// ── the check ──

/** One way the writer went wrong; `kind` groups failures into classes. */
export class WriterFailure extends Error {
  constructor(
    readonly kind: string,
    detail: string,
  ) {
    super(`${kind}: ${detail}`);
  }
}

const show = (value: unknown): string => JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');

/**
 * Applies the edits to the sidecar text and checks every invariant; throws a `WriterFailure`
 * (or an assertion error for a bug of the generator itself) naming what went wrong.
 */
export function checkEdits(text: string, edits: Array<SidecarEdit | EditSpec>, comments: Comment[] = [], original: Doc = readBack(text)): void {
  const expected = structuredClone(original);
  const removed = new Set<string>();
  const resolved: SidecarEdit[] = [];
  let invalid: string | undefined;
  for (const item of edits) {
    const edit = 'bogus' in item ? resolveEdit(item, expected) : item;
    resolved.push(edit);
    try {
      applyModel(expected, edit, removed);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      invalid = error.message;
      break;
    }
  }
  const context = (): string => `\n  sidecar: ${JSON.stringify(text)}\n  edits: ${show(resolved)}`;
  fastReaderAgrees(text, context);
  const parsed = parseSidecar(text);
  if (parsed.invalid || parsed.problems.some((p) => p.code.startsWith('yaml'))) {
    throw new WriterFailure('reader refuses a valid sidecar', `${show(parsed.problems)}${context()}`);
  }
  readerAgrees(original, parsed.index, context);
  if (invalid !== undefined) {
    try {
      applySidecarEdits(parsed, resolved);
    } catch (error) {
      if (error instanceof SidecarEditError) return;
      throw new WriterFailure('invalid edit: wrong error', `${String(error)} (${invalid})${context()}`);
    }
    throw new WriterFailure('invalid edit accepted', `${invalid}${context()}`);
  }

  let result;
  try {
    result = applySidecarEdits(parsed, resolved);
  } catch (error) {
    throw new WriterFailure('valid edit throws', `${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}${context()}`);
  }
  const out = result.text;
  const written = (): string => `${context()}\n  written: ${JSON.stringify(out)}`;
  let actual: Doc;
  try {
    actual = readBack(out);
  } catch (error) {
    throw new WriterFailure('output is not YAML', `${(error as Error).message.split('\n')[0]}${written()}`);
  }

  // Deleting the last annotation may leave `annotations:` empty, `{}`, or gone: all mean the same.
  for (const key of ['annotations']) {
    if (isObj(expected[key]) && keysOf(expected[key]).length === 0 && removed.size > 0 && (actual[key] === undefined || actual[key] === null || isObj(actual[key]))) {
      if (actual[key] === undefined) delete expected[key];
      else expected[key] = actual[key];
    }
  }
  if (!isDeepStrictEqual(actual, expected)) throw new WriterFailure('reads back different', `${describeDifference(actual, expected)}${written()}`);
  for (const key of ['annotations', 'actors']) {
    if (show(keysOf(actual[key])) !== show(keysOf(expected[key]))) {
      throw new WriterFailure('entry order changed', `${key}: ${show(keysOf(actual[key]))} instead of ${show(keysOf(expected[key]))}${written()}`);
    }
  }
  for (const comment of comments) {
    if (comment.tags.some((tag) => removed.has(tag))) continue;
    if (!out.includes('#' + comment.text)) throw new WriterFailure('comment lost', `${JSON.stringify('#' + comment.text)}${written()}`);
  }
  if (text.includes('\r\n') ? /(^|[^\r])\n/.test(out) : out.includes('\r')) {
    throw new WriterFailure('line breaks mixed', `the sidecar used ${text.includes('\r\n') ? 'CRLF' : 'LF'}${written()}`);
  }
  fastReaderAgrees(out, written);
  const fresh = parseSidecar(out);
  if (result.invalid || fresh.invalid) throw new WriterFailure('output invalid for the reader', `${show(fresh.problems)}${written()}`);
  if (!isDeepStrictEqual(indexOf(result.index), indexOf(fresh.index))) {
    throw new WriterFailure('returned index differs from a fresh read', `${describeDifference(indexOf(result.index), indexOf(fresh.index))}${written()}`);
  }
}

/** The writer's reader reads the text fields of entries as js-yaml does. */
function readerAgrees(original: Doc, index: MarginaliaIndex, context: () => string): void {
  const sections: Array<[string, Map<string, object>, string[]]> = [
    ['annotations', index.annotations, ['quote', 'prefix', 'suffix', 'note']],
    ['actors', index.actors, ['name', 'note']],
  ];
  for (const [section, entries, fields] of sections) {
    for (const [id, entry] of Object.entries(isObj(original[section]) ? original[section] : {})) {
      const read = entries.get(id) as Record<string, unknown> | undefined;
      for (const field of fields) {
        if (!isObj(entry) || typeof entry[field] !== 'string') continue;
        if (read?.[field] !== entry[field]) throw new WriterFailure('reader disagrees with js-yaml', `${section}.${id}.${field}: ${show(read?.[field])} instead of ${show(entry[field])}${context()}`);
      }
    }
  }
}

/** How many texts the fast reader read and how many it declined, for the test to show both were checked. */
export const fastReaderCounts = { read: 0, declined: 0 };

/**
 * The fast reader reads exactly what `yaml` reads, or declines. Where it reads, `parseSidecar`'s
 * spans, computed when first asked for, are `yaml`'s: entry by entry from their own lines (first
 * half of the cases), or from the whole text (the rest: a relation's span asked for first).
 */
export function fastReaderAgrees(text: string, context: () => string): void {
  const slow = parseSidecarWithYaml(text);
  const fast = fastReadSidecar(stripBom(text));
  if (fast === undefined) {
    fastReaderCounts.declined++;
    return;
  }
  fastReaderCounts.read++;
  if (slow.invalid || slow.problems.length > 0) throw new WriterFailure('fast reader reads a sidecar yaml finds problems in', `${show(slow.problems)}${context()}`);
  if (!isDeepStrictEqual(withoutSpans(fast), withoutSpans(slow.index))) {
    throw new WriterFailure('fast reader reads differently', `${describeDifference(withoutSpans(fast), withoutSpans(slow.index))}${context()}`);
  }
  const parsed = parseSidecar(text);
  if (fastReaderCounts.read % 2 === 0) void parsed.index.relations[0]?.span;
  // One entry at a time, as a problem or a jump to the sidecar asks for them.
  for (const section of [parsed.index.annotations, parsed.index.actors, parsed.index.documents] as Map<string, { span: unknown; links?: { span: unknown }[] }>[]) {
    for (const entry of section.values()) for (const link of entry.links ?? []) void link.span;
    for (const entry of section.values()) void entry.span;
  }
  resolveAllSpans(parsed.index);
  if (!isDeepStrictEqual(indexOf(parsed.index), indexOf(slow.index)) || parsed.problems.length > 0 || parsed.invalid) {
    throw new WriterFailure('spans computed lazily differ from yaml', `${describeDifference(indexOf(parsed.index), indexOf(slow.index))}${context()}`);
  }
}

/** The index as plain data without spans, in the sidecar's order. */
function withoutSpans(index: MarginaliaIndex): unknown {
  const spanless = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(spanless);
    if (value instanceof Map) return [...value].map(spanless);
    if (!isObj(value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'span').map(([key, v]) => [key, spanless(v)]));
  };
  return spanless(index);
}

/** The index as plain data, in the sidecar's order (spans still to compute are computed). */
function indexOf(index: MarginaliaIndex): unknown {
  resolveAllSpans(index);
  return { ...index, documents: [...index.documents], actors: [...index.actors], annotations: [...index.annotations] };
}

/** The first path where two values differ, with both values. */
function describeDifference(actual: unknown, expected: unknown, path = '$'): string {
  if (isObj(actual) && isObj(expected)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      if (!(key in actual)) return `${path}.${key} missing (expected ${show(expected[key])})`;
      if (!(key in expected)) return `${path}.${key} unexpected: ${show(actual[key])}`;
      if (!isDeepStrictEqual(actual[key], expected[key])) return describeDifference(actual[key], expected[key], `${path}.${key}`);
    }
  }
  if (Array.isArray(actual) && Array.isArray(expected) && actual.length === expected.length) {
    for (let i = 0; i < actual.length; i++) {
      if (!isDeepStrictEqual(actual[i], expected[i])) return describeDifference(actual[i], expected[i], `${path}[${i}]`);
    }
  }
  return `${path}: ${show(actual)} instead of ${show(expected)}`;
}

/** Builds the generated sidecar, checks the generator against js-yaml, then checks the writer. */
export function checkCase(input: CaseRaw): void {
  const sidecar = buildSidecar(input.sidecar);
  // The generator's own promise: js-yaml reads what it meant. A failure here is a bug of the test.
  const read = readBack(sidecar.text);
  if (!isDeepStrictEqual(read, sidecar.value)) assert.fail(`generator: ${describeDifference(read, sidecar.value)} in ${JSON.stringify(sidecar.text)}`);
  checkEdits(sidecar.text, input.edits, sidecar.comments, read);
}

