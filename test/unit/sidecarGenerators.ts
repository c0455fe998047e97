/**
 * fast-check generators for the property test of the sidecar writer: sidecars as people write
 * them (built as a tree for `sidecarYaml.ts` to emit) and edits of every kind, which name entries
 * by position so that they shrink well and are resolved against the sidecar when the test runs.
 */
import fc from 'fast-check';
import { ACTOR_KINDS, LINK_TYPES, REVIEW_STATES } from '../../src/core/model';
import { Before, emitDocument, Emitted, ScalarStyle, toJs, YItem, YMap, YNode, YPair, YScalar, YSeq } from './sidecarYaml';

// ── strings ──

/** Article text of our own, with paragraph breaks, indented lines, CRLF, tabs and non-ASCII. */
const ARTICLES = [
  'Following the meeting, Alpha expressed thanks to the delegation.\n\nThe summit with Putin on Tuesday ended early: a new suitor.\n\n    "We agreed," said the minister — “no automatic trigger”.\nKim Jong Un’s visit, 20 June 2024 # not a comment\n',
  'Wire copy, first line.\r\n\r\n  The second paragraph starts with spaces.\r\nTabs\there: 50% of 1,000 — «quoted» 中文 🙂 café: {a, b} [c] & *d\r\n\r\n',
  '         new suitor.\n\nThe summit with Putin on Tuesday\n',
];

/** Pieces that break naive YAML writers. */
const ATOMS = [
  'Putin', 'summit', 'the', 'a new suitor.', 'Kim Jong Un', 'treaty', ' ', '  ', '\n', '\n\n', '\t', '#', ' # x', '# key passage',
  ': ', ':', "'", '"', '\\', '\\n', '-', '- ', '? ', ',', '[', ']', '{', '}', '&a', '*b', '!', '|', '>', '%', '@', '`', '---', '...',
  'é', 'café', '🙂', '中文', '“', '”', '’', '«', '»', '\u00a0', '\u0001', '\u001b', '\u007f', '\u0085', '\u2028', '\r', '\r\n',
  '123', '-1', '0x1F', '1e3', '.5', 'yes', 'no', 'null', 'true', '~', '2024-06-20',
];

/** Whole values a reader could take for something other than text. */
const LOOKALIKES = ['123', '0', '-1', '1.5', '1e3', '0x1F', '0o17', '.inf', 'yes', 'no', 'on', 'off', 'true', 'False', 'null', 'NULL', '~', '', ' ', '2024-06-20', '12:30', '@home', '#hashtag', '- item', '[x]', '{a: b}'];

/** Values from the cases. */
const CLASSICS = [
  '         new suitor.\n\nThe summit with ',
  'The summit with ',
  'signed a comprehensive\nstrategic partnership',
  'signed a comprehensive strategic partnership',
  'Following the meeting, Alpha expressed thanks',
  'ends with a line break\n',
  'ends with two\n\n',
  'Mutual assistance clause # x',
  ' on June 19',
  "compare the 'no automatic trigger' reading",
];

const WORDS = ['Putin', 'Kim', 'summit', 'treaty', 'signed', 'the', 'accord', 'Pyongyang', 'reply', 'partnership', 'café', '東京', 'Zoë', 'O’Brien', 'mid-June'];

const wordsArb = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((words) => words.join(' '));
const nastyArb = fc.array(fc.constantFrom(...ATOMS), { minLength: 1, maxLength: 5 }).map((atoms) => atoms.join(''));
const sliceArb = fc
  .record({ article: fc.constantFrom(...ARTICLES), at: fc.nat(200), length: fc.integer({ min: 1, max: 32 }) })
  .map(({ article, at, length }) => article.slice(at % article.length, (at % article.length) + length));

/** Any text: words, nasty pieces, passages of an article, look-alikes, the values. */
export const textArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: wordsArb },
  { weight: 4, arbitrary: nastyArb },
  { weight: 3, arbitrary: sliceArb },
  { weight: 1, arbitrary: fc.constantFrom(...LOOKALIKES) },
  { weight: 1, arbitrary: fc.constantFrom(...CLASSICS) },
);
export const nonEmptyTextArb = textArb.map((text) => (text.length > 0 ? text : 'x'));

// ── styles and comments ──

