/**
 * The editor's writes when something stands in their way: a sidecar that stops parsing (the
 * views keep the last version that parsed, marked stale), a write refused before or after its
 * prompt (what was entered is kept, Retry writes it), and two writes fired together that would
 * pick the same id. Runs after the editing suite, on whatever sidecar it left.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseSidecar } from '../../src/core/sidecar/read';
import type { AppliedDecorations } from '../../src/vscode/decorations';
import { INTERNAL_COMMANDS } from '../../src/vscode/ids';
import { api, fileUri, hoverText, openArticle, positionOf, readText, waitUntil, writeArticle, writeText } from './helpers';

const HARBOR = 'articles/harbor-talks.txt';
const SIDECAR = 'marginalia.yaml';

async function sidecarIndex() {
  const parsed = parseSidecar(await readText(SIDECAR));
  assert.deepEqual(parsed.problems.filter((p) => p.severity === 'error' && p.code.startsWith('yaml')), [], 'the sidecar parses');
  return parsed.index;
}

async function select(path: string, text: string): Promise<vscode.TextEditor> {
  const editor = await openArticle(path);
  const start = positionOf(editor.document, text, 0);
  editor.selection = new vscode.Selection(start, start.translate(0, text.length));
  return editor;
}

async function decorationsOf(uri: vscode.Uri): Promise<AppliedDecorations | undefined> {
  return vscode.commands.executeCommand<AppliedDecorations>(INTERNAL_COMMANDS.decorationsOf, uri);
}

/**
 * Runs a command that should refuse before asking anything: it must settle with no one answering
 * a prompt. If it prompts after all, the prompt is closed so that the suite goes on, and it fails.
 */
async function runWithoutAnswering(command: string, ...args: unknown[]): Promise<unknown> {
  let settled = false;
  let result: unknown;
  const running = Promise.resolve(vscode.commands.executeCommand(command, ...args)).then((value) => {
    settled = true;
    result = value;
  });
  try {
    await waitUntil(() => settled, `${command} to refuse without prompting`);
  } finally {
    if (!settled) {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await running;
    }
  }
  return result;
}

/** Makes the sidecar's open document dirty without showing it (a prompt keeps its focus). */
async function makeSidecarDirty(): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fileUri(SIDECAR));
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, new vscode.Position(0, 0), '# an unsaved comment\n');
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(document.isDirty);
  return document;
}

async function revert(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitUntil(() => !document.isDirty, 'the sidecar to be reverted');
}

