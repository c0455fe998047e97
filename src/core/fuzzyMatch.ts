/**
 * Approximate search of a quote in a text, within a number of Levenshtein edits. Two ways: an
 * exhaustive one (Sellers' dynamic programming, quote length × text length cells), and, where
 * that would take too long, a seeded one whose cost is about linear in the text: exact pieces of
 * the quote say where it may be, and each such place is verified by aligning the whole quote
 * through the piece, in time that grows with the edits found rather than with the quote.
 */

/** One place the pattern matches within the allowed edits: `[start, end)` of the text. */
export interface ApproximateMatch {
  start: number;
  end: number;
  edits: number;
}

/**
 * Places in `text[from, to)` within `maxEdits` Levenshtein edits of `pattern` (Sellers' algorithm:
 * the pattern may begin anywhere). Each column carries where its best alignment starts, so a match
 * comes out with both ends. Among overlapping matches only the closest is kept.
 */
export function approximateMatches(pattern: string, text: string, from: number, to: number, maxEdits: number): ApproximateMatch[] {
  const m = pattern.length;
  let cost = new Int32Array(m + 1);
  let origin = new Int32Array(m + 1);
  let nextCost = new Int32Array(m + 1);
  let nextOrigin = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) {
    cost[i] = i;
    origin[i] = from;
  }
  const matches: ApproximateMatch[] = [];
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    nextCost[0] = 0;
    nextOrigin[0] = j + 1;
    for (let i = 1; i <= m; i++) {
      let best = cost[i - 1] + (pattern.charCodeAt(i - 1) === c ? 0 : 1);
      let bestOrigin = origin[i - 1];
      if (cost[i] + 1 < best) {
        best = cost[i] + 1;
        bestOrigin = origin[i];
      }
      if (nextCost[i - 1] + 1 < best) {
        best = nextCost[i - 1] + 1;
        bestOrigin = nextOrigin[i - 1];
      }
      nextCost[i] = best;
      nextOrigin[i] = bestOrigin;
    }
    const edits = nextCost[m];
    if (edits <= maxEdits) keepClosest(matches, { start: nextOrigin[m], end: j + 1, edits }, m);
    [cost, nextCost] = [nextCost, cost];
    [origin, nextOrigin] = [nextOrigin, origin];
  }
  return matches;
}

/** Appends a match found in text order, or lets it replace the overlapping one before it when it is closer. */
function keepClosest(matches: ApproximateMatch[], match: ApproximateMatch, patternLength: number): void {
  const last = matches[matches.length - 1];
  if (last !== undefined && match.start < last.end) {
    if (match.edits < last.edits || (match.edits === last.edits && match.end - match.start === patternLength)) matches[matches.length - 1] = match;
  } else matches.push(match);
}

/** Length of the exact pieces the seeded search looks for. */
export const SEED_LENGTH = 32;
/** Pieces start every this many characters (and one ends at the tail): any 47 unedited characters hold one. */
const SEED_STRIDE = 16;
/** A piece found more often than this says nothing about where the quote is: it is not used. */
const MAX_HITS_PER_SEED = 16;
/** More candidate places than this and the text repeats the quote's pieces too often to decide: no match. */
const MAX_PLACES = 32;

/**
 * Like `approximateMatches`, in time about linear in `to − from` for a long pattern: pieces of
 * the pattern from its head to its tail (`SEED_LENGTH` long, every `SEED_STRIDE` characters) are
 * looked up exactly, all in one pass over the text; each place they point to is verified by
 * aligning the whole pattern through one of its pieces within `maxEdits`. A place is found when
 * at least one piece survives unedited there (any run of 47 unedited characters holds one), so
 * a long quote rewritten throughout is missed, and orphaned, where the exhaustive search might
 * have found it; what is found is never beyond the allowed edits. Returns no match at all when
 * the pieces occur in too many places to verify each.
 */
