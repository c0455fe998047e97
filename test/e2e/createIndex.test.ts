/// <reference lib="dom" />
/**
 * A folder of articles with no marginalia.yaml, opened in VS Code with the packaged extension and
 * nothing else (no launcher that shows the Marginalia sidebar, which would wake the extension by
 * itself): the extension wakes because the folder has .txt files, stays quiet (no error), and
 * offers *Create Index*; clicking it writes a starter sidecar (titles, actors) that reads back and
 * opens it, and the Actors view then shows what it holds. The screenshots are
 * test/e2e/output/create-index-offer.png and create-index-done.png.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseSidecar } from '../../src/core/sidecar/read';
import { CodeServer, launchBrowser, newPage, REPO_ROOT, startCodeServer, waitFor } from '../integration/codeServer';
import { FIRST_VIEW_SETTINGS, packageExtension } from '../sample/launch';

const OUTPUT = path.join(REPO_ROOT, 'test', 'e2e', 'output');

/** Articles written for this test, saved under hashed names as analysts' exports often are. */
const ARTICLES: Record<string, string> = {
  '3f9a01c2.txt': 'Velsany and Aldmark reopen the Serin strait\n\nBy Mara Quill\n\nOn Monday, Velsany said that Aldmark had agreed to reopen the strait. The Serin Basin Commission will meet in Port Halloway.\n',
  'wire/77b0e4d1.txt': 'Commission sets a date for the patrol talks\nThe Serin Basin Commission met in Port Halloway on Friday. A deputy came from Velsany; Aldmark sent none.\n',
  'wire/c0ffee12.txt': '(Ines Varga, Halden Institute)\nThe reasons Velsany wants the patrol line moved, and why Aldmark will not agree to it this year.\n',
};

describe('a folder of articles with no sidecar: Create Index', function () {
  let corpus: string;
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    corpus = mkdtempSync(path.join(tmpdir(), 'marginalia-no-sidecar-'));
    for (const [name, text] of Object.entries(ARTICLES)) {
      mkdirSync(path.dirname(path.join(corpus, name)), { recursive: true });
      writeFileSync(path.join(corpus, name), text);
    }
    server = await startCodeServer(corpus, { inPlace: true, openAtRoot: true, vsix: packageExtension(), settings: FIRST_VIEW_SETTINGS });
    browser = await launchBrowser();
    page = await newPage(browser);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (corpus) rmSync(corpus, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await page.screenshot({ path: path.join(OUTPUT, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`) });
  });

  it('offers Create Index, and nothing else speaks up', async () => {
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.activitybar .action-item.checked:has(a[aria-label^="Marginalia"])').count(), 0, 'the Marginalia sidebar is not what woke the extension');
    const offer = page.locator('.notifications-toasts .notification-toast', { hasText: 'has articles but no marginalia.yaml' });
    await offer.waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(OUTPUT, 'create-index-offer.png') });
    assert.ok(await offer.getByRole('button', { name: 'Create Index' }).isVisible());
    assert.ok(await offer.getByRole('button', { name: "Don't Ask Again" }).isVisible());
    const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts();
    assert.equal(toasts.length, 1, `only the offer: ${toasts.join(' | ')}`);
    assert.equal(await page.locator('.notifications-toasts .codicon-error').count(), 0, 'no error notification');
    assert.equal(existsSync(path.join(corpus, 'marginalia.yaml')), false, 'nothing written before the user asks');
  });

  it('writes a starter sidecar that the extension then loads, and opens it', async () => {
    const offer = page.locator('.notifications-toasts .notification-toast', { hasText: 'has articles but no marginalia.yaml' });
    await offer.getByRole('button', { name: 'Create Index' }).click();
    const sidecar = path.join(corpus, 'marginalia.yaml');
    await waitFor(async () => existsSync(sidecar), 60_000, 'marginalia.yaml to be written');
    const parsed = parseSidecar(readFileSync(sidecar, 'utf8'), 'marginalia.yaml');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual([...parsed.index.documents.values()].map((d) => [d.path, d.title]), [
      ['3f9a01c2.txt', 'Velsany and Aldmark reopen the Serin strait'],
      ['wire/77b0e4d1.txt', 'Commission sets a date for the patrol talks'],
    ], 'titled by headline; the article that starts with a byline has none');
    const names = [...parsed.index.actors.values()].map((a) => a.name);
    for (const name of ['Velsany', 'Aldmark']) assert.ok(names.includes(name), names.join(', '));
    // The sidecar opens, and the Actors view shows what it holds.
    await page.locator('.tab.active[aria-label*="marginalia.yaml"]').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar a[aria-label^="Marginalia"]').click();
    const actors = page.locator('.pane:has(.pane-header[aria-label^="Actors"])');
    await actors.locator('.monaco-list-row', { hasText: 'Velsany' }).first().waitFor({ timeout: 60_000 });
    await page.locator('.editor-group-container .view-lines', { hasText: 'Velsany and Aldmark reopen the Serin strait' }).waitFor();
    await page.screenshot({ path: path.join(OUTPUT, 'create-index-done.png') });
    assert.equal(await page.locator('.notifications-toasts .codicon-error').count(), 0, 'no error notification');
  });
});
