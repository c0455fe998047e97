/**
 * Anchoring after the W3C Web Annotation TextQuote and TextPosition selectors: an exact match of the
 * quote, chosen among several by prefix/suffix and the position hint; then a bounded fuzzy match;
 * else the annotation is orphaned. A quote found more than once with nothing stored to choose
 * between the copies is ambiguous. A fuzzy match is taken only when it is clearly the best place —
 * moving a note silently to the wrong passage is worse than orphaning it.
 */
import { ApproximateMatch, approximateMatches, seededMatches, SEED_LENGTH } from './fuzzyMatch';
import { OffsetRange, QuoteSelector } from './model';

/**
 * How a selector found its passage. `ambiguous`: the quote occurs exactly more than once and
 * nothing stored (prefix, suffix, start) prefers one copy; like `orphaned`, it has no range.
 */
export type AnchorStatus = 'exact' | 'moved' | 'fuzzy' | 'ambiguous' | 'orphaned';

export interface AnchorResult {
  status: AnchorStatus;
  /** Where the passage is now; absent when orphaned or ambiguous. */
  range?: OffsetRange;
  /** 1 for an exact match, the similarity of the best match for fuzzy ones, 0 when orphaned or ambiguous. */
  confidence: number;
  /** Ambiguous only: every copy of the quote the stored context cannot tell apart, in text order. */
  candidates?: OffsetRange[];
}

/** How much context `describePassage` stores on each side, as DESIGN.md fixes. */
export const CONTEXT_LENGTH = 32;

export interface AnchoringOptions {
  /** Lowest similarity (1 − edits / quote length) a fuzzy match must reach. */
  minQuoteSimilarity: number;
  /** Quotes shorter than this are never fuzzily matched: too many wrong places look alike. */
  minFuzzyQuoteLength: number;
  /** Texts longer than this are searched exhaustively only near the position hint. */
  maxFuzzySearchLength: number;
  /**
   * Above this many cells (quote length × text searched) the exhaustive search would take too
   * long (it fills about 60 million a second): a quote of at least two seed pieces is then
   * searched by its pieces instead (`seededMatches`), in time about linear in the text.
   */
  maxExhaustiveCells: number;
}

export const DEFAULT_ANCHORING: AnchoringOptions = {
  minQuoteSimilarity: 0.8,
  minFuzzyQuoteLength: 12,
  maxFuzzySearchLength: 200_000,
  maxExhaustiveCells: 4_000_000,
};

/** Finds the passage a selector describes in `text`. */
export function anchor(selector: QuoteSelector, text: string, options: AnchoringOptions = DEFAULT_ANCHORING): AnchorResult {
  const { quote } = selector;
  if (quote.length === 0) return { status: 'orphaned', confidence: 0 };
  if (selector.start !== undefined && text.startsWith(quote, selector.start) && contextAgrees(selector, text, selector.start)) {
    return { status: 'exact', range: { start: selector.start, end: selector.start + quote.length }, confidence: 1 };
  }
  const exact = bestExactMatches(selector, text);
  if (exact.length > 1) {
    return { status: 'ambiguous', confidence: 0, candidates: exact.map((start) => ({ start, end: start + quote.length })) };
  }
  if (exact.length === 1) {
    const status = selector.start === undefined || selector.start === exact[0] ? 'exact' : 'moved';
    return { status, range: { start: exact[0], end: exact[0] + quote.length }, confidence: 1 };
  }
  return fuzzyAnchor(selector, text, options);
}

/**
 * A similarity as a whole percentage for messages: rounded, except that a match that is not
 * exact never reads "100%".
 */
export function similarityPercent(confidence: number): number {
  const percent = Math.round(confidence * 100);
  return confidence < 1 ? Math.min(percent, 99) : percent;
}

/** The selector that describes `[start, end)` of `text`, ready to be written to the sidecar. */
export function describePassage(text: string, range: OffsetRange): Required<QuoteSelector> {
  return {
    quote: text.slice(range.start, range.end),
    prefix: text.slice(Math.max(0, range.start - CONTEXT_LENGTH), range.start),
    suffix: text.slice(range.end, range.end + CONTEXT_LENGTH),
    start: range.start,
  };
}

