/**
 * Annotate Selection as one flow, each prompt really shown and answered by the workbench's own
 * commands: note, tags, actors (those mentioned ticked), id; then the entry written with its
 * author and date, revealed in the Annotations view, and its hover with the note as safe Markdown.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseSidecar } from '../../src/core/sidecar/read';
import { INTERNAL_COMMANDS } from '../../src/vscode/ids';
import { api, hoverText, openArticle, positionOf, readText, waitUntil, writeArticle } from './helpers';

const DOCK = 'articles/dock-memo.txt';
const SIDECAR = 'marginalia.yaml';
const PASSAGE = 'Alma Reyes and Ivo Tarn inspected the dredged channel';

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Starts the command; `answer(step)` is called as each step's prompt shows, and answers it. */
async function annotateAnswering(answers: Record<string, string>, args?: unknown): Promise<{ result: unknown; steps: string[] }> {
  let settled = false;
  let result: unknown;
  const steps: string[] = [];
  const running = Promise.resolve(vscode.commands.executeCommand('marginalia.annotateSelection', args)).then((value) => {
    settled = true;
    result = value;
  });
  try {
    while (!settled) {
      let step: string | undefined;
      await waitUntil(async () => settled || (step = await vscode.commands.executeCommand<string | undefined>(INTERNAL_COMMANDS.annotateStep)) !== undefined, 'a prompt of the flow');
      if (settled || step === undefined) break;
      steps.push(step);
      const shown = step;
      // A user answers a prompt they can see: give its items (and the ticks) time to reach the workbench.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await vscode.commands.executeCommand(answers[step] ?? 'workbench.action.acceptSelectedQuickOpenItem');
      // The next prompt (or the write) follows once this one is answered.
      await waitUntil(async () => settled || (await vscode.commands.executeCommand<string | undefined>(INTERNAL_COMMANDS.annotateStep)) !== shown, `the ${shown} prompt to close`);
    }
  } finally {
    if (!settled) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await running;
  }
  return { result, steps };
}

async function select(text: string): Promise<vscode.TextEditor> {
  const editor = await openArticle(DOCK);
  const start = positionOf(editor.document, text, 0);
  editor.selection = new vscode.Selection(start, start.translate(0, text.length));
  return editor;
}

describe('annotate selection, the whole flow', () => {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('marginalia');
  let author: string | undefined;

  before(async () => {
    await api();
    author = config().inspect<string>('author')?.workspaceValue;
    await config().update('author', 'Test Analyst', vscode.ConfigurationTarget.Workspace);
    await writeArticle(DOCK, 'Dock memo\nAlma Reyes and Ivo Tarn inspected the dredged channel at dawn.\nThe crews left at noon.\n');
  });

  after(async () => {
    await config().update('author', author, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Escape at any step writes nothing', async () => {
    const before = await readText(SIDECAR);
    for (const step of ['note', 'tags', 'actors', 'id']) {
      await select(PASSAGE);
      const { result, steps } = await annotateAnswering({ [step]: 'workbench.action.closeQuickOpen' }, { draft: 'never written' });
      assert.equal(result, undefined, `cancelled at ${step}`);
      assert.equal(steps.at(-1), step, `the flow stopped at ${step}: ${steps}`);
      assert.equal(await readText(SIDECAR), before, `nothing written when cancelled at ${step}`);
    }
  });

  it('asks note, tags, actors and id, writes the entry with the actors mentioned, author and date, and reveals it', async () => {
    const { annotationsView, service } = await api();
    const editor0 = await select(PASSAGE);
    // The actors the index finds in the passage (an earlier suite may have added one for Alma Reyes).
    const start = editor0.document.offsetAt(editor0.selection.start);
    const mentioned = [...new Set(service.corpus!.article(DOCK)!.mentions.filter((m) => m.start >= start && m.end <= start + PASSAGE.length).map((m) => m.actorId))];
    assert.equal(mentioned.length, 2, `two actors are mentioned: ${mentioned}`);
    const note = '**Dawn** visit <img src=x onerror=alert(1)> [minutes](https://example.org/m) [run](command:workbench.action.terminal.new)';
    const { result, steps } = await annotateAnswering({}, { draft: note });
    assert.deepEqual(steps, ['note', 'tags', 'actors', 'id']);
    assert.equal(result, 'alma-reyes-and-ivo', 'the id made from the quote, accepted as prefilled');
    const entry = parseSidecar(await readText(SIDECAR)).index.annotations.get('alma-reyes-and-ivo')!;
    assert.equal(entry.file, DOCK);
    assert.equal(entry.quote, PASSAGE);
    assert.equal(entry.note, note);
    assert.deepEqual(entry.tags, []);
    assert.deepEqual(entry.actors, mentioned, 'the actors mentioned in the passage, ticked');
    assert.equal(entry.author, 'Test Analyst', 'the marginalia.author setting');
    assert.equal(entry.created, today());
    await waitUntil(() => annotationsView.selection.some((n) => n.type === 'annotation' && n.id === 'alma-reyes-and-ivo'), 'the new annotation to be revealed in the Annotations view');
    assert.ok(annotationsView.visible, 'the view is showing');

    const editor = await openArticle(DOCK);
    const { text, hovers } = await hoverText(editor.document.uri, positionOf(editor.document, 'inspected'));
    assert.match(text, /\*\*Dawn\*\* visit \\<img src=x onerror=alert\(1\)> \[minutes\]\(<https:\/\/example\.org\/m>\) \\\[run\\\]\(command:workbench\.action\.terminal\.new\)/);
    assert.match(text, /\*by Test Analyst on \d{4}\\-\d{2}\\-\d{2}\*/);
    for (const content of hovers.flatMap((h) => h.contents)) {
      if (!(content instanceof vscode.MarkdownString)) continue;
      assert.equal(content.supportHtml, false);
      assert.deepEqual(content.isTrusted, { enabledCommands: ['marginalia.openPassage', 'marginalia.openSidecar'] });
    }
  });

  it('takes tags, actors and id as arguments, and refuses an id that is taken', async () => {
    await select('The crews left at noon');
    assert.equal(await vscode.commands.executeCommand('marginalia.annotateSelection', { note: 'x', id: 'alma-reyes-and-ivo' }), undefined, 'a taken id');
    assert.equal(await vscode.commands.executeCommand('marginalia.annotateSelection', { note: 'x', id: 'not an id' }), undefined, 'an invalid id');
    const id = await vscode.commands.executeCommand<string>('marginalia.annotateSelection', { note: 'Noon.', tags: ['crews', 'accord'], actors: ['northland'], id: 'crews-leave' });
    assert.equal(id, 'crews-leave');
    const entry = parseSidecar(await readText(SIDECAR)).index.annotations.get('crews-leave')!;
    assert.deepEqual([entry.tags, entry.actors, entry.author], [['crews', 'accord'], ['northland'], 'Test Analyst']);
  });
});
