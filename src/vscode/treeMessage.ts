/** The message a Marginalia tree view shows instead of items: a broken sidecar, or nothing yet. */
import * as vscode from 'vscode';
import { CorpusIndex } from '../core/corpus';
import { CorpusService } from './corpusService';

export function treeMessage(service: CorpusService, isEmpty: (corpus: CorpusIndex) => boolean, emptyHint: string): string | undefined {
  const corpus = service.corpus;
  const sidecar = service.sidecarUri;
  if (!corpus || !sidecar) return undefined;
  if (corpus.sidecar.invalid) return `${vscode.workspace.asRelativePath(sidecar)} has errors: see the Problems panel.`;
  return isEmpty(corpus) ? emptyHint : undefined;
}
