/**
 * What an analyst sees on the fixture corpus before changing anything: hovers, decorations,
 * definitions, references, trees, diagnostics and the article language.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { decodeText } from '../../src/core/text';
import * as vscode from 'vscode';
import { INTERNAL_COMMANDS } from '../../src/vscode/ids';
import type { AppliedDecorations } from '../../src/vscode/decorations';
import { api, fileUri, hoverText, openArticle, positionOf, waitUntil } from './helpers';

const HARBOR = 'articles/harbor-talks.txt';
const SUMMIT = 'articles/summit report.txt';
const NOTES = 'articles/crlf-notes.txt';

describe('hovers', () => {
  before(api);

  it('show the actor card on a mention: kind, aliases, note, mentions per document, relations', async () => {
    const editor = await openArticle(HARBOR);
    const { text, hovers } = await hoverText(editor.document.uri, positionOf(editor.document, 'Velmora would', 2));
    assert.match(text, /\*\*Velmora\*\* — state/);
    assert.match(text, /\*\*6 mentions\*\* in 3 documents/);
    assert.match(text, /\[Harbor talks resume\]\(command:marginalia\.openPassage\?/);
    assert.match(text, /treaty → Northland \(fisheries accord\)/);
    const range = hovers[0].range!;
    assert.equal(editor.document.getText(range), 'Velmora');
  });

  it('show an actor note as Markdown, rendered safe', async () => {
    const editor = await openArticle(SUMMIT);
    const { text } = await hoverText(editor.document.uri, positionOf(editor.document, 'Alma Reyes and', 2));
    assert.match(text, /\*\*Alma Reyes\*\* — person of Velmora/);
    assert.ok(text.includes("Velmora's foreign minister; **not** a trade negotiator."), `bold is kept: ${text}`);
  });

  it('show an annotation: note as safe Markdown, tags, actors and clickable linked passages', async () => {
    const editor = await openArticle(HARBOR);
    const { text, hovers } = await hoverText(editor.document.uri, positionOf(editor.document, 'limited fisheries', 3));
    assert.match(text, /\*\*Annotation\*\* `accord-terms`/, 'an id in a code span is shown as written, no backslash');
    assert.ok(!/(?<!\\)\]\(command:workbench/.test(text), 'no command link from the note survives');
    assert.ok(text.includes('Conditional: see the patrol-line clause. \\[run\\](command:workbench.action.terminal.new) \\<b>bold\\</b>'), text);
    assert.match(text, /Tags: `accord`/);
    assert.match(text, /Actors: Alma Reyes, Velmora/);
    assert.match(text, /follows → \[“The fisheries accord signed by Alma Reyes and Ivo Tarn”\]\(command:marginalia\.openPassage\?[^)]+\) — articles\/summit report\.txt:3/);
    for (const hover of hovers) {
      for (const content of hover.contents) {
        if (content instanceof vscode.MarkdownString) assert.deepEqual(content.isTrusted, { enabledCommands: ['marginalia.openPassage', 'marginalia.openSidecar'] });
      }
    }
  });

  it('show backlinks on the passage a link points to', async () => {
    const editor = await openArticle(SUMMIT);
    const { text } = await hoverText(editor.document.uri, positionOf(editor.document, 'fisheries accord signed', 4));
    assert.match(text, /← follows from \[“sign a limited fisheries accord”\]/);
  });

  it('show nothing where there is nothing', async () => {
    const editor = await openArticle(HARBOR);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, positionOf(editor.document, 'resume in', 2));
    assert.equal(hovers.length, 0);
  });

  it('work in a CRLF file with a BOM and an emoji', async () => {
    const editor = await openArticle(NOTES);
    const { text, hovers } = await hoverText(editor.document.uri, positionOf(editor.document, 'Reyes twice', 1));
    assert.match(text, /\*\*Alma Reyes\*\*/);
    assert.equal(editor.document.getText(hovers[0].range), 'Reyes');
  });
});

