/**
 * Reviewer's notes: the annotations, actors and relations of a corpus as one document, each quote
 * cited as `file:line` with its document's title, source and date. Built as plain data first
 * (grouped by document, actor or tag), so Markdown, HTML and JSON say the same thing.
 */
import type { AnchorStatus } from './anchoring';
import type { CorpusIndex } from './corpus';
import { Annotation, LinkType, REVIEW_STATES, ReviewState } from './model';
import { compareCodeUnits } from './text';

/** Where a passage is: a file, its line, and what the sidecar says about the document. */
export interface Citation {
  file: string;
  /** One-based line of the passage's start, absent when orphaned. */
  line?: number;
  title?: string;
  source?: string;
  date?: string;
}

export interface NoteEntry extends Citation {
  id: string;
  quote: string;
  status: AnchorStatus;
  note?: string;
  tags: string[];
  review: ReviewState;
  author?: string;
  created?: string;
  actors: { id: string; name: string }[];
  links: (Citation & { type: LinkType; to: string; quote?: string })[];
}

export const NOTES_GROUPINGS = ['document', 'actor', 'tag'] as const;
export type NotesGrouping = (typeof NOTES_GROUPINGS)[number];

/** One section of the notes: a document, an actor or a tag, with the annotations under it. */
export interface NoteGroup {
  /** `orphaned` collects passages no longer found; `none` those without an actor or tag. */
  kind: NotesGrouping | 'orphaned' | 'none';
  key: string;
  heading: string;
  /** Facts shown under the heading: a document's source and date, an actor's kind and mentions. */
  details: string[];
  notes: NoteEntry[];
}

export interface ReviewNotes {
  groupBy: NotesGrouping;
  /** The review states kept; every state when the notes are not filtered. */
  review: ReviewState[];
  groups: NoteGroup[];
  actors: { id: string; name: string; kind: string; mentions: number; files: Record<string, number> }[];
  relations: { from: string; to: string; type: string; label?: string; evidence: (Citation & { id: string })[] }[];
}

export interface NotesOptions {
  groupBy?: NotesGrouping;
  /** Keep only annotations in these review states (an annotation without one is a draft). */
  review?: readonly ReviewState[];
}

/** An annotation's review state: one that says none is still a draft. */
export function reviewStateOf(annotation: Annotation): ReviewState {
  return annotation.review ?? 'draft';
}

