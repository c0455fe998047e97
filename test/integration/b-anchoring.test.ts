/**
 * An ambiguous anchor in the editor: the fixture's `pier-closure` quotes a sentence that a pull
 * quote repeats. It is flagged, never highlighted at a guessed copy; the Problems panel names both
 * lines; the quick fix for a copy stores that copy's context and the annotation anchors there.
 * Runs after the read-only suite and before the editing one (which expects it resolved).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseSidecar } from '../../src/core/sidecar/read';
import type { AppliedDecorations } from '../../src/vscode/decorations';
import { INTERNAL_COMMANDS } from '../../src/vscode/ids';
import { api, fileUri, openArticle, positionOf, readText, waitUntil } from './helpers';

const PIER = 'articles/pier-notice.txt';
const ID = 'pier-closure';
const QUOTE = 'old pier stays closed to small boats until the spring tide';

async function decorationsOf(editor: vscode.TextEditor): Promise<AppliedDecorations> {
  let applied: AppliedDecorations | undefined;
  await waitUntil(async () => {
    applied = await vscode.commands.executeCommand<AppliedDecorations>(INTERNAL_COMMANDS.decorationsOf, editor.document.uri);
    return applied !== undefined;
  }, 'decorations');
  return applied!;
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
}

describe('an ambiguous anchor', () => {
  before(api);
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('is flagged like an orphan, never highlighted at one of its copies', async () => {
    const { service } = await api();
    assert.equal(service.corpus!.anchorOf(ID)?.status, 'ambiguous');
    const editor = await openArticle(PIER);
    const applied = await decorationsOf(editor);
    assert.equal(applied.annotation, undefined, 'no copy is highlighted');
    assert.equal(applied.orphans?.length, 1);
    assert.match(applied.orphans![0].hover!, /Ambiguous annotations .*: pier-closure \(lines 3 and 7\)/);
  });

  it('the Problems panel names both lines; the quick fix for the second copy stores its context, and it anchors there', async () => {
    const { service } = await api();
    const sidecar = fileUri('marginalia.yaml');
    await waitUntil(() => vscode.languages.getDiagnostics(sidecar).some((d) => d.code === 'ambiguous-anchor'), 'the ambiguous-anchor diagnostic');
    const diagnostic = vscode.languages.getDiagnostics(sidecar).find((d) => d.code === 'ambiguous-anchor')!;
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /"pier-closure" is ambiguous: its quote is on lines 3 and 7 of articles\/pier-notice\.txt \(2 copies\)/);

    await vscode.workspace.openTextDocument(sidecar);
    const fixes = (await quickFixes(sidecar, diagnostic.range)).filter((a) => a.command?.command === 'marginalia.chooseAnchor');
    assert.deepEqual(fixes.map((a) => a.title.replace(/:.*/, '')), ['Anchor "pier-closure" to line 3', 'Anchor "pier-closure" to line 7']);
    assert.match(fixes[1].title, /^Anchor "pier-closure" to line 7: …office wrote that the «old pier stays … the spring tide», and that repairs would…$/, 'the title shows what tells the copies apart');

    // In the article, at the first copy, the fix for that copy is offered too.
    const editor = await openArticle(PIER);
    const inFirst = positionOf(editor.document, QUOTE, 5, 0);
    const here = (await quickFixes(editor.document.uri, new vscode.Range(inFirst, inFirst))).filter((a) => a.command?.command === 'marginalia.chooseAnchor');
    assert.deepEqual(here.map((a) => a.title.replace(/:.*/, '')), ['Anchor "pier-closure" to line 3']);

    const chosen = fixes[1];
    assert.equal(await vscode.commands.executeCommand(chosen.command!.command, ...chosen.command!.arguments!), true);
    const text = await readText(PIER);
    const second = text.indexOf(QUOTE, text.indexOf(QUOTE) + 1);
    const parsed = parseSidecar(await readText('marginalia.yaml'));
    assert.deepEqual(parsed.problems, []);
    const stored = parsed.index.annotations.get(ID)!;
    assert.deepEqual([stored.quote, stored.prefix, stored.suffix, stored.start], [QUOTE, text.slice(second - 32, second), text.slice(second + QUOTE.length, second + QUOTE.length + 32), second]);
    assert.equal(stored.note, 'The pull quote repeats the sentence; the reviewer meant the notice itself.', 'the rest of the entry is kept');

    await waitUntil(() => service.corpus!.anchorOf(ID)?.status === 'exact', 'the annotation to anchor');
    assert.deepEqual(service.corpus!.anchorOf(ID)!.range, { start: second, end: second + QUOTE.length });
    await waitUntil(() => !vscode.languages.getDiagnostics(sidecar).some((d) => d.code === 'ambiguous-anchor'), 'the diagnostic to go');
    const applied = await decorationsOf(editor);
    assert.deepEqual(applied.annotation?.map((d) => [d.start, d.end]), [[second, second + QUOTE.length]], 'the second copy is highlighted');
    assert.equal(applied.orphans, undefined);
  });
});
