/**
 * The corpus index: the sidecar, every article's text, the mentions found in it and where each
 * annotation anchors. Built once, then kept current one file at a time.
 */
import { anchor, AnchorResult, similarityPercent } from './anchoring';
import { checkReferences } from './check';
import { Backlink, CrossReferences, RelatedPassage } from './crossReferences';
import { aliasSetKey, ArticleDetails, IndexCache, KnownArticle, MentionCache, selectorKey } from './indexCache';
import { ActorMention, MentionMatcher } from './mentions';
import { Actor, Annotation, MarginaliaIndex, OffsetRange, Problem } from './model';
import { decodeSidecarBytes } from './sidecar/encoding';
import { ParsedSidecar, parseSidecar, SIDECAR_FILE_NAME, unreadableSidecar, withLazyDocument, withLazyText } from './sidecar/read';
import { decodeText, LineColumn, LineIndex, stripBom } from './text';
import { headlineOf } from './titles';
import { CorpusFileSystem, FileRefusedError } from './workspace';

/** One article as the index knows it. */
export class ArticleEntry {
  private lineIndex: LineIndex | undefined;
  private loaded: string | undefined;
  private load: (() => string) | undefined;
  private mentionList: ActorMention[] | undefined;
  /** A known article anchored from its text (a selector the cache did not know): the cache is told its anchors anew. */
  anchoredFromText = false;

  constructor(
    readonly path: string,
    /** The text, or how to read it when first asked for (an article the cache knew, not read while building). */
    text: string | (() => string),
    /** Its mentions; undefined for a known article, whose mentions the cache gives when first asked for. */
    mentions: ActorMention[] | undefined,
    /** Decoded with replacement characters: offsets stay valid, but the text is not what was written. */
    readonly invalidUtf8: boolean,
    /** What the cache knew of it when it was not read: its headline and exact anchors. */
    readonly known?: KnownArticle,
  ) {
    if (typeof text === 'string') this.loaded = text;
    else this.load = text;
    this.mentionList = mentions;
  }

  /** Where actors are mentioned, in text order (sorted and disjoint). */
  get mentions(): ActorMention[] {
    return (this.mentionList ??= this.known!.mentions());
  }

  set mentions(mentions: ActorMention[]) {
    this.mentionList = mentions;
  }

  /** The text's length, without reading a known article's file. */
  get textLength(): number {
    return this.loaded?.length ?? this.known?.textLength ?? this.text.length;
  }

  get mentionCount(): number {
    return this.mentionList?.length ?? this.known!.mentionCount;
  }

  /** The actor of each mention in text order, without making the mention objects when they are not made yet (counting 400,000 of them). */
  forEachMentionActor(visit: (actorId: string) => void): void {
    if (this.mentionList === undefined && this.known) this.known.forEachMentionActor(visit);
    else for (const mention of this.mentions) visit(mention.actorId);
  }

  get text(): string {
    if (this.loaded === undefined) {
      this.loaded = this.load!();
      this.load = undefined;
    }
    return this.loaded;
  }

  /**
   * Whether this entry holds these bytes (decoded as `decoded`), without reading a known article's
   * file: reading it could find it changed and update the index while the caller compares.
   */
  holdsBytes(bytes: Uint8Array, decoded: { text: string; invalidUtf8: boolean }): boolean {
    if (this.loaded === undefined && this.known) return this.known.holds(bytes);
    return this.text === decoded.text && this.invalidUtf8 === decoded.invalidUtf8;
  }

  /** The same for a text (an editor's), which a known article holds if it is its file's bytes as UTF-8. */
  holdsText(text: string): boolean {
    if (this.invalidUtf8) return false;
    if (this.loaded === undefined && this.known) return this.known.holds(new TextEncoder().encode(text));
    return this.text === text;
  }

  /** Line starts, computed on first use: most articles of a large corpus are never shown. */
  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }
}

/** An annotation with where it anchors now. */
export interface AnchoredAnnotation {
  annotation: Annotation;
  result: AnchorResult;
}

/** Parses sidecar text: at once, or somewhere else (a worker thread) and later. */
export type SidecarParser = (text: string, file: string) => Promise<ParsedSidecar>;

const parseNow: SidecarParser = async (text, file) => parseSidecar(text, file);

