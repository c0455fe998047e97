/**
 * *Marginalia: Create Index*: a starter `marginalia.yaml` for a workspace folder of articles that
 * has none (what `marginalia init` writes), then the sidecar opened. The extension offers it once
 * per workspace when a folder has articles and no sidecar; *Don't Ask Again* is remembered.
 */
import * as vscode from 'vscode';
import { CorpusIndex } from '../core/corpus';
import { starterReadBackProblems, starterSidecar } from '../core/starter';
import { SuggestionCollector } from '../core/suggest';
import { ARTICLE_GLOB, FileChangedError, WriteRefusedError } from '../core/workspace';
import { Corpora } from './corpora';
import { COMMANDS } from './ids';
import { MarginaliaSettings, readSettings } from './settings';
import { VscodeCorpusFileSystem } from './vscodeFileSystem';

/** The workspaceState key that remembers *Don't Ask Again*. */
export const DONT_OFFER_KEY = 'marginalia.createIndex.dontAsk';

/** `.txt` files that tools write and no one reads as an article: they alone do not make a corpus. */
const NOT_ARTICLES = /^(?:requirements.*|constraints.*|cmakelists|licen[cs]e.*|copying.*|notice|authors|readme.*|changelog.*|robots|version|third[-_]party.*|dependencies)\.(?:txt|text)$/i;

/** How many article files are looked for before offering: enough to tell a corpus from a stray file. */
const LOOK_FOR = 50;

export interface CreateIndex {
  disposable: vscode.Disposable;
  /** Offers *Create Index* when no workspace folder has a sidecar and one has articles (call after the first load). */
  offer(): Promise<void>;
}

export function registerCreateIndex(corpora: Corpora, settings: () => MarginaliaSettings, workspaceState: vscode.Memento): CreateIndex {
  const create = async (folder?: vscode.WorkspaceFolder): Promise<vscode.Uri | undefined> => {
    folder ??= await pickFolder();
    if (!folder) return undefined;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Marginalia cannot create an index in Restricted Mode: trust this workspace to let it write files.');
      return undefined;
    }
    // The folder's own setting: each workspace folder may name its sidecar differently.
    const sidecarUri = vscode.Uri.joinPath(folder.uri, ...readSettings(folder).indexFile.split('/'));
    const root = vscode.Uri.joinPath(sidecarUri, '..');
    const sidecarName = sidecarUri.path.slice(root.path.length).replace(/^\//, '');
    const name = vscode.workspace.asRelativePath(sidecarUri);
    if (await exists(sidecarUri)) {
      void vscode.window.showInformationMessage(`${name} already exists; Create Index never overwrites it.`);
      await vscode.window.showTextDocument(sidecarUri);
      return sidecarUri;
    }
    const fileSystem = new VscodeCorpusFileSystem(root);
    const written = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Marginalia: creating ${name}`, cancellable: true },
      async (progress, token): Promise<boolean | undefined> => {
        const corpus = await CorpusIndex.build(fileSystem, sidecarName);
        const paths = corpus.articlePaths();
        if (paths.length === 0) {
          void vscode.window.showWarningMessage(`No articles (.txt, .text or .article files) in ${vscode.workspace.asRelativePath(root)}: nothing was written.`);
          return undefined;
        }
        // Recognition reads about 100 KB a second: one article at a time, so the window stays
        // responsive and a cancel stops it.
        const collector = new SuggestionCollector(corpus);
        for (const [i, path] of paths.entries()) {
          if (token.isCancellationRequested) return undefined;
          progress.report({ message: `looking for actors (${i + 1} of ${paths.length} articles)`, increment: 100 / paths.length });
          collector.addArticle(path);
          await new Promise((resolve) => setImmediate(resolve));
        }
        const starter = starterSidecar(corpus, collector.result({}).candidates);
        const problems = starterReadBackProblems(starter, sidecarName);
        if (problems.length > 0) {
          void vscode.window.showErrorMessage(`Marginalia did not write ${name}: the starter does not read back as written (${problems[0]}).`);
          return undefined;
        }
        try {
          await fileSystem.writeFileAtomic(sidecarName, new TextEncoder().encode(starter.text), { expected: null });
          return true;
        } catch (error) {
          if (error instanceof FileChangedError) return false;
          if (!(error instanceof WriteRefusedError)) throw error;
          void vscode.window.showErrorMessage(`Marginalia did not write ${name}: ${error.message}`);
          return undefined;
        }
      },
    );
    if (written === undefined) return undefined;
    if (!written) void vscode.window.showWarningMessage(`${name} appeared while the starter was being written; it was left as it is.`);
    await corpora.byKey(folder.uri.toString())?.reload();
    await vscode.window.showTextDocument(sidecarUri, { preview: false });
    return sidecarUri;
  };

  const offer = async (): Promise<void> => {
    await corpora.whenReady();
    if (corpora.all.length > 0 || !vscode.workspace.isTrusted || workspaceState.get<boolean>(DONT_OFFER_KEY)) return;
    const folder = await firstFolderWithArticles();
    // Created meanwhile (by the command, git, the CLI): nothing to offer.
    if (!folder || corpora.all.length > 0) return;
    const choice = await vscode.window.showInformationMessage(
      `${folder.name} has articles but no ${settings().indexFile}. Create a starter index with their titles and the actors found in them?`,
      'Create Index',
      "Don't Ask Again",
    );
    if (choice === 'Create Index') await create(folder);
    else if (choice === "Don't Ask Again") await workspaceState.update(DONT_OFFER_KEY, true);
  };

  return {
    disposable: vscode.commands.registerCommand(COMMANDS.createIndex, (folder?: vscode.WorkspaceFolder) => create(folder)),
    offer,
  };
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) {
    if (folders.length === 0) void vscode.window.showInformationMessage('Open a folder of articles first: Create Index writes its marginalia.yaml.');
    return folders[0];
  }
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Create a Marginalia index for which folder?' });
}

/** The first workspace folder with a file that looks like an article (not `requirements.txt`, `LICENSE.txt`…). */
async function firstFolderWithArticles(): Promise<vscode.WorkspaceFolder | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, ARTICLE_GLOB), '**/{node_modules,.git}/**', LOOK_FOR);
    if (found.some((uri) => !NOT_ARTICLES.test(uri.path.slice(uri.path.lastIndexOf('/') + 1)))) return folder;
  }
  return undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}