const styleArb: fc.Arbitrary<ScalarStyle> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<ScalarStyle>('plain') },
  { weight: 2, arbitrary: fc.constant<ScalarStyle>('single') },
  { weight: 3, arbitrary: fc.constant<ScalarStyle>('double') },
  { weight: 2, arbitrary: fc.constant<ScalarStyle>('literal') },
  { weight: 1, arbitrary: fc.constant<ScalarStyle>('folded') },
  { weight: 1, arbitrary: fc.constantFrom<ScalarStyle>('wrapped-plain', 'wrapped-single', 'wrapped-double') },
);

const scalarLook = fc.record({
  style: styleArb,
  escapeNonAscii: fc.boolean(),
  indicator: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  wrapEvery: fc.integer({ min: 1, max: 3 }),
});

function scalarArb(value: fc.Arbitrary<string>): fc.Arbitrary<YScalar> {
  return fc.tuple(value, scalarLook).map(([v, look]) => ({ t: 'scalar', value: v, ...look }));
}

const COMMENTS = [' key passage', ' fill in later', '', ' "quote" ’curly’ é 🙂 中文', '#double', ' a: b # c', ' \ttab', ' - list?', ' see n2'];
const commentArb = fc.constantFrom(...COMMENTS);
const maybeComment = fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: commentArb });
const beforeArb: fc.Arbitrary<Before> = fc.oneof(fc.constant<Before>({ blank: true }), commentArb.map((comment): Before => ({ comment })));
const beforesArb = fc.oneof({ weight: 8, arbitrary: fc.constant<Before[]>([]) }, { weight: 1, arbitrary: fc.array(beforeArb, { minLength: 1, maxLength: 2 }) });

/** What surrounds a pair or an item: a trailing comment, blank lines and comments above. */
export interface Decor {
  comment?: string;
  gap: number;
  before: Before[];
}
const decorArb: fc.Arbitrary<Decor> = fc.record({ comment: maybeComment, gap: fc.integer({ min: 1, max: 3 }), before: beforesArb });
const decorsArb = fc.array(decorArb, { minLength: 6, maxLength: 6 });
const orderArb = fc.array(fc.nat(9), { minLength: 6, maxLength: 6 });

const keyStyleArb = fc.oneof({ weight: 8, arbitrary: fc.constant<'plain'>('plain') }, { weight: 1, arbitrary: fc.constantFrom<'single' | 'double'>('single', 'double') });

/** How a list is written. */
const listLook = fc.record({ flow: fc.boolean(), wrap: fc.boolean(), indentless: fc.boolean() });
type ListLook = { flow: boolean; wrap: boolean; indentless: boolean };

// ── the sidecar ──

export const ANNOTATION_IDS = ['n1', 'n2', 'n3', 'n4', 'n5', 'treaty-signed', 'no-automatic-trigger', 'q7'];
export const ACTOR_IDS = ['putin', 'russia', 'north-korea', 'kim-jong-un', 'un', 'eu'];
export const NEW_ANNOTATION_IDS = ['n6', 'n7', 'new-note', 'n1-2'];
export const NEW_ACTOR_IDS = ['ukraine', 'china', 'kim', 'new-actor'];
const FILES = ['a.txt', 'articles/pyongyang visit.txt', 'articles/é.txt', 'b.article'];

/** A field that may be missing, empty with a comment (`prefix: # fill in later`), or set. */
const optionalField = (value: fc.Arbitrary<YScalar>): fc.Arbitrary<YScalar | null | undefined> =>
  fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: value });
/** Mostly missing: keeps the sidecars small enough for 10,000 cases a minute. */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const linkArb = fc.record({ pick: fc.nat(), type: fc.option(fc.constantFrom(...LINK_TYPES), { nil: undefined }), form: fc.constantFrom('flow', 'block', 'bare') });

const annotationArb = fc.record({
  keyStyle: keyStyleArb,
  file: fc.constantFrom(...FILES),
  fileLook: scalarLook,
  quote: scalarArb(nonEmptyTextArb),
  prefix: optionalField(scalarArb(textArb)),
  suffix: optionalField(scalarArb(textArb)),
  start: rarely(fc.nat(100_000)),
  note: optionalField(scalarArb(textArb)),
  tags: rarely(fc.array(scalarArb(wordsArb), { minLength: 1, maxLength: 2 })),
  tagsLook: listLook,
  actors: rarely(fc.record({ picks: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), scalar: fc.boolean() })),
  actorsLook: listLook,
  links: rarely(fc.array(linkArb, { minLength: 1, maxLength: 2 })),
  linksLook: listLook,
  review: rarely(fc.constantFrom(...REVIEW_STATES)),
  extra: rarely(scalarArb(textArb)),
  flow: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  wrap: fc.boolean(),
  order: orderArb,
  decor: decorsArb,
  entryDecor: decorArb,
});
type AnnotationRaw = typeof annotationArb extends fc.Arbitrary<infer T> ? T : never;