describe('article language and decorations', () => {
  it('opens corpus .txt files in the article language', async () => {
    const editor = await openArticle(HARBOR);
    await waitUntil(() => editor.document.languageId === 'article' || vscode.window.activeTextEditor?.document.languageId === 'article', 'the article language');
  });

  it('wraps article lines and does not box curly quotes (the Article language defaults)', async () => {
    const editor = await openArticle(HARBOR);
    await waitUntil(() => editor.document.languageId === 'article', 'the article language');
    const settings = vscode.workspace.getConfiguration('editor', editor.document);
    assert.equal(settings.get('wordWrap'), 'on');
    assert.equal(settings.get('unicodeHighlight.ambiguousCharacters'), false);
    assert.equal(vscode.workspace.getConfiguration('editor', { languageId: 'plaintext' }).get('wordWrap'), 'off', 'other files keep the editor default');
  });

  it('highlights annotations, marks mentions by kind and flags orphans', async () => {
    const editor = await openArticle(SUMMIT);
    let applied: AppliedDecorations | undefined;
    await waitUntil(async () => {
      applied = await vscode.commands.executeCommand<AppliedDecorations>(INTERNAL_COMMANDS.decorationsOf, editor.document.uri);
      return applied?.annotation !== undefined;
    }, 'decorations');
    const text = editor.document.getText();
    assert.deepEqual(applied!.annotation!.map((d) => text.slice(d.start, d.end)), ['The fisheries accord signed by Alma Reyes and Ivo Tarn']);
    assert.deepEqual(applied!['mention.person']!.map((d) => text.slice(d.start, d.end)), ['Alma Reyes', 'Ivo Tarn']);
    assert.equal(applied!['mention.state']!.length, 5);
    assert.equal(applied!['mention.organization']!.length, 1);
    assert.match(applied!.orphans![0].hover!, /vanished/);
  });
});

