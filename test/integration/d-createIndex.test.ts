/**
 * *Marginalia: Create Index* in the real extension host: it never touches a sidecar that exists,
 * and for a folder of articles with none (here: `marginalia.indexFile` pointed at a subfolder) it
 * writes the starter, which the extension then loads. Runs last: it moves the index and back.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseSidecar } from '../../src/core/sidecar/read';
import { COMMANDS } from '../../src/vscode/ids';
import { api, fileUri, readText, waitUntil, writeText } from './helpers';

describe('Create Index', () => {
  it('leaves an existing sidecar as it is, and opens it', async () => {
    await api();
    const before = await readText('marginalia.yaml');
    const folder = vscode.workspace.workspaceFolders![0];
    const result = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.createIndex, folder);
    assert.equal(result?.toString(), fileUri('marginalia.yaml').toString());
    assert.equal(await readText('marginalia.yaml'), before);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), fileUri('marginalia.yaml').toString());
  });

  it('writes a starter for a folder of articles with no sidecar, which the extension then loads', async () => {
    const { service } = await api();
    const config = vscode.workspace.getConfiguration('marginalia');
    await writeText('starter/a1.txt', 'Tarn and Reyes reopen the harbor\nOn Friday the talks between Velmora and Northland resumed, as Ivo Tarn had asked.\n');
    await writeText('starter/b2.txt', 'By a staff correspondent\nThe envoy of Velmora met the envoy of Northland at the harbor.\n');
    try {
      await config.update('indexFile', 'starter/marginalia.yaml', vscode.ConfigurationTarget.Workspace);
      await waitUntil(() => service.corpus === undefined, 'the index to move to starter/, where there is no sidecar');
      const folder = vscode.workspace.workspaceFolders![0];
      const result = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.createIndex, folder);
      assert.equal(result?.toString(), fileUri('starter/marginalia.yaml').toString());
      const parsed = parseSidecar(await readText('starter/marginalia.yaml'), 'marginalia.yaml');
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual([...parsed.index.documents.values()].map((d) => [d.path, d.title]), [['a1.txt', 'Tarn and Reyes reopen the harbor']]);
      assert.ok([...parsed.index.actors.values()].some((a) => a.name === 'Velmora' && a.aliases.includes('Velmora')), JSON.stringify([...parsed.index.actors.keys()]));
      await waitUntil(() => service.corpus?.index.actors.has('velmora') === true, 'the new sidecar to be loaded');
      assert.equal(service.corpus?.titleOf('a1.txt'), 'Tarn and Reyes reopen the harbor');
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), fileUri('starter/marginalia.yaml').toString());
    } finally {
      await config.update('indexFile', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(fileUri('starter'), { recursive: true });
      await waitUntil(() => service.sidecarUri?.toString() === fileUri('marginalia.yaml').toString(), 'the fixture sidecar to be loaded again');
    }
  });
});