const actorArb = fc.record({
  keyStyle: keyStyleArb,
  name: fc.option(scalarArb(nonEmptyTextArb), { nil: undefined }),
  kind: fc.constantFrom(...ACTOR_KINDS),
  aliases: fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: scalarArb(nonEmptyTextArb) },
    { weight: 4, arbitrary: fc.array(scalarArb(nonEmptyTextArb), { minLength: 0, maxLength: 2 }) },
  ),
  aliasesLook: listLook,
  memberOf: rarely(fc.nat()),
  note: optionalField(scalarArb(textArb)),
  exclude: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.array(scalarArb(nonEmptyTextArb), { minLength: 1, maxLength: 1 }) }),
  flow: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  wrap: fc.boolean(),
  order: orderArb,
  decor: decorsArb,
  entryDecor: decorArb,
});
type ActorRaw = typeof actorArb extends fc.Arbitrary<infer T> ? T : never;

const relationArb = fc.record({
  from: fc.nat(),
  to: fc.nat(),
  type: rarely(fc.constantFrom('alliance', 'rivalry', 'member')),
  label: rarely(scalarArb(textArb)),
  evidence: fc.option(fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  evidenceLook: listLook,
  flow: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  order: orderArb,
  decor: decorsArb,
  entryDecor: decorArb,
});
type RelationRaw = typeof relationArb extends fc.Arbitrary<infer T> ? T : never;

const documentArb = fc.record({
  path: fc.constantFrom(...FILES),
  title: fc.option(scalarArb(nonEmptyTextArb), { nil: undefined }),
  date: fc.option(fc.constant('2024-06-20'), { nil: undefined }),
  decor: decorsArb,
});

/** A top-level section: missing, written empty (`key:` or `key: {}`), or with entries. */
function sectionArb<T>(entries: fc.Arbitrary<T[]>, missing = 2): fc.Arbitrary<{ shape: 'missing' | 'null' | 'empty' | 'entries'; entries: T[]; flow: boolean; wrap: boolean; indentless: boolean; decor: Decor }> {
  return fc.record({
    indentless: fc.boolean(),
    shape: fc.oneof(
      { weight: missing, arbitrary: fc.constant<'missing'>('missing') },
      { weight: 1, arbitrary: fc.constantFrom<'null' | 'empty'>('null', 'empty') },
      { weight: 8, arbitrary: fc.constant<'entries'>('entries') },
    ),
    entries,
    flow: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    wrap: fc.boolean(),
    decor: decorArb,
  });
}

const uniqueEntries = <T>(ids: string[], entry: fc.Arbitrary<T>, maxLength: number): fc.Arbitrary<Array<{ id: string; entry: T }>> =>
  fc.uniqueArray(fc.record({ id: fc.constantFrom(...ids), entry }), { selector: (e) => e.id, minLength: 1, maxLength });

export const sidecarArb = fc.record({
  indent: fc.constantFrom(2, 4),
  crlf: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  bom: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  finalNewline: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  header: beforesArb,
  versionDecor: decorArb,
  sectionOrder: orderArb,
  documents: sectionArb(fc.uniqueArray(documentArb, { selector: (d) => d.path, minLength: 1, maxLength: 1 }), 40),
  actors: sectionArb(uniqueEntries(ACTOR_IDS, actorArb, 2), 10),
  relations: sectionArb(fc.array(relationArb, { minLength: 1, maxLength: 1 }), 12),
  annotations: sectionArb(fc.oneof({ weight: 4, arbitrary: uniqueEntries(ANNOTATION_IDS, annotationArb, 2) }, { weight: 1, arbitrary: uniqueEntries(ANNOTATION_IDS, annotationArb, 3) }), 1),
  ignoreSuggestions: rarely(fc.tuple(fc.array(scalarArb(nonEmptyTextArb), { minLength: 1, maxLength: 2 }), listLook, decorArb)),
});
export type SidecarRaw = typeof sidecarArb extends fc.Arbitrary<infer T> ? T : never;

// ── building the tree ──

const plain = (value: string | number): YScalar => ({ t: 'scalar', value, style: 'plain' });
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length];

