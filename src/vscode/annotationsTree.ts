/**
 * The Annotations view: orphans first, then annotations grouped by document or by tag, each with
 * its links. Review state is shown in the icon and description, and the view can show only some states.
 */
import * as vscode from 'vscode';
import { REVIEW_STATES, ReviewState } from '../core/model';
import type { AnchoredAnnotation } from '../core/corpus';
import { reviewStateOf } from '../core/report';
import { compareCodeUnits } from '../core/text';
import { CorpusService } from './corpusService';
import { COMMANDS, CONTEXT_KEYS, VIEWS } from './ids';
import { staleDescription, treeMessage } from './treeMessage';

export type AnnotationGrouping = 'document' | 'tag';

export type AnnotationNode =
  | { type: 'orphans' }
  | { type: 'group'; key: string }
  | { type: 'annotation'; id: string; group: string }
  | { type: 'link'; from: string; group: string; index: number };

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
  /** The annotations by group, worked out once per refresh: a large corpus has thousands of groups. */
  private grouped: GroupedAnnotations | undefined;

  constructor(private readonly service: CorpusService) {}

  refresh(node?: AnnotationNode): void {
    this.grouped = undefined;
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

  private groups(): GroupedAnnotations | undefined {
    const corpus = this.service.corpus;
    if (!corpus || corpus.sidecar.invalid) return undefined;
    if (this.grouped) return this.grouped;
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
    return (this.grouped = { orphans, byGroup: new Map([...byGroup].sort(([a], [b]) => compareCodeUnits(a, b))) });
  }

  getChildren(node?: AnnotationNode): AnnotationNode[] {
    const groups = this.groups();
    if (!groups) return [];
    if (!node) {
      const nodes: AnnotationNode[] = [...groups.byGroup.keys()].map((key) => ({ type: 'group', key }));
      return groups.orphans.length > 0 ? [{ type: 'orphans' }, ...nodes] : nodes;
    }
    switch (node.type) {
      case 'orphans':
        return groups.orphans.map((a) => ({ type: 'annotation', id: a.annotation.id, group: ORPHANS }));
      case 'group':
        return (groups.byGroup.get(node.key) ?? []).map(({ annotation }) => ({ type: 'annotation', id: annotation.id, group: node.key }));
      case 'annotation':
        return (this.service.corpus?.index.annotations.get(node.id)?.links ?? []).map((_, index) => ({ type: 'link', from: node.id, group: node.group, index }));
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
    switch (node.type) {
      case 'orphans':
      case 'group':
        return undefined;
      case 'annotation':
        return node.group === ORPHANS ? { type: 'orphans' } : { type: 'group', key: node.group };
      case 'link':
        return { type: 'annotation', id: node.from, group: node.group };
    }
  }

  getTreeItem(node: AnnotationNode): vscode.TreeItem {
    const corpus = this.service.corpus;
    // Asked for a node of the last tree while a reload runs: the refresh that follows replaces it.
    if (!corpus) return new vscode.TreeItem('…');
    switch (node.type) {
      case 'orphans': {
        const item = new vscode.TreeItem('Orphaned', vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'orphans';
        item.iconPath = new vscode.ThemeIcon('warning');
        item.tooltip = 'Annotations whose quote is no longer in their article, or occurs in it more than once with nothing stored to choose a copy (ambiguous). They are kept in the sidecar.';
        return item;
      }
      case 'group': {
        const title = this.grouping === 'document' ? corpus.titleOf(node.key) ?? node.key : node.key;
        const many = (this.groups()?.byGroup.size ?? 0) > EXPANDED_GROUPS;
        const item = new vscode.TreeItem(title, many ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
        item.id = `${this.grouping}:${node.key}`;
        if (this.grouping === 'document') {
          item.resourceUri = this.service.uriOf(node.key);
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
    const annotation = this.service.corpus?.index.annotations.get(node.id);
    if (!annotation) return item;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('`').appendText(annotation.id).appendMarkdown('`\n\n');
    if (annotation.note) tooltip.appendText(annotation.note).appendMarkdown('\n\n');
    if (annotation.tags.length) tooltip.appendText(`Tags: ${annotation.tags.join(', ')}`);
    item.tooltip = tooltip;
    return item;
  }
}

export function registerAnnotationsTree(service: CorpusService): {
  provider: AnnotationsTreeProvider;
  view: vscode.TreeView<AnnotationNode>;
  /** Shows an annotation in the view, selected (the view is opened if it is not showing). */
  reveal: (annotationId: string) => Promise<void>;
  disposable: vscode.Disposable;
} {
  const provider = new AnnotationsTreeProvider(service);
  const view = vscode.window.createTreeView(VIEWS.annotations, { treeDataProvider: provider, showCollapseAll: true });
  // Follow the cursor: the annotation under it is selected in the view (without taking focus).
  const follow = (editor: vscode.TextEditor | undefined): void => {
    const article = editor && service.articleAt(editor.document.uri);
    if (!view.visible || !editor || !article) return;
    const here = article.corpus.annotationsAt(article.path, editor.document.offsetAt(editor.selection.active))[0];
    if (!here || (provider.reviewFilter && !provider.reviewFilter.includes(reviewStateOf(here.annotation)))) return;
    const group = provider.groupOf(here.annotation.file, here.annotation.tags);
    void view.reveal({ type: 'annotation', id: here.annotation.id, group }, { select: true, focus: false, expand: false });
  };
  const reveal = async (annotationId: string): Promise<void> => {
    const corpus = service.corpus;
    const annotation = corpus?.index.annotations.get(annotationId);
    const status = corpus?.anchorOf(annotationId)?.status;
    if (!annotation || (provider.reviewFilter && !provider.reviewFilter.includes(reviewStateOf(annotation)))) return;
    const group = status === 'orphaned' || status === 'ambiguous' ? ORPHANS : provider.groupOf(annotation.file, annotation.tags);
    await view.reveal({ type: 'annotation', id: annotationId, group }, { select: true, focus: false, expand: false });
  };
  /** Filters the view by review state (all when undefined) and says so under its title. */
  const showReviewStates = (states: readonly ReviewState[] | undefined): void => {
    provider.setReviewFilter(states);
    describe();
  };
  /** Under the view's title: the review filter, and whether the index is stale. */
  const describe = (): void => {
    const parts = [provider.reviewFilter ? `review: ${provider.reviewFilter.join(', ')}` : undefined, staleDescription(service)].filter(Boolean);
    view.description = parts.length > 0 ? parts.join(' · ') : undefined;
    view.message = treeMessage(service, (corpus) => corpus.index.annotations.size === 0, 'No annotations yet: select a passage and run "Annotate Selection".');
  };
  return {
    provider,
    view,
    reveal,
    disposable: vscode.Disposable.from(
      view,
      vscode.window.onDidChangeTextEditorSelection((event) => follow(event.textEditor)),
      view.onDidChangeVisibility(() => follow(vscode.window.activeTextEditor)),
      service.onDidChange(() => {
        provider.refresh();
        describe();
      }),
      service.onDidChangeWriteStatus(describe),
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
