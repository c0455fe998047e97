/**
 * Importing annotations from another tool: each one is matched to an article (by path, file name
 * or title), anchored with Marginalia's own anchoring, and turned into sidecar edits. Nothing is
 * placed on a guess:
 * - an article is chosen only when exactly one matches; an unmatched or doubtful document is reported;
 * - the quote must be found: exactly (prefix, suffix and position choose among copies) or fuzzily
 *   as the anchoring accepts it (reported with its similarity); an ambiguous quote (several copies
 *   nothing tells apart) or one not found is reported with why, and not written;
 * - an id already in the sidecar is never overwritten: the same annotation (same file, same
 *   passage, same note) is left as it is and reported as already there; a different one is
 *   imported under a new id (`id-2`…) and the renaming is reported. Links inside the import follow
 *   the renaming.
 */
import { anchor, describePassage, similarityPercent } from '../anchoring';
import { CorpusIndex } from '../corpus';
import { LINK_TYPES, LinkType, REVIEW_STATES, ReviewState } from '../model';
import { isValidId, slugify, uniqueId } from '../naming';
import { NewAnnotation, SidecarEdit } from '../sidecar/edits';
import { ForeignAnnotation, ReadInterchange } from './foreign';
import { isHypothesisJson, readHypothesis } from './hypothesis';
import { utf16Offset } from './positions';
import { readW3c } from './w3c';

/** Reads an interchange file's text: Hypothesis rows or W3C JSON-LD. */
export function readInterchange(text: string): ReadInterchange {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
  return isHypothesisJson(json) ? readHypothesis(json) : readW3c(json);
}

export interface PlacedImport {
  id: string;
  /** The id in the imported file, when it had one. */
  sourceId?: string;
  file: string;
  start: number;
  end: number;
  /** One-based line of the passage's start. */
  line: number;
  status: 'exact' | 'moved' | 'fuzzy';
  /** Whole percent; 100 unless fuzzy. */
  similarity: number;
}

export interface UnplacedImport {
  /** The id in the file, or its position and the start of its quote. */
  label: string;
  reason: string;
}

export interface ImportReport {
  placed: PlacedImport[];
  notPlaced: UnplacedImport[];
  /** Ids taken by a different annotation: imported under `to`. */
  renamed: { from: string; to: string }[];
  /** Ids already in the sidecar with the same passage and note: left as they are. */
  alreadyPresent: string[];
  /** What was dropped from an annotation that was placed (an unknown actor, a link with no target). */
  warnings: string[];
}

export interface ImportPlan {
  edits: SidecarEdit[];
  report: ImportReport;
}

/**
 * Plans the edits that add `annotations` to the corpus. `isTaken` says whether an id is in use
 * (default: in the sidecar; the extension also counts ids reserved by queued writes).
 */
