/**
 * Keeps the index of one corpus (workspace folder) current: typing in an article re-indexes it after a short pause; saves,
 * closes, and changes on disk (another editor, git) reach the index; a sidecar created in a
 * workspace without one starts indexing.
 */
import * as vscode from 'vscode';
import { ARTICLE_GLOB } from '../core/workspace';
import { CorpusService } from './corpusService';
import { MarginaliaSettings } from './settings';

/** Typing in an article re-indexes it after this pause. */
const LIVE_EDIT_DELAY_MS = 120;

export function registerCorpusWatchers(service: CorpusService, settings: () => MarginaliaSettings): vscode.Disposable {
  const pendingLiveEdits = new Map<string, ReturnType<typeof setTimeout>>();
  const cancelLiveEdit = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(pendingLiveEdits.get(key));
    pendingLiveEdits.delete(key);
  };
  const scheduleLiveEdit = (document: vscode.TextDocument): void => {
    const here = service.articleAt(document.uri);
    if (!here || here.article?.text === document.getText()) return; // opened, or language switched: nothing new
    cancelLiveEdit(document);
    pendingLiveEdits.set(document.uri.toString(), setTimeout(() => {
      pendingLiveEdits.delete(document.uri.toString());
      service.takeEditorText(document);
    }, LIVE_EDIT_DELAY_MS));
  };

  let fileWatchers: vscode.Disposable | undefined;
  const unwatchFiles = (): void => {
    fileWatchers?.dispose();
    fileWatchers = undefined;
  };
  const watchFiles = (root: vscode.Uri | undefined): void => {
    unwatchFiles();
    const indexFile = settings().indexFile;
    fileWatchers = root ? watchCorpusFolder(service, root, indexFile) : watchForSidecar(service, indexFile);
    // Nothing was watched while the load ran: a sidecar saved, deleted or created after the load
    // read (or looked for) it would otherwise be missed until its next change.
    if (root) void service.reloadSidecarFromDisk();
    else void vscode.workspace.fs.stat(vscode.Uri.joinPath(service.folder.uri, ...indexFile.split('/'))).then(() => service.reload(), () => undefined);
  };

  return vscode.Disposable.from(
    service.onWillLoad(unwatchFiles),
    service.onDidLoad(watchFiles),
    vscode.workspace.onDidChangeTextDocument((event) => scheduleLiveEdit(event.document)),
    vscode.workspace.onDidOpenTextDocument(scheduleLiveEdit),
    vscode.workspace.onDidCloseTextDocument((document) => {
      cancelLiveEdit(document);
      // Closed without saving: the disk is the truth again.
      if (service.articlePathOf(document.uri) !== undefined) void service.articleChangedOnDisk(document.uri);
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      cancelLiveEdit(document);
      void service.articleSaved(document);
    }),
    {
      dispose: () => {
        unwatchFiles();
        for (const timer of pendingLiveEdits.values()) clearTimeout(timer);
      },
    },
  );
}

/** The corpus folder (the sidecar's): the sidecar, and articles created, changed or deleted on disk. */
function watchCorpusFolder(service: CorpusService, root: vscode.Uri, indexFile: string): vscode.Disposable {
  // The root is the sidecar's own folder, so the pattern is its bare name.
  const sidecar = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, indexFile.split('/').pop()!));
  const reloadSidecar = (): void => void service.reloadSidecarFromDisk();
  const articles = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, ARTICLE_GLOB));
  const articleChanged = (uri: vscode.Uri): void => void service.articleChangedOnDisk(uri);
  return vscode.Disposable.from(
    sidecar, sidecar.onDidChange(reloadSidecar), sidecar.onDidCreate(reloadSidecar), sidecar.onDidDelete(reloadSidecar),
    articles, articles.onDidChange(articleChanged), articles.onDidCreate(articleChanged), articles.onDidDelete((uri) => service.articleDeleted(uri)),
  );
}

/** The folder has no sidecar: it becomes a corpus as soon as someone creates one. */
function watchForSidecar(service: CorpusService, indexFile: string): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(service.folder, indexFile), false, true, true);
  return vscode.Disposable.from(watcher, watcher.onDidCreate(() => void service.reload()));
}
