/// <reference lib="dom" />
/**
 * `npm run open -- DIR` as a user runs it: test/sample/open.mjs serves a folder in place, and the
 * bare http://127.0.0.1:PORT/ shows it with the packaged extension: the first article open, the
 * Marginalia sidebar showing, no welcome tab, no notification. Nothing in the folder changes.
 * The screenshot is test/e2e/output/first-view.png.
 */
import * as assert from 'node:assert/strict';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freePort, launchBrowser, newPage, REPO_ROOT, waitFor } from '../integration/codeServer';

const OUTPUT = path.join(REPO_ROOT, 'test', 'e2e', 'output');

/** Every file under `dir` with its bytes, `/`-separated. */
function snapshot(dir: string, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const name = prefix + entry.name;
    if (entry.isDirectory()) for (const [k, v] of snapshot(dir, `${name}/`)) found.set(k, v);
    else found.set(name, readFileSync(path.join(dir, name)).toString('base64'));
  }
  return found;
}

describe('npm run open -- DIR: the first view at the bare URL', function () {
  let parent: string;
  let corpus: string;
  let original: Map<string, string>;
  let child: ChildProcess;
  let output = '';
  let browser: Browser;
  let page: Page;
  let port: number;

  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    parent = mkdtempSync(path.join(tmpdir(), 'marginalia-open-'));
    // A folder inside a git repository: VS Code would offer to open the repository in the parent folder.
    execFileSync('git', ['init', '-q', parent]);
    corpus = path.join(parent, 'my corpus');
    cpSync(path.join(REPO_ROOT, 'sample'), corpus, { recursive: true });
    original = snapshot(corpus);
    port = await freePort();
    // As `npm run open -- "my corpus"` from the folder above it.
    child = spawn(process.execPath, [path.join(REPO_ROOT, 'test', 'sample', 'open.mjs'), 'my corpus'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(port), INIT_CWD: parent },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`open.mjs exited early:\n${output}`);
      return output.includes(`http://127.0.0.1:${port}/\n`);
    }, 180_000, 'open.mjs to print its URL');
    browser = await launchBrowser();
    page = await newPage(browser);
  });

  after(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await page.screenshot({ path: path.join(OUTPUT, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`) });
  });

  it('runs the read-only check on the folder and prints the bare URL', () => {
    assert.match(output, /^\$ marginalia check my corpus$/m);
    assert.match(output, /^2 problems$/m, 'the sample\'s intended fuzzy and orphan');
  });

  it('opens the folder with the first article beside the Marginalia sidebar, and nothing else', async () => {
    await page.goto(`http://127.0.0.1:${port}/`);
    assert.equal(new URL(page.url()).searchParams.get('folder'), corpus, 'the bare URL opens the folder');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The first entry of the sidecar's documents:, opened by the launcher's first-view extension.
    await page.locator('.tab.active[aria-label*="accord-signed.txt"]').waitFor({ timeout: 60_000 });
    await page.locator('.pane-header[aria-label^="Actors"]').waitFor();
    await page.locator('.pane:has(.pane-header[aria-label^="Actors"]) .monaco-list-row', { hasText: 'Zofia Łęcka' }).waitFor({ timeout: 30_000 });
    await page.locator('.pane:has(.pane-header[aria-label^="Annotations"]) .monaco-list-row', { hasText: 'Orphaned' }).waitFor({ timeout: 30_000 });
    // The article is decorated: the extension runs on it.
    await page.locator('.editor-group-container .view-lines', { hasText: 'Aldmark and Velsany sign Serin Accord' }).waitFor();
    // Give late notifications (git, telemetry, recommendations) and the welcome page their chance.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await page.screenshot({ path: path.join(OUTPUT, 'first-view.png') });

    const tabs = await page.locator('.tabs-container .tab').allInnerTexts();
    assert.deepEqual(tabs.map((t) => t.trim()), ['accord-signed.txt'], 'one tab: no welcome page or walkthrough');
    assert.ok(await page.locator('.activitybar .action-item.checked:has(a[aria-label^="Marginalia"])').isVisible(), 'the Marginalia sidebar is the one showing');
    assert.equal(await page.getByText('collects usage data').count(), 0, 'no telemetry notice');
    const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts();
    assert.deepEqual(toasts, [], 'no notification (git repository, telemetry, recommendations)');
  });

  it('wraps an article\'s paragraph-long lines inside the editor', async () => {
    // The first paragraph is one line of 283 characters: wider than the editor unless it wraps.
    const { lineRight, editorRight, rowsOfParagraph } = await page.evaluate(() => {
      const editor = document.querySelector('.editor-group-container .monaco-editor .lines-content')!.closest('.monaco-scrollable-element')!;
      const rows = Array.from(document.querySelectorAll<HTMLElement>('.editor-group-container .view-line'));
      // The editor draws spaces as no-break spaces.
      const text = (row: HTMLElement): string => row.textContent!.replace(/\u00a0/g, ' ');
      const end = rows.find((row) => text(row).includes('to a shared body.'))!;
      const start = rows.find((row) => text(row).startsWith('PORT HALLOWAY'));
      const top = (row: HTMLElement | undefined): number => (row ? parseFloat(row.style.top) : NaN);
      return {
        lineRight: end.lastElementChild!.lastElementChild!.getBoundingClientRect().right,
        editorRight: editor.getBoundingClientRect().right,
        rowsOfParagraph: Math.round((top(end) - top(start)) / end.getBoundingClientRect().height) + 1,
      };
    });
    assert.ok(lineRight <= editorRight, `the paragraph's last words end at ${lineRight}px, inside the editor (${editorRight}px)`);
    assert.ok(rowsOfParagraph >= 2, `the paragraph is shown on ${rowsOfParagraph} rows`);
  });

  it('stops on SIGTERM and has changed nothing in the folder', async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    assert.deepEqual(snapshot(corpus), original);
  });
});
