import * as assert from 'node:assert/strict';
import { CorpusIndex } from '../../src/core/corpus';
import { parseSidecar } from '../../src/core/sidecar/read';
import { hasSpan } from '../../src/core/sidecar/lazySpans';
import { InMemoryCorpus } from '../../src/core/workspace';

const sidecar = `version: 1
documents:
  news/first article.txt: {title: First}
  gone.txt: {title: Missing}
actors:
  kim:
    name: Kim Jong Un
    kind: person
    aliases: [Kim Jong Un, Kim]
    memberOf: dprk
  dprk:
    name: North Korea
    kind: state
    aliases: [North Korea, Pyongyang]
  ghost:
    name: Ghost
    aliases: [Kim]
    memberOf: nobody
relations:
  - {from: kim, to: stranger, evidence: [visit, missing-note]}
annotations:
  visit:
    file: news/first article.txt
    quote: arrived in Pyongyang
    actors: [kim, nobody]
    links: [{to: reply, type: follows}, {to: nowhere}]
  reply:
    file: second.txt
    quote: Pyongyang answered within the hour
  lost:
    file: second.txt
    quote: a sentence that was deleted long ago
  absent:
    file: not-there.txt
    quote: anything
`;

function corpusFiles(): InMemoryCorpus {
  return new InMemoryCorpus({
    'marginalia.yaml': sidecar,
    'news/first article.txt': 'Kim Jong Un arrived in Pyongyang.\r\nKim smiled. North Korea’s envoy waited.',
    'second.txt': '\ufeffLater, Pyongyang answred within the hour, and Kim left.',
    'binary.txt': new Uint8Array([0x00, 0x01, 0x02]),
    'latin1.txt': new Uint8Array([0x4b, 0x69, 0x6d, 0x20, 0xe9]),
    'notes.md': 'Kim is not an article here.',
  });
}

