/**
 * The actor graph: actors as nodes sized by their mentions, edges for the relations the sidecar
 * states and for actors named in the same paragraph (weighted by how many paragraphs).
 */
import type { CorpusIndex } from './corpus';
import { ActorKind } from './model';

export interface GraphNode {
  id: string;
  name: string;
  kind: ActorKind;
  /** Mentions in the documents the graph covers. */
  mentions: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** `relation`: stated in the sidecar; `co-mention`: named in the same paragraph. */
  kind: 'relation' | 'co-mention';
  /** A relation's type and label. */
  type?: string;
  label?: string;
  /** Relations: the number of evidence passages; co-mentions: the number of shared paragraphs. */
  weight: number;
}

export interface ActorGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** How many co-mention ties there are; `edges` has those of at least `minTies`, at most `coMentionLimit`. */
  coMentionTotal: number;
  /** `tiesAtLeast[t]`: how many co-mention ties have a weight of `t` or more (`[0]` and `[1]` count them all). */
  tiesAtLeast: number[];
  /** The fewest shared paragraphs a co-mention tie in `edges` has. */
  minTies: number;
  /** The threshold chosen from the data when none is asked for (see `defaultMinTies`). */
  defaultMinTies: number;
  /** Every document of the corpus, for the document filter. */
  documents: { path: string; title?: string }[];
}

export interface GraphFilter {
  /** Only actors of these kinds (default: all). */
  kinds?: readonly ActorKind[];
  /** Only mentions and co-mentions in this document (default: the whole corpus). */
  document?: string;
  /** At most this many co-mention edges, the strongest (default 250: more cannot be read in a drawing). */
  coMentionLimit?: number;
  /** Only co-mention ties of at least this many shared paragraphs (default: `defaultMinTies`). Relations always show. */
  minTies?: number;
}

const DEFAULT_CO_MENTION_LIMIT = 250;

/**
 * About how many co-mention ties a drawing of a dozen or two actors can show before it turns into a
 * hairball (16 actors with 108 ties could not be read; with 40 they can).
 */
export const READABLE_CO_MENTIONS = 40;

/**
 * The smallest minimum of shared paragraphs that leaves at most `target` co-mention ties: the
 * default of the graph's "minimum ties" control. 1 (every tie) when there are few enough; when even
 * the strongest weight is shared by more than `target` ties, that weight (no cut can keep some of
 * equals and not others).
 */
export function defaultMinTies(tiesAtLeast: readonly number[], target = READABLE_CO_MENTIONS): number {
  for (let t = 1; t < tiesAtLeast.length; t++) if (tiesAtLeast[t] <= target) return t;
  return Math.max(1, tiesAtLeast.length - 1);
}

/** `tiesAtLeast[t]` = how many of the weights are `t` or more, for t from 0 to the largest weight. */
export function countTiesAtLeast(weights: Iterable<number>): number[] {
  const byWeight: number[] = [0];
  for (const w of weights) {
    while (byWeight.length <= w) byWeight.push(0);
    byWeight[w]++;
  }
  for (let t = byWeight.length - 2; t >= 0; t--) byWeight[t] += byWeight[t + 1];
  return byWeight;
}

/** A paragraph ends at a blank line (a line of nothing but white space)… */
const BLANK_LINE_BREAK = /\r?\n[ \t]*\r?\n/g;
/** …or, in an article with no blank line at all (one paragraph per line), at every line break. */
const LINE_BREAK = /\r?\n/g;

/** Offsets where each paragraph after the first starts, ascending. */
export function paragraphStarts(text: string): number[] {
  const starts: number[] = [];
  for (const match of text.matchAll(BLANK_LINE_BREAK)) starts.push(match.index! + match[0].length);
  if (starts.length > 0) return starts;
  for (const match of text.matchAll(LINE_BREAK)) starts.push(match.index! + match[0].length);
  return starts;
}

