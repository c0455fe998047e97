/**
 * Reading, decoding and matching a corpus's articles while the index is built, for the CLI and the
 * extension: synchronous reads (`CorpusFolder.readFileSync`, the same rules as `readFile`) on a
 * pool of worker threads sized to the cores, or on the calling thread where there is one core, a
 * small corpus, or workers that cannot start. Both ways run the same two functions on the same
 * articles (`readChunk`, then `matchChunk`), so they give the same index.
 *
 * A worker starts while the sidecar is still being parsed and reads ahead (a bounded number of
 * bytes) until it is told the actors; then it matches and sends its articles back in chunks, the
 * texts by structured clone and the mentions packed in typed arrays that are transferred. An
 * article whose bytes have the digest the mention cache stored for it is not matched: the cache
 * gives its mentions on this side.
 */
import * as crypto from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { MessagePort, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ArticleReader, ReadArticle } from '../core/corpus';
import type { MentionCache } from '../core/indexCache';
import { ActorMention, MentionMatcher } from '../core/mentions';
import type { Actor } from '../core/model';
import { decodeText } from '../core/text';
import { FileRefusedError } from '../core/workspace';
import { CorpusFolder } from './corpusFolder';

/** Below this many articles, starting workers costs more than it saves. */
const MIN_ARTICLES_FOR_WORKERS = 256;
/** More workers than this gain nothing on a disk and a main thread that must take every answer. */
const MAX_WORKERS = 8;
/**
 * Articles per message from a worker. A chunk's texts live until it is sent: at 512 (3.6 MB of text)
 * they outlived the worker's young generation and were copied by every scavenge; 128 made a first
 * run on 10,000 articles 12% faster and its peak RSS 467 -> 337 MB (alternating runs, same minutes).
 */
const CHUNK_ARTICLES = 128;
/** What a worker reads ahead, in bytes, before it knows the actors. */
const READ_AHEAD_BYTES = 32 * 1024 * 1024;
/** The digest the mention cache keys articles by. */
const DIGEST = 'sha256';
const DIGEST_BYTES = 32;

/** `MARGINALIA_WORKERS=n` sets the pool's size (0 or 1: the calling thread only), whatever the corpus. */
export const WORKERS_VARIABLE = 'MARGINALIA_WORKERS';

const MISSING = 0;
const TEXT = 1;
const INVALID_TEXT = 2;
const BINARY = 3;
const REFUSED = 4;
const FAILED = 5;

/** What mentions depend on: all a worker is told of the actors. */
type MatchActor = Pick<Actor, 'id' | 'aliases' | 'exclude' | 'matchCase'>;

/** Some articles read and decoded. */
interface ChunkRead {
  paths: string[];
  /** One of MISSING … FAILED per path. */
  kinds: Uint8Array;
  texts: (string | undefined)[];
  /** Why a file was refused, or the message (and code) of the error reading it. */
  reasons: (string | undefined)[];
  codes: (string | undefined)[];
  /** {@link DIGEST_BYTES} per path (zeros where nothing was read), when asked for. */
  digests: Uint8Array | undefined;
  bytes: number;
}

/** Some articles read, decoded and matched: what a worker sends back. */
interface ChunkAnswer extends ChunkRead {
  /** 1 where the digest is the one the cache stored: not matched, the cache has the mentions. */
  cached: Uint8Array;
  /** The mentions of `paths[i]` are triples `ends[i - 1] .. ends[i]` of `triples`: actor number, start, end. */
  ends: Uint32Array;
  triples: Uint32Array;
}

interface StartRequest {
  root: string;
  paths: string[];
  digests: boolean;
}

interface MatchRequest {
  actors: MatchActor[];
  /** The digests the cache stored for `paths`, and which of them it has (1 in `storedMask`). */
  stored: Uint8Array;
  storedMask: Uint8Array;
}

type WorkerMessage = { chunk: ChunkAnswer } | { done: true };

/** Reads, decodes and (when asked) digests some articles, each as `readFileSync` and `decodeText` say. */
function readChunk(folder: CorpusFolder, paths: string[], digests: boolean): ChunkRead {
  const n = paths.length;
  const read: ChunkRead = { paths, kinds: new Uint8Array(n), texts: new Array(n), reasons: new Array(n), codes: new Array(n), digests: digests ? new Uint8Array(n * DIGEST_BYTES) : undefined, bytes: 0 };
  for (let i = 0; i < n; i++) {
    let bytes: Uint8Array | undefined;
    try {
      bytes = folder.readFileSync(paths[i]);
    } catch (error) {
      if (error instanceof FileRefusedError) {
        read.kinds[i] = REFUSED;
        read.reasons[i] = error.reason;
      } else {
        read.kinds[i] = FAILED;
        read.reasons[i] = error instanceof Error ? error.message : String(error);
        read.codes[i] = (error as NodeJS.ErrnoException).code;
      }
      continue;
    }
    if (bytes === undefined) continue; // MISSING
    read.bytes += bytes.length;
    const decoded = decodeText(bytes);
    if (decoded.kind === 'binary') {
      read.kinds[i] = BINARY;
      continue;
    }
    read.kinds[i] = decoded.invalidUtf8 ? INVALID_TEXT : TEXT;
    read.texts[i] = decoded.text;
    read.digests?.set(digestOf(bytes), i * DIGEST_BYTES);
  }
  return read;
}

