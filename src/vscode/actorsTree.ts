/**
 * The Actors view: kind → actor → document → mention, refreshed when the corpus changes; with
 * several corpora in the window, one top-level node per corpus (named by its folder) above that.
 */
import * as vscode from 'vscode';
import { ACTOR_KINDS, ActorKind } from '../core/model';
import { counted } from '../core/text';
import { Corpora } from './corpora';
import { CorpusService } from './corpusService';
import { COMMANDS, VIEWS } from './ids';
import { corpusItem, staleDescription, treeMessage } from './treeMessage';

/** `root` names the corpus (`CorpusService.key`) when the view groups by corpus; absent with one corpus. */
export type ActorNode = (
  | { type: 'corpus' }
  | { type: 'kind'; kind: ActorKind }
  | { type: 'actor'; actorId: string }
  | { type: 'document'; actorId: string; file: string }
  | { type: 'mention'; actorId: string; file: string; start: number; end: number }
) & { root?: string };

const KIND_LABELS: Record<ActorKind, string> = {
  person: 'People', state: 'States', organization: 'Organizations', place: 'Places', group: 'Groups', other: 'Other',
};
export const KIND_ICONS: Record<ActorKind, string> = {
  person: 'person', state: 'globe', organization: 'organization', place: 'location', group: 'people', other: 'symbol-misc',
};

export class ActorsTreeProvider implements vscode.TreeDataProvider<ActorNode> {
  private readonly changeEmitter = new vscode.EventEmitter<ActorNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(private readonly corpora: Corpora) {}

  /** The corpus a node is of: the one it names, else the window's one corpus. */
  private serviceOf(node: ActorNode | undefined): CorpusService | undefined {
    return node?.root !== undefined ? this.corpora.byKey(node.root) : this.corpora.all.length > 1 ? undefined : this.corpora.primary;
  }

  refresh(node?: ActorNode): void {
    this.changeEmitter.fire(node);
  }

  getChildren(node?: ActorNode): ActorNode[] {
    if (!node && this.corpora.all.length > 1) return this.corpora.all.map((s) => ({ type: 'corpus', root: s.key }));
    const service = this.serviceOf(node);
    const corpus = service?.corpus;
    if (!corpus || corpus.sidecar.invalid) return [];
    const actors = [...corpus.index.actors.values()];
    // Children name the corpus when their parent does.
    const root = node?.root !== undefined ? { root: node.root } : {};
    if (!node || node.type === 'corpus') return ACTOR_KINDS.filter((kind) => actors.some((a) => a.kind === kind)).map((kind) => ({ type: 'kind', kind, ...root }));
    switch (node.type) {
      case 'kind':
        return actors.filter((a) => a.kind === node.kind).sort((a, b) => a.name.localeCompare(b.name)).map((a) => ({ type: 'actor', actorId: a.id, ...root }));
      case 'actor':
        return [...corpus.mentionsOf(node.actorId).keys()].sort().map((file) => ({ type: 'document', actorId: node.actorId, file, ...root }));
      case 'document':
        return (corpus.mentionsOf(node.actorId).get(node.file) ?? []).map((m) => ({ type: 'mention', actorId: node.actorId, file: node.file, start: m.start, end: m.end, ...root }));
      case 'mention':
        return [];
    }
  }

  getParent(node: ActorNode): ActorNode | undefined {
    const kind = (id: string): ActorKind => this.serviceOf(node)?.corpus?.index.actors.get(id)?.kind ?? 'other';
    const root = node.root !== undefined ? { root: node.root } : {};
    switch (node.type) {
      case 'corpus':
        return undefined;
      case 'kind':
        return node.root !== undefined ? { type: 'corpus', root: node.root } : undefined;
      case 'actor':
        return { type: 'kind', kind: kind(node.actorId), ...root };
      case 'document':
        return { type: 'actor', actorId: node.actorId, ...root };
      case 'mention':
        return { type: 'document', actorId: node.actorId, file: node.file, ...root };
    }
  }

  getTreeItem(node: ActorNode): vscode.TreeItem {
    const service = this.serviceOf(node);
    const corpus = service?.corpus;
    // Asked for a node of the last tree while a reload runs: the refresh that follows replaces it.
    if (!service || !corpus) return new vscode.TreeItem('…');
    const item = this.itemOf(node, service);
    // The same actor may be in two corpora: ids are kept apart by the corpus's.
    if (node.root !== undefined && item.id) item.id = `${node.root}|${item.id}`;
    return item;
  }

