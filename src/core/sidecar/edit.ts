/**
 * The one door for edits to `marginalia.yaml`. Each edit becomes a few text splices at the source
 * ranges of the nodes it touches (`splices.ts`), so everything else — comments, key order, quoting,
 * unknown keys, blank lines — stays byte for byte, diffs stay small, and one edit never
 * re-serialises the file. This file batches them: which edits can be planned on the same text.
 */
import { YAMLMap } from 'yaml';
import { EntryOwner, OwnedSplice, ownerOf, SidecarEdit, SidecarEditError } from './edits';
import { advanceSidecar, entryRoot } from './entries';
import { ParsedSidecar } from './read';
import { SpliceBuilder, TextSplice } from './splices';

/**
 * Applies the edits and returns the sidecar they leave: its text, and its index re-read only where
 * the edits wrote. `file` names the sidecar in problems. Never called on an invalid sidecar.
 */
export function applySidecarEdits(parsed: ParsedSidecar, edits: readonly SidecarEdit[], file?: string): ParsedSidecar {
  if (parsed.invalid) throw new SidecarEditError('the sidecar has errors that stop it being read; fix them before editing');
  let current = parsed;
  let pending = new PendingSplices();
  const flush = (): void => {
    current = advanceSidecar(current, pending.all(), file);
    pending = new PendingSplices();
  };
  for (const edit of edits) {
    // An edit not confined to one entry (rename, delete…) reads the whole sidecar: it is planned
    // on the text every earlier edit left, and every later edit on the text it leaves.
    // So is a second edit of one entry: the first may have changed what the second sees there.
    const owner = ownerOf(edit);
    const structural = owner === undefined;
    if (pending.size > 0 && (structural || pending.writesIn(owner))) flush();
    let splices: OwnedSplice[];
    try {
      splices = planEdit(current, edit);
    } catch (error) {
      // An edit may name an entry an earlier edit of the batch adds: plan it on the new text.
      if (!(error instanceof SidecarEditError) || pending.size === 0) throw error;
      flush();
      splices = planEdit(current, edit);
    }
    if (splices.some((s) => pending.overlaps(s))) {
      // Two edits touch the same node: apply what we have and plan this one on the new text.
      flush();
      splices = planEdit(current, edit);
    }
    for (const splice of splices) pending.add(splice);
    if (owner) pending.noteWriteIn(owner);
    if (structural) flush();
  }
  flush();
  return current;
}

/**
 * The splices planned since the last flush, kept sorted by start so that checking a new one
 * against them is a binary search: a reanchor of 20,000 annotations plans 80,000 splices.
 */
class PendingSplices {
  private readonly sorted: OwnedSplice[] = [];
  private readonly planned: OwnedSplice[] = [];
  private readonly owners = new Set<string>();

  get size(): number {
    return this.planned.length;
  }

  /** In the order they were planned: inserts at one point come out in that order. */
  all(): OwnedSplice[] {
    return this.planned;
  }

  add(splice: OwnedSplice): void {
    this.sorted.splice(this.firstEndingAfter(splice.start), 0, splice);
    this.planned.push(splice);
  }

  noteWriteIn(owner: EntryOwner): void {
    this.owners.add(entryKey(owner));
  }

  /** Whether a pending edit writes in this entry. */
  writesIn(owner: EntryOwner): boolean {
    return this.owners.has(entryKey(owner));
  }

  /**
   * Splices of two edits that touch the same text conflict. So do two inserts at one point (the
   * end of one entry is the start of the next, and a field inserted there must not land in a new
   * entry), and an insert at either end of a replaced range (is it inside what was replaced?).
   */
  overlaps(splice: TextSplice): boolean {
    // Pending splices never conflict with each other, so their ends ascend with their starts.
    for (let i = this.firstEndingAfter(splice.start - 1); i < this.sorted.length; i++) {
      const other = this.sorted[i];
      if (other.start > splice.end) break;
      if (conflict(splice, other)) return true;
    }
    return false;
  }

  /** The index of the first pending splice whose end is after `offset`. */
  private firstEndingAfter(offset: number): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.sorted[mid].end <= offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function entryKey(owner: EntryOwner): string {
  return `${owner.section}\0${owner.id}`;
}

function conflict(a: TextSplice, b: TextSplice): boolean {
  if (a.start === b.start) return true;
  if (a.start === a.end) return b.start <= a.start && a.start <= b.end;
  if (b.start === b.end) return a.start <= b.start && b.start <= a.end;
  return a.start < b.end && b.start < a.end;
}

/**
 * Plans one edit. An edit that writes in one entry is planned on that entry's lines alone (the
 * last entry's, for a new one), parsed on their own: a 20,000-annotation sidecar is never parsed
 * whole for it. Anything else, or an entry those lines cannot stand for, uses the whole document.
 */
function planEdit(current: ParsedSidecar, edit: SidecarEdit): OwnedSplice[] {
  const owner = ownerOf(edit);
  const partial = owner && entryRoot(current, owner);
  const builder = new SpliceBuilder(current.text, partial ?? (current.document.contents as YAMLMap), current.index);
  return builder.build(edit).map((splice) => ({ ...splice, owner: partial ? owner : undefined }));
}
