/**
 * Reads `marginalia.yaml` into the model. Nothing here throws on bad input: every problem comes back
 * with the offsets of the node it is about, and whatever could be read is kept.
 */
import { Composer, CST, Document, isAlias, isMap, isNode, isPair, isScalar, isSeq, Lexer, Node, Parser, Scalar, visit, YAMLMap, YAMLParseError } from 'yaml';
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
  OffsetRange,
  Problem,
  Relation,
  REVIEW_STATES,
  ReviewState,
  Severity,
  SIDECAR_VERSION,
} from '../model';
import { normalizeCorpusPath } from '../paths';
import { stripBom } from '../text';
import { firstUnencodable } from './encoding';
import { fastReadSidecar } from './fastRead';
import { attachLazySpans, hasMissingSpans } from './lazySpans';

/** The conventional name of the sidecar file. */
export const SIDECAR_FILE_NAME = 'marginalia.yaml';

export interface ParsedSidecar {
  /** The sidecar text, BOM removed: every offset in `index` and `problems` is into this. */
  text: string;
  /**
   * The parsed YAML document with source ranges, for edits that keep comments. Parsed only when
   * first asked for (a sidecar is read by the fast reader where it can be, and most edits are
   * planned on the entries they touch); entries' spans computed from `yaml` share the parse.
   */
  readonly document: Document.Parsed;
  index: MarginaliaIndex;
  problems: Problem[];
  /** True when the file cannot be used as a sidecar at all (syntax errors, wrong version, not a mapping). */
  invalid: boolean;
}

/**
 * A sidecar read without its YAML document, which is parsed from `text` on first use; entries
 * without a span (read by the fast reader, or copied without their pending spans) get theirs from
 * `yaml` when first asked for (see `lazySpans.ts`). Both share one parse of the whole text.
 */
export function withLazyDocument(state: Omit<ParsedSidecar, 'document'>, file: string = SIDECAR_FILE_NAME): ParsedSidecar {
  let parsed: { document: Document.Parsed; tooDeepAt?: number } | undefined;
  const parse = (): { document: Document.Parsed; tooDeepAt?: number } => (parsed ??= parseYamlWithinBounds(state.text));
  if (!state.invalid && hasMissingSpans(state.index)) {
    let whole: MarginaliaIndex | undefined;
    attachLazySpans(() => state.text, state.index, {
      whole: () => (whole ??= readParsed(state.text, file, parse()).index),
      slice: (section, start, end) => readEntriesAlone(state.text, start, end, section, file),
    });
  }
  return Object.defineProperty(state, 'document', {
    get: () => parse().document,
    enumerable: false,
  }) as ParsedSidecar;
}

/** `state` given a text decoded when first read: a sidecar taken from the index cache may never need it. */
export function withLazyText<T extends object>(state: T, text: () => string): T & { text: string } {
  let value: string | undefined;
  return Object.defineProperty(state, 'text', {
    get: () => (value ??= text()),
    set: (replaced: string) => void (value = replaced),
    enumerable: true,
    configurable: true,
  }) as T & { text: string };
}

/**
 * How deeply collections may nest. A sidecar needs five levels (root, section, entry, links, link);
 * the bound is far above that and far below where the YAML composer, which recurses once per
 * level, would run out of stack.
 */
export const MAX_NESTING = 100;

function parseYaml(text: string): Document.Parsed {
  return parseYamlWithinBounds(text).document;
}

/**
 * `parseDocument` (duplicate keys kept, for the reader to report), but the nesting is measured on
 * the concrete syntax tree first — `yaml`'s parser keeps its own stack, its composer does not —
 * and a document nested deeper than `MAX_NESTING` is not composed: it comes back empty with an
 * error, and `tooDeepAt` says where.
 */
