/**
 * The Annotations view: orphans first, then annotations grouped by document or by tag, each with
 * its links. Review state is shown in the icon and description, and the view can show only some states.
 * With several corpora in the window, one top-level node per corpus (named by its folder) above that.
 */
import * as vscode from 'vscode';
import { REVIEW_STATES, ReviewState } from '../core/model';
import type { AnchoredAnnotation } from '../core/corpus';
import { reviewStateOf } from '../core/report';
import { compareCodeUnits, counted } from '../core/text';
import { Corpora } from './corpora';
import { CorpusService } from './corpusService';
import { COMMANDS, CONTEXT_KEYS, VIEWS } from './ids';
import { corpusItem, staleDescription, treeMessage } from './treeMessage';

export type AnnotationGrouping = 'document' | 'tag';

/** `root` names the corpus (`CorpusService.key`) when the view groups by corpus; absent with one corpus. */
export type AnnotationNode = (
  | { type: 'corpus' }
  | { type: 'orphans' }
  | { type: 'group'; key: string }
  | { type: 'annotation'; id: string; group: string }
  | { type: 'link'; from: string; group: string; index: number }
) & { root?: string };

const ORPHANS = '\0orphans';
/** Above this many groups they start collapsed: expanding them all would build a huge tree. */
const EXPANDED_GROUPS = 50;

interface GroupedAnnotations {
  orphans: AnchoredAnnotation[];
  byGroup: Map<string, AnchoredAnnotation[]>;
}
const REVIEW_ICONS: Record<ReviewState, string> = { draft: 'note', disputed: 'comment-unresolved', accepted: 'pass' };
const UNTAGGED = '(untagged)';

export class AnnotationsTreeProvider implements vscode.TreeDataProvider<AnnotationNode> {
  private readonly changeEmitter = new vscode.EventEmitter<AnnotationNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private grouping: AnnotationGrouping = 'document';
  private shownStates: readonly ReviewState[] | undefined;
  /** The annotations by group of each corpus, worked out once per refresh: a large corpus has thousands of groups. */
  private readonly grouped = new Map<CorpusService, GroupedAnnotations>();

  constructor(private readonly corpora: Corpora) {}

  /** The corpus a node is of: the one it names, else the window's one corpus. */
  private serviceOf(node: AnnotationNode | undefined): CorpusService | undefined {
    return node?.root !== undefined ? this.corpora.byKey(node.root) : this.corpora.all.length > 1 ? undefined : this.corpora.primary;
  }

  refresh(node?: AnnotationNode): void {
    this.grouped.clear();
    this.changeEmitter.fire(node);
  }

