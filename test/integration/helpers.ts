/** Shared steps of the integration tests: the extension's API, opening articles, waiting. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/vscode/extension';

export const EXTENSION_ID = 'marginalia.marginalia';

export async function api(): Promise<MarginaliaApi> {
  const extension = vscode.extensions.getExtension<MarginaliaApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
  const marginalia = await extension.activate();
  await marginalia.service.whenReady();
  assert.ok(marginalia.service.corpus, 'the fixture corpus was indexed');
  return marginalia;
}

export function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri;
}

export function fileUri(path: string): vscode.Uri {
  return vscode.Uri.joinPath(root(), ...path.split('/'));
}

export async function openArticle(path: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fileUri(path));
  return vscode.window.showTextDocument(document);
}

/** The position of the `nth` occurrence of `text` in a document, `into` characters in. */
export function positionOf(document: vscode.TextDocument, text: string, into = 1, nth = 0): vscode.Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = document.getText().indexOf(text, offset + 1);
  assert.ok(offset >= 0, `"${text}" is in ${document.uri.path}`);
  return document.positionAt(offset + into);
}

export async function readText(path: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri(path)));
}

export async function writeText(path: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(fileUri(path), new TextEncoder().encode(text));
}

/** A new article on disk, once the index has taken it in (through the file watcher). */
export async function writeArticle(path: string, text: string): Promise<void> {
  await writeText(path, text);
  const { service } = await api();
  await waitUntil(() => service.corpus?.article(path) !== undefined, `${path} to be indexed`);
}

/**
 * Waits for a condition. The deadline only stops a wait that would never end, well inside the
 * integration tier's timeout (test/tiers.js): on a busy machine a watcher can take seconds.
 */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** The text of every hover at a position, joined. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<{ text: string; hovers: vscode.Hover[] }> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
  return { text, hovers };
}