/** One call, no Hash object where Node has `crypto.hash` (20.12 on): making and feeding one per file was most of the hashing's time. */
function digestOf(bytes: Uint8Array): Buffer {
  return typeof crypto.hash === 'function' ? crypto.hash(DIGEST, bytes, 'buffer') : crypto.createHash(DIGEST).update(bytes).digest();
}

/** Matches the texts of a chunk read whose digest is not the one stored (`stored` is per article of the chunk). */
function matchChunk(read: ChunkRead, matcher: MentionMatcher, actorNumbers: ReadonlyMap<string, number>, stored: Uint8Array | undefined, storedMask: Uint8Array | undefined): ChunkAnswer {
  const n = read.paths.length;
  const cached = new Uint8Array(n);
  const ends = new Uint32Array(n);
  const found: ActorMention[][] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const text = read.texts[i];
    if (text !== undefined) {
      const at = i * DIGEST_BYTES;
      if (read.digests && stored && storedMask?.[i] && sameBytes(read.digests, at, stored, at)) cached[i] = 1;
      else {
        const mentions = matcher.findMentions(text);
        found.push(mentions);
        total += mentions.length;
      }
    }
    ends[i] = total;
  }
  const triples = new Uint32Array(3 * total);
  let t = 0;
  for (const mentions of found) {
    for (const m of mentions) {
      triples[t++] = actorNumbers.get(m.actorId)!;
      triples[t++] = m.start;
      triples[t++] = m.end;
    }
  }
  return { ...read, cached, ends, triples };
}

function sameBytes(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number): boolean {
  for (let k = 0; k < DIGEST_BYTES; k++) if (a[aAt + k] !== b[bAt + k]) return false;
  return true;
}

function matcherOf(actors: readonly MatchActor[]): { matcher: MentionMatcher; actorNumbers: Map<string, number> } {
  // The matcher reads only these fields; the rest of an actor is never sent to a worker.
  const matcher = new MentionMatcher(actors as Actor[]);
  return { matcher, actorNumbers: new Map(actors.map((actor, i) => [actor.id, i])) };
}

function matchActors(actors: readonly Actor[]): MatchActor[] {
  return actors.map(({ id, aliases, exclude, matchCase }) => ({ id, aliases, exclude, matchCase }));
}

/** The cache's stored digests for some paths, with a mask of those it has. */
function storedDigests(paths: readonly string[], cache: MentionCache | undefined): { stored: Uint8Array; storedMask: Uint8Array } | undefined {
  if (!cache?.storedDigest || cache.digestName !== DIGEST) return undefined;
  const stored = new Uint8Array(paths.length * DIGEST_BYTES);
  const storedMask = new Uint8Array(paths.length);
  paths.forEach((p, i) => {
    const digest = cache.storedDigest!(p);
    if (digest?.length !== DIGEST_BYTES) return;
    stored.set(digest, i * DIGEST_BYTES);
    storedMask[i] = 1;
  });
  return { stored, storedMask };
}

/**
 * The articles of an answer, on the calling thread: mentions from the packed triples, or from the
 * cache where the worker found the stored digest; what was matched is stored in the cache.
 */
function articlesOf(answer: ChunkAnswer, actors: readonly Actor[], cache: MentionCache | undefined, matchHere: () => MentionMatcher, into: (article: ReadArticle) => void): void {
  const useCache = cache?.getByDigest && cache.setByDigest && cache.digestName === DIGEST ? cache : undefined;
  for (let i = 0; i < answer.paths.length; i++) {
    const path = answer.paths[i];
    const kind = answer.kinds[i];
    if (kind === MISSING) continue;
    if (kind === FAILED) throw Object.assign(new Error(answer.reasons[i]), { code: answer.codes[i] });
    if (kind === REFUSED) {
      into({ path, kind: 'refused', reason: answer.reasons[i]! });
      continue;
    }
    if (kind === BINARY) {
      into({ path, kind: 'binary' });
      continue;
    }
    const text = answer.texts[i]!;
    const digest = answer.digests?.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES);
    let mentions: ActorMention[] | undefined;
    if (answer.cached[i]) {
      mentions = digest && useCache ? ignoreFailure(() => useCache.getByDigest!(path, digest)) : undefined;
      // A cache that does not answer for what it stored: matched here, as it would have been there.
      mentions ??= matchHere().findMentions(text);
    } else {
      // Asked all the same: the cache counts what it missed, and one it has after all is used.
      mentions = digest && useCache ? ignoreFailure(() => useCache.getByDigest!(path, digest)) : undefined;
      if (mentions) {
        into({ path, kind: 'text', text, invalidUtf8: kind === INVALID_TEXT, mentions });
        continue;
      }
      mentions = [];
      for (let t = i === 0 ? 0 : answer.ends[i - 1]; t < answer.ends[i]; t++) {
        mentions.push({ actorId: actors[answer.triples[3 * t]].id, start: answer.triples[3 * t + 1], end: answer.triples[3 * t + 2] });
      }
      if (digest && useCache) ignoreFailure(() => useCache.setByDigest!(path, digest, mentions!));
    }
    into({ path, kind: 'text', text, invalidUtf8: kind === INVALID_TEXT, mentions });
  }
}

