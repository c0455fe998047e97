/**
 * Reviewer's notes: the annotations, actors and relations of a corpus as one document, each quote
 * cited as `file:line` with its document's title, source and date. Built as plain data first
 * (grouped by document, actor or tag), so Markdown, HTML and JSON say the same thing.
 */
import type { AnchorStatus } from './anchoring';
import type { CorpusIndex } from './corpus';
import { Annotation, LinkType, REVIEW_STATES, ReviewState } from './model';
import MarkdownIt from 'markdown-it';
import { escapeMarkdown } from './markdownText';
import { safeNoteMarkdown } from './safeMarkdown';
import { compareCodeUnits, counted } from './text';

/** Where a passage is: a file, its line, and what the sidecar says about the document. */
export interface Citation {
  file: string;
  /** One-based line of the passage's start, absent when orphaned. */
  line?: number;
  title?: string;
  source?: string;
  date?: string;
  /**
   * Set when the passage has no one place to cite: `orphaned` (its quote is no longer found),
   * `ambiguous` (found more than once, nothing stored telling the copies apart), `unknown` (no
   * annotation has that id: a dangling link).
   */
  unplaced?: 'orphaned' | 'ambiguous' | 'unknown';
  /** Ambiguous only: the one-based lines of every copy (`line:column` where two share a line). */
  candidateLines?: string[];
}

/** A short quote's surroundings in the article, `…` marking where more of the paragraph was cut. */
export interface QuoteContext {
  before: string;
  after: string;
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
  /** The actors the annotation lists. */
  actors: { id: string; name: string }[];
  /** Actors named inside the anchored quote (the index's mentions) that `actors` does not list. */
  mentioned: { id: string; name: string }[];
  /** A quote shorter than SHORT_QUOTE_LENGTH says little alone: a few words either side from the article. */
  context?: QuoteContext;
  links: (Citation & { type: LinkType; to: string; quote?: string })[];
  /** The passages whose links point here, with the link's type. */
  backlinks: (Citation & { type: LinkType; from: string; quote?: string })[];
}

export const NOTES_GROUPINGS = ['document', 'actor', 'tag'] as const;
export type NotesGrouping = (typeof NOTES_GROUPINGS)[number];

/** One section of the notes: a document, an actor or a tag, with the annotations under it. */
export interface NoteGroup {
  /** `orphaned` collects passages no longer found; `none` those without an actor or tag. */
  kind: NotesGrouping | 'orphaned' | 'none';
  key: string;
  heading: string;
  /** Facts shown under the heading: a document's source and date, an actor's kind, aliases and mentions. */
  details: string[];
  /** An actor's note from the sidecar. */
  note?: string;
  notes: NoteEntry[];
}

/** An actor as the notes describe it. */
export interface NotesActor {
  id: string;
  name: string;
  kind: string;
  /** Aliases other than the name itself. */
  aliases: string[];
  note?: string;
  memberOf?: { id: string; name: string };
  mentions: number;
  files: Record<string, number>;
}

