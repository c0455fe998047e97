/**
 * Runs the integration suite (out/test/integration/index.js) inside code-server's real Node
 * extension host, opened on a copy of test/fixtures/workspace by headless chromium; then the
 * multi-root suite (test/integration/multiroot/) on a copy of test/fixtures/multiroot, opened
 * through its `.code-workspace` file. The workbench calls `codeAutomationExit` with each suite's result.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { extensionLogFile, launchBrowser, newPage, REPO_ROOT, startCodeServer } from './codeServer';

const SUITE_TIMEOUT_MS = 10 * 60_000;

async function main(): Promise<number> {
  const single = await runSuite(path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'));
  const multiRoot = await runSuite(path.join(REPO_ROOT, 'test', 'fixtures', 'multiroot'), { suite: 'multiroot', workspaceFile: 'multiroot.code-workspace' });
  return single !== 0 ? single : multiRoot;
}

/** One launch: code-server on a copy of `fixture`, the suite run in its extension host. */
async function runSuite(fixture: string, options: { suite?: string; workspaceFile?: string } = {}): Promise<number> {
  const reportPlaceholder = path.join(REPO_ROOT, 'out', 'integration-report.txt');
  writeFileSync(reportPlaceholder, '');
  const server = await startCodeServer(fixture, {
    env: {
      MARGINALIA_TEST_REPORT: reportPlaceholder,
      ...(options.suite ? { MARGINALIA_TEST_SUITE: options.suite } : {}),
      ...(process.env.MARGINALIA_TEST_GREP ? { MARGINALIA_TEST_GREP: process.env.MARGINALIA_TEST_GREP } : {}),
    },
    workspaceFile: options.workspaceFile,
  });
  const browser = await launchBrowser();
  let printed = 0;
  const flush = (): void => {
    if (!existsSync(reportPlaceholder)) return;
    const text = readFileSync(reportPlaceholder, 'utf8');
    process.stdout.write(text.slice(printed));
    printed = text.length;
  };
  const progress = setInterval(flush, 1000);
  try {
    const page = await newPage(browser);
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.goto(server.url([
      ['extensionDevelopmentPath', server.remote(REPO_ROOT)],
      ['extensionTestsPath', server.remote(path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js'))],
      ['skipWelcome', 'true'],
    ]));
    const timeout = new Promise<number>((resolve) => setTimeout(() => {
      process.stderr.write(`integration suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s\n`);
      resolve(1);
    }, SUITE_TIMEOUT_MS).unref());
    const code = await Promise.race([exitCode, timeout]);
    flush();
    if (printed === 0) process.stderr.write('the suite reported nothing: did the extension host start?\n');
    if (code !== 0) printExtensionLog(server.runDir);
    return printed === 0 ? 1 : code;
  } finally {
    clearInterval(progress);
    await browser.close();
    await server.stop();
  }
}

/** The extension's own log (its output channel, kept as a file by VS Code): why an edit was refused, timings. */
function printExtensionLog(runDir: string): void {
  const log = extensionLogFile(runDir);
  if (log) process.stderr.write(`\n--- ${path.relative(runDir, log)} ---\n${readFileSync(log, 'utf8')}`);
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