describe('CorpusIndex', () => {
  it('finds mentions in every article, with per-file counts', async () => {
    const corpus = await CorpusIndex.build(corpusFiles());
    const counts = corpus.mentionCounts();
    assert.deepEqual(Object.fromEntries(counts.get('kim')!), { 'news/first article.txt': 2, 'second.txt': 1, 'latin1.txt': 1 });
    assert.deepEqual(Object.fromEntries(counts.get('dprk')!), { 'news/first article.txt': 2, 'second.txt': 1 });
    assert.equal(corpus.article('notes.md'), undefined, 'only article files are indexed');
  });

  it('anchors each annotation: exact, fuzzy, orphaned', async () => {
    const corpus = await CorpusIndex.build(corpusFiles());
    const status = Object.fromEntries(corpus.anchoredAnnotations().map(({ annotation, result }) => [annotation.id, result.status]));
    assert.deepEqual(status, { visit: 'exact', reply: 'fuzzy', lost: 'orphaned', absent: 'orphaned' });
    const reply = corpus.anchorOf('reply')!.range!;
    assert.equal(corpus.article('second.txt')!.text.slice(reply.start, reply.end), 'Pyongyang answred within the hour');
  });

  it('looks up the mention and the annotations at an offset', async () => {
    const corpus = await CorpusIndex.build(corpusFiles());
    const text = corpus.article('news/first article.txt')!.text;
    const at = text.indexOf('Pyongyang') + 3;
    assert.equal(corpus.mentionAt('news/first article.txt', at)?.actorId, 'dprk');
    assert.deepEqual(corpus.annotationsAt('news/first article.txt', at).map((a) => a.annotation.id), ['visit']);
    assert.equal(corpus.mentionAt('news/first article.txt', text.indexOf('arrived')), undefined);
  });

  it('reports every reference and anchor problem with its place', async () => {
    const corpus = await CorpusIndex.build(corpusFiles());
    const problems = corpus.problems().map((p) => {
      const { line, character } = corpus.locate(p).start;
      return `${p.file}:${line + 1}:${character + 1} ${p.severity} ${p.code}`;
    });
    assert.deepEqual(problems.sort(), [
      'binary.txt:1:1 warning binary-file',
      'latin1.txt:1:1 warning not-utf8',
      'marginalia.yaml:15:3 warning shared-alias',
      'marginalia.yaml:15:3 error unknown-actor',
      'marginalia.yaml:20:5 error unknown-actor',
      'marginalia.yaml:20:5 error dangling-link',
      'marginalia.yaml:22:3 error unknown-actor',
      'marginalia.yaml:26:41 error dangling-link',
      'marginalia.yaml:27:3 warning fuzzy-anchor',
      'marginalia.yaml:30:3 error orphaned',
      'marginalia.yaml:33:3 error missing-file',
      'marginalia.yaml:4:3 warning missing-file',
    ].sort());
  });

  it('re-indexes one changed file: mentions and anchors follow the edit', async () => {
    const corpus = await CorpusIndex.build(corpusFiles());
    corpus.setArticleText('news/first article.txt', 'Yesterday, Kim Jong Un arrived in Pyongyang.');
    assert.equal(corpus.anchorOf('visit')!.status, 'exact');
    assert.equal(corpus.anchorOf('visit')!.range!.start, 'Yesterday, Kim Jong Un '.length);
    assert.equal(corpus.article('news/first article.txt')!.mentions.length, 2);
    corpus.removeArticle('news/first article.txt');
    assert.equal(corpus.anchorOf('visit')!.status, 'orphaned');
    assert.ok(corpus.index.annotations.has('visit'), 'an orphan is kept');
  });

  it('re-matches mentions when aliases change, and only then', async () => {
    const files = corpusFiles();
    const corpus = await CorpusIndex.build(files);
    const before = corpus.article('second.txt')!.mentions;
    corpus.setSidecar(parseSidecar(sidecar.replace('note: x', 'note: y')));
    assert.equal(corpus.article('second.txt')!.mentions, before, 'same aliases: mentions reused');
    corpus.setSidecar(parseSidecar(sidecar.replace('aliases: [North Korea, Pyongyang]', 'aliases: [North Korea]')));
    assert.equal(corpus.mentionCounts().get('dprk')?.get('second.txt'), undefined);
  });

  it('reports a missing sidecar as a problem, not a crash', async () => {
    const corpus = await CorpusIndex.build(new InMemoryCorpus({ 'a.txt': 'text' }));
    assert.equal(corpus.sidecar.invalid, true);
    assert.deepEqual(corpus.problems().map((p) => p.code), ['no-sidecar']);
  });

  it('lists all mentions of an actor across the corpus', async () => {
    const corpus = await CorpusIndex.build(corpusFiles());
    const byFile = corpus.mentionsOf('dprk');
    assert.deepEqual([...byFile.keys()].sort(), ['news/first article.txt', 'second.txt']);
    const text = corpus.article('news/first article.txt')!.text;
    assert.deepEqual(byFile.get('news/first article.txt')!.map((m) => text.slice(m.start, m.end)), ['Pyongyang', 'North Korea']);
  });

  it('keeps a refused file unread: an error on it, its annotations orphaned, editor text ignored until it can be read', async () => {
    const files = corpusFiles();
    const text = files.text('second.txt')!;
    files.refuse('second.txt', 'it is a symlink leading outside the corpus folder');
    const corpus = await CorpusIndex.build(files);
    assert.equal(corpus.article('second.txt'), undefined);
    assert.deepEqual([corpus.anchorOf('reply')!.status, corpus.anchorOf('lost')!.status], ['orphaned', 'orphaned']);
    const notRead = corpus.problems().filter((p) => p.code === 'not-read').map((p) => [p.file, p.severity, p.message]);
    assert.deepEqual(notRead, [
      ['marginalia.yaml', 'error', 'annotation "reply" is orphaned: file "second.txt" is not read (it is a symlink leading outside the corpus folder); the annotation is kept'],
      ['marginalia.yaml', 'error', 'annotation "lost" is orphaned: file "second.txt" is not read (it is a symlink leading outside the corpus folder); the annotation is kept'],
      ['second.txt', 'error', 'second.txt is not read: it is a symlink leading outside the corpus folder'],
    ]);
    assert.ok(!corpus.problems().some((p) => p.code === 'missing-file' && p.message.includes('second.txt')), 'it exists: it is not "missing"');

    assert.equal(corpus.setArticleText('second.txt', text), false, 'an editor showing the file does not make it read');
    assert.equal(corpus.anchorOf('reply')!.status, 'orphaned');
    corpus.setArticleBytes('second.txt', new TextEncoder().encode(text));
    assert.equal(corpus.anchorOf('reply')!.status, 'fuzzy', 'read once the file may be read ("answred" in the text)');
    assert.deepEqual(corpus.problems().filter((p) => p.code === 'not-read'), []);
  });

  it('reads the span of an annotation only to report it: thousands of exact ones leave the fast read\'s spans pending', async () => {
    const count = 600; // more than the entries the lazy spans read alone before reading the whole sidecar
    const lines = Array.from({ length: count }, (_, i) => `Line ${i} of the log.`);
    const entries = lines.map((line, i) => `  n${i}:\n    file: log.txt\n    quote: "${line}"\n`);
    const text = `version: 1\nannotations:\n${entries.join('')}  gone:\n    file: log.txt\n    quote: a line nobody wrote\n`;
    const corpus = await CorpusIndex.build(new InMemoryCorpus({ 'marginalia.yaml': text, 'log.txt': lines.join('\n') + '\n' }));
    assert.ok(!hasSpan(corpus.index.annotations.get('n0')!), 'read by the fast reader: spans pending');
    const problems = corpus.problems();
    assert.deepEqual(problems.map((p) => p.code), ['orphaned']);
    assert.match(text.slice(problems[0].range.start, problems[0].range.end), /gone|a line nobody wrote/, 'the orphan is placed on its own entry');
    assert.ok(!hasSpan(corpus.index.annotations.get('n300')!), 'an exact annotation\'s span is not read');
  });
});

