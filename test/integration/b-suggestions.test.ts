/**
 * The live suggestion marks in an open article follow the same rules as Suggest Actors: a name the
 * recogniser knows is marked; a demonym, an adjective, a date, a numbered designation, or a
 * misspelt alias inside a longer name is not
 * (the longer name is a candidate of its own).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, fileUri, openArticle, waitUntil, writeArticle } from './helpers';

const DOCK = 'articles/dock-notes.txt';

describe('suggestion marks in an open article', () => {
  before(async () => {
    await api();
    await writeArticle(DOCK, 'Dock notes\n'
      + 'Velmoran envoys and Western observers waited at Pier No. 4 on Monday with Lena Sorvik of the Northlend Coast Guard.\n'
      + 'The Soviet era docks are gone, Lena Sorvik said, and Northlend fishers agreed.\n');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(fileUri(DOCK));
  });

  it('marks whole names only: no demonym, adjective, date or pier number; a longer name is a candidate, never an alias variant', async () => {
    const editor = await openArticle(DOCK);
    const marks = (code: string): string[] => vscode.languages.getDiagnostics(editor.document.uri)
      .filter((d) => d.source === 'marginalia' && d.code === code)
      .map((d) => editor.document.getText(d.range));
    await waitUntil(() => marks('candidate-actor').length > 0 && marks('alias-variant').length > 0, 'the suggestion marks');
    assert.deepEqual(marks('candidate-actor'), ['Lena Sorvik', 'Northlend Coast Guard', 'Lena Sorvik'], 'a longer name is a name of its own');
    assert.deepEqual(marks('alias-variant'), ['Northlend'], 'the one standing alone, not the one in "Northlend Coast Guard"');
  });
});
