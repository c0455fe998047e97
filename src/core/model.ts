/**
 * The data model of a Marginalia sidecar, as the core hands it to the CLI and the extension.
 * Every entry keeps the span of its source in `marginalia.yaml`, so problems point at a line and column.
 */

/** A half-open range of UTF-16 offsets `[start, end)` in some text. */
export interface OffsetRange {
  start: number;
  end: number;
}

export const ACTOR_KINDS = ['person', 'state', 'organization', 'place', 'group', 'other'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const LINK_TYPES = ['related', 'same-event', 'supports', 'contrasts', 'follows'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export const REVIEW_STATES = ['draft', 'disputed', 'accepted'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** The sidecar format version this build reads and writes. */
export const SIDECAR_VERSION = 1;

/** Optional metadata of one article, keyed by its path. */
export interface DocumentMeta {
  path: string;
  title?: string;
  source?: string;
  date?: string;
  span: OffsetRange;
}

/** A person, state, organisation… whose mentions are computed from its aliases. */
export interface Actor {
  id: string;
  name: string;
  kind: ActorKind;
  aliases: string[];
  exclude: string[];
  /** Aliases are case-sensitive unless the actor says `matchCase: false`. */
  matchCase: boolean;
  memberOf?: string;
  note?: string;
  span: OffsetRange;
}

/** A typed link from one annotation to another. */
export interface AnnotationLink {
  to: string;
  type: LinkType;
  span: OffsetRange;
}

/** The W3C TextQuote selector with a TextPosition hint. */
export interface QuoteSelector {
  quote: string;
  prefix?: string;
  suffix?: string;
  /** Offset hint in UTF-16 code units of the BOM-stripped file text. */
  start?: number;
}

/** A note on a passage of one article. */
export interface Annotation extends QuoteSelector {
  id: string;
  file: string;
  note?: string;
  tags: string[];
  actors: string[];
  links: AnnotationLink[];
  review?: ReviewState;
  /** Who wrote it (the `marginalia.author` setting or git's `user.name` when it was created). */
  author?: string;
  /** When it was created, as written: an ISO date `YYYY-MM-DD`. */
  created?: string;
  span: OffsetRange;
}

/** An actor-to-actor relation, with annotations as evidence. */
export interface Relation {
  from: string;
  to: string;
  type: string;
  label?: string;
  evidence: string[];
  span: OffsetRange;
}

/** Everything the sidecar says, by id. Maps keep the sidecar's order. */
export interface MarginaliaIndex {
  version: number;
  documents: Map<string, DocumentMeta>;
  actors: Map<string, Actor>;
  relations: Relation[];
  annotations: Map<string, Annotation>;
  /** Phrases `suggest` never offers (the sidecar's `ignoreSuggestions`). */
  ignoredSuggestions: string[];
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * One thing wrong, at a range of one file: `file` is `marginalia.yaml` for sidecar problems
 * or a corpus path for article problems; `range` holds offsets in that file's text.
 */
export interface Problem {
  severity: Severity;
  code: string;
  message: string;
  file: string;
  range: OffsetRange;
}

export function emptyIndex(): MarginaliaIndex {
  return { version: SIDECAR_VERSION, documents: new Map(), actors: new Map(), relations: [], annotations: new Map(), ignoredSuggestions: [] };
}