describe('navigation', () => {
  it('Go to Definition on an annotation lists its linked passages', async () => {
    const editor = await openArticle(HARBOR);
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', editor.document.uri, positionOf(editor.document, 'limited fisheries', 2));
    const targets = await Promise.all(locations.map(async (l) => {
      const uri = 'uri' in l ? l.uri : l.targetUri;
      const range = 'range' in l ? l.range : l.targetRange;
      return (await vscode.workspace.openTextDocument(uri)).getText(range);
    }));
    assert.deepEqual(targets.sort(), ['The fisheries accord signed by Alma Reyes and Ivo Tarn', 'lacks any automatic enforcement mechanism']);
  });

  it('Go to Definition on a mention opens the actor in the sidecar', async () => {
    const editor = await openArticle(HARBOR);
    const [location] = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', editor.document.uri, positionOf(editor.document, 'Ivo Tarn', 1));
    assert.equal(location.uri.path, fileUri('marginalia.yaml').path);
    const sidecar = await vscode.workspace.openTextDocument(location.uri);
    assert.match(sidecar.getText(location.range), /^tarn:\n\s+name: Ivo Tarn/);
  });

  it('Find All References on a mention lists every mention of the actor across the corpus', async () => {
    const editor = await openArticle(HARBOR);
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', editor.document.uri, positionOf(editor.document, 'Northland.', 2));
    const byFile = new Map<string, number>();
    for (const l of locations) byFile.set(vscode.workspace.asRelativePath(l.uri), (byFile.get(vscode.workspace.asRelativePath(l.uri)) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries([...byFile].sort()), { 'articles/crlf-notes.txt': 1, 'articles/harbor-talks.txt': 2, 'articles/summit report.txt': 2 });
  });

  it('next and previous annotation move the selection, wrapping around', async () => {
    const editor = await openArticle(HARBOR);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('marginalia.nextAnnotation');
    assert.equal(editor.document.getText(editor.selection), 'sign a limited fisheries accord');
    await vscode.commands.executeCommand('marginalia.nextAnnotation');
    assert.equal(editor.document.getText(editor.selection), 'lacks any automatic enforcement mechanism');
    await vscode.commands.executeCommand('marginalia.nextAnnotation');
    assert.equal(editor.document.getText(editor.selection), 'sign a limited fisheries accord');
    await vscode.commands.executeCommand('marginalia.previousAnnotation');
    assert.equal(editor.document.getText(editor.selection), 'lacks any automatic enforcement mechanism');
  });

  it('openPassage opens a linked passage and selects it', async () => {
    await vscode.commands.executeCommand('marginalia.openPassage', { annotationId: 'accord-signed' });
    const editor = vscode.window.activeTextEditor!;
    assert.equal(vscode.workspace.asRelativePath(editor.document.uri), SUMMIT);
    assert.equal(editor.document.getText(editor.selection), 'The fisheries accord signed by Alma Reyes and Ivo Tarn');
  });
});

describe('trees', () => {
  it('Actors: kind → actor → document → mention', async () => {
    const { actorsTree } = await api();
    const kinds = actorsTree.getChildren();
    assert.deepEqual(kinds.map((k) => actorsTree.getTreeItem(k).label), ['People', 'States', 'Organizations']);
    const people = actorsTree.getChildren(kinds[0]);
    assert.deepEqual(people.map((p) => [actorsTree.getTreeItem(p).label, actorsTree.getTreeItem(p).description]), [['Alma Reyes', '4 mentions'], ['Ivo Tarn', '3 mentions']]);
    assert.equal(actorsTree.getTreeItem(people[0]).contextValue, 'actor');
    const documents = actorsTree.getChildren(people[0]);
    assert.deepEqual(documents.map((d) => actorsTree.getTreeItem(d).label), ['Notes from the Velmora delegation 🚤', 'Harbor talks resume', 'Summit report']);
    const mentions = actorsTree.getChildren(documents[1]);
    const mention = actorsTree.getTreeItem(mentions[0]);
    assert.equal(mention.description, 'line 3');
    assert.deepEqual(mention.command?.arguments, [{ file: 'articles/harbor-talks.txt', range: { start: mentionsStart(mentions[0]), end: mentionsStart(mentions[0]) + 'Foreign Minister Alma Reyes'.length } }]);
    assert.deepEqual(actorsTree.getParent(mentions[0]), documents[1]);
    assert.deepEqual(actorsTree.getParent(people[0]), kinds[0]);
  });

  it('Annotations: orphans first, then by document, links below; or by tag', async () => {
    const { annotationsTree } = await api();
    const top = annotationsTree.getChildren();
    assert.deepEqual(top.map((n) => annotationsTree.getTreeItem(n).label), ['Orphaned', 'Notes from the Velmora delegation 🚤', 'Harbor talks resume', 'Summit report']);
    assert.equal(annotationsTree.getTreeItem(top[1]).description, 'articles/crlf-notes.txt', 'a document named by its headline also shows its path');
    const orphans = annotationsTree.getChildren(top[0]);
    assert.deepEqual(orphans.map((n) => annotationsTree.getTreeItem(n).contextValue), ['annotation.orphaned', 'annotation.ambiguous']);
    assert.equal(annotationsTree.getTreeItem(orphans[1]).description, 'articles/pier-notice.txt — ambiguous: lines 3 and 7');
    const harbor = annotationsTree.getChildren(top[2]);
    assert.deepEqual(harbor.map((n) => [annotationsTree.getTreeItem(n).label, annotationsTree.getTreeItem(n).description]), [['“sign a limited fisheries accord”', 'line 4'], ['“lacks any automatic enforcement mechanism”', 'line 6']]);
    const links = annotationsTree.getChildren(harbor[0]);
    assert.deepEqual(links.map((n) => annotationsTree.getTreeItem(n).label), ['follows → “The fisheries accord signed by Alma Reyes and Ivo Tarn”', 'related → “lacks any automatic enforcement mechanism”']);
    await vscode.commands.executeCommand('marginalia.groupAnnotationsByTag');
    try {
      const tags = annotationsTree.getChildren();
      assert.deepEqual(tags.map((n) => annotationsTree.getTreeItem(n).label), ['Orphaned', 'accord', 'enforcement']);
      assert.equal(annotationsTree.getChildren(tags[2]).length, 2);
    } finally {
      await vscode.commands.executeCommand('marginalia.groupAnnotationsByDocument');
    }
  });
});

describe('actor graph', () => {
  it('opens a webview with actors sized by mentions and their ties; a click shows the mentions', async () => {
    const { actorGraph, actorsView } = await api();
    assert.equal(await vscode.commands.executeCommand('marginalia.showActorGraph'), true);
    const graph = actorGraph()!;
    assert.equal(graph.panel.title, 'Actor Graph');
    assert.match(graph.panel.webview.html, /script-src 'nonce-[0-9a-f]{32}'/, 'scripts only with the nonce');
    assert.ok(!/<script(?![^>]*nonce)/.test(graph.panel.webview.html), 'no script without the nonce');
    await waitUntil(() => graph.lastMessage !== undefined, 'the page to ask for the graph');
    const { nodes, edges } = graph.lastMessage!.graph;
    const tarn = nodes.find((n) => n.id === 'tarn')!;
    assert.equal(tarn.mentions, 3);
    assert.ok(edges.some((e) => e.kind === 'relation' && e.from === 'velmora' && e.to === 'northland' && e.type === 'treaty'));
    assert.ok(edges.some((e) => e.kind === 'co-mention' && e.weight > 0));

    await graph.openActor('tarn');
    await waitUntil(() => actorsView.selection[0]?.type === 'actor' && actorsView.selection[0].actorId === 'tarn', 'Ivo Tarn to be selected in the Actors view');
    graph.panel.dispose();
    assert.equal(actorGraph(), undefined);
  });
});

describe('views follow the cursor', () => {
  it('select the annotation and the actor under the cursor', async () => {
    const { annotationsView, actorsView } = await api();
    await vscode.commands.executeCommand('workbench.view.extension.marginalia');
    await waitUntil(() => annotationsView.visible && actorsView.visible, 'the Marginalia views to show');
    const editor = await openArticle(HARBOR);
    const inAnnotation = positionOf(editor.document, 'fisheries accord', 2);
    editor.selection = new vscode.Selection(inAnnotation, inAnnotation);
    await waitUntil(() => {
      const node = annotationsView.selection[0];
      return node?.type === 'annotation' && node.id === 'accord-terms';
    }, 'the annotation to be selected in its view');
    const onMention = positionOf(editor.document, 'Ivo Tarn', 2);
    editor.selection = new vscode.Selection(onMention, onMention);
    await waitUntil(() => {
      const node = actorsView.selection[0];
      return node?.type === 'actor' && node.actorId === 'tarn';
    }, 'the actor to be selected in its view');
  });
});

describe('Problems panel', () => {
  it('shows what check reports, at its line', async () => {
    await api();
    const sidecar = fileUri('marginalia.yaml');
    await waitUntil(() => vscode.languages.getDiagnostics(sidecar).length > 0, 'diagnostics');
    const diagnostics = vscode.languages.getDiagnostics(sidecar).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);
    assert.deepEqual(diagnostics, [
      '71:3 orphaned annotation "vanished" is orphaned: its quote is no longer in articles/summit report.txt (kept, not deleted)',
      '75:3 ambiguous-anchor annotation "pier-closure" is ambiguous: its quote is on lines 3 and 7 of articles/pier-notice.txt (2 copies); store a prefix, suffix or start to choose one (kept, not anchored)',
    ]);
  });
});