/** Gathers the reviewer's notes from a built corpus. */
export function buildReviewNotes(corpus: CorpusIndex, options: NotesOptions = {}): ReviewNotes {
  const { index } = corpus;
  const groupBy = options.groupBy ?? 'document';
  const review = options.review && options.review.length > 0 ? REVIEW_STATES.filter((s) => options.review!.includes(s)) : [...REVIEW_STATES];
  const cite = (annotationId: string): Citation => {
    const annotation = index.annotations.get(annotationId);
    if (!annotation) return { file: '?' };
    const line = corpus.anchorLine(annotationId);
    const meta = index.documents.get(annotation.file);
    return { file: annotation.file, line: line === undefined ? undefined : line + 1, title: meta?.title, source: meta?.source, date: meta?.date };
  };
  const entries = corpus
    .anchoredAnnotations()
    .filter(({ annotation }) => review.includes(reviewStateOf(annotation)))
    .map(({ annotation, result }): NoteEntry => ({
      id: annotation.id,
      ...cite(annotation.id),
      quote: annotation.quote,
      status: result.status,
      note: annotation.note,
      tags: annotation.tags,
      review: reviewStateOf(annotation),
      author: annotation.author,
      created: annotation.created,
      actors: annotation.actors.map((id) => ({ id, name: index.actors.get(id)?.name ?? id })),
      links: annotation.links.map((link) => ({ type: link.type, to: link.to, quote: index.annotations.get(link.to)?.quote, ...cite(link.to) })),
    }));
  // Code-unit order, not the locale's: the same notes on every machine, so exports diff cleanly.
  // An ambiguous passage has no one line: it is listed with the orphans, never under a guessed place.
  const placed = (e: NoteEntry): boolean => e.status !== 'orphaned' && e.status !== 'ambiguous';
  const anchored = entries.filter(placed).sort((a, b) => compareCodeUnits(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0));
  const orphaned = entries.filter((e) => !placed(e));
  const counts = corpus.mentionCounts();
  const actors = [...index.actors.values()].map((actor) => {
    const files = Object.fromEntries([...(counts.get(actor.id) ?? new Map<string, number>())].sort());
    return { id: actor.id, name: actor.name, kind: actor.kind, mentions: Object.values(files).reduce((a, b) => a + b, 0), files };
  });

  let groups: NoteGroup[];
  if (groupBy === 'document') {
    // `anchored` is sorted by file: each document's notes are one run of it.
    const byFile = new Map<string, NoteEntry[]>();
    for (const entry of anchored) {
      const list = byFile.get(entry.file);
      if (list) list.push(entry);
      else byFile.set(entry.file, [entry]);
    }
    groups = [...byFile].map(([path, notes]) => {
      const meta = index.documents.get(path);
      return {
        kind: 'document',
        key: path,
        heading: meta?.title ?? path,
        details: [meta?.source, meta?.date, meta?.title ? path : undefined].filter((x): x is string => !!x),
        notes,
      };
    });
  } else if (groupBy === 'actor') {
    groups = [...actors]
      .sort((a, b) => b.mentions - a.mentions || compareCodeUnits(a.name, b.name))
      .map((actor): NoteGroup => ({
        kind: 'actor',
        key: actor.id,
        heading: actor.name,
        details: [actor.kind, `${actor.mentions} mention${actor.mentions === 1 ? '' : 's'} in ${Object.keys(actor.files).length} document${Object.keys(actor.files).length === 1 ? '' : 's'}`],
        notes: anchored.filter((e) => e.actors.some((a) => a.id === actor.id)),
      }))
      .filter((group) => group.notes.length > 0);
    groups.push({ kind: 'none', key: '', heading: 'No actor', details: [], notes: anchored.filter((e) => e.actors.length === 0) });
  } else {
    const tags = [...new Set(anchored.flatMap((e) => e.tags))].sort(compareCodeUnits);
    groups = tags.map((tag): NoteGroup => ({ kind: 'tag', key: tag, heading: tag, details: [], notes: anchored.filter((e) => e.tags.includes(tag)) }));
    groups.push({ kind: 'none', key: '', heading: 'Untagged', details: [], notes: anchored.filter((e) => e.tags.length === 0) });
  }
  const orphanDetails = ['Their quotes are no longer found in the text; they are kept in the sidecar.'];
  if (orphaned.some((e) => e.status === 'ambiguous')) orphanDetails.push('Those marked ambiguous are found more than once, with nothing stored to tell which copy is meant.');
  groups.push({ kind: 'orphaned', key: '', heading: 'Orphaned annotations', details: orphanDetails, notes: orphaned });

  return {
    groupBy,
    review,
    groups: groups.filter((group) => group.notes.length > 0),
    actors,
    relations: index.relations.map((relation) => ({
      from: relation.from,
      to: relation.to,
      type: relation.type,
      label: relation.label,
      evidence: relation.evidence.map((id) => ({ id, ...cite(id) })),
    })),
  };
}

/** How to write links to the articles. */
export interface LinkOptions {
  /**
   * The corpus folder as seen from the exported file: a relative `/`-separated path (`..`,
   * `../corpus`), or a `file:` URL when there is no relative way (another drive on Windows).
   */
  base?: string;
}

/**
 * The link to a cited passage: relative, always starting with `./` or `../`, and percent-encoded
 * segment by segment. So a file named `command:x` or `javascript:x` can never become a link with a
 * scheme, and a space, `#`, `?` or parenthesis in a name neither breaks the link nor cuts it short.
 */
function href(citation: Citation, links: LinkOptions): string {
  const file = citation.file.split('/').map(encodePathSegment).join('/');
  const base = links.base ?? '';
  if (/^file:\/\//i.test(base)) return `${base.replace(/\/?$/, '/')}${file}#L${citation.line}`;
  const segments = [...base.split('/').filter((s) => s !== '' && s !== '.').map(encodePathSegment), file];
  const relative = segments[0] === '..' ? segments.join('/') : `./${segments.join('/')}`;
  return `${relative}#L${citation.line}`;
}

/** Percent-encodes one path segment, including the `!'()*` that `encodeURIComponent` leaves as they are. */
function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** "Title (Source, 2024-06-20)": the document a citation points into, as the sidecar names it. */
function documentLabel(citation: Citation): string | undefined {
  if (!citation.title && !citation.source && !citation.date) return undefined;
  const details = [citation.source, citation.date].filter(Boolean).join(', ');
  return [citation.title, details ? `(${details})` : undefined].filter(Boolean).join(' ');
}

function groupTitle(notes: ReviewNotes): string {
  const filtered = notes.review.length < REVIEW_STATES.length ? `; review: ${notes.review.join(', ')}` : '';
  return `By ${notes.groupBy}${filtered}`;
}

// ── Markdown ──

/** Escapes text from the sidecar or the corpus so Markdown shows it as written, never as markup. */
/**
 * Text as a Markdown code span. Nothing inside a code span is markup, and backslashes are shown
 * as they are, so the text is not escaped (that showed `accord\\-terms`): the fence is made longer
 * than any run of backticks inside, and line breaks become spaces.
 */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~&$-]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

