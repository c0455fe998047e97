/**
 * The index cache on disk, outside the corpus: the sidecar's parse and every article's mentions
 * from the last run, so that the next one reads the files, checks their hashes and skips the
 * parsing and matching (on 10,000 articles, seconds of the build).
 *
 * Where: `$MARGINALIA_CACHE_DIR`, else `$XDG_CACHE_HOME/marginalia`, else `~/.cache/marginalia`;
 * one folder per corpus, named by a hash of the corpus folder's real path. Never inside the corpus:
 * when that is where the cache would go, there is no cache.
 *
 * Two files, each a header (format, the build that wrote it, what it was made from, the payload's
 * length and CRC-32) and a payload:
 * - `sidecar.bin`: the parse of the sidecar with this name, size, modification time and SHA-256, as JSON;
 * - `mentions.bin`, `v8.serialize`d: for one alias set (its SHA-256), each article's path, SHA-256 and mentions,
 *   with what else the index needs of it (headline, length, exact anchors, valid UTF-8) and its
 *   stamp: size, modification and change times (milliseconds with their fraction), inode and
 *   device, as `lstat` gave them before it was read. An article whose stamp is the same at the next run is not read (as git trusts its
 *   index). A stamp is kept only for a file last changed {@link SETTLE_MS} before it was stamped, so
 *   a change within the file system's time granularity of the read cannot look unchanged; and the
 *   change time, which no one can set back, is part of it.
 * Anything that does not match in every part — another version, another build, a cut or damaged
 * file, someone else's bytes — is a miss, and is replaced. Writes go to a temporary file that is
 * renamed over the old one; a write that fails (a read-only home) is silent and changes nothing.
 */
