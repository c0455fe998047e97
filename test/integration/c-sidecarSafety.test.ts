/**
 * The extension's writes refuse what the CLI refuses: a sidecar that is not UTF-8 (reported at its
 * first bad byte after a reload from disk) and a read-only one. Runs after the editing suite and
 * puts the fixture sidecar back as it found it.
 */
import * as assert from 'node:assert/strict';
import { chmodSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, fileUri, openArticle, positionOf, readText, waitUntil, writeText } from './helpers';

const HARBOR = 'articles/harbor-talks.txt';
const SIDECAR = 'marginalia.yaml';

async function annotate(text: string): Promise<string | undefined> {
  const editor = await openArticle(HARBOR);
  const start = positionOf(editor.document, text, 0);
  editor.selection = new vscode.Selection(start, start.translate(0, text.length));
  return vscode.commands.executeCommand<string | undefined>('marginalia.annotateSelection', { note: 'must not be written' });
}

describe('the extension saves the sidecar safely', () => {
  before(api);

  it('reports a sidecar that is not UTF-8 at its first bad byte and never writes it', async () => {
    const { service } = await api();
    const good = await readText(SIDECAR);
    const firstLineEnd = good.indexOf('\n') + 1;
    // A Latin-1 "café" in a comment on the second line, as an editor set to Latin-1 would save it.
    const latin1 = new Uint8Array([...new TextEncoder().encode(good.slice(0, firstLineEnd) + '# caf'), 0xe9, ...new TextEncoder().encode('\n' + good.slice(firstLineEnd))]);
    await vscode.workspace.fs.writeFile(fileUri(SIDECAR), latin1);
    const sidecar = fileUri(SIDECAR);
    await waitUntil(() => vscode.languages.getDiagnostics(sidecar).some((d) => d.code === 'not-utf8'), 'the not-UTF-8 diagnostic');
    const diagnostic = vscode.languages.getDiagnostics(sidecar).find((d) => d.code === 'not-utf8')!;
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character], [1, 5]);
    assert.match(diagnostic.message, /not valid UTF-8 \(byte 0xE9 here\)/);
    assert.equal(await annotate('second round'), undefined);
    assert.deepEqual([...await vscode.workspace.fs.readFile(sidecar)], [...latin1], 'the file is untouched, byte for byte');
    await writeText(SIDECAR, good);
    // The views show the last good index meanwhile: recovered is the stale mark gone, not a valid index.
    await waitUntil(() => service.stale === undefined && !service.corpus!.sidecar.invalid, 'recovery');
  });

  it('refuses to write a read-only sidecar', async () => {
    const { service } = await api();
    const file = fileUri(SIDECAR).fsPath;
    const before = await readText(SIDECAR);
    assert.equal(service.stale, undefined, 'refused for being read-only, not for anything else');
    chmodSync(file, 0o444);
    try {
      assert.equal(await annotate('second round'), undefined);
      assert.equal(await readText(SIDECAR), before);
      assert.equal(statSync(file).mode & 0o777, 0o444);
      assert.match(service.refused?.reason ?? '', /read-only \(mode 0444\)/, 'what was entered is kept, with why');
    } finally {
      chmodSync(file, 0o644);
    }
    // Writable again, the kept edit is retried; then the sidecar goes back to what it was, for the suites after this one.
    assert.equal(await vscode.commands.executeCommand('marginalia.retryRefusedEdit'), true);
    assert.equal(service.refused, undefined);
    await writeText(SIDECAR, before);
    await waitUntil(() => service.corpus?.sidecar.text === before.replace(/^\uFEFF/, ''), 'the sidecar as it was');
  });
});
