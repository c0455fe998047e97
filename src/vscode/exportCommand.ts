/** Export the reviewer's notes (Markdown or JSON) beside the sidecar and open them. */
import * as vscode from 'vscode';
import { NOTES_FORMATS, NotesFormat, renderNotes } from '../core/report';
import { CorpusService } from './corpusService';
import { COMMANDS } from './ids';

export interface ExportArgs {
  format?: NotesFormat;
  /** Where to write; default `reviewer-notes.<format>` beside the sidecar. */
  target?: vscode.Uri;
}

export function registerExportCommand(service: CorpusService): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.exportNotes, async (args: ExportArgs = {}) => {
    await service.whenReady();
    const corpus = service.corpus;
    const sidecar = service.sidecarUri;
    if (!corpus || !sidecar) return undefined;
    const format = args.format ?? ((await vscode.window.showQuickPick(
      NOTES_FORMATS.map((f) => ({ label: f, description: f === 'md' ? 'Markdown, grouped by document' : 'JSON, for scripts' })),
      { title: 'Export reviewer’s notes as' },
    ))?.label as NotesFormat | undefined);
    if (format === undefined) return undefined;
    const target = args.target ?? vscode.Uri.joinPath(sidecar, '..', `reviewer-notes.${format}`);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(renderNotes(corpus, format)));
    const document = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(document, { preview: false });
    return target;
  });
}
