/**
 * Owns the corpus index of the workspace: builds it off the activation path with a progress
 * notification, keeps it current as articles and the sidecar change (in editors, on disk, from
 * git), and is the one door through which the extension edits the sidecar.
 */
import * as vscode from 'vscode';
import { CorpusIndex, SidecarParser } from '../core/corpus';
import { planReanchor } from '../core/reanchor';
import { SidecarEdit, SidecarEditError } from '../core/sidecar/edits';
import { editSidecar, readSidecarText, SidecarConflictError } from '../core/sidecar/store';
import { stripBom } from '../core/text';
import { ARTICLE_GLOB, FileRefusedError, isArticlePath } from '../core/workspace';
import { CONTEXT_KEYS } from './ids';
import { MarginaliaSettings } from './settings';
import { VscodeCorpusFileSystem } from './vscodeFileSystem';

/** What changed: the sidecar (everything may differ) or one article. */
export type CorpusChange = { kind: 'sidecar' } | { kind: 'article'; path: string };

interface LoadedCorpus {
  fs: VscodeCorpusFileSystem;
  corpus: CorpusIndex;
  sidecarUri: vscode.Uri;
}

/** Typing in an article re-indexes it after this pause. */
const LIVE_EDIT_DELAY_MS = 120;

export class CorpusService implements vscode.Disposable {
  private loaded: LoadedCorpus | undefined;
  /** Edits are written one after another, each planned on the sidecar the one before left. */
  private editQueue: Promise<unknown> = Promise.resolve();
  private loading: Promise<void> = Promise.resolve();
  private readonly changeEmitter = new vscode.EventEmitter<CorpusChange>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private watchers: vscode.Disposable[] = [];
  private readonly pendingLiveEdits = new Map<string, ReturnType<typeof setTimeout>>();

  readonly onDidChange = this.changeEmitter.event;

  /** Bumped whenever the sidecar in the index changes: a slower reload that started before is dropped. */
  private sidecarGeneration = 0;

  /** `parseSidecar` may parse elsewhere (the extension uses a worker thread for large sidecars). */
  constructor(
    private readonly settings: () => MarginaliaSettings,
    private readonly parseSidecar: SidecarParser,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((event) => this.scheduleLiveEdit(event.document)),
      vscode.workspace.onDidOpenTextDocument((document) => this.scheduleLiveEdit(document)),
      vscode.workspace.onDidCloseTextDocument((document) => void this.documentClosed(document)),
      vscode.workspace.onDidSaveTextDocument((document) => void this.documentSaved(document)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reload()),
    );
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

  get corpus(): CorpusIndex | undefined {
    return this.loaded?.corpus;
  }

  get sidecarUri(): vscode.Uri | undefined {
    return this.loaded?.sidecarUri;
  }

  /** The corpus path of an article URI, or undefined when it is not one of this corpus's articles. */
  articlePathOf(uri: vscode.Uri): string | undefined {
    const path = this.loaded?.fs.pathOf(uri);
    return path !== undefined && (isArticlePath(path) || this.loaded?.corpus.article(path)) ? path : undefined;
  }

  uriOf(corpusPath: string): vscode.Uri | undefined {
    return this.loaded?.fs.uriOf(corpusPath);
  }