  private itemOf(node: ActorNode, service: CorpusService): vscode.TreeItem {
    const corpus = service.corpus!;
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.type) {
      case 'corpus':
        return corpusItem(service, corpus.index.actors.size === 0 ? 'no actors yet' : counted(corpus.index.actors.size, 'actor'));
      case 'kind': {
        const item = new vscode.TreeItem(KIND_LABELS[node.kind], vscode.TreeItemCollapsibleState.Expanded);
        item.id = `kind:${node.kind}`;
        item.iconPath = new vscode.ThemeIcon(KIND_ICONS[node.kind]);
        return item;
      }
      case 'actor': {
        const actor = corpus.index.actors.get(node.actorId)!;
        const files = corpus.mentionsOf(actor.id);
        const total = [...files.values()].reduce((n, list) => n + list.length, 0);
        const item = new vscode.TreeItem(actor.name, total > 0 ? collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `actor:${actor.id}`;
        item.description = `${total} mention${total === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon(KIND_ICONS[actor.kind]);
        item.contextValue = 'actor';
        return item;
      }
      case 'document': {
        const count = corpus.mentionsOf(node.actorId).get(node.file)?.length ?? 0;
        const item = new vscode.TreeItem(corpus.titleOf(node.file) ?? node.file, collapsed);
        item.id = `actor:${node.actorId}:doc:${node.file}`;
        item.description = `${count}`;
        item.resourceUri = service.uriOf(node.file);
        item.iconPath = vscode.ThemeIcon.File;
        item.tooltip = node.file;
        return item;
      }
      case 'mention': {
        const article = corpus.article(node.file)!;
        const position = article.lines.positionAt(node.start);
        const lineText = article.lines.lineText(position.line);
        const from = Math.max(0, position.character - 40);
        const snippet = (from > 0 ? '…' : '') + lineText.slice(from, position.character + (node.end - node.start) + 40).trim();
        const highlightStart = snippet.indexOf(article.text.slice(node.start, node.end));
        const label: vscode.TreeItemLabel = { label: snippet, highlights: highlightStart >= 0 ? [[highlightStart, highlightStart + node.end - node.start]] : [] };
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
        item.id = `actor:${node.actorId}:doc:${node.file}:${node.start}`;
        item.description = `line ${position.line + 1}`;
        item.command = { command: COMMANDS.openPassage, title: 'Open mention', arguments: [{ file: node.file, range: { start: node.start, end: node.end }, ...(node.root !== undefined ? { root: node.root } : {}) }] };
        item.contextValue = 'mention';
        return item;
      }
    }
  }

  /** Costly tooltips only when hovered: the actor's aliases and note. */
  resolveTreeItem(item: vscode.TreeItem, node: ActorNode): vscode.TreeItem {
    if (node.type !== 'actor') return item;
    const actor = this.serviceOf(node)?.corpus?.index.actors.get(node.actorId);
    if (!actor) return item;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**').appendText(actor.name).appendMarkdown(`** — ${actor.kind}\n\n`);
    tooltip.appendText(`Aliases: ${actor.aliases.join(', ')}`);
    if (actor.note) tooltip.appendMarkdown('\n\n').appendText(actor.note);
    item.tooltip = tooltip;
    return item;
  }
}

export function registerActorsTree(corpora: Corpora): { provider: ActorsTreeProvider; view: vscode.TreeView<ActorNode>; disposable: vscode.Disposable } {
  const provider = new ActorsTreeProvider(corpora);
  const view = vscode.window.createTreeView(VIEWS.actors, { treeDataProvider: provider, showCollapseAll: true });
  // Follow the cursor: the actor mentioned under it is selected in the view (without taking focus).
  const follow = (editor: vscode.TextEditor | undefined): void => {
    const here = editor && corpora.articleAt(editor.document.uri);
    const mention = here && editor ? here.corpus.mentionAt(here.path, editor.document.offsetAt(editor.selection.active)) : undefined;
    const root = here && corpora.all.length > 1 ? { root: here.service.key } : {};
    if (view.visible && mention) void view.reveal({ type: 'actor', actorId: mention.actorId, ...root }, { select: true, focus: false, expand: false });
  };
  // With several corpora each corpus's node says what its own message would (corpusItem).
  const describe = (): void => {
    const service = corpora.all.length > 1 ? undefined : corpora.primary;
    view.message = service && treeMessage(service, (corpus) => corpus.index.actors.size === 0, 'No actors yet: select a name in an article and run "Add Actor from Selection".');
    view.description = service && staleDescription(service);
  };
  return {
    provider,
    view,
    disposable: vscode.Disposable.from(
      view,
      vscode.window.onDidChangeTextEditorSelection((event) => follow(event.textEditor)),
      corpora.onDidChange(() => {
        provider.refresh();
        describe();
      }),
      corpora.onDidChangeWriteStatus(() => {
        describe();
        if (corpora.all.length > 1) provider.refresh();
      }),
    ),
  };
}
