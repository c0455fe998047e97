/** Commands on annotations: annotate the selection, link it to another passage, set its review state, delete one. */
import * as vscode from 'vscode';
import { describePassage } from '../core/anchoring';
import { LINK_TYPES, LinkType, REVIEW_STATES, ReviewState } from '../core/model';
import { slugify, uniqueId } from '../core/naming';
import { SidecarEdit } from '../core/sidecar/edits';
import type { AnnotationNode } from './annotationsTree';
import { CorpusService, EditPlan } from './corpusService';
import { COMMANDS } from './ids';

/** Arguments that skip the prompts (used by keybindings, scripts and tests). */
export interface AnnotateArgs {
  note?: string;
  /** Pre-fills the note prompt, which is still shown (a keybinding can start every note with a template). */
  draft?: string;
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
  /** The article's text when the command started: the passage is described from it, even if a prompt is slow. */
  text: string;
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
  const document = editor.document;
  return { editor, path, text: document.getText(), start: document.offsetAt(editor.selection.start), end: document.offsetAt(editor.selection.end) };
}

/** A new annotation, planned when it is queued (and again on Retry); `id` is the one last planned. */
interface AnnotationPlan {
  plan: EditPlan;
  id(): string;
}

/**
 * Annotates `[start, end)` with the actors mentioned inside it. The passage is taken now; the id is
 * chosen each time the edit is planned, among the ids neither in the index nor reserved by a queued edit.
 */
function planAnnotation(service: CorpusService, selection: SelectionInCorpus, args: AnnotateArgs): AnnotationPlan {
  const selector = describePassage(selection.text, selection);
  const actors = [...new Set(service.corpus?.article(selection.path)?.mentions.filter((m) => m.start >= selection.start && m.end <= selection.end).map((m) => m.actorId))];
  let id = '';
  return {
    plan: () => {
      id = uniqueId(slugify(selector.quote, 4), (candidate) => service.isAnnotationIdTaken(candidate));
      return [{ kind: 'addAnnotation', id, annotation: { file: selection.path, ...selector, note: args.note || undefined, tags: args.tags, actors } }];
    },
    id: () => id,
  };
}

async function annotateSelection(service: CorpusService, args: AnnotateArgs = {}): Promise<string | undefined> {
  // Before anything is asked: a note typed for a write that cannot happen would be lost.
  if (!service.checkCanWrite()) return undefined;
  const selection = selectionInCorpus(service);
  if (!selection) return undefined;
  if (selection.start === selection.end) {
    void vscode.window.showWarningMessage('Marginalia: select the passage to annotate.');
    return undefined;
  }
  const note = args.note ?? (await vscode.window.showInputBox({ title: 'Annotate selection', prompt: 'Note on this passage (optional)', placeHolder: 'What matters here?', value: args.draft }));
  if (note === undefined) return undefined;
  const annotation = planAnnotation(service, selection, { ...args, note });
  return (await service.applyEdits(annotation.plan, { retry: true })) ? annotation.id() : undefined;
}

async function linkSelection(service: CorpusService, args: LinkArgs = {}): Promise<boolean> {
  if (!service.checkCanWrite()) return false;
  const selection = selectionInCorpus(service);
  if (!selection) return false;
  const corpus = service.corpus!;
  // From the annotation under the cursor, or from a new one on the selection.
  const existing = corpus.annotationsAt(selection.path, selection.start)[0]?.annotation.id;
  if (existing === undefined && selection.start === selection.end) {
    void vscode.window.showWarningMessage('Marginalia: select a passage, or put the cursor in an annotation, to link from.');
    return false;
  }
  const created = existing === undefined ? planAnnotation(service, selection, {}) : undefined;
  let to = args.to;
  if (to === undefined) {
    const picks = corpus.anchoredAnnotations()
      .filter(({ annotation }) => annotation.id !== existing)
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
  const target = to;
  const plan: EditPlan = () => {
    const edits: SidecarEdit[] = created ? [...created.plan()] : [];
    return [...edits, { kind: 'addLink', from: created ? created.id() : existing!, to: target, type }];
  };
  return service.applyEdits(plan, { retry: true });
}

/** The annotation a command is about: the one named, the tree item clicked, or the one under the cursor. */
function targetAnnotation(service: CorpusService, args: DeleteArgs | ReviewArgs | undefined, action: string): string | undefined {
  const corpus = service.corpus;
  if (!corpus || !service.checkCanWrite()) return undefined;
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
  return service.applyEdits([{ kind: 'setAnnotationReview', id: annotation.id, review }], { retry: true });
}

async function deleteAnnotation(service: CorpusService, args?: DeleteArgs): Promise<boolean> {
  const id = targetAnnotation(service, args, 'delete');
  if (id === undefined) return false;
  const confirmed = args !== undefined && 'confirmed' in args && args.confirmed === true;
  if (!confirmed) {
    const answer = await vscode.window.showWarningMessage(`Delete annotation "${id}" and the links to it?`, { modal: true }, 'Delete');
    if (answer !== 'Delete') return false;
  }
  return service.applyEdits([{ kind: 'deleteAnnotation', id }], { retry: true });
}

export function registerAnnotationCommands(service: CorpusService): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.annotateSelection, (args?: AnnotateArgs) => annotateSelection(service, args)),
    vscode.commands.registerCommand(COMMANDS.linkSelection, (args?: LinkArgs) => linkSelection(service, args)),
    vscode.commands.registerCommand(COMMANDS.deleteAnnotation, (args?: DeleteArgs) => deleteAnnotation(service, args)),
    vscode.commands.registerCommand(COMMANDS.setReviewState, (args?: ReviewArgs) => setReviewState(service, args)),
  );
}
