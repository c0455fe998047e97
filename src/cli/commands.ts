/** The CLI commands: each builds the corpus index through the core and prints what it found. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CorpusIndex } from '../core/corpus';
import { Problem } from '../core/model';
import { NotesFormat, renderNotes } from '../core/report';
import { SIDECAR_FILE_NAME } from '../core/sidecar/read';
import { planReanchor } from '../core/reanchor';
import { SidecarEditError } from '../core/sidecar/edits';
import { editSidecar, SidecarConflictError } from '../core/sidecar/store';
import { FileChangedError, WriteRefusedError } from '../core/workspace';
import { starterReadBackProblems, starterSidecar } from '../core/starter';
import { suggest } from '../core/suggest';
import type { CliOptions } from './main';
import { indexJsonPieces, JsonList, tallyMentions, writeInChunks } from './indexJson';
import { NodeIndexCache } from '../node/indexCache';
import { NodeCorpusFileSystem } from '../node/nodeFileSystem';
import { counted } from '../core/text';
import { exportInterchange, importCommand, isInterchangeFormat } from './interchange';

export const COMMANDS = ['index', 'check', 'reanchor', 'export', 'suggest', 'init', 'import'] as const;

export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

export async function runCommand(options: CliOptions, out: CliOutput, cwd: string): Promise<number> {
  const display = (file: string): string => {
    const relative = path.relative(cwd, path.join(options.dir, ...file.split('/')));
    return relative === '' ? '.' : relative;
  };
  const folder = await fs.stat(options.dir).catch(() => undefined);
  if (!folder?.isDirectory()) {
    const wanted = options.command === 'init' ? 'the folder of articles' : `the folder that holds ${SIDECAR_FILE_NAME}`;
    out.stderr(`marginalia: ${display('')} ${folder ? 'is not a folder' : 'does not exist'}; give ${wanted}\n`);
    return 2;
  }
  const fileSystem = new NodeCorpusFileSystem(options.dir);
  if (options.command === 'init') return initCommand(fileSystem, options, out, display);
  // The parse and mentions of the last run, outside the corpus: used only where the bytes are the same.
  const cache = options.noCache ? undefined : await NodeIndexCache.open(options.dir);
  const corpus = await CorpusIndex.build(fileSystem, SIDECAR_FILE_NAME, undefined, cache);
  await cache?.save();
  if (cache && process.env.MARGINALIA_CACHE_TRACE) out.stderr(`marginalia: cache ${cache.folder}: ${JSON.stringify(cache.counts)}\n`);
  if (corpus.sidecar.invalid) {
    // Nothing can be trusted: say why, with line and column, and touch nothing.
    printProblems(corpus, corpus.problems(), out.stderr, display);
    const untouched = options.command === 'reanchor' ? '; nothing was changed' : '';
    out.stderr(`${display(SIDECAR_FILE_NAME)}: cannot be read as a Marginalia sidecar${untouched}\n`);
    return 2;
  }
  switch (options.command as (typeof COMMANDS)[number]) {
    case 'index':
      return indexCommand(corpus, options, out);
    case 'check':
      return checkCommand(corpus, options, out, display);
    case 'reanchor':
      return reanchorCommand(corpus, fileSystem, options, out);
    case 'export':
      if (isInterchangeFormat(options.format)) return exportInterchange(corpus, options.format, options, out, cwd);
      return exportCommand(corpus, { ...options, format: options.format }, out, cwd);
    case 'import':
      return importCommand(corpus, fileSystem, options, out, cwd);
    case 'suggest':
      return suggestCommand(corpus, options, out);
    case 'init':
      return 2; // handled above, before a sidecar is read
  }
}

export function indexCommand(corpus: CorpusIndex, options: CliOptions, out: CliOutput): number {
  const tallies = tallyMentions(corpus);
  const annotations = corpus.anchoredAnnotations();
  if (options.json) {
    const json = {
      documents: new JsonList(corpus.articlePaths(), (file) => ({ path: file, ...metaOf(corpus, file), mentions: corpus.article(file)!.mentionCount })),
      actors: [...corpus.index.actors.values()].map((actor) => {
        const tally = tallies.get(actor.id)!;
        return { id: actor.id, name: actor.name, kind: actor.kind, aliases: actor.aliases, total: tally.total, mentions: tally };
      }),
      annotations: new JsonList(annotations, ({ annotation, result }) => ({
        id: annotation.id,
        file: annotation.file,
        status: result.status,
        confidence: round(result.confidence),
        start: result.range?.start ?? null,
        end: result.range?.end ?? null,
        // An ambiguous annotation has no range: where each copy of its quote is, instead.
        ...(result.status === 'ambiguous' ? { candidates: result.candidates ?? [] } : {}),
      })),
      problems: corpus.problems().map((p) => problemJson(corpus, p)),
    };
    // As JSON.stringify(json, null, 2) would write it, the counts by file written without objects,
    // and the lists made as they are written.
    writeInChunks(indexJsonPieces(json), out.stdout);
    out.stdout('\n');
    return 0;
  }
  const statusCounts = new Map<string, number>();
  for (const { result } of annotations) statusCounts.set(result.status, (statusCounts.get(result.status) ?? 0) + 1);
  const mentionTotal = sum([...tallies.values()].map((tally) => tally.total));
  out.stdout(`${counted(corpus.articlePaths().length, 'article')}, ${counted(corpus.index.actors.size, 'actor')} with ${counted(mentionTotal, 'mention')}, ${counted(annotations.length, 'annotation')}`);
  out.stdout(statusCounts.size ? ` (${[...statusCounts].map(([status, n]) => `${n} ${status}`).join(', ')})\n` : '\n');
  for (const actor of corpus.index.actors.values()) {
    const tally = tallies.get(actor.id)!;
    out.stdout(`  ${actor.id}: ${counted(tally.total, 'mention')} in ${counted(tally.fileCount, 'file')}\n`);
  }
  return 0;
}

function checkCommand(corpus: CorpusIndex, options: CliOptions, out: CliOutput, display: (file: string) => string): number {
  const problems = corpus.problems();
  const notInfo = problems.filter((p) => p.severity !== 'info');
  if (options.json) out.stdout(JSON.stringify(problems.map((p) => problemJson(corpus, p)), null, 2) + '\n');
  else {
    printProblems(corpus, problems, out.stdout, display);
    out.stdout(notInfo.length === 0 ? `${display(SIDECAR_FILE_NAME)}: no problems\n` : `${counted(notInfo.length, 'problem')}\n`);
  }
  return notInfo.length === 0 ? 0 : 1;
}

async function reanchorCommand(corpus: CorpusIndex, fileSystem: NodeCorpusFileSystem, options: CliOptions, out: CliOutput): Promise<number> {
  const plan = planReanchor(corpus);
  try {
    if (plan.edits.length > 0) await editSidecar(fileSystem, corpus.sidecar, SIDECAR_FILE_NAME, plan.edits);
  } catch (error) {
    // A refused write (read-only, not UTF-8, a duplicate key, changed meanwhile, locked) is the
    // user's to fix: say why, exit 2, and no stack trace.
    if (!(error instanceof SidecarEditError || error instanceof SidecarConflictError || error instanceof WriteRefusedError)) throw error;
    out.stderr(`marginalia: ${error.message}\n`);
    return 2;
  }
  const changed = plan.outcomes.filter((o) => o.updated || o.status === 'orphaned' || o.status === 'ambiguous');
  if (options.json) out.stdout(JSON.stringify({ updated: plan.edits.length, orphaned: plan.orphaned, ambiguous: plan.ambiguous, annotations: changed }, null, 2) + '\n');
  else {
    for (const o of changed) {
      if (o.status === 'orphaned') out.stdout(`  ${o.id}: orphaned, left as it is\n`);
      else if (o.status === 'ambiguous') out.stdout(`  ${o.id}: ambiguous (its quote occurs more than once; see check), left as it is\n`);
      else out.stdout(`  ${o.id}: ${o.status}, anchor stored at ${o.start}\n`);
    }
    out.stdout(`${counted(plan.edits.length, 'anchor')} updated, ${plan.orphaned} orphaned${plan.ambiguous ? `, ${plan.ambiguous} ambiguous` : ''}\n`);
  }
  return plan.orphaned > 0 || plan.ambiguous > 0 ? 1 : 0;
}

async function exportCommand(corpus: CorpusIndex, options: CliOptions & { format: NotesFormat }, out: CliOutput, cwd: string): Promise<number> {
  const target = options.output === undefined ? undefined : path.resolve(cwd, options.output);
  // Links in the notes lead to the articles from wherever the notes are written.
  const relative = path.relative(target === undefined ? cwd : path.dirname(target), options.dir);
  // On Windows, a corpus on another drive has no relative path: the links are then file: URLs.
  const base = path.isAbsolute(relative) ? pathToFileURL(options.dir).href : relative.split(path.sep).join('/');
  const text = renderNotes(corpus, { format: options.format, groupBy: options.groupBy, review: options.review, base });
  if (target !== undefined) {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, text);
    out.stderr(`wrote ${options.output}\n`);
  } else out.stdout(text);
  return 0;
}

/** Writes a starter sidecar for a folder of articles that has none; never replaces one. */
async function initCommand(fileSystem: NodeCorpusFileSystem, options: CliOptions, out: CliOutput, display: (file: string) => string): Promise<number> {
  const target = display(SIDECAR_FILE_NAME);
  const exists = await fs.lstat(path.join(options.dir, SIDECAR_FILE_NAME)).then(() => true, () => false);
  if (exists) {
    out.stderr(`marginalia: ${target} already exists; init never overwrites it (nothing was written)\n`);
    return 2;
  }
  const corpus = await CorpusIndex.build(fileSystem);
  if (corpus.articlePaths().length === 0) {
    out.stderr(`marginalia: no articles (.txt, .text or .article files) in ${display('')}; nothing was written\n`);
    return 2;
  }
  const found = suggest(corpus, { minCount: options.minCount }, suggestProgress(out));
  const starter = starterSidecar(corpus, found.candidates);
  const problems = starterReadBackProblems(starter);
  if (problems.length > 0) {
    out.stderr(`marginalia: the starter index does not read back as written, so nothing was written:\n${problems.map((p) => `  ${p}\n`).join('')}`);
    return 2;
  }
  try {
    await fileSystem.writeFileAtomic(SIDECAR_FILE_NAME, new TextEncoder().encode(starter.text), { expected: null });
  } catch (error) {
    if (error instanceof FileChangedError) {
      out.stderr(`marginalia: ${target} appeared while the starter was being written; it was left as it is\n`);
      return 2;
    }
    if (!(error instanceof WriteRefusedError)) throw error;
    out.stderr(`marginalia: ${error.message}\n`);
    return 2;
  }
  const articles = corpus.articlePaths().length;
  if (options.json) out.stdout(JSON.stringify({ file: SIDECAR_FILE_NAME, articles, documents: Object.fromEntries(starter.documents), actors: starter.actors }, null, 2) + '\n');
  else out.stdout(`wrote ${target}: ${counted(articles, 'article')}, ${starter.documents.size} with a title, ${counted(starter.actors.length, 'actor')} to check\n`);
  return 0;
}