/** One article as a reader elsewhere (a worker thread) read, decoded and matched it. */
export type ReadArticle =
  | { path: string; kind: 'text'; text: string; invalidUtf8: boolean; mentions: ActorMention[] }
  | { path: string; kind: 'binary' }
  | { path: string; kind: 'refused'; reason: string };

/**
 * Reads, decodes and matches the articles somewhere else than `CorpusFileSystem.readFile` and
 * this thread's matcher would (synchronously, or on worker threads), with the same rules and the
 * same results. `start` may begin reading before the actors are known; `finish` matches them.
 */
export interface ArticleReader {
  /**
   * The articles to read; `digests` when a mention cache may be given to `finish`. False when this
   * reader will not read them after all (no workers where the caller must not block): the build
   * reads them through `readFile`, and calls neither `finish` nor `close`.
   */
  start(paths: readonly string[], digests: boolean): boolean;
  /**
   * Gives `take` every article given to `start` that exists, in any order, as each is ready (so
   * that all their texts need never be held at once); the mentions of `actors`, taken from `cache`
   * where it has them for the same bytes (and stored in it where not). Rejects as
   * `CorpusFileSystem.readFile` would (a disk error, not a refusal).
   */
  finish(actors: readonly Actor[], cache: MentionCache | undefined, take: (article: ReadArticle) => void): Promise<void>;
  /** Lets go of whatever `start` took (worker threads) when `finish` will not be called. */
  close(): void;
}

/** An ambiguous annotation's problem names at most this many candidate lines. */
const MAX_LINES_NAMED = 10;

/** How many files are read at once while building. */
const READ_CONCURRENCY = 64;

export class CorpusIndex {
  private readonly articles = new Map<string, ArticleEntry>();
  private readonly anchors = new Map<string, AnchorResult>();
  private readonly articleProblems = new Map<string, Problem[]>();
  /** Files that exist but were not read (a symlink leading outside, a FIFO…), with why. */
  private readonly refusedFiles = new Map<string, string>();
  /** Annotations by file, in sidecar order: rebuilt with the sidecar. */
  private annotationsByFile = new Map<string, Annotation[]>();
  /** Mentions by actor, then by file: built on first use, then kept current file by file. */
  private mentionsByActor: Map<string, Map<string, ActorMention[]>> | undefined;
  private matcherNow: MentionMatcher | undefined;
  private sidecarLines: LineIndex | undefined;
  /** Links and shared actors or tags between annotations: built on first use per sidecar version. */
  private crossReferences: CrossReferences | undefined;
  /** Mentions kept from an earlier run: consulted while building only. */
  private mentionCache: MentionCache | undefined;

  private constructor(
    private sidecarState: ParsedSidecar,
    readonly sidecarPath: string,
  ) {
  }

  /** Made when first needed: a build that reads no article matches none. */
  private get matcher(): MentionMatcher {
    return (this.matcherNow ??= new MentionMatcher(this.sidecarState.index.actors.values()));
  }

  /**
   * Reads the sidecar and every article, and computes mentions and anchors. `parse` may parse the
   * sidecar elsewhere (a worker thread): the articles are read while it runs. `cache` answers for
   * the sidecar's parse and articles' mentions it has seen with exactly the same bytes, and keeps
   * what it had not.
   */
  static async build(fs: CorpusFileSystem, sidecarPath: string = SIDECAR_FILE_NAME, parse: SidecarParser = parseNow, cache?: IndexCache): Promise<CorpusIndex> {
    let reader = fs.articleReader?.();
    try {
      return await this.buildWith(fs, sidecarPath, parse, cache, (listed) => {
        if (reader && !reader.start(listed, cache !== undefined)) reader = undefined;
        return reader;
      });
    } finally {
      reader?.close();
    }
  }

