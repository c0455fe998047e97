/**
 * `marginalia merge BASE OURS THEIRS [PATH]` — git's merge driver for the sidecar — and
 * `marginalia init --git [DIR]`, which sets it up. Git runs the driver as
 * `marginalia merge %O %A %B %P` and takes the result from the OURS file: exit 0 for a clean
 * merge, 1 when conflict markers were written, 2 when nothing was merged (OURS untouched).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { decodeSidecarBytes } from '../core/sidecar/encoding';
import { MergeInputError, mergeSidecars } from '../core/sidecar/merge';
import { SIDECAR_FILE_NAME } from '../core/sidecar/read';
import { SidecarEditError } from '../core/sidecar/edits';
import { FileChangedError, WriteRefusedError } from '../core/workspace';
import { LineIndex } from '../core/text';
import { writeFileAtomically } from '../node/atomicWrite';
import type { CliOutput } from './commands';

export const MERGE_USAGE = 'usage: marginalia merge BASE OURS THEIRS [PATH]   (git runs it as: marginalia merge %O %A %B %P)\n';

/** The line `.gitattributes` needs, and the `git config` commands that name the driver. */
export const GITATTRIBUTES_LINE = `${SIDECAR_FILE_NAME} merge=marginalia`;
export const GIT_CONFIG_COMMANDS = ['git config merge.marginalia.name "Marginalia sidecar merge"', 'git config merge.marginalia.driver "marginalia merge %O %A %B %P"'];

const BOM = '\ufeff';

/** Runs the merge driver; `args` are what follows `merge`. */
export async function mergeCommand(args: readonly string[], out: CliOutput, cwd: string): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    out.stdout(MERGE_USAGE);
    return 0;
  }
  if (args.length < 3 || args.length > 4 || args.some((arg) => arg.startsWith('-') && arg.length > 1)) {
    out.stderr(MERGE_USAGE);
    return 2;
  }
  const [basePath, oursPath, theirsPath] = args.slice(0, 3).map((arg) => path.resolve(cwd, arg));
  const name = args[3] ?? SIDECAR_FILE_NAME;
  const [base, ours, theirs] = await Promise.all([basePath, oursPath, theirsPath].map((file) => fs.readFile(file)));
  const oursText = decodeSidecarBytes(ours);
  let merged;
  try {
    merged = mergeSidecars(decodeSidecarBytes(base), oursText, decodeSidecarBytes(theirs), name);
  } catch (error) {
    if (error instanceof MergeInputError) {
      const { line, character } = new LineIndex(error.text).positionAt(error.offset);
      out.stderr(`${name}:${line + 1}:${character + 1}: error: ${error.side === 'ours' ? 'our' : error.side === 'theirs' ? 'their' : 'the base'} version cannot be merged: ${error.reason}\n`);
      out.stderr(`marginalia merge: nothing was merged; ${name} is left as our version for you to merge by hand\n`);
      return 2;
    }
    if (!(error instanceof SidecarEditError)) throw error;
    out.stderr(`marginalia merge: ${error.message}\n`);
    return 2;
  }
  const bom = oursText.startsWith(BOM) ? BOM : '';
  if (bom + merged.text !== oursText) {
    try {
      await writeFileAtomically(oursPath, new TextEncoder().encode(bom + merged.text), { expected: ours });
    } catch (error) {
      if (!(error instanceof FileChangedError || error instanceof WriteRefusedError)) throw error;
      out.stderr(`marginalia merge: ${error.message}\n`);
      return 2;
    }
  }
  for (const conflict of merged.conflicts) out.stderr(`marginalia merge: ${name}: conflict in ${conflict.description}\n`);
  return merged.conflicts.length > 0 ? 1 : 0;
}

/**
 * Sets a folder up for team review through git: writes `.gitattributes` with the driver's line
 * when the folder has none (an existing one is never changed: the line to add is printed), and
 * prints the `git config` commands, which change the repository's configuration and so are the
 * user's to run.
 */
export async function initGitCommand(args: readonly string[], out: CliOutput, cwd: string): Promise<number> {
  const rest = args.filter((arg) => arg !== '--git');
  if (rest.length > 1 || rest.some((arg) => arg.startsWith('-'))) {
    out.stderr('usage: marginalia init --git [DIR]\n');
    return 2;
  }
  const dir = path.resolve(cwd, rest[0] ?? '.');
  const folder = await fs.stat(dir).catch(() => undefined);
  if (!folder?.isDirectory()) {
    out.stderr(`marginalia: ${rest[0] ?? '.'} is not a folder\n`);
    return 2;
  }
  const attributes = path.join(dir, '.gitattributes');
  const display = path.relative(cwd, attributes) || '.gitattributes';
  const existing = await fs.readFile(attributes, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  if (existing === undefined) {
    try {
      await writeFileAtomically(attributes, new TextEncoder().encode(`${GITATTRIBUTES_LINE}\n`), { expected: null });
      out.stdout(`wrote ${display}: ${GITATTRIBUTES_LINE}\n`);
    } catch (error) {
      if (!(error instanceof FileChangedError || error instanceof WriteRefusedError)) throw error;
      out.stderr(`marginalia: ${error.message}\n`);
      return 2;
    }
  } else if (existing.split(/\r?\n/).some((line) => line.trim().split(/\s+/).join(' ') === GITATTRIBUTES_LINE)) {
    out.stdout(`${display} already has: ${GITATTRIBUTES_LINE}\n`);
  } else {
    out.stdout(`${display} exists and was left as it is; add this line to it:\n  ${GITATTRIBUTES_LINE}\n`);
  }
  out.stdout(`then register the driver in the repository (once per clone):\n${GIT_CONFIG_COMMANDS.map((c) => `  ${c}\n`).join('')}`);
  return 0;
}
