/**
 * Hovers: on an annotated passage, the note with its tags, actors and linked passages (clickable);
 * on an actor mention, the actor card. Sidecar text is untrusted: it goes in as escaped text, and
 * the only commands a link may run are Marginalia's own.
 */
import * as vscode from 'vscode';
import { similarityPercent } from '../core/anchoring';
import { AnchoredAnnotation, CorpusIndex } from '../core/corpus';
import { ActorMention } from '../core/mentions';
import { escapeMarkdown, markdownCode } from '../core/markdownText';
import { bylineOf } from '../core/report';
import { safeNoteMarkdown } from '../core/safeMarkdown';
import { Corpora } from './corpora';
import { toRange } from './convert';
import { ARTICLE_DOCUMENTS, HOVER_COMMANDS } from './ids';
import { openPassageUri } from './passages';
import { counted } from '../core/text';

/** How many documents an actor card lists before "and N more". */
const MAX_DOCUMENTS_IN_CARD = 8;

export function registerHover(corpora: Corpora): vscode.Disposable {
  const provider: vscode.HoverProvider = {
    async provideHover(document, position, token) {
      await corpora.serviceFor(document.uri)?.whenReady();
      if (token.isCancellationRequested) return undefined;
      // Only the corpus of the document's folder: its actors and annotations, no other corpus's.
      const here = corpora.articleAt(document.uri);
      if (!here) return undefined;
      const { corpus, path } = here;
      // Links name the corpus when the window has several, so that they open in this one.
      const root = corpora.all.length > 1 ? here.service.key : undefined;
      const offset = document.offsetAt(position);
      const annotations = corpus.annotationsAt(path, offset);
      const mention = corpus.mentionAt(path, offset);
      if (annotations.length === 0 && !mention) return undefined;
      const contents: vscode.MarkdownString[] = annotations.map((a) => annotationCard(corpus, a, root));
      if (mention) contents.push(actorCard(corpus, mention, root));
      // The innermost thing under the cursor decides the highlighted range.
      const range = mention ? { start: mention.start, end: mention.end } : annotations[0].result.range!;
      return new vscode.Hover(contents, toRange(document, range));
    },
  };
  return vscode.languages.registerHoverProvider(ARTICLE_DOCUMENTS, provider);
}

function trustedMarkdown(): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString('', true);
  markdown.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
  markdown.supportHtml = false;
  return markdown;
}

function annotationCard(corpus: CorpusIndex, { annotation, result }: AnchoredAnnotation, root: string | undefined): vscode.MarkdownString {
  const md = trustedMarkdown();
  md.appendMarkdown(`$(note) **Annotation** ${markdownCode(annotation.id)}`);
  if (result.status === 'fuzzy') md.appendMarkdown(` — *approximate match, ${similarityPercent(result.confidence)}%*`);
  if (annotation.review) md.appendMarkdown(` — *${escapeMarkdown(annotation.review)}*`);
  md.appendMarkdown('\n\n');
  if (annotation.note) appendNote(md, annotation.note);
  const facts: string[] = [];
  if (annotation.tags.length) facts.push(`Tags: ${annotation.tags.map(markdownCode).join(' ')}`);
  if (annotation.actors.length) facts.push(`Actors: ${annotation.actors.map((id) => escapeMarkdown(corpus.index.actors.get(id)?.name ?? id)).join(', ')}`);
  const byline = bylineOf(annotation);
  if (byline) facts.push(`*${escapeMarkdown(byline)}*`);
  if (facts.length) md.appendMarkdown(facts.join(' · ') + '\n\n');
  for (const link of annotation.links) md.appendMarkdown(`- ${escapeMarkdown(link.type)} → ${passageLink(corpus, link.to, root)}\n`);
  for (const back of corpus.linksTo(annotation.id)) md.appendMarkdown(`- ← ${escapeMarkdown(back.type)} from ${passageLink(corpus, back.from, root)}\n`);
  return md;
}

function passageLink(corpus: CorpusIndex, annotationId: string, root: string | undefined): string {
  const target = corpus.index.annotations.get(annotationId);
  if (!target) return `${markdownCode(annotationId)} (missing)`;
  return `[${escapeMarkdown(`“${truncate(target.quote, 60)}”`)}](${openPassageUri({ annotationId, root })}) — ${escapeMarkdown(corpus.placeOf(annotationId)!)}`;
}

function actorCard(corpus: CorpusIndex, mention: ActorMention, root: string | undefined): vscode.MarkdownString {
  const actor = corpus.index.actors.get(mention.actorId)!;
  const md = trustedMarkdown();
  md.appendMarkdown(`$(person) **${escapeMarkdown(actor.name)}** — ${escapeMarkdown(actor.kind)}`);
  if (actor.memberOf) md.appendMarkdown(` of ${escapeMarkdown(corpus.index.actors.get(actor.memberOf)?.name ?? actor.memberOf)}`);
  md.appendMarkdown('\n\n');
  if (actor.note) appendNote(md, actor.note);
  md.appendMarkdown(`Aliases: ${actor.aliases.map(markdownCode).join(', ')}\n\n`);
  const perFile = [...corpus.mentionsOf(actor.id)].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const total = perFile.reduce((n, [, list]) => n + list.length, 0);
  md.appendMarkdown(`**${counted(total, 'mention')}** in ${counted(perFile.length, 'document')}:\n`);
  for (const [file, list] of perFile.slice(0, MAX_DOCUMENTS_IN_CARD)) {
    const title = corpus.titleOf(file) ?? file;
    md.appendMarkdown(`- [${escapeMarkdown(title)}](${openPassageUri({ file, range: { start: list[0].start, end: list[0].end }, root })}) ×${list.length}\n`);
  }
  if (perFile.length > MAX_DOCUMENTS_IN_CARD) md.appendMarkdown(`- and ${perFile.length - MAX_DOCUMENTS_IN_CARD} more\n`);
  const relations = corpus.index.relations.filter((r) => r.from === actor.id || r.to === actor.id);
  if (relations.length) {
    md.appendMarkdown('\nRelations:\n');
    for (const r of relations) {
      const other = r.from === actor.id ? r.to : r.from;
      const arrow = r.from === actor.id ? '→' : '←';
      md.appendMarkdown(`- ${escapeMarkdown(r.type)} ${arrow} ${escapeMarkdown(corpus.index.actors.get(other)?.name ?? other)}${r.label ? ` (${escapeMarkdown(r.label)})` : ''}\n`);
    }
  }
  return md;
}

/**
 * A note from the sidecar, as Markdown rebuilt safe: no HTML, and no link but to the web or to the
 * commands this hover trusts (which only open passages), line breaks kept.
 */
function appendNote(md: vscode.MarkdownString, note: string): void {
  md.appendMarkdown(safeNoteMarkdown(note, { allowedCommands: HOVER_COMMANDS }) + '\n\n');
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : text.slice(0, length - 1) + '…';
}
