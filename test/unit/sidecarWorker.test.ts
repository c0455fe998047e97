import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CorpusIndex } from '../../src/core/corpus';
import { hasMissingSpans, resolveAllSpans } from '../../src/core/sidecar/lazySpans';
import { parseSidecar, parseSidecarWithYaml } from '../../src/core/sidecar/read';
import { InMemoryCorpus } from '../../src/core/workspace';
import { sidecarParserOnWorker, sidecarSpansOnWorker } from '../../src/node/sidecarWorker';

const WORKER = path.join(__dirname, '..', '..', 'src', 'node', 'sidecarWorkerMain.js');

const sidecar = `version: 1
actors:
  ada: {name: Ada Stone, kind: person, aliases: [Ada Stone]}
annotations:
  met:
    file: one.txt
    quote: Ada Stone met
    links: [gone]
  gone:
    file: one.txt
    quote: nowhere in the text
    review: final
`;

describe('sidecar parser on a worker thread', () => {
  it('reads what parseSidecar reads, problems included, and parses the document only when asked', async () => {
    const parsed = await sidecarParserOnWorker(WORKER, 0)(sidecar, 'marginalia.yaml');
    const here = parseSidecar(sidecar, 'marginalia.yaml');
    assert.deepEqual(parsed.index, here.index);
    assert.deepEqual(parsed.problems, here.problems);
    assert.equal(parsed.problems[0].code, 'unknown-review');
    assert.equal(parsed.invalid, false);
    assert.ok(Object.getOwnPropertyDescriptor(parsed, 'document')?.get, 'the document is not parsed yet');
    assert.equal(parsed.document.toJS().annotations.met.quote, 'Ada Stone met');
  });

  it('builds a corpus while the worker parses; an invalid sidecar stays invalid', async () => {
    const corpus = await CorpusIndex.build(new InMemoryCorpus({ 'marginalia.yaml': sidecar, 'one.txt': 'Ada Stone met the press.\n' }), 'marginalia.yaml', sidecarParserOnWorker(WORKER, 0));
    assert.equal(corpus.anchorOf('met')!.status, 'exact');
    assert.equal(corpus.mentionsOf('ada').get('one.txt')!.length, 1);
    const broken = await sidecarParserOnWorker(WORKER, 0)('version: 1\nactors: [\n', 'marginalia.yaml');
    assert.equal(broken.invalid, true);
    assert.equal(broken.problems[0].code, 'yaml-syntax');
  });

  it('parses in place when the worker cannot start', async () => {
    const parsed = await sidecarParserOnWorker(path.join(__dirname, 'no-such-worker.js'), 0)(sidecar, 'marginalia.yaml');
    const here = parseSidecar(sidecar).index;
    resolveAllSpans(parsed.index);
    resolveAllSpans(here);
    assert.deepEqual(parsed.index, here);
  });

  it('sends a fast read without its spans, which are computed from yaml on this side when asked for', async () => {
    const clean = sidecar.replace('    review: final\n', '');
    const parsed = await sidecarParserOnWorker(WORKER, 0)(clean, 'marginalia.yaml');
    assert.deepEqual(parsed.problems, []);
    assert.ok(hasMissingSpans(parsed.index), 'the fast reader read it, and no span was computed on the way');
    const here = parseSidecar(clean).index;
    assert.deepEqual(parsed.index.annotations.get('met')!.links[0].span, here.annotations.get('met')!.links[0].span);
    resolveAllSpans(parsed.index);
    resolveAllSpans(here);
    assert.deepEqual(parsed.index, here);
    assert.equal(clean.slice(parsed.index.actors.get('ada')!.span.start, parsed.index.actors.get('ada')!.span.end), 'ada: {name: Ada Stone, kind: person, aliases: [Ada Stone]}');
  });

  it('computes the spans a fast read left pending on a worker, in the background', async () => {
    const clean = sidecar.replace('    review: final\n', '') + 'relations:\n  - {from: ada, to: ada}\n';
    const parsed = parseSidecar(clean);
    assert.ok(hasMissingSpans(parsed.index));
    await sidecarSpansOnWorker(WORKER, 0)(parsed);
    // No span was asked for here: the worker's read filled them all in.
    assert.ok(!hasMissingSpans(parsed.index));
    assert.deepEqual(parsed.index, parseSidecarWithYaml(clean).index);
  });

  it('leaves the spans to compute when asked for if the worker cannot start', async () => {
    const clean = sidecar.replace('    review: final\n', '');
    const parsed = parseSidecar(clean);
    await sidecarSpansOnWorker(path.join(__dirname, 'no-such-worker.js'), 0)(parsed);
    assert.ok(hasMissingSpans(parsed.index));
    resolveAllSpans(parsed.index);
    assert.deepEqual(parsed.index, parseSidecarWithYaml(clean).index);
  });
});