export function seededMatches(pattern: string, text: string, from: number, to: number, maxEdits: number): ApproximateMatch[] {
  const m = pattern.length;
  if (m < SEED_LENGTH) return [];
  const offsets: number[] = [];
  for (let offset = 0; offset + SEED_LENGTH < m; offset += SEED_STRIDE) offsets.push(offset);
  offsets.push(m - SEED_LENGTH);
  const hits = findPieces(pattern, offsets, text, from, to);
  // Hits whose pattern would start within `maxEdits` of each other point at one place.
  hits.sort((a, b) => a.start - b.start || a.offset - b.offset);
  const places: (typeof hits)[] = [];
  for (const hit of hits) {
    const place = places[places.length - 1];
    if (place && hit.start - place[place.length - 1].start <= maxEdits) place.push(hit);
    else places.push([hit]);
  }
  if (places.length > MAX_PLACES) return [];
  const found: ApproximateMatch[] = [];
  for (const place of places) {
    // The piece in the middle of those found: the alignment is forced through it.
    const seed = place.slice().sort((a, b) => a.offset - b.offset)[place.length >> 1];
    const match = alignThrough(pattern, text, from, to, seed.offset, seed.at, maxEdits);
    if (match) found.push(match);
  }
  const matches: ApproximateMatch[] = [];
  for (const match of found.sort((a, b) => a.start - b.start || a.end - b.end)) keepClosest(matches, match, m);
  return matches;
}

/** Multiplier of the rolling hash (FNV's prime); arithmetic is modulo 2³². */
const HASH_BASE = 0x01000193;

/**
 * Where in `text[from, to)` the pieces `pattern[offset, offset + SEED_LENGTH)` occur exactly: one
 * pass with a rolling hash of the last `SEED_LENGTH` characters, checked against the pieces' hashes.
 * Pieces found more than `MAX_HITS_PER_SEED` times are left out.
 */
function findPieces(pattern: string, offsets: readonly number[], text: string, from: number, to: number): { offset: number; at: number; start: number }[] {
  const hashOf = (source: string, at: number): number => {
    let h = 0;
    for (let i = 0; i < SEED_LENGTH; i++) h = (Math.imul(h, HASH_BASE) + source.charCodeAt(at + i)) | 0;
    return h;
  };
  let outgoing = 1; // HASH_BASE ** (SEED_LENGTH − 1): the weight of the character that leaves the window
  for (let i = 1; i < SEED_LENGTH; i++) outgoing = Math.imul(outgoing, HASH_BASE);
  const byHash = new Map<number, number[]>();
  // A first filter on 16 bits of the hash keeps the map out of the loop for almost every position.
  const maybe = new Uint8Array(1 << 16);
  offsets.forEach((offset, index) => {
    const h = hashOf(pattern, offset);
    const list = byHash.get(h);
    if (list) list.push(index);
    else byHash.set(h, [index]);
    maybe[h >>> 16] = 1;
  });
  const hitsOf: number[][] = offsets.map(() => []);
  if (to - from < SEED_LENGTH) return [];
  let h = hashOf(text, from);
  for (let at = from; ; at++) {
    if (maybe[h >>> 16] === 1) {
      for (const index of byHash.get(h) ?? []) {
        if (hitsOf[index].length <= MAX_HITS_PER_SEED && text.startsWith(pattern.slice(offsets[index], offsets[index] + SEED_LENGTH), at)) hitsOf[index].push(at);
      }
    }
    if (at + SEED_LENGTH >= to) break;
    h = (Math.imul(h - Math.imul(text.charCodeAt(at), outgoing), HASH_BASE) + text.charCodeAt(at + SEED_LENGTH)) | 0;
  }
  return offsets.flatMap((offset, index) => (hitsOf[index].length > MAX_HITS_PER_SEED ? [] : hitsOf[index].map((at) => ({ offset, at, start: at - offset }))));
}

