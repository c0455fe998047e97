/** Opening a passage of the corpus: the target of hover links, tree items and quick picks. */
import * as vscode from 'vscode';
import { OffsetRange } from '../core/model';
import { Corpora } from './corpora';
import { CorpusService } from './corpusService';
import { toRange } from './convert';
import { COMMANDS } from './ids';

/**
 * Arguments of `marginalia.openPassage`: an annotation id, or a file with an optional range; `root`
 * names the corpus (`CorpusService.key`) when the window has several.
 */
export type PassageTarget = ({ annotationId: string } | { file: string; range?: OffsetRange }) & { root?: string };

/** The range of a passage in a text the core knows; undefined when it cannot be placed. */
export function resolvePassage(service: CorpusService, target: PassageTarget): { file: string; range?: OffsetRange } | undefined {
  const corpus = service.corpus;
  if (!corpus) return undefined;
  if ('annotationId' in target) {
    const annotation = corpus.index.annotations.get(target.annotationId);
    if (!annotation) return undefined;
    return { file: annotation.file, range: corpus.anchorOf(annotation.id)?.range };
  }
  return target;
}

/** The location of a passage, for definition and reference results. */
export function passageLocation(service: CorpusService, file: string, range: OffsetRange): vscode.Location | undefined {
  const uri = service.uriOf(file);
  const article = service.corpus?.article(file);
  if (!uri || !article) return undefined;
  return new vscode.Location(uri, toRange(article.lines, range));
}

/** A `command:` URI for a hover link, its arguments encoded as VS Code expects. */
export function openPassageUri(target: PassageTarget): vscode.Uri {
  return vscode.Uri.parse(`command:${COMMANDS.openPassage}?${encodeURIComponent(JSON.stringify([target]))}`);
}

/** The corpus a passage is in: the one named, else the active editor's or the only one, else the first that knows it. */
function corpusOfPassage(corpora: Corpora, target: PassageTarget): CorpusService | undefined {
  const named = corpora.byKey(target.root) ?? corpora.active();
  if (named) return named;
  return corpora.all.find((s) => ('annotationId' in target ? s.corpus?.index.annotations.has(target.annotationId) : s.corpus?.article(target.file) !== undefined));
}

export function registerOpenPassage(corpora: Corpora): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.openPassage, async (target: PassageTarget) => {
    const service = corpusOfPassage(corpora, target);
    const corpus = service?.corpus;
    const passage = service && resolvePassage(service, target);
    const uri = passage && service.uriOf(passage.file);
    if (!corpus || !passage || !uri) {
      void vscode.window.showWarningMessage('Marginalia: that passage is not in the corpus.');
      return;
    }
    // A file the corpus refused (a symlink leading outside, a FIFO) is not opened on its behalf either.
    const refusal = corpus.refusalOf(passage.file);
    if (refusal !== undefined) {
      void vscode.window.showWarningMessage(`Marginalia: ${passage.file} is not read: ${refusal}.`);
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, { preview: true });
    if (passage.range) {
      const range = toRange(document, passage.range);
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } else if ('annotationId' in target) {
      const result = corpus.anchorOf(target.annotationId);
      void vscode.window.showWarningMessage(result?.status === 'ambiguous'
        ? `Marginalia: annotation "${target.annotationId}" is ambiguous: its quote is on lines ${corpus.candidateLinesText(passage.file, result.candidates ?? [])} of ${passage.file}. Choose one with the quick fix in the Problems panel.`
        : `Marginalia: annotation "${target.annotationId}" is orphaned; its quote is no longer in ${passage.file}.`);
    }
  });
}
