/**
 * The status bar says when Marginalia is not showing or not writing what is on disk: a stale index
 * (the sidecar stopped parsing) or an edit that was refused and is kept to retry.
 */
import * as vscode from 'vscode';
import { CorpusService } from './corpusService';
import { COMMANDS } from './ids';

/** The item and whether it is shown (a StatusBarItem cannot say), for tests. */
export interface WriteStatusItem {
  readonly item: vscode.StatusBarItem;
  readonly shown: boolean;
}

export function registerStatusBar(service: CorpusService): { status: WriteStatusItem; disposable: vscode.Disposable } {
  const item = vscode.window.createStatusBarItem('marginalia.writeStatus', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Marginalia';
  let shown = false;
  const update = (): void => {
    const stale = service.stale;
    const refused = service.refused;
    if (stale && service.sidecarUri) {
      item.text = '$(warning) Marginalia: stale';
      item.tooltip = `stale: ${stale.reason}. The views show the last version that parsed, and nothing is written, until it parses again. Click to open it at the error.`;
      const at = new vscode.Range(stale.line, 0, stale.line, 0);
      item.command = { command: 'vscode.open', title: 'Open the sidecar at the error', arguments: [service.sidecarUri, { selection: at }] };
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else if (refused) {
      item.text = '$(history) Marginalia: edit not written';
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
    disposable: vscode.Disposable.from(item, service.onDidChangeWriteStatus(update), service.onDidChange(update)),
  };
}
