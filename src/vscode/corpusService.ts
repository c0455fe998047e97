/**
 * Owns the corpus index of one workspace folder (corpora.ts holds one per folder): builds it off
 * the activation path with a progress notification, keeps it current as articles and the sidecar
 * change (in editors, on disk, from git), and is the one door through which the extension edits
 * the sidecar.
 */
import * as vscode from 'vscode';
import { ArticleEntry, CorpusIndex, SidecarParser } from '../core/corpus';
import { IndexCache, IndexCacheCounts } from '../core/indexCache';
import { planReanchor } from '../core/reanchor';
import { SidecarEdit, SidecarEditError } from '../core/sidecar/edits';
import { ParsedSidecar } from '../core/sidecar/read';
import { editSidecar, readSidecarText, SidecarConflictError } from '../core/sidecar/store';
import { SidecarVerificationError } from '../core/sidecar/verify';
import { LineIndex, stripBom } from '../core/text';
import { FileRefusedError, isArticlePath } from '../core/workspace';
import { IdReservations } from './idReservations';
import { MarginaliaSettings } from './settings';
import { VscodeCorpusFileSystem } from './vscodeFileSystem';

/** The index cache of one corpus folder, with what it answered and a way to keep what was learnt. */
export interface SavedIndexCache extends IndexCache {
  readonly counts: Readonly<IndexCacheCounts>;
  save(): Promise<void>;
}

/** An article of the corpus, with the index that knows it. */
export interface CorpusArticle {
  corpus: CorpusIndex;
  /** The corpus (workspace folder) the article belongs to. */
  service: CorpusService;
  path: string;
  /** Undefined while the index holds no text for it (created and not read yet, refused, binary). */
  article: ArticleEntry | undefined;
}

/** What changed: the sidecar (everything may differ) or one article. */
export type CorpusChange = { kind: 'sidecar' } | { kind: 'article'; path: string };

interface LoadedCorpus {
  fs: VscodeCorpusFileSystem;
  corpus: CorpusIndex;
  sidecarUri: vscode.Uri;
}

/**
 * The sidecar on disk stopped parsing (a half-typed edit, autosaved): the index still serves the
 * last version that parsed, and nothing is written until the file parses again.
 */
export interface StaleSidecar {
  /** Why, for views and messages: `marginalia.yaml has errors (line 12)`. */
  reason: string;
  /** The text on disk that does not parse, with its problems (offsets into its own text). */
  broken: ParsedSidecar;
  /** Zero-based line of its first error. */
  line: number;
}

/**
 * Edits planned on the sidecar as it is when they are queued. A write that is refused keeps its
 * plan, so that Retry plans them again on the sidecar as it is then (a new id may be free or taken).
 */
export type EditPlan = () => readonly SidecarEdit[];

export interface WriteOptions {
  /** What the user entered for this write: when it is refused, the warning offers Retry and keeps it. */
  retry?: boolean;
}

/** A write that was refused after the user entered what it writes, kept to retry. */
export interface RefusedWrite {
  reason: string;
  plan: EditPlan;
  /** A retry under way, and whether one wrote it: a second Retry (an old notification's) must not write it twice. */
  retrying?: Promise<boolean>;
  written?: boolean;
}

