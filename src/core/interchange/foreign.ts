/**
 * An annotation read from another tool's file, before it is placed in the corpus: what the W3C
 * Web Annotation reader (`w3c.ts`) and the Hypothesis reader (`hypothesis.ts`) both produce, and
 * what the import planner (`importPlan.ts`) places.
 */

/** One annotation of an interchange file, in that file's terms. */
export interface ForeignAnnotation {
  /** The annotation's id in the file (`#treaty-signed`, a Hypothesis id, an IRI); absent when it has none. */
  sourceId?: string;
  /** The document annotated: a relative path, an IRI or a URL. */
  source?: string;
  /** The document's title, when the file gives one (Hypothesis's `document.title`). */
  title?: string;
  /** The TextQuoteSelector. */
  exact?: string;
  prefix?: string;
  suffix?: string;
  /** The TextPositionSelector, in code points of the document's text. */
  position?: { start: number; end: number };
  note?: string;
  tags: string[];
  /** Marginalia's own extension: actor ids. */
  actors: string[];
  /** Marginalia's own extension: the review state. */
  review?: string;
  author?: string;
  /** As the file writes it; the importer keeps the date `YYYY-MM-DD`. */
  created?: string;
  /** Links to other annotations, by their id in the file (`linking` bodies). */
  links: { to: string; type?: string }[];
  /** `linking` bodies that name no annotation (only a passage): reported, since a link here joins two annotations. */
  unreadLinks?: number;
}

/** The annotations a file holds, or why it cannot be read as one of the formats. */
export type ReadInterchange = { ok: true; format: 'w3c' | 'hypothesis'; annotations: ForeignAnnotation[] } | { ok: false; reason: string };

/** A JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value that may be one item or a list of them, as JSON-LD allows: always a list. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The first TextQuoteSelector and TextPositionSelector of a target's `selector` (searching `refinedBy` too). */
export function selectorsOf(target: JsonObject, into: ForeignAnnotation): void {
  const queue = [...asList(target.selector)];
  while (queue.length > 0) {
    const selector = queue.shift();
    if (!isObject(selector)) continue;
    if (selector.type === 'TextQuoteSelector' && into.exact === undefined && typeof selector.exact === 'string') {
      into.exact = selector.exact;
      into.prefix = stringOf(selector.prefix);
      into.suffix = stringOf(selector.suffix);
    } else if (selector.type === 'TextPositionSelector' && into.position === undefined && Number.isInteger(selector.start) && Number.isInteger(selector.end)) {
      into.position = { start: selector.start as number, end: selector.end as number };
    }
    queue.push(...asList(selector.refinedBy));
  }
}
