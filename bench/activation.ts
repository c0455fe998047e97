/**
 * Activation and indexing in a real VS Code (code-server, as in the integration tests) on the
 * generated corpus: the extension logs both to its "Marginalia" output channel, which VS Code keeps
 * as a file per window load; this reads the numbers from there. Needs `npm run build`, `npm run
 * bench:generate` and code-server (`npm run setup:vscode`).
 *
 * Three runs, each in a fresh server: the first open (no index cache), then two reloads of the
 * window in the same server — the second open, with the cache the first open left in the
 * extension's storage. A reload keeps the server and its storage; starting a new server clears a
 * development extension's storage, so a second open can only be measured this way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, newPage, REPO_ROOT, startCodeServer, waitFor } from '../test/integration/codeServer';

const corpus = process.argv[2] ?? path.join(REPO_ROOT, 'bench', '.corpus');

interface Load {
  activateMs: number;
  loadMs: number;
  /** The extension's own count, from activation to the index shown. */
  indexMs: number;
  /** From the page's (re)load to the "indexed" line in the log: the workbench, the extension host and the index. */
  wallMs: number;
  line: string;
}

/** Every "Marginalia" log under the run folder: one per window load. */
function extensionLogs(runDir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'Marginalia.log') found.push(full);
    }
  };
  walk(runDir);
  return found;
}

/** Loads the page (or reloads it) and waits for a new window's log to say the corpus is indexed. */
async function timedLoad(runDir: string, load: () => Promise<unknown>): Promise<Load> {
  const before = new Set(extensionLogs(runDir));
  const started = performance.now();
  await load();
  let log = '';
  await waitFor(async () => {
    const fresh = extensionLogs(runDir).filter((file) => !before.has(file));
    log = fresh.map((file) => readFileSync(file, 'utf8')).join('\n');
    return /indexed \d+ articles/.test(log);
  }, 300_000, 'the corpus to be indexed');
  const wallMs = performance.now() - started;
  const activated = /activated in (\d+) ms after (\d+) ms loading the bundle/.exec(log)!;
  const indexed = /(indexed .*) in (\d+) ms(.*)/.exec(log)!;
  return { activateMs: Number(activated[1]), loadMs: Number(activated[2]), indexMs: Number(indexed[2]), wallMs, line: `${indexed[1]}${indexed[3]}` };
}

async function measureOnce(): Promise<{ first: Load; second: Load[] }> {
  const server = await startCodeServer(corpus, { inPlace: true });
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser);
    const first = await timedLoad(server.runDir, () => page.goto(server.url([['extensionDevelopmentPath', server.remote(REPO_ROOT)]])));
    // The cache is written after the first index is shown: give it time to be on disk.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const second: Load[] = [];
    for (let i = 0; i < 2; i++) second.push(await timedLoad(server.runDir, () => page.reload()));
    return { first, second };
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await measureOnce());
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const firsts = runs.map((r) => r.first);
  const seconds = runs.flatMap((r) => r.second);
  const row = (label: string, values: number[], note = ''): void => console.log(`${label.padEnd(44)} ${String(Math.round(median(values))).padStart(6)} ms   runs: ${values.map(Math.round).join(', ')}${note}`);
  console.log(`first open:  ${firsts[0].line}`);
  console.log(`second open: ${seconds[0].line}`);
  row('bundle load (median)', firsts.map((r) => r.loadMs));
  row('activate() (median)', firsts.map((r) => r.activateMs), '   target < 100 ms (load + activate)');
  row('first open: index, in the background', firsts.map((r) => r.indexMs));
  row('first open: page load to index shown, wall', firsts.map((r) => r.wallMs));
  row('second open: index, in the background', seconds.map((r) => r.indexMs));
  row('second open: reload to index shown, wall', seconds.map((r) => r.wallMs), '   target ≤ 1 s (the index)');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
