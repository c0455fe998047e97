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
import { parse as parseYaml } from 'yaml';
import { CodeServer, launchBrowser, newPage, REPO_ROOT, startCodeServer, waitFor } from '../integration/codeServer';
import { packageExtension } from '../sample/launch';

const OUTPUT = path.join(REPO_ROOT, 'test', 'e2e', 'output');

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

/**
 * One-based lines of the editor that carry a highlight the extension drew (a decoration with a
 * background: Monaco names decoration classes `ced-…`; the cursor line and selection are not).
 */
async function highlightedLines(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container .monaco-editor');
    if (!editor) return [];
    // A wrapped line numbers only its first row: a row belongs to the last number above it.
    const numbers = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers'))
      .map((e) => ({ line: Number(e.textContent), top: e.getBoundingClientRect().top }))
      .filter((n) => n.line > 0)
      .sort((a, b) => a.top - b.top);
    const lines = new Set<number>();
    for (const overlay of Array.from(editor.querySelectorAll('.view-overlays [class*="ced-"]'))) {
      if (getComputedStyle(overlay).backgroundColor === 'rgba(0, 0, 0, 0)') continue;
      const box = overlay.getBoundingClientRect();
      const middle = box.top + box.height / 2;
      const at = numbers.filter((n) => n.top <= middle).pop();
      if (at) lines.add(at.line);
    }
    return [...lines].sort((a, b) => a - b);
  });
}

/** The text the extension adds after the end of editor lines (a decoration's `after` content), e.g. the orphan flag. */
async function flagsShown(page: Page): Promise<string[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll('.editor-group-container .monaco-editor .view-line [class*="ced-"]'))
    .map((e) => getComputedStyle(e, '::after').content)
    .filter((c) => c !== 'none' && c !== 'normal' && c !== ''));
}

