/** Marginalia's entry point: wires the features together; each lives in its own file. */
import * as vscode from 'vscode';
import { registerActorCommands } from './actorCommands';
import { registerActorGraph } from './actorGraph';
import { registerActorsTree } from './actorsTree';
import { registerAmbiguousAnchors } from './ambiguousAnchor';
import { registerAnnotationCommands } from './annotationCommands';
import { registerAnnotationsTree } from './annotationsTree';
import { registerArticleLanguage } from './articleLanguage';
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

/** What the extension hands to other extensions (and to its integration tests). */
export interface MarginaliaApi {
  service: CorpusService;
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
  const service = new CorpusService(currentSettings, sidecarParserOnWorker(context.asAbsolutePath('dist/sidecarWorker.js')), log, openCache);
  const actors = registerActorsTree(service);
  const annotations = registerAnnotationsTree(service);
  const statusBar = registerStatusBar(service);
  const createIndex = registerCreateIndex(service, currentSettings, context.workspaceState);
  const suggestionDiagnostics = registerSuggestionDiagnostics(service, currentSettings);
  const graph = registerActorGraph(service, context.extensionUri, (node) => actors.view.reveal(node, { select: true, focus: true, expand: 2 }));
  context.subscriptions.push(vscode.Disposable.from(
    log,
    service,
    registerCorpusWatchers(service, currentSettings),
    actors.disposable,
    annotations.disposable,
    graph.disposable,
    statusBar.disposable,
    createIndex.disposable,
    registerDiagnostics(service),
    registerAmbiguousAnchors(service),
    registerDecorations(service, currentSettings),
    registerHover(service),
    registerNavigation(service),
    registerOpenPassage(service),
    registerArticleLanguage(service, currentSettings),
    registerAnnotationCommands(service, { settings: currentSettings, reveal: annotations.reveal }),
    registerActorCommands(service),
    registerReanchorCommand(service),
    registerExportCommand(service, () => annotations.provider.reviewFilter),
    registerInterchangeCommands(service, log),
    registerSuggestActors(service),
    suggestionDiagnostics.disposable,
    registerSuggestionQuickFixes(service, suggestionDiagnostics.kindOf),
    vscode.commands.registerCommand(COMMANDS.refresh, () => service.reload()),
    vscode.commands.registerCommand(COMMANDS.retryRefusedEdit, () => service.retryRefused()),
    vscode.commands.registerCommand(COMMANDS.openSidecar, async () => {
      if (service.sidecarUri) await vscode.window.showTextDocument(service.sidecarUri);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('marginalia')) return;
      const previous = settings;
      settings = readSettings();
      if (previous.indexFile !== settings.indexFile) void service.reload();
    }),
  ));
  // Indexing runs after activation returns, behind a progress notification.
  void service.reload();
  // A folder of articles with no sidecar: offer to create one, once the first load has looked.
  void createIndex.offer();
  const loaded = typeof MARGINALIA_BUNDLE_LOADING === 'number' ? ` after ${Math.round(activating - MARGINALIA_BUNDLE_LOADING)} ms loading the bundle` : '';
  log.info(`activated in ${Math.round(performance.now() - activating)} ms${loaded}`);
  return { service, actorsTree: actors.provider, actorsView: actors.view, annotationsTree: annotations.provider, annotationsView: annotations.view, actorGraph: graph.current, statusBar: statusBar.status };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
