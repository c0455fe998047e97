/**
 * Activation and first indexing in a real VS Code (code-server, as in the integration tests) on
 * the generated corpus: the extension logs both to its "Marginalia" output channel, which VS Code
 * keeps as a file; this reads the numbers from there. Needs `npm run build` (it packages the VSIX), `npm run
 * bench:generate` and code-server (`npm run setup:vscode`). Three runs, each in a fresh server and
 * user-data folder (no index cache); then the second open: each of those folders opened once more
 * by a new server, with the index cache the first open left in the extension's storage.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { extensionLogFile, launchBrowser, newPage, REPO_ROOT, startCodeServer, waitFor } from '../test/integration/codeServer';
import { packageExtension } from '../test/sample/launch';

const corpus = process.argv[2] ?? path.join(REPO_ROOT, 'bench', '.corpus');

interface Run {
  activateMs: number;
  loadMs: number;
  indexMs: number;
  /** From asking the browser for the workbench to the index line in the log: VS Code's own start included. */
  wallMs: number;
  line: string;
}

/** Opens the corpus in a new server on `runDir` (a fresh one when undefined), and reads the log. */
async function measureOnce(runDir: string | undefined): Promise<Run & { runDir: string }> {
  // Installed from the VSIX, as a user has it: VS Code clears the storage of a development
  // extension (extensionDevelopmentPath) at start, so its index cache would never be found.
  const server = await startCodeServer(corpus, { inPlace: true, runDir, vsix: runDir ? undefined : packageExtension() });
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser);
    const asked = performance.now();
    await page.goto(server.url());
    let log = '';
    await waitFor(async () => {
      const file = extensionLogFile(server.runDir);
      log = file ? readFileSync(file, 'utf8') : '';
      return /indexed \d+ articles/.test(log);
    }, 300_000, 'the corpus to be indexed');
    const wallMs = Math.round(performance.now() - asked);
    // The cache is written after the index is shown: wait for it before the server goes.
    await waitFor(async () => cacheFiles(server.runDir).length >= 2, 120_000, 'the index cache to be written');
    const activated = /activated in (\d+) ms after (\d+) ms loading the bundle/.exec(log)!;
    const indexed = /(indexed .*) in (\d+) ms(.*)/.exec(log)!;
    return { activateMs: Number(activated[1]), loadMs: Number(activated[2]), indexMs: Number(indexed[2]), wallMs, line: indexed[1] + indexed[3], runDir: server.runDir };
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** The index cache files (sidecar parse, mentions) the extension keeps under the run's user data. */
function cacheFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /^(sidecar|mentions)\.bin$/.test(entry.name) && entry.parentPath.includes('index-cache'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

async function main(): Promise<void> {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await measureOnce(undefined));
  const second = [];
  try {
    for (const run of runs) second.push(await measureOnce(run.runDir));
  } finally {
    for (const run of runs) rmSync(run.runDir, { recursive: true, force: true });
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[1];
  console.log(runs[0].line);
  console.log(second[0].line);
  console.log(`bundle load (median of 3)       ${median(runs.map((r) => r.loadMs))} ms   runs: ${runs.map((r) => r.loadMs).join(', ')}`);
  console.log(`activate() (median of 3)        ${median(runs.map((r) => r.activateMs))} ms   runs: ${runs.map((r) => r.activateMs).join(', ')}   target < 100 ms (load + activate)`);
  console.log(`first index, in the background  ${median(runs.map((r) => r.indexMs))} ms   runs: ${runs.map((r) => r.indexMs).join(', ')}`);
  console.log(`second open, index (cache)      ${median(second.map((r) => r.indexMs))} ms   runs: ${second.map((r) => r.indexMs).join(', ')}   target <= 1000 ms`);
  console.log(`first open, wall to index       ${median(runs.map((r) => r.wallMs))} ms   runs: ${runs.map((r) => r.wallMs).join(', ')}   (VS Code's own start included)`);
  console.log(`second open, wall to index      ${median(second.map((r) => r.wallMs))} ms   runs: ${second.map((r) => r.wallMs).join(', ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
