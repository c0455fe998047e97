import type { DocumentFilter } from 'vscode';

/** Every command, view and context id Marginalia contributes; a test checks them against package.json. */
export const COMMANDS = {
  annotateSelection: 'marginalia.annotateSelection',
  linkSelection: 'marginalia.linkSelection',
  addActorFromSelection: 'marginalia.addActorFromSelection',
  addAlias: 'marginalia.addAlias',
  renameActor: 'marginalia.renameActor',
  deleteAnnotation: 'marginalia.deleteAnnotation',
  reanchor: 'marginalia.reanchor',
  exportNotes: 'marginalia.exportNotes',
  exportW3c: 'marginalia.exportW3c',
  exportBrat: 'marginalia.exportBrat',
  importAnnotations: 'marginalia.importAnnotations',
  nextAnnotation: 'marginalia.nextAnnotation',
  previousAnnotation: 'marginalia.previousAnnotation',
  relatedPassages: 'marginalia.relatedPassages',
  openPassage: 'marginalia.openPassage',
  openSidecar: 'marginalia.openSidecar',
  groupAnnotationsByTag: 'marginalia.groupAnnotationsByTag',
  groupAnnotationsByDocument: 'marginalia.groupAnnotationsByDocument',
  setReviewState: 'marginalia.setReviewState',
  filterAnnotationsByReview: 'marginalia.filterAnnotationsByReview',
  clearReviewFilter: 'marginalia.clearReviewFilter',
  suggestActors: 'marginalia.suggestActors',
  ignoreSuggestion: 'marginalia.ignoreSuggestion',
  showActorGraph: 'marginalia.showActorGraph',
  refresh: 'marginalia.refresh',
  chooseAnchor: 'marginalia.chooseAnchor',
  retryRefusedEdit: 'marginalia.retryRefusedEdit',
  createIndex: 'marginalia.createIndex',
} as const;

/** Commands for tests and diagnostics only; not in the command palette. */
export const INTERNAL_COMMANDS = {
  decorationsOf: 'marginalia.internal.decorationsOf',
  /** The step of Annotate Selection a prompt is showing (`note`, `tags`, `actors`, `id`), if any. */
  annotateStep: 'marginalia.internal.annotateStep',
} as const;

export const VIEWS = {
  container: 'marginalia',
  actors: 'marginalia.actors',
  annotations: 'marginalia.annotations',
} as const;

export const CONTEXT_KEYS = {
  active: 'marginalia.active',
  annotationsByTag: 'marginalia.annotationsByTag',
  annotationsFiltered: 'marginalia.annotationsFiltered',
  /** An edit was refused and is kept to retry. */
  refusedEdit: 'marginalia.refusedEdit',
} as const;

export const LANGUAGE_ID = 'article';

/** The documents Marginalia's language features serve: articles open as Article or plain text. */
export const ARTICLE_DOCUMENTS: readonly DocumentFilter[] = [{ language: LANGUAGE_ID }, { language: 'plaintext' }];

/** The commands a hover's links may run: Marginalia's own, nothing else. */
export const HOVER_COMMANDS: readonly string[] = [COMMANDS.openPassage, COMMANDS.openSidecar];