function pair(key: string, value: YNode, decor?: Decor, keyStyle?: YPair['keyStyle']): YPair {
  return { key, keyStyle, value, comment: decor?.comment, gap: decor?.gap, before: decor?.before };
}

function list(items: YNode[], look: ListLook, decors: Decor[], tags?: string[], itemTags?: (i: number) => string[]): YSeq {
  const entries: YItem[] = items.map((value, i) => ({ value, comment: decors[i % decors.length].comment, before: decors[(i + 5) % decors.length].before, tags: itemTags?.(i) }));
  return { t: 'seq', flow: look.flow, wrap: look.wrap, indentless: look.indentless, items: entries, tags };
}

/** An entry's fields in the writer's own order, shuffled by `order` (stable: shrinks to the usual order). */
function entryMap(fields: Array<[string, YNode | null | undefined]>, raw: { order: number[]; decor: Decor[]; flow?: boolean; wrap?: boolean }, tags?: string[]): YMap {
  const present = fields
    .map(([key, value], i) => ({ key, value, rank: raw.order[i % raw.order.length], i }))
    .filter((f) => f.value !== undefined)
    .sort((a, b) => a.rank - b.rank || a.i - b.i);
  const flow = raw.flow ?? false;
  const pairs = present.map((f, i) => pair(f.key, f.value ?? { t: 'scalar', value: null, style: 'plain' }, flow ? undefined : raw.decor[i % raw.decor.length]));
  // In a flow mapping an empty value reads as null too, but people write `key: null` there: keep it simple and leave them out.
  return { t: 'map', flow, wrap: raw.wrap, pairs: flow ? pairs.filter((p) => !(p.value.t === 'scalar' && p.value.value === null)) : pairs, tags };
}

function annotationNode(id: string, raw: AnnotationRaw, annotationIds: string[], actorIds: string[]): YMap {
  const actorNames = actorIds.length > 0 ? actorIds : ACTOR_IDS;
  let actors: YNode | undefined;
  if (raw.actors) {
    actors = raw.actors.scalar
      ? plain(pick(actorNames, raw.actors.picks[0]))
      : list(raw.actors.picks.map((n) => plain(pick(actorNames, n))), raw.actorsLook, raw.decor);
  }
  let links: YSeq | undefined;
  if (raw.links) {
    const items = raw.links.map((link): YNode => {
      const to = pick(annotationIds, link.pick);
      if (link.form === 'bare') return plain(to);
      const fields = [pair('to', plain(to)), ...(link.type ? [pair('type', plain(link.type))] : [])];
      return { t: 'map', flow: link.form === 'flow' || raw.linksLook.flow, pairs: fields };
    });
    links = list(items, raw.linksLook, raw.decor, [`list:ann:${id}:links`], (i) => [`ref:${pick(annotationIds, raw.links![i].pick)}`]);
  }
  return entryMap(
    [
      ['file', { t: 'scalar', value: raw.file, ...raw.fileLook }],
      ['quote', raw.quote],
      ['prefix', raw.prefix],
      ['suffix', raw.suffix],
      ['start', raw.start === undefined ? undefined : plain(raw.start)],
      ['note', raw.note],
      ['tags', raw.tags && list(raw.tags, raw.tagsLook, raw.decor)],
      ['actors', actors],
      ['links', links],
      ['review', raw.review && plain(raw.review)],
      ['x-owner', raw.extra],
    ],
    raw,
    [`ann:${id}`],
  );
}

function actorNode(raw: ActorRaw, actorIds: string[]): YMap {
  let aliases: YNode | undefined;
  if (Array.isArray(raw.aliases)) aliases = list(raw.aliases, raw.aliasesLook, raw.decor);
  else aliases = raw.aliases;
  if (aliases?.t === 'seq' && aliases.items.length === 0) aliases.flow = true;
  return entryMap(
    [
      ['name', raw.name],
      ['kind', plain(raw.kind)],
      ['aliases', aliases],
      ['memberOf', raw.memberOf === undefined ? undefined : plain(pick(actorIds, raw.memberOf))],
      ['note', raw.note],
      ['exclude', raw.exclude && list(raw.exclude, raw.aliasesLook, raw.decor)],
    ],
    raw,
  );
}

