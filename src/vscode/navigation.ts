/**
 * Cross-references: Go to Definition on an annotation goes to its linked passages (on a mention,
 * to the actor's entry in the sidecar); Find All References on a mention lists every mention of
 * that actor across the corpus; next/previous annotation; related passages.
 */
import * as vscode from 'vscode';
import { RelatedReason } from '../core/crossReferences';
import { Corpora } from './corpora';
import { toPosition, toRange } from './convert';
import { ARTICLE_DOCUMENTS, COMMANDS } from './ids';
import { passageLocation } from './passages';

export function registerNavigation(corpora: Corpora): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerDefinitionProvider(ARTICLE_DOCUMENTS, {
      async provideDefinition(document, position, token) {
        await corpora.serviceFor(document.uri)?.whenReady();
        const here = corpora.articleAt(document.uri);
        if (token.isCancellationRequested || !here) return undefined;
        const { corpus, path, service } = here;
        const offset = document.offsetAt(position);
        const links = corpus.annotationsAt(path, offset).flatMap(({ annotation }) => annotation.links);
        const targets = links
          .map((link) => {
            const target = corpus.index.annotations.get(link.to);
            const range = corpus.anchorOf(link.to)?.range;
            return target && range ? passageLocation(service, target.file, range) : undefined;
          })
          .filter((l): l is vscode.Location => l !== undefined);
        if (targets.length) return targets;
        const mention = corpus.mentionAt(path, offset);
        const actor = mention && corpus.index.actors.get(mention.actorId);
        const sidecar = service.sidecarUri;
        if (!actor || !sidecar) return undefined;
        const sidecarDocument = await vscode.workspace.openTextDocument(sidecar);
        return new vscode.Location(sidecar, toRange(sidecarDocument, actor.span));
      },
    }),
    vscode.languages.registerReferenceProvider(ARTICLE_DOCUMENTS, {
      async provideReferences(document, position, _context, token) {
        await corpora.serviceFor(document.uri)?.whenReady();
        const here = corpora.articleAt(document.uri);
        if (token.isCancellationRequested || !here) return undefined;
        const { corpus, service } = here;
        const mention = corpus.mentionAt(here.path, document.offsetAt(position));
        if (!mention) return undefined;
        const locations: vscode.Location[] = [];
        for (const [file, mentions] of corpus.mentionsOf(mention.actorId)) {
          for (const m of mentions) {
            const location = passageLocation(service, file, m);
            if (location) locations.push(location);
          }
        }
        return locations;
      },
    }),
    vscode.commands.registerTextEditorCommand(COMMANDS.nextAnnotation, (editor) => stepAnnotation(corpora, editor, 1)),
    vscode.commands.registerTextEditorCommand(COMMANDS.previousAnnotation, (editor) => stepAnnotation(corpora, editor, -1)),
    vscode.commands.registerCommand(COMMANDS.relatedPassages, () => showRelatedPassages(corpora)),
  );
}

/** Moves the selection to the next (or previous) anchored annotation of the file, wrapping around. */
function stepAnnotation(corpora: Corpora, editor: vscode.TextEditor, direction: 1 | -1): void {
  const article = corpora.articleAt(editor.document.uri);
  if (!article) return;
  const ranges = article.corpus.annotationsOf(article.path)
    .filter(({ result }) => result.range)
    .map(({ result }) => result.range!)
    .sort((a, b) => a.start - b.start);
  if (ranges.length === 0) {
    void vscode.window.setStatusBarMessage('Marginalia: no annotations in this file', 3000);
    return;
  }
  const here = editor.document.offsetAt(editor.selection.start);
  const next = direction === 1
    ? ranges.find((r) => r.start > here) ?? ranges[0]
    : [...ranges].reverse().find((r) => r.start < here) ?? ranges[ranges.length - 1];
  const range = new vscode.Range(toPosition(editor.document, next.start), toPosition(editor.document, next.end));
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

function relatedBecause(reason: RelatedReason): string {
  if (reason.kind === 'link') return `${reason.type} →`;
  if (reason.kind === 'backlink') return `← ${reason.type}`;
  return [reason.actors.length ? `shares ${reason.actors.join(', ')}` : '', reason.tags.length ? `tagged ${reason.tags.join(', ')}` : ''].filter(Boolean).join('; ');
}

interface PassagePick extends vscode.QuickPickItem {
  annotationId: string;
}

/** Passages linked to or from the annotation at the cursor, or sharing its actors or tags. */
async function showRelatedPassages(corpora: Corpora): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const article = editor && corpora.articleAt(editor.document.uri);
  if (!editor || !article) return;
  const { corpus } = article;
  const here = corpus.annotationsAt(article.path, editor.document.offsetAt(editor.selection.active))[0]?.annotation;
  if (!here) {
    void vscode.window.showInformationMessage('Marginalia: put the cursor in an annotated passage to see related passages.');
    return;
  }
  const picks: PassagePick[] = corpus.relatedPassages(here.id).map(({ annotationId, reason }) => ({
    annotationId,
    label: corpus.index.annotations.get(annotationId)!.quote,
    description: corpus.placeOf(annotationId),
    detail: relatedBecause(reason),
  }));
  const pick = await vscode.window.showQuickPick(picks, { title: `Passages related to “${here.quote}”`, matchOnDescription: true, matchOnDetail: true });
  if (pick) await vscode.commands.executeCommand(COMMANDS.openPassage, { annotationId: pick.annotationId, root: article.service.key });
}