  private async load(): Promise<void> {
    this.disposeWatchers();
    this.loaded = undefined;
    const indexFile = this.settings().indexFile;
    let found: { sidecarUri: vscode.Uri } | undefined;
    // The first workspace folder that has a sidecar is the corpus (one corpus per window).
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const sidecarUri = vscode.Uri.joinPath(folder.uri, ...indexFile.split('/'));
      const exists = await vscode.workspace.fs.stat(sidecarUri).then(() => true, () => false);
      if (exists) {
        found = { sidecarUri };
        break;
      }
    }
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.active, found !== undefined);
    if (!found) {
      // Start as soon as someone creates the sidecar.
      this.watchers = (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, indexFile), false, true, true);
        return [watcher, watcher.onDidCreate(() => void this.reload())];
      });
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
      () => CorpusIndex.build(fs, sidecarPath, this.parseSidecar),
    );
    const { index } = corpus;
    this.log.info(`indexed ${corpus.articlePaths().length} articles, ${index.actors.size} actors and ${index.annotations.size} annotations of ${vscode.workspace.asRelativePath(found.sidecarUri)} in ${Math.round(performance.now() - started)} ms`);
    this.loaded = { fs, corpus, sidecarUri: found.sidecarUri };
    // Open editors hold the text the user sees, which may be ahead of the disk.
    for (const document of vscode.workspace.textDocuments) {
      const path = this.articlePathOf(document.uri);
      if (path !== undefined && document.isDirty) corpus.setArticleText(path, document.getText());
    }
    this.watch(root);
    this.changeEmitter.fire({ kind: 'sidecar' });
  }

  private watch(root: vscode.Uri): void {
    // The root is the sidecar's own folder, so the pattern is its bare name.
    const sidecarName = this.settings().indexFile.split('/').pop()!;
    const sidecarWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, sidecarName));
    const reloadSidecar = (): void => void this.reloadSidecarFromDisk();
    const articles = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, ARTICLE_GLOB));
    const articleChanged = (uri: vscode.Uri): void => void this.articleChangedOnDisk(uri);
    this.watchers = [
      sidecarWatcher, sidecarWatcher.onDidChange(reloadSidecar), sidecarWatcher.onDidCreate(reloadSidecar), sidecarWatcher.onDidDelete(reloadSidecar),
      articles, articles.onDidChange(articleChanged), articles.onDidCreate(articleChanged),
      articles.onDidDelete((uri) => {
        const path = this.loaded?.fs.pathOf(uri);
        if (path === undefined || !this.loaded) return;
        this.loaded.corpus.removeArticle(path);
        this.changeEmitter.fire({ kind: 'article', path });
      }),
    ];
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
    if (stripBom(raw) === loaded.corpus.sidecar.text) return;
    const parsed = await this.parseSidecar(raw, path);
    if (this.loaded !== loaded || generation !== this.sidecarGeneration) return;
    loaded.corpus.setSidecar(parsed);
    this.changeEmitter.fire({ kind: 'sidecar' });
  }

  private async articleChangedOnDisk(uri: vscode.Uri): Promise<void> {
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

  private scheduleLiveEdit(document: vscode.TextDocument): void {
    const path = this.articlePathOf(document.uri);
    const corpus = this.loaded?.corpus;
    if (path === undefined || !corpus) return;
    if (corpus.article(path)?.text === document.getText()) return; // opened, or language switched: nothing new
    clearTimeout(this.pendingLiveEdits.get(path));
    this.pendingLiveEdits.set(path, setTimeout(() => {
      this.pendingLiveEdits.delete(path);
      if (document.isClosed || this.loaded?.corpus !== corpus) return;
      if (corpus.setArticleText(path, document.getText())) this.changeEmitter.fire({ kind: 'article', path });
    }, LIVE_EDIT_DELAY_MS));
  }

  private async documentClosed(document: vscode.TextDocument): Promise<void> {
    // Closed without saving: the disk is the truth again.
    if (this.articlePathOf(document.uri) !== undefined) await this.articleChangedOnDisk(document.uri);
  }

  /** After an article is saved, anchors that moved with their exact quote are stored back. */
  private async documentSaved(document: vscode.TextDocument): Promise<void> {
    const path = this.articlePathOf(document.uri);
    const corpus = this.loaded?.corpus;
    if (path === undefined || !corpus || !this.settings().saveMovedAnchors || !vscode.workspace.isTrusted) return;
    clearTimeout(this.pendingLiveEdits.get(path));
    if (corpus.setArticleText(path, document.getText())) this.changeEmitter.fire({ kind: 'article', path });
    // Only exact quotes that moved are stored unasked; fuzzy matches wait for an explicit reanchor.
    const { edits } = planReanchor(corpus, { file: path, statuses: ['moved'] });
    if (edits.length > 0) await this.applyEdits(edits);
  }

  /**
   * Applies edits to the sidecar and saves it. Refuses in an untrusted workspace, over unsaved
   * changes in an editor, and over a change on disk it has not read. Returns whether it wrote.
   */
  applyEdits(edits: readonly SidecarEdit[]): Promise<boolean> {
    const result = this.editQueue.then(() => this.applyEditsNow(edits));
    this.editQueue = result.catch(() => undefined);
    return result;
  }

  private async applyEditsNow(edits: readonly SidecarEdit[]): Promise<boolean> {
    await this.whenReady();
    const loaded = this.loaded;
    if (!loaded) return this.refuse('warn', `no ${this.settings().indexFile} in this workspace.`);
    if (!vscode.workspace.isTrusted) return this.refuse('warn', 'the workspace is not trusted, so the index is read-only.');
    const sidecarDocument = vscode.workspace.textDocuments.find((d) => d.uri.toString() === loaded.sidecarUri.toString());
    if (sidecarDocument?.isDirty) return this.refuse('warn', `${vscode.workspace.asRelativePath(loaded.sidecarUri)} has unsaved changes; save or revert it first.`);
    const path = loaded.fs.pathOf(loaded.sidecarUri)!;
    try {
      const next = await editSidecar(loaded.fs, loaded.corpus.sidecar, path, edits);
      loaded.corpus.setSidecar(next);
      this.sidecarGeneration++;
      this.changeEmitter.fire({ kind: 'sidecar' });
      return true;
    } catch (error) {
      if (error instanceof SidecarConflictError) {
        await this.reloadSidecarFromDisk();
        return this.refuse('warn', `${error.message}. The new version is loaded now.`);
      }
      if (error instanceof SidecarEditError) return this.refuse('warn', error.message);
      return this.refuse('error', `could not save ${path}: ${error instanceof Error ? error.message : error}`);
    }
  }

  /** Says why an edit was not written — in a notification, and in the log where it stays. */
  private refuse(level: 'warn' | 'error', message: string): false {
    this.log[level](`edit not written: ${message}`);
    void (level === 'warn' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage)(`Marginalia: ${message}`);
    return false;
  }

  private disposeWatchers(): void {
    for (const d of this.watchers) d.dispose();
    this.watchers = [];
  }

  dispose(): void {
    this.disposeWatchers();
    for (const timer of this.pendingLiveEdits.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}
