/** Reanchor: store every moved or fuzzy anchor back in the sidecar, as `marginalia reanchor` does (never an ambiguous one). */
import * as vscode from 'vscode';
import { planReanchor } from '../core/reanchor';
import { Corpora } from './corpora';
import { COMMANDS } from './ids';
import { counted } from '../core/text';

export function registerReanchorCommand(corpora: Corpora): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.reanchor, async (args?: { root?: string }) => {
    const service = await corpora.forActiveEditorOrPick(args, 'Reanchor the annotations of which corpus?');
    if (!service) return undefined;
    await service.whenReady();
    const corpus = service.corpus;
    if (!corpus) return undefined;
    const plan = planReanchor(corpus);
    if (plan.edits.length > 0 && !(await service.applyEdits(plan.edits))) return undefined;
    const orphans = plan.outcomes.filter((o) => o.status === 'orphaned').map((o) => o.id);
    const ambiguous = plan.outcomes.filter((o) => o.status === 'ambiguous').map((o) => o.id);
    const left = [
      orphans.length ? `${orphans.length} orphaned (${orphans.join(', ')})` : '',
      ambiguous.length ? `${ambiguous.length} ambiguous (${ambiguous.join(', ')}: choose a copy with the quick fix)` : '',
    ].filter(Boolean).join('; ');
    const message = `Marginalia: ${counted(plan.edits.length, 'anchor')} updated` + (left ? `; ${left}, kept as they are.` : '.');
    void (left ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
    return { updated: plan.edits.length, orphaned: orphans, ambiguous };
  });
}