export interface ReviewNotes {
  groupBy: NotesGrouping;
  /** The review states kept; every state when the notes are not filtered. */
  review: ReviewState[];
  groups: NoteGroup[];
  actors: NotesActor[];
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
    return { file: annotation.file, line: line === undefined ? undefined : line + 1, title: corpus.titleOf(annotation.file), source: meta?.source, date: meta?.date };
  };
  const place = (annotationId: string): Citation => withPlacement(corpus, annotationId, cite(annotationId));
  const entries = corpus
    .anchoredAnnotations()
    .filter(({ annotation }) => review.includes(reviewStateOf(annotation)))
    .map(({ annotation, result }): NoteEntry => ({
      id: annotation.id,
      ...place(annotation.id),
      quote: annotation.quote,
      status: result.status,
      note: annotation.note,
      tags: annotation.tags,
      review: reviewStateOf(annotation),
      author: annotation.author,
      created: annotation.created,
      actors: annotation.actors.map((id) => ({ id, name: index.actors.get(id)?.name ?? id })),
      mentioned: actorsInside(corpus, annotation.file, result.range)
        .filter((id) => !annotation.actors.includes(id))
        .map((id) => ({ id, name: index.actors.get(id)?.name ?? id })),
      ...(result.range && annotation.quote.trim().length < SHORT_QUOTE_LENGTH ? { context: quoteContext(corpus.article(annotation.file)!.text, result.range) } : {}),
      links: annotation.links.map((link) => ({ type: link.type, to: link.to, quote: index.annotations.get(link.to)?.quote, ...place(link.to) })),
      backlinks: corpus.linksTo(annotation.id).map(({ from, type }) => ({ type, from, quote: index.annotations.get(from)?.quote, ...place(from) })),
    }));
  // Code-unit order, not the locale's: the same notes on every machine, so exports diff cleanly.
  // An ambiguous passage has no one line: it is listed with the orphans, never under a guessed place.
  const placed = (e: NoteEntry): boolean => e.status !== 'orphaned' && e.status !== 'ambiguous';
  const anchored = entries.filter(placed).sort((a, b) => compareCodeUnits(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0));
  const orphaned = entries.filter((e) => !placed(e));
  const counts = corpus.mentionCounts();
  const actors = [...index.actors.values()].map((actor): NotesActor => {
    const files = Object.fromEntries([...(counts.get(actor.id) ?? new Map<string, number>())].sort());
    const memberOf = actor.memberOf === undefined ? undefined : { id: actor.memberOf, name: index.actors.get(actor.memberOf)?.name ?? actor.memberOf };
    return {
      id: actor.id,
      name: actor.name,
      kind: actor.kind,
      aliases: actor.aliases.filter((alias) => alias !== actor.name),
      ...(actor.note !== undefined ? { note: actor.note } : {}),
      ...(memberOf ? { memberOf } : {}),
      mentions: Object.values(files).reduce((a, b) => a + b, 0),
      files,
    };
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
      const title = corpus.titleOf(path);
      return {
        kind: 'document',
        key: path,
        heading: title ?? path,
        details: [meta?.source, meta?.date, title ? path : undefined].filter((x): x is string => !!x),
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
        details: actorDetails(actor),
        ...(actor.note !== undefined ? { note: actor.note } : {}),
        // Under every actor it lists and every actor named inside its quote.
        notes: anchored.filter((e) => e.actors.some((a) => a.id === actor.id) || e.mentioned.some((a) => a.id === actor.id)),
      }))
      .filter((group) => group.notes.length > 0);
    groups.push({ kind: 'none', key: '', heading: 'No actor', details: [], notes: anchored.filter((e) => e.actors.length === 0 && e.mentioned.length === 0) });
  } else {
    const tags = [...new Set(anchored.flatMap((e) => e.tags))].sort(compareCodeUnits);
    groups = tags.map((tag): NoteGroup => ({ kind: 'tag', key: tag, heading: tag, details: [], notes: anchored.filter((e) => e.tags.includes(tag)) }));
    groups.push({ kind: 'none', key: '', heading: 'Untagged', details: [], notes: anchored.filter((e) => e.tags.length === 0) });
  }
  const orphanDetails = ['Their quotes are no longer found in the text; they are kept in the sidecar.'];
  const ambiguous = orphaned.some((e) => e.status === 'ambiguous');
  if (ambiguous) orphanDetails.push('Those marked ambiguous are found more than once, with nothing stored to tell which copy is meant.');
  groups.push({ kind: 'orphaned', key: '', heading: ambiguous ? 'Orphaned and ambiguous annotations' : 'Orphaned annotations', details: orphanDetails, notes: orphaned });

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
      evidence: relation.evidence.map((id) => ({ id, ...place(id) })),
    })),
  };
}

/** Quotes shorter than this (in characters) are shown with a few words of the article either side. */
export const SHORT_QUOTE_LENGTH = 30;
/** How many words of context a short quote gets on each side. */
const CONTEXT_WORDS = 6;
/** How far to look for those words: a paragraph of one very long word is cut here. */
const CONTEXT_SCAN = 160;

/**
 * A few words either side of a passage, from the same paragraph (a blank line ends it), white
 * space folded to single spaces, with `…` where the paragraph goes on. The words touching the
 * passage are kept whole when the passage starts or ends inside a word.
 */