function markdownCitation(citation: Citation, links: LinkOptions, withDocument: boolean): string {
  const documentName = withDocument ? documentLabel(citation) : undefined;
  const prefix = documentName ? `${escapeMarkdown(documentName)}, ` : '';
  if (citation.line === undefined) return `${prefix}${escapeMarkdown(citation.file)} (orphaned)`;
  const label = escapeMarkdown(`${citation.file}:${citation.line}`);
  // The destination needs no angle brackets: it holds no space, parenthesis or `<>` once encoded.
  return `${prefix}[${label}](${href(citation, links)})`;
}

/** The reviewer's notes as Markdown. */
export function renderMarkdown(notes: ReviewNotes, links: LinkOptions = {}, title = 'Reviewer’s notes'): string {
  const out: string[] = [`# ${escapeMarkdown(title)}`, '', `*${escapeMarkdown(groupTitle(notes))}*`, ''];
  const names = new Map(notes.actors.map((a) => [a.id, a.name]));
  for (const group of notes.groups) {
    out.push(`## ${escapeMarkdown(group.heading)}`, '');
    if (group.details.length) out.push(`*${group.details.map(escapeMarkdown).join(' · ')}*`, '');
    // Under a document heading the document is already named; elsewhere each citation names it.
    const withDocument = group.kind !== 'document';
    for (const entry of group.notes) {
      out.push(`### ${escapeMarkdown(entry.id)} — ${markdownCitation(entry, links, withDocument)}`, '');
      out.push(...entry.quote.split(/\r?\n/).map((line) => `> ${escapeMarkdown(line)}`), '');
      if (entry.note) out.push(...entry.note.split(/\r?\n/).map(escapeMarkdown).map((l) => l + '  '), '');
      const facts = entryFacts(entry);
      if (facts.length) out.push(`*${facts.map(escapeMarkdown).join(' · ')}*`, '');
      for (const link of entry.links) {
        out.push(`- ${link.type} → ${escapeMarkdown(link.to)} (${markdownCitation(link, links, link.file !== entry.file)})${link.quote ? `: “${escapeMarkdown(link.quote)}”` : ''}`);
      }
      if (entry.links.length) out.push('');
    }
  }
  if (notes.relations.length) {
    out.push('## Relations', '');
    for (const r of notes.relations) {
      const evidence = r.evidence.map((e) => `${escapeMarkdown(e.id)} (${markdownCitation(e, links, true)})`).join(', ');
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

function entryFacts(entry: NoteEntry): string[] {
  const facts = [`review: ${entry.review}`];
  if (entry.tags.length) facts.push(`tags: ${entry.tags.join(', ')}`);
  if (entry.actors.length) facts.push(`actors: ${entry.actors.map((a) => a.name).join(', ')}`);
  if (entry.status !== 'exact') facts.push(`anchor: ${entry.status}`);
  const byline = bylineOf(entry);
  if (byline) facts.push(byline);
  return facts;
}

/** Who added an annotation and when: `by Ana Ruiz on 2024-06-20`, `by Ana Ruiz`, `added on 2024-06-20`. */
export function bylineOf({ author, created }: { author?: string; created?: string }): string | undefined {
  if (author) return created ? `by ${author} on ${created}` : `by ${author}`;
  return created ? `added on ${created}` : undefined;
}

// ── HTML ──

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function htmlCitation(citation: Citation, links: LinkOptions, withDocument: boolean): string {
  const documentName = withDocument ? documentLabel(citation) : undefined;
  const prefix = documentName ? `<cite>${escapeHtml(documentName)}</cite>, ` : '';
  if (citation.line === undefined) return `${prefix}<code>${escapeHtml(citation.file)}</code> (orphaned)`;
  return `${prefix}<a href="${escapeHtml(href(citation, links))}"><code>${escapeHtml(`${citation.file}:${citation.line}`)}</code></a>`;
}

const HTML_STYLE = `
body{font:15px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2.2rem}
h3{font-size:1rem;margin:1.4rem 0 .3rem}.details,.facts{color:#59636e;font-size:.9rem}
blockquote{margin:.4rem 0;padding:.2rem .9rem;border-left:4px solid #d0d7de;color:#333;white-space:pre-wrap}
.note{white-space:pre-wrap;margin:.4rem 0}.review{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:.8rem;font-weight:600}
.review-draft{background:#eaeef2}.review-disputed{background:#ffebe9;color:#82071e}.review-accepted{background:#dafbe1;color:#116329}
ul.links{margin:.3rem 0;padding-left:1.2rem}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.2rem .6rem;text-align:left}
code{font-size:.85em}a{color:#0969da}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}blockquote{color:#c9d1d9;border-color:#30363d}a{color:#4493f8}
.review-draft{background:#30363d}.review-disputed{background:#5a1e24;color:#ffdcd7}.review-accepted{background:#1b4721;color:#aff5b4}td,th,h2{border-color:#30363d}}
`;

/**
 * The reviewer's notes as one self-contained HTML page: inline style, no script, no outside
 * resource, every piece of sidecar or article text escaped.
 */
export function renderHtml(notes: ReviewNotes, links: LinkOptions = {}, title = 'Reviewer’s notes'): string {
  const names = new Map(notes.actors.map((a) => [a.id, a.name]));
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="details">${escapeHtml(groupTitle(notes))}</p>`,
  ];
  for (const group of notes.groups) {
    out.push(`<section class="group group-${group.kind}">`, `<h2>${escapeHtml(group.heading)}</h2>`);
    if (group.details.length) out.push(`<p class="details">${group.details.map(escapeHtml).join(' · ')}</p>`);
    const withDocument = group.kind !== 'document';
    for (const entry of group.notes) {
      out.push(`<article id="${escapeHtml(`${group.kind}-${group.key}-${entry.id}`)}">`);
      out.push(`<h3>${escapeHtml(entry.id)} <span class="review review-${entry.review}">${entry.review}</span> — ${htmlCitation(entry, links, withDocument)}</h3>`);
      out.push(`<blockquote>${escapeHtml(entry.quote)}</blockquote>`);
      if (entry.note) out.push(`<p class="note">${escapeHtml(entry.note)}</p>`);
      const facts = entryFacts(entry).slice(1);
      if (facts.length) out.push(`<p class="facts">${facts.map(escapeHtml).join(' · ')}</p>`);
      if (entry.links.length) {
        out.push('<ul class="links">');
        for (const link of entry.links) {
          const quote = link.quote ? `: “${escapeHtml(link.quote)}”` : '';
          out.push(`<li><strong>${escapeHtml(link.type)}</strong> → ${escapeHtml(link.to)} (${htmlCitation(link, links, link.file !== entry.file)})${quote}</li>`);
        }
        out.push('</ul>');
      }
      out.push('</article>');
    }
    out.push('</section>');
  }
  if (notes.relations.length) {
    out.push('<section class="relations">', '<h2>Relations</h2>', '<ul>');
    for (const r of notes.relations) {
      const evidence = r.evidence.map((e) => `${escapeHtml(e.id)} (${htmlCitation(e, links, true)})`).join(', ');
      const label = r.label ? ` (${escapeHtml(r.label)})` : '';
      out.push(`<li><strong>${escapeHtml(names.get(r.from) ?? r.from)}</strong> — ${escapeHtml(r.type)}${label} — <strong>${escapeHtml(names.get(r.to) ?? r.to)}</strong>${evidence ? `; evidence: ${evidence}` : ''}</li>`);
    }
    out.push('</ul>', '</section>');
  }
  if (notes.actors.length) {
    out.push('<section class="actors">', '<h2>Actors</h2>', '<table>', '<tr><th>actor</th><th>kind</th><th>mentions</th></tr>');
    for (const a of [...notes.actors].sort((x, y) => y.mentions - x.mentions)) {
      out.push(`<tr><td>${escapeHtml(a.name)}</td><td>${escapeHtml(a.kind)}</td><td>${a.mentions}</td></tr>`);
    }
    out.push('</table>', '</section>');
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

// ── one entry point ──

export const NOTES_FORMATS = ['md', 'html', 'json'] as const;
export type NotesFormat = (typeof NOTES_FORMATS)[number];

export interface RenderNotesOptions extends NotesOptions, LinkOptions {
  format: NotesFormat;
}

/** The reviewer's notes of a corpus in one format: what the CLI's export and the editor's command write. */
export function renderNotes(corpus: CorpusIndex, options: RenderNotesOptions): string {
  const notes = buildReviewNotes(corpus, options);
  switch (options.format) {
    case 'json':
      return JSON.stringify(notes, null, 2) + '\n';
    case 'html':
      return renderHtml(notes, options);
    case 'md':
      return renderMarkdown(notes, options);
  }
}