function ignoreFailure<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** How many workers to start for this many articles: 0 means the calling thread. */
export function poolSize(articles: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = env[WORKERS_VARIABLE];
  if (forced !== undefined && /^\d+$/.test(forced.trim())) {
    const n = Number(forced);
    return n <= 1 ? 0 : Math.min(n, MAX_WORKERS);
  }
  const cores = Math.min(availableParallelism(), MAX_WORKERS);
  return articles < MIN_ARTICLES_FOR_WORKERS || cores <= 1 ? 0 : cores;
}

/** The worker bundle beside this file: `articleWorker.js` in `dist/`, `articleWorkerMain.js` from the TypeScript build. */
export function defaultWorkerScript(): string | undefined {
  return ['articleWorker.js', 'articleWorkerMain.js'].map((name) => path.join(__dirname, name)).find((file) => existsSync(file));
}

export interface ArticleReaderOptions {
  /** The worker thread's script (a bundle that calls `answerArticleRequests`); none: the calling thread only. */
  workerScript?: string;
  /** Workers for this many articles; {@link poolSize} by default. */
  size?: (articles: number) => number;
  /**
   * Whether the articles may be read on the calling thread when no workers are started (one core, a
   * small corpus): true for the CLI; the extension host reads them through `readFile` instead, without blocking.
   */
  oneThread?: boolean;
  /** Told how the articles were read, for logs and tests. */
  onRead?: (how: { workers: number; fellBack: number }) => void;
}

/** A reader of the articles under `root`: a worker pool, or the calling thread. */
export function articleReader(root: string, options: ArticleReaderOptions = {}): ArticleReader {
  return new PooledArticleReader(new CorpusFolder(root), options);
}

class PooledArticleReader implements ArticleReader {
  private paths: readonly string[] = [];
  private digests = false;
  private workers: { worker: Worker | undefined; paths: string[]; stopped: Promise<void> }[] = [];

  constructor(
    private readonly folder: CorpusFolder,
    private readonly options: ArticleReaderOptions,
  ) {}

  start(paths: readonly string[], digests: boolean): boolean {
    this.paths = paths;
    this.digests = digests;
    const script = this.options.workerScript;
    const size = script ? Math.min((this.options.size ?? poolSize)(paths.length), paths.length) : 0;
    if (size <= 1) return this.options.oneThread ?? true;
    // Contiguous slices: files of one folder are read together.
    const per = Math.ceil(paths.length / size);
    for (let w = 0; w < size; w++) {
      const slice = paths.slice(w * per, (w + 1) * per);
      if (slice.length === 0) continue;
      try {
        const worker = new Worker(script!, { workerData: { root: this.folder.root, paths: slice, digests } satisfies StartRequest });
        // Until `finish` listens, what a worker sends waits in its port; one that cannot start or dies is seen now.
        const stopped = new Promise<void>((resolve) => {
          worker.once('error', () => resolve());
          worker.once('exit', () => resolve());
        });
        this.workers.push({ worker, paths: slice, stopped });
      } catch {
        this.workers.push({ worker: undefined, paths: slice, stopped: Promise.resolve() });
      }
    }
    return true;
  }