export function planImport(corpus: CorpusIndex, annotations: readonly ForeignAnnotation[], isTaken: (id: string) => boolean = (id) => corpus.index.annotations.has(id)): ImportPlan {
  const report: ImportReport = { placed: [], notPlaced: [], renamed: [], alreadyPresent: [], warnings: [] };
  const adds: SidecarEdit[] = [];
  const reviews: SidecarEdit[] = [];
  const newIds = new Set<string>();
  const idOfSource = new Map<string, string>();
  const linksOf: { id: string; label: string; links: ForeignAnnotation['links'] }[] = [];
  annotations.forEach((foreign, index) => {
    const label = labelOf(foreign, index);
    const document = documentOf(corpus, foreign);
    if ('reason' in document) return void report.notPlaced.push({ label, reason: document.reason });
    const file = document.file;
    if (foreign.exact === undefined || foreign.exact === '') return void report.notPlaced.push({ label, reason: 'it has no TextQuoteSelector (a page note or a reply): there is no passage to anchor' });
    const text = corpus.article(file)!.text;
    const hint = foreign.position === undefined ? undefined : utf16Offset(text, foreign.position.start);
    const result = anchor({ quote: foreign.exact, prefix: foreign.prefix || undefined, suffix: foreign.suffix || undefined, start: hint }, text);
    if (result.status === 'ambiguous') {
      const candidates = result.candidates ?? [];
      return void report.notPlaced.push({ label, reason: `its quote is ambiguous: it occurs ${candidates.length} times in ${file} (lines ${corpus.candidateLinesText(file, candidates)}) and nothing tells the copies apart` });
    }
    if (result.status === 'orphaned' || !result.range) return void report.notPlaced.push({ label, reason: `its quote "${snippet(foreign.exact)}" is not in ${file}` });
    const range = result.range;
    const wanted = preferredId(foreign);
    let id = wanted;
    if (isTaken(wanted) || newIds.has(wanted)) {
      const existing = corpus.index.annotations.get(wanted);
      const existingRange = corpus.anchorOf(wanted)?.range;
      if (existing && !newIds.has(wanted) && existing.file === file && existingRange?.start === range.start && existingRange.end === range.end && (existing.note ?? '') === (foreign.note ?? '')) {
        report.alreadyPresent.push(wanted);
        if (foreign.sourceId !== undefined) idOfSource.set(foreign.sourceId, wanted);
        return;
      }
      id = uniqueId(wanted, (candidate) => isTaken(candidate) || newIds.has(candidate));
      report.renamed.push({ from: wanted, to: id });
    }
    newIds.add(id);
    if (foreign.sourceId !== undefined) idOfSource.set(foreign.sourceId, id);
    idOfSource.set(wanted, idOfSource.get(wanted) ?? id);
    const knownActors = foreign.actors.filter((actor) => corpus.index.actors.has(actor));
    for (const actor of foreign.actors) if (!corpus.index.actors.has(actor)) report.warnings.push(`${id}: actor "${actor}" is not in the sidecar; left out`);
    const created = dateOf(foreign.created);
    const annotation: NewAnnotation = {
      file,
      ...describePassage(text, range),
      ...(foreign.note !== undefined ? { note: foreign.note } : {}),
      ...(foreign.tags.length > 0 ? { tags: [...new Set(foreign.tags.map((t) => t.trim()).filter((t) => t !== ''))] } : {}),
      ...(knownActors.length > 0 ? { actors: knownActors } : {}),
      ...(foreign.author !== undefined ? { author: foreign.author } : {}),
      ...(created !== undefined ? { created } : {}),
    };
    adds.push({ kind: 'addAnnotation', id, annotation });
    if (foreign.review !== undefined) {
      if ((REVIEW_STATES as readonly string[]).includes(foreign.review)) reviews.push({ kind: 'setAnnotationReview', id, review: foreign.review as ReviewState });
      else report.warnings.push(`${id}: review state "${foreign.review}" is not one of ${REVIEW_STATES.join(', ')}; left out`);
    }
    const status = result.status === 'fuzzy' ? 'fuzzy' : result.status === 'moved' ? 'moved' : 'exact';
    const line = corpus.article(file)!.lines.positionAt(range.start).line + 1;
    report.placed.push({ id, sourceId: foreign.sourceId, file, start: range.start, end: range.end, line, status, similarity: similarityPercent(result.confidence) });
    if (foreign.unreadLinks) report.warnings.push(`${id}: ${foreign.unreadLinks} linking ${foreign.unreadLinks === 1 ? 'body names' : 'bodies name'} no annotation (linkedAnnotation), only a passage; left out`);
    if (foreign.links.length > 0) linksOf.push({ id, label, links: foreign.links });
  });
  const links: SidecarEdit[] = [];
  for (const { id, links: wanted } of linksOf) {
    for (const link of wanted) {
      const local = link.to.startsWith('#') ? link.to.slice(1) : link.to;
      const to = idOfSource.get(link.to) ?? idOfSource.get(local) ?? (corpus.index.annotations.has(local) ? local : undefined);
      if (to === undefined) {
        report.warnings.push(`${id}: link to "${link.to}" left out: no annotation of the import or the sidecar has that id`);
        continue;
      }
      const type: LinkType = (LINK_TYPES as readonly string[]).includes(link.type ?? '') ? (link.type as LinkType) : 'related';
      if (link.type !== undefined && type !== link.type) report.warnings.push(`${id}: link type "${link.type}" is not one of ${LINK_TYPES.join(', ')}; written as related`);
      links.push({ kind: 'addLink', from: id, to, type });
    }
  }
  return { edits: [...adds, ...reviews, ...links], report };
}

