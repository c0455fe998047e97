/**
 * The W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/), in JSON-LD: what
 * Hypothesis and Recogito speak.
 *
 * Export: one `AnnotationCollection` whose `first` page holds every annotation as `items` (the
 * spec's own collection example). Each annotation:
 * - `id` is `#<our id>`, a relative IRI (resolved against wherever the file is kept), stable;
 * - `target.source` is the article's path relative to the corpus folder (the folder holding
 *   marginalia.yaml), percent-encoded, e.g. `articles/summit%20report.txt`;
 * - `target.selector` is a `TextQuoteSelector` (exact, prefix, suffix) and, when the passage is
 *   anchored, a `TextPositionSelector` whose `start`/`end` count Unicode code points of the
 *   article's text after UTF-8 decoding with any BOM removed, CRLF kept (two code points), as the
 *   spec asks; Marginalia's own offsets are UTF-16 code units and are converted;
 * - `body`: the note as a `TextualBody` (`text/markdown`, purpose `commenting`), each tag as a
 *   `TextualBody` with purpose `tagging`, each link as a `SpecificResource` with purpose `linking`
 *   whose `source`/`selector` are the linked passage, plus `linkedAnnotation` and `linkType`;
 * - `creator` (a `Person` named by our `author`) and `created` (our date, as written);
 * - `actors` and `review`, Marginalia's own terms, declared in a second context so that JSON-LD
 *   readers see IRIs and other tools ignore them.
 */
import { CorpusIndex } from '../corpus';
import { describePassage } from '../anchoring';
import { Annotation, QuoteSelector } from '../model';
import { asList, ForeignAnnotation, isObject, JsonObject, ReadInterchange, selectorsOf, stringOf } from './foreign';
import { codePointOffset, pathToRelativeIri } from './positions';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** Marginalia's terms beyond the model: ids under a URN namespace so nothing resolves them by accident. */
export const MARGINALIA_CONTEXT = {
  marginalia: 'urn:x-marginalia:terms:',
  actors: { '@id': 'marginalia:actor', '@container': '@set' },
  review: 'marginalia:review',
  linkType: 'marginalia:linkType',
  linkedAnnotation: { '@id': 'marginalia:linkedAnnotation', '@type': '@id' },
} as const;

/** The id an annotation gets in the export. */
export function w3cId(annotationId: string): string {
  return `#${annotationId}`;
}

/** Every annotation of the corpus as a W3C AnnotationCollection, ready for `JSON.stringify`. */
export function exportW3c(corpus: CorpusIndex, label = 'Marginalia annotations'): JsonObject {
  const items = corpus.anchoredAnnotations().map(({ annotation }) => w3cAnnotation(corpus, annotation));
  return {
    '@context': [ANNO_CONTEXT, MARGINALIA_CONTEXT],
    id: '',
    type: 'AnnotationCollection',
    label,
    total: items.length,
    first: { id: '#page1', type: 'AnnotationPage', startIndex: 0, items },
  };
}

function w3cAnnotation(corpus: CorpusIndex, annotation: Annotation): JsonObject {
  const body: JsonObject[] = [];
  if (annotation.note !== undefined) body.push({ type: 'TextualBody', value: annotation.note, format: 'text/markdown', purpose: 'commenting' });
  for (const tag of annotation.tags) body.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
  for (const link of annotation.links) {
    const linked = corpus.index.annotations.get(link.to);
    body.push({
      type: 'SpecificResource',
      purpose: 'linking',
      ...(linked ? { source: pathToRelativeIri(linked.file), selector: selectorList(corpus, linked) } : {}),
      linkedAnnotation: w3cId(link.to),
      linkType: link.type,
    });
  }
  return {
    id: w3cId(annotation.id),
    type: 'Annotation',
    motivation: annotation.note !== undefined ? 'commenting' : annotation.tags.length > 0 ? 'tagging' : 'highlighting',
    ...(annotation.created !== undefined ? { created: annotation.created } : {}),
    ...(annotation.author !== undefined ? { creator: { type: 'Person', name: annotation.author } } : {}),
    ...(body.length > 0 ? { body } : {}),
    target: { source: pathToRelativeIri(annotation.file), selector: selectorList(corpus, annotation) },
    ...(annotation.actors.length > 0 ? { actors: annotation.actors } : {}),
    ...(annotation.review !== undefined ? { review: annotation.review } : {}),
  };
}

