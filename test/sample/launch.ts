/**
 * What `npm run sample` and `npm run open -- DIR` start: code-server serving one folder in place,
 * with the packaged extension (out/marginalia.vsix) installed, so the bare http://127.0.0.1:PORT/
 * opens that folder with Marginalia: no welcome tab, no telemetry notice, no git prompt, the first
 * article open beside the Marginalia sidebar. Nothing is written in the folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CodeServer, REPO_ROOT, startCodeServer } from '../integration/codeServer';

export const VSIX = path.join(REPO_ROOT, 'out', 'marginalia.vsix');
const FIRST_VIEW_EXTENSION = path.join(REPO_ROOT, 'test', 'sample', 'first-view');

/** User settings of the launched VS Code (its own user-data dir): a quiet first view. */
export const FIRST_VIEW_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'git.openRepositoryInParentFolders': 'never',
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
};

let packaged = false;

/** Packages the working tree's extension into out/marginalia.vsix (`npm run package`), once per process. */
export function packageExtension(): string {
  if (!packaged) execFileSync('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--out', VSIX], { cwd: REPO_ROOT, stdio: 'pipe' });
  packaged = true;
  return VSIX;
}

/**
 * The article to open first, as a `/`-separated path inside `folder`: the first entry of the
 * sidecar's `documents:` that exists, else the first `.txt` file by path. Reads only.
 */
export function firstArticle(folder: string): string | undefined {
  const sidecar = path.join(folder, 'marginalia.yaml');
  if (existsSync(sidecar)) {
    try {
      const documents = (parse(readFileSync(sidecar, 'utf8')) as { documents?: Record<string, unknown> } | null)?.documents;
      for (const name of Object.keys(documents ?? {})) if (existsSync(path.join(folder, ...name.split('/')))) return name;
    } catch {
      // A sidecar that does not parse: the extension reports it; fall back to the files.
    }
  }
  return firstTextFile(folder, '');
}

function firstTextFile(folder: string, prefix: string): string | undefined {
  const entries = readdirSync(path.join(folder, prefix), { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) if (entry.isFile() && entry.name.endsWith('.txt')) return prefix + entry.name;
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const found = firstTextFile(folder, `${prefix}${entry.name}/`);
    if (found) return found;
  }
  return undefined;
}

export interface LaunchOptions {
  port?: number;
  /** The packaged extension to install; default: package the working tree now. */
  vsix?: string;
}

/** Serves `folder` in place with the packaged extension; the bare URL opens it. */
export async function launchCorpus(folder: string, options: LaunchOptions = {}): Promise<CodeServer> {
  const first = firstArticle(folder);
  return startCodeServer(folder, {
    inPlace: true,
    openAtRoot: true,
    port: options.port,
    vsix: options.vsix ?? packageExtension(),
    extensionFolders: [FIRST_VIEW_EXTENSION],
    settings: FIRST_VIEW_SETTINGS,
    env: first ? { MARGINALIA_FIRST_ARTICLE: first } : {},
  });
}
