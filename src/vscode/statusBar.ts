/**
 * The status bar says when Marginalia is not showing or not writing what is on disk: a stale index
 * (the sidecar stopped parsing) or an edit that was refused and is kept to retry.
 */
import * as vscode from 'vscode';
import { Corpora } from './corpora';
import { COMMANDS } from './ids';

/** The item and whether it is shown (a StatusBarItem cannot say), for tests. */
export interface WriteStatusItem {
  readonly item: vscode.StatusBarItem;
  readonly shown: boolean;
}

/** Shows the state of the active editor's corpus (else the only one, else the first that is stale or refused a write). */
export function registerStatusBar(corpora: Corpora): { status: WriteStatusItem; disposable: vscode.Disposable } {
  const item = vscode.window.createStatusBarItem('marginalia.writeStatus', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Marginalia';
  let shown = false;
  const update = (): void => {
    const service = corpora.active() ?? corpora.all.find((s) => s.stale || s.refused);
    const stale = service?.stale;
    const refused = service?.refused;
    const named = corpora.all.length > 1 && service ? ` (${service.name})` : '';
    if (stale && service?.sidecarUri) {
      item.text = `$(warning) Marginalia: stale${named}`;
      item.tooltip = `stale: ${stale.reason}. The views show the last version that parsed, and nothing is written, until it parses again. Click to open it at the error.`;
      const at = new vscode.Range(stale.line, 0, stale.line, 0);
      item.command = { command: 'vscode.open', title: 'Open the sidecar at the error', arguments: [service.sidecarUri, { selection: at }] };
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else if (refused) {
      item.text = `$(history) Marginalia: edit not written${named}`;
      item.tooltip = `${refused.reason} Click to retry the edit.`;
      item.command = COMMANDS.retryRefusedEdit;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      item.hide();
      shown = false;
      return;
    }
    item.show();
    shown = true;
  };
  update();
  return {
    status: { item, get shown() { return shown; } },
    disposable: vscode.Disposable.from(item, corpora.onDidChangeWriteStatus(update), corpora.onDidChange(update), vscode.window.onDidChangeActiveTextEditor(update)),
  };
}
