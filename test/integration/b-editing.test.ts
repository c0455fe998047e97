/**
 * Every command that writes: the YAML it leaves in marginalia.yaml (comments kept, references
 * followed), live edits moving anchors, outside changes reloading, and a malformed sidecar that
 * is reported and never overwritten. Runs after the read-only suite: it changes the fixture copy.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseSidecar } from '../../src/core/sidecar/read';
import { api, fileUri, hoverText, openArticle, positionOf, readText, waitUntil, writeArticle, writeText } from './helpers';

const HARBOR = 'articles/harbor-talks.txt';
const SUMMIT = 'articles/summit report.txt';
const SIDECAR = 'marginalia.yaml';
const HEADER = '# Fixture corpus for the integration tests: invented states, people and an accord.';

async function sidecarIndex() {
  const parsed = parseSidecar(await readText(SIDECAR));
  assert.deepEqual(parsed.problems, [], 'the sidecar stays valid');
  return parsed.index;
}

async function select(path: string, text: string): Promise<vscode.TextEditor> {
  const editor = await openArticle(path);
  const start = positionOf(editor.document, text, 0);
  editor.selection = new vscode.Selection(start, start.translate(0, text.length));
  return editor;
}

describe('editing commands', () => {
  before(api);

  it('annotate selection writes an anchored annotation with the actors mentioned in it', async () => {
    await select(HARBOR, 'Ivo Tarn, said the Harbor Trust');
    const id = await vscode.commands.executeCommand<string>('marginalia.annotateSelection', { note: 'Tarn speaks for the Trust?', tags: ['dredging'] });
    assert.equal(id, 'ivo-tarn-said-the');
    const text = await readText(SIDECAR);
    assert.ok(text.startsWith(HEADER), 'the header comment is kept');
    assert.ok(text.includes('    aliases: [Harbor Trust]   # the dredging fund'), 'inline comments are kept');
    const annotation = (await sidecarIndex()).annotations.get(id)!;
    assert.equal(annotation.file, HARBOR);
    assert.equal(annotation.quote, 'Ivo Tarn, said the Harbor Trust');
    assert.equal(annotation.note, 'Tarn speaks for the Trust?');
    assert.deepEqual(annotation.tags, ['dredging']);
    assert.deepEqual(annotation.actors, ['tarn', 'harbor-trust']);
    const harbor = await readText(HARBOR);
    const start = harbor.indexOf('Ivo Tarn, said');
    assert.equal(annotation.start, start);
    assert.equal(annotation.prefix, harbor.slice(start - 32, start));
    assert.equal(annotation.suffix, harbor.slice(start + annotation.quote.length, start + annotation.quote.length + 32));
    const { annotationsTree } = await api();
    const group = annotationsTree.getChildren().find((n) => annotationsTree.getTreeItem(n).label === 'Harbor talks resume')!;
    assert.ok(annotationsTree.getChildren(group).some((n) => annotationsTree.getTreeItem(n).label === '“Ivo Tarn, said the Harbor Trust”'), 'the tree shows it');
  });

  it('link selection links the passage under the cursor to another passage', async () => {
    const editor = await openArticle(SUMMIT);
    const at = positionOf(editor.document, 'Velmora argue', 0);
    editor.selection = new vscode.Selection(at, at.translate(0, 'Velmora argue the joint commission gives Northland a veto'.length));
    assert.equal(await vscode.commands.executeCommand('marginalia.linkSelection', { to: 'no-enforcement', type: 'supports' }), true);
    const index = await sidecarIndex();
    const created = [...index.annotations.values()].find((a) => a.quote === 'Velmora argue the joint commission gives Northland a veto')!;
    assert.deepEqual(created.links.map((l) => `${l.type}:${l.to}`), ['supports:no-enforcement']);
    assert.match(created.created ?? '', /^\d{4}-\d{2}-\d{2}$/, 'the new passage records when it was added');
    // The new link shows in the target's hover as a backlink.
    const harbor = await openArticle(HARBOR);
    const { text } = await hoverText(harbor.document.uri, positionOf(harbor.document, 'automatic enforcement', 2));
    assert.match(text, /← supports from \[“Velmora argue the joint commission gives Northland a veto”\]/);
  });

  it('add actor from selection, then add an alias: new mentions appear', async () => {
    await select(HARBOR, 'Port Ellis');
    const id = await vscode.commands.executeCommand<string>('marginalia.addActorFromSelection', { kind: 'place' });
    assert.equal(id, 'port-ellis');
    let index = await sidecarIndex();
    assert.deepEqual([index.actors.get(id)!.name, index.actors.get(id)!.kind, index.actors.get(id)!.aliases], ['Port Ellis', 'place', ['Port Ellis']]);
    const { service, actorsTree } = await api();
    assert.deepEqual(Object.fromEntries(service.corpus!.mentionCounts().get(id)!), { [HARBOR]: 2 });
    assert.ok(actorsTree.getChildren().some((k) => actorsTree.getTreeItem(k).label === 'Places'));

    await select(SUMMIT, 'parliament');
    assert.equal(await vscode.commands.executeCommand('marginalia.addAlias', { actorId: 'velmora', alias: "Velmora's parliament" }), true);
    index = await sidecarIndex();
    assert.deepEqual(index.actors.get('velmora')!.aliases, ['Velmora', "Velmora's parliament"]);
    assert.ok((await readText(SIDECAR)).includes('    aliases: [Velmora, "Velmora\'s parliament"]\n'), 'a value with a quote is double-quoted');
  });

  it('rename actor updates every reference in the sidecar', async () => {
    assert.equal(await vscode.commands.executeCommand('marginalia.renameActor', { actorId: 'reyes', newId: 'alma-reyes' }), true);
    const index = await sidecarIndex();
    assert.ok(!index.actors.has('reyes') && index.actors.has('alma-reyes'));
    assert.deepEqual(index.annotations.get('accord-terms')!.actors, ['alma-reyes', 'velmora']);
    assert.deepEqual(index.annotations.get('accord-signed')!.actors, ['alma-reyes', 'tarn']);
    const text = await readText(SIDECAR);
    assert.ok(!/(?<![-\w])reyes\b/.test(text), 'no reference to the old id is left behind');
    const { service } = await api();
    assert.equal(service.corpus!.problems().filter((p) => p.code === 'unknown-actor').length, 0);
  });

  it('delete annotation removes it and the links to it', async () => {
    assert.equal(await vscode.commands.executeCommand('marginalia.deleteAnnotation', { annotationId: 'no-enforcement', confirmed: true }), true);
    const index = await sidecarIndex();
    assert.ok(!index.annotations.has('no-enforcement'));
    assert.deepEqual(index.annotations.get('accord-terms')!.links.map((l) => l.to), ['accord-signed']);
    assert.ok([...index.annotations.values()].every((a) => a.links.every((l) => l.to !== 'no-enforcement')));
  });

  it('deleting the annotation a list pointed at removes the emptied list, not leaving "links: []"', async () => {
    const { service } = await api();
    assert.ok(await service.applyEdits([
      { kind: 'addAnnotation', id: 'short-lived', annotation: { file: HARBOR, quote: 'fisheries accord' } },
      { kind: 'addLink', from: 'patrol-test', to: 'short-lived', type: 'supports' },
    ]));
    assert.match(await readText(SIDECAR), /patrol-test:[^]*?links:\n\s+- to: short-lived\n\s+type: supports\n/);
    assert.equal(await vscode.commands.executeCommand('marginalia.deleteAnnotation', { annotationId: 'short-lived', confirmed: true }), true);
    const text = await readText(SIDECAR);
    assert.ok(!text.includes('short-lived'), 'the annotation and the link to it are gone');
    assert.ok(!/links:\s*\[\]/.test(text), 'no empty list is left behind');
    assert.deepEqual((await sidecarIndex()).annotations.get('patrol-test')!.links, []);
  });

  it('export notes writes Markdown with file:line citations and opens it', async () => {
    const target = fileUri('notes/review.md');
    await vscode.workspace.fs.createDirectory(fileUri('notes'));
    const written = await vscode.commands.executeCommand<vscode.Uri>('marginalia.exportNotes', { format: 'md', groupBy: 'document', target });
    assert.equal(written?.toString(), target.toString());
    const md = await readText('notes/review.md');
    assert.match(md, /^# Reviewer’s notes/);
    assert.match(md, /\[articles\/summit report\.txt:3\]\(\.\.\/articles\/summit%20report\.txt#L3\)/, 'links lead from notes/ to the article');
    assert.match(md, /- linked from accord\\-terms \(follows; Harbor talks resume/, 'a passage lists the passages that link to it');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), target.toString());
  });

  it('edits started together are written one after the other; none is lost', async () => {
    const results = await Promise.all([
      vscode.commands.executeCommand('marginalia.setReviewState', { annotationId: 'accord-terms', review: 'accepted' }),
      vscode.commands.executeCommand('marginalia.setReviewState', { annotationId: 'patrol-test', review: 'accepted' }),
    ]);
    assert.deepEqual(results, [true, true]);
    const index = await sidecarIndex();
    assert.deepEqual([index.annotations.get('accord-terms')!.review, index.annotations.get('patrol-test')!.review], ['accepted', 'accepted']);
  });

  it('set review state writes it to the sidecar; the Annotations view filters by it and the export follows the filter', async () => {
    const { annotationsTree } = await api();
    assert.ok(await vscode.commands.executeCommand('marginalia.setReviewState', { annotationId: 'accord-signed', review: 'disputed' }));
    assert.ok((await readText(SIDECAR)).includes('    review: disputed\n'));
    assert.equal((await sidecarIndex()).annotations.get('accord-signed')!.review, 'disputed');
    const shownIds = (): string[] => annotationsTree.getChildren().flatMap((group) => annotationsTree.getChildren(group)).flatMap((n) => (n.type === 'annotation' ? [n.id] : []));
    await waitUntil(() => annotationsTree.getChildren().length > 0, 'the tree to reload');
    await vscode.commands.executeCommand('marginalia.filterAnnotationsByReview', ['disputed']);
    assert.deepEqual(shownIds(), ['accord-signed']);
    const item = annotationsTree.getTreeItem({ type: 'annotation', id: 'accord-signed', group: 'articles/summit report.txt' });
    assert.match(String(item.description), /^disputed · line 3$/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'comment-unresolved');

    const target = fileUri('notes/disputed.html');
    await vscode.commands.executeCommand('marginalia.exportNotes', { format: 'html', groupBy: 'actor', target });
    const html = await readText('notes/disputed.html');
    assert.match(html, /<p class="details">By actor; review: disputed<\/p>/);
    const sections = [...html.matchAll(/<article id="([^"]+)">/g)].map((m) => m[1]).sort();
    // Alma Reyes's id depends on whether the rename test ran first.
    assert.deepEqual(sections.map((id) => id.replace(/^actor-(alma-)?reyes-/, 'actor-reyes-')), ['actor-reyes-accord-signed', 'actor-tarn-accord-signed'], 'under Alma Reyes and Ivo Tarn, nothing else');
    assert.match(html, /<cite>Summit report \(2025-03-20\)<\/cite>, <a href="\.\.\/articles\/summit%20report\.txt#L3">/);

    await vscode.commands.executeCommand('marginalia.clearReviewFilter');
    assert.ok(shownIds().length > 1, 'every state is shown again');
  });
});

describe('suggestions', () => {
  const BRIEF = 'articles/wire-brief.txt';

  before(async () => {
    await writeArticle(BRIEF, 'Wire brief\nOfficials from Nortland met Sarah Collins in France. Sarah Collins said France would host the next round.\n');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(fileUri(BRIEF));
  });

  it('marks an alias variant and an unknown name in an open article; the quick fix adds the alias', async () => {
    const editor = await openArticle(BRIEF);
    const uri = editor.document.uri;
    const suggestionsOf = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'marginalia');
    await waitUntil(() => suggestionsOf().some((d) => d.code === 'alias-variant'), 'the alias-variant diagnostic');
    const variant = suggestionsOf().find((d) => d.code === 'alias-variant')!;
    assert.equal(editor.document.getText(variant.range), 'Nortland');
    assert.match(variant.message, /“Nortland” looks like “Northland” \(Northland\)/);
    assert.equal(variant.severity, vscode.DiagnosticSeverity.Information);
    const candidate = suggestionsOf().find((d) => d.code === 'candidate-actor' && editor.document.getText(d.range) === 'Sarah Collins');
    assert.ok(candidate, 'the recogniser found Sarah Collins');
    assert.match(candidate.message, /looks like a person/);
    const candidateFixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, candidate.range, vscode.CodeActionKind.QuickFix.value);
    const addActor = candidateFixes.find((a) => a.title === 'Add “Sarah Collins” as a new person');
    assert.ok(addActor, candidateFixes.map((a) => a.title).join(' | '));
    assert.deepEqual(addActor.command!.arguments, [{ name: 'Sarah Collins', kind: 'person' }]);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, variant.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Ignore “Nortland” (never suggest it again)'), titles.join(' | '));
    const addAlias = actions.find((a) => a.title === 'Add “Nortland” as an alias of Northland')!;
    assert.ok(addAlias.isPreferred);
    await vscode.commands.executeCommand(addAlias.command!.command, ...addAlias.command!.arguments!);
    assert.deepEqual((await sidecarIndex()).actors.get('northland')!.aliases, ['Northland', 'Nortland']);
    await waitUntil(() => !suggestionsOf().some((d) => d.code === 'alias-variant'), 'the variant, now an alias, to be unmarked');
  });

  it('Suggest Actors adds a recognised name as an actor of its kind and ignores another for good', async () => {
    await openArticle(BRIEF);
    const inArticle = await vscode.commands.executeCommand<{ candidates: { phrase: string; files: string[] }[] }>('marginalia.suggestActors', { scope: 'article' });
    assert.deepEqual(inArticle.candidates.map((c) => [c.phrase, c.files]), [['France', [BRIEF]], ['Sarah Collins', [BRIEF]]], 'only the article in the editor is read');
    const found = await vscode.commands.executeCommand<{ candidates: { phrase: string; kind?: string; count: number }[] }>('marginalia.suggestActors', { add: ['Sarah Collins'], ignore: ['France'] });
    assert.deepEqual(found.candidates.filter((c) => ['Sarah Collins', 'France'].includes(c.phrase)).map((c) => [c.phrase, c.kind, c.count]), [['France', 'state', 2], ['Sarah Collins', 'person', 2]]);
    const index = await sidecarIndex();
    // Its own fields: an entry whose span is not computed yet has it on a prototype of its own.
    const added = { ...index.actors.get('sarah-collins')! };
    assert.deepEqual(added, { ...added, name: 'Sarah Collins', kind: 'person', aliases: ['Sarah Collins'] });
    assert.deepEqual(index.ignoredSuggestions, ['France']);
    const again = await vscode.commands.executeCommand<{ candidates: { phrase: string }[] }>('marginalia.suggestActors', { scope: 'corpus' });
    assert.ok(!again.candidates.some((c) => c.phrase === 'France' || c.phrase === 'Sarah Collins'), 'neither is offered again');
  });
});

describe('live edits and outside changes', () => {
  it('typing above a passage moves its anchor; saving stores the new position', async () => {
    const id = 'ivo-tarn-said-the';
    const editor = await openArticle(HARBOR);
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'Updated at noon.\n'));
    const { service } = await api();
    await waitUntil(() => service.corpus!.anchorOf(id)?.status === 'moved', 'the anchor to move with the text');
    const { text } = await hoverText(editor.document.uri, positionOf(editor.document, 'said the Harbor', 2));
    assert.match(text, /Annotation\*\* `ivo-tarn-said-the`/, 'the hover follows the passage');
    await editor.document.save();
    const expectedStart = editor.document.getText().indexOf('Ivo Tarn, said');
    await waitUntil(async () => (await sidecarIndex()).annotations.get(id)!.start === expectedStart, 'the new start in the sidecar');
    await waitUntil(() => service.corpus!.anchorOf(id)!.status === 'exact', 'the stored anchor to be exact');
  });

  it('an article changed on disk is re-indexed; a lost passage becomes orphaned and is kept', async () => {
    const { service, annotationsTree } = await api();
    await writeText('articles/crlf-notes.txt', 'Notes rewritten from scratch.\r\n');
    await waitUntil(() => service.corpus!.anchorOf('patrol-test')?.status === 'orphaned', 'the orphan');
    const orphans = annotationsTree.getChildren()[0];
    assert.deepEqual(annotationsTree.getChildren(orphans).map((n) => (n as { id: string }).id).sort(), ['patrol-test', 'vanished']);
    assert.ok((await sidecarIndex()).annotations.has('patrol-test'));
    await vscode.commands.executeCommand('marginalia.reanchor');
    assert.ok((await sidecarIndex()).annotations.has('patrol-test'), 'reanchor keeps orphans');
  });

  it('a sidecar edited outside VS Code (git pull) is reloaded', async () => {
    const { service, actorsTree } = await api();
    const text = await readText(SIDECAR);
    await writeText(SIDECAR, text.replace('actors:\n', 'actors:\n  joint-commission:\n    name: Joint Commission\n    kind: organization\n    aliases: [joint commission]\n'));
    await waitUntil(() => service.corpus!.index.actors.has('joint-commission'), 'the reload');
    const organizations = actorsTree.getChildren().find((k) => actorsTree.getTreeItem(k).label === 'Organizations')!;
    assert.ok(actorsTree.getChildren(organizations).some((a) => actorsTree.getTreeItem(a).label === 'Joint Commission'));
  });

  it('a malformed sidecar is reported with line and column and never overwritten; the views keep the last version that parsed', async () => {
    const { service } = await api();
    const good = await readText(SIDECAR);
    const broken = good.replace('  tarn:\n', '  tarn: [unclosed\n');
    await writeText(SIDECAR, broken);
    const sidecar = fileUri(SIDECAR);
    await waitUntil(() => vscode.languages.getDiagnostics(sidecar).some((d) => d.code === 'yaml-syntax'), 'the syntax error diagnostic');
    const diagnostic = vscode.languages.getDiagnostics(sidecar).find((d) => d.code === 'yaml-syntax')!;
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(diagnostic.range.start.line > 0);
    const { annotationsView, actorsView } = await api();
    const stale = `stale: marginalia.yaml has errors (line ${diagnostic.range.start.line + 1}). Showing the last version that parsed until it is fixed; nothing is written meanwhile.`;
    assert.equal(annotationsView.message, stale);
    assert.equal(actorsView.message, stale);
    await select(HARBOR, 'second round');
    const written = await vscode.commands.executeCommand('marginalia.annotateSelection', { note: 'must not be written' });
    assert.equal(written, undefined);
    assert.equal(await readText(SIDECAR), broken, 'the malformed file is untouched');
    await writeText(SIDECAR, good);
    await waitUntil(() => service.stale === undefined && !service.corpus!.sidecar.invalid, 'recovery');
  });

  it('refuses to write over unsaved changes to the sidecar in an editor', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri(SIDECAR));
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# an unsaved comment\n'));
    const before = await readText(SIDECAR);
    await select(HARBOR, 'second round');
    assert.equal(await vscode.commands.executeCommand('marginalia.annotateSelection', { note: 'x' }), undefined);
    assert.equal(await readText(SIDECAR), before);
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('a deleted sidecar empties the views; creating it again brings the index back', async () => {
    const { service, actorsTree } = await api();
    const text = await readText(SIDECAR);
    await vscode.workspace.fs.delete(fileUri(SIDECAR));
    await waitUntil(() => service.corpus === undefined, 'the index to be dropped');
    assert.deepEqual(actorsTree.getChildren(), []);
    await writeText(SIDECAR, text);
    await waitUntil(() => service.corpus !== undefined, 'the index to come back');
    assert.ok(actorsTree.getChildren().length > 0);
  });
});

describe('a large sidecar', () => {
  const COUNT = 4000;

  after(async () => {
    await vscode.workspace.getConfiguration('marginalia').update('indexFile', undefined, vscode.ConfigurationTarget.Workspace);
    const { service } = await api();
    await waitUntil(() => service.corpus?.index.annotations.has('accord-terms') === true, 'the fixture sidecar to be back');
  });

  it('is parsed on a worker thread and edited entry by entry', async function () {
    const entries = Array.from({ length: COUNT }, (_, i) => `  note-${i}:\n    file: desk.txt\n    quote: "paragraph ${i} of the desk log"\n    note: Entry number ${i}, written to make the sidecar large.\n`);
    const desk = Array.from({ length: COUNT }, (_, i) => `Marker paragraph ${i} of the desk log. The Quay Authority filed it.`).join('\n');
    await writeText('large/desk.txt', desk + '\n');
    await writeText('large/marginalia.yaml', `version: 1\nactors:\n  quay:\n    name: Quay Authority\n    kind: organization\n    aliases: [Quay Authority]\nannotations:\n${entries.join('')}`);
    const { service } = await api();
    await vscode.workspace.getConfiguration('marginalia').update('indexFile', 'large/marginalia.yaml', vscode.ConfigurationTarget.Workspace);
    await waitUntil(() => service.corpus?.index.annotations.size === COUNT, `${COUNT} annotations`);
    const corpus = service.corpus!;
    assert.ok(corpus.sidecar.text.length > 256 * 1024, 'large enough for the worker');
    assert.ok(Object.getOwnPropertyDescriptor(corpus.sidecar, 'document')?.get, 'read on the worker: no YAML document parsed here yet');
    assert.equal(corpus.anchorOf('note-3999')!.status, 'exact');
    assert.equal(corpus.mentionsOf('quay').get('desk.txt')!.length, COUNT);

    assert.ok(await vscode.commands.executeCommand('marginalia.setReviewState', { annotationId: 'note-2000', review: 'accepted' }));
    const text = await readText('large/marginalia.yaml');
    assert.ok(text.includes('Entry number 2000, written to make the sidecar large.\n    review: accepted\n  note-2001:'));
    assert.equal(service.corpus!.index.annotations.get('note-2000')!.review, 'accepted');
    assert.ok(Object.getOwnPropertyDescriptor(service.corpus!.sidecar, 'document')?.get, 'the edit did not parse the whole sidecar');
  });
});