export class CorpusService implements vscode.Disposable {
  private loaded: LoadedCorpus | undefined;
  /** Edits are written one after another, each planned on the sidecar the one before left. */
  private editQueue: Promise<unknown> = Promise.resolve();
  private loading: Promise<void> = Promise.resolve();
  private readonly changeEmitter = new vscode.EventEmitter<CorpusChange>();
  private readonly writeStatusEmitter = new vscode.EventEmitter<void>();
  private readonly willLoadEmitter = new vscode.EventEmitter<void>();
  private readonly loadEmitter = new vscode.EventEmitter<vscode.Uri | undefined>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter, this.writeStatusEmitter];
  private staleState: StaleSidecar | undefined;
  private refusedWrite: RefusedWrite | undefined;
  private readonly reservedIds = new IdReservations();

  readonly onDidChange = this.changeEmitter.event;
  /** The index became stale or fresh again, or a refused write was kept or let go. */
  readonly onDidChangeWriteStatus = this.writeStatusEmitter.event;
  /** A (re)load begins: until it ends, file changes are not followed (the load reads everything). */
  readonly onWillLoad = this.willLoadEmitter.event;
  /**
   * A (re)load ended, with the corpus root (the sidecar's folder), or undefined when no workspace
   * folder has a sidecar: the file watchers follow it (corpusWatchers.ts).
   */
  readonly onDidLoad = this.loadEmitter.event;

  /** What the last load took from the index cache (undefined without one): for the log and tests. */
  lastLoadCache: Readonly<IndexCacheCounts> | undefined;

  /** Bumped whenever the sidecar in the index changes: a slower reload that started before is dropped. */
  private sidecarGeneration = 0;

  /** `parseSidecar` may parse elsewhere (the extension uses a worker thread for large sidecars). */
  constructor(
    /** The workspace folder whose sidecar this corpus is. */
    readonly folder: vscode.WorkspaceFolder,
    private readonly settings: () => MarginaliaSettings,
    private readonly parseSidecar: SidecarParser,
    private readonly log: vscode.LogOutputChannel,
    /** The index kept from the last load of a corpus folder, stored outside it; none where it cannot be. */
    private readonly openCache: (root: vscode.Uri) => Promise<SavedIndexCache | undefined> = async () => undefined,
  ) {
    this.disposables.push(this.willLoadEmitter, this.loadEmitter);
  }

  /** Starts (or restarts) indexing; resolves when the index is built. */
  reload(): Promise<void> {
    this.loading = this.loading.then(() => this.load()).catch((error) => {
      void vscode.window.showErrorMessage(`Marginalia could not index the corpus: ${error instanceof Error ? error.message : error}`);
    });
    return this.loading;
  }

  /** Resolves once the index reflects everything asked of it so far. */
  async whenReady(): Promise<void> {
    await this.loading;
  }

  /** Names this corpus among the window's (its workspace folder's URI): tree nodes and passage links carry it. */
  get key(): string {
    return this.folder.uri.toString();
  }

  /** The corpus's name for people: its workspace folder's. */
  get name(): string {
    return this.folder.name;
  }

  get corpus(): CorpusIndex | undefined {
    return this.loaded?.corpus;
  }

  get sidecarUri(): vscode.Uri | undefined {
    return this.loaded?.sidecarUri;
  }

  /** Set while the sidecar on disk does not parse and the index shows the last version that did. */
  get stale(): StaleSidecar | undefined {
    return this.staleState;
  }

  /** The last write refused after the user entered it, until it is retried or another one replaces it. */
  get refused(): RefusedWrite | undefined {
    return this.refusedWrite;
  }

  /** Whether a new annotation may take this id: not in the index, nor added by a queued edit. */
  isAnnotationIdTaken(id: string): boolean {
    return this.corpus?.index.annotations.has(id) === true || this.reservedIds.has('annotations', id);
  }

  /** Whether a new actor may take this id: not in the index, nor added by a queued edit. */
  isActorIdTaken(id: string): boolean {
    return this.corpus?.index.actors.has(id) === true || this.reservedIds.has('actors', id);
  }

  /**
   * Why an edit cannot be written now, or undefined when it can as far as can be known before
   * trying (a change on disk is only found when writing). Commands ask this before they prompt.
   */
  whyCannotWrite(): string | undefined {
    const loaded = this.loaded;
    if (!loaded) return `no ${this.settings().indexFile} is loaded in ${this.folder.name}.`;
    if (!vscode.workspace.isTrusted) return 'the workspace is not trusted (Restricted Mode), so the index is read-only.';
    const name = vscode.workspace.asRelativePath(loaded.sidecarUri);
    if (this.staleState) return `${this.staleState.reason}, so nothing is written to it until it parses again (the views show the last version that parsed).`;
    if (loaded.corpus.sidecar.invalid) return `${name} has errors (see the Problems panel); fix them before Marginalia writes to it.`;
    const sidecarDocument = vscode.workspace.textDocuments.find((d) => d.uri.toString() === loaded.sidecarUri.toString());
    if (sidecarDocument?.isDirty) return `${name} has unsaved changes; save or revert it first.`;
    return undefined;
  }

  /** Says why nothing can be written, before a command asks the user anything; true when it can write. */
  checkCanWrite(): boolean {
    const why = this.whyCannotWrite();
    return why === undefined || this.refuse('warn', why);
  }

  /**
   * The corpus article a URI is, with the index that knows it; undefined when the URI is not one of
   * this corpus's articles (or no corpus is loaded).
   */
  articleAt(uri: vscode.Uri): CorpusArticle | undefined {
    const loaded = this.loaded;
    const path = loaded?.fs.pathOf(uri);
    if (!loaded || path === undefined) return undefined;
    const article = loaded.corpus.article(path);
    return article || isArticlePath(path) ? { corpus: loaded.corpus, service: this, path, article } : undefined;
  }

  /** The corpus path of an article URI, or undefined when it is not one of this corpus's articles. */
  articlePathOf(uri: vscode.Uri): string | undefined {
    return this.articleAt(uri)?.path;
  }

  uriOf(corpusPath: string): vscode.Uri | undefined {
    return this.loaded?.fs.uriOf(corpusPath);
  }

  private async load(): Promise<void> {
    this.willLoadEmitter.fire();
    const previous = this.loaded;
    this.loaded = undefined;
    this.setStale(undefined);
    const indexFile = this.settings().indexFile;
    // The folder's sidecar makes it a corpus; each workspace folder is its own (corpora.ts).
    const sidecarUri = vscode.Uri.joinPath(this.folder.uri, ...indexFile.split('/'));
    const exists = await vscode.workspace.fs.stat(sidecarUri).then(() => true, () => false);
    const found = exists ? { sidecarUri } : undefined;
    if (!found) {
      this.log.info(`no ${indexFile} in ${this.folder.name}: waiting for one to be created`);
      this.loadEmitter.fire(undefined);
      this.changeEmitter.fire({ kind: 'sidecar' });
      return;
    }
    // The corpus root is the sidecar's folder: paths in the sidecar are relative to it.
    const root = vscode.Uri.joinPath(found.sidecarUri, '..');
    const fs = new VscodeCorpusFileSystem(root);
    const sidecarPath = fs.pathOf(found.sidecarUri)!;
    const started = performance.now();
    const corpus = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Marginalia: indexing the corpus…' },
      async () => {
        const cache = await this.openCache(root).catch(() => undefined);
        const built = await CorpusIndex.build(fs, sidecarPath, this.parseSidecar, cache);
        this.lastLoadCache = cache?.counts;
        // Kept for the next load; a cache that cannot be written is only a slower next load.
        void cache?.save().catch(() => undefined);
        return built;
      },
    );
    // Reloaded while the sidecar does not parse: keep serving the last version that did.
    const lastGood = previous && !previous.corpus.sidecar.invalid && previous.sidecarUri.toString() === found.sidecarUri.toString() ? previous.corpus.sidecar : undefined;
    if (corpus.sidecar.invalid && lastGood) {
      const broken = corpus.sidecar;
      corpus.setSidecar(lastGood);
      this.setStale(this.staleFor(broken, found.sidecarUri));
    }
    const { index } = corpus;
    const cached = this.lastLoadCache;
    const reused = cached ? ` (from the cache: ${cached.sidecarHits ? 'the sidecar\'s parse, ' : ''}the mentions of ${cached.mentionHits + cached.articlesUnread} articles, ${cached.articlesUnread} of them not read)` : '';
    this.log.info(`indexed ${corpus.articlePaths().length} articles, ${index.actors.size} actors and ${index.annotations.size} annotations of ${vscode.workspace.asRelativePath(found.sidecarUri)} in ${Math.round(performance.now() - started)} ms${reused}`);
    this.loaded = { fs, corpus, sidecarUri: found.sidecarUri };
    // Open editors hold the text the user sees, which may be ahead of the disk.
    for (const document of vscode.workspace.textDocuments) {
      const path = this.articlePathOf(document.uri);
      if (path !== undefined && document.isDirty) corpus.setArticleText(path, document.getText());
    }
    this.loadEmitter.fire(root);
    this.changeEmitter.fire({ kind: 'sidecar' });
  }

  /** The sidecar changed outside Marginalia (an editor, git): take the new text unless it is ours. */
  async reloadSidecarFromDisk(): Promise<void> {
    const loaded = this.loaded;
    if (!loaded) return this.reload();
    const path = loaded.fs.pathOf(loaded.sidecarUri)!;
    // Taken before reading: an edit saved while this reads or parses makes what it read stale.
    const generation = ++this.sidecarGeneration;
    const raw = await readSidecarText(loaded.fs, path);
    if (raw === undefined) return this.reload();
    if (stripBom(raw) === loaded.corpus.sidecar.text) return this.setStale(undefined); // back to the version shown
    if (stripBom(raw) === this.staleState?.broken.text) return;
    const parsed = await this.parseSidecar(raw, path);
    if (this.loaded !== loaded || generation !== this.sidecarGeneration) return;
    if (parsed.invalid && !loaded.corpus.sidecar.invalid) {
      // A half-typed edit (autosaved) must not blank every view: the last index that parsed stays.
      this.setStale(this.staleFor(parsed, loaded.sidecarUri));
      this.log.warn(`${this.staleState!.reason}: showing the last version that parsed until it parses again`);
      return;
    }
    loaded.corpus.setSidecar(parsed);
    this.setStale(undefined);
    this.changeEmitter.fire({ kind: 'sidecar' });
  }

  private staleFor(broken: ParsedSidecar, sidecarUri: vscode.Uri): StaleSidecar {
    const error = broken.problems.find((p) => p.severity === 'error') ?? broken.problems[0];
    const line = error ? new LineIndex(broken.text).positionAt(error.range.start).line : 0;
    return { reason: `${vscode.workspace.asRelativePath(sidecarUri)} has errors (line ${line + 1})`, broken, line };
  }

  private setStale(stale: StaleSidecar | undefined): void {
    if (stale === undefined && this.staleState === undefined) return;
    this.staleState = stale;
    this.writeStatusEmitter.fire();
  }

  /** An article changed on disk, or its editor closed without saving: the disk is the truth again. */
  async articleChangedOnDisk(uri: vscode.Uri): Promise<void> {
    const path = this.loaded?.fs.pathOf(uri);
    if (path === undefined || !this.loaded) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open?.isDirty) return; // the editor's unsaved text wins until it is saved or reverted
    const bytes = await this.loaded.fs.readFile(path).catch((error: unknown) => {
      if (error instanceof FileRefusedError) return error;
      throw error;
    });
    if (bytes instanceof FileRefusedError) this.loaded.corpus.refuseArticle(path, bytes.reason);
    else if (bytes === undefined) this.loaded.corpus.removeArticle(path);
    else if (!this.loaded.corpus.setArticleBytes(path, bytes)) return; // our own save, or a document merely closed
    this.changeEmitter.fire({ kind: 'article', path });
  }

  /** An article was deleted on disk. */
  articleDeleted(uri: vscode.Uri): void {
    const path = this.loaded?.fs.pathOf(uri);
    if (path === undefined || !this.loaded) return;
    this.loaded.corpus.removeArticle(path);
    this.changeEmitter.fire({ kind: 'article', path });
  }

  /** Takes an editor's text of an article (typed, not yet saved) into the index. */
  takeEditorText(document: vscode.TextDocument): void {
    const path = this.articlePathOf(document.uri);
    const corpus = this.loaded?.corpus;
    if (path === undefined || !corpus || document.isClosed) return;
    if (corpus.setArticleText(path, document.getText())) this.changeEmitter.fire({ kind: 'article', path });
  }

  /** After an article is saved, anchors that moved with their exact quote are stored back. */
  async articleSaved(document: vscode.TextDocument): Promise<void> {
    const path = this.articlePathOf(document.uri);
    const corpus = this.loaded?.corpus;
    if (path === undefined || !corpus) return;
    this.takeEditorText(document);
    if (!this.settings().saveMovedAnchors || !vscode.workspace.isTrusted) return;
    // Only exact quotes that moved are stored unasked; fuzzy matches wait for an explicit reanchor.
    const { edits } = planReanchor(corpus, { file: path, statuses: ['moved'] });
    if (edits.length === 0) return;
    // Nobody asked for this write: while the sidecar does not parse it waits for a later save, unannounced.
    if (this.staleState) this.log.info(`moved anchors in ${path} not stored: ${this.staleState.reason}`);
    else await this.applyEdits(edits);
  }

  /**
   * Applies edits to the sidecar and saves it, one write after another. Refuses in an untrusted
   * workspace, while the sidecar does not parse, over unsaved changes in an editor, and over a
   * change on disk it has not read. Returns whether it wrote.
   *
   * A plan is run at once (on the index as it is now) and the ids its edits add are reserved until
   * the write ends, so that a second command fired before this write lands picks another id. With
   * `retry`, a refusal keeps the plan and offers to run it again.
   */
  applyEdits(edits: readonly SidecarEdit[] | EditPlan, options: WriteOptions = {}): Promise<boolean> {
    const plan: EditPlan = typeof edits === 'function' ? edits : () => edits;
    return this.enqueue(plan, options.retry === true);
  }

  /** Runs the last refused write again, planned on the sidecar as it is now. */
  async retryRefused(): Promise<boolean> {
    const refused = this.refusedWrite;
    if (!refused) {
      void vscode.window.showInformationMessage('Marginalia: there is no refused edit to retry.');
      return false;
    }
    return this.retry(refused);
  }

  private retry(refused: RefusedWrite): Promise<boolean> {
    if (refused.written) {
      void vscode.window.showInformationMessage('Marginalia: that edit has been written already.');
      return Promise.resolve(false);
    }
    if (refused.retrying) return refused.retrying;
    const why = this.whyCannotWrite();
    if (why !== undefined) return Promise.resolve(this.refuse('warn', why, refused));
    const retrying = this.enqueue(refused.plan, true, refused).finally(() => {
      refused.retrying = undefined;
    });
    refused.retrying = retrying;
    return retrying;
  }

  private enqueue(plan: EditPlan, retryable: boolean, retrying?: RefusedWrite): Promise<boolean> {
    const edits = plan();
    const release = this.reservedIds.reserve(edits);
    const keep = retryable ? retrying ?? { reason: '', plan } : undefined;
    const result = this.editQueue.then(() => this.applyEditsNow(edits, keep)).finally(release);
    this.editQueue = result.catch(() => undefined);
    return result;
  }

  private async applyEditsNow(edits: readonly SidecarEdit[], keep: RefusedWrite | undefined): Promise<boolean> {
    await this.whenReady();
    const why = this.whyCannotWrite();
    if (why !== undefined) return this.refuse('warn', why, keep);
    const loaded = this.loaded!;
    const path = loaded.fs.pathOf(loaded.sidecarUri)!;
    try {
      const next = await editSidecar(loaded.fs, loaded.corpus.sidecar, path, edits);
      loaded.corpus.setSidecar(next);
      this.sidecarGeneration++;
      if (keep) keep.written = true;
      if (keep && this.refusedWrite === keep) this.setRefused(undefined);
      this.changeEmitter.fire({ kind: 'sidecar' });
      return true;
    } catch (error) {
      if (error instanceof SidecarConflictError) {
        await this.reloadSidecarFromDisk();
        return this.refuse('warn', `${error.message}. The new version is loaded now.`, keep);
      }
      // A failed proof is Marginalia's own bug, not the user's to fix: an error, not a warning.
      if (error instanceof SidecarVerificationError) return this.refuse('error', error.message, keep);
      if (error instanceof SidecarEditError) return this.refuse('warn', error.message, keep);
      return this.refuse('error', `could not save ${path}: ${error instanceof Error ? error.message : error}`, keep);
    }
  }

  /**
   * Says why an edit was not written — in a notification, and in the log where it stays. A write
   * the user entered is kept: the notification's Retry (or the Retry Refused Edit command) runs it again.
   */
  private refuse(level: 'warn' | 'error', message: string, keep?: RefusedWrite): false {
    this.log[level](`edit not written: ${message}`);
    const show = level === 'warn' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    if (!keep) {
      void show(`Marginalia: ${message}`);
      return false;
    }
    keep.reason = message;
    this.setRefused(keep);
    void show(`Marginalia: ${message} What you entered is kept: Retry once that is fixed.`, 'Retry').then((choice) => {
      if (choice === 'Retry') void this.retry(keep);
    });
    return false;
  }

  private setRefused(refused: RefusedWrite | undefined): void {
    this.refusedWrite = refused;
    this.writeStatusEmitter.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
