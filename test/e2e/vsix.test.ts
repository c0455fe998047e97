/// <reference lib="dom" />
/**
 * The packaged extension, as a user gets it: the VSIX is installed into code-server, and a real
 * browser hovers a mention, opens the Marginalia sidebar and clicks through both trees. One
 * screenshot per view lands in test/e2e/output/.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { CodeServer, launchBrowser, newPage, REPO_ROOT, startCodeServer, waitFor } from '../integration/codeServer';

const OUTPUT = path.join(REPO_ROOT, 'test', 'e2e', 'output');
const VSIX = path.join(REPO_ROOT, 'out', 'marginalia.vsix');

/** Where a piece of editor text is on screen, measured on its text node (Monaco's spans are wider). */
async function textBox(page: Page, text: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const handle = await page.waitForFunction((wanted) => {
    const lines = document.querySelector('.editor-group-container .monaco-editor .view-lines');
    if (!lines) return undefined;
    const walker = document.createTreeWalker(lines, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.replace(/\u00a0/g, ' ').indexOf(wanted);
      if (at === -1) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const rect = range.getBoundingClientRect();
      return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
    }
    return undefined;
  }, text, { timeout: 30_000 });
  return (await handle.jsonValue())!;
}

describe('packaged extension in a browser', function () {
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    execFileSync('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--out', VSIX], { cwd: REPO_ROOT, stdio: 'pipe' });
    server = await startCodeServer(path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), { vsix: VSIX });
    browser = await launchBrowser();
    page = await newPage(browser);
    await page.goto(server.url());
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens an article from the Explorer, as a user would. */
  async function openFile(name: string): Promise<void> {
    const explorerIcon = page.locator('.activitybar .action-item:has(a[aria-label^="Explorer"])');
    if ((await explorerIcon.getAttribute('class'))?.includes('checked') !== true) await explorerIcon.click();
    const explorer = page.locator('.explorer-folders-view');
    const file = explorer.locator('.monaco-list-row', { hasText: name });
    if (!(await file.isVisible())) await explorer.locator('.monaco-list-row', { hasText: 'articles' }).click();
    await file.click();
    await page.locator(`.tab.active[aria-label*="${name}"]`).waitFor();
  }

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await page.screenshot({ path: path.join(OUTPUT, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`) });
  });

  it('hovering a mention shows the actor card', async () => {
    await openFile('harbor-talks.txt');
    const box = await textBox(page, 'Ivo Tarn');
    // Put the cursor on the name and ask for the hover from the command palette, as a keyboard
    // user does. (Headless Chromium reports no hover-capable pointer, so mouse hovers never open.)
    // Focus can still be settling after the palette closes: ask up to three times.
    let text: string | undefined;
    for (let attempt = 0; attempt < 3 && text === undefined; attempt++) {
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill('>Show or Focus Hover');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Show or Focus Hover/ }).first().click();
      // The hover's outer element is laid out as hidden while its content shows: wait on the text.
      text = await page.waitForFunction(
        () => Array.from(document.querySelectorAll('.monaco-hover')).map((e) => (e as HTMLElement).innerText).find((t) => t.includes('mentions')),
        undefined,
        { timeout: 8_000 },
      ).then((handle) => handle.jsonValue() as Promise<string>, () => undefined);
    }
    assert.ok(text, 'the actor card opened');
    assert.match(text, /Ivo Tarn — person of Northland/);
    assert.match(text, /3 mentions in 3 documents/);
    await page.screenshot({ path: path.join(OUTPUT, 'hover-actor-card.png') });
  });

  /**
   * Clicks a tree row until what it opens shows. A click that lands while the tree re-renders
   * (the index refreshes it) only selects the row; a user would click again, and so does this.
   */
  async function clickUntil(row: Locator, opened: Locator): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      await row.click();
      if (await opened.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return;
    }
    await opened.waitFor({ timeout: 1 });
  }

  /** Shows the Marginalia sidebar unless it is showing. */
  async function showMarginalia(): Promise<void> {
    await page.keyboard.press('Escape');
    const icon = page.locator('.activitybar .action-item:has(a[aria-label^="Marginalia"])');
    if ((await icon.getAttribute('class'))?.includes('checked') !== true) await icon.click();
  }

  it('the Actors view lists actors by kind; clicking a mention opens it', async () => {
    await showMarginalia();
    const actors = page.locator('.pane:has(.pane-header[aria-label^="Actors"])');
    await actors.locator('.monaco-list-row', { hasText: 'People' }).waitFor();
    await actors.locator('.monaco-list-row', { hasText: 'Alma Reyes' }).click();
    await actors.locator('.monaco-list-row', { hasText: 'Summit report' }).click();
    await clickUntil(actors.locator('.monaco-list-row', { hasText: 'line 3' }).first(), page.locator('.tab.active[aria-label*="summit report.txt"]'));
    await page.screenshot({ path: path.join(OUTPUT, 'view-actors.png') });
  });

  it('the Annotations view lists orphans and passages; clicking one opens it', async () => {
    await showMarginalia();
    const annotations = page.locator('.pane:has(.pane-header[aria-label^="Annotations"])');
    const header = page.locator('.pane-header[aria-label^="Annotations"]');
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await annotations.locator('.monaco-list-row', { hasText: 'Orphaned' }).waitFor();
    await clickUntil(annotations.locator('.monaco-list-row', { hasText: 'lacks any automatic enforcement mechanism' }).first(), page.locator('.tab.active[aria-label*="harbor-talks.txt"]'));
    await page.screenshot({ path: path.join(OUTPUT, 'view-annotations.png') });
  });

  it('the actor graph draws actors and ties; filters and clicks work', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Marginalia: Show Actor Graph');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Actor Graph' }).first().click();
    // A webview is an iframe holding the page's own iframe.
    const graph = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await graph.locator('g.node[data-actor="tarn"]').waitFor({ timeout: 30_000 });
    assert.equal(await graph.locator('g.node').count(), 5, 'every actor of the fixture');
    assert.ok(await graph.locator('line.edge-relation').count() >= 1, 'the treaty relation');
    assert.ok(await graph.locator('text.edge-label-co-mention').count() >= 1, 'co-mention weights are shown');
    assert.match(await graph.locator('#summary').innerText(), /^5 actors · 1 relations · \d+ co-mention ties$/);
    await page.screenshot({ path: path.join(OUTPUT, 'actor-graph.png') });

    await graph.locator('label.kind-state input').uncheck();
    await graph.locator('g.node[data-actor="velmora"]').waitFor({ state: 'detached' });
    assert.equal(await graph.locator('g.node').count(), 3, 'states filtered out');
    await graph.locator('label.kind-state input').check();
    await graph.locator('g.node[data-actor="velmora"]').waitFor();

    const widthOf = async (): Promise<number> => Number((await graph.locator('#graph').getAttribute('viewBox'))!.split(' ')[2]);
    const before = await widthOf();
    await graph.locator('#graph').hover();
    await page.mouse.wheel(0, 400);
    await waitFor(async () => (await widthOf()) > before, 5_000, 'the wheel to zoom out');

    await graph.locator('g.node[data-actor="tarn"]').click();
    await page.locator('.pane:has(.pane-header[aria-label^="Actors"]) .monaco-list-row.selected', { hasText: 'Ivo Tarn' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(OUTPUT, 'actor-graph-click.png') });
  });

  it('Suggest Actors: pick a recognised name, correct its kind, and it becomes an actor', async () => {
    await openFile('harbor-talks.txt');
    // From the lightbulb in the Actors view's title bar.
    await showMarginalia();
    await page.locator('.pane-header[aria-label^="Actors"]').hover();
    await clickUntil(
      page.locator('.pane-header[aria-label^="Actors"] .action-label[aria-label="Suggest Actors and Aliases…"]'),
      page.locator('.quick-input-list .monaco-list-row:visible', { hasText: 'This article' }),
    );
    await page.locator('.quick-input-list .monaco-list-row:visible', { hasText: 'This article' }).click();
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Port Ellis' });
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /add as a new person/, 'the recogniser takes Ellis for a surname');
    await row.hover();
    await row.locator('.action-label[aria-label="Choose what kind of actor it is"]').click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'place' }).first().click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'add as a new place' }).waitFor();
    await page.screenshot({ path: path.join(OUTPUT, 'suggest-quick-pick.png') });
    assert.equal(await page.locator('.quick-input-list .monaco-list-row[aria-checked="true"]', { hasText: 'Port Ellis' }).count(), 1, 'picked');
    await page.keyboard.press('Enter');
    const sidecar = path.join(server.workspace, 'marginalia.yaml');
    await waitFor(async () => readFileSync(sidecar, 'utf8').includes('  port-ellis:\n    name: Port Ellis\n    kind: place\n'), 15_000, 'the new actor in marginalia.yaml');
  });

  it('Export Reviewer’s Notes: pick HTML and a grouping; the page is written beside the sidecar', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Marginalia: Export Reviewer');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Export Reviewer' }).first().click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'HTML, one self-contained page' }).click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: /^tag/ }).click();
    await page.locator('.tab.active[aria-label*="reviewer-notes.html"]').waitFor({ timeout: 15_000 });
    const html = readFileSync(path.join(server.workspace, 'reviewer-notes.html'), 'utf8');
    assert.match(html, /<p class="details">By tag<\/p>/);
    assert.match(html, /<h2>accord<\/h2>/);
    await page.locator('.notifications-toasts', { hasText: 'Open in Browser' }).waitFor({ timeout: 10_000 });
  });

  it('Set Review State from the Annotations view, then filter the view by review state', async () => {
    await showMarginalia();
    const annotations = page.locator('.pane:has(.pane-header[aria-label^="Annotations"])');
    const row = annotations.locator('.monaco-list-row', { hasText: 'lacks any automatic enforcement mechanism' }).first();
    await row.hover();
    await row.locator('.action-label[aria-label="Set Review State…"]').click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'accepted' }).click();
    const sidecar = path.join(server.workspace, 'marginalia.yaml');
    await waitFor(async () => /no-enforcement:\n(?: {4}.*\n)*? {4}review: accepted\n/.test(readFileSync(sidecar, 'utf8')), 15_000, 'the review state in marginalia.yaml');
    await annotations.locator('.monaco-list-row', { hasText: 'accepted · line 6' }).waitFor({ timeout: 15_000 });

    await page.locator('.pane-header[aria-label^="Annotations"]').hover();
    await clickUntil(
      page.locator('.pane-header[aria-label^="Annotations"] .action-label[aria-label="Filter Annotations by Review State…"]'),
      page.locator('.quick-input-widget .quick-input-title', { hasText: 'Show annotations in review state' }),
    );
    for (const state of ['draft', 'disputed']) await page.locator('.quick-input-list .monaco-list-row:visible', { hasText: state }).click();
    await page.keyboard.press('Enter');
    await waitFor(async () => (await annotations.locator('.monaco-list-row', { hasText: '“' }).count()) === 1, 15_000, 'only the accepted annotation');
    await page.screenshot({ path: path.join(OUTPUT, 'annotations-filtered.png') });
  });
});
