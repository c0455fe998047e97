/** Reanchor: store every moved or fuzzy anchor back in the sidecar, as `marginalia reanchor` does. */
import * as vscode from 'vscode';
import { planReanchor } from '../core/reanchor';
import { CorpusService } from './corpusService';
import { COMMANDS } from './ids';

export function registerReanchorCommand(service: CorpusService): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.reanchor, async () => {
    await service.whenReady();
    const corpus = service.corpus;
    if (!corpus) return undefined;
    const plan = planReanchor(corpus);
    if (plan.edits.length > 0 && !(await service.applyEdits(plan.edits))) return undefined;
    const orphans = plan.outcomes.filter((o) => o.status === 'orphaned').map((o) => o.id);
    const message = `Marginalia: ${plan.edits.length} anchor${plan.edits.length === 1 ? '' : 's'} updated` + (orphans.length ? `; ${orphans.length} orphaned (${orphans.join(', ')}), kept as they are.` : '.');
    void (orphans.length ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
    return { updated: plan.edits.length, orphaned: orphans };
  });
}