function mentionsStart(node: unknown): number {
  return (node as { start: number }).start;
}

describe('the index cache', () => {
  it('a second load takes the sidecar\'s parse and every article\'s mentions from the extension\'s storage, and gives the same index', async () => {
    const { service } = await api();
    await service.reload();
    const snapshot = (): string => {
      const corpus = service.corpus!;
      return JSON.stringify({
        problems: corpus.problems().map((p) => `${p.file}:${p.range.start}:${p.code}`),
        anchors: corpus.anchoredAnnotations().map(({ annotation, result }) => [annotation.id, result.status, result.range?.start]),
        mentions: corpus.articlePaths().map((path) => [path, corpus.article(path)!.mentions.map((m) => `${m.actorId}@${m.start}`)]),
        actors: [...corpus.index.actors.keys()],
      });
    };
    const fresh = snapshot();
    const articles = service.corpus!.articlePaths().length;
    // The first load's cache is written after it ends, and an article is trusted by its file's
    // stamp only once its file is two seconds old: load again until every article is taken unread.
    await waitUntil(async () => {
      await service.reload();
      return service.lastLoadCache?.sidecarHits === 1 && service.lastLoadCache.articlesUnread === articles;
    }, 'a load from the cache that reads no article');
    assert.equal(snapshot(), fresh);
    // Each text is read when first asked for, and is the file's.
    for (const path of service.corpus!.articlePaths()) {
      const decoded = decodeText(readFileSync(fileUri(path).fsPath));
      assert.equal(service.corpus!.article(path)!.text, decoded.kind === 'text' ? decoded.text : undefined, path);
    }
    const editor = await openArticle(NOTES);
    assert.match((await hoverText(editor.document.uri, positionOf(editor.document, 'Reyes twice', 1))).text, /\*\*Alma Reyes\*\*/);
    const inCorpus = readdirSync(fileUri('.').fsPath, { recursive: true }).map(String);
    assert.ok(!inCorpus.some((name) => /(^|\/)(sidecar|mentions)\.bin$/.test(name)), 'the cache is not in the corpus folder');
  });
});
