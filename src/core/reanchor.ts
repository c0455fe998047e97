/**
 * Which anchors to store back in the sidecar: those that moved or matched fuzzily, and
 * hand-written ones that still lack the prefix, suffix and position that keep them anchored.
 * Orphaned and ambiguous annotations are left as they are: nothing says where they belong.
 */
import { describePassage } from './anchoring';
import type { CorpusIndex } from './corpus';
import type { AnchorStatus } from './anchoring';
import type { SidecarEdit } from './sidecar/edits';

export interface ReanchorPlan {
  edits: SidecarEdit[];
  /** Every annotation looked at, with what happens to it. */
  outcomes: { id: string; status: AnchorStatus; start?: number; updated: boolean }[];
  orphaned: number;
  /** Annotations whose quote occurs more than once with nothing stored to choose a copy. */
  ambiguous: number;
}

export interface ReanchorScope {
  /** Only annotations of this file. */
  file?: string;
  /** Only anchors with these statuses (default: every status that can be stored). */
  statuses?: readonly AnchorStatus[];
}

export function planReanchor(corpus: CorpusIndex, scope: ReanchorScope = {}): ReanchorPlan {
  const plan: ReanchorPlan = { edits: [], outcomes: [], orphaned: 0, ambiguous: 0 };
  for (const { annotation, result } of scope.file === undefined ? corpus.anchoredAnnotations() : corpus.annotationsOf(scope.file)) {
    if (scope.statuses && !scope.statuses.includes(result.status)) continue;
    if (result.status === 'ambiguous') {
      plan.ambiguous++;
      plan.outcomes.push({ id: annotation.id, status: 'ambiguous', updated: false });
      continue;
    }
    if (result.status === 'orphaned' || !result.range) {
      plan.orphaned++;
      plan.outcomes.push({ id: annotation.id, status: 'orphaned', updated: false });
      continue;
    }
    const selector = describePassage(corpus.article(annotation.file)!.text, result.range);
    const unchanged = selector.quote === annotation.quote && selector.prefix === annotation.prefix && selector.suffix === annotation.suffix && selector.start === annotation.start;
    if (!unchanged) plan.edits.push({ kind: 'setAnchor', annotationId: annotation.id, selector });
    plan.outcomes.push({ id: annotation.id, status: result.status, start: selector.start, updated: !unchanged });
  }
  return plan;
}