function relationNode(raw: RelationRaw, index: number, actorIds: string[], annotationIds: string[]): YMap {
  const actorNames = actorIds.length > 0 ? actorIds : ACTOR_IDS;
  const evidence = raw.evidence && annotationIds.length > 0
    ? list(raw.evidence.map((n) => plain(pick(annotationIds, n))), raw.evidenceLook, raw.decor, [`list:rel:${index}:evidence`], (i) => [`ref:${pick(annotationIds, raw.evidence![i])}`])
    : undefined;
  return entryMap(
    [
      ['from', plain(pick(actorNames, raw.from))],
      ['to', plain(pick(actorNames, raw.to))],
      ['type', raw.type && plain(raw.type)],
      ['label', raw.label],
      ['evidence', evidence],
    ],
    raw,
  );
}

/** A section keyed by id (or a list, for relations), in the shape the generator chose. */
function sectionNode(section: { shape: string; flow: boolean; wrap: boolean }, content: YMap | YSeq): YNode | undefined {
  if (section.shape === 'missing') return undefined;
  if (section.shape === 'null') return { t: 'scalar', value: null, style: 'plain' };
  if (section.shape === 'empty') return content.t === 'map' ? { t: 'map', flow: true, pairs: [] } : { t: 'seq', flow: true, items: [] };
  if (section.flow) {
    // A whole section in flow style: its entries too, with no comments inside.
    const flatten = (node: YNode): YNode => (node.t === 'map' ? { ...node, flow: true, wrap: false, pairs: node.pairs.map((p) => ({ ...p, comment: undefined, before: undefined, value: flatten(p.value) })) } : node.t === 'seq' ? { ...node, flow: true, wrap: false, items: node.items.map((item) => ({ value: flatten(item.value) })) } : node);
    return { ...flatten(content), wrap: section.wrap } as YMap | YSeq;
  }
  return content;
}

export interface GeneratedSidecar extends Emitted {
  /** What an independent reader must load from `text`. */
  value: Record<string, unknown>;
}

/** Writes the sidecar the raw description stands for. */
export function buildSidecar(raw: SidecarRaw): GeneratedSidecar {
  const annotationIds = raw.annotations.shape === 'entries' ? raw.annotations.entries.map((e) => e.id) : [];
  const actorIds = raw.actors.shape === 'entries' ? raw.actors.entries.map((e) => e.id) : [];
  const annotations: YMap = {
    t: 'map',
    flow: false,
    pairs: raw.annotations.entries.map(({ id, entry }) => {
      const node = annotationNode(id, entry, annotationIds, actorIds);
      return { ...pair(id, node, entry.entryDecor, entry.keyStyle), value: entry.flow ? { ...node, flow: true, wrap: entry.wrap } : node };
    }),
  };
  const actors: YMap = {
    t: 'map',
    flow: false,
    pairs: raw.actors.entries.map(({ id, entry }) => pair(id, { ...actorNode(entry, actorIds), flow: entry.flow, wrap: entry.wrap }, entry.entryDecor, entry.keyStyle)),
  };
  const relations = list(
    raw.relations.entries.map((relation, i) => ({ ...relationNode(relation, i, actorIds, annotationIds), flow: relation.flow })),
    { flow: false, wrap: false, indentless: raw.relations.indentless },
    raw.relations.entries.map((r) => r.entryDecor),
  );
  const documents: YMap = {
    t: 'map',
    flow: false,
    pairs: raw.documents.entries.map((doc) =>
      pair(doc.path, entryMap([['title', doc.title], ['date', doc.date && { t: 'scalar', value: doc.date, style: 'plain' }]], { order: [0], decor: doc.decor })),
    ),
  };
  for (const p of documents.pairs) if (p.value.t === 'map' && p.value.pairs.length === 0) p.value = { t: 'scalar', value: null, style: 'plain' };

  const sections: Array<[string, YNode | undefined, Decor | undefined]> = [
    ['documents', sectionNode(raw.documents, documents), raw.documents.decor],
    ['actors', sectionNode(raw.actors, actors), raw.actors.decor],
    ['relations', sectionNode(raw.relations, relations), raw.relations.decor],
    ['annotations', sectionNode(raw.annotations, annotations), raw.annotations.decor],
    ['ignoreSuggestions', raw.ignoreSuggestions && list(raw.ignoreSuggestions[0], raw.ignoreSuggestions[1], [raw.ignoreSuggestions[2]]), raw.ignoreSuggestions?.[2]],
  ];
  const ordered = sections
    .map((s, i) => ({ s, rank: raw.sectionOrder[i] }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ s }) => s)
    .filter(([, node]) => node !== undefined)
    .map(([key, node, decor]) => pair(key, node!, decor));
  const root: YMap = { t: 'map', flow: false, pairs: [pair('version', plain(1), raw.versionDecor), ...ordered] };
  const emitted = emitDocument(root, raw.header, raw);
  return { ...emitted, value: toJs(root) as Record<string, unknown> };
}