  async finish(actors: readonly Actor[], cache: MentionCache | undefined, take: (article: ReadArticle) => void): Promise<void> {
    const forWorkers = matchActors(actors);
    let here: { matcher: MentionMatcher; actorNumbers: Map<string, number> } | undefined;
    const matchHere = (): { matcher: MentionMatcher; actorNumbers: Map<string, number> } => (here ??= matcherOf(forWorkers));
    // On this thread: every article when there is no pool, and what a failed worker did not send.
    const readHere = (paths: readonly string[]): void => {
      for (const chunk of chunksOf(paths, CHUNK_ARTICLES)) {
        const read = readChunk(this.folder, chunk, this.digests);
        const stored = this.digests ? storedDigests(chunk, cache) : undefined;
        const { matcher, actorNumbers } = matchHere();
        articlesOf(matchChunk(read, matcher, actorNumbers, stored?.stored, stored?.storedMask), actors, cache, () => matchHere().matcher, take);
      }
    };
    if (this.workers.length === 0) {
      readHere(this.paths);
      this.options.onRead?.({ workers: 0, fellBack: 0 });
      return;
    }
    // Chunks are taken as they come, one worker after the other, so that no worker's texts wait whole in memory.
    const answers = this.workers.map(({ worker, paths, stopped }) => {
      const stored = storedDigests(paths, cache) ?? { stored: new Uint8Array(0), storedMask: new Uint8Array(0) };
      try {
        worker?.postMessage({ actors: forWorkers, ...stored } satisfies MatchRequest, [stored.stored.buffer as ArrayBuffer, stored.storedMask.buffer as ArrayBuffer]);
      } catch {
        // A worker that is gone: `answered` settles, and its slice is read here.
      }
      const answer = answered(worker, stopped, (chunk) => articlesOf(chunk, actors, cache, () => matchHere().matcher, take));
      answer.catch(() => undefined); // awaited below; one that fails first leaves the others unawaited
      return answer;
    });
    let fellBack = 0;
    for (const [w, answer] of answers.entries()) {
      const { done, taken } = await answer;
      if (done) continue;
      // Chunks come in order: what it did not send is read here.
      fellBack++;
      readHere(this.workers[w].paths.slice(taken));
    }
    this.options.onRead?.({ workers: this.workers.length, fellBack });
  }

  close(): void {
    for (const { worker } of this.workers) void worker?.terminate();
    this.workers = [];
  }
}

/**
 * Gives each chunk a worker sends to `onChunk` as it comes; settles with whether the worker sent
 * them all, and how many articles it sent. A chunk `onChunk` fails on rejects, and stops the worker.
 */
function answered(worker: Worker | undefined, stopped: Promise<void>, onChunk: (chunk: ChunkAnswer) => void): Promise<{ done: boolean; taken: number }> {
  if (!worker) return Promise.resolve({ done: false, taken: 0 });
  return new Promise((resolve, reject) => {
    let taken = 0;
    worker.on('message', (message: WorkerMessage) => {
      if ('chunk' in message) {
        try {
          onChunk(message.chunk);
        } catch (error) {
          void worker.terminate();
          reject(error as Error);
          return;
        }
        taken += message.chunk.paths.length;
      } else {
        resolve({ done: true, taken });
        // Done: its heap (every text it read, until collected) is let go now, not when the build ends.
        void worker.terminate();
      }
    });
    // A worker that cannot start (a missing bundle, no threads) or dies: the rest of its slice is read here.
    void stopped.then(() => resolve({ done: false, taken }));
  });
}

/** The worker's side: read ahead until told the actors, then match and send every chunk back. */
export function answerArticleRequests(): void {
  const port = parentPort as MessagePort;
  const { root, paths, digests } = workerData as StartRequest;
  const folder = new CorpusFolder(root);
  const chunks = chunksOf(paths, CHUNK_ARTICLES);
  const readAhead: (ChunkRead | undefined)[] = [];
  let readBytes = 0;
  let request: MatchRequest | undefined;
  const readMore = (): void => {
    if (request || readAhead.length === chunks.length || readBytes >= READ_AHEAD_BYTES) return;
    const read = readChunk(folder, chunks[readAhead.length], digests);
    readAhead.push(read);
    readBytes += read.bytes;
    // One chunk at a time, so that the actors are taken as soon as they come.
    setImmediate(readMore);
  };
  port.once('message', (message: MatchRequest) => {
    request = message;
    const { matcher, actorNumbers } = matcherOf(message.actors);
    let first = 0;
    chunks.forEach((chunk, c) => {
      const read = readAhead[c] ?? readChunk(folder, chunk, digests);
      readAhead[c] = undefined; // let it go once sent
      const at = first * DIGEST_BYTES;
      const stored = message.storedMask.length ? message.stored.subarray(at, at + chunk.length * DIGEST_BYTES) : undefined;
      const storedMask = message.storedMask.length ? message.storedMask.subarray(first, first + chunk.length) : undefined;
      const answer = matchChunk(read, matcher, actorNumbers, stored, storedMask);
      const transfer = [answer.kinds.buffer, answer.cached.buffer, answer.ends.buffer, answer.triples.buffer];
      if (answer.digests) transfer.push(answer.digests.buffer);
      port.postMessage({ chunk: answer } satisfies WorkerMessage, transfer as ArrayBuffer[]);
      first += chunk.length;
    });
    port.postMessage({ done: true } satisfies WorkerMessage);
  });
  setImmediate(readMore);
}
