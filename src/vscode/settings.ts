/** Marginalia's settings, read in one place and typed. */
import * as vscode from 'vscode';

export interface MarginaliaSettings {
  /** The sidecar's path, relative to the workspace folder. */
  indexFile: string;
  /** Underline actor mentions in articles. */
  decorateMentions: boolean;
  /** Open corpus `.txt` files in the `article` language (its grammar highlights quotes, dates, figures). */
  articleLanguage: boolean;
  /** After an article is saved, store anchors that moved with exact quotes back in the sidecar. */
  saveMovedAnchors: boolean;
  /** Mark alias variants and unknown names in open articles, with quick fixes. */
  suggestionDiagnostics: boolean;
  /** Recorded as the author of new annotations; empty: git's `user.name` for the corpus folder. */
  author: string;
}

export function readSettings(scope?: vscode.ConfigurationScope): MarginaliaSettings {
  const config = vscode.workspace.getConfiguration('marginalia', scope);
  return {
    indexFile: config.get<string>('indexFile', 'marginalia.yaml'),
    decorateMentions: config.get<boolean>('decorations.mentions', true),
    articleLanguage: config.get<boolean>('articleLanguage', true),
    saveMovedAnchors: config.get<boolean>('saveMovedAnchors', true),
    suggestionDiagnostics: config.get<boolean>('suggestions.diagnostics', true),
    author: config.get<string>('author', '').trim(),
  };
}