/** On a large corpus, says every few seconds how far recognition has got. */
function suggestProgress(out: CliOutput): (done: number, total: number) => void {
  const started = Date.now();
  let reported = started;
  return (done, total) => {
    if (Date.now() - reported < 5000) return;
    reported = Date.now();
    out.stderr(`suggest: ${done} of ${total} articles read (${Math.round((reported - started) / 1000)} s)\n`);
  };
}

function suggestCommand(corpus: CorpusIndex, options: CliOptions, out: CliOutput): number {
  // Recognition reads about 100 KB a second: on a large corpus, say how far it has got.
  const found = suggest(corpus, { minCount: options.minCount }, suggestProgress(out));
  if (options.json) {
    out.stdout(JSON.stringify(found, null, 2) + '\n');
    return 0;
  }
  out.stdout(`Alias variants (${found.variants.length}):\n`);
  for (const v of found.variants) out.stdout(`  "${v.phrase}" ×${v.count} looks like "${v.alias}" of ${v.actorId}\n`);
  out.stdout(`Candidate actors (${found.candidates.length}):\n`);
  for (const c of found.candidates) out.stdout(`  "${c.phrase}" ×${c.count} in ${counted(c.files.length, 'file')}${c.kind ? ` (${c.kind})` : ''}\n`);
  return 0;
}

function printProblems(corpus: CorpusIndex, problems: Problem[], write: (text: string) => void, display: (file: string) => string): void {
  for (const problem of problems) {
    const { line, character } = corpus.locate(problem).start;
    const where = corpus.hasPosition(problem) ? `:${line + 1}:${character + 1}` : '';
    write(`${display(problem.file)}${where}: ${problem.severity}: ${problem.message}\n`);
  }
}

function problemJson(corpus: CorpusIndex, problem: Problem): object {
  const { line, character } = corpus.locate(problem).start;
  const known = corpus.hasPosition(problem);
  return { file: problem.file, line: known ? line + 1 : null, column: known ? character + 1 : null, severity: problem.severity, code: problem.code, message: problem.message };
}

function metaOf(corpus: CorpusIndex, file: string): { title?: string; source?: string; date?: string } {
  const meta = corpus.index.documents.get(file);
  // The title as shown everywhere: the sidecar's, else the article's headline.
  return { title: corpus.titleOf(file), source: meta?.source, date: meta?.date };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