// ── edits ──

const anchorTextArb = fc.oneof({ weight: 3, arbitrary: sliceArb }, { weight: 2, arbitrary: textArb });

/**
 * An edit with its entries named by position (`pick`), resolved against the sidecar as it stands
 * when the edit runs. `bogus` asks for an invalid edit: a missing id, or one already taken.
 */
export type EditSpec =
  | { kind: 'setAnchor'; pick: number; quote: string; prefix: string; suffix: string; start: number; bogus: boolean }
  | { kind: 'addAnnotation'; newId: string; file: string; quote: string; prefix?: string; suffix?: string; start?: number; note?: string; tags?: string[]; actorPicks?: number[]; author?: string; created?: string; bogus: boolean }
  | { kind: 'deleteAnnotation'; pick: number; bogus: boolean }
  | { kind: 'setAnnotationNote'; pick: number; note: string; bogus: boolean }
  | { kind: 'setAnnotationReview'; pick: number; review: (typeof REVIEW_STATES)[number]; bogus: boolean }
  | { kind: 'addLink'; pick: number; toPick: number; type: (typeof LINK_TYPES)[number]; bogus: boolean }
  | { kind: 'addActor'; newId: string; name: string; actorKind: string; aliases: string[]; note?: string; bogus: boolean }
  | { kind: 'addAlias'; pick: number; alias: string; existing?: number; bogus: boolean }
  | { kind: 'renameActor'; pick: number; newId: string; same: boolean; bogus: boolean }
  | { kind: 'ignoreSuggestion'; phrase: string; existing?: number; bogus: boolean };

const bogusArb = fc.oneof({ weight: 30, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

export const editSpecArb: fc.Arbitrary<EditSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('setAnchor' as const), pick: fc.nat(), quote: anchorTextArb.map((t) => t || 'x'), prefix: anchorTextArb, suffix: anchorTextArb, start: fc.nat(100_000), bogus: bogusArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('addAnnotation' as const),
      newId: fc.constantFrom(...NEW_ANNOTATION_IDS),
      file: fc.constantFrom(...FILES),
      quote: anchorTextArb.map((t) => t || 'x'),
      prefix: opt(anchorTextArb),
      suffix: opt(anchorTextArb),
      start: opt(fc.nat(100_000)),
      note: opt(textArb),
      tags: opt(fc.array(wordsArb, { maxLength: 2 })),
      actorPicks: opt(fc.array(fc.nat(), { maxLength: 2 })),
      author: opt(textArb),
      // A date reads back as the text written (never as a timestamp), whatever digits it has.
      created: opt(fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)),
      bogus: bogusArb,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deleteAnnotation' as const), pick: fc.nat(), bogus: bogusArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('setAnnotationNote' as const), pick: fc.nat(), note: textArb, bogus: bogusArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('setAnnotationReview' as const), pick: fc.nat(), review: fc.constantFrom(...REVIEW_STATES), bogus: bogusArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('addLink' as const), pick: fc.nat(), toPick: fc.nat(), type: fc.constantFrom(...LINK_TYPES), bogus: bogusArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('addActor' as const),
      newId: fc.constantFrom(...NEW_ACTOR_IDS),
      name: nonEmptyTextArb,
      actorKind: fc.constantFrom(...ACTOR_KINDS),
      aliases: fc.array(nonEmptyTextArb, { maxLength: 2 }),
      note: opt(textArb),
      bogus: bogusArb,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('addAlias' as const), pick: fc.nat(), alias: nonEmptyTextArb, existing: opt(fc.nat()), bogus: bogusArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renameActor' as const), pick: fc.nat(), newId: fc.constantFrom(...NEW_ACTOR_IDS), same: fc.oneof({ weight: 10, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }), bogus: bogusArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ignoreSuggestion' as const), phrase: nonEmptyTextArb, existing: opt(fc.nat()), bogus: bogusArb }) },
);

/** One generated case: a sidecar and a batch of 1–4 edits. */
export const caseArb = fc.record({ sidecar: sidecarArb, edits: fc.array(editSpecArb, { minLength: 1, maxLength: 4 }) });
export type CaseRaw = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;
