/**
 * Ids of entries that queued edits will add but that are not written yet. A command planning a
 * new entry counts them as taken, so that two commands fired before the first write lands do not
 * pick the same id; each write frees its ids when it ends, written or not.
 */
import { SidecarEdit } from '../core/sidecar/edits';

type Section = 'annotations' | 'actors';

export class IdReservations {
  /** Id → how many queued edits add it (a refused retry may queue the same id again). */
  private readonly counts: Record<Section, Map<string, number>> = { annotations: new Map(), actors: new Map() };

  has(section: Section, id: string): boolean {
    return this.counts[section].has(id);
  }

  /** Reserves the ids the edits add; the returned function frees them. */
  reserve(edits: readonly SidecarEdit[]): () => void {
    const reserved: { map: Map<string, number>; id: string }[] = [];
    for (const edit of edits) {
      if (edit.kind !== 'addAnnotation' && edit.kind !== 'addActor') continue;
      const map = this.counts[edit.kind === 'addAnnotation' ? 'annotations' : 'actors'];
      map.set(edit.id, (map.get(edit.id) ?? 0) + 1);
      reserved.push({ map, id: edit.id });
    }
    return () => {
      for (const { map, id } of reserved.splice(0)) {
        const count = (map.get(id) ?? 1) - 1;
        if (count > 0) map.set(id, count);
        else map.delete(id);
      }
    };
  }
}