export function quoteContext(text: string, range: { start: number; end: number }, words = CONTEXT_WORDS): QuoteContext {
  const scanFrom = Math.max(0, range.start - CONTEXT_SCAN);
  let before = text.slice(scanFrom, range.start);
  const breakBefore = [...before.matchAll(/\r?\n[ \t]*\r?\n/g)].pop();
  let cutBefore = scanFrom > 0;
  if (breakBefore) {
    before = before.slice(breakBefore.index! + breakBefore[0].length);
    cutBefore = false;
  }
  before = before.replace(/\s+/g, ' ');
  const keptBefore = new RegExp(`(?<!\\S)(?:\\S+ ){0,${words}}\\S*$`).exec(before)!;
  if (before.slice(0, keptBefore.index).trim() !== '') cutBefore = true;

  let after = text.slice(range.end, range.end + CONTEXT_SCAN);
  let cutAfter = range.end + CONTEXT_SCAN < text.length;
  const breakAfter = /\r?\n[ \t]*\r?\n/.exec(after);
  if (breakAfter) {
    after = after.slice(0, breakAfter.index);
    cutAfter = false;
  }
  after = after.replace(/\s+/g, ' ');
  const keptAfter = new RegExp(`^\\S*(?: \\S+){0,${words}}(?!\\S)`).exec(after)!;
  if (after.slice(keptAfter[0].length).trim() !== '') cutAfter = true;
  return {
    before: `${cutBefore ? '… ' : ''}${keptBefore[0].replace(/^ /, '')}`,
    after: `${keptAfter[0].replace(/ $/, '')}${cutAfter ? ' …' : ''}`,
  };
}

/** Adds to a citation why it has no line: orphaned, ambiguous (with each copy's line) or unknown. */
function withPlacement(corpus: CorpusIndex, annotationId: string, citation: Citation): Citation {
  const annotation = corpus.index.annotations.get(annotationId);
  if (!annotation) return { ...citation, unplaced: 'unknown' };
  const result = corpus.anchorOf(annotationId);
  if (result?.status === 'ambiguous') return { ...citation, unplaced: 'ambiguous', candidateLines: corpus.candidateLines(annotation.file, result.candidates ?? []) };
  if (citation.line === undefined) return { ...citation, unplaced: 'orphaned' };
  return citation;
}

/** The actors named inside a passage, in order of first mention. */
function actorsInside(corpus: CorpusIndex, file: string, range: { start: number; end: number } | undefined): string[] {
  if (!range) return [];
  const mentions = corpus.article(file)?.mentions ?? [];
  return [...new Set(mentions.filter((m) => m.start >= range.start && m.end <= range.end).map((m) => m.actorId))];
}

