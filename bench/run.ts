/**
 * The benchmark: every number side by side from one run on the generated corpus.
 *
 *   node out/bench/generate.js        # once: bench/.corpus (10,000 articles, 20,000 annotations)
 *   node --expose-gc out/bench/run.js [DIR] [--cli] [--large DIR30K]
 *
 * `--cli` measures only the CLI rows (the floor, `marginalia index` cold, warm and after one
 * change, on the worker pool and on one thread, with peak RSS, and its JSON output step); they
 * need the bundle (`npm run bundle`). `--large` adds the rows of a larger corpus (scaling, memory).
 */
import { spawnSync } from 'node:child_process';
import { promises as fs, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { indexCommand } from '../src/cli/commands';
import { NodeCorpusFileSystem } from '../src/node/nodeFileSystem';
import { sidecarParserOnWorker } from '../src/node/sidecarWorker';
import { describePassage } from '../src/core/anchoring';
import { buildActorGraph } from '../src/core/graph';
import { renderNotes } from '../src/core/report';
import { CorpusIndex } from '../src/core/corpus';
import { MentionMatcher } from '../src/core/mentions';
import { planReanchor } from '../src/core/reanchor';
import { resolveAllSpans } from '../src/core/sidecar/lazySpans';
import { parseSidecar, parseSidecarWithYaml } from '../src/core/sidecar/read';
import { SidecarEdit } from '../src/core/sidecar/edits';
import { editSidecar, saveSidecarText } from '../src/core/sidecar/store';

const args = process.argv.slice(2);
const dir = path.resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--large') ?? path.join(__dirname, '..', '..', 'bench', '.corpus'));
const rows: [string, string, string][] = [];
let peakRss = 0;
const sampleMemory = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const memoryTimer = setInterval(sampleMemory, 20);

function report(what: string, value: string, note = ''): void {
  rows.push([what, value, note]);
  console.log(`${what.padEnd(44)} ${value.padStart(14)}  ${note}`);
}

async function time<T>(run: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
}

function percentiles(samples: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}

const ms = (value: number): string => `${value < 1 ? value.toFixed(3) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;

/** Deterministic choices for the latency loops. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
}

async function main(): Promise<void> {
  const fileSystem = new NodeCorpusFileSystem(dir);
  const paths = await fileSystem.listArticles();
  const sidecarBytes = (await fs.stat(path.join(dir, 'marginalia.yaml'))).size;
  console.log(`corpus: ${dir}: ${paths.length} articles, sidecar ${(sidecarBytes / 1e6).toFixed(1)} MB\n`);
  await cliRows(paths);
  if (args.includes('--cli')) {
    clearInterval(memoryTimer); // else the timer keeps the process alive
    return;
  }

  // 1. The floor: read every article (warm: the second of two passes).
  let totalBytes = 0;
  const readAll = async (): Promise<void> => {
    totalBytes = 0;
    const queue = [...paths];
    await Promise.all(Array.from({ length: 64 }, async () => {
      for (let p = queue.pop(); p !== undefined; p = queue.pop()) {
        const bytes = await fileSystem.readFile(p);
        totalBytes += bytes!.length;
      }
    }));
  };
  await readAll();
  const raw = await time(readAll);
  report('raw read of all articles (floor)', ms(raw.ms), `${(totalBytes / 1e6).toFixed(1)} MB`);

  // 2. The full index build: sidecar, every article, mentions, anchors. As the extension builds it:
  // the sidecar parsed on a worker thread while the articles are read; then all on one thread.
  const onWorker = sidecarParserOnWorker(path.join(__dirname, '..', 'src', 'node', 'sidecarWorkerMain.js'));
  // Each build twice, alternating, and the faster of the two kept: the first build of a process
  // runs on cold code, which would otherwise favour whichever comes second.
  const builds = { worker: Infinity, oneThread: Infinity };
  let corpus!: CorpusIndex;
  for (let round = 0; round < 2; round++) {
    const withWorker = await time(() => CorpusIndex.build(fileSystem, 'marginalia.yaml', onWorker));
    builds.worker = Math.min(builds.worker, withWorker.ms);
    corpus = withWorker.result;
    sampleMemory();
    builds.oneThread = Math.min(builds.oneThread, (await time(() => CorpusIndex.build(fileSystem))).ms);
  }
  report('full index build (sidecar parsed on a worker)', ms(builds.worker), `${(builds.worker / raw.ms).toFixed(1)}x the raw read (target ≤ 3x); best of 2`);
  report('full index build, one thread', ms(builds.oneThread), `${(builds.oneThread / raw.ms).toFixed(1)}x the raw read; best of 2`);

  const sidecarText = readFileSync(path.join(dir, 'marginalia.yaml'), 'utf8');
  const parse = await time(() => parseSidecar(sidecarText));
  report('  of which: sidecar parse + validate', ms(parse.ms), `${parse.result.index.annotations.size} annotations`);
  const texts = paths.map((p) => corpus.article(p)!.text);
  const matcher = new MentionMatcher(corpus.index.actors.values());
  const match = await time(() => texts.reduce((n, t) => n + matcher.findMentions(t).length, 0));
  report('  of which: mention matching, all articles', ms(match.ms), `${match.result} mentions, ${matcher.phraseCount} phrases`);

  // 2b. The same search with ripgrep and with one JS regex alternation.
  const aliases = [...corpus.index.actors.values()].flatMap((a) => a.aliases);
  const aliasFile = path.join(dir, '..', 'aliases.txt');
  writeFileSync(aliasFile, aliases.join('\n') + '\n');
  const rg = spawnSync('rg', ['--version']);
  if (rg.status === 0) {
    const rgRuns: number[] = [];
    let rgCount = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const result = spawnSync('rg', ['-F', '-o', '-w', '--no-filename', '-c', '-f', aliasFile, path.join(dir, 'articles')], { encoding: 'utf8', maxBuffer: 1 << 28 });
      rgRuns.push(performance.now() - started);
      rgCount = result.stdout.split('\n').filter(Boolean).reduce((n, line) => n + Number(line.split(':').pop()), 0);
    }
    const rgBest = Math.min(...rgRuns);
    report('rg -F -w -o -f aliases (Debian ripgrep)', ms(rgBest), `${rgCount} matching lines·hits; matcher/rg = ${(match.ms / rgBest).toFixed(2)}`);
  } else report('rg -F -f aliases', 'n/a', 'ripgrep not installed (apt-get install ripgrep)');
  const escaped = [...aliases].sort((a, b) => b.length - a.length).map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const regex = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  const regexRun = await time(() => texts.reduce((n, t) => n + (t.match(regex)?.length ?? 0), 0));
  report('one JS regex alternation over all aliases', ms(regexRun.ms), `${regexRun.result} matches; matcher/regex = ${(match.ms / regexRun.ms).toFixed(2)}`);

  // 3. Re-index one changed file.
  const next = lcg(7);
  const reindex: number[] = [];
  for (let i = 0; i < 300; i++) {
    const p = paths[Math.floor(next() * paths.length)];
    const text = corpus.article(p)!.text;
    const edited = text.slice(0, 200) + ' an inserted clause,' + text.slice(200);
    const started = performance.now();
    corpus.setArticleText(p, edited);
    reindex.push(performance.now() - started);
  }
  const reindexStats = percentiles(reindex);
  report('re-index one changed file (p50 / p99)', `${ms(reindexStats.p50)} / ${ms(reindexStats.p99)}`, 'target < 20 ms');

  // 4. Hover lookups: what a hover asks of the index at a random offset.
  const lookups: number[] = [];
  const cards: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const p = paths[Math.floor(next() * paths.length)];
    const offset = Math.floor(next() * corpus.article(p)!.text.length);
    const started = performance.now();
    corpus.annotationsAt(p, offset);
    const mention = corpus.mentionAt(p, offset);
    lookups.push(performance.now() - started);
    if (mention && cards.length < 500) {
      const cardStart = performance.now();
      corpus.mentionsOf(mention.actorId);
      cards.push(performance.now() - cardStart);
    }
  }
  const lookupStats = percentiles(lookups);
  report('hover lookup: annotations + mention at offset', `${ms(lookupStats.p50)} / ${ms(lookupStats.p99)}`, 'p50 / p99, target p99 < 1 ms');
  if (cards.length) {
    const cardStats = percentiles(cards);
    report('actor card: mentions of the actor, all files', `${ms(cardStats.p50)} / ${ms(cardStats.p99)}`, 'p50 / p99');
  }

  // 4b. Whole-corpus views: the actor graph and the reviewer's notes.
  const graph = await time(() => buildActorGraph(corpus));
  report('actor graph, whole corpus', ms(graph.ms), `${graph.result.nodes.length} actors, ${graph.result.coMentionTotal} co-mention ties (the strongest drawn)`);
  const notes = await time(() => renderNotes(corpus, { format: 'html', groupBy: 'document' }));
  report("reviewer's notes, HTML by document", ms(notes.ms), `${(notes.result.length / 1e6).toFixed(1)} MB`);

  // 5. Sidecar: one edit, saved and taken in — planned on the entry's own lines, written atomically
  // after a re-read, the index re-read where the edit wrote, then the corpus re-anchored.
  const parsed = parse.result;
  const target = [...parsed.index.annotations.values()][Math.floor(parsed.index.annotations.size / 2)];
  const article = corpus.article(target.file)!;
  const range = corpus.anchorOf(target.id)!.range!;
  const selector = describePassage(article.text, { start: range.start, end: range.end + 1 });
  const editKinds: [string, (i: number) => SidecarEdit][] = [
    ['set an anchor', (i) => ({ kind: 'setAnchor', annotationId: target.id, selector: { ...selector, start: selector.start + (i % 2) } })],
    ['add an annotation', (i) => ({ kind: 'addAnnotation', id: `bench-added-${i}`, annotation: { file: target.file, quote: selector.quote } })],
    ['set a review state', (i) => ({ kind: 'setAnnotationReview', id: target.id, review: i % 2 ? 'accepted' : 'disputed' })],
  ];
  let current = parsed;
  for (const [label, makeEdit] of editKinds) {
    const saves: number[] = [];
    const updates: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      current = await editSidecar(fileSystem, current, 'marginalia.yaml', [makeEdit(i)]);
      const saved = performance.now();
      corpus.setSidecar(current);
      saves.push(saved - started);
      updates.push(performance.now() - saved);
    }
    const save = percentiles(saves).p50;
    const update = percentiles(updates).p50;
    report(`one-edit save: ${label} (median of 5)`, ms(save + update), `save ${ms(save)} + corpus update ${ms(update)}; target < 300 ms`);
  }
  await saveSidecarText(fileSystem, 'marginalia.yaml', current.text, sidecarText.replace(/^\uFEFF/, ''));

  // 6. Reanchor after 1,000 articles were edited (a paragraph inserted at the top, so every anchor
  // in them moves): plan, write every moved anchor, prove the new text, save. As `marginalia
  // reanchor` does after building the index, so its whole cost is the build plus this.
  const fresh = await CorpusIndex.build(fileSystem);
  for (const p of paths.filter((_, i) => i % 10 === 3)) fresh.setArticleText(p, 'A paragraph inserted above, as an editor would.\n\n' + fresh.article(p)!.text);
  const reanchor = await time(async () => {
    const plan = planReanchor(fresh);
    await editSidecar(fileSystem, fresh.sidecar, 'marginalia.yaml', plan.edits);
    return plan.edits.length;
  });
  const reanchorWall = builds.oneThread + reanchor.ms;
  report('reanchor after 1,000 edited articles', ms(reanchor.ms), `${reanchor.result} anchors written and proven; with the build ${ms(reanchorWall)} = ${(reanchorWall / builds.oneThread).toFixed(2)}x the index (target ≤ 2x)`);
  await saveSidecarText(fileSystem, 'marginalia.yaml', (await fileSystem.readFile('marginalia.yaml').then((b) => new TextDecoder().decode(b))).replace(/^\uFEFF/, ''), sidecarText.replace(/^\uFEFF/, ''));

  clearInterval(memoryTimer);
  sampleMemory();
  report('peak memory (RSS)', `${(peakRss / 1e6).toFixed(0)} MB`, `heap used now ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
}

/**
 * The CLI as a user runs it, each a ratio to the floor measured in the same run: `readFileSync` of
 * every file (articles and sidecar) in one process, the best of 3 after a first pass. Each row is
 * one `marginalia index --json` process, wall time, with its peak RSS (worker threads included);
 * "one thread" is `MARGINALIA_WORKERS=1`, "pool" the default (workers sized to the cores).
 * `--large DIR` adds the same rows for a larger corpus (bench/generate.ts --articles 30000).
 */
async function cliRows(paths: string[]): Promise<void> {
  const floor = floorOf(dir, paths);
  report('floor: readFileSync of every file, one process', ms(floor.ms), `1.0x; ${(floor.bytes / 1e6).toFixed(1)} MB, best of 3`);
  const ratio = (value: number): string => `${(value / floor.ms).toFixed(1)}x the floor`;
  const files = [...paths, 'marginalia.yaml'].map((p) => path.join(dir, ...p.split('/')));
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'marginalia-bench-cache-'));
  const cold = (workers: string | undefined): CliRun => {
    rmSync(cacheDir, { recursive: true, force: true });
    return runIndex(dir, cacheDir, workers);
  };
  const best = (runs: CliRun[]): CliRun => runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  try {
    // Alternating, so that neither way always runs on a busier minute.
    const coldPool = cold(undefined);
    const coldOne = cold('1');
    report('marginalia index --json, first run (no cache), pool', ms(coldPool.ms), `${ratio(coldPool.ms)} (target ≤ 10x); ${mb(coldPool.rss)} peak RSS`);
    report('  the same, one thread', ms(coldOne.ms), `${ratio(coldOne.ms)}; ${mb(coldOne.rss)} peak RSS`);
    runIndex(dir, cacheDir, undefined); // the cache is full
    const warmPoolRuns: CliRun[] = [];
    const warmOneRuns: CliRun[] = [];
    for (let i = 0; i < 3; i++) {
      warmPoolRuns.push(runIndex(dir, cacheDir, undefined));
      warmOneRuns.push(runIndex(dir, cacheDir, '1'));
    }
    const warmPool = best(warmPoolRuns);
    const warmOne = best(warmOneRuns);
    report('  second run, nothing changed, pool', ms(warmPool.ms), `${ratio(warmPool.ms)} (target ≤ 3x); best of 3; ${mb(warmPool.rss)} peak RSS`);
    report('  second run, nothing changed, one thread', ms(warmOne.ms), `${ratio(warmOne.ms)}; best of 3; ${mb(warmOne.rss)} peak RSS`);
    // The summary `marginalia index` prints without --json: the build, without writing 21 MB of JSON.
    const warmSummary = best([0, 1, 2].map(() => runIndex(dir, cacheDir, undefined, [])));
    report('  marginalia index (summary), second run, nothing changed', ms(warmSummary.ms), `${ratio(warmSummary.ms)} (target ≤ 3x); best of 3; ${mb(warmSummary.rss)} peak RSS`);
    // Each changed run beside an unchanged one, so that both see the same minute of a shared machine.
    const changed: number[] = [];
    const unchanged: number[] = [];
    for (let i = 0; i < 5; i++) {
      unchanged.push(runIndex(dir, cacheDir, undefined).ms);
      const article = files[Math.floor(((i + 1) * files.length) / 7)];
      const original = readFileSync(article);
      writeFileSync(article, Buffer.concat([original, Buffer.from(`An added sentence, run ${i}.\n`)]));
      try {
        changed.push(runIndex(dir, cacheDir, undefined).ms);
      } finally {
        writeFileSync(article, original);
      }
      runIndex(dir, cacheDir, undefined); // the cache holds the original again
    }
    const middle = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const oneChanged = middle(changed);
    report('  one article changed, pool', ms(oneChanged), `${ratio(oneChanged)}; ${(oneChanged / middle(unchanged)).toFixed(2)}x the unchanged runs beside them (target ≤ 1.2x); medians of 5 pairs`);
    const noCache = runIndex(dir, cacheDir, undefined, ['--json', '--no-cache']);
    report('  --no-cache, pool', ms(noCache.ms), `${ratio(noCache.ms)}; ${mb(noCache.rss)} peak RSS`);

    const largeAt = args.indexOf('--large');
    if (largeAt !== -1 && args[largeAt + 1]) {
      const large = path.resolve(args[largeAt + 1]);
      const largePaths = await new NodeCorpusFileSystem(large).listArticles();
      const largeFloor = floorOf(large, largePaths);
      report(`floor at ${largePaths.length} articles`, ms(largeFloor.ms), `${(largeFloor.ms / floor.ms).toFixed(2)}x the floor above; ${(largeFloor.bytes / 1e6).toFixed(1)} MB`);
      const largeCache = mkdtempSync(path.join(tmpdir(), 'marginalia-bench-cache-'));
      try {
        const largeCold = runIndex(large, largeCache, undefined);
        report(`  index --json at ${largePaths.length}, first run, pool`, ms(largeCold.ms), `${(largeCold.ms / coldPool.ms).toFixed(2)}x the run above (target ≤ 3.2x); ${mb(largeCold.rss)} peak RSS (target ≤ 1 GB)`);
        const largeWarm = runIndex(large, largeCache, undefined);
        report(`  index --json at ${largePaths.length}, second run, pool`, ms(largeWarm.ms), `${(largeWarm.ms / warmPool.ms).toFixed(2)}x the run above (target ≤ 3.2x); ${mb(largeWarm.rss)} peak RSS (target ≤ 1 GB)`);
        const largeWarmOne = runIndex(large, largeCache, '1');
        report(`  index --json at ${largePaths.length}, second run, one thread`, ms(largeWarmOne.ms), `${(largeWarmOne.ms / warmOne.ms).toFixed(2)}x the run above; ${mb(largeWarmOne.rss)} peak RSS`);
        const largeWarmSummary = runIndex(large, largeCache, undefined, []);
        report(`  index (summary) at ${largePaths.length}, second run`, ms(largeWarmSummary.ms), `${(largeWarmSummary.ms / warmSummary.ms).toFixed(2)}x the summary run above (target ≤ 3.2x); ${mb(largeWarmSummary.rss)} peak RSS (target ≤ 1 GB)`);
        rmSync(largeCache, { recursive: true, force: true });
        const largeColdSummary = runIndex(large, largeCache, undefined, []);
        report(`  index (summary) at ${largePaths.length}, first run`, ms(largeColdSummary.ms), `${mb(largeColdSummary.rss)} peak RSS (target ≤ 1 GB)`);
      } finally {
        rmSync(largeCache, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  // The JSON output step alone, in this process: what index --json does after the build.
  await CorpusIndex.build(new NodeCorpusFileSystem(dir)); // warm-up: the first build of a process runs on cold code
  const build = await time(() => CorpusIndex.build(new NodeCorpusFileSystem(dir)));
  let written = 0;
  const output = await time(() => indexCommand(build.result, { command: 'index', dir, json: true, format: 'md', groupBy: 'document', noCache: true }, { stdout: (t) => (written += t.length), stderr: () => undefined }));
  report('index --json output step, after the build', ms(output.ms), `${(output.ms / build.ms).toFixed(2)}x the build (${ms(build.ms)}; target ≤ 0.3x); ${(written / 1e6).toFixed(1)} MB`);

  // The sidecar's cold parse alone, in this process, best of 3: the fast reader (js-yaml, spans
  // left to compute), `yaml` alone (what it falls back to), and the spans of every entry computed
  // from `yaml` afterwards (what the extension does on a worker once the index is shown).
  const sidecarText = readFileSync(path.join(dir, 'marginalia.yaml'), 'utf8');
  const bestOf3 = (run: () => void): number => Math.min(...[0, 1, 2].map(() => {
    const started = performance.now();
    run();
    return performance.now() - started;
  }));
  const fastParse = bestOf3(() => parseSidecar(sidecarText));
  report('parseSidecar (fast reader)', ms(fastParse), ratio(fastParse));
  const yamlParse = bestOf3(() => parseSidecarWithYaml(sidecarText));
  report('parseSidecar, yaml alone (its fallback)', ms(yamlParse), ratio(yamlParse));
  const spans = bestOf3(() => resolveAllSpans(parseSidecar(sidecarText).index)) - fastParse;
  report('  then every span, from yaml', ms(spans), `${ratio(spans)}; in the extension on a worker, after the index is shown`);
}

interface CliRun {
  ms: number;
  /** Peak resident memory of the process, worker threads included, in bytes. */
  rss: number;
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

/** The best of 3 `readFileSync` passes over every article and the sidecar, after a first pass. */
function floorOf(corpus: string, articlePaths: string[]): { ms: number; bytes: number } {
  const files = [...articlePaths, 'marginalia.yaml'].map((p) => path.join(corpus, ...p.split('/')));
  const runs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 4; i++) {
    const started = performance.now();
    bytes = 0;
    for (const file of files) bytes += readFileSync(file).length;
    if (i > 0) runs.push(performance.now() - started);
  }
  return { ms: Math.min(...runs), bytes };
}

/** One `marginalia index --json` process (`marginalia index` and its summary when `extra` says so); `workers` sets MARGINALIA_WORKERS (undefined: the default). */
function runIndex(corpus: string, cacheDir: string, workers: string | undefined, extra: string[] = ['--json']): CliRun {
  const cli = path.join(__dirname, '..', '..', 'dist', 'cli.js');
  const rssFile = path.join(cacheDir, `..`, `marginalia-bench-rss-${process.pid}`);
  // A preloaded line reports the process's peak RSS as it exits (threads share the process).
  const preload = path.join(tmpdir(), `marginalia-bench-rss-${process.pid}.js`);
  writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS * 1024)));\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, MARGINALIA_CACHE_DIR: cacheDir, MARGINALIA_CACHE_TRACE: '' };
  if (workers === undefined) delete env.MARGINALIA_WORKERS;
  else env.MARGINALIA_WORKERS = workers;
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--require', preload, cli, 'index', corpus, ...extra], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`marginalia index exited with ${result.status}`);
  const rss = Number(readFileSync(rssFile, 'utf8'));
  rmSync(rssFile, { force: true });
  rmSync(preload, { force: true });
  return { ms: elapsed, rss };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
