/**
 * Cross-references between annotations: the links an annotation makes, the links that point at it
 * (backlinks), and the passages related to it through links or shared actors and tags. Built once
 * per sidecar version, so a hover or a tree asks in time proportional to its answer, not to the
 * number of annotations.
 */
import { LinkType, MarginaliaIndex } from './model';

/** A link into an annotation, from the annotation that makes it. */
export interface Backlink {
  from: string;
  type: LinkType;
}

/** Why a passage is related to another: listed in this order, each passage once. */
export type RelatedReason =
  | { kind: 'link'; type: LinkType }
  | { kind: 'backlink'; type: LinkType }
  | { kind: 'shared'; actors: string[]; tags: string[] };

export interface RelatedPassage {
  annotationId: string;
  reason: RelatedReason;
}

export class CrossReferences {
  private readonly backlinks = new Map<string, Backlink[]>();
  private readonly byActor = new Map<string, string[]>();
  private readonly byTag = new Map<string, string[]>();
  /** Each annotation's place in the sidecar. */
  private readonly order = new Map<string, number>();

  constructor(private readonly index: MarginaliaIndex) {
    for (const annotation of index.annotations.values()) {
      this.order.set(annotation.id, this.order.size);
      for (const link of annotation.links) push(this.backlinks, link.to, { from: annotation.id, type: link.type });
      for (const actor of new Set(annotation.actors)) push(this.byActor, actor, annotation.id);
      for (const tag of new Set(annotation.tags)) push(this.byTag, tag, annotation.id);
    }
  }

  /** The links that point at an annotation, in sidecar order (one per linking entry and type). */
  linksTo(annotationId: string): readonly Backlink[] {
    return this.backlinks.get(annotationId) ?? [];
  }

  /**
   * Passages related to an annotation: those it links to, those linking to it, then those sharing
   * any of its actors or tags (in sidecar order). Each passage once, under its first reason;
   * links to missing annotations are left out.
   */
  related(annotationId: string): RelatedPassage[] {
    const here = this.index.annotations.get(annotationId);
    if (!here) return [];
    const seen = new Set<string>([annotationId]);
    const related: RelatedPassage[] = [];
    const add = (id: string, reason: RelatedReason): void => {
      if (seen.has(id) || !this.index.annotations.has(id)) return;
      seen.add(id);
      related.push({ annotationId: id, reason });
    };
    for (const link of here.links) add(link.to, { kind: 'link', type: link.type });
    for (const back of this.linksTo(annotationId)) add(back.from, { kind: 'backlink', type: back.type });
    const sharing = new Set([...here.actors.flatMap((a) => this.byActor.get(a) ?? []), ...here.tags.flatMap((t) => this.byTag.get(t) ?? [])]);
    for (const id of [...sharing].sort((a, b) => this.order.get(a)! - this.order.get(b)!)) {
      if (seen.has(id)) continue;
      const other = this.index.annotations.get(id)!;
      add(id, { kind: 'shared', actors: other.actors.filter((a) => here.actors.includes(a)), tags: other.tags.filter((t) => here.tags.includes(t)) });
    }
    return related;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
