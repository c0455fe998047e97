/** Commands on annotations: annotate the selection, link it to another passage, set its review state, delete one. */
import * as vscode from 'vscode';
import { describePassage } from '../core/anchoring';
import { CorpusIndex } from '../core/corpus';
import { LINK_TYPES, LinkType, REVIEW_STATES, ReviewState } from '../core/model';
import { slugify, uniqueId } from '../core/naming';
import { SidecarEdit } from '../core/sidecar/edits';
import { gitUserName } from '../node/gitUser';
import { AnnotateSteps, askActors, askId, askNote, askTags, idProblem } from './annotationPrompts';
import type { AnnotationNode } from './annotationsTree';
import { Corpora } from './corpora';
import { CorpusService, EditPlan } from './corpusService';
import { COMMANDS, INTERNAL_COMMANDS } from './ids';
import { MarginaliaSettings } from './settings';

/**
 * Arguments that skip the prompts (used by keybindings, scripts and tests). With `note` nothing is
 * asked: tags default to none, actors to those mentioned in the passage, the id to one made from
 * the quote. Without it each step is asked unless its argument is given.
 */
export interface AnnotateArgs {
  note?: string;
  /** Pre-fills the note prompt, which is still shown (a keybinding can start every note with a template). */
  draft?: string;
  tags?: string[];
  /** Actor ids. */
  actors?: string[];
  id?: string;
}
export interface LinkArgs {
  to?: string;
  type?: LinkType;
}
/** `root` names the corpus (`CorpusService.key`) when the window has several; tree nodes carry it. */
export type DeleteArgs = AnnotationNode | { annotationId: string; confirmed?: boolean; root?: string };
export type ReviewArgs = AnnotationNode | { annotationId: string; review?: ReviewState; root?: string };

interface SelectionInCorpus {
  editor: vscode.TextEditor;
  /** The index when the command started. */
  corpus: CorpusIndex;
  path: string;
  /** The article's text when the command started: the passage is described from it, even if a prompt is slow. */
  text: string;
  start: number;
  end: number;
}

function selectionInCorpus(service: CorpusService): SelectionInCorpus | undefined {
  const editor = vscode.window.activeTextEditor;
  const here = editor && service.articleAt(editor.document.uri);
  if (!editor || !here) {
    void vscode.window.showWarningMessage('Marginalia: open an article of the corpus first.');
    return undefined;
  }
  const document = editor.document;
  return { editor, corpus: here.corpus, path: here.path, text: document.getText(), start: document.offsetAt(editor.selection.start), end: document.offsetAt(editor.selection.end) };
}

/** A new annotation, planned when it is queued (and again on Retry); `id` is the one last planned. */
interface AnnotationPlan {
  plan: EditPlan;
  id(): string;
}

/** What a new annotation says beyond its passage. */
interface AnnotationContent {
  note?: string;
  tags?: string[];
  /** Default: the actors mentioned in the passage. */
  actors?: string[];
  /** The id asked for; if a queued edit has taken it by the time this is planned, the next free variant. */
  id?: string;
  author?: string;
  created?: string;
}

/** The ids of the actors mentioned inside `[start, end)`, in order of first mention. */
function actorsMentioned(selection: SelectionInCorpus): string[] {
  const mentions = selection.corpus.article(selection.path)?.mentions ?? [];
  return [...new Set(mentions.filter((m) => m.start >= selection.start && m.end <= selection.end).map((m) => m.actorId))];
}

/** The id made from the quote's first words, among the ids neither in the index nor reserved. */
function suggestedId(service: CorpusService, quote: string): string {
  return uniqueId(slugify(quote, 4), (candidate) => service.isAnnotationIdTaken(candidate));
}

/**
 * Annotates `[start, end)`. The passage is taken now; the id is chosen each time the edit is
 * planned, among the ids neither in the index nor reserved by a queued edit.
 */
function planAnnotation(service: CorpusService, selection: SelectionInCorpus, content: AnnotationContent): AnnotationPlan {
  const selector = describePassage(selection.text, selection);
  const actors = content.actors ?? actorsMentioned(selection);
  let id = '';
  return {
    plan: () => {
      id = uniqueId(content.id ?? slugify(selector.quote, 4), (candidate) => service.isAnnotationIdTaken(candidate));
      const { note, tags, author, created } = content;
      return [{ kind: 'addAnnotation', id, annotation: { file: selection.path, ...selector, note: note || undefined, tags, actors, author, created } }];
    },
    id: () => id,
  };
}