describe('a sidecar that stops parsing', () => {
  before(api);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('keeps the last index that parsed, marked stale in the views and the status bar, until it parses again', async () => {
    const { service, annotationsTree, annotationsView, actorsTree, actorsView, statusBar } = await api();
    const good = await readText(SIDECAR);
    let editor = await openArticle(HARBOR);
    const harbor = editor.document.uri;
    await waitUntil(async () => ((await decorationsOf(harbor))?.annotation?.length ?? 0) > 0, 'the passages to be highlighted');
    const highlighted = (await decorationsOf(harbor))!.annotation!.length;

    // A half-typed edit, autosaved: the Problems panel shows its parse error.
    const broken = good.replace('actors:\n', 'actors:\n  half-typed: [Port\n');
    assert.notEqual(broken, good);
    await writeText(SIDECAR, broken);
    const sidecar = fileUri(SIDECAR);
    await waitUntil(() => vscode.languages.getDiagnostics(sidecar).some((d) => d.code === 'yaml-syntax'), 'the parse error in the Problems panel');
    const syntax = vscode.languages.getDiagnostics(sidecar).find((d) => d.code === 'yaml-syntax')!;
    const line = syntax.range.start.line + 1;
    assert.equal(vscode.languages.getDiagnostics(sidecar).filter((d) => d.code === 'orphaned' || d.code === 'moved-anchor').length, 0, 'no problem of the last good text is placed in the broken one');

    // Both views keep their items.
    const group = annotationsTree.getChildren().find((n) => annotationsTree.getTreeItem(n).label === 'Harbor talks resume');
    assert.ok(group, 'the Annotations view still lists the harbor article');
    assert.ok(annotationsTree.getChildren(group).some((n) => n.type === 'annotation' && n.id === 'accord-terms'));
    const people = actorsTree.getChildren().find((k) => actorsTree.getTreeItem(k).label === 'People');
    assert.ok(people && actorsTree.getChildren(people).some((a) => actorsTree.getTreeItem(a).label === 'Ivo Tarn'), 'the Actors view still lists the actors');

    // An editor opened now is decorated, hovered and navigated from the last good index.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    editor = await openArticle(HARBOR);
    await waitUntil(async () => (await decorationsOf(harbor))?.annotation?.length === highlighted, 'the passages to be highlighted again');
    assert.ok(((await decorationsOf(harbor))!['mention.person'] ?? []).length > 0, 'mentions are marked');
    const { text } = await hoverText(harbor, positionOf(editor.document, 'limited fisheries', 3));
    assert.match(text, /\*\*Annotation\*\* `accord-terms`/);
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', harbor, positionOf(editor.document, 'limited fisheries', 2));
    assert.ok(locations.length > 0, 'Go to Definition still leads to the linked passages');

    // The views and the status bar say it is stale, and why.
    assert.equal(service.stale?.reason, `marginalia.yaml has errors (line ${line})`);
    for (const view of [annotationsView, actorsView]) {
      assert.match(String(view.description), /stale/);
      assert.equal(view.message, `stale: marginalia.yaml has errors (line ${line}). Showing the last version that parsed until it is fixed; nothing is written meanwhile.`);
    }
    assert.equal(statusBar.shown, true);
    assert.equal(statusBar.item.text, '$(warning) Marginalia: stale');
    assert.match(String(statusBar.item.tooltip), new RegExp(`^stale: marginalia\\.yaml has errors \\(line ${line}\\)`));

    // Reloading the whole index (Marginalia: Reload Index) keeps it so.
    await vscode.commands.executeCommand('marginalia.refresh');
    assert.equal(service.stale?.reason, `marginalia.yaml has errors (line ${line})`);
    assert.ok(service.corpus!.index.annotations.has('accord-terms'), 'the last good index is kept through a reload');
    assert.equal(annotationsView.message, `stale: marginalia.yaml has errors (line ${line}). Showing the last version that parsed until it is fixed; nothing is written meanwhile.`);

    // Nothing is written while it is stale, and the command says why before asking for a note.
    await select(HARBOR, 'second round of harbor talks');
    assert.equal(await runWithoutAnswering('marginalia.annotateSelection'), undefined);
    assert.equal(await readText(SIDECAR), broken, 'the broken file is untouched');

    // Fixed, with a change: the stale marks go and the change shows.
    await writeText(SIDECAR, good.replace('actors:\n', 'actors:\n  shared-channel:\n    name: Shared Channel\n    kind: place\n    aliases: [shared channel]\n'));
    await waitUntil(() => service.stale === undefined && service.corpus!.index.actors.has('shared-channel'), 'the fixed sidecar to be loaded');
    for (const view of [annotationsView, actorsView]) {
      assert.ok(!/stale/.test(String(view.description ?? '')), String(view.description));
      assert.equal(view.message, undefined);
    }
    assert.equal(statusBar.shown, false);
    assert.ok(!vscode.languages.getDiagnostics(sidecar).some((d) => d.code === 'yaml-syntax'), 'the parse error is gone');
    const places = actorsTree.getChildren().find((k) => actorsTree.getTreeItem(k).label === 'Places');
    assert.ok(places && actorsTree.getChildren(places).some((a) => actorsTree.getTreeItem(a).label === 'Shared Channel'));
    await waitUntil(async () => ((await decorationsOf(harbor))?.['mention.place'] ?? []).some((m) => editor.document.getText(new vscode.Range(editor.document.positionAt(m.start), editor.document.positionAt(m.end))) === 'shared channel'), 'the new actor\'s mention to be marked');
  });
});

describe('a sidecar that never parsed', () => {
  const BROKEN = 'unparsed/marginalia.yaml';

  after(async () => {
    await vscode.workspace.getConfiguration('marginalia').update('indexFile', undefined, vscode.ConfigurationTarget.Workspace);
    const { service } = await api();
    await waitUntil(() => service.corpus?.index.annotations.has('accord-terms') === true, 'the fixture sidecar to be back');
  });

  it('is shown as broken, not stale: there is no last good index to show', async () => {
    await writeText('unparsed/note.txt', 'A note about the harbor.\n');
    await writeText(BROKEN, 'version: 1\nactors:\n  harbor: [Harbor\n');
    const { service, annotationsView, actorsView, statusBar } = await api();
    await vscode.workspace.getConfiguration('marginalia').update('indexFile', BROKEN, vscode.ConfigurationTarget.Workspace);
    await waitUntil(() => service.sidecarUri?.path.endsWith(BROKEN) === true && service.corpus !== undefined, 'the broken sidecar to be loaded');
    assert.ok(service.corpus!.sidecar.invalid);
    assert.equal(service.stale, undefined);
    assert.equal(statusBar.shown, false);
    for (const view of [annotationsView, actorsView]) {
      assert.equal(view.message, `${BROKEN} has errors: see the Problems panel.`);
      assert.equal(view.description, undefined);
    }
    assert.match(service.whyCannotWrite() ?? '', /has errors \(see the Problems panel\)/);
  });
});

