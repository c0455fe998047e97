/**
 * Paths that leave the corpus, in the real extension host: a symlinked article leading outside the
 * workspace is a problem on that file, never read, and a symlinked folder leading outside (which
 * VS Code's file search follows) adds nothing. Runs last: it adds links to the fixture copy and
 * removes them again.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, fileUri, readText, waitUntil, writeText } from './helpers';

const LINKED_FILE = 'articles/linked-out.txt';
const LINKED_FOLDER = 'articles/linked-folder';
const OUTSIDE_TEXT = 'Outside words the corpus must never show: Harbor Trust secret ledger.\n';
const SIDECAR = 'marginalia.yaml';

describe('paths that leave the corpus', () => {
  let outside: string;
  let sidecarBefore: string;
  before(async () => {
    await api();
    // One more annotation, on the symlink, first under `annotations:` (earlier suites may have
    // added sections after it).
    sidecarBefore = await readText(SIDECAR);
    const withNote = sidecarBefore.replace(/^annotations:\n/m, `annotations:\n  outside-note:\n    file: ${LINKED_FILE}\n    quote: secret ledger\n`);
    assert.notEqual(withNote, sidecarBefore, 'the sidecar has an annotations section');
    await writeText(SIDECAR, withNote);
    outside = mkdtempSync(path.join(tmpdir(), 'marginalia-outside-'));
    writeFileSync(path.join(outside, 'secret.txt'), OUTSIDE_TEXT);
    mkdirSync(path.join(outside, 'folder'));
    writeFileSync(path.join(outside, 'folder', 'inner.txt'), OUTSIDE_TEXT);
    symlinkSync(path.join(outside, 'secret.txt'), fileUri(LINKED_FILE).fsPath);
    symlinkSync(path.join(outside, 'folder'), fileUri(LINKED_FOLDER).fsPath);
  });
  after(async () => {
    rmSync(fileUri(LINKED_FILE).fsPath, { force: true });
    rmSync(fileUri(LINKED_FOLDER).fsPath, { force: true });
    rmSync(outside, { recursive: true, force: true });
    await writeText(SIDECAR, sidecarBefore);
    await (await api()).service.reload();
  });

  it('reports a symlinked article leading outside in the Problems panel, and reads nothing through it or a symlinked folder', async () => {
    const { service } = await api();
    await service.reload();
    assert.ok(!service.corpus!.sidecar.invalid, service.corpus!.sidecar.problems[0]?.message);
    const uri = fileUri(LINKED_FILE);
    const notRead = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'not-read');
    await waitUntil(() => notRead().length > 0, 'the not-read diagnostic on the symlink');
    assert.deepEqual(notRead().map((d) => [d.severity, d.message]), [[vscode.DiagnosticSeverity.Error, `${LINKED_FILE} is not read: it is a symlink leading outside the corpus folder`]]);
    const corpus = service.corpus!;
    assert.equal(corpus.article(LINKED_FILE), undefined, 'its text is not in the index');
    assert.equal(corpus.article(`${LINKED_FOLDER}/inner.txt`), undefined, 'the symlinked folder is not searched');
    assert.ok(!corpus.articlePaths().some((p) => corpus.article(p)!.text.includes('secret ledger')), 'no outside text anywhere in the index');
    assert.ok(corpus.article('articles/harbor-talks.txt'), 'the real articles are still read');
  });

  it('keeps an annotation on it orphaned, says why on its sidecar line, and does not open the file for it', async () => {
    const { service } = await api();
    const sidecar = fileUri(SIDECAR);
    const notRead = (): string[] => vscode.languages.getDiagnostics(sidecar).filter((d) => d.code === 'not-read').map((d) => d.message);
    await waitUntil(() => notRead().length > 0, 'the not-read diagnostic on the annotation');
    assert.deepEqual(notRead(), [`annotation "outside-note" is orphaned: file "${LINKED_FILE}" is not read (it is a symlink leading outside the corpus folder); the annotation is kept`]);
    assert.equal(service.corpus!.anchorOf('outside-note')?.status, 'orphaned');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('marginalia.openPassage', { annotationId: 'outside-note' });
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === fileUri(LINKED_FILE).toString()), 'the outside file is not opened');
  });
});
