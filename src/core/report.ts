/**
 * Reviewer's notes: the annotations, actors and relations of a corpus as one document, each quote
 * cited as `file:line`. Built as plain data first, so Markdown, JSON (and later HTML) say the same.
 */
import type { AnchorStatus } from './anchoring';
import type { CorpusIndex } from './corpus';
import { LinkType, ReviewState } from './model';

export interface Citation {
  file: string;
  /** One-based line of the passage's start, absent when orphaned. */
  line?: number;
}

export interface NoteEntry extends Citation {
  id: string;
  quote: string;
  status: AnchorStatus;
  note?: string;
  tags: string[];
  review?: ReviewState;
  actors: { id: string; name: string }[];
  links: (Citation & { type: LinkType; to: string; quote?: string })[];
}

export interface ReviewNotes {
  documents: { path: string; title?: string; source?: string; date?: string; notes: NoteEntry[] }[];
  orphaned: NoteEntry[];
  actors: { id: string; name: string; kind: string; mentions: number; files: Record<string, number> }[];
  relations: { from: string; to: string; type: string; label?: string; evidence: (Citation & { id: string })[] }[];
}

/** Gathers the reviewer's notes from a built corpus. */
export function buildReviewNotes(corpus: CorpusIndex): ReviewNotes {
  const { index } = corpus;
  const cite = (annotationId: string): Citation => {
    const annotation = index.annotations.get(annotationId);
    if (!annotation) return { file: '?' };
    const line = corpus.anchorLine(annotationId);
    return { file: annotation.file, line: line === undefined ? undefined : line + 1 };
  };
  const entries = corpus.anchoredAnnotations().map(({ annotation, result }): NoteEntry => ({
    id: annotation.id,
    ...cite(annotation.id),
    quote: annotation.quote,
    status: result.status,
    note: annotation.note,
    tags: annotation.tags,
    review: annotation.review,
    actors: annotation.actors.map((id) => ({ id, name: index.actors.get(id)?.name ?? id })),
    links: annotation.links.map((link) => ({ type: link.type, to: link.to, quote: index.annotations.get(link.to)?.quote, ...cite(link.to) })),
  }));

  const byFile = new Map<string, NoteEntry[]>();
  for (const entry of entries) {
    if (entry.status === 'orphaned') continue;
    byFile.set(entry.file, [...(byFile.get(entry.file) ?? []), entry]);
  }
  const paths = [...new Set([...index.documents.keys(), ...byFile.keys()])].sort();
  const counts = corpus.mentionCounts();
  return {
    documents: paths.map((path) => {
      const meta = index.documents.get(path);
      const notes = (byFile.get(path) ?? []).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      return { path, title: meta?.title, source: meta?.source, date: meta?.date, notes };
    }),
    orphaned: entries.filter((e) => e.status === 'orphaned'),
    actors: [...index.actors.values()].map((actor) => {
      const files = Object.fromEntries([...(counts.get(actor.id) ?? new Map<string, number>())].sort());
      return { id: actor.id, name: actor.name, kind: actor.kind, mentions: Object.values(files).reduce((a, b) => a + b, 0), files };
    }),
    relations: index.relations.map((relation) => ({
      from: relation.from,
      to: relation.to,
      type: relation.type,
      label: relation.label,
      evidence: relation.evidence.map((id) => ({ id, ...cite(id) })),
    })),
  };
}

/** Escapes text from the sidecar or the corpus so Markdown shows it as written, never as markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~&$-]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

function citationLink(citation: Citation): string {
  if (citation.line === undefined) return `${escapeMarkdown(citation.file)} (orphaned)`;
  const label = escapeMarkdown(`${citation.file}:${citation.line}`);
  return `[${label}](<${encodeURI(citation.file)}#L${citation.line}>)`;
}

/** The reviewer's notes as Markdown, grouped by document. */
export function renderMarkdown(notes: ReviewNotes, title = 'Reviewer’s notes'): string {
  const out: string[] = [`# ${escapeMarkdown(title)}`, ''];
  const names = new Map(notes.actors.map((a) => [a.id, a.name]));
  const renderEntry = (entry: NoteEntry): void => {
    out.push(`### ${escapeMarkdown(entry.id)} — ${citationLink(entry)}`, '');
    out.push(...entry.quote.split(/\r?\n/).map((line) => `> ${escapeMarkdown(line)}`), '');
    if (entry.note) out.push(...entry.note.split(/\r?\n/).map(escapeMarkdown).map((l) => l + '  '), '');
    const facts: string[] = [];
    if (entry.review) facts.push(`review: ${entry.review}`);
    if (entry.tags.length) facts.push(`tags: ${entry.tags.map(escapeMarkdown).join(', ')}`);
    if (entry.actors.length) facts.push(`actors: ${entry.actors.map((a) => escapeMarkdown(a.name)).join(', ')}`);
    if (entry.status !== 'exact') facts.push(`anchor: ${entry.status}`);
    if (facts.length) out.push(`*${facts.join(' · ')}*`, '');
    for (const link of entry.links) {
      out.push(`- ${link.type} → ${escapeMarkdown(link.to)} (${citationLink(link)})${link.quote ? `: “${escapeMarkdown(link.quote)}”` : ''}`);
    }
    if (entry.links.length) out.push('');
  };
  for (const document of notes.documents) {
    if (document.notes.length === 0) continue;
    out.push(`## ${escapeMarkdown(document.title ?? document.path)}`, '');
    const meta = [document.source, document.date, document.title ? document.path : undefined].filter((x): x is string => !!x);
    if (meta.length) out.push(`*${meta.map(escapeMarkdown).join(' · ')}*`, '');
    document.notes.forEach(renderEntry);
  }
  if (notes.orphaned.length) {
    out.push('## Orphaned annotations', '', 'Their quotes are no longer found in the text; they are kept in the sidecar.', '');
    notes.orphaned.forEach(renderEntry);
  }
  if (notes.relations.length) {
    out.push('## Relations', '');
    for (const r of notes.relations) {
      const evidence = r.evidence.map((e) => `${escapeMarkdown(e.id)} (${citationLink(e)})`).join(', ');
      out.push(`- **${escapeMarkdown(names.get(r.from) ?? r.from)}** — ${escapeMarkdown(r.type)}${r.label ? ` (${escapeMarkdown(r.label)})` : ''} — **${escapeMarkdown(names.get(r.to) ?? r.to)}**${evidence ? `; evidence: ${evidence}` : ''}`);
    }
    out.push('');
  }
  if (notes.actors.length) {
    out.push('## Actors', '', '| actor | kind | mentions |', '|---|---|---|');
    for (const a of [...notes.actors].sort((x, y) => y.mentions - x.mentions)) out.push(`| ${escapeMarkdown(a.name)} | ${a.kind} | ${a.mentions} |`);
    out.push('');
  }
  return out.join('\n');
}

export const NOTES_FORMATS = ['md', 'json'] as const;
export type NotesFormat = (typeof NOTES_FORMATS)[number];

/** The reviewer's notes of a corpus in one format: what the CLI's export and the editor's command write. */
export function renderNotes(corpus: CorpusIndex, format: NotesFormat): string {
  const notes = buildReviewNotes(corpus);
  return format === 'json' ? JSON.stringify(notes, null, 2) + '\n' : renderMarkdown(notes);
}