describe('packaged extension in a browser', function () {
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    server = await startCodeServer(path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), { vsix: packageExtension() });
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
    const folder = explorer.locator('.monaco-list-row[aria-expanded]', { hasText: 'articles' });
    await folder.waitFor();
    if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.click();
    // The Explorer re-renders as it reveals the active editor: a click it swallows is made again.
    await clickUntil(explorer.locator('.monaco-list-row', { hasText: name }), page.locator(`.tab.active[aria-label*="${name}"]`));
    // An article switches to the Article language (which wraps lines) once open: wait, so nothing
    // is measured on screen before the lines move.
    if (name.endsWith('.txt')) await page.locator('.statusbar-item', { hasText: /^\s*Article\s*$/ }).waitFor();
  }

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await page.screenshot({ path: path.join(OUTPUT, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`) });
  });

  it('hovering a mention shows the actor card', async () => {
    await openFile('harbor-talks.txt');
    // Put the cursor on the name and ask for the hover from the command palette, as a keyboard
    // user does. (Headless Chromium reports no hover-capable pointer, so mouse hovers never open.)
    // Focus can still be settling after the palette closes: ask up to three times.
    let text: string | undefined;
    for (let attempt = 0; attempt < 3 && text === undefined; attempt++) {
      const box = await textBox(page, 'Ivo Tarn');
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
    assert.equal(await graph.locator('text.edge-label-relation').textContent(), 'treaty', 'the relation says its type');
    assert.match(await graph.locator('#summary').innerText(), /^5 actors · 1 relation · 8 co-mention ties$/);
    // Eight ties (each fixture article has one paragraph per line) are few enough: by default every one is drawn.
    assert.equal(await graph.locator('#min-ties').inputValue(), '1');
    assert.equal(await graph.locator('#ties-count').innerText(), '8 of 8 co-mention ties');
    const names = await graph.locator('#graph').evaluate((svg) => {
      const lines = Array.from(svg.querySelectorAll('line.edge')).map((l) => ['x1', 'y1', 'x2', 'y2'].map((a) => Number(l.getAttribute(a))));
      return Array.from(svg.querySelectorAll('text.name')).map((text) => {
        const t = text as SVGTextElement;
        const box = t.getBBox();
        // Does a line cross the name's box? Sample it: the boxes are small next to the lines.
        const crossed = lines.some(([x1, y1, x2, y2]) => Array.from({ length: 200 }, (_, i) => i / 199).some((f) => {
          const x = x1 + (x2 - x1) * f;
          const y = y1 + (y2 - y1) * f;
          return x > box.x && x < box.x + box.width && y > box.y && y < box.y + box.height;
        }));
        return { name: t.textContent, px: Number(t.closest('g')!.getAttribute('font-size')) * t.getScreenCTM()!.a, crossed, shown: getComputedStyle(t).display !== 'none' };
      });
    });
    assert.equal(names.length, 5);
    for (const name of names) {
      assert.ok(name.px >= 12, `${name.name} is ${name.px.toFixed(1)} px high on screen`);
      assert.ok(name.shown && !name.crossed, `${name.name} is shown and no tie crosses it`);
    }
    await page.screenshot({ path: path.join(OUTPUT, 'actor-graph.png') });

    // The minimum-ties control: one step up keeps the ties of two paragraphs or more, and the relation.
    await graph.locator('#min-ties').focus();
    await page.keyboard.press('ArrowRight');
    await waitFor(async () => (await graph.locator('line.edge-co-mention').count()) === 3, 10_000, 'three ties of at least two paragraphs');
    assert.equal(await graph.locator('#min-ties').inputValue(), '2');
    assert.equal(await graph.locator('#ties-count').innerText(), '3 of 8 co-mention ties');
    assert.equal(await graph.locator('line.edge-relation').count(), 1, 'the relation stays');
    assert.equal(await graph.locator('g.node').count(), 5, 'actors without a strong tie stay');
    await page.screenshot({ path: path.join(OUTPUT, 'actor-graph-min-ties.png') });

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

  /** Runs a command from the palette by its title, as a user does. */
  async function runCommand(title: string): Promise<void> {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
  }

  // The last two tests change the sidecar: the first for good (the annotation gets its context),
  // the second only until it undoes its edit. Nothing before them depends on either.
  it('an ambiguous anchor is flagged; the quick fix at the second copy anchors it there', async () => {
    const sidecar = path.join(server.workspace, 'marginalia.yaml');
    const article = readFileSync(path.join(server.workspace, 'articles', 'pier-notice.txt'), 'utf8');
    const quote = 'old pier stays closed to small boats until the spring tide';
    assert.notEqual(article.indexOf(quote), article.lastIndexOf(quote), 'the fixture quotes a sentence that occurs twice');
    await openFile('pier-notice.txt');
    // The article flags it on its first line, and highlights neither copy as if it were the one meant.
    await waitFor(async () => (await flagsShown(page)).some((f) => f.includes('1 ambiguous annotation')), 30_000, 'the ambiguous flag on line 1');
    assert.deepEqual(await highlightedLines(page), [], 'no copy highlighted');
    // The Problems panel names both lines.
    await runCommand('Focus Problems');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'annotation "pier-closure" is ambiguous' });
    await problem.waitFor({ timeout: 30_000 });
    assert.match(await problem.innerText(), /is on lines 3 and 7 of articles\/pier-notice\.txt \(2 copies\)/);

    // The cursor on the second copy (line 7, inside the quote), then the quick fix menu.
    await runCommand('Go to Line/Column');
    await page.keyboard.type('7:50');
    await page.keyboard.press('Enter');
    await page.locator('.editor-group-container .monaco-editor.focused').waitFor();
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Anchor "pier-closure" to line 7:' });
    for (let attempt = 0; attempt < 3 && !(await fix.isVisible()); attempt++) {
      await page.keyboard.press('Control+.');
      await fix.waitFor({ timeout: 10_000 }).catch(() => undefined);
    }
    assert.match(await fix.innerText(), /^Anchor "pier-closure" to line 7: …office wrote that the «old pier stays … the spring tide», and that repairs would…$/);
    assert.equal(await page.locator('.action-widget .monaco-list-row', { hasText: 'to line 3' }).count(), 0, 'only the copy under the cursor is offered');
    await page.screenshot({ path: path.join(OUTPUT, 'ambiguous-quick-fix.png') });
    // As the menu says ("Enter to Apply"): it is the only fix, so it has the focus. (A click is
    // caught by the pointer block the menu lays over the page.)
    await page.locator('.action-widget .monaco-list-row.action.focused', { hasText: 'Anchor "pier-closure" to line 7:' }).waitFor();
    await page.keyboard.press('Enter');

    // The sidecar stores the copy's context and start; the article highlights line 7 and the flag goes.
    await waitFor(async () => {
      const stored = (parseYaml(readFileSync(sidecar, 'utf8')) as { annotations: Record<string, Record<string, unknown>> }).annotations['pier-closure'];
      return stored.start === article.lastIndexOf(quote) && typeof stored.prefix === 'string' && typeof stored.suffix === 'string';
    }, 15_000, 'prefix, suffix and start of the line-7 copy in marginalia.yaml');
    await waitFor(async () => (await highlightedLines(page)).join() === '7', 15_000, 'the highlight on line 7 only');
    await waitFor(async () => !(await flagsShown(page)).some((f) => f.includes('ambiguous')), 15_000, 'the ambiguous flag to go');
    await problem.waitFor({ state: 'detached', timeout: 15_000 });
    await page.screenshot({ path: path.join(OUTPUT, 'ambiguous-anchored.png') });
  });

  it('while the sidecar does not parse, the last index stays, marked stale; fixing it clears the marks', async () => {
    const sidecar = path.join(server.workspace, 'marginalia.yaml');
    const good = readFileSync(sidecar, 'utf8');
    await runCommand('Marginalia: Show All Review States');
    await openFile('marginalia.yaml');
    const editor = page.locator('.editor-group-container .monaco-editor');
    // A half-typed flow sequence at the end; the bracket the editor closes by itself is deleted.
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('broken: [');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+s');
    await waitFor(async () => readFileSync(sidecar, 'utf8').endsWith('broken: ['), 15_000, 'the broken sidecar saved');

    const status = page.locator('.statusbar-item', { hasText: 'Marginalia: stale' });
    await status.waitFor({ timeout: 30_000 });
    // An article still shows its highlights and the sidebar its items, each marked stale.
    await openFile('harbor-talks.txt');
    await showMarginalia();
    for (const view of ['Actors', 'Annotations']) {
      const header = page.locator(`.pane-header[aria-label^="${view}"]`);
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      await header.locator('.description', { hasText: 'stale' }).waitFor({ timeout: 15_000 });
      await page.locator(`.pane:has(.pane-header[aria-label^="${view}"]) .message`, { hasText: 'stale: marginalia.yaml has errors' }).waitFor({ timeout: 15_000 });
    }
    const annotations = page.locator('.pane:has(.pane-header[aria-label^="Annotations"])');
    await annotations.locator('.monaco-list-row', { hasText: 'lacks any automatic enforcement mechanism' }).first().waitFor();
    await page.locator('.pane:has(.pane-header[aria-label^="Actors"]) .monaco-list-row', { hasText: 'People' }).waitFor();
    await waitFor(async () => (await highlightedLines(page)).length >= 2, 15_000, 'the highlights of harbor-talks.txt');
    // The Problems panel says why: the sidecar's syntax error, at its line.
    await runCommand('Focus Problems');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'marginalia.yaml' }).waitFor();
    // Off the activity bar, whose tooltip would cover the Actors view.
    await page.mouse.move(900, 450);
    await page.locator('.workbench-hover').waitFor({ state: 'hidden' });
    await page.screenshot({ path: path.join(OUTPUT, 'stale-index.png') });

    // Undo the edit in the sidecar's editor and save: the marks go.
    await openFile('marginalia.yaml');
    await editor.locator('.view-lines').click();
    // The editor renders only the lines in view: the edit, at the end, is in view after Ctrl+End and each undo.
    await page.keyboard.press('Control+End');
    await editor.locator('.view-lines', { hasText: 'broken' }).waitFor();
    for (let attempt = 0; attempt < 5 && (await editor.locator('.view-lines').innerText()).includes('broken'); attempt++) await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+s');
    await waitFor(async () => readFileSync(sidecar, 'utf8') === good, 15_000, 'the sidecar saved as it was');
    await status.waitFor({ state: 'detached', timeout: 30_000 });
    await showMarginalia();
    for (const view of ['Actors', 'Annotations']) {
      await page.locator(`.pane-header[aria-label^="${view}"] .description`, { hasText: 'stale' }).waitFor({ state: 'detached', timeout: 15_000 });
      await page.locator(`.pane:has(.pane-header[aria-label^="${view}"]) .message`, { hasText: 'stale' }).waitFor({ state: 'hidden', timeout: 15_000 });
    }
  });
  it('Annotate Selection with the keyboard: note, tags, actors, id; revealed in the view, its hover renders the note', async () => {
    // The author comes from git's user.name for the corpus folder (no marginalia.author is set).
    execFileSync('git', ['init', '-q'], { cwd: server.workspace });
    execFileSync('git', ['config', 'user.name', 'Erin Analyst'], { cwd: server.workspace });
    await openFile('harbor-talks.txt');
    const passage = 'Ivo Tarn, said the Harbor Trust';
    // Mentions are spans of their own: the passage runs from one mention to the end of the other.
    const from = await textBox(page, 'Ivo Tarn');
    const to = await textBox(page, 'Harbor Trust');
    await page.mouse.click(from.x + 1, from.y + from.height / 2);
    await page.keyboard.down('Shift');
    await page.mouse.click(to.x + to.width - 1, to.y + to.height / 2);
    await page.keyboard.up('Shift');
    await page.keyboard.press('Control+Alt+m');
    const input = page.locator('.quick-input-widget input');
    const title = page.locator('.quick-input-widget .quick-input-title');
    await title.filter({ hasText: '(1/4)' }).waitFor();
    await input.pressSequentially('**Who** pays? See [the memo](https://example.org/memo) <b>not bold</b>');
    await page.keyboard.press('Enter');
    await title.filter({ hasText: '(2/4)' }).waitFor();
    await input.pressSequentially('dredging');
    await title.filter({ hasText: 'new: dredging' }).waitFor();
    // Tick an existing tag from the keyboard: down into the list, to the tag, Space.
    const accord = page.locator('.quick-input-list .monaco-list-row', { hasText: /^\s*accord/ });
    for (let attempt = 0; attempt < 4 && (await accord.getAttribute('aria-checked')) !== 'true'; attempt++) {
      await page.keyboard.press('ArrowDown');
      if ((await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: /^\s*accord/ }).count()) > 0) await page.keyboard.press('Space');
    }
    assert.equal(await accord.getAttribute('aria-checked'), 'true', 'the existing tag is ticked');
    await page.screenshot({ path: path.join(OUTPUT, 'annotate-tags.png') });
    await page.keyboard.press('Enter');
    await title.filter({ hasText: '(3/4)' }).waitFor();
    const ticked = page.locator('.quick-input-list .monaco-list-row[aria-checked="true"]');
    await ticked.first().waitFor();
    assert.deepEqual((await ticked.allInnerTexts()).map((t) => t.replace(/(person|state|organization|place|group|other) · [\s\S]*/, '').trim()).sort(), ['Harbor Trust', 'Ivo Tarn'], 'the actors mentioned in the passage are ticked');
    await page.screenshot({ path: path.join(OUTPUT, 'annotate-actors.png') });
    await page.keyboard.press('Enter');
    await title.filter({ hasText: '(4/4)' }).waitFor();
    assert.equal(await input.inputValue(), 'ivo-tarn-said-the', 'the id is prefilled');
    await input.fill('accord-terms');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: 'already the id' }).waitFor();
    await input.fill('tarn-trust-claim');
    await page.keyboard.press('Enter');

    const sidecar = path.join(server.workspace, 'marginalia.yaml');
    await waitFor(async () => readFileSync(sidecar, 'utf8').includes('  tarn-trust-claim:'), 15_000, 'the annotation in marginalia.yaml');
    const entry = (parseYaml(readFileSync(sidecar, 'utf8')) as { annotations: Record<string, Record<string, unknown>> }).annotations['tarn-trust-claim'];
    assert.equal(entry.quote, passage);
    assert.equal(entry.note, '**Who** pays? See [the memo](https://example.org/memo) <b>not bold</b>');
    assert.deepEqual(entry.tags, ['dredging', 'accord']);
    assert.deepEqual(entry.actors, ['tarn', 'harbor-trust']);
    assert.equal(entry.author, 'Erin Analyst');
    assert.match(String(entry.created), /^\d{4}-\d{2}-\d{2}$/);

    // Revealed and selected in the Annotations view, which opens for it.
    await page.locator('.pane:has(.pane-header[aria-label^="Annotations"]) .monaco-list-row.selected', { hasText: passage }).waitFor({ timeout: 15_000 });
    await page.locator('.statusbar-item', { hasText: 'annotation “tarn-trust-claim” added' }).waitFor();

    // Its hover: the note as Markdown (bold, a web link, the tag as text), who and when.
    let hover: Locator | undefined;
    for (let attempt = 0; attempt < 3 && hover === undefined; attempt++) {
      const box = await textBox(page, 'said the');
      await page.mouse.click(box.x + 4, box.y + box.height / 2);
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill('>Show or Focus Hover');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Show or Focus Hover/ }).first().click();
      const card = page.locator('.monaco-hover .hover-contents', { hasText: 'tarn-trust-claim' }).first();
      hover = await card.waitFor({ timeout: 8_000 }).then(() => card, () => undefined);
    }
    assert.ok(hover, 'the annotation card opened');
    assert.equal(await hover.locator('strong', { hasText: 'Who' }).count(), 1, 'bold is rendered');
    assert.equal(await hover.locator('a', { hasText: 'the memo' }).count(), 1, 'the web link is a link');
    assert.equal(await hover.locator('b').count(), 0, 'HTML is not rendered');
    const text = await hover.innerText();
    assert.match(text, /<b>not bold<\/b>/, 'HTML is shown as text');
    assert.match(text, /by Erin Analyst on \d{4}-\d{2}-\d{2}/);
    await page.screenshot({ path: path.join(OUTPUT, 'annotate-hover.png') });
  });
});