/** Builds the graph over the whole corpus or one document, for some kinds of actor. */
export function buildActorGraph(corpus: CorpusIndex, filter: GraphFilter = {}): ActorGraph {
  const { index } = corpus;
  const kinds = filter.kinds && filter.kinds.length > 0 ? new Set(filter.kinds) : undefined;
  const shown = (id: string): boolean => {
    const actor = index.actors.get(id);
    return actor !== undefined && (kinds === undefined || kinds.has(actor.kind));
  };
  const files = filter.document !== undefined ? [filter.document].filter((f) => corpus.article(f)) : corpus.articlePaths();

  // Counted by actor number in flat arrays: a large corpus has hundreds of thousands of mentions.
  const actorIds = [...index.actors.keys()].filter(shown);
  const number = new Map(actorIds.map((id, i) => [id, i]));
  const n = actorIds.length;
  const mentionCounts = new Uint32Array(n);
  const pairCounts = new Uint32Array(n * n);
  const inParagraph: number[] = [];
  const seen = new Uint8Array(n);
  const closeParagraph = (): void => {
    inParagraph.sort((a, b) => a - b);
    for (let i = 0; i < inParagraph.length; i++) {
      for (let j = i + 1; j < inParagraph.length; j++) pairCounts[inParagraph[i] * n + inParagraph[j]]++;
      seen[inParagraph[i]] = 0;
    }
    inParagraph.length = 0;
  };
  for (const file of files) {
    const article = corpus.article(file)!;
    const breaks = paragraphStarts(article.text);
    let paragraph = 0;
    // Mentions come in text order, so one pass walks paragraphs and mentions together.
    for (const mention of article.mentions) {
      const actor = number.get(mention.actorId);
      if (actor === undefined) continue;
      if (paragraph < breaks.length && mention.start >= breaks[paragraph]) {
        closeParagraph();
        while (paragraph < breaks.length && mention.start >= breaks[paragraph]) paragraph++;
      }
      mentionCounts[actor]++;
      if (!seen[actor]) {
        seen[actor] = 1;
        inParagraph.push(actor);
      }
    }
    closeParagraph();
  }

  const edges: GraphEdge[] = [];
  for (const relation of index.relations) {
    if (!shown(relation.from) || !shown(relation.to)) continue;
    const evidence = relation.evidence.filter((id) => filter.document === undefined || index.annotations.get(id)?.file === filter.document);
    // Within one document, a relation shows only where that document is its evidence.
    if (filter.document !== undefined && evidence.length === 0) continue;
    edges.push({ from: relation.from, to: relation.to, kind: 'relation', type: relation.type, label: relation.label, weight: evidence.length });
  }
  const coMentions: GraphEdge[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const weight = pairCounts[i * n + j];
      if (weight > 0) coMentions.push({ from: actorIds[i], to: actorIds[j], kind: 'co-mention', weight });
    }
  }
  const tiesAtLeast = countTiesAtLeast(coMentions.map((e) => e.weight));
  const automaticMinTies = defaultMinTies(tiesAtLeast);
  const minTies = Math.max(1, Math.floor(filter.minTies ?? automaticMinTies));
  const strongEnough = coMentions.filter((e) => e.weight >= minTies);
  const limit = filter.coMentionLimit ?? DEFAULT_CO_MENTION_LIMIT;
  // Strongest first; among equals, the order the sidecar lists the actors in.
  const strongest = strongEnough.length <= limit ? strongEnough : [...strongEnough].sort((a, b) => b.weight - a.weight).slice(0, limit);
  edges.push(...strongest);

  // Actors appear when mentioned here or tied by an edge; over the whole corpus, every actor shown.
  const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
  const nodes = [...index.actors.values()]
    .filter((actor) => shown(actor.id) && (filter.document === undefined || mentionCounts[number.get(actor.id)!] > 0 || linked.has(actor.id)))
    .map((actor) => ({ id: actor.id, name: actor.name, kind: actor.kind, mentions: mentionCounts[number.get(actor.id)!] }));
  const documents = corpus.articlePaths().map((path) => ({ path, title: corpus.titleOf(path) }));
  return { nodes, edges, coMentionTotal: coMentions.length, tiesAtLeast, minTies, defaultMinTies: automaticMinTies, documents };
}