function parseYamlWithinBounds(text: string): { document: Document.Parsed; tooDeepAt?: number } {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  let tooDeepAt: number | undefined;
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    // The parser's stack holds the collections still open: stop reading as soon as it is too deep,
    // rather than lexing megabytes of `[[[[…` first.
    if (parser.stack.length > MAX_NESTING) {
      const open = parser.stack.filter(isCollectionToken);
      if (open.length > MAX_NESTING) {
        tooDeepAt = open[MAX_NESTING].offset;
        break;
      }
    }
  }
  if (tooDeepAt === undefined) {
    tokens.push(...parser.end());
    tooDeepAt = offsetBeyondNesting(tokens, MAX_NESTING);
  }
  const composer = new Composer({ uniqueKeys: false, keepSourceTokens: false });
  let document: Document.Parsed | undefined;
  for (const composed of composer.compose(tooDeepAt === undefined ? tokens : [], true, text.length)) {
    if (document === undefined) document = composed;
    else {
      // As `parseDocument` says it.
      document.errors.push(new YAMLParseError([composed.range[0], composed.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  // `compose(…, true)` always ends with a document.
  if (tooDeepAt !== undefined) document!.errors.push(new YAMLParseError([tooDeepAt, tooDeepAt + 1], 'IMPOSSIBLE', tooDeepMessage()));
  return { document: document!, tooDeepAt };
}

function tooDeepMessage(): string {
  return `the sidecar nests deeper than ${MAX_NESTING} levels here (a Marginalia sidecar needs 5): it is not read`;
}

function isCollectionToken(token: CST.Token): token is CST.BlockMap | CST.BlockSequence | CST.FlowCollection {
  return token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
}

/** The offset of a collection nested deeper than `limit`, walking the syntax tree without recursion. */
function offsetBeyondNesting(tokens: readonly CST.Token[], limit: number): number | undefined {
  // Only collections are queued (scalars are most tokens and nest nothing), each with the depth of its parent.
  const pending: (CST.BlockMap | CST.BlockSequence | CST.FlowCollection)[] = [];
  const depths: number[] = [];
  const queue = (token: CST.Token | null | undefined, depth: number): void => {
    if (token && isCollectionToken(token)) {
      pending.push(token);
      depths.push(depth);
    }
  };
  for (const token of tokens) queue(token.type === 'document' ? token.value : token, 0);
  for (let token = pending.pop(); token !== undefined; token = pending.pop()) {
    const depth = depths.pop()! + 1;
    if (depth > limit) return token.offset;
    for (const item of token.items) {
      queue(item.key, depth);
      queue(item.value, depth);
    }
  }
  return undefined;
}

/** YAML nodes are expanded through anchors at most this often, so an alias bomb cannot blow up memory. */
const MAX_ALIAS_EXPANSIONS = 1000;

/**
 * The largest sidecar read: about 110,000 annotations. Parsing one ten times the size of a large
 * real index (20,000 annotations, 6 MB) would take the `yaml` parser minutes and gigabytes.
 */
export const MAX_SIDECAR_CHARS = 32 * 1024 * 1024;

/**
 * Parses and validates a sidecar. `file` names it in problems. Never throws: whatever cannot be
 * read is an error problem and the sidecar is invalid. A sidecar without problems is read by the
 * fast reader (`fastRead.ts`) where it reads exactly as `yaml` would, its spans computed from
 * `yaml` when first asked for (`lazySpans.ts`); anything else is read by `yaml`, spans and all.
 */
export function parseSidecar(rawText: string, file: string = SIDECAR_FILE_NAME): ParsedSidecar {
  const text = stripBom(rawText);
  try {
    return readSidecar(text, file);
  } catch (error) {
    // The checks in readSidecar should leave nothing that throws; if something does, it is still
    // a problem to show, never a crash of the extension host or a stack trace from the CLI.
    return unreadableSidecar(text, file, 'unreadable', `the sidecar could not be read (${error instanceof Error ? error.message : String(error)})`, 0);
  }
}

function readSidecar(text: string, file: string): ParsedSidecar {
  if (text.length > MAX_SIDECAR_CHARS) {
    const size = `${(text.length / 1024 / 1024).toFixed(1)} MB`;
    return unreadableSidecar(text, file, 'too-large', `the sidecar is ${size}; Marginalia reads sidecars up to ${MAX_SIDECAR_CHARS / 1024 / 1024} MB (split the corpus into folders, each with its own sidecar)`, 0);
  }
  const unencodable = firstUnencodable(text);
  if (unencodable !== undefined) {
    const what = unencodable.byte === undefined ? 'text that is not Unicode' : `byte 0x${unencodable.byte.toString(16).toUpperCase()}`;
    return unreadableSidecar(text, file, 'not-utf8', `the sidecar is not valid UTF-8 (${what} here); convert it to UTF-8 — Marginalia never writes a file it cannot read exactly`, unencodable.offset);
  }
  let fast: MarginaliaIndex | undefined;
  try {
    fast = fastReadSidecar(text);
  } catch {
    fast = undefined; // whatever the fast reader cannot read, `yaml` reads (and says why)
  }
  if (fast) return withLazyDocument({ text, index: fast, problems: [], invalid: false }, file);
  return readParsed(text, file, parseYamlWithinBounds(text));
}

/** Reads a sidecar from `yaml`'s parse of all of `text`. */
function readParsed(text: string, file: string, { document, tooDeepAt }: { document: Document.Parsed; tooDeepAt?: number }): ParsedSidecar {
  if (tooDeepAt !== undefined) return unreadableSidecar(text, file, 'too-deep', tooDeepMessage(), tooDeepAt);
  const reader = new SidecarReader(document, file, text);
  for (const error of document.errors) reader.report('error', 'yaml-syntax', error.message.split('\n')[0], { start: error.pos[0], end: error.pos[1] });
  if (document.errors.length > 0) {
    return { text, document, index: emptyIndex(), problems: reader.problems, invalid: true };
  }
  for (const warning of document.warnings) reader.report('warning', 'yaml-warning', warning.message.split('\n')[0], { start: warning.pos[0], end: warning.pos[1] });
  const invalid = !reader.readRoot();
  if (!invalid) reader.reportDuplicateKeys(document.contents);
  return { text, document, index: reader.index, problems: reader.problems, invalid };
}

/**
 * Parses and validates a sidecar with `yaml` alone, never the fast reader: what `parseSidecar`
 * must read whenever the fast reader reads at all (the property test holds them to it).
 */
export function parseSidecarWithYaml(rawText: string, file: string = SIDECAR_FILE_NAME): ParsedSidecar {
  const text = stripBom(rawText);
  try {
    return readParsed(text, file, parseYamlWithinBounds(text));
  } catch (error) {
    return unreadableSidecar(text, file, 'unreadable', `the sidecar could not be read (${error instanceof Error ? error.message : String(error)})`, 0);
  }
}

/** A sidecar that cannot be read at all: one error at `offset`, nothing in the index. */
export function unreadableSidecar(text: string, file: string, code: string, message: string, offset: number): ParsedSidecar {
  const problem: Problem = { severity: 'error', code, message, file, range: { start: offset, end: Math.min(offset + 1, text.length) } };
  return withLazyDocument({ text, index: emptyIndex(), problems: [problem], invalid: true });
}

class SidecarReader {
  readonly problems: Problem[] = [];
  readonly index: MarginaliaIndex = emptyIndex();
  private aliasExpansions = 0;
  /** Sections read by `readSection`, which reports their duplicate ids itself. */
  private readonly sections = new Set<YAMLMap>();

  /** `text` is what the node ranges point into. */
  constructor(private readonly document: Document, private readonly file: string, private readonly text: string) {}

  /** A node's span, ending where its last line of content ends (see `lastLineEnd`). */
  private lineSpan(node: unknown): OffsetRange {
    return { start: spanOf(node).start, end: lastLineEnd(node, this.text) };
  }

  /**
   * Reports every key that repeats an earlier key of the same mapping, at any depth: a second
   * `annotations:` after a bad merge, `quote:` twice in an entry. Only the first is read; the rest of
   * the sidecar stays readable. Walks without recursion and never through aliases.
   */
  reportDuplicateKeys(root: unknown): void {
    const found: Problem[] = [];
    // Only collections are queued: scalars are most nodes and hold no keys.
    const pending: unknown[] = [];
    const queue = (node: unknown): void => {
      if (isMap(node) || isSeq(node)) pending.push(node);
    };
    queue(root);
    while (pending.length > 0) {
      const node = pending.pop();
      if (isSeq(node)) node.items.forEach(queue);
      if (!isMap(node)) continue;
      const seen = new Set<string>();
      for (const pair of node.items) {
        queue(pair.key);
        queue(pair.value);
        const key = pair.key;
        if (this.sections.has(node) || !isScalar(key) || key.value == null || typeof key.value === 'object') continue;
        const name = String(key.value);
        if (seen.has(name)) {
          found.push({ severity: 'error', code: 'duplicate-key', message: `duplicate key "${name}": only the first is read, and edits are refused until one is removed or renamed`, file: this.file, range: spanOf(key) });
        }
        seen.add(name);
      }
    }
    this.problems.push(...found.sort((a, b) => a.range.start - b.range.start));
  }

  report(severity: Severity, code: string, message: string, range: OffsetRange): void {
    this.problems.push({ severity, code, message, file: this.file, range });
  }

  /** Returns false when the document is not a usable sidecar. */
  readRoot(): boolean {
    const root = this.resolve(this.document.contents);
    if (root == null || (isScalar(root) && root.value == null)) {
      this.report('error', 'not-a-sidecar', 'the sidecar is empty: expected a mapping with "version: 1"', { start: 0, end: 0 });
      return false;
    }
    if (!isMap(root)) {
      this.report('error', 'not-a-sidecar', 'the sidecar must be a mapping (version, documents, actors, relations, annotations)', spanOf(root));
      return false;
    }
    const versionNode = this.field(root, 'version');
    if (versionNode === undefined) {
      this.report('error', 'missing-version', `missing "version: ${SIDECAR_VERSION}"`, { start: 0, end: 0 });
    } else {
      const version = isScalar(versionNode) ? versionNode.value : undefined;
      if (typeof version !== 'number' || !Number.isInteger(version)) {
        this.report('error', 'bad-version', 'version must be a whole number', spanOf(versionNode));
        return false;
      }
      if (version > SIDECAR_VERSION) {
        this.report('error', 'newer-version', `this sidecar is version ${version}; this Marginalia reads version ${SIDECAR_VERSION}`, spanOf(versionNode));
        return false;
      }
      this.index.version = version;
    }
    this.readEntries(root, 'documents', (id, node, keySpan) => this.readDocumentMeta(id, node, keySpan));
    this.readEntries(root, 'actors', this.entryReader('actors'));
    this.readEntries(root, 'annotations', this.entryReader('annotations'));
    this.index.ignoredSuggestions = this.stringList(root, 'ignoreSuggestions', 'the sidecar');
    const relations = this.field(root, 'relations');
    if (relations !== undefined) {
      if (isSeq(relations)) {
        for (const item of relations.items) this.readRelation(this.resolve(item as Node));
      } else if (!isNull(relations)) this.report('error', 'wrong-type', '"relations" must be a list', spanOf(relations));
    }
    return true;
  }

  private readEntries(root: YAMLMap, key: string, read: (id: string, node: Node, keySpan: OffsetRange) => void): void {
    this.readSection(this.field(root, key), key, read);
  }

  /** The reader of one entry of the section: what `readSection` calls for each. */
  entryReader(section: EditableSection | 'documents'): (id: string, node: Node, keySpan: OffsetRange) => void {
    if (section === 'documents') return (id, node, span) => this.readDocumentMeta(id, node, span);
    return section === 'actors' ? (id, node, span) => this.readActor(id, node, span) : (id, node, span) => this.readAnnotation(id, node, span);
  }

  /** Reads a top-level mapping keyed by id, reporting duplicate ids and non-string keys. */
  readSection(section: Node | undefined, key: string, read: (id: string, node: Node, keySpan: OffsetRange) => void): void {
    if (section === undefined || isNull(section)) return;
    if (!isMap(section)) {
      this.report('error', 'wrong-type', `"${key}" must be a mapping keyed by id`, spanOf(section));
      return;
    }
    this.sections.add(section);
    const seen = new Set<string>();
    for (const pair of section.items) {
      const keyNode = pair.key as Node | null;
      const keySpan = spanOf(keyNode);
      if (!isScalar(keyNode) || keyNode.value == null || typeof keyNode.value === 'object') {
        this.report('error', 'wrong-type', `a key of "${key}" must be an id`, keySpan);
        continue;
      }
      const id = String(keyNode.value);
      if (seen.has(id)) {
        this.report('error', 'duplicate-id', `duplicate id "${id}" in ${key}: the later entry is ignored`, keySpan);
        continue;
      }
      seen.add(id);
      const value = this.resolve(pair.value as Node | null);
      const entrySpan = { start: keySpan.start, end: this.lineSpan(value ?? keyNode).end };
      if (key !== 'documents' && !isMap(value)) {
        this.report('error', 'wrong-type', `${key}.${id} must be a mapping`, value ? spanOf(value) : keySpan);
        continue;
      }
      read(id, value as Node, entrySpan);
    }
  }

  private readDocumentMeta(rawPath: string, node: Node | null, span: OffsetRange): void {
    const path = this.corpusPath(rawPath, { start: span.start, end: span.start + rawPath.length });
    if (path === undefined) return;
    const meta: DocumentMeta = { path, span };
    if (node != null && !isNull(node)) {
      if (!isMap(node)) {
        this.report('error', 'wrong-type', `documents.${rawPath} must be a mapping (title, source, date)`, spanOf(node));
        return;
      }
      meta.title = this.optionalString(node, 'title');
      meta.source = this.optionalString(node, 'source');
      meta.date = this.optionalString(node, 'date');
    }
    this.index.documents.set(path, meta);
  }

  private readActor(id: string, node: Node, span: OffsetRange): void {
    const map = node as YAMLMap;
    const name = this.optionalString(map, 'name') ?? id;
    const kindText = this.optionalString(map, 'kind') ?? 'other';
    let kind: ActorKind = 'other';
    if ((ACTOR_KINDS as readonly string[]).includes(kindText)) kind = kindText as ActorKind;
    else this.report('warning', 'unknown-kind', `actor "${id}": kind "${kindText}" is not one of ${ACTOR_KINDS.join(', ')}; shown as "other"`, spanOf(this.field(map, 'kind')));
    const matchCaseNode = this.field(map, 'matchCase');
    let matchCase = true;
    if (matchCaseNode !== undefined) {
      if (isScalar(matchCaseNode) && typeof matchCaseNode.value === 'boolean') matchCase = matchCaseNode.value;
      else this.report('error', 'wrong-type', `actor "${id}": matchCase must be true or false`, spanOf(matchCaseNode));
    }
    const actor: Actor = {
      id,
      name,
      kind,
      aliases: this.stringList(map, 'aliases', `actor "${id}"`),
      exclude: this.stringList(map, 'exclude', `actor "${id}"`),
      matchCase,
      memberOf: this.optionalString(map, 'memberOf'),
      note: this.optionalString(map, 'note'),
      span,
    };
    this.index.actors.set(id, actor);
  }

  private readAnnotation(id: string, node: Node, span: OffsetRange): void {
    const map = node as YAMLMap;
    const rawFile = this.optionalString(map, 'file');
    const quote = this.optionalString(map, 'quote');
    if (rawFile === undefined) this.report('error', 'missing-field', `annotation "${id}" needs "file"`, span);
    if (quote === undefined || quote.length === 0) this.report('error', 'missing-field', `annotation "${id}" needs a non-empty "quote"`, quote === undefined ? span : spanOf(this.field(map, 'quote')));
    if (rawFile === undefined || quote === undefined || quote.length === 0) return;
    const file = this.corpusPath(rawFile, spanOf(this.field(map, 'file')));
    if (file === undefined) return;
    const startNode = this.field(map, 'start');
    let start: number | undefined;
    if (startNode !== undefined && !isNull(startNode)) {
      const value = isScalar(startNode) ? startNode.value : undefined;
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) start = value;
      else this.report('error', 'wrong-type', `annotation "${id}": start must be a whole number ≥ 0`, spanOf(startNode));
    }
    const reviewText = this.optionalString(map, 'review');
    let review: ReviewState | undefined;
    if (reviewText !== undefined) {
      if ((REVIEW_STATES as readonly string[]).includes(reviewText)) review = reviewText as ReviewState;
      else this.report('warning', 'unknown-review', `annotation "${id}": review "${reviewText}" is not one of ${REVIEW_STATES.join(', ')}`, spanOf(this.field(map, 'review')));
    }
    const annotation: Annotation = {
      id,
      file,
      quote,
      prefix: this.optionalString(map, 'prefix'),
      suffix: this.optionalString(map, 'suffix'),
      start,
      note: this.optionalString(map, 'note'),
      tags: this.stringList(map, 'tags', `annotation "${id}"`),
      actors: this.stringList(map, 'actors', `annotation "${id}"`),
      links: this.readLinks(id, map),
      review,
      author: this.optionalString(map, 'author'),
      created: this.optionalString(map, 'created'),
      span,
    };
    this.index.annotations.set(id, annotation);
  }

  private readLinks(id: string, map: YAMLMap): AnnotationLink[] {
    const node = this.field(map, 'links');
    if (node === undefined || isNull(node)) return [];
    if (!isSeq(node)) {
      this.report('error', 'wrong-type', `annotation "${id}": links must be a list of {to, type}`, spanOf(node));
      return [];
    }
    const links: AnnotationLink[] = [];
    for (const raw of node.items) {
      const item = this.resolve(raw as Node);
      if (isScalar(item) && typeof item.value === 'string') {
        // Shorthand: a bare id is a "related" link.
        links.push({ to: item.value, type: 'related', span: this.lineSpan(item) });
        continue;
      }
      if (!isMap(item)) {
        this.report('error', 'wrong-type', `annotation "${id}": a link must be {to, type}`, spanOf(item));
        continue;
      }
      const to = this.optionalString(item, 'to');
      if (to === undefined) {
        this.report('error', 'missing-field', `annotation "${id}": a link needs "to"`, spanOf(item));
        continue;
      }
      const typeText = this.optionalString(item, 'type') ?? 'related';
      let type: LinkType = 'related';
      if ((LINK_TYPES as readonly string[]).includes(typeText)) type = typeText as LinkType;
      else this.report('warning', 'unknown-link-type', `annotation "${id}": link type "${typeText}" is not one of ${LINK_TYPES.join(', ')}; read as "related"`, spanOf(this.field(item, 'type')));
      links.push({ to, type, span: this.lineSpan(item) });
    }
    return links;
  }

  private readRelation(node: Node | null): void {
    if (!isMap(node)) {
      this.report('error', 'wrong-type', 'a relation must be a mapping {from, to, type}', spanOf(node));
      return;
    }
    const from = this.optionalString(node, 'from');
    const to = this.optionalString(node, 'to');
    if (from === undefined || to === undefined) {
      this.report('error', 'missing-field', 'a relation needs "from" and "to"', spanOf(node));
      return;
    }
    const relation: Relation = {
      from,
      to,
      type: this.optionalString(node, 'type') ?? 'related',
      label: this.optionalString(node, 'label'),
      evidence: this.stringList(node, 'evidence', `relation ${from} → ${to}`),
      span: this.lineSpan(node),
    };
    this.index.relations.push(relation);
  }

  private corpusPath(raw: string, span: OffsetRange): string | undefined {
    const result = normalizeCorpusPath(raw);
    if (result.ok) return result.path;
    this.report('error', 'path-outside', `"${raw}": ${result.reason}`, span);
    return undefined;
  }

  /** The value node of a key in a mapping, through anchors; undefined when the key is absent. */
  field(map: YAMLMap, key: string): Node | undefined {
    for (const pair of map.items) {
      const keyNode = pair.key as Node | null;
      if (isScalar(keyNode) && keyNode.value === key) return this.resolve(pair.value as Node | null) ?? undefined;
    }
    return undefined;
  }

  private optionalString(map: YAMLMap, key: string): string | undefined {
    const node = this.field(map, key);
    if (node === undefined || isNull(node)) return undefined;
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number' || typeof node.value === 'boolean')) {
      // `source` is the text as written, so `date: 2024-06-20` or a numeric title keeps its spelling.
      return typeof node.value === 'string' ? node.value : String(node.source ?? node.value);
    }
    this.report('error', 'wrong-type', `"${key}" must be text`, spanOf(node));
    return undefined;
  }

  private stringList(map: YAMLMap, key: string, owner: string): string[] {
    const node = this.field(map, key);
    if (node === undefined || isNull(node)) return [];
    if (isScalar(node) && typeof node.value === 'string') return [node.value];
    if (!isSeq(node)) {
      this.report('error', 'wrong-type', `${owner}: "${key}" must be a list of text`, spanOf(node));
      return [];
    }
    const values: string[] = [];
    for (const raw of node.items) {
      const item = this.resolve(raw as Node);
      if (isScalar(item) && item.value != null && typeof item.value !== 'object') {
        const value = String(item.value);
        if (value.length > 0) values.push(value);
      } else this.report('error', 'wrong-type', `${owner}: every item of "${key}" must be text`, spanOf(item));
    }
    return values;
  }

  /** Follows `*alias` references, bounded so that a billion-laughs document cannot exhaust memory. */
  private resolve(node: Node | null | undefined): Node | null {
    let current: unknown = node ?? null;
    let hops = 0;
    while (isAlias(current)) {
      if (++this.aliasExpansions > MAX_ALIAS_EXPANSIONS || ++hops > 32) {
        this.report('error', 'alias-limit', 'too many YAML alias (*name) expansions; the rest are ignored', spanOf(current));
        return null;
      }
      current = current.resolve(this.document) ?? null;
    }
    return (current as Node | null) ?? null;
  }
}

/** The sections whose entries edits change one at a time. */
export type EditableSection = 'annotations' | 'actors';

/**
 * Parses `text[start, end)` on its own — whole lines holding entries of one section — with every
 * node range moved into `text`'s offsets. Undefined unless it is a clean block mapping without
 * YAML anchors or aliases (which could point outside the slice).
 */
export function parseEntrySlice(text: string, start: number, end: number): YAMLMap | undefined {
  const slice = parseYaml(text.slice(start, end));
  if (slice.errors.length > 0 || slice.warnings.length > 0 || !isMap(slice.contents) || slice.contents.flow) return undefined;
  let selfContained = true;
  visit(slice, {
    Node(_, node) {
      if (isAlias(node) || (isNode(node) && node.anchor)) selfContained = false;
      if (node.range) node.range = [node.range[0] + start, node.range[1] + start, node.range[2] + start];
    },
  });
  return selfContained ? slice.contents : undefined;
}

/** Reads entries of one section from a parsed slice of `text`, as `parseSidecar` would read them in place. */
export function readEntrySlice(text: string, map: YAMLMap, section: EditableSection | 'documents', file: string): { index: MarginaliaIndex; problems: Problem[] } {
  const reader = new SidecarReader(new Document(), file, text);
  reader.readSection(map, section, reader.entryReader(section));
  reader.reportDuplicateKeys(map);
  return { index: reader.index, problems: reader.problems };
}

/** `text[start, end)` read alone as entries of `section`; undefined unless those lines are a clean block mapping. */
function readEntriesAlone(text: string, start: number, end: number, section: EditableSection | 'documents', file: string): { index: MarginaliaIndex; problems: Problem[] } | undefined {
  const map = parseEntrySlice(text, start, end);
  return map && readEntrySlice(text, map, section, file);
}

/**
 * Where a node's content ends in `text`. A block mapping's range also takes in the comment lines
 * after its last value, even those indented as the next entry they introduce: those belong to
 * what follows. A block scalar that keeps its final line breaks (`|+`) ends after them.
 */
function contentEnd(node: unknown, text: string): number {
  if (isMap(node) || isSeq(node)) {
    const last = node.items[node.items.length - 1];
    if (node.flow || last === undefined) return spanOf(node).end;
    if (isPair(last)) return last.value != null ? contentEnd(last.value, text) : spanOf(last.key).end;
    return contentEnd(last, text);
  }
  const { start, end } = spanOf(node);
  if (isScalar(node) && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) && /^[|>][1-9]?\+/.test(text.slice(start, start + 3))) {
    const kept = /^(?:[ \t]*\r?\n)*/.exec(text.slice(end))![0];
    return end + kept.length;
  }
  return end;
}

/**
 * The end of the last line of a node's content in `text`, before its line break: where an entry's
 * span ends, and after which an edit adds lines. Where a parser ends a mapping (after
 * its final line break, before a trailing comment, or into the next line's indentation, depending
 * on what follows it) differs between a whole-text read and an entry read alone; the line it ends
 * on does not.
 */
export function lastLineEnd(node: unknown, text: string): number {
  return lineEndAt(text, contentEnd(node, text));
}

function lineEndAt(text: string, end: number): number {
  let at = end;
  // A block mapping's range may run on over the next line's indentation.
  while (at > 0 && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
  if (at > 0 && text[at - 1] === '\n') at--;
  if (at > 0 && text[at - 1] === '\r') at--;
  const newline = text.indexOf('\n', at);
  if (newline === -1) return text.length;
  return newline > 0 && text[newline - 1] === '\r' ? newline - 1 : newline;
}

function isNull(node: Node): boolean {
  return isScalar(node) && node.value == null;
}

/** The source range of a node, `[0, 0)` when it has none. */
export function spanOf(node: unknown): OffsetRange {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}
