/**
 * Activation and first indexing in a real VS Code (code-server, as in the integration tests) on
 * the generated corpus: the extension logs both to its "Marginalia" output channel, which VS Code
 * keeps as a file; this reads the numbers from there. Needs `npm run build`, `npm run
 * bench:generate` and code-server (`npm run setup:vscode`). Three runs, each in a fresh server.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { extensionLogFile, launchBrowser, newPage, REPO_ROOT, startCodeServer, waitFor } from '../test/integration/codeServer';

const corpus = process.argv[2] ?? path.join(REPO_ROOT, 'bench', '.corpus');

async function measureOnce(): Promise<{ activateMs: number; loadMs: number; indexMs: number; line: string }> {
  const server = await startCodeServer(corpus, { inPlace: true });
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser);
    await page.goto(server.url([['extensionDevelopmentPath', server.remote(REPO_ROOT)]]));
    let log = '';
    await waitFor(async () => {
      const file = extensionLogFile(server.runDir);
      log = file ? readFileSync(file, 'utf8') : '';
      return /indexed \d+ articles/.test(log);
    }, 300_000, 'the corpus to be indexed');
    const activated = /activated in (\d+) ms after (\d+) ms loading the bundle/.exec(log)!;
    const indexed = /(indexed .*) in (\d+) ms/.exec(log)!;
    return { activateMs: Number(activated[1]), loadMs: Number(activated[2]), indexMs: Number(indexed[2]), line: indexed[1] };
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await measureOnce());
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[1];
  console.log(runs[0].line);
  console.log(`bundle load (median of 3)       ${median(runs.map((r) => r.loadMs))} ms   runs: ${runs.map((r) => r.loadMs).join(', ')}`);
  console.log(`activate() (median of 3)        ${median(runs.map((r) => r.activateMs))} ms   runs: ${runs.map((r) => r.activateMs).join(', ')}   target < 100 ms (load + activate)`);
  console.log(`first index, in the background  ${median(runs.map((r) => r.indexMs))} ms   runs: ${runs.map((r) => r.indexMs).join(', ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
