/** Export the reviewer's notes (Markdown, HTML or JSON; by document, actor or tag) beside the sidecar and open them. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ReviewState } from '../core/model';
import { NOTES_FORMATS, NOTES_GROUPINGS, NotesFormat, NotesGrouping, renderNotes } from '../core/report';
import { Corpora } from './corpora';
import { COMMANDS } from './ids';

export interface ExportArgs {
  format?: NotesFormat;
  groupBy?: NotesGrouping;
  /** Keep only these review states; default: the Annotations view's filter, or every state. */
  review?: ReviewState[];
  /** Where to write; default `reviewer-notes.<format>` beside the sidecar. */
  target?: vscode.Uri;
  /** The corpus (`CorpusService.key`); default the active editor's, else the only one, else asked. */
  root?: string;
}

const FORMAT_DESCRIPTIONS: Record<NotesFormat, string> = {
  md: 'Markdown',
  html: 'HTML, one self-contained page',
  json: 'JSON, for scripts',
};

/** `reviewFilter` gives the review states the Annotations view shows, so the export matches what the user sees. */
export function registerExportCommand(corpora: Corpora, reviewFilter: () => readonly ReviewState[] | undefined): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.exportNotes, async (args: ExportArgs = {}) => {
    const service = await corpora.forActiveEditorOrPick(args, 'Export the notes of which corpus?');
    await service?.whenReady();
    const corpus = service?.corpus;
    const sidecar = service?.sidecarUri;
    if (!corpus || !sidecar) return undefined;
    const format = args.format ?? (await pick('Export reviewer’s notes as', NOTES_FORMATS, (f) => FORMAT_DESCRIPTIONS[f]));
    if (format === undefined) return undefined;
    const groupBy = args.groupBy ?? (await pick('Group the notes by', NOTES_GROUPINGS, (g) => (g === 'document' ? 'each article with its annotations' : `each ${g} with its annotations`)));
    if (groupBy === undefined) return undefined;
    const folder = vscode.Uri.joinPath(sidecar, '..');
    const target = args.target ?? vscode.Uri.joinPath(folder, `reviewer-notes.${format}`);
    const base = path.posix.relative(path.posix.dirname(target.path), folder.path);
    const text = renderNotes(corpus, { format, groupBy, review: args.review ?? reviewFilter()?.slice(), base });
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    const document = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(document, { preview: false });
    if (format === 'html' && args.target === undefined) {
      void vscode.window.showInformationMessage(`Reviewer’s notes written to ${vscode.workspace.asRelativePath(target)}.`, 'Open in Browser').then((choice) => {
        if (choice) void vscode.env.openExternal(target);
      });
    }
    return target;
  });
}

async function pick<T extends string>(title: string, options: readonly T[], describe: (option: T) => string): Promise<T | undefined> {
  const chosen = await vscode.window.showQuickPick(options.map((label) => ({ label, description: describe(label) })), { title });
  return chosen?.label as T | undefined;
}