import { createHash } from 'node:crypto';
import { lstatSync, promises as fs, statSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { crc32 } from 'node:zlib';
import { ArticleDetails, CachedSidecar, IndexCache, IndexCacheCounts, isSelectorKey, KnownArticle, MentionCache } from '../core/indexCache';
import { ActorMention } from '../core/mentions';
import type { OffsetRange, QuoteSelector } from '../core/model';

/** Bumped whenever what is stored, or how, changes. */
const CACHE_FORMAT = 3;
/** A file changed less than this long before it was stamped is hashed next time, not trusted by its stamp. */
const SETTLE_MS = 2000;
/** `MARGINALIA_CACHE_SETTLE_MS` changes {@link SETTLE_MS}, for tests of files just written. */
const SETTLE_VARIABLE = 'MARGINALIA_CACHE_SETTLE_MS';
/** A stamp: size, modification and change times (milliseconds, to a fraction of a microsecond), inode, device. */
const STAMP_NUMBERS = 5;
const DESCRIBED = 1;
const INVALID_UTF8 = 2;
const MAGIC = Buffer.from('marginalia index cache\n');

interface Header {
  format: number;
  build: string;
  kind: 'sidecar' | 'mentions';
  key: string;
  length: number;
  crc32: number;
}

interface MentionsPayload {
  actorIds: string[];
  paths: string[];
  /** 32 bytes of SHA-256 per path. */
  hashes: Uint8Array;
  /** The mentions of `paths[i]` are triples `ends[i - 1] .. ends[i]` of `triples`. */
  ends: Uint32Array;
  /** actor number, start, end. */
  triples: Uint32Array;
  /** Each path's stamp when it was read ({@link STAMP_NUMBERS} numbers), NaN when it had changed too recently to be trusted by it. */
  stamps: Float64Array;
  /** {@link DESCRIBED} when the details below were given, {@link INVALID_UTF8}. */
  flags: Uint8Array;
  headlines: (string | null)[];
  /** Each text's length in UTF-16 units (0 where not described). */
  textLengths: Uint32Array;
  /** The exact anchors of `paths[i]` are `anchorEnds[i - 1] .. anchorEnds[i]` of `anchorKeys`, with start and end pairs in `anchorRanges`. */
  anchorEnds: Uint32Array;
  anchorKeys: string[];
  anchorRanges: Uint32Array;
}

/** The folder that holds every corpus's cache. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MARGINALIA_CACHE_DIR) return path.resolve(env.MARGINALIA_CACHE_DIR);
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(homedir(), '.cache');
  return path.join(base, 'marginalia');
}

export class NodeIndexCache implements IndexCache {
  readonly counts: IndexCacheCounts = { sidecarHits: 0, sidecarMisses: 0, mentionHits: 0, mentionMisses: 0, articlesUnread: 0, filesWritten: 0 };
  private sidecarToWrite: { file: string; bytes: Uint8Array; payload: Buffer } | undefined;
  private mentionStore: NodeMentionCache | undefined;
  private readonly hashes = new WeakMap<Uint8Array, Buffer>();
  /** The mentions file as read by `unchangedArticles`, whatever its alias set. */
  private mentionsFile: Promise<{ key: string; payload: MentionsPayload } | undefined> | undefined;
  /** Articles stamped this run, before being read: where their stamps are in {@link stampValues}. */
  readonly stampsNow = new Map<string, number>();
  stampValues = new Float64Array(0);
  /** Articles whose stamp is the one stored. */
  readonly unchanged = new Set<string>();

  /** `folder` is this corpus's own cache folder; `corpusRoot` is where the sidecar is. */
  private constructor(
    readonly folder: string,
    private readonly corpusRoot: string,
    private readonly build: string,
    private readonly settleMs: number,
  ) {}

  /**
   * The cache of the corpus at `corpusRoot`, or undefined when it would lie inside the corpus
   * folder (a cache directory set to it, or a corpus that is the home folder itself).
   */
  static async open(corpusRoot: string, root: string = cacheRoot()): Promise<NodeIndexCache | undefined> {
    const settle = process.env[SETTLE_VARIABLE];
    const settleMs = settle !== undefined && /^\d+$/.test(settle) ? Number(settle) : SETTLE_MS;
    try {
      const realCorpus = await fs.realpath(corpusRoot);
      if (isInside(realCorpus, await realOrSelf(root))) return undefined;
      const name = createHash('sha256').update(realCorpus).digest('hex').slice(0, 32);
      return new NodeIndexCache(path.join(root, name), corpusRoot, buildStamp(), settleMs);
    } catch {
      return undefined;
    }
  }

  sha256(bytes: Uint8Array): Buffer {
    let hash = this.hashes.get(bytes);
    if (!hash) this.hashes.set(bytes, (hash = createHash('sha256').update(bytes).digest()));
    return hash;
  }

  private async sidecarKey(file: string, bytes: Uint8Array): Promise<string> {
    const stats = await fs.stat(path.join(this.corpusRoot, ...file.split('/')), { bigint: true });
    return JSON.stringify({ file, size: bytes.length, statSize: String(stats.size), mtimeNs: String(stats.mtimeNs), sha256: this.sha256(bytes).toString('hex') });
  }

  async sidecar(file: string, bytes: Uint8Array): Promise<CachedSidecar | undefined> {
    const key = await this.sidecarKey(file, bytes).catch(() => undefined);
    const read = key === undefined ? undefined : await this.read('sidecar');
    const parsed = read && read.key === key ? sidecarFromPayload(read.payload) : undefined;
    if (isCachedSidecar(parsed)) {
      this.counts.sidecarHits++;
      return parsed;
    }
    this.counts.sidecarMisses++;
    return undefined;
  }

  storeSidecar(file: string, bytes: Uint8Array, parsed: CachedSidecar): void {
    // Serialised now: the index may change the parse later (an edit), and what is kept must be this one.
    const payload = sidecarPayload(parsed);
    this.sidecarToWrite = { file, bytes, payload };
  }

  async mentions(aliasKey: string): Promise<MentionCache> {
    const key = createHash('sha256').update(aliasKey).digest('hex');
    const stored = await (this.mentionsFile ??= this.readMentions());
    this.mentionStore = new NodeMentionCache(this, key, stored?.key === key ? stored.payload : undefined);
    return this.mentionStore;
  }

  /** Stamps every article now, before any is read, and says which have the stamp stored for them. */
  async unchangedArticles(paths: readonly string[]): Promise<ReadonlySet<string>> {
    const stored = await (this.mentionsFile ??= this.readMentions());
    const storedAt = new Map<string, number>();
    stored?.payload.paths.forEach((p, i) => storedAt.set(p, i));
    const settledBefore = Date.now() - this.settleMs;
    const values = (this.stampValues = new Float64Array(STAMP_NUMBERS * paths.length).fill(NaN));
    paths.forEach((corpusPath, i) => {
      const stats = lstatSync(path.join(this.corpusRoot, ...corpusPath.split('/')), { throwIfNoEntry: false });
      // A symlink's own stamp says nothing of its target: it is read every time.
      if (!stats?.isFile()) return;
      this.stampsNow.set(corpusPath, i);
      if (!(stats.mtimeMs < settledBefore && stats.ctimeMs < settledBefore)) return; // NaN: never the same
      const at = STAMP_NUMBERS * i;
      values[at] = stats.size;
      values[at + 1] = stats.mtimeMs;
      values[at + 2] = stats.ctimeMs;
      values[at + 3] = stats.ino;
      values[at + 4] = stats.dev;
      const was = storedAt.get(corpusPath);
      if (was !== undefined && sameStamp(values, i, stored!.payload.stamps, was)) this.unchanged.add(corpusPath);
    });
    return this.unchanged;
  }

  private async readMentions(): Promise<{ key: string; payload: MentionsPayload } | undefined> {
    const read = await this.read('mentions');
    const payload = read && deserialize(read.payload);
    return read && isMentionsPayload(payload) ? { key: read.key, payload } : undefined;
  }

  /** Writes what this run learnt; silent when it cannot. Returns once the files are in place. */
  async save(): Promise<void> {
    const writes: Promise<void>[] = [];
    const sidecar = this.sidecarToWrite;
    if (sidecar) {
      this.sidecarToWrite = undefined;
      const key = await this.sidecarKey(sidecar.file, sidecar.bytes).catch(() => undefined);
      if (key !== undefined) writes.push(this.write('sidecar', key, sidecar.payload));
    }
    const mentions = this.mentionStore?.changedPayload();
    if (mentions && this.mentionStore) writes.push(this.write('mentions', this.mentionStore.key, v8.serialize(mentions)));
    await Promise.all(writes);
  }

  private file(kind: Header['kind']): string {
    return path.join(this.folder, `${kind}.bin`);
  }

  /** A file of this format and build, whole, with the key it was stored under. */
  private async read(kind: Header['kind']): Promise<{ key: string; payload: Buffer } | undefined> {
    try {
      const data = await fs.readFile(this.file(kind));
      if (data.length < MAGIC.length + 4 || !data.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
      const headerLength = data.readUInt32LE(MAGIC.length);
      const headerEnd = MAGIC.length + 4 + headerLength;
      if (headerEnd > data.length) return undefined;
      const header = JSON.parse(data.subarray(MAGIC.length + 4, headerEnd).toString('utf8')) as Partial<Header>;
      const payload = data.subarray(headerEnd);
      const matches = header.format === CACHE_FORMAT && header.build === this.build && header.kind === kind && typeof header.key === 'string';
      if (!matches || header.length !== payload.length || header.crc32 !== crc32(payload)) return undefined;
      return { key: header.key!, payload };
    } catch {
      return undefined; // missing, unreadable or not ours: a miss
    }
  }

  private async write(kind: Header['kind'], key: string, payload: Buffer): Promise<void> {
    const header = Buffer.from(JSON.stringify({ format: CACHE_FORMAT, build: this.build, kind, key, length: payload.length, crc32: crc32(payload) } satisfies Header));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    const target = this.file(kind);
    const temporary = `${target}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
    try {
      await fs.mkdir(this.folder, { recursive: true, mode: 0o700 });
      await fs.writeFile(temporary, Buffer.concat([MAGIC, length, header, payload]), { mode: 0o600 });
      await fs.rename(temporary, target);
      this.counts.filesWritten++;
    } catch {
      // A cache that cannot be written (a read-only home, a full disk) is only a slower next run.
      await fs.rm(temporary, { force: true }).catch(() => undefined);
    }
  }
}

/** What the run found or confirmed of one article. */
interface CurrentArticle {
  hash: Buffer;
  /** Undefined for an article known unread: its stored mentions (at `storedAt`) still hold. */
  mentions: readonly ActorMention[] | undefined;
  details?: ArticleDetails;
  /** Known unread: the details stored at this index still hold. */
  storedAt?: number;
}

/** Whether two stamps are the same; one that is not there (NaN) is the same as none only when `noneIsSame`. */
function sameStamp(a: Float64Array, aAt: number, b: Float64Array, bAt: number, noneIsSame = false): boolean {
  for (let k = 0; k < STAMP_NUMBERS; k++) {
    const x = a[STAMP_NUMBERS * aAt + k];
    const y = b[STAMP_NUMBERS * bAt + k];
    if (x !== y && !(noneIsSame && Number.isNaN(x) && Number.isNaN(y))) return false;
  }
  return true;
}

/** The mentions of one alias set: what was stored, and what this run found or confirmed. */
class NodeMentionCache implements MentionCache {
  private readonly stored = new Map<string, number>();
  private readonly current = new Map<string, CurrentArticle>();
  private changed = false;

  constructor(
    private readonly owner: NodeIndexCache,
    readonly key: string,
    private readonly payload: MentionsPayload | undefined,
  ) {
    payload?.paths.forEach((p, i) => this.stored.set(p, i));
    if (!payload) this.changed = true;
  }

  readonly digestName = 'sha256';

  get(path: string, bytes: Uint8Array): ActorMention[] | undefined {
    return this.getByDigest(path, this.owner.sha256(bytes));
  }

  storedDigest(path: string): Uint8Array | undefined {
    const at = this.stored.get(path);
    return at === undefined || !this.payload ? undefined : this.payload.hashes.subarray(at * 32, at * 32 + 32);
  }

  getByDigest(path: string, digest: Uint8Array): ActorMention[] | undefined {
    const at = this.stored.get(path);
    const hash = Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength);
    if (hash.length !== 32 || at === undefined || !this.payload || !hash.equals(this.payload.hashes.subarray(at * 32, at * 32 + 32))) {
      this.owner.counts.mentionMisses++;
      return undefined;
    }
    const mentions = this.storedMentions(at);
    this.current.set(path, { hash, mentions });
    this.owner.counts.mentionHits++;
    return mentions;
  }

  known(path: string): KnownArticle | undefined {
    const at = this.stored.get(path);
    if (!this.owner.unchanged.has(path) || at === undefined || !this.payload || !(this.payload.flags[at] & DESCRIBED)) return undefined;
    const hash = Buffer.from(this.payload.hashes.subarray(at * 32, at * 32 + 32));
    this.current.set(path, { hash, mentions: undefined, storedAt: at });
    this.owner.counts.articlesUnread++;
    const { flags, headlines, textLengths, anchorEnds, anchorKeys, anchorRanges, actorIds, ends, triples } = this.payload;
    const first = at === 0 ? 0 : ends[at - 1];
    const forEachMentionActor = (visit: (actorId: string) => void): void => {
      for (let t = first; t < ends[at]; t++) visit(actorIds[triples[3 * t]]);
    };
    const exactAnchor = (selector: QuoteSelector): OffsetRange | undefined => {
      for (let a = at === 0 ? 0 : anchorEnds[at - 1]; a < anchorEnds[at]; a++) if (isSelectorKey(anchorKeys[a], selector)) return { start: anchorRanges[2 * a], end: anchorRanges[2 * a + 1] };
      return undefined;
    };
    return {
      mentions: () => this.storedMentions(at),
      mentionCount: ends[at] - first,
      forEachMentionActor,
      invalidUtf8: (flags[at] & INVALID_UTF8) !== 0,
      textLength: textLengths[at],
      headline: headlines[at] ?? undefined,
      exactAnchor,
      holds: (bytes) => this.owner.sha256(bytes).equals(hash),
    };
  }

  set(path: string, bytes: Uint8Array, mentions: readonly ActorMention[]): void {
    this.setByDigest(path, this.owner.sha256(bytes), mentions);
  }

  setByDigest(path: string, digest: Uint8Array, mentions: readonly ActorMention[]): void {
    if (digest.length !== 32) return;
    this.current.set(path, { hash: Buffer.from(digest), mentions });
    this.changed = true;
  }

  describe(path: string, details: ArticleDetails): void {
    const article = this.current.get(path);
    if (!article) return;
    article.details = details;
    if (article.storedAt !== undefined) article.mentions ??= this.storedMentions(article.storedAt);
    article.storedAt = undefined;
    const at = this.stored.get(path);
    if (this.changed || at === undefined || !this.payload) return;
    const stored = this.payload.flags[at] & DESCRIBED ? this.storedDetails(at) : undefined;
    if (!stored || !sameDetails(stored, details) || !article.hash.equals(this.payload.hashes.subarray(at * 32, at * 32 + 32))) this.changed = true;
  }

  verifier(path: string): ((bytes: Uint8Array) => boolean) | undefined {
    const hash = this.current.get(path)?.hash;
    return hash && ((bytes) => this.owner.sha256(bytes).equals(hash));
  }

  /** Writes mentions as triples from `t` on, numbering new actors as they come; returns where it stopped. */
  private putMentions(mentions: readonly ActorMention[], actorNumbers: Map<string, number>, triples: Uint32Array, t: number): number {
    for (const m of mentions) {
      let actor = actorNumbers.get(m.actorId);
      if (actor === undefined) actorNumbers.set(m.actorId, (actor = actorNumbers.size));
      triples[3 * t] = actor;
      triples[3 * t + 1] = m.start;
      triples[3 * t + 2] = m.end;
      t++;
    }
    return t;
  }

  private storedMentions(at: number): ActorMention[] {
    const { actorIds, ends, triples } = this.payload!;
    const mentions: ActorMention[] = [];
    for (let t = at === 0 ? 0 : ends[at - 1]; t < ends[at]; t++) mentions.push({ actorId: actorIds[triples[3 * t]], start: triples[3 * t + 1], end: triples[3 * t + 2] });
    return mentions;
  }

  private storedDetails(at: number): ArticleDetails {
    const { flags, headlines, anchorEnds, anchorKeys, anchorRanges } = this.payload!;
    const exactAnchors = new Map<string, OffsetRange>();
    for (let a = at === 0 ? 0 : anchorEnds[at - 1]; a < anchorEnds[at]; a++) exactAnchors.set(anchorKeys[a], { start: anchorRanges[2 * a], end: anchorRanges[2 * a + 1] });
    return { invalidUtf8: (flags[at] & INVALID_UTF8) !== 0, textLength: this.payload!.textLengths[at], headline: headlines[at] ?? undefined, exactAnchors };
  }

  /** What to write: undefined when every article was found as stored, with the same stamps (and none is gone). */
  changedPayload(): MentionsPayload | undefined {
    const paths = [...this.current.keys()];
    const stamps = new Float64Array(STAMP_NUMBERS * paths.length).fill(NaN);
    paths.forEach((p, i) => {
      const at = this.owner.stampsNow.get(p);
      if (at !== undefined) stamps.set(this.owner.stampValues.subarray(STAMP_NUMBERS * at, STAMP_NUMBERS * (at + 1)), STAMP_NUMBERS * i);
    });
    // An article stamped now that was not (settled since) is written again; one never stamped (a symlink) is not.
    const sameStamps = (): boolean => paths.every((p, i) => sameStamp(stamps, i, this.payload!.stamps, this.stored.get(p)!, true));
    if (!this.changed && this.current.size === this.stored.size && sameStamps()) return undefined;
    // The stored actor table first: what is still as stored is copied as it is, numbers and all.
    const stored = this.payload;
    const actorNumbers = new Map<string, number>((stored?.actorIds ?? []).map((id, n) => [id, n]));
    const hashes = new Uint8Array(32 * paths.length);
    const ends = new Uint32Array(paths.length);
    const flags = new Uint8Array(paths.length);
    const headlines: (string | null)[] = [];
    const textLengths = new Uint32Array(paths.length);
    const anchorEnds = new Uint32Array(paths.length);
    const anchorKeys: string[] = [];
    const anchorRanges: number[] = [];
    const storedRange = (bounds: Uint32Array, at: number): [number, number] => [at === 0 ? 0 : bounds[at - 1], bounds[at]];
    let total = 0;
    for (const article of this.current.values()) {
      if (article.mentions) total += article.mentions.length;
      else {
        const [from, to] = storedRange(stored!.ends, article.storedAt!);
        total += to - from;
      }
    }
    const triples = new Uint32Array(3 * total);
    let t = 0;
    paths.forEach((p, i) => {
      const { hash, storedAt, mentions, details } = this.current.get(p)!;
      hashes.set(hash, 32 * i);
      if (storedAt !== undefined) {
        // Known unread, not described again: its mentions, headline and anchors are copied as stored.
        const [from, to] = storedRange(stored!.ends, storedAt);
        if (mentions) t = this.putMentions(mentions, actorNumbers, triples, t);
        else {
          triples.set(stored!.triples.subarray(3 * from, 3 * to), 3 * t);
          t += to - from;
        }
        flags[i] = stored!.flags[storedAt];
        headlines.push(stored!.headlines[storedAt]);
        textLengths[i] = stored!.textLengths[storedAt];
        const [first, last] = storedRange(stored!.anchorEnds, storedAt);
        for (let a = first; a < last; a++) anchorKeys.push(stored!.anchorKeys[a]);
        for (let a = 2 * first; a < 2 * last; a++) anchorRanges.push(stored!.anchorRanges[a]);
      } else {
        t = this.putMentions(mentions ?? [], actorNumbers, triples, t);
        headlines.push(details?.headline ?? null);
        if (details) {
          flags[i] = DESCRIBED | (details.invalidUtf8 ? INVALID_UTF8 : 0);
          textLengths[i] = details.textLength;
          for (const [key, range] of details.exactAnchors) {
            anchorKeys.push(key);
            anchorRanges.push(range.start, range.end);
          }
        }
      }
      ends[i] = t;
      anchorEnds[i] = anchorKeys.length;
    });
    return { actorIds: [...actorNumbers.keys()], paths, hashes, ends, triples, stamps, flags, headlines, textLengths, anchorEnds, anchorKeys, anchorRanges: Uint32Array.from(anchorRanges) };
  }
}

function sameDetails(a: ArticleDetails, b: ArticleDetails): boolean {
  if (a.invalidUtf8 !== b.invalidUtf8 || a.textLength !== b.textLength || a.headline !== b.headline || a.exactAnchors.size !== b.exactAnchors.size) return false;
  for (const [key, range] of a.exactAnchors) {
    const other = b.exactAnchors.get(key);
    if (!other || other.start !== range.start || other.end !== range.end) return false;
  }
  return true;
}

function deserialize(payload: Buffer): unknown {
  try {
    return v8.deserialize(payload);
  } catch {
    return undefined;
  }
}

/**
 * The sidecar's parse as JSON, its maps as lists of pairs: `JSON.parse` reads 20,000 annotations
 * back in about half the time `v8.deserialize` takes, from a file half the size. Every value in a
 * parse is a string, an integer, a boolean, a list or a plain object (the readers admit nothing
 * else), so nothing is lost; a span still pending lives on the entry's prototype (`lazySpans.ts`),
 * which JSON leaves out, and is made pending again when read.
 */
function sidecarPayload(parsed: CachedSidecar): Buffer {
  const { index, problems, invalid } = parsed;
  const flat = { ...index, documents: [...index.documents], actors: [...index.actors], annotations: [...index.annotations] };
  // Escaped to ASCII: a payload of one-byte characters is read back without decoding UTF-8.
  const json = JSON.stringify({ index: flat, problems, invalid }).replace(/[\u007f-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Buffer.from(json, 'latin1');
}

function sidecarFromPayload(payload: Buffer): unknown {
  try {
    const value = JSON.parse(payload.toString('latin1')) as { index?: Record<string, unknown> } | null;
    const index = value?.index;
    if (!index) return undefined;
    for (const section of ['documents', 'actors', 'annotations']) {
      const pairs = index[section];
      if (!Array.isArray(pairs) || !pairs.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string')) return undefined;
      index[section] = new Map(pairs as [string, unknown][]);
    }
    return value;
  } catch {
    return undefined;
  }
}

function isCachedSidecar(value: unknown): value is CachedSidecar {
  const v = value as Partial<CachedSidecar> | undefined;
  const index = v?.index;
  return !!index && index.actors instanceof Map && index.annotations instanceof Map && index.documents instanceof Map && Array.isArray(index.relations) && Array.isArray(v.problems) && typeof v.invalid === 'boolean';
}

function isMentionsPayload(value: unknown): value is MentionsPayload {
  const v = value as Partial<MentionsPayload> | undefined;
  if (!v || !Array.isArray(v.actorIds) || !Array.isArray(v.paths) || !(v.hashes instanceof Uint8Array) || !(v.ends instanceof Uint32Array) || !(v.triples instanceof Uint32Array)) return false;
  if (!(v.stamps instanceof Float64Array) || !(v.flags instanceof Uint8Array) || !Array.isArray(v.headlines) || !(v.textLengths instanceof Uint32Array) || !(v.anchorEnds instanceof Uint32Array) || !Array.isArray(v.anchorKeys) || !(v.anchorRanges instanceof Uint32Array)) return false;
  const n = v.paths.length;
  if (v.hashes.length !== 32 * n || v.ends.length !== n || v.triples.length % 3 !== 0) return false;
  if (v.stamps.length !== STAMP_NUMBERS * n || v.flags.length !== n || v.headlines.length !== n || v.textLengths.length !== n || v.anchorEnds.length !== n || v.anchorRanges.length !== 2 * v.anchorKeys.length) return false;
  // Offsets must stay inside the triples and anchors, actor numbers inside the table: nothing read may point past either.
  for (let i = 0; i < n; i++) {
    if (v.ends[i] < (i === 0 ? 0 : v.ends[i - 1]) || 3 * v.ends[i] > v.triples.length) return false;
    if (v.anchorEnds[i] < (i === 0 ? 0 : v.anchorEnds[i - 1]) || v.anchorEnds[i] > v.anchorKeys.length) return false;
  }
  for (let t = 0; t < v.triples.length; t += 3) if (v.triples[t] >= v.actorIds.length) return false;
  return true;
}

/**
 * Which build wrote a file: the running script's size and modification time (the CLI or extension
 * bundle holds every matcher and reader), so a rebuilt Marginalia never trusts an older one's cache.
 */
function buildStamp(): string {
  const stats = statSync(__filename);
  return `${CACHE_FORMAT}:${stats.size}:${stats.mtimeMs}`;
}

async function realOrSelf(folder: string): Promise<string> {
  // The cache folder may not exist yet: resolve the nearest folder that does.
  const missing: string[] = [];
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    try {
      return path.join(await fs.realpath(current), ...missing.reverse());
    } catch {
      if (path.dirname(current) === current) return path.resolve(folder);
      missing.push(path.basename(current));
    }
  }
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