  setGrouping(grouping: AnnotationGrouping): void {
    this.grouping = grouping;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.annotationsByTag, grouping === 'tag');
    this.refresh();
  }

  /** Shows only annotations in these review states; `undefined` shows all. */
  setReviewFilter(states: readonly ReviewState[] | undefined): void {
    this.shownStates = states && states.length > 0 && states.length < REVIEW_STATES.length ? [...states] : undefined;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.annotationsFiltered, this.shownStates !== undefined);
    this.refresh();
  }

  get reviewFilter(): readonly ReviewState[] | undefined {
    return this.shownStates;
  }

  private groups(service: CorpusService | undefined): GroupedAnnotations | undefined {
    const corpus = service?.corpus;
    if (!service || !corpus || corpus.sidecar.invalid) return undefined;
    const known = this.grouped.get(service);
    if (known) return known;
    const shown = this.shownStates;
    const orphans: AnchoredAnnotation[] = [];
    const byGroup = new Map<string, AnchoredAnnotation[]>();
    for (const anchored of corpus.anchoredAnnotations()) {
      const { annotation, result } = anchored;
      if (shown && !shown.includes(reviewStateOf(annotation))) continue;
      // Ambiguous annotations have no one place either: they wait with the orphans.
      if (result.status === 'orphaned' || result.status === 'ambiguous') orphans.push(anchored);
      else {
        for (const key of this.groupsOf(annotation.file, annotation.tags)) {
          const list = byGroup.get(key);
          if (list) list.push(anchored);
          else byGroup.set(key, [anchored]);
        }
      }
    }
    for (const list of byGroup.values()) list.sort((a, b) => a.annotation.file.localeCompare(b.annotation.file) || (a.result.range?.start ?? 0) - (b.result.range?.start ?? 0));
    const grouped = { orphans, byGroup: new Map([...byGroup].sort(([a], [b]) => compareCodeUnits(a, b))) };
    this.grouped.set(service, grouped);
    return grouped;
  }

  getChildren(node?: AnnotationNode): AnnotationNode[] {
    if (!node && this.corpora.all.length > 1) return this.corpora.all.map((s) => ({ type: 'corpus', root: s.key }));
    const service = this.serviceOf(node);
    const groups = this.groups(service);
    if (!groups) return [];
    // Children name the corpus when their parent does.
    const root = node?.root !== undefined ? { root: node.root } : {};
    if (!node || node.type === 'corpus') {
      const nodes: AnnotationNode[] = [...groups.byGroup.keys()].map((key) => ({ type: 'group', key, ...root }));
      return groups.orphans.length > 0 ? [{ type: 'orphans', ...root }, ...nodes] : nodes;
    }
    switch (node.type) {
      case 'orphans':
        return groups.orphans.map((a) => ({ type: 'annotation', id: a.annotation.id, group: ORPHANS, ...root }));
      case 'group':
        return (groups.byGroup.get(node.key) ?? []).map(({ annotation }) => ({ type: 'annotation', id: annotation.id, group: node.key, ...root }));
      case 'annotation':
        return (service?.corpus?.index.annotations.get(node.id)?.links ?? []).map((_, index) => ({ type: 'link', from: node.id, group: node.group, index, ...root }));
      case 'link':
        return [];
    }
  }

  /** The group an annotation is shown under first (its document, or its first tag). */
  groupOf(file: string, tags: string[]): string {
    return this.groupsOf(file, tags)[0];
  }

  private groupsOf(file: string, tags: string[]): string[] {
    if (this.grouping === 'document') return [file];
    return tags.length ? tags : [UNTAGGED];
  }

  getParent(node: AnnotationNode): AnnotationNode | undefined {
    const root = node.root !== undefined ? { root: node.root } : {};
    switch (node.type) {
      case 'corpus':
        return undefined;
      case 'orphans':
      case 'group':
        return node.root !== undefined ? { type: 'corpus', root: node.root } : undefined;
      case 'annotation':
        return node.group === ORPHANS ? { type: 'orphans', ...root } : { type: 'group', key: node.group, ...root };
      case 'link':
        return { type: 'annotation', id: node.from, group: node.group, ...root };
    }
  }

  getTreeItem(node: AnnotationNode): vscode.TreeItem {
    const service = this.serviceOf(node);
    // Asked for a node of the last tree while a reload runs: the refresh that follows replaces it.
    if (!service?.corpus) return new vscode.TreeItem('…');
    const item = this.itemOf(node, service);
    // The same id may be in two corpora: ids are kept apart by the corpus's.
    if (node.root !== undefined && item.id) item.id = `${node.root}|${item.id}`;
    // Commands from the item (open passage) act on its corpus.
    if (node.root !== undefined && item.command?.arguments) item.command.arguments = item.command.arguments.map((a: object) => ({ ...a, root: node.root }));
    return item;
  }

  private itemOf(node: AnnotationNode, service: CorpusService): vscode.TreeItem {
    const corpus = service.corpus!;
    switch (node.type) {
      case 'corpus': {
        const size = corpus.index.annotations.size;
        return corpusItem(service, size === 0 ? 'no annotations yet' : counted(size, 'annotation'));
      }
      case 'orphans': {
        const item = new vscode.TreeItem('Orphaned', vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'orphans';
        item.iconPath = new vscode.ThemeIcon('warning');
        item.tooltip = 'Annotations whose quote is no longer in their article, or occurs in it more than once with nothing stored to choose a copy (ambiguous). They are kept in the sidecar.';
        return item;
      }
      case 'group': {
        const title = this.grouping === 'document' ? corpus.titleOf(node.key) ?? node.key : node.key;
        const many = (this.groups(service)?.byGroup.size ?? 0) > EXPANDED_GROUPS;
        const item = new vscode.TreeItem(title, many ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
        item.id = `${this.grouping}:${node.key}`;
        if (this.grouping === 'document') {
          item.resourceUri = service.uriOf(node.key);
          item.iconPath = vscode.ThemeIcon.File;
          item.description = title === node.key ? undefined : node.key;
        } else item.iconPath = new vscode.ThemeIcon('tag');
        return item;
      }
      case 'annotation': {
        const annotation = corpus.index.annotations.get(node.id)!;
        const result = corpus.anchorOf(node.id);
        const line = corpus.anchorLine(node.id);
        const item = new vscode.TreeItem(`“${annotation.quote}”`, annotation.links.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `${node.group}:annotation:${node.id}`;
        let where = line === undefined ? annotation.file : `${this.grouping === 'tag' || node.group === ORPHANS ? annotation.file + ':' : 'line '}${line + 1}`;
        if (result?.status === 'ambiguous') where += ` — ambiguous: lines ${corpus.candidateLinesText(annotation.file, result.candidates ?? [])}`;
        // An annotation that states no review state is a draft: only a stated state is spelled out.
        item.description = [annotation.review, where].filter(Boolean).join(' · ');
        const unplaced = result?.status === 'orphaned' || result?.status === 'ambiguous';
        item.iconPath = new vscode.ThemeIcon(unplaced ? 'warning' : result?.status === 'fuzzy' ? 'question' : REVIEW_ICONS[reviewStateOf(annotation)]);
        item.contextValue = unplaced ? `annotation.${result.status}` : 'annotation';
        item.command = { command: COMMANDS.openPassage, title: 'Open passage', arguments: [{ annotationId: node.id }] };
        return item;
      }
      case 'link': {
        const link = corpus.index.annotations.get(node.from)!.links[node.index];
        const target = corpus.index.annotations.get(link.to);
        const item = new vscode.TreeItem(`${link.type} → ${target ? `“${target.quote}”` : `${link.to} (missing)`}`, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.group}:annotation:${node.from}:link:${node.index}`;
        item.description = target?.file;
        item.iconPath = new vscode.ThemeIcon('link');
        if (target) item.command = { command: COMMANDS.openPassage, title: 'Open linked passage', arguments: [{ annotationId: link.to }] };
        return item;
      }
    }
  }

  resolveTreeItem(item: vscode.TreeItem, node: AnnotationNode): vscode.TreeItem {
    if (node.type !== 'annotation') return item;
    const annotation = this.serviceOf(node)?.corpus?.index.annotations.get(node.id);
    if (!annotation) return item;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('`').appendText(annotation.id).appendMarkdown('`\n\n');
    if (annotation.note) tooltip.appendText(annotation.note).appendMarkdown('\n\n');
    if (annotation.tags.length) tooltip.appendText(`Tags: ${annotation.tags.join(', ')}`);
    item.tooltip = tooltip;
    return item;
  }
}

export function registerAnnotationsTree(corpora: Corpora): {
  provider: AnnotationsTreeProvider;
  view: vscode.TreeView<AnnotationNode>;
  /** Shows an annotation of a corpus in the view, selected (the view is opened if it is not showing). */
  reveal: (annotationId: string, service: CorpusService) => Promise<void>;
  disposable: vscode.Disposable;
} {
  const provider = new AnnotationsTreeProvider(corpora);
  /** What nodes of a corpus carry: its key when the view groups by corpus. */
  const rootOf = (service: CorpusService): { root?: string } => (corpora.all.length > 1 ? { root: service.key } : {});
  const view = vscode.window.createTreeView(VIEWS.annotations, { treeDataProvider: provider, showCollapseAll: true });
  // Follow the cursor: the annotation under it is selected in the view (without taking focus).
  const follow = (editor: vscode.TextEditor | undefined): void => {
    const article = editor && corpora.articleAt(editor.document.uri);
    if (!view.visible || !editor || !article) return;
    const here = article.corpus.annotationsAt(article.path, editor.document.offsetAt(editor.selection.active))[0];
    if (!here || (provider.reviewFilter && !provider.reviewFilter.includes(reviewStateOf(here.annotation)))) return;
    const group = provider.groupOf(here.annotation.file, here.annotation.tags);
    void view.reveal({ type: 'annotation', id: here.annotation.id, group, ...rootOf(article.service) }, { select: true, focus: false, expand: false });
  };
  const reveal = async (annotationId: string, service: CorpusService): Promise<void> => {
    const corpus = service.corpus;
    const annotation = corpus?.index.annotations.get(annotationId);
    const status = corpus?.anchorOf(annotationId)?.status;
    if (!annotation || (provider.reviewFilter && !provider.reviewFilter.includes(reviewStateOf(annotation)))) return;
    const group = status === 'orphaned' || status === 'ambiguous' ? ORPHANS : provider.groupOf(annotation.file, annotation.tags);
    await view.reveal({ type: 'annotation', id: annotationId, group, ...rootOf(service) }, { select: true, focus: false, expand: false });
  };
  /** Filters the view by review state (all when undefined) and says so under its title. */
  const showReviewStates = (states: readonly ReviewState[] | undefined): void => {
    provider.setReviewFilter(states);
    describe();
  };
  /** Under the view's title: the review filter, and whether the index is stale. */
  // With several corpora each corpus's node says what its own message would (corpusItem).
  const describe = (): void => {
    const service = corpora.all.length > 1 ? undefined : corpora.primary;
    const parts = [provider.reviewFilter ? `review: ${provider.reviewFilter.join(', ')}` : undefined, service && staleDescription(service)].filter(Boolean);
    view.description = parts.length > 0 ? parts.join(' · ') : undefined;
    view.message = service && treeMessage(service, (corpus) => corpus.index.annotations.size === 0, 'No annotations yet: select a passage and run "Annotate Selection".');
  };
  return {
    provider,
    view,
    reveal,
    disposable: vscode.Disposable.from(
      view,
      vscode.window.onDidChangeTextEditorSelection((event) => follow(event.textEditor)),
      view.onDidChangeVisibility(() => follow(vscode.window.activeTextEditor)),
      corpora.onDidChange(() => {
        provider.refresh();
        describe();
      }),
      corpora.onDidChangeWriteStatus(() => {
        describe();
        if (corpora.all.length > 1) provider.refresh();
      }),
      // From the view's title bar VS Code passes its own argument, not a list of states: then ask.
      vscode.commands.registerCommand(COMMANDS.filterAnnotationsByReview, async (given?: unknown) => {
        let states = Array.isArray(given) ? given.filter((s): s is ReviewState => (REVIEW_STATES as readonly unknown[]).includes(s)) : undefined;
        if (states === undefined) {
          const current = provider.reviewFilter ?? REVIEW_STATES;
          const picked = await vscode.window.showQuickPick(REVIEW_STATES.map((label) => ({ label, picked: current.includes(label) })), { title: 'Show annotations in review state', canPickMany: true });
          if (picked === undefined) return;
          states = picked.map((p) => p.label);
        }
        showReviewStates(states);
      }),
      vscode.commands.registerCommand(COMMANDS.clearReviewFilter, () => showReviewStates(undefined)),
      vscode.commands.registerCommand(COMMANDS.groupAnnotationsByTag, () => provider.setGrouping('tag')),
      vscode.commands.registerCommand(COMMANDS.groupAnnotationsByDocument, () => provider.setGrouping('document')),
    ),
  };
}
