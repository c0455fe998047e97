/**
 * A multi-root window (test/fixtures/multiroot/multiroot.code-workspace): two folders with a
 * sidecar, `orchard` and `lighthouse`, each its own corpus, and `scratch` with none. Each corpus
 * shows and writes only its own actors and annotations; the trees group by corpus; removing a
 * folder removes its corpus. Run by runInCodeServer.ts in a second launch.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ActorNode } from '../../../src/vscode/actorsTree';
import type { AnnotationNode } from '../../../src/vscode/annotationsTree';
import type { CorpusService } from '../../../src/vscode/corpusService';
import type { MarginaliaApi } from '../../../src/vscode/extension';
import { api, hoverText, positionOf, waitUntil } from '../helpers';

function folder(name: string): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(found, `workspace folder ${name} is open`);
  return found;
}

function uriIn(name: string, path: string): vscode.Uri {
  return vscode.Uri.joinPath(folder(name).uri, ...path.split('/'));
}

async function open(name: string, path: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uriIn(name, path)));
}

async function corpus(name: string): Promise<CorpusService> {
  const { corpora } = await api();
  await corpora.whenReady();
  const service = corpora.all.find((s) => s.name === name);
  assert.ok(service?.corpus, `${name} is a corpus`);
  return service;
}

async function read(name: string, path: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uriIn(name, path)));
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

/** Every actor node under a corpus node of the Actors view, by label. */
function actorLabels(marginalia: MarginaliaApi, corpusNode: ActorNode): string[] {
  const tree = marginalia.actorsTree;
  return tree.getChildren(corpusNode).flatMap((kind) => tree.getChildren(kind)).map((actor) => label(tree.getTreeItem(actor))).sort();
}

