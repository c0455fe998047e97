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
  /** Every document of the corpus, for the document filter. */
  documents: { path: string; title?: string }[];
}

export interface GraphFilter {
  /** Only actors of these kinds (default: all). */
  kinds?: readonly ActorKind[];
  /** Only mentions and co-mentions in this document (default: the whole corpus). */
  document?: string;
}

/** A paragraph ends at a blank line (a line of nothing but white space). */
const PARAGRAPH_BREAK = /\r?\n[ \t]*\r?\n/g;

/** Offsets where each paragraph after the first starts, ascending. */
export function paragraphStarts(text: string): number[] {
  const starts: number[] = [];
  for (const match of text.matchAll(PARAGRAPH_BREAK)) starts.push(match.index! + match[0].length);
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

  const mentions = new Map<string, number>();
  const coMentions = new Map<string, number>();
  for (const file of files) {
    const article = corpus.article(file)!;
    const breaks = paragraphStarts(article.text);
    let paragraph = 0;
    let inParagraph = new Set<string>();
    const closeParagraph = (): void => {
      const ids = [...inParagraph].sort();
      for (let i = 0; i < ids.length; i++) {
        for (let j = i + 1; j < ids.length; j++) {
          const key = `${ids[i]}\n${ids[j]}`;
          coMentions.set(key, (coMentions.get(key) ?? 0) + 1);
        }
      }
      inParagraph = new Set();
    };
    // Mentions come in text order, so one pass walks paragraphs and mentions together.
    for (const mention of article.mentions) {
      if (!shown(mention.actorId)) continue;
      if (paragraph < breaks.length && mention.start >= breaks[paragraph]) {
        closeParagraph();
        while (paragraph < breaks.length && mention.start >= breaks[paragraph]) paragraph++;
      }
      mentions.set(mention.actorId, (mentions.get(mention.actorId) ?? 0) + 1);
      inParagraph.add(mention.actorId);
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
  for (const [key, weight] of coMentions) {
    const [from, to] = key.split('\n');
    edges.push({ from, to, kind: 'co-mention', weight });
  }

  // Actors appear when mentioned here or tied by an edge; over the whole corpus, every actor shown.
  const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
  const nodes = [...index.actors.values()]
    .filter((actor) => shown(actor.id) && (filter.document === undefined || mentions.has(actor.id) || linked.has(actor.id)))
    .map((actor) => ({ id: actor.id, name: actor.name, kind: actor.kind, mentions: mentions.get(actor.id) ?? 0 }));
  const documents = corpus.articlePaths().map((path) => ({ path, title: index.documents.get(path)?.title }));
  return { nodes, edges, documents };
}