/** The stored prefix/suffix, where present, are found right next to `start`. */
function contextAgrees(selector: QuoteSelector, text: string, start: number): boolean {
  const { prefix, suffix, quote } = selector;
  if (prefix && !text.slice(0, start).endsWith(prefix)) return false;
  if (suffix && !text.startsWith(suffix, start + quote.length)) return false;
  return true;
}

/** The copies of the quote that score best by context and hint: one, or several that nothing tells apart. */
function bestExactMatches(selector: QuoteSelector, text: string): number[] {
  let best: number[] = [];
  let bestScore = -Infinity;
  for (let at = text.indexOf(selector.quote); at !== -1; at = text.indexOf(selector.quote, at + 1)) {
    const score = placeScore(selector, text, at, at + selector.quote.length);
    if (score > bestScore) {
      bestScore = score;
      best = [at];
    } else if (score === bestScore) best.push(at);
  }
  return best;
}

/**
 * Ranks a candidate place: matching context counts most, nearness to the hint breaks ties.
 * Context similarity is in [0, 2], nearness in [0, 1).
 */
function placeScore(selector: QuoteSelector, text: string, start: number, end: number): number {
  let score = 0;
  if (selector.prefix) score += commonSuffixLength(selector.prefix, text, start) / selector.prefix.length;
  if (selector.suffix) score += commonPrefixLength(selector.suffix, text, end) / selector.suffix.length;
  if (selector.start !== undefined) score += 1 / (1 + Math.abs(start - selector.start) / 64);
  return score;
}

function commonSuffixLength(prefix: string, text: string, end: number): number {
  let n = 0;
  while (n < prefix.length && end - n - 1 >= 0 && prefix.charCodeAt(prefix.length - 1 - n) === text.charCodeAt(end - n - 1)) n++;
  return n;
}

function commonPrefixLength(suffix: string, text: string, start: number): number {
  let n = 0;
  while (n < suffix.length && start + n < text.length && suffix.charCodeAt(n) === text.charCodeAt(start + n)) n++;
  return n;
}

function fuzzyAnchor(selector: QuoteSelector, text: string, options: AnchoringOptions): AnchorResult {
  const { quote } = selector;
  if (quote.length < options.minFuzzyQuoteLength) return { status: 'orphaned', confidence: 0 };
  const maxEdits = Math.floor(quote.length * (1 - options.minQuoteSimilarity));
  // The exhaustive search covers a long text only near the position hint, and not at all without one.
  let from = 0;
  let to = text.length;
  const searchable = text.length <= options.maxFuzzySearchLength || selector.start !== undefined;
  if (text.length > options.maxFuzzySearchLength && selector.start !== undefined) {
    const half = options.maxFuzzySearchLength >> 1;
    from = Math.max(0, selector.start - half);
    to = Math.min(text.length, selector.start + quote.length + half);
  }
  let candidates: ApproximateMatch[];
  if (searchable && quote.length * (to - from) <= options.maxExhaustiveCells) candidates = approximateMatches(quote, text, from, to, maxEdits);
  // The pieces are looked up in the whole text: that costs little, and a distant copy must be seen to be a tie.
  else if (quote.length >= 2 * SEED_LENGTH) candidates = seededMatches(quote, text, 0, text.length, maxEdits);
  else if (searchable) candidates = approximateMatches(quote, text, from, to, maxEdits);
  else return { status: 'orphaned', confidence: 0 };
  if (candidates.length === 0) return { status: 'orphaned', confidence: 0 };
  const fewest = candidates.reduce((least, c) => Math.min(least, c.edits), Infinity);
  const best = candidates.filter((c) => c.edits === fewest);
  let chosen = best[0];
  if (best.length > 1) {
    // Several equally close places: only context or the hint may decide, never the order of the text.
    const scored = best.map((c) => ({ c, score: placeScore(selector, text, c.start, c.end) })).sort((a, b) => b.score - a.score);
    if (scored[0].score === scored[1].score) return { status: 'orphaned', confidence: 0 };
    chosen = scored[0].c;
  }
  return { status: 'fuzzy', range: { start: chosen.start, end: chosen.end }, confidence: 1 - chosen.edits / quote.length };
}