/** Today in the user's time zone, as an ISO date: `2024-06-20`. */
export function isoDate(date = new Date()): string {
  return `${String(date.getFullYear()).padStart(4, '0')}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** The `marginalia.author` setting, else git's `user.name` for the corpus folder, else nobody. */
async function authorName(service: CorpusService, settings: MarginaliaSettings): Promise<string | undefined> {
  if (settings.author) return settings.author;
  const folder = service.sidecarUri && vscode.Uri.joinPath(service.sidecarUri, '..');
  return folder?.scheme === 'file' ? gitUserName(folder.fsPath) : undefined;
}

/** What the annotate command needs besides the corpus. */
export interface AnnotateContext {
  settings: () => MarginaliaSettings;
  /** Shows an annotation of a corpus in the Annotations view. */
  reveal: (annotationId: string, service: CorpusService) => Thenable<void>;
}

async function annotateSelection(service: CorpusService, context: AnnotateContext, steps: AnnotateSteps, args: AnnotateArgs = {}): Promise<string | undefined> {
  // Before anything is asked: a note typed for a write that cannot happen would be lost.
  if (!vscode.workspace.isTrusted) {
    const manage = 'Manage Workspace Trust';
    void vscode.window.showWarningMessage('Marginalia: this workspace is in Restricted Mode, so Marginalia only reads it and cannot write annotations to its index. Trust the workspace to annotate.', manage).then((choice) => {
      if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return undefined;
  }
  if (!service.checkCanWrite()) return undefined;
  const selection = selectionInCorpus(service);
  if (!selection) return undefined;
  if (selection.start === selection.end) {
    void vscode.window.showWarningMessage('Marginalia: select the passage to annotate.');
    return undefined;
  }
  if (args.id !== undefined) {
    const problem = idProblem(args.id, (id) => service.isAnnotationIdTaken(id));
    if (problem) {
      void vscode.window.showWarningMessage(`Marginalia: ${problem}`);
      return undefined;
    }
  }
  const author = authorName(service, context.settings());
  const quote = selection.text.slice(selection.start, selection.end);
  const interactive = args.note === undefined;
  const note = args.note ?? (await askNote(steps, quote, args.draft));
  if (note === undefined) return undefined;
  const { corpus } = selection;
  const tags = args.tags ?? (interactive ? await askTags(steps, corpus) : undefined);
  if (tags === undefined && interactive) return undefined;
  const actors = args.actors ?? (interactive ? await askActors(steps, corpus, actorsMentioned(selection)) : undefined);
  if (actors === undefined && interactive) return undefined;
  const id = args.id ?? (interactive ? await askId(steps, suggestedId(service, describePassage(selection.text, selection).quote), (candidate) => service.isAnnotationIdTaken(candidate)) : undefined);
  if (id === undefined && interactive) return undefined;
  const annotation = planAnnotation(service, selection, { note, tags, actors, id, author: await author, created: isoDate() });
  if (!(await service.applyEdits(annotation.plan, { retry: true }))) return undefined;
  const written = annotation.id();
  vscode.window.setStatusBarMessage(`$(check) Marginalia: annotation “${written}” added`, 10_000);
  // Written: a view that cannot show it now (hidden, still refreshing) does not make it unwritten.
  await context.reveal(written, service).then(undefined, () => undefined);
  return written;
}

async function linkSelection(service: CorpusService, settings: MarginaliaSettings, args: LinkArgs = {}): Promise<boolean> {
  if (!service.checkCanWrite()) return false;
  const selection = selectionInCorpus(service);
  if (!selection) return false;
  const { corpus } = selection;
  // From the annotation under the cursor, or from a new one on the selection.
  const existing = corpus.annotationsAt(selection.path, selection.start)[0]?.annotation.id;
  if (existing === undefined && selection.start === selection.end) {
    void vscode.window.showWarningMessage('Marginalia: select a passage, or put the cursor in an annotation, to link from.');
    return false;
  }
  // A passage annotated by linking it records who and when, as Annotate Selection does.
  const created = existing === undefined ? planAnnotation(service, selection, { author: await authorName(service, settings), created: isoDate() }) : undefined;
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
function targetAnnotation(service: CorpusService, args: DeleteArgs | ReviewArgs | undefined, action: string): { id: string; corpus: CorpusIndex } | undefined {
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
  return id === undefined ? undefined : { id, corpus };
}

async function setReviewState(service: CorpusService, args?: ReviewArgs): Promise<boolean> {
  const target = targetAnnotation(service, args, 'review');
  const annotation = target?.corpus.index.annotations.get(target.id);
  if (!annotation) return false;
  const { id } = annotation;
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
  const id = targetAnnotation(service, args, 'delete')?.id;
  if (id === undefined) return false;
  const confirmed = args !== undefined && 'confirmed' in args && args.confirmed === true;
  if (!confirmed) {
    const answer = await vscode.window.showWarningMessage(`Delete annotation "${id}" and the links to it?`, { modal: true }, 'Delete');
    if (answer !== 'Delete') return false;
  }
  return service.applyEdits([{ kind: 'deleteAnnotation', id }], { retry: true });
}

export function registerAnnotationCommands(corpora: Corpora, context: AnnotateContext): vscode.Disposable {
  const steps = new AnnotateSteps();
  // On a selection: the corpus of the editor's file (else the first, which says to open an article of it).
  const editorCorpus = (): CorpusService | undefined => corpora.active() ?? corpora.primary;
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.annotateSelection, async (args?: AnnotateArgs) => {
      const service = editorCorpus();
      return service && annotateSelection(service, context, steps, args);
    }),
    vscode.commands.registerCommand(INTERNAL_COMMANDS.annotateStep, () => steps.current),
    vscode.commands.registerCommand(COMMANDS.linkSelection, async (args?: LinkArgs) => {
      const service = editorCorpus();
      return service !== undefined && linkSelection(service, context.settings(), args);
    }),
    vscode.commands.registerCommand(COMMANDS.deleteAnnotation, async (args?: DeleteArgs) => {
      const service = await corpora.forActiveEditorOrPick(args);
      return service !== undefined && deleteAnnotation(service, args);
    }),
    vscode.commands.registerCommand(COMMANDS.setReviewState, async (args?: ReviewArgs) => {
      const service = await corpora.forActiveEditorOrPick(args);
      return service !== undefined && setReviewState(service, args);
    }),
  );
}
