/** Marginalia's entry point: wires the features together; each lives in its own file. */
import * as vscode from 'vscode';
import { registerActorCommands } from './actorCommands';
import { registerActorGraph } from './actorGraph';
import { registerActorsTree } from './actorsTree';
import { registerAmbiguousAnchors } from './ambiguousAnchor';
import { registerAnnotationCommands } from './annotationCommands';
import { registerAnnotationsTree } from './annotationsTree';
import { registerArticleLanguage } from './articleLanguage';
import { Corpora } from './corpora';
import { CorpusService } from './corpusService';
import { registerCorpusWatchers } from './corpusWatchers';
import { registerCreateIndex } from './createIndex';
import { registerDecorations } from './decorations';
import { registerDiagnostics } from './diagnostics';
import { registerExportCommand } from './exportCommand';
import { registerHover } from './hover';
import { registerInterchangeCommands } from './interchangeCommands';
import { COMMANDS } from './ids';
import { registerNavigation } from './navigation';
import { registerOpenPassage } from './passages';
import { registerReanchorCommand } from './reanchorCommand';
import { registerStatusBar, WriteStatusItem } from './statusBar';
import { MarginaliaSettings, readSettings } from './settings';
import { registerSuggestActors } from './suggestActors';
import { registerSuggestionDiagnostics } from './suggestionDiagnostics';
import { registerSuggestionQuickFixes } from './suggestionQuickFixes';
import { NodeIndexCache } from '../node/indexCache';
import { sidecarParserOnWorker } from '../node/sidecarWorker';
import { registerBackgroundSpans } from './sidecarSpans';

/** What the extension hands to other extensions (and to its integration tests). */
export interface MarginaliaApi {
  /** Every corpus of the window, one per workspace folder with a sidecar. */
  corpora: Corpora;
  /** The first corpus (else the first folder's service): the one corpus of a one-folder window. */
  readonly service: CorpusService;
  actorsTree: ReturnType<typeof registerActorsTree>['provider'];
  actorsView: ReturnType<typeof registerActorsTree>['view'];
  annotationsTree: ReturnType<typeof registerAnnotationsTree>['provider'];
  annotationsView: ReturnType<typeof registerAnnotationsTree>['view'];
  actorGraph: ReturnType<typeof registerActorGraph>['current'];
  statusBar: WriteStatusItem;
}

/** Set by the bundle's first line (build.mjs), so activation can report how long loading took. */
declare const MARGINALIA_BUNDLE_LOADING: number | undefined;

export function activate(context: vscode.ExtensionContext): MarginaliaApi {
  const activating = performance.now();
  const log = vscode.window.createOutputChannel('Marginalia', { log: true });
  let settings: MarginaliaSettings = readSettings();
  const currentSettings = (): MarginaliaSettings => settings;
  // The index of a folder on disk is kept between loads in the extension's storage, never in the corpus.
  const openCache = (root: vscode.Uri): Promise<NodeIndexCache | undefined> =>
    root.scheme === 'file' ? NodeIndexCache.open(root.fsPath, vscode.Uri.joinPath(context.globalStorageUri, 'index-cache').fsPath) : Promise.resolve(undefined);
  const parseSidecar = sidecarParserOnWorker(context.asAbsolutePath('dist/sidecarWorker.js'));
  // One corpus per workspace folder; its sidecar is where that folder's `marginalia.indexFile` says.
  const corpora = new Corpora((folder) => {
    const folderSettings = (): MarginaliaSettings => ({ ...settings, indexFile: readSettings(folder).indexFile });
    const corpus = new CorpusService(folder, folderSettings, parseSidecar, log, openCache);
    return { service: corpus, disposable: registerCorpusWatchers(corpus, folderSettings) };
  });
  const actors = registerActorsTree(corpora);
  const annotations = registerAnnotationsTree(corpora);
  const statusBar = registerStatusBar(corpora);
  const createIndex = registerCreateIndex(corpora, currentSettings, context.workspaceState);
  const suggestionDiagnostics = registerSuggestionDiagnostics(corpora, currentSettings);
  const graph = registerActorGraph(corpora, context.extensionUri, (node) => actors.view.reveal(node, { select: true, focus: true, expand: 2 }));
  context.subscriptions.push(vscode.Disposable.from(
    log,
    corpora,
    actors.disposable,
    annotations.disposable,
    graph.disposable,
    statusBar.disposable,
    createIndex.disposable,
    registerDiagnostics(corpora),
    registerBackgroundSpans(corpora, context.asAbsolutePath('dist/sidecarWorker.js')),
    registerAmbiguousAnchors(corpora),
    registerDecorations(corpora, currentSettings),
    registerHover(corpora),
    registerNavigation(corpora),
    registerOpenPassage(corpora),
    registerArticleLanguage(corpora, currentSettings),
    registerAnnotationCommands(corpora, { settings: currentSettings, reveal: annotations.reveal }),
    registerActorCommands(corpora),
    registerReanchorCommand(corpora),
    registerExportCommand(corpora, () => annotations.provider.reviewFilter),
    registerInterchangeCommands(corpora, log),
    registerSuggestActors(corpora),
    suggestionDiagnostics.disposable,
    registerSuggestionQuickFixes(corpora, suggestionDiagnostics.kindOf),
    vscode.commands.registerCommand(COMMANDS.refresh, () => corpora.reload()),
    vscode.commands.registerCommand(COMMANDS.retryRefusedEdit, async () => {
      // The active editor's corpus, else the one corpus that kept a refused write.
      const active = corpora.active();
      const refused = corpora.all.filter((s) => s.refused !== undefined);
      const target = active?.refused ? active : refused.length <= 1 ? refused[0] ?? active ?? corpora.primary : await corpora.forActiveEditorOrPick(undefined, 'Retry the refused edit of which corpus?');
      return target?.retryRefused() ?? false;
    }),
    vscode.commands.registerCommand(COMMANDS.openSidecar, async (given?: { root?: string }) => {
      const corpus = await corpora.forActiveEditorOrPick(given, 'Open the index of which corpus?');
      if (corpus?.sidecarUri) await vscode.window.showTextDocument(corpus.sidecarUri);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('marginalia')) return;
      settings = readSettings();
      // Any folder's sidecar may have moved: each reindexes (the setting may differ per folder).
      if (event.affectsConfiguration('marginalia.indexFile')) void corpora.reload();
    }),
  ));
  // Indexing of each folder started with the Corpora (after activation returns, behind a progress notification).
  // A folder of articles with no sidecar: offer to create one, once the first load has looked.
  void createIndex.offer();
  const loaded = typeof MARGINALIA_BUNDLE_LOADING === 'number' ? ` after ${Math.round(activating - MARGINALIA_BUNDLE_LOADING)} ms loading the bundle` : '';
  log.info(`activated in ${Math.round(performance.now() - activating)} ms${loaded}`);
  return { corpora, get service() { return corpora.primary!; }, actorsTree: actors.provider, actorsView: actors.view, annotationsTree: annotations.provider, annotationsView: annotations.view, actorGraph: graph.current, statusBar: statusBar.status };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