/** The id an import asks for: its own when it is one of ours (`#id`) or a valid id, else one made from its quote. */
function preferredId(foreign: ForeignAnnotation): string {
  const source = foreign.sourceId ?? '';
  const local = source.startsWith('#') ? source.slice(1) : /[#/:]([^#/:]+)$/.exec(source)?.[1] ?? source;
  if (local !== '' && isValidId(local)) return local;
  return slugify(foreign.exact ?? foreign.note ?? 'imported');
}

function labelOf(foreign: ForeignAnnotation, index: number): string {
  if (foreign.sourceId) return foreign.sourceId;
  return `annotation ${index + 1}${foreign.exact ? ` ("${snippet(foreign.exact)}")` : ''}`;
}

function snippet(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 40 ? `${oneLine.slice(0, 39).trimEnd()}…` : oneLine;
}

/** `2024-06-20T10:11:12Z` → `2024-06-20`, the date our `created` holds. */
function dateOf(created: string | undefined): string | undefined {
  return created === undefined ? undefined : /^\d{4}-\d{2}-\d{2}/.exec(created)?.[0];
}

/**
 * The article an annotation's document is: by path (the longest tail of the IRI's path that is an
 * article's path: `https://example.org/corpus/articles/a.txt` finds `articles/a.txt`), then by file
 * name without its extension, then by title. Only a single match counts.
 */
export function documentOf(corpus: CorpusIndex, foreign: Pick<ForeignAnnotation, 'source' | 'title'>): { file: string } | { reason: string } {
  const articles = corpus.articlePaths();
  const segments = pathSegments(foreign.source ?? '');
  for (let k = segments.length; k >= 1; k--) {
    const tail = segments.slice(-k).join('/');
    const matches = articles.filter((path) => path === tail || path.endsWith(`/${tail}`));
    if (matches.length === 1) return { file: matches[0] };
    if (matches.length > 1) return { reason: `its document ${foreign.source} could be any of ${matches.join(', ')}` };
  }
  const last = segments.at(-1);
  if (last !== undefined) {
    const stem = (path: string): string => path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '').toLowerCase();
    const matches = articles.filter((path) => stem(path) === stem(last));
    if (matches.length === 1) return { file: matches[0] };
  }
  const title = normalizeTitle(foreign.title);
  if (title !== '') {
    const matches = articles.filter((path) => normalizeTitle(corpus.titleOf(path)) === title);
    if (matches.length === 1) return { file: matches[0] };
    if (matches.length > 1) return { reason: `its document's title "${foreign.title}" is the title of ${matches.join(', ')}` };
  }
  const named = [foreign.source && `${foreign.source}`, foreign.title && `title "${foreign.title}"`].filter(Boolean).join(', ');
  return { reason: named === '' ? 'it names no document' : `no article of the corpus matches its document (${named})` };
}

function pathSegments(source: string): string[] {
  let path = source.replace(/[?#].*$/, '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    try {
      path = new URL(path).pathname;
    } catch {
      path = path.replace(/^[a-z][a-z0-9+.-]*:/i, '');
    }
  }
  return path.split('/').filter((s) => s !== '' && s !== '.').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
}

function normalizeTitle(title: string | undefined): string {
  return (title ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
}