describe('multi-root workspace', () => {
  before(async () => {
    await api();
    // The Marginalia views showing, as an analyst has them.
    await vscode.commands.executeCommand('workbench.view.extension.marginalia');
  });

  it('makes each folder with a sidecar its own corpus, and the folder without one none', async () => {
    const { corpora } = await api();
    await corpora.whenReady();
    assert.deepEqual(corpora.services.map((s) => s.name), ['orchard', 'lighthouse', 'scratch']);
    assert.deepEqual(corpora.all.map((s) => s.name), ['orchard', 'lighthouse']);
    assert.deepEqual([...(await corpus('orchard')).corpus!.index.actors.keys()].sort(), ['elden', 'quill']);
    assert.deepEqual([...(await corpus('lighthouse')).corpus!.index.actors.keys()].sort(), ['coastal-board', 'wren']);
    assert.equal(corpora.articleAt(uriIn('scratch', 'todo.txt')), undefined, 'a file of the folder without a sidecar is no article');
  });

  it('hovers show the actors of the corpus the article is in, never another corpus\'s', async () => {
    const harvest = await open('orchard', 'articles/harvest.txt');
    const quill = await hoverText(harvest.document.uri, positionOf(harvest.document, 'Mara Quill told', 2));
    assert.match(quill.text, /\*\*Mara Quill\*\* — person/);
    assert.match(quill.text, /\*\*2 mentions\*\* in 2 documents/, 'only the orchard articles count');
    const wrenInOrchard = await hoverText(harvest.document.uri, positionOf(harvest.document, 'Tobiah Wren asked', 2));
    assert.equal(wrenInOrchard.text, '', 'the lighthouse keeper is no actor of the orchard');

    const log = await open('lighthouse', 'articles/keeper-log.txt');
    const wren = await hoverText(log.document.uri, positionOf(log.document, 'Tobiah Wren relit', 2));
    assert.match(wren.text, /\*\*Tobiah Wren\*\* — person/);
    assert.match(wren.text, /\*\*2 mentions\*\* in 2 documents/);
    assert.match(wren.text, /openPassage\?[^)]*lighthouse/, 'its passage links name its corpus');
    const quillInLighthouse = await hoverText(log.document.uri, positionOf(log.document, 'Mara Quill sends', 2));
    assert.equal(quillInLighthouse.text, '', 'the orchard grower is no actor of the lighthouse');

    const scratch = await open('scratch', 'todo.txt');
    assert.equal((await hoverText(scratch.document.uri, positionOf(scratch.document, 'Mara Quill and', 2))).text, '', 'nothing in a folder with no sidecar');
  });

  it('the trees show one node per corpus, named by its folder, each with its own actors and annotations', async () => {
    const marginalia = await api();
    const actorsRoots = marginalia.actorsTree.getChildren();
    assert.deepEqual(actorsRoots.map((node) => label(marginalia.actorsTree.getTreeItem(node))), ['orchard', 'lighthouse']);
    assert.deepEqual(actorsRoots.map((node) => marginalia.actorsTree.getTreeItem(node).description), ['2 actors', '2 actors']);
    assert.deepEqual(actorLabels(marginalia, actorsRoots[0]), ['Elden Cooperative', 'Mara Quill']);
    assert.deepEqual(actorLabels(marginalia, actorsRoots[1]), ['Coastal Board', 'Tobiah Wren']);

    const tree = marginalia.annotationsTree;
    const roots = tree.getChildren();
    assert.deepEqual(roots.map((node) => label(tree.getTreeItem(node))), ['orchard', 'lighthouse']);
    const annotationIds = (root: AnnotationNode): string[] => tree.getChildren(root).flatMap((group) => tree.getChildren(group)).map((n) => (n.type === 'annotation' ? n.id : '')).sort();
    assert.deepEqual(annotationIds(roots[0]), ['early-start', 'lost-orchard-note']);
    assert.deepEqual(annotationIds(roots[1]), ['fog-report', 'lost-lighthouse-note']);
    // Opening a passage from the tree opens it in that item's corpus.
    const fog = tree.getChildren(roots[1]).flatMap((group) => tree.getChildren(group)).find((n) => n.type === 'annotation' && n.id === 'fog-report')!;
    assert.equal(tree.getParent(fog)?.root, roots[1].root, 'a node\'s parent is in the same corpus');
    const command = tree.getTreeItem(fog).command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    await waitUntil(() => vscode.window.activeTextEditor?.document.uri.toString() === uriIn('lighthouse', 'articles/keeper-log.txt').toString(), 'the passage to open');
    assert.equal(vscode.window.activeTextEditor!.document.getText(vscode.window.activeTextEditor!.selection), 'a weekly report on the fog signal');
  });

  it('the Problems panel lists each corpus\'s problems on its own sidecar', async () => {
    await api();
    const orchard = uriIn('orchard', 'marginalia.yaml');
    const lighthouse = uriIn('lighthouse', 'marginalia.yaml');
    await waitUntil(() => vscode.languages.getDiagnostics(orchard).length > 0 && vscode.languages.getDiagnostics(lighthouse).length > 0, 'diagnostics of both corpora');
    const messages = (uri: vscode.Uri): string[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'marginalia').map((d) => `${d.code} ${d.message}`);
    assert.deepEqual(messages(orchard), ['orphaned annotation "lost-orchard-note" is orphaned: its quote is no longer in articles/frost.txt (kept, not deleted)']);
    assert.deepEqual(messages(lighthouse), ['orphaned annotation "lost-lighthouse-note" is orphaned: its quote is no longer in articles/storm.txt (kept, not deleted)']);
  });

  it('annotating a selection writes to the sidecar of the article\'s corpus only', async () => {
    const orchardBefore = await read('orchard', 'marginalia.yaml');
    const editor = await open('lighthouse', 'articles/storm.txt');
    const start = positionOf(editor.document, 'kept the lamp burning', 0);
    editor.selection = new vscode.Selection(start, start.translate(0, 'kept the lamp burning'.length));
    const id = await vscode.commands.executeCommand<string | undefined>('marginalia.annotateSelection', { note: 'Two nights without relief.', id: 'lamp-vigil' });
    assert.equal(id, 'lamp-vigil');
    const written = await read('lighthouse', 'marginalia.yaml');
    assert.ok(written.includes('lamp-vigil:') && written.includes('quote: kept the lamp burning'), written);
    assert.equal(await read('orchard', 'marginalia.yaml'), orchardBefore, 'the other corpus\'s sidecar is untouched');
    const lighthouse = await corpus('lighthouse');
    const orchard = await corpus('orchard');
    assert.ok(lighthouse.corpus!.index.annotations.has('lamp-vigil'));
    assert.ok(!orchard.corpus!.index.annotations.has('lamp-vigil'));
    const view = (await api()).annotationsView;
    await waitUntil(() => view.selection.some((n) => n.type === 'annotation' && n.id === 'lamp-vigil'), 'the new annotation to be revealed');
    assert.equal(view.selection[0].root, lighthouse.key, 'revealed under its corpus');
  });

  it('commands on the corpus act on the active editor\'s corpus', async () => {
    await open('orchard', 'articles/frost.txt');
    const target = await vscode.commands.executeCommand<vscode.Uri | undefined>('marginalia.exportNotes', { format: 'md', groupBy: 'document' });
    assert.equal(target?.toString(), uriIn('orchard', 'reviewer-notes.md').toString());
    const notes = await read('orchard', 'reviewer-notes.md');
    assert.ok(notes.includes('Earliest start'), notes);
    assert.ok(!notes.includes('fog signal'), 'no note of the lighthouse corpus');
    await vscode.workspace.fs.delete(uriIn('orchard', 'reviewer-notes.md'));
  });

  it('with no editor of a corpus active, a command on the corpus asks which one', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    let settled = false;
    const running = Promise.resolve(vscode.commands.executeCommand<vscode.Uri | undefined>('marginalia.exportNotes', { format: 'json', groupBy: 'actor' })).then((target) => {
      settled = true;
      return target;
    });
    // The pick lists the corpora in the workspace's order: the first is the orchard.
    await waitUntil(async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 'the corpus to be picked');
    const target = await running;
    assert.equal(target?.toString(), uriIn('orchard', 'reviewer-notes.json').toString());
    await vscode.workspace.fs.delete(target!);
  });

  it('a corpus whose sidecar stops parsing is stale alone, and the status bar speaks for the active editor\'s corpus', async () => {
    const { statusBar } = await api();
    const lighthouse = await corpus('lighthouse');
    const orchard = await corpus('orchard');
    const good = await read('lighthouse', 'marginalia.yaml');
    await vscode.workspace.fs.writeFile(uriIn('lighthouse', 'marginalia.yaml'), new TextEncoder().encode(good + 'relations: [\n'));
    try {
      await waitUntil(() => lighthouse.stale !== undefined, 'the lighthouse corpus to be stale');
      assert.equal(orchard.stale, undefined, 'the orchard is not');
      assert.ok(lighthouse.corpus!.index.actors.has('wren'), 'the last version that parsed is still shown');
      await open('orchard', 'articles/harvest.txt');
      await waitUntil(() => !statusBar.shown, 'the status bar to say nothing for the orchard');
      await open('lighthouse', 'articles/storm.txt');
      await waitUntil(() => statusBar.shown, 'the status bar to show the lighthouse stale');
      assert.equal(statusBar.item.text, '$(warning) Marginalia: stale (lighthouse)');
    } finally {
      await vscode.workspace.fs.writeFile(uriIn('lighthouse', 'marginalia.yaml'), new TextEncoder().encode(good));
    }
    await waitUntil(() => lighthouse.stale === undefined && !statusBar.shown, 'the lighthouse corpus to be fresh again');
  });

  it('a sidecar created in a folder makes it a corpus, and deleting it ends that corpus', async () => {
    const marginalia = await api();
    const sidecar = uriIn('scratch', 'marginalia.yaml');
    await vscode.workspace.fs.writeFile(sidecar, new TextEncoder().encode('version: 1\nactors:\n  quill-note:\n    name: Mara Quill\n    kind: person\n    aliases: [Mara Quill]\n'));
    await waitUntil(() => marginalia.corpora.all.length === 3, 'the scratch folder to become a corpus');
    assert.deepEqual(marginalia.actorsTree.getChildren().map((node) => label(marginalia.actorsTree.getTreeItem(node))), ['orchard', 'lighthouse', 'scratch']);
    assert.equal(marginalia.corpora.articleAt(uriIn('scratch', 'todo.txt'))?.service.name, 'scratch');
    await vscode.workspace.fs.delete(sidecar);
    await waitUntil(() => marginalia.corpora.all.length === 2, 'the scratch corpus to end');
    assert.equal(marginalia.corpora.articleAt(uriIn('scratch', 'todo.txt')), undefined);
  });

  // Last: the window has one corpus after it.
  it('removing a folder from the workspace removes its corpus, its tree node and its problems', async () => {
    const marginalia = await api();
    const { corpora } = marginalia;
    const lighthouseSidecar = uriIn('lighthouse', 'marginalia.yaml');
    const index = vscode.workspace.workspaceFolders!.findIndex((f) => f.name === 'lighthouse');
    assert.ok(vscode.workspace.updateWorkspaceFolders(index, 1), 'the folder can be removed');
    await waitUntil(() => corpora.all.length === 1, 'the lighthouse corpus to go');
    assert.deepEqual(corpora.all.map((s) => s.name), ['orchard']);
    await waitUntil(() => vscode.languages.getDiagnostics(lighthouseSidecar).length === 0, 'its problems to go');
    // One corpus left: the trees look as in a one-folder window, with no corpus level.
    assert.deepEqual(marginalia.actorsTree.getChildren().map((node) => node.type), ['kind', 'kind']);
    assert.deepEqual(marginalia.annotationsTree.getChildren().map((node) => node.type), ['orphans', 'group']);
    assert.ok(vscode.languages.getDiagnostics(uriIn('orchard', 'marginalia.yaml')).length > 0, 'the orchard keeps its problems');
  });
});
