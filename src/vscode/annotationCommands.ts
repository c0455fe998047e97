/** Commands on annotations: annotate the selection, link it to another passage, set its review state, delete one. */
import * as vscode from 'vscode';
import { describePassage } from '../core/anchoring';
import { LINK_TYPES, LinkType, REVIEW_STATES, ReviewState } from '../core/model';
import { slugify, uniqueId } from '../core/naming';
import { SidecarEdit } from '../core/sidecar/edits';
import type { AnnotationNode } from './annotationsTree';
import { CorpusService } from './corpusService';
import { COMMANDS } from './ids';

/** Arguments that skip the prompts (used by keybindings, scripts and tests). */
export interface AnnotateArgs {
  note?: string;
  tags?: string[];
}
export interface LinkArgs {
  to?: string;
  type?: LinkType;
}
export type DeleteArgs = AnnotationNode | { annotationId: string; confirmed?: boolean };
export type ReviewArgs = AnnotationNode | { annotationId: string; review?: ReviewState };

interface SelectionInCorpus {
  editor: vscode.TextEditor;
  path: string;
  start: number;
  end: number;
}

function selectionInCorpus(service: CorpusService): SelectionInCorpus | undefined {
  const editor = vscode.window.activeTextEditor;
  const path = editor && service.articlePathOf(editor.document.uri);
  if (!editor || path === undefined || !service.corpus) {
    void vscode.window.showWarningMessage('Marginalia: open an article of the corpus first.');
    return undefined;
  }
  return { editor, path, start: editor.document.offsetAt(editor.selection.start), end: editor.document.offsetAt(editor.selection.end) };
}

/** The edit that annotates `[start, end)`, with the actors mentioned inside it. */
function newAnnotationEdit(service: CorpusService, selection: SelectionInCorpus, args: AnnotateArgs): { id: string; edit: SidecarEdit } {
  const corpus = service.corpus!;
  const text = selection.editor.document.getText();
  const selector = describePassage(text, selection);
  const actors = [...new Set(corpus.article(selection.path)?.mentions.filter((m) => m.start >= selection.start && m.end <= selection.end).map((m) => m.actorId))];
  const id = uniqueId(slugify(selector.quote, 4), (candidate) => corpus.index.annotations.has(candidate));
  return { id, edit: { kind: 'addAnnotation', id, annotation: { file: selection.path, ...selector, note: args.note || undefined, tags: args.tags, actors } } };
}

async function annotateSelection(service: CorpusService, args: AnnotateArgs = {}): Promise<string | undefined> {
  const selection = selectionInCorpus(service);
  if (!selection) return undefined;
  if (selection.start === selection.end) {
    void vscode.window.showWarningMessage('Marginalia: select the passage to annotate.');
    return undefined;
  }
  const note = args.note ?? (await vscode.window.showInputBox({ title: 'Annotate selection', prompt: 'Note on this passage (optional)', placeHolder: 'What matters here?' }));
  if (note === undefined) return undefined;
  const { id, edit } = newAnnotationEdit(service, selection, { ...args, note });
  return (await service.applyEdits([edit])) ? id : undefined;
}

async function linkSelection(service: CorpusService, args: LinkArgs = {}): Promise<boolean> {
  const selection = selectionInCorpus(service);
  if (!selection) return false;
  const corpus = service.corpus!;
  const edits: SidecarEdit[] = [];
  let from = corpus.annotationsAt(selection.path, selection.start)[0]?.annotation.id;
  if (from === undefined) {
    if (selection.start === selection.end) {
      void vscode.window.showWarningMessage('Marginalia: select a passage, or put the cursor in an annotation, to link from.');
      return false;
    }
    const created = newAnnotationEdit(service, selection, {});
    from = created.id;
    edits.push(created.edit);
  }
  let to = args.to;
  if (to === undefined) {
    const picks = corpus.anchoredAnnotations()
      .filter(({ annotation }) => annotation.id !== from)
      .map(({ annotation, result }) => ({
        label: annotation.quote,
        description: `${annotation.file}${result.range ? `:${(corpus.anchorLine(annotation.id) ?? 0) + 1}` : ' (orphaned)'}`,
        detail: annotation.note,
        id: annotation.id,
      }));
    to = (await vscode.window.showQuickPick(picks, { title: 'Link to which passage?', matchOnDescription: true, matchOnDetail: true }))?.id;
    if (to === undefined) return false;
  }
  const type = args.type ?? ((await vscode.window.showQuickPick([...LINK_TYPES], { title: 'Type of link' })) as LinkType | undefined);
  if (type === undefined) return false;
  edits.push({ kind: 'addLink', from, to, type });
  return service.applyEdits(edits);
}

/** The annotation a command is about: the one named, the tree item clicked, or the one under the cursor. */
function targetAnnotation(service: CorpusService, args: DeleteArgs | ReviewArgs | undefined, action: string): string | undefined {
  const corpus = service.corpus;
  if (!corpus) return undefined;
  let id: string | undefined;
  if (args && 'annotationId' in args) id = args.annotationId;
  else if (args && args.type === 'annotation') id = args.id;
  else {
    const selection = selectionInCorpus(service);
    id = selection && corpus.annotationsAt(selection.path, selection.start)[0]?.annotation.id;
  }
  if (id === undefined) void vscode.window.showWarningMessage(`Marginalia: put the cursor in an annotation, or pick one in the Annotations view, to ${action} it.`);
  return id;
}

async function setReviewState(service: CorpusService, args?: ReviewArgs): Promise<boolean> {
  const id = targetAnnotation(service, args, 'review');
  const annotation = id === undefined ? undefined : service.corpus!.index.annotations.get(id);
  if (!annotation) return false;
  let review = args && 'review' in args ? args.review : undefined;
  if (review === undefined) {
    const current = annotation.review ?? 'draft';
    const picks = REVIEW_STATES.map((state) => ({ label: state, description: state === current ? 'current' : undefined }));
    review = (await vscode.window.showQuickPick(picks, { title: `Review state of "${id}"`, placeHolder: `now: ${current}` }))?.label;
    if (review === undefined) return false;
  }
  return service.applyEdits([{ kind: 'setAnnotationReview', id: annotation.id, review }]);
}

async function deleteAnnotation(service: CorpusService, args?: DeleteArgs): Promise<boolean> {
  const id = targetAnnotation(service, args, 'delete');
  if (id === undefined) return false;
  const confirmed = args !== undefined && 'confirmed' in args && args.confirmed === true;
  if (!confirmed) {
    const answer = await vscode.window.showWarningMessage(`Delete annotation "${id}" and the links to it?`, { modal: true }, 'Delete');
    if (answer !== 'Delete') return false;
  }
  return service.applyEdits([{ kind: 'deleteAnnotation', id }]);
}

export function registerAnnotationCommands(service: CorpusService): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.annotateSelection, (args?: AnnotateArgs) => annotateSelection(service, args)),
    vscode.commands.registerCommand(COMMANDS.linkSelection, (args?: LinkArgs) => linkSelection(service, args)),
    vscode.commands.registerCommand(COMMANDS.deleteAnnotation, (args?: DeleteArgs) => deleteAnnotation(service, args)),
    vscode.commands.registerCommand(COMMANDS.setReviewState, (args?: ReviewArgs) => setReviewState(service, args)),
  );
}
