/**
 * What the index may keep between runs, behind an interface so the core stays free of `fs`: the
 * Node implementation (`src/node/indexCache.ts`) stores it outside the corpus. Mentions are
 * looked up by the bytes just read (a cache answers only for exactly those bytes), or, for an
 * article whose file the file system says is untouched since the cache stored it, without reading
 * it at all ({@link IndexCache.unchangedArticles}, {@link MentionCache.known}): then its text is read
 * only when first needed, and checked to be the bytes the cache answered for.
 */
import type { ActorMention } from './mentions';
import type { Actor, OffsetRange, QuoteSelector } from './model';
import type { ParsedSidecar } from './sidecar/read';

/** A parsed sidecar without its text (the bytes give it back) and its YAML document (parsed again when first asked for). */
export type CachedSidecar = Pick<ParsedSidecar, 'index' | 'problems' | 'invalid'>;

/** What the files hold, for `MARGINALIA_CACHE_TRACE` and tests: a cache that is never hit is not a cache. */
export interface IndexCacheCounts {
  sidecarHits: number;
  sidecarMisses: number;
  mentionHits: number;
  mentionMisses: number;
  /** Articles the index took from the cache without reading them: their files had not changed. */
  articlesUnread: number;
  filesWritten: number;
}

export interface IndexCache {
  /** The sidecar `file` as parsed earlier from exactly these bytes, or undefined. */
  sidecar(file: string, bytes: Uint8Array): Promise<CachedSidecar | undefined>;
  /** Keeps a parse for the next run (a copy is taken now: later changes to `parsed` are not kept). */
  storeSidecar(file: string, bytes: Uint8Array, parsed: CachedSidecar): void;
  /** The articles' mentions found earlier by the alias set `aliasKey` names (see {@link aliasSetKey}). */
  mentions(aliasKey: string): Promise<MentionCache>;
  /**
   * Of `paths`, the articles whose files are, by what the file system says of them (size, times,
   * inode), exactly as when the cache last stored them: the build need not read them, provided the
   * mention cache then knows them ({@link MentionCache.known}). Asked before `mentions`.
   */
  unchangedArticles?(paths: readonly string[]): Promise<ReadonlySet<string>>;
}

/** What the index learnt of one article besides its mentions: all it needs of an article it does not read. */
export interface ArticleDetails {
  invalidUtf8: boolean;
  /** Its text's length in UTF-16 units. */
  textLength: number;
  /** `headlineOf` its text. */
  headline: string | undefined;
  /** Where the annotations anchored exactly in it, by {@link selectorKey}. */
  exactAnchors: ReadonlyMap<string, OffsetRange>;
}

/** An article the build takes from the cache without reading it. */
export interface KnownArticle {
  /** Its mentions, made when called. */
  mentions(): ActorMention[];
  readonly mentionCount: number;
  /** The actor of each mention, in text order, without making the mentions. */
  forEachMentionActor(visit: (actorId: string) => void): void;
  invalidUtf8: boolean;
  textLength: number;
  headline: string | undefined;
  /** Where an annotation with this selector anchored exactly, when the cache knows. */
  exactAnchor(selector: QuoteSelector): OffsetRange | undefined;
  /** Whether `bytes` are the bytes all this was found in: its text, read later, must be. */
  holds(bytes: Uint8Array): boolean;
}

export interface MentionCache {
  /** The mentions found earlier in exactly these bytes of `path`, or undefined. */
  get(path: string, bytes: Uint8Array): ActorMention[] | undefined;
  set(path: string, bytes: Uint8Array, mentions: readonly ActorMention[]): void;
  /**
   * The same by the bytes' digest, for a reader that read and hashed them elsewhere (a worker
   * thread) with {@link digestName}: the digest stored for `path`, and lookups by digest.
   */
  readonly digestName?: string;
  storedDigest?(path: string): Uint8Array | undefined;
  getByDigest?(path: string, digest: Uint8Array): ActorMention[] | undefined;
  setByDigest?(path: string, digest: Uint8Array, mentions: readonly ActorMention[]): void;
  /** One of `unchangedArticles` with everything the index needs of it, or undefined (then it is read). */
  known?(path: string): KnownArticle | undefined;
  /** What the index learnt of an article whose mentions this cache was given or asked for, to keep. */
  describe?(path: string, details: ArticleDetails): void;
  /** A check that bytes are the ones an article's mentions were just given or asked for by (its digest), to read its text again later. */
  verifier?(path: string): ((bytes: Uint8Array) => boolean) | undefined;
}

/** What an annotation's anchor depends on besides the article's text, as one string (lengths first: no two selectors share one). */
export function selectorKey(selector: QuoteSelector): string {
  const { quote, prefix, suffix } = selector;
  return `${keyHeader(selector)}${quote}${prefix ?? ''}${suffix ?? ''}`;
}

/** Whether `key` is {@link selectorKey} of `selector`, without making the key (20,000 of them on each run). */
export function isSelectorKey(key: string, selector: QuoteSelector): boolean {
  const { quote, prefix = '', suffix = '' } = selector;
  const header = keyHeader(selector);
  return (
    key.length === header.length + quote.length + prefix.length + suffix.length &&
    key.startsWith(header) &&
    key.startsWith(quote, header.length) &&
    key.startsWith(prefix, header.length + quote.length) &&
    key.endsWith(suffix)
  );
}

function keyHeader({ quote, prefix, suffix, start }: QuoteSelector): string {
  return `${start ?? ''}:${quote.length}:${prefix?.length ?? ''}:${suffix?.length ?? ''}:`;
}

/**
 * Everything mentions depend on: each actor's id, aliases, exclusions and case, in sidecar order.
 * Another actor's note or name changes nothing; one alias added anywhere changes the key.
 */
export function aliasSetKey(actors: Iterable<Actor>): string {
  return JSON.stringify([...actors].map((actor) => [actor.id, actor.aliases, actor.exclude, actor.matchCase]));
}
