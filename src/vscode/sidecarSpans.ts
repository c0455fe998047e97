/**
 * Spans of the sidecar's entries, computed in the background once the index is shown. The fast
 * reader (and a cache hit of its read) leaves them to compute when first asked for; the first
 * entry edit asks for all of them, which is `yaml`'s read of the whole text — seconds on a large
 * sidecar, and on the extension host. A worker reads it instead while the user looks at the index.
 */
import * as vscode from 'vscode';
import { sidecarSpansOnWorker } from '../node/sidecarWorker';
import { Corpora } from './corpora';

export function registerBackgroundSpans(corpora: Corpora, workerScript: string): vscode.Disposable {
  const computeSpans = sidecarSpansOnWorker(workerScript);
  return corpora.onDidChange((change) => {
    const sidecar = change.service.corpus?.sidecar;
    if (change.kind === 'sidecar' && sidecar) void computeSpans(sidecar);
  });
}