/** An actor's kind, aliases, membership and mentions, as one short line of facts. */
function actorDetails(actor: NotesActor): string[] {
  const documents = Object.keys(actor.files).length;
  return [
    actor.kind,
    ...(actor.aliases.length ? [`also ${actor.aliases.join(', ')}`] : []),
    ...(actor.memberOf ? [`member of ${actor.memberOf.name}`] : []),
    `${counted(actor.mentions, 'mention')} in ${counted(documents, 'document')}`,
  ];
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

/** Why a citation has no line, in words: "orphaned", "ambiguous: lines 3 and 7". */
function unplacedText(citation: Citation): string {
  switch (citation.unplaced) {
    case 'ambiguous': {
      const lines = citation.candidateLines ?? [];
      const list = lines.length > 1 ? `${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}` : lines.join('');
      return lines.length ? `ambiguous: found at lines ${list}` : 'ambiguous';
    }
    case 'unknown':
      return 'no annotation has this id';
    default:
      return 'orphaned';
  }
}

/** What follows a document's name before its place: a comma, unless the headline ends a sentence already. */
function titleSeparator(documentName: string): string {
  return /[.!?…]$/.test(documentName) ? ' ' : ', ';
}

function markdownCitation(citation: Citation, links: LinkOptions, withDocument: boolean): string {
  if (citation.unplaced === 'unknown') return `(${unplacedText(citation)})`;
  const documentName = withDocument ? documentLabel(citation) : undefined;
  const prefix = documentName ? `${escapeMarkdown(documentName)}${titleSeparator(documentName)}` : '';
  if (citation.line === undefined) return `${prefix}${escapeMarkdown(citation.file)} (${escapeMarkdown(unplacedText(citation))})`;
  const label = escapeMarkdown(`${citation.file}:${citation.line}`);
  // The destination needs no angle brackets: it holds no space, parenthesis or `<>` once encoded.
  return `${prefix}[${label}](${href(citation, links)})`;
}

/**
 * A short quote on one line, apart from the white space at its edges: that goes outside the mark
 * (Markdown's `**` must touch the text it marks).
 */
function markableQuote(quote: string): { lead: string; text: string; trail: string } {
  const [, lead, text, trail] = /^(\s*)([^]*?)(\s*)$/.exec(quote.replace(/\s+/g, ' '))!;
  return { lead, text, trail };
}

function markdownQuote(entry: NoteEntry): string[] {
  if (entry.context) {
    const { lead, text, trail } = markableQuote(entry.quote);
    return [`> ${escapeMarkdown(entry.context.before)}${lead}**${escapeMarkdown(text)}**${trail}${escapeMarkdown(entry.context.after)}`];
  }
  return entry.quote.split(/\r?\n/).map((line) => `> ${escapeMarkdown(line)}`);
}

/**
 * A note from the sidecar as Markdown lines that render what it says — emphasis, lists, code and
 * web links — with its HTML shown as text and no other link (as in hovers); line breaks kept.
 */
function noteLines(note: string, indent = ''): string[] {
  return safeNoteMarkdown(indent ? note.split(/\r?\n/).map((line) => line.trimStart()).join('\n') : note).split('\n').map((line) => indent + line);
}

/** Whether the notes end with a list of actors: every actor, or, grouped by actor, those without their own section. */
function listedActors(notes: ReviewNotes): { heading: string; actors: NotesActor[] } {
  const sorted = [...notes.actors].sort((x, y) => y.mentions - x.mentions || compareCodeUnits(x.name, y.name));
  if (notes.groupBy !== 'actor') return { heading: 'Actors', actors: sorted };
  const withSection = new Set(notes.groups.filter((g) => g.kind === 'actor').map((g) => g.key));
  return { heading: withSection.size ? 'Other actors' : 'Actors', actors: sorted.filter((a) => !withSection.has(a.id)) };
}

/** The reviewer's notes as Markdown. */
export function renderMarkdown(notes: ReviewNotes, links: LinkOptions = {}, title = 'Reviewer’s notes'): string {
  const out: string[] = [`# ${escapeMarkdown(title)}`, '', `*${escapeMarkdown(groupTitle(notes))}*`, ''];
  const names = new Map(notes.actors.map((a) => [a.id, a.name]));
  for (const group of notes.groups) {
    out.push(`## ${escapeMarkdown(group.heading)}`, '');
    if (group.details.length) out.push(`*${group.details.map(escapeMarkdown).join(' · ')}*`, '');
    if (group.note) out.push(...noteLines(group.note), '');
    // Under a document heading the document is already named; elsewhere each citation names it.
    const withDocument = group.kind !== 'document';
    for (const entry of group.notes) {
      out.push(`### ${escapeMarkdown(entry.id)} — ${markdownCitation(entry, links, withDocument)}`, '');
      out.push(...markdownQuote(entry), '');
      if (entry.note) out.push(...noteLines(entry.note), '');
      const facts = entryFacts(entry);
      if (facts.length) out.push(`*${facts.map(escapeMarkdown).join(' · ')}*`, '');
      for (const link of entry.links) {
        out.push(`- ${escapeMarkdown(link.type)} → ${escapeMarkdown(link.to)} (${markdownCitation(link, links, link.file !== entry.file)})${link.quote ? `: “${escapeMarkdown(link.quote)}”` : ''}`);
      }
      for (const link of entry.backlinks) {
        out.push(`- linked from ${escapeMarkdown(link.from)} (${escapeMarkdown(link.type)}; ${markdownCitation(link, links, link.file !== entry.file)})${link.quote ? `: “${escapeMarkdown(link.quote)}”` : ''}`);
      }
      if (entry.links.length || entry.backlinks.length) out.push('');
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
  const listed = listedActors(notes);
  if (listed.actors.length) {
    out.push(`## ${listed.heading}`, '');
    for (const a of listed.actors) {
      out.push(`- **${escapeMarkdown(a.name)}** — ${actorDetails(a).map(escapeMarkdown).join(' · ')}${a.note ? '  ' : ''}`);
      if (a.note) out.push(...noteLines(a.note, '  '));
    }
    out.push('');
  }
  return out.join('\n');
}

function entryFacts(entry: NoteEntry): string[] {
  const facts = [`review: ${entry.review}`];
  if (entry.tags.length) facts.push(`tags: ${entry.tags.join(', ')}`);
  if (entry.actors.length) facts.push(`actors: ${entry.actors.map((a) => a.name).join(', ')}`);
  if (entry.mentioned.length) facts.push(`also named: ${entry.mentioned.map((a) => a.name).join(', ')}`);
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
  if (citation.unplaced === 'unknown') return `<span class="unplaced">${escapeHtml(unplacedText(citation))}</span>`;
  const documentName = withDocument ? documentLabel(citation) : undefined;
  const prefix = documentName ? `<cite>${escapeHtml(documentName)}</cite>${titleSeparator(documentName)}` : '';
  if (citation.line === undefined) return `${prefix}<code>${escapeHtml(citation.file)}</code> <span class="unplaced">(${escapeHtml(unplacedText(citation))})</span>`;
  return `${prefix}<a href="${escapeHtml(href(citation, links))}"><code>${escapeHtml(`${citation.file}:${citation.line}`)}</code></a>`;
}

/** Where an actor is described in the HTML notes: its section when grouped by actor, else its row in the actors table. */
function actorAnchor(actorId: string): string {
  return `actor-${actorId}`;
}

function htmlActorLink(actor: { id: string; name: string }): string {
  return `<a href="#${escapeHtml(encodeURIComponent(actorAnchor(actor.id)))}">${escapeHtml(actor.name)}</a>`;
}

/** An entry's facts (no review state: the badge shows it), actor names linking to where the actor is described. */
function htmlFacts(entry: NoteEntry): string[] {
  const facts: string[] = [];
  if (entry.tags.length) facts.push(escapeHtml(`tags: ${entry.tags.join(', ')}`));
  if (entry.actors.length) facts.push(`actors: ${entry.actors.map(htmlActorLink).join(', ')}`);
  if (entry.mentioned.length) facts.push(`also named: ${entry.mentioned.map(htmlActorLink).join(', ')}`);
  if (entry.status !== 'exact') facts.push(escapeHtml(`anchor: ${entry.status}`));
  const byline = bylineOf(entry);
  if (byline) facts.push(escapeHtml(byline));
  return facts;
}

const HTML_STYLE = `
body{font:15px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2.2rem}
h3{font-size:1rem;margin:1.4rem 0 .3rem}.details,.facts,.context,.unplaced{color:#59636e;font-size:.9rem}.context{font-size:inherit}
blockquote{margin:.4rem 0;padding:.2rem .9rem;border-left:4px solid #d0d7de;color:#333;white-space:pre-wrap}
mark{background:#fff8c5;color:inherit;padding:0 .1em}
.note{margin:.4rem 0}.note p{margin:.3rem 0}.review{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:.8rem;font-weight:600}
.review-draft{background:#eaeef2}.review-disputed{background:#ffebe9;color:#82071e}.review-accepted{background:#dafbe1;color:#116329}
ul.links{margin:.3rem 0;padding-left:1.2rem}li.backlink{list-style:"← "}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.2rem .6rem;text-align:left;vertical-align:top}
code{font-size:.85em}a{color:#0969da}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}blockquote{color:#c9d1d9;border-color:#30363d}a{color:#4493f8}
.details,.facts,.context,.unplaced{color:#9198a1}mark{background:#4d3d00}
.review-draft{background:#30363d}.review-disputed{background:#5a1e24;color:#ffdcd7}.review-accepted{background:#1b4721;color:#aff5b4}td,th,h2{border-color:#30363d}}
`;

function htmlQuote(entry: NoteEntry): string {
  if (!entry.context) return `<blockquote>${escapeHtml(entry.quote)}</blockquote>`;
  const context = (text: string): string => (text ? `<span class="context">${escapeHtml(text)}</span>` : '');
  const { lead, text, trail } = markableQuote(entry.quote);
  return `<blockquote>${context(entry.context.before)}${lead}<mark>${escapeHtml(text)}</mark>${trail}${context(entry.context.after)}</blockquote>`;
}

/**
 * The reviewer's notes as one self-contained HTML page: inline style, no script, no outside
 * resource, every piece of sidecar or article text escaped.
 */
/** Renders the Markdown of notes for the HTML page; raw HTML is never passed through. */
const noteRenderer = new MarkdownIt({ html: false, linkify: false, typographer: false });

/**
 * A note from the sidecar as HTML: the same safe Markdown as in hovers and the Markdown notes
 * (its HTML shown as text, links only to web addresses), rendered.
 */
function noteHtml(note: string): string {
  return noteRenderer.render(safeNoteMarkdown(note)).trim();
}

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
    const id = group.kind === 'actor' ? ` id="${escapeHtml(actorAnchor(group.key))}"` : '';
    out.push(`<section class="group group-${group.kind}"${id}>`, `<h2>${escapeHtml(group.heading)}</h2>`);
    if (group.details.length) out.push(`<p class="details">${group.details.map(escapeHtml).join(' · ')}</p>`);
    if (group.note) out.push(`<div class="note actor-note">${noteHtml(group.note)}</div>`);
    const withDocument = group.kind !== 'document';
    for (const entry of group.notes) {
      out.push(`<article id="${escapeHtml(`${group.kind}-${group.key}-${entry.id}`)}">`);
      out.push(`<h3>${escapeHtml(entry.id)} <span class="review review-${entry.review}">${entry.review}</span> — ${htmlCitation(entry, links, withDocument)}</h3>`);
      out.push(htmlQuote(entry));
      if (entry.note) out.push(`<div class="note">${noteHtml(entry.note)}</div>`);
      const facts = htmlFacts(entry);
      if (facts.length) out.push(`<p class="facts">${facts.join(' · ')}</p>`);
      if (entry.links.length || entry.backlinks.length) {
        out.push('<ul class="links">');
        for (const link of entry.links) {
          const quote = link.quote ? `: “${escapeHtml(link.quote)}”` : '';
          out.push(`<li><strong>${escapeHtml(link.type)}</strong> → ${escapeHtml(link.to)} (${htmlCitation(link, links, link.file !== entry.file)})${quote}</li>`);
        }
        for (const link of entry.backlinks) {
          const quote = link.quote ? `: “${escapeHtml(link.quote)}”` : '';
          out.push(`<li class="backlink">linked from ${escapeHtml(link.from)} (<strong>${escapeHtml(link.type)}</strong>; ${htmlCitation(link, links, link.file !== entry.file)})${quote}</li>`);
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
      const actor = (id: string): string => `<strong>${names.has(id) ? htmlActorLink({ id, name: names.get(id)! }) : escapeHtml(id)}</strong>`;
      out.push(`<li>${actor(r.from)} — ${escapeHtml(r.type)}${label} — ${actor(r.to)}${evidence ? `; evidence: ${evidence}` : ''}</li>`);
    }
    out.push('</ul>', '</section>');
  }
  const listed = listedActors(notes);
  if (listed.actors.length) {
    out.push('<section class="actors">', `<h2>${escapeHtml(listed.heading)}</h2>`, '<table>', '<tr><th>actor</th><th>kind</th><th>also</th><th>mentions</th><th>note</th></tr>');
    for (const a of listed.actors) {
      const member = a.memberOf ? `<br><span class="details">member of ${htmlActorLink(a.memberOf)}</span>` : '';
      out.push(`<tr id="${escapeHtml(actorAnchor(a.id))}"><td>${escapeHtml(a.name)}${member}</td><td>${escapeHtml(a.kind)}</td><td>${escapeHtml(a.aliases.join(', '))}</td><td>${a.mentions}</td><td class="note">${a.note ? noteHtml(a.note) : ''}</td></tr>`);
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
