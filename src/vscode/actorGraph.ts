/**
 * The actor graph webview: actors sized by mentions, relation and co-mention edges, filters by
 * kind and document; clicking an actor shows its mentions in the Actors view. The page is
 * media/graph{Layout,}.js and graph.css under a strict CSP (no inline script or style, nothing from outside),
 * and graph data reaches it only through postMessage, never pasted into HTML.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { ActorGraph, buildActorGraph, GraphFilter } from '../core/graph';
import { ACTOR_KINDS, ActorKind } from '../core/model';
import type { ActorNode } from './actorsTree';
import { Corpora } from './corpora';
import { CorpusService } from './corpusService';
import { COMMANDS } from './ids';

/** What the page sends. */
type FromGraphPage =
  | { type: 'ready' }
  | { type: 'filter'; kinds: string[]; document: string | null; minTies?: number | null }
  | { type: 'openActor'; actorId: string };

/** What the page receives. */
export interface GraphMessage {
  type: 'graph';
  graph: ActorGraph;
  /** `minTies` null: chosen from the data. */
  filter: { kinds: ActorKind[]; document: string | null; minTies: number | null };
}

/** The graph counts every paragraph of the corpus (0.2 s on 10,000 articles): not on every keystroke. */
const GRAPH_UPDATE_DELAY_MS = 500;

export class ActorGraphPanel implements vscode.Disposable {
  static readonly viewType = 'marginalia.actorGraph';
  private readonly disposables: vscode.Disposable[] = [];
  private filter: GraphFilter = {};
  /** The last graph sent to the page (read by tests). */
  lastMessage: GraphMessage | undefined;
  /** The corpus changed since the last graph was sent. */
  private stale = false;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    /** The corpus it shows (one graph per window: opening another corpus's replaces it). */
    readonly service: CorpusService,
    extensionUri: vscode.Uri,
    private readonly revealActor: (node: ActorNode) => Thenable<void>,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
    panel.webview.html = pageHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: FromGraphPage) => this.receive(message)),
      // A hidden graph is brought up to date when it shows again; a shown one once typing pauses.
      service.onDidChange(() => this.schedulePost()),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) this.schedulePost();
      }),
      { dispose: () => clearTimeout(this.pending) },
    );
  }

  private schedulePost(): void {
    this.stale = true;
    if (!this.panel.visible) return;
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.post(), GRAPH_UPDATE_DELAY_MS);
  }

  private receive(message: FromGraphPage): void {
    switch (message.type) {
      case 'ready':
        this.post();
        break;
      case 'filter': {
        const kinds = message.kinds.filter((k): k is ActorKind => (ACTOR_KINDS as readonly string[]).includes(k));
        const minTies = typeof message.minTies === 'number' && Number.isFinite(message.minTies) && message.minTies >= 1 ? Math.floor(message.minTies) : undefined;
        this.filter = { kinds, document: message.document ?? undefined, minTies };
        this.post();
        break;
      }
      case 'openActor':
        void this.openActor(message.actorId);
        break;
    }
  }

  /** Shows the actor's mentions, document by document, in the Actors view. */
  async openActor(actorId: string): Promise<void> {
    if (!this.service.corpus?.index.actors.has(actorId)) return;
    await this.revealActor({ type: 'actor', actorId });
  }

  private post(): void {
    this.stale = false;
    const corpus = this.service.corpus;
    if (!corpus || corpus.sidecar.invalid) return;
    if (this.filter.document !== undefined && !corpus.article(this.filter.document)) this.filter = { ...this.filter, document: undefined };
    const graph = buildActorGraph(corpus, this.filter);
    this.lastMessage = { type: 'graph', graph, filter: { kinds: [...(this.filter.kinds ?? [])], document: this.filter.document ?? null, minTies: this.filter.minTies ?? null } };
    void this.panel.webview.postMessage(this.lastMessage);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('hex');
  const asset = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', name)).toString();
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`, `font-src ${webview.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${asset('graph.css')}">
<title>Actor Graph</title>
</head>
<body>
<form id="filters" aria-label="Filters">
  <fieldset id="kinds"><legend>Kinds</legend></fieldset>
  <label>Document <select id="document"><option value="">All documents</option></select></label>
  <label id="ties-control" title="Draw a co-mention tie only between actors named together in at least this many paragraphs">Minimum ties <input type="range" id="min-ties" min="1" max="1" step="1" value="1"> <output id="min-ties-value" for="min-ties">1</output></label>
  <span id="ties-count"></span>
  <span id="summary" role="status"></span>
</form>
<svg id="graph" role="img" aria-label="Actors and the ties between them"></svg>
<p id="legend"><span class="legend-relation">⟶ relation, its type written on the arrow</span><span id="relation-types" class="legend-relation"></span><span class="legend-co-mention">— named in the same paragraph (thicker: more paragraphs)</span><span>wheel to zoom, drag to pan</span></p>
<script nonce="${nonce}" src="${asset('graphLayout.js')}"></script>
<script nonce="${nonce}" src="${asset('graph.js')}"></script>
</body>
</html>`;
}

export function registerActorGraph(corpora: Corpora, extensionUri: vscode.Uri, revealActor: (node: ActorNode) => Thenable<void>): { current: () => ActorGraphPanel | undefined; disposable: vscode.Disposable } {
  let current: ActorGraphPanel | undefined;
  const show = async (given?: unknown): Promise<ActorGraphPanel | undefined> => {
    const service = await corpora.forActiveEditorOrPick(given, 'Show the actor graph of which corpus?');
    await service?.whenReady();
    if (!service?.corpus) {
      if (service) void vscode.window.showWarningMessage('Marginalia: no corpus is open (no marginalia.yaml in this workspace).');
      return undefined;
    }
    if (current?.service === service) {
      current.panel.reveal();
      return current;
    }
    // One graph at a time: another corpus's replaces it.
    current?.panel.dispose();
    const several = corpora.all.length > 1;
    const panel = vscode.window.createWebviewPanel(ActorGraphPanel.viewType, several ? `Actor Graph — ${service.name}` : 'Actor Graph', vscode.ViewColumn.Active, { retainContextWhenHidden: false });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'marginalia.svg');
    // With several corpora the Actors view groups by corpus: its nodes name this one.
    const reveal = (node: ActorNode): Thenable<void> => revealActor(corpora.all.length > 1 ? { ...node, root: service.key } : node);
    const graph = new ActorGraphPanel(panel, service, extensionUri, reveal);
    current = graph;
    panel.onDidDispose(() => {
      graph.dispose();
      if (current === graph) current = undefined;
    });
    return graph;
  };
  return {
    current: () => current,
    disposable: vscode.Disposable.from(
      vscode.commands.registerCommand(COMMANDS.showActorGraph, async (given?: unknown) => (await show(given)) !== undefined),
      { dispose: () => current?.panel.dispose() },
    ),
  };
}
