/**
 * Entry point of the integration suite inside a real extension host: the same `run()` contract
 * as `@vscode/test-electron`, so one suite serves both runners. Results go to the console and,
 * line by line, to MARGINALIA_TEST_REPORT when the runner set it (code-server's extension host
 * has no terminal of its own). MARGINALIA_TEST_SUITE names a subfolder of tests to run instead.
 */
import { appendFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tiers = require('../../../test/tiers.js') as Record<'integration', Mocha.MochaOptions>;

export function run(): Promise<void> {
  const reportFile = process.env.MARGINALIA_TEST_REPORT;
  const write = (line: string): void => {
    console.log(line);
    if (reportFile) appendFileSync(reportFile, line + '\n');
  };
  const mocha = new Mocha({ ui: 'bdd', color: false, ...tiers.integration, reporter: ReportLines, reporterOptions: { write } });
  const grep = process.env.MARGINALIA_TEST_GREP;
  if (grep) mocha.grep(grep);
  // MARGINALIA_TEST_SUITE=multiroot: the tests of a multi-root window, in their own folder (runInCodeServer.ts).
  const dir = process.env.MARGINALIA_TEST_SUITE ? path.join(__dirname, process.env.MARGINALIA_TEST_SUITE) : __dirname;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration tests failed`)) : resolve()));
  });
}

/** A spec-like reporter that hands every line to `write` and ends with `N passed, N failed`. */
class ReportLines extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    super(runner, options);
    const write = (options.reporterOptions as { write: (line: string) => void }).write;
    const { EVENT_SUITE_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;
    let passed = 0;
    let failed = 0;
    let pending = 0;
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => suite.title && write(`  ${suite.title}`));
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
      passed++;
      write(`    ✔ ${test.title} (${test.duration ?? 0} ms)`);
    });
    runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
      pending++;
      write(`    - ${test.title} (skipped)`);
    });
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, error: Error) => {
      failed++;
      write(`    ✘ ${test.fullTitle()}\n${String(error.stack ?? error).split('\n').map((l) => `        ${l}`).join('\n')}`);
    });
    runner.once(EVENT_RUN_END, () => write(`integration: ${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`));
  }
}