/**
 * The closest alignment of the whole pattern that matches `pattern[offset, offset + SEED_LENGTH)`
 * exactly at `at`: the parts before and after the piece are aligned outward from it, each with a
 * free far end.
 */
function alignThrough(pattern: string, text: string, from: number, to: number, offset: number, at: number, maxEdits: number): ApproximateMatch | undefined {
  const tailStart = offset + SEED_LENGTH;
  const after = extend(pattern, tailStart, pattern.length - tailStart, text, at + SEED_LENGTH, to - (at + SEED_LENGTH), 1, maxEdits);
  if (!after) return undefined;
  const before = extend(pattern, offset, offset, text, at, at - from, -1, maxEdits - after.edits);
  if (!before) return undefined;
  return { start: at - before.textLength, end: at + SEED_LENGTH + after.textLength, edits: before.edits + after.edits };
}

/**
 * Fewest edits that turn some run of the text, read from `textStart` in `direction`, into the
 * `length` pattern characters read from `patternStart` the same way (forward: `[start, start +
 * length)`; backward: `[start − length, start)`, last character first). `textAvailable` bounds
 * how far the text may be read. Diagonal transition (Ukkonen; Landau–Vishkin): for each number
 * of edits, the furthest pattern position each diagonal reaches, sliding along equal characters,
 * so the work grows with the edits, not with the product of the lengths.
 */
function extend(
  pattern: string, patternStart: number, length: number,
  text: string, textStart: number, textAvailable: number,
  direction: 1 | -1, maxEdits: number,
): { edits: number; textLength: number } | undefined {
  if (maxEdits < 0) return undefined;
  const textLimit = Math.min(textAvailable, length + maxEdits);
  const p = direction === 1 ? (i: number): number => pattern.charCodeAt(patternStart + i) : (i: number): number => pattern.charCodeAt(patternStart - 1 - i);
  const t = direction === 1 ? (j: number): number => text.charCodeAt(textStart + j) : (j: number): number => text.charCodeAt(textStart - 1 - j);
  const slide = (i: number, diagonal: number): number => {
    while (i < length && i + diagonal < textLimit && p(i) === t(i + diagonal)) i++;
    return i;
  };
  const NONE = -1;
  const center = maxEdits + 1;
  // reach[center + d]: the furthest pattern index diagonal d (text index − pattern index) reaches.
  let reach = new Int32Array(2 * maxEdits + 3).fill(NONE);
  let next = new Int32Array(2 * maxEdits + 3).fill(NONE);
  reach[center] = slide(0, 0);
  if (reach[center] === length) return { edits: 0, textLength: length };
  for (let edits = 1; edits <= maxEdits; edits++) {
    let done: number | undefined;
    let alive = false;
    for (let d = -edits; d <= edits; d++) {
      let i = NONE;
      const same = reach[center + d];
      if (same !== NONE && same < length && same + d < textLimit) i = Math.max(i, same + 1); // substitution
      const fromLeft = reach[center + d - 1];
      if (fromLeft !== NONE && fromLeft + d - 1 < textLimit) i = Math.max(i, fromLeft); // a text character more
      const fromRight = reach[center + d + 1];
      if (fromRight !== NONE && fromRight < length) i = Math.max(i, fromRight + 1); // a pattern character fewer
      // Every diagonal of this wavefront is written, so no stale value of two rounds ago is read next round.
      if (i === NONE || i + d < 0) {
        next[center + d] = NONE;
        continue;
      }
      i = slide(i, d);
      next[center + d] = i;
      alive = true;
      // Of the diagonals that finish with these edits, the one nearest the pattern's own length.
      if (i === length && (done === undefined || Math.abs(d) < Math.abs(done))) done = d;
    }
    if (done !== undefined) return { edits, textLength: length + done };
    if (!alive) return undefined;
    [reach, next] = [next, reach];
  }
  return undefined;
}
