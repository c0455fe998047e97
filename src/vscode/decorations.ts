/**
 * Decorations in article editors: annotated passages highlighted (fuzzy anchors dashed), actor
 * mentions underlined by kind, orphaned and ambiguous annotations flagged on the first line, and marks in the
 * overview ruler.
 */
import * as vscode from 'vscode';
import { ACTOR_KINDS, ActorKind } from '../core/model';
import { Corpora } from './corpora';
import { toRange } from './convert';
import { INTERNAL_COMMANDS } from './ids';
import { MarginaliaSettings } from './settings';

type DecorationKey = 'annotation' | 'fuzzy' | 'orphans' | `mention.${ActorKind}`;

/** What was last applied per editor document, for the tests' internal command. */
export type AppliedDecorations = Partial<Record<DecorationKey, { start: number; end: number; hover?: string }[]>>;

export function registerDecorations(corpora: Corpora, settings: () => MarginaliaSettings): vscode.Disposable {
  const types = createTypes();
  const applied = new Map<string, AppliedDecorations>();

  const decorate = (editor: vscode.TextEditor): void => {
    const here = corpora.articleAt(editor.document.uri);
    const plan: AppliedDecorations = {};
    const options: Partial<Record<DecorationKey, vscode.DecorationOptions[]>> = {};
    const add = (key: DecorationKey, start: number, end: number, hover?: string): vscode.DecorationOptions => {
      (plan[key] ??= []).push({ start, end, hover });
      const option: vscode.DecorationOptions = { range: toRange(editor.document, { start, end }) };
      if (hover) option.hoverMessage = new vscode.MarkdownString().appendText(hover);
      (options[key] ??= []).push(option);
      return option;
    };
    if (here) {
      const { corpus, path } = here;
      const orphans: string[] = [];
      const ambiguous: string[] = [];
      for (const { annotation, result } of corpus.annotationsOf(path)) {
        // An ambiguous annotation is flagged like an orphan: no copy is highlighted as if it were the one meant.
        if (result.status === 'ambiguous') ambiguous.push(`${annotation.id} (lines ${corpus.candidateLinesText(path, result.candidates ?? [])})`);
        else if (!result.range) orphans.push(annotation.id);
        else add(result.status === 'fuzzy' ? 'fuzzy' : 'annotation', result.range.start, result.range.end);
      }
      if (orphans.length || ambiguous.length) {
        const hover = [
          orphans.length ? `Orphaned annotations (their quotes are gone; kept in the sidecar): ${orphans.join(', ')}` : '',
          ambiguous.length ? `Ambiguous annotations (their quotes occur more than once; choose a copy with the quick fix): ${ambiguous.join(', ')}` : '',
        ].filter(Boolean).join('\n\n');
        const counts = [
          orphans.length ? `${orphans.length} orphaned` : '',
          ambiguous.length ? `${ambiguous.length} ambiguous` : '',
        ].filter(Boolean).join(', ');
        const flag = add('orphans', 0, 0, hover);
        flag.renderOptions = { after: { contentText: `  ⚠ ${counts} annotation${orphans.length + ambiguous.length === 1 ? '' : 's'}` } };
      }
      if (settings().decorateMentions) {
        for (const mention of corpus.article(path)?.mentions ?? []) {
          const kind = corpus.index.actors.get(mention.actorId)?.kind ?? 'other';
          add(`mention.${kind}`, mention.start, mention.end);
        }
      }
    }
    for (const [key, type] of types) editor.setDecorations(type, options[key] ?? []);
    applied.set(editor.document.uri.toString(), plan);
  };

  const decorateVisible = (): void => vscode.window.visibleTextEditors.forEach(decorate);
  return vscode.Disposable.from(
    ...types.values(),
    corpora.onDidChange((change) => {
      for (const editor of vscode.window.visibleTextEditors) {
        // Not another corpus's editors (a folder removed leaves its editors with none: they are cleared).
        const owner = corpora.serviceFor(editor.document.uri);
        if (owner !== undefined && owner !== change.service) continue;
        if (change.kind === 'sidecar' || change.service.articlePathOf(editor.document.uri) === change.path) decorate(editor);
      }
    }),
    vscode.window.onDidChangeVisibleTextEditors(decorateVisible),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('marginalia.decorations') && decorateVisible()),
    vscode.commands.registerCommand(INTERNAL_COMMANDS.decorationsOf, (uri: vscode.Uri) => applied.get(uri.toString())),
  );
}

function createTypes(): Map<DecorationKey, vscode.TextEditorDecorationType> {
  const types = new Map<DecorationKey, vscode.TextEditorDecorationType>();
  types.set('annotation', vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('marginalia.annotationBackground'),
    overviewRulerColor: new vscode.ThemeColor('marginalia.annotationRuler'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  }));
  types.set('fuzzy', vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('marginalia.annotationBackground'),
    border: '1px dashed',
    borderColor: new vscode.ThemeColor('marginalia.fuzzyAnchorBorder'),
    overviewRulerColor: new vscode.ThemeColor('marginalia.fuzzyAnchorBorder'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  }));
  types.set('orphans', vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('marginalia.orphanForeground'), fontStyle: 'italic' },
    overviewRulerColor: new vscode.ThemeColor('marginalia.orphanForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
    isWholeLine: true,
  }));
  for (const kind of ACTOR_KINDS) {
    types.set(`mention.${kind}`, vscode.window.createTextEditorDecorationType({
      textDecoration: 'underline dotted',
      color: new vscode.ThemeColor(`marginalia.mention.${kind}`),
      overviewRulerColor: new vscode.ThemeColor(`marginalia.mention.${kind}`),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    }));
  }
  return types;
}
