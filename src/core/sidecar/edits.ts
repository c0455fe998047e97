/**
 * What an edit of the sidecar can be: the vocabulary shared by the planner (`edit.ts`), the
 * entry-by-entry re-reader (`entries.ts`), the writer (`store.ts`) and every caller.
 */
import { LinkType, QuoteSelector, ReviewState } from '../model';
import { EditableSection } from './read';

/** The fields a new annotation may be written with. */
export interface NewAnnotation extends Required<Pick<QuoteSelector, 'quote'>>, QuoteSelector {
  file: string;
  note?: string;
  tags?: string[];
  actors?: string[];
  /** Who wrote it; see `Annotation.author`. */
  author?: string;
  /** An ISO date `YYYY-MM-DD`. */
  created?: string;
}

/** The fields a new actor may be written with. */
export interface NewActor {
  name: string;
  kind: string;
  aliases: string[];
  note?: string;
}

/** One change to the sidecar. */
export type SidecarEdit =
  | { kind: 'setAnchor'; annotationId: string; selector: Required<QuoteSelector> }
  | { kind: 'addAnnotation'; id: string; annotation: NewAnnotation }
  | { kind: 'deleteAnnotation'; id: string }
  | { kind: 'setAnnotationNote'; id: string; note: string }
  | { kind: 'setAnnotationReview'; id: string; review: ReviewState }
  | { kind: 'addLink'; from: string; to: string; type: LinkType }
  | { kind: 'addActor'; id: string; actor: NewActor }
  | { kind: 'addAlias'; actorId: string; alias: string }
  | { kind: 'renameActor'; from: string; to: string }
  | { kind: 'ignoreSuggestion'; phrase: string };

/** An edit that cannot be applied: the sidecar is invalid, or an id is missing or taken. */
export class SidecarEditError extends Error {}

/** The entry of a section an edit writes in; `isNew` when the edit adds it. */
export interface EntryOwner {
  section: EditableSection;
  id: string;
  isNew: boolean;
}

/** A text replacement, with the one entry it changes (none when it changes the file's structure). */
export interface OwnedSplice {
  start: number;
  end: number;
  text: string;
  owner?: EntryOwner;
}

/** The one entry an edit writes in, when it writes in only one; structural edits have none. */
export function ownerOf(edit: SidecarEdit): EntryOwner | undefined {
  switch (edit.kind) {
    case 'setAnchor':
      return { section: 'annotations', id: edit.annotationId, isNew: false };
    case 'setAnnotationNote':
    case 'setAnnotationReview':
      return { section: 'annotations', id: edit.id, isNew: false };
    case 'addLink':
      return { section: 'annotations', id: edit.from, isNew: false };
    case 'addAnnotation':
      return { section: 'annotations', id: edit.id, isNew: true };
    case 'addAlias':
      return { section: 'actors', id: edit.actorId, isNew: false };
    case 'addActor':
      return { section: 'actors', id: edit.id, isNew: true };
    default:
      return undefined;
  }
}