/**
 * The passage as it is now when it anchors (quote, 32 characters of context, position); else the
 * selector as stored, without a position (an ambiguous or orphaned passage has no place to give).
 */
function selectorList(corpus: CorpusIndex, annotation: Annotation): JsonObject[] {
  const range = corpus.anchorOf(annotation.id)?.range;
  const text = corpus.article(annotation.file)?.text;
  const selector: QuoteSelector = range && text !== undefined ? describePassage(text, range) : annotation;
  const quote: JsonObject = { type: 'TextQuoteSelector', exact: selector.quote };
  if (selector.prefix) quote.prefix = selector.prefix;
  if (selector.suffix) quote.suffix = selector.suffix;
  if (!range || text === undefined) return [quote];
  return [quote, { type: 'TextPositionSelector', start: codePointOffset(text, range.start), end: codePointOffset(text, range.end) }];
}

/**
 * Reads the annotations of W3C Web Annotation JSON-LD: a collection (with its `first` page
 * embedded), a page, a list of annotations, or one annotation.
 */
export function readW3c(json: unknown): ReadInterchange {
  const items = w3cItems(json);
  if (items === undefined) return { ok: false, reason: 'no W3C Web Annotations found (expected an AnnotationCollection, an AnnotationPage, a list of annotations or one annotation)' };
  return { ok: true, format: 'w3c', annotations: items.filter(isObject).map(readW3cAnnotation) };
}

function w3cItems(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json.every((item) => isObject(item) && isAnnotationType(item)) ? json : undefined;
  if (!isObject(json)) return undefined;
  if (isAnnotationType(json)) return [json];
  if (hasType(json, 'AnnotationPage')) return asList(json.items);
  if (hasType(json, 'AnnotationCollection')) {
    // A page given only by its IRI would have to be fetched: that is not a file's content.
    const pages: unknown[] = [];
    for (let page: unknown = json.first; isObject(page); page = page.next) pages.push(...asList(page.items));
    return pages;
  }
  return undefined;
}

function hasType(json: JsonObject, type: string): boolean {
  return asList(json.type).includes(type) || asList(json['@type']).includes(type);
}

function isAnnotationType(json: JsonObject): boolean {
  return hasType(json, 'Annotation') || hasType(json, 'oa:Annotation');
}

function readW3cAnnotation(json: JsonObject): ForeignAnnotation {
  const foreign: ForeignAnnotation = { sourceId: stringOf(json.id) ?? stringOf(json['@id']), tags: [], actors: [], links: [] };
  const target = asList(json.target).find((t) => typeof t === 'string' || isObject(t));
  if (typeof target === 'string') foreign.source = target;
  else if (isObject(target)) {
    foreign.source = stringOf(target.source) ?? stringOf(target.id);
    selectorsOf(target, foreign);
  }
  const notes: string[] = [];
  if (typeof json.bodyValue === 'string') notes.push(json.bodyValue);
  for (const body of asList(json.body)) {
    if (typeof body === 'string') continue; // an IRI of a body elsewhere: nothing to read here
    if (!isObject(body)) continue;
    const purposes = asList(body.purpose);
    const value = stringOf(body.value);
    if (purposes.includes('linking')) {
      const to = stringOf(body.linkedAnnotation);
      if (to !== undefined) foreign.links.push({ to, type: stringOf(body.linkType) });
      else foreign.unreadLinks = (foreign.unreadLinks ?? 0) + 1;
    } else if (purposes.includes('tagging') && value !== undefined) foreign.tags.push(value);
    else if (value !== undefined && (body.type === 'TextualBody' || body.type === undefined)) notes.push(value);
  }
  if (notes.length > 0) foreign.note = notes.join('\n\n');
  foreign.actors = asList(json.actors).filter((a): a is string => typeof a === 'string');
  foreign.review = stringOf(json.review);
  const creator = asList(json.creator)[0];
  foreign.author = typeof creator === 'string' ? creator : isObject(creator) ? stringOf(creator.name) ?? stringOf(creator.nickname) : undefined;
  foreign.created = stringOf(json.created);
  return foreign;
}
