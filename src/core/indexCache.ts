/**
 * What the index may keep between runs, behind an interface so the core stays free of `fs`: the
 * Node implementation (`src/node/indexCache.ts`) stores it outside the corpus. Every lookup is
 * given the bytes just read: a cache answers only for exactly those bytes, never from a file's
 * size or time alone.
 */
import type { ActorMention } from './mentions';
import type { Actor } from './model';
import type { ParsedSidecar } from './sidecar/read';

/** A parsed sidecar without its text (the bytes give it back) and its YAML document (parsed again when first asked for). */
export type CachedSidecar = Pick<ParsedSidecar, 'index' | 'problems' | 'invalid'>;

/** What the files hold, for `MARGINALIA_CACHE_TRACE` and tests: a cache that is never hit is not a cache. */
export interface IndexCacheCounts {
  sidecarHits: number;
  sidecarMisses: number;
  mentionHits: number;
  mentionMisses: number;
  filesWritten: number;
}

export interface IndexCache {
  /** The sidecar `file` as parsed earlier from exactly these bytes, or undefined. */
  sidecar(file: string, bytes: Uint8Array): Promise<CachedSidecar | undefined>;
  /** Keeps a parse for the next run (a copy is taken now: later changes to `parsed` are not kept). */
  storeSidecar(file: string, bytes: Uint8Array, parsed: CachedSidecar): void;
  /** The articles' mentions found earlier by the alias set `aliasKey` names (see {@link aliasSetKey}). */
  mentions(aliasKey: string): Promise<MentionCache>;
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
}

/**
 * Everything mentions depend on: each actor's id, aliases, exclusions and case, in sidecar order.
 * Another actor's note or name changes nothing; one alias added anywhere changes the key.
 */
export function aliasSetKey(actors: Iterable<Actor>): string {
  return JSON.stringify([...actors].map((actor) => [actor.id, actor.aliases, actor.exclude, actor.matchCase]));
}