  private static async buildWith(fs: CorpusFileSystem, sidecarPath: string, parse: SidecarParser, cache: IndexCache | undefined, startReader: (listed: string[]) => ArticleReader | undefined): Promise<CorpusIndex> {
    const bytes = await fs.readFile(sidecarPath);
    let decoded: string | undefined;
    const sidecarText = (): string => (decoded ??= bytes === undefined ? '' : decodeSidecarBytes(bytes));
    const parseAndKeep = async (): Promise<ParsedSidecar> => {
      // A cache that fails is a cache that missed: it never changes what is read.
      const cached = bytes && (await cache?.sidecar(sidecarPath, bytes).catch(() => undefined));
      if (cached) return withLazyDocument(withLazyText(cached, () => stripBom(sidecarText())));
      const parsed = await parse(sidecarText(), sidecarPath);
      if (bytes) ignoreFailure(() => cache?.storeSidecar(sidecarPath, bytes, parsed));
      return parsed;
    };
    // A parser that fails (a worker that died) leaves the sidecar unreadable, never a rejection.
    const parsing = parseAndKeep().catch((error) => unreadableSidecar(stripBom(sidecarText()), sidecarPath, 'unreadable', `the sidecar could not be read (${error instanceof Error ? error.message : String(error)})`, 0));
    // Mentions need the actors, so articles are only read until the sidecar is parsed.
    const contents = new Map<string, Uint8Array>();
    const refused = new Map<string, string>();
    const readAll = async (paths: Iterable<string>): Promise<void> => {
      const queue = [...paths].filter((path) => path !== sidecarPath && !contents.has(path) && !refused.has(path));
      const readNext = async (): Promise<void> => {
        for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
          try {
            const content = await fs.readFile(path);
            if (content !== undefined) contents.set(path, content);
          } catch (error) {
            if (!(error instanceof FileRefusedError)) throw error;
            refused.set(path, error.reason);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, queue.length) }, readNext));
    };
    const listed = (await fs.listArticles()).filter((path) => path !== sidecarPath);
    // Articles whose files are as the cache last saw them are not read unless the cache cannot answer for them.
    const unchanged = (fs.readFileSync && (await cache?.unchangedArticles?.(listed).catch(() => undefined))) || new Set<string>();
    const toRead = unchanged.size ? listed.filter((path) => !unchanged.has(path)) : listed;
    const reader = startReader(toRead);
    if (!reader) await readAll(toRead);
    const corpus = new CorpusIndex(await parsing, sidecarPath);
    if (bytes === undefined) {
      corpus.sidecarState.problems.splice(0, corpus.sidecarState.problems.length, {
        severity: 'error', code: 'no-sidecar', message: `no ${sidecarPath} in this folder`, file: sidecarPath, range: { start: 0, end: 0 },
      });
    }
    // Files the sidecar names that are not articles by their extension are read too.
    const listedSet = new Set(listed);
    const named = [...[...corpus.index.annotations.values()].map((a) => a.file), ...corpus.index.documents.keys()].filter((path) => !listedSet.has(path));
    await readAll(named);
    corpus.mentionCache = await cache?.mentions(aliasSetKey(corpus.index.actors.values())).catch(() => undefined);
    const known = new Map<string, KnownArticle>();
    for (const path of unchanged) {
      const article = ignoreFailure(() => corpus.mentionCache?.known?.(path));
      if (article) known.set(path, article);
    }
    // Another alias set, a cache that lost them: read after all.
    await readAll([...unchanged].filter((path) => !known.has(path)));
    const readFileSync = fs.readFileSync?.bind(fs);
    corpus.groupAnnotations();
    // Each article read is anchored, and its text let go of, as it comes: a large corpus's texts are never all held at once.
    const take = (article: ReadArticle): void => {
      if (article.kind === 'text') {
        corpus.storeArticle(article.path, article.text, article.invalidUtf8, undefined, article.mentions);
        corpus.reanchorFile(article.path);
        corpus.settle(article.path, readFileSync);
      } else if (article.kind === 'binary') corpus.storeBinary(article.path);
      else refused.set(article.path, article.reason);
    };
    if (reader) await reader.finish([...corpus.index.actors.values()], corpus.mentionCache, take);
    // In the order listed, whatever order the reads ended in: the same problems, in the same order, every run.
    const order = new Map([...listed, ...named].map((path, i) => [path, i]));
    const byOrder = (a: string, b: string): number => (order.get(a) ?? 0) - (order.get(b) ?? 0);
    for (const path of [...new Set([...contents.keys(), ...known.keys()])].sort(byOrder)) {
      const knownArticle = known.get(path);
      if (knownArticle) corpus.storeKnown(path, knownArticle, readFileSync!);
      else {
        corpus.setArticleBytes(path, contents.get(path)!, false);
        contents.delete(path); // the bytes are not kept: only the text is
      }
    }
    for (const path of [...refused.keys()].sort(byOrder)) corpus.refuseArticle(path, refused.get(path)!, false);
    corpus.anchorTheRest();
    for (const path of [...corpus.articles.keys()]) corpus.settle(path, readFileSync);
    corpus.putInOrder(byOrder);
    corpus.mentionCache = undefined;
    return corpus;
  }

  /**
   * Once an article's annotations are anchored: tells the cache what the next run needs to take it
   * without reading it, and lets go of its text when it can be read again and checked to be the
   * same (the cache knows its digest). A known article anchored from the cache alone is not
   * described again: what the cache holds of it is still true (an anchor depends only on the text
   * and the selector, and the text is the same).
   */
  private settle(path: string, readFileSync: ((path: string) => Uint8Array | undefined) | undefined): void {
    const article = this.articles.get(path);
    const cache = this.mentionCache;
    if (!article || !cache?.describe || (article.known && !article.anchoredFromText)) return;
    const exactAnchors = new Map<string, OffsetRange>();
    for (const annotation of this.annotationsByFile.get(path) ?? []) {
      const result = this.anchors.get(annotation.id);
      if (result?.status === 'exact' && result.range) exactAnchors.set(selectorKey(annotation), result.range);
    }
    // A copy: a piece cut from the text would keep the whole text alive once the entry lets go of it.
    const headline = article.known ? article.known.headline : detached(headlineOf(article.text));
    const details: ArticleDetails = { invalidUtf8: article.invalidUtf8, textLength: article.textLength, headline, exactAnchors };
    ignoreFailure(() => cache.describe!(path, details));
    const holds = article.known ? undefined : ignoreFailure(() => cache.verifier?.(path));
    if (!holds || !readFileSync) return;
    const mentions = article.mentions;
    const known: KnownArticle = {
      ...details,
      mentions: () => mentions,
      mentionCount: mentions.length,
      forEachMentionActor: (visit) => mentions.forEach((mention) => visit(mention.actorId)),
      exactAnchor: (selector) => exactAnchors.get(selectorKey(selector)),
      holds,
    };
    this.storeKnown(path, known, readFileSync, mentions);
  }

  /** Every annotation's file, in sidecar order: before any article is stored, so each is anchored as it comes. */
  private groupAnnotations(): void {
    this.annotationsByFile = new Map();
    for (const annotation of this.index.annotations.values()) {
      let list = this.annotationsByFile.get(annotation.file);
      if (!list) this.annotationsByFile.set(annotation.file, (list = []));
      list.push(annotation);
    }
  }

  /** Anchors what was not anchored as its article came: annotations of articles known unread, read late, or missing. */
  private anchorTheRest(): void {
    for (const annotation of this.index.annotations.values()) {
      if (!this.anchors.has(annotation.id)) this.anchors.set(annotation.id, this.anchorOne(annotation));
    }
  }

  /** Articles, then their problems (refused files last), in the order the build listed them. */
  private putInOrder(byOrder: (a: string, b: string) => number): void {
    const reorder = <T>(map: Map<string, T>, rank: (path: string) => number = () => 0): void => {
      const entries = [...map].sort(([a], [b]) => rank(a) - rank(b) || byOrder(a, b));
      map.clear();
      for (const [path, value] of entries) map.set(path, value);
    };
    reorder(this.articles);
    reorder(this.articleProblems, (path) => (this.refusedFiles.has(path) ? 1 : 0));
  }

  /**
   * An article taken from the cache: its text is read when first asked for. If the file no longer
   * holds the bytes the cache answered for (changed since, and no watcher has said so yet), the
   * index takes the file as it is now, as it would on a change.
   */
  private storeKnown(path: string, known: KnownArticle, readFileSync: (path: string) => Uint8Array | undefined, mentions?: ActorMention[]): void {
    const load = (): string => {
      let bytes: Uint8Array | undefined;
      let refusal: FileRefusedError | undefined;
      try {
        bytes = readFileSync(path);
      } catch (error) {
        if (!(error instanceof FileRefusedError)) throw error;
        refusal = error;
      }
      const decoded = bytes && known.holds(bytes) ? decodeText(bytes) : undefined;
      if (decoded?.kind === 'text') return decoded.text;
      // An entry replaced meanwhile (an editor gave its text) is not the index's to change.
      if (this.articles.get(path) !== article) return bytes ? textOrEmpty(bytes) : '';
      this.dropArticle(path);
      if (refusal) this.refuseArticle(path, refusal.reason);
      else if (bytes === undefined) this.removeArticle(path);
      else this.setArticleBytes(path, bytes);
      return this.articles.get(path)?.text ?? '';
    };
    const article = new ArticleEntry(path, load, mentions, known.invalidUtf8, known);
    if (this.mentionsByActor) this.reindexMentions(path, this.articles.get(path)?.mentions ?? [], article.mentions);
    this.articles.set(path, article);
    this.setUtf8Problem(path, known.invalidUtf8);
  }

  get sidecar(): ParsedSidecar {
    return this.sidecarState;
  }

  get index(): MarginaliaIndex {
    return this.sidecarState.index;
  }

  /** Replaces the sidecar (after an edit or a change on disk): mentions and anchors are recomputed. */
  setSidecar(parsed: ParsedSidecar): void {
    const previousActors = this.sidecarState.index.actors;
    const previousAnnotations = this.sidecarState.index.annotations;
    this.sidecarState = parsed;
    this.sidecarLines = undefined;
    this.crossReferences = undefined;
    if (!sameAliases(previousActors, parsed.index.actors)) {
      this.matcherNow = undefined;
      for (const article of this.articles.values()) article.mentions = this.matcher.findMentions(article.text);
      this.mentionsByActor = undefined;
    }
    this.reanchorAll(previousAnnotations);
  }

  /** Sets one article's text (opened, edited, or changed on disk) and re-indexes only that file. */
  /** Returns false, and does nothing, when the index already holds this text. */
  setArticleText(path: string, text: string): boolean {
    // A refused file stays unread even when an editor shows it: its text is not the corpus's.
    if (this.refusedFiles.has(path)) return false;
    const current = this.articles.get(path);
    if (current?.holdsText(text)) return false;
    this.storeArticle(path, text, false);
    this.reanchorFile(path);
    return true;
  }

  /** Sets one article from its bytes on disk. Returns false when nothing changed. */
  setArticleBytes(path: string, bytes: Uint8Array, reanchor = true): boolean {
    const decoded = decodeText(bytes);
    const current = this.articles.get(path);
    this.refusedFiles.delete(path);
    if (decoded.kind === 'text' && current?.holdsBytes(bytes, decoded)) return false;
    if (decoded.kind === 'binary') this.storeBinary(path);
    else this.storeArticle(path, decoded.text, decoded.invalidUtf8, bytes);
    if (reanchor) this.reanchorFile(path);
    return true;
  }

  /** Forgets a deleted article; its annotations become orphaned, never deleted. */
  removeArticle(path: string): void {
    this.dropArticle(path);
    this.articleProblems.delete(path);
    this.refusedFiles.delete(path);
    this.reanchorFile(path);
  }

  /**
   * Records a file that exists but was not read (`reason` completes "it is not read: …"): an error
   * on that file, and its annotations are orphaned (kept, never deleted), so nothing is stored from it.
   */
  refuseArticle(path: string, reason: string, reanchor = true): void {
    this.dropArticle(path);
    this.refusedFiles.set(path, reason);
    this.articleProblems.set(path, [{ severity: 'error', code: 'not-read', message: `${path} is not read: ${reason}`, file: path, range: { start: 0, end: 0 } }]);
    if (reanchor) this.reanchorFile(path);
  }

  /** Why a file of the corpus was not read, or undefined when it was (or does not exist). */
  refusalOf(path: string): string | undefined {
    return this.refusedFiles.get(path);
  }

  private dropArticle(path: string): void {
    const old = this.articles.get(path);
    this.articles.delete(path);
    if (old && this.mentionsByActor) this.reindexMentions(path, old.mentions, []);
  }

  private storeBinary(path: string): void {
    this.dropArticle(path);
    this.articleProblems.set(path, [{ severity: 'warning', code: 'binary-file', message: `${path} looks binary (it holds NUL bytes); it is not indexed`, file: path, range: { start: 0, end: 0 } }]);
  }

  /** `mentions` when they were found already (by an {@link ArticleReader}). */
  private storeArticle(path: string, text: string, invalidUtf8: boolean, bytes?: Uint8Array, mentions?: ActorMention[]): void {
    const article = new ArticleEntry(path, text, mentions ?? this.findMentions(path, text, bytes), invalidUtf8);
    if (this.mentionsByActor) this.reindexMentions(path, this.articles.get(path)?.mentions ?? [], article.mentions);
    this.articles.set(path, article);
    this.setUtf8Problem(path, invalidUtf8);
  }

  private setUtf8Problem(path: string, invalidUtf8: boolean): void {
    if (invalidUtf8) {
      this.articleProblems.set(path, [{ severity: 'warning', code: 'not-utf8', message: `${path} is not valid UTF-8; unreadable bytes are shown as �`, file: path, range: { start: 0, end: 0 } }]);
    } else this.articleProblems.delete(path);
  }

  /** An article's mentions: from the cache while building, when it has them for these bytes. */
  private findMentions(path: string, text: string, bytes: Uint8Array | undefined): ActorMention[] {
    const cache = bytes && this.mentionCache;
    const cached = cache ? ignoreFailure(() => cache.get(path, bytes)) : undefined;
    if (cached) return cached;
    const found = this.matcher.findMentions(text);
    if (cache) ignoreFailure(() => cache.set(path, bytes, found));
    return found;
  }

  /** Keeps the by-actor mention index (if built) current when one file's mentions change. */
  private reindexMentions(path: string, before: readonly ActorMention[], after: readonly ActorMention[]): void {
    if (!this.mentionsByActor) return;
    for (const m of before) this.mentionsByActor.get(m.actorId)?.delete(path);
    for (const m of after) {
      let byFile = this.mentionsByActor.get(m.actorId);
      if (!byFile) this.mentionsByActor.set(m.actorId, (byFile = new Map()));
      let list = byFile.get(path);
      if (!list) byFile.set(path, (list = []));
      list.push(m);
    }
  }

  /** Anchors every annotation; one whose selector is as it was in `previous` keeps its anchor (articles have not changed). */
  private reanchorAll(previous: ReadonlyMap<string, Annotation>): void {
    const kept = new Map(this.anchors);
    this.anchors.clear();
    this.groupAnnotations();
    for (const annotation of this.index.annotations.values()) {
      const before = previous.get(annotation.id);
      const known = before && sameSelector(before, annotation) ? kept.get(annotation.id) : undefined;
      this.anchors.set(annotation.id, known ?? this.anchorOne(annotation));
    }
  }

  private reanchorFile(path: string): void {
    for (const annotation of this.annotationsByFile.get(path) ?? []) this.anchors.set(annotation.id, this.anchorOne(annotation));
  }

  private anchorOne(annotation: Annotation): AnchorResult {
    const article = this.articles.get(annotation.file);
    if (!article) return { status: 'orphaned', confidence: 0 };
    // An article not read: its exact anchors are known; any other selector needs its text.
    if (article.known) {
      const exact = article.known.exactAnchor(annotation);
      if (exact) return { status: 'exact', range: { start: exact.start, end: exact.end }, confidence: 1 };
      article.anchoredFromText = true;
    }
    return anchor(annotation, article.text);
  }

  article(path: string): ArticleEntry | undefined {
    return this.articles.get(path);
  }

  articlePaths(): string[] {
    return [...this.articles.keys()].sort();
  }

  /**
   * What to call an article: the sidecar's `title`, else its headline (see `headlineOf`);
   * undefined when it has neither, and callers show the path.
   */
  titleOf(path: string): string | undefined {
    const title = this.index.documents.get(path)?.title?.trim();
    if (title) return title;
    const article = this.articles.get(path);
    const headline = article?.known ? article.known.headline : article ? headlineOf(article.text) : undefined;
    // A headline with unreadable bytes (shown as �) is not what was written: the path says more.
    return article?.invalidUtf8 && headline?.includes('\uFFFD') ? undefined : headline;
  }

  /** Where an annotation anchors now. */
  anchorOf(annotationId: string): AnchorResult | undefined {
    return this.anchors.get(annotationId);
  }

  /** The zero-based line where an annotation's passage starts now; undefined when orphaned or ambiguous. */
  anchorLine(annotationId: string): number | undefined {
    const range = this.anchors.get(annotationId)?.range;
    const file = this.index.annotations.get(annotationId)?.file;
    const article = file === undefined ? undefined : this.articles.get(file);
    return range && article ? article.lines.positionAt(range.start).line : undefined;
  }

  /**
   * Where an annotation's passage is, for people: `a.txt:12`, or `a.txt (orphaned)` /
   * `a.txt (ambiguous)` when it has no single place now.
   */
  placeOf(annotationId: string): string | undefined {
    const annotation = this.index.annotations.get(annotationId);
    if (!annotation) return undefined;
    const line = this.anchorLine(annotationId);
    if (line !== undefined) return `${annotation.file}:${line + 1}`;
    return `${annotation.file} (${this.anchors.get(annotationId)?.status === 'ambiguous' ? 'ambiguous' : 'orphaned'})`;
  }

  /** The links that point at an annotation (its backlinks), in sidecar order. */
  linksTo(annotationId: string): readonly Backlink[] {
    return this.references().linksTo(annotationId);
  }

  /** Passages linked to or from an annotation, then those sharing its actors or tags; each once. */
  relatedPassages(annotationId: string): RelatedPassage[] {
    return this.references().related(annotationId);
  }

  private references(): CrossReferences {
    return (this.crossReferences ??= new CrossReferences(this.index));
  }

  /** Every annotation with its anchor, in sidecar order. */
  anchoredAnnotations(): AnchoredAnnotation[] {
    return [...this.index.annotations.values()].map((annotation) => ({ annotation, result: this.anchors.get(annotation.id) ?? { status: 'orphaned', confidence: 0 } }));
  }

  /** The annotations of one file with their anchors, in sidecar order. */
  annotationsOf(path: string): AnchoredAnnotation[] {
    return (this.annotationsByFile.get(path) ?? []).map((annotation) => ({ annotation, result: this.anchors.get(annotation.id) ?? { status: 'orphaned', confidence: 0 } }));
  }

  /** Annotations of one file whose passage covers `offset`, innermost first. */
  annotationsAt(path: string, offset: number): AnchoredAnnotation[] {
    return this.annotationsOf(path)
      .filter(({ result }) => result.range && result.range.start <= offset && offset <= result.range.end)
      .sort((a, b) => rangeLength(a.result.range) - rangeLength(b.result.range));
  }

  /** The mention at an offset of a file, if any (binary search: mentions are sorted and disjoint). */
  mentionAt(path: string, offset: number): ActorMention | undefined {
    const mentions = this.articles.get(path)?.mentions;
    if (!mentions) return undefined;
    let low = 0;
    let high = mentions.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const m = mentions[mid];
      if (offset < m.start) high = mid - 1;
      else if (offset > m.end) low = mid + 1;
      else return m;
    }
    return undefined;
  }

  /** Every mention of one actor, by file (in no particular order). */
  mentionsOf(actorId: string): ReadonlyMap<string, readonly ActorMention[]> {
    if (!this.mentionsByActor) {
      this.mentionsByActor = new Map();
      for (const path of this.articlePaths()) this.reindexMentions(path, [], this.articles.get(path)!.mentions);
    }
    return this.mentionsByActor.get(actorId) ?? new Map();
  }

  /** Mention counts per actor per file: actor id → file → count (actors in sidecar order, files sorted). */
  mentionCounts(): Map<string, Map<string, number>> {
    const counts = new Map<string, Map<string, number>>();
    for (const actorId of this.index.actors.keys()) counts.set(actorId, new Map());
    for (const path of this.articlePaths()) {
      this.articles.get(path)!.forEachMentionActor((actorId) => {
        const perFile = counts.get(actorId);
        perFile?.set(path, (perFile.get(path) ?? 0) + 1);
      });
    }
    for (const [actorId, perFile] of counts) if (perFile.size === 0) counts.delete(actorId);
    return counts;
  }

  /** Everything `marginalia check` reports: sidecar, references, anchors and unreadable articles. */
  problems(): Problem[] {
    const problems = [...this.sidecarState.problems];
    if (this.sidecarState.invalid) return problems;
    problems.push(...checkReferences(this.index, this.sidecarPath, (path) => this.articles.has(path), (path) => this.refusedFiles.get(path)));
    for (const { annotation, result } of this.anchoredAnnotations()) {
      if (!this.articles.has(annotation.file)) continue; // already reported as a missing file
      if (result.status === 'exact') continue;
      // Read only for a problem: a span may be pending (the fast reader), and reading thousands makes `yaml` read the whole sidecar.
      const where = annotation.span;
      if (result.status === 'orphaned') {
        this.push(problems, 'error', 'orphaned', `annotation "${annotation.id}" is orphaned: its quote is no longer in ${annotation.file} (kept, not deleted)`, where);
      } else if (result.status === 'ambiguous') {
        this.push(problems, 'error', 'ambiguous-anchor', `annotation "${annotation.id}" is ambiguous: its quote is on ${this.candidatesText(annotation.file, result.candidates ?? [])}; store a prefix, suffix or start to choose one (kept, not anchored)`, where);
      } else if (result.status === 'fuzzy') {
        this.push(problems, 'warning', 'fuzzy-anchor', `annotation "${annotation.id}" matched only approximately (${similarityPercent(result.confidence)}% similar); run reanchor to accept the new text`, where);
      } else if (result.status === 'moved') {
        this.push(problems, 'info', 'moved-anchor', `annotation "${annotation.id}" moved to offset ${result.range?.start}; run reanchor to store the new position`, where);
      }
    }
    for (const list of this.articleProblems.values()) problems.push(...list);
    return problems;
  }

  /** One-based lines (line:column where two copies share a line) of an ambiguous annotation's candidates. */
  candidateLines(file: string, candidates: readonly OffsetRange[]): string[] {
    const lines = this.articles.get(file)?.lines;
    if (!lines) return [];
    const positions = candidates.map((c) => lines.positionAt(c.start));
    const shared = new Set(positions.map((p) => p.line)).size < positions.length;
    return positions.map((p) => (shared ? `${p.line + 1}:${p.character + 1}` : `${p.line + 1}`));
  }

  /** "3 and 17", or "1, 2, … 10 and 5 more": the lines of an ambiguous annotation's candidates, at most ten named. */
  candidateLinesText(file: string, candidates: readonly OffsetRange[]): string {
    const shown = this.candidateLines(file, candidates.slice(0, MAX_LINES_NAMED));
    const more = candidates.length - shown.length;
    if (more > 0) return `${shown.join(', ')} and ${more} more`;
    return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : shown.join('');
  }

  /** "lines 3 and 17 of a.txt (2 copies)". */
  private candidatesText(file: string, candidates: readonly OffsetRange[]): string {
    // The lines first: a Problems panel row is cut at its width.
    return `lines ${this.candidateLinesText(file, candidates)} of ${file} (${candidates.length} copies)`;
  }

  /**
   * Whether a problem has a place to point at: a missing sidecar, or an article that was not read
   * (missing, refused, binary), has no line and column — only its file.
   */
  hasPosition(problem: Problem): boolean {
    return problem.code !== 'no-sidecar' && (problem.file === this.sidecarPath || this.articles.has(problem.file));
  }

  /** Zero-based start and end line/column of a problem, in the sidecar or in its article. */
  locate(problem: Problem): { start: LineColumn; end: LineColumn } {
    let lines: LineIndex | undefined;
    if (problem.file === this.sidecarPath) lines = this.sidecarLines ??= new LineIndex(this.sidecarState.text);
    else lines = this.articles.get(problem.file)?.lines;
    if (!lines) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: lines.positionAt(problem.range.start), end: lines.positionAt(problem.range.end) };
  }

  private push(problems: Problem[], severity: Problem['severity'], code: string, message: string, range: OffsetRange): void {
    problems.push({ severity, code, message, file: this.sidecarPath, range });
  }
}

/** A string that shares no memory with the one it was cut from (V8 keeps a slice as a view of the whole). */
function detached(text: string | undefined): string | undefined {
  return text === undefined ? undefined : (JSON.parse(JSON.stringify(text)) as string);
}

function textOrEmpty(bytes: Uint8Array): string {
  const decoded = decodeText(bytes);
  return decoded.kind === 'text' ? decoded.text : '';
}

/** Runs a cache operation whose failure only means nothing is cached. */
function ignoreFailure<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

function rangeLength(range: OffsetRange | undefined): number {
  return range ? range.end - range.start : Infinity;
}

/** Mentions depend only on aliases, exclusions and case; other actor edits need no re-match. */
function sameAliases(a: Map<string, Actor>, b: Map<string, Actor>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, actor] of a) {
    const other = b.get(id);
    if (!other || other.matchCase !== actor.matchCase || other.aliases.join('\n') !== actor.aliases.join('\n') || other.exclude.join('\n') !== actor.exclude.join('\n')) return false;
  }
  return true;
}

function sameSelector(a: Annotation, b: Annotation): boolean {
  return a === b || (a.file === b.file && a.quote === b.quote && a.prefix === b.prefix && a.suffix === b.suffix && a.start === b.start);
}

