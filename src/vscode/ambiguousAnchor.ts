/**
 * Ambiguous anchors: an annotation whose quote occurs more than once, with nothing stored to tell
 * the copies apart, gets a quick fix per copy — on its diagnostic in the sidecar, and at each copy
 * in the article. Choosing one stores that copy's prefix, suffix and start, so the annotation
 * anchors exactly there from then on.
 */
import * as vscode from 'vscode';
import { describePassage } from '../core/anchoring';
import type { AnchoredAnnotation, CorpusIndex } from '../core/corpus';
import { OffsetRange } from '../core/model';
import { Corpora } from './corpora';
import { CorpusService } from './corpusService';
import { ARTICLE_DOCUMENTS, COMMANDS } from './ids';

/** The diagnostic code `CorpusIndex.problems()` gives an ambiguous annotation. */
export const AMBIGUOUS_ANCHOR_CODE = 'ambiguous-anchor';

/** Arguments of `marginalia.chooseAnchor`: the annotation, and the start of the copy it means. */
export interface ChooseAnchorArgs {
  annotationId: string;
  start: number;
  /** The corpus (`CorpusService.key`), when the window has several. */
  root?: string;
}

/** Quick fixes offered at most, per annotation: beyond that, a prefix or suffix written by hand says more. */
const MAX_CHOICES = 20;
/** Characters of context shown on each side of the quote in a quick fix's title. */
const CONTEXT_SHOWN = 24;

export function registerAmbiguousAnchors(corpora: Corpora): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(document, range, context) {
      const service = corpora.serviceFor(document.uri);
      const corpus = service?.corpus;
      if (!service || !corpus || corpus.sidecar.invalid) return undefined;
      const path = service.articlePathOf(document.uri);
      const actions = service.sidecarUri?.toString() === document.uri.toString() ? sidecarFixes(corpus, document, context)
        : path === undefined ? undefined : articleFixes(corpus, path, document, range);
      // With several corpora, the fix names the one it stores in.
      if (corpora.all.length > 1) for (const action of actions ?? []) (action.command!.arguments![0] as ChooseAnchorArgs).root = service.key;
      return actions;
    },
  };
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider([{ language: 'yaml' }, ...ARTICLE_DOCUMENTS], provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand(COMMANDS.chooseAnchor, (args: ChooseAnchorArgs) => chooseAnchor(corpora.byKey(args.root) ?? corpora.active() ?? corpora.primary, args)),
  );
}

/** In the sidecar: one fix per copy, on each ambiguous-anchor diagnostic asked about. */
function sidecarFixes(corpus: CorpusIndex, document: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
  const actions: vscode.CodeAction[] = [];
  for (const diagnostic of context.diagnostics) {
    if (diagnostic.source !== 'marginalia' || diagnostic.code !== AMBIGUOUS_ANCHOR_CODE) continue;
    // The diagnostic sits on the annotation's entry: find the ambiguous annotation whose entry holds it.
    const offset = document.offsetAt(diagnostic.range.start);
    const ambiguous = corpus.anchoredAnnotations().find(({ annotation, result }) => result.status === 'ambiguous' && annotation.span.start <= offset && offset < annotation.span.end);
    if (ambiguous) actions.push(...choices(corpus, ambiguous, ambiguous.result.candidates ?? [], diagnostic));
  }
  return actions;
}

/** In an article: at a copy of an ambiguous annotation's quote, a fix that anchors it to that copy. */
function articleFixes(corpus: CorpusIndex, path: string, document: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
  const from = document.offsetAt(range.start);
  const to = document.offsetAt(range.end);
  const actions: vscode.CodeAction[] = [];
  for (const anchored of corpus.annotationsOf(path)) {
    if (anchored.result.status !== 'ambiguous') continue;
    const here = (anchored.result.candidates ?? []).filter((c) => c.start <= to && from <= c.end);
    actions.push(...choices(corpus, anchored, here));
  }
  return actions;
}

/** One fix per copy: "Anchor "id" to line 17: …context «quote» context…". */
function choices(corpus: CorpusIndex, { annotation }: AnchoredAnnotation, candidates: readonly OffsetRange[], diagnostic?: vscode.Diagnostic): vscode.CodeAction[] {
  const article = corpus.article(annotation.file);
  if (!article) return [];
  const lines = corpus.candidateLines(annotation.file, candidates.slice(0, MAX_CHOICES));
  return candidates.slice(0, MAX_CHOICES).map((candidate, i) => {
    const action = new vscode.CodeAction(`Anchor "${annotation.id}" to line ${lines[i]}: ${excerpt(article.text, candidate)}`, vscode.CodeActionKind.QuickFix);
    if (diagnostic) action.diagnostics = [diagnostic];
    const args: ChooseAnchorArgs = { annotationId: annotation.id, start: candidate.start };
    action.command = { command: COMMANDS.chooseAnchor, title: 'Choose this copy', arguments: [args] };
    return action;
  });
}

/** "…before «quote» after…" on one line: what tells this copy from the others is around it. Cut at words, never inside one. */
function excerpt(text: string, range: OffsetRange): string {
  const oneLine = (s: string): string => s.replace(/\s+/g, ' ');
  const from = Math.max(0, range.start - CONTEXT_SHOWN);
  const to = range.end + CONTEXT_SHOWN;
  const before = oneLine(dropPartialWord(text.slice(from, range.start), from > 0 && /\S/.test(text[from - 1]), 'head')).trimStart();
  const after = oneLine(dropPartialWord(text.slice(range.end, to), to < text.length && /\S/.test(text[to]), 'tail')).trimEnd();
  let quote = oneLine(text.slice(range.start, range.end));
  if (quote.length > 40) quote = `${dropPartialWord(quote.slice(0, 20), /\S/.test(quote[20]), 'tail').trimEnd()} … ${dropPartialWord(quote.slice(-20), /\S/.test(quote[quote.length - 21]), 'head').trimStart()}`;
  return `${from > 0 ? '…' : ''}${before}«${quote}»${after}${to < text.length ? '…' : ''}`;
}

/** `slice` without the piece of a word cut at its head or tail (when `cut`), unless that is all it has. */
function dropPartialWord(slice: string, cut: boolean, end: 'head' | 'tail'): string {
  if (!cut) return slice;
  const trimmed = end === 'head' ? slice.replace(/^\S+/, '') : slice.replace(/\S+$/, '');
  return /\S/.test(trimmed) ? trimmed : slice;
}

/** Stores the chosen copy's selector. Returns whether it was written. */
async function chooseAnchor(service: CorpusService | undefined, args: ChooseAnchorArgs): Promise<boolean> {
  await service?.whenReady();
  const corpus = service?.corpus;
  const annotation = corpus?.index.annotations.get(args.annotationId);
  const text = annotation && corpus?.article(annotation.file)?.text;
  // The article may have changed since the fix was offered: only a copy still there is stored.
  if (!annotation || text === undefined || !text.startsWith(annotation.quote, args.start)) {
    void vscode.window.showWarningMessage(`Marginalia: that copy of annotation "${args.annotationId}" is no longer in the text; nothing was changed.`);
    return false;
  }
  const selector = describePassage(text, { start: args.start, end: args.start + annotation.quote.length });
  return service!.applyEdits([{ kind: 'setAnchor', annotationId: annotation.id, selector }]);
}