describe('refused writes', () => {
  // code-server saves after a second: unsaved changes must stay unsaved for as long as the test needs.
  const files = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('files');
  let autoSave: string | undefined;

  before(async () => {
    await api();
    autoSave = files().inspect<string>('autoSave')?.workspaceValue;
    await files().update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await files().update('autoSave', autoSave, vscode.ConfigurationTarget.Workspace);
  });

  it('are refused before any prompt when the sidecar has unsaved changes', async () => {
    const before = await readText(SIDECAR);
    const document = await makeSidecarDirty();
    try {
      await select(HARBOR, 'committed 40 million crowns');
      assert.equal(await runWithoutAnswering('marginalia.annotateSelection'), undefined, 'annotate asks for no note');
      assert.equal(await runWithoutAnswering('marginalia.linkSelection'), false, 'link asks for no passage');
      assert.equal(await runWithoutAnswering('marginalia.addActorFromSelection'), undefined, 'add actor asks for no kind');
      assert.equal(await runWithoutAnswering('marginalia.setReviewState', { annotationId: 'accord-terms' }), false, 'set review state asks for no state');
      assert.equal(await runWithoutAnswering('marginalia.renameActor', { actorId: 'tarn' }), false, 'rename asks for no id');
      assert.equal(await readText(SIDECAR), before);
    } finally {
      await revert(document);
    }
  });

  it('keep what was entered when refused after the prompt; Retry writes it once the cause is gone', async () => {
    const { service, statusBar } = await api();
    const quote = 'dredging the shared channel';
    await select(HARBOR, quote);
    let settled = false;
    let result: unknown;
    // The prompt opens with a note in it; while it is open, the sidecar gets unsaved changes.
    const running = Promise.resolve(vscode.commands.executeCommand('marginalia.annotateSelection', { draft: 'Who pays for the dredging?' })).then((value) => {
      settled = true;
      result = value;
    });
    const document = await makeSidecarDirty();
    try {
      await waitUntil(async () => {
        if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return settled;
      }, 'the note prompt to be answered');
      await running;
      assert.equal(result, undefined, 'refused');
      assert.ok(![...(await sidecarIndex()).annotations.values()].some((a) => a.quote === quote), 'nothing was written');
      assert.ok(service.refused, 'the refused edit is kept');
      assert.match(service.refused.reason, /has unsaved changes/);
      await waitUntil(() => statusBar.shown, 'the status bar to offer the retry');
      assert.equal(statusBar.item.text, '$(history) Marginalia: edit not written');
    } finally {
      await revert(document);
    }
    assert.equal(await vscode.commands.executeCommand('marginalia.retryRefusedEdit'), true);
    const written = [...(await sidecarIndex()).annotations.values()].filter((a) => a.quote === quote);
    assert.equal(written.length, 1, 'written once');
    assert.equal(written[0].note, 'Who pays for the dredging?', 'with the note that was entered');
    assert.equal(service.refused, undefined);
    assert.equal(statusBar.shown, false);
    assert.equal(await vscode.commands.executeCommand('marginalia.retryRefusedEdit'), false, 'nothing is left to retry');
    assert.equal([...(await sidecarIndex()).annotations.values()].filter((a) => a.quote === quote).length, 1, 'and it is not written twice');
  });
});

describe('writes fired together', () => {
  const FERRY = 'articles/ferry-log.txt';

  before(async () => {
    await writeArticle(FERRY, 'Ferry log\nThe ferry to Port Ellis was late on Monday because of the fog.\nThe ferry to Port Ellis was cancelled on Friday for the strike.\n');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('two annotations on passages with the same first words get different ids', async () => {
    const first = 'The ferry to Port Ellis was late on Monday';
    const second = 'The ferry to Port Ellis was cancelled on Friday';
    const editor = await openArticle(FERRY);
    const selectNow = (text: string): void => {
      const start = positionOf(editor.document, text, 0);
      editor.selection = new vscode.Selection(start, start.translate(0, text.length));
    };
    // Nothing is awaited between the two: the second is planned before the first is written.
    selectNow(first);
    const one = vscode.commands.executeCommand<string>('marginalia.annotateSelection', { note: 'Fog.' });
    selectNow(second);
    const two = vscode.commands.executeCommand<string>('marginalia.annotateSelection', { note: 'Strike.' });
    const ids = await Promise.all([one, two]);
    assert.ok(ids[0] && ids[1], `both written: ${ids}`);
    assert.notEqual(ids[0], ids[1]);
    const index = await sidecarIndex();
    assert.equal(index.annotations.get(ids[0])!.quote, first);
    assert.equal(index.annotations.get(ids[1])!.quote, second);
    assert.deepEqual([index.annotations.get(ids[0])!.note, index.annotations.get(ids[1])!.note], ['Fog.', 'Strike.']);
  });
});
