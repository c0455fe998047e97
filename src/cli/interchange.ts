/**
 * `marginalia export --format w3c|brat` and `marginalia import FILE [DIR]`: annotations out to and
 * in from other tools (see src/core/interchange/). The import writes through the same checked
 * sidecar writer as every other edit.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CorpusIndex } from '../core/corpus';
import { BRAT_CONF_HEADER, exportBrat } from '../core/interchange/brat';
import { planImport, readInterchange } from '../core/interchange/importPlan';
import { importReportText } from '../core/interchange/importReport';
import { exportW3c } from '../core/interchange/w3c';
import { SidecarEditError } from '../core/sidecar/edits';
import { SIDECAR_FILE_NAME } from '../core/sidecar/read';
import { editSidecar, SidecarConflictError } from '../core/sidecar/store';
import { counted } from '../core/text';
import { WriteRefusedError } from '../core/workspace';
import type { CliOutput } from './commands';
import type { CliOptions } from './main';
import { NodeCorpusFileSystem } from '../node/nodeFileSystem';

export const INTERCHANGE_FORMATS = ['w3c', 'brat'] as const;
export type InterchangeFormat = (typeof INTERCHANGE_FORMATS)[number];

export function isInterchangeFormat(format: string): format is InterchangeFormat {
  return (INTERCHANGE_FORMATS as readonly string[]).includes(format);
}

/** `export --format w3c [-o FILE]` (standard output without -o) or `export --format brat -o DIR`. */
export async function exportInterchange(corpus: CorpusIndex, format: InterchangeFormat, options: CliOptions, out: CliOutput, cwd: string): Promise<number> {
  if (format === 'w3c') {
    const text = JSON.stringify(exportW3c(corpus), null, 2) + '\n';
    if (options.output === undefined) out.stdout(text);
    else {
      const target = path.resolve(cwd, options.output);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, text);
      out.stderr(`wrote ${options.output}: ${counted(corpus.index.annotations.size, 'annotation')}\n`);
    }
    return 0;
  }
  if (options.output === undefined) {
    out.stderr('marginalia: export --format brat writes a folder of .txt and .ann files: give it with -o DIR\n');
    return 2;
  }
  const folder = path.resolve(cwd, options.output);
  const refusal = await whyNotBratFolder(folder, options.dir);
  if (refusal !== undefined) {
    out.stderr(`marginalia: ${refusal}; nothing was written\n`);
    return 2;
  }
  const files = exportBrat(corpus);
  for (const file of files) {
    const target = path.join(folder, ...file.path.split('/'));
    // Corpus paths never leave the corpus folder, so their copies never leave this one; checked all the same.
    if (!target.startsWith(folder + path.sep)) throw new Error(`internal error: ${file.path} would be written outside ${options.output}`);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, file.text);
  }
  out.stderr(`wrote ${options.output}: ${counted(corpus.articlePaths().length, 'article')} as .txt and .ann, and annotation.conf\n`);
  return 0;
}

/**
 * The brat folder must be outside the corpus (its `.txt` copies would become articles of the
 * corpus), and new, empty or an earlier brat export of Marginalia (whose files are replaced).
 */
async function whyNotBratFolder(folder: string, corpusFolder: string): Promise<string | undefined> {
  const real = async (p: string): Promise<string> => {
    // The folder may not exist yet: its nearest existing parent says where it will be.
    for (let at = p, rest = ''; ; rest = path.join(path.basename(at), rest), at = path.dirname(at)) {
      const resolved = await fs.realpath(at).catch(() => undefined);
      if (resolved !== undefined) return path.join(resolved, rest);
      if (path.dirname(at) === at) return p;
    }
  };
  const [target, corpus] = await Promise.all([real(folder), real(corpusFolder)]);
  const relative = path.relative(corpus, target);
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
    return `${folder} is inside the corpus folder: the .txt copies would be read as articles; choose a folder outside ${corpusFolder}`;
  }
  const entries = await fs.readdir(folder).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error)));
  if (entries.length === 0) return undefined;
  const conf = await fs.readFile(path.join(folder, 'annotation.conf'), 'utf8').catch(() => '');
  if (conf.startsWith(BRAT_CONF_HEADER)) return undefined;
  return `${folder} is not empty and is not an earlier brat export of Marginalia; choose a new or empty folder`;
}

/** `import FILE [DIR] [--dry-run]`: 0 when every annotation was placed, 1 when some were not, 2 when FILE cannot be read or the write is refused. */
export async function importCommand(corpus: CorpusIndex, fileSystem: NodeCorpusFileSystem, options: CliOptions, out: CliOutput, cwd: string): Promise<number> {
  const file = options.importFile!;
  const text = await fs.readFile(path.resolve(cwd, file), 'utf8').catch((error: Error) => error);
  if (text instanceof Error) {
    out.stderr(`marginalia: cannot read ${file}: ${text.message}\n`);
    return 2;
  }
  const read = readInterchange(text);
  if (!read.ok) {
    out.stderr(`marginalia: ${file}: ${read.reason}\n`);
    return 2;
  }
  const plan = planImport(corpus, read.annotations);
  if (!options.dryRun && plan.edits.length > 0) {
    try {
      await editSidecar(fileSystem, corpus.sidecar, SIDECAR_FILE_NAME, plan.edits);
    } catch (error) {
      if (!(error instanceof SidecarEditError || error instanceof SidecarConflictError || error instanceof WriteRefusedError)) throw error;
      out.stderr(`marginalia: ${error.message}\n`);
      return 2;
    }
  }
  const { report } = plan;
  if (options.json) out.stdout(JSON.stringify({ format: read.format, dryRun: options.dryRun === true, ...report }, null, 2) + '\n');
  else out.stdout(importReportText(report, read.format, options.dryRun === true));
  return report.notPlaced.length > 0 ? 1 : 0;
}
