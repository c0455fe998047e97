/**
 * What a Marginalia tree view says above (or instead of) its items: a broken sidecar, a stale
 * index, or nothing yet.
 */
import * as vscode from 'vscode';
import { CorpusIndex } from '../core/corpus';
import { CorpusService } from './corpusService';

export function treeMessage(service: CorpusService, isEmpty: (corpus: CorpusIndex) => boolean, emptyHint: string): string | undefined {
  const corpus = service.corpus;
  const sidecar = service.sidecarUri;
  if (!corpus || !sidecar) return undefined;
  const stale = service.stale;
  // The items stay (the last version that parsed); the message says they may be behind the file.
  if (stale) return `stale: ${stale.reason}. Showing the last version that parsed until it is fixed; nothing is written meanwhile.`;
  if (corpus.sidecar.invalid) return `${vscode.workspace.asRelativePath(sidecar)} has errors: see the Problems panel.`;
  return isEmpty(corpus) ? emptyHint : undefined;
}

/** The part of a view's description that marks a stale index. */
export function staleDescription(service: CorpusService): string | undefined {
  return service.stale ? 'stale' : undefined;
}

/**
 * A corpus's top-level node, when a view groups by corpus: the folder's name, and what the view's
 * message would say of it (stale, errors) or else `summary`.
 */
export function corpusItem(service: CorpusService, summary: string): vscode.TreeItem {
  const item = new vscode.TreeItem(service.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `corpus:${service.key}`;
  item.iconPath = new vscode.ThemeIcon('root-folder');
  const sidecar = service.sidecarUri && vscode.workspace.asRelativePath(service.sidecarUri, true);
  item.description = service.stale ? 'stale' : service.corpus?.sidecar.invalid ? `${service.corpus.sidecarPath} has errors` : summary;
  item.tooltip = service.stale ? `stale: ${service.stale.reason}. Showing the last version that parsed until it is fixed; nothing is written meanwhile.` : sidecar;
  item.contextValue = 'corpus';
  return item;
}
