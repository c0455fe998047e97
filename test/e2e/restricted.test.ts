/// <reference lib="dom" />
/**
 * Restricted Mode, in a real workbench with workspace trust on: the folder is not trusted, so
 * Marginalia only reads. Its write keybinding must say why it cannot annotate, not do nothing.
 * The screenshot is test/e2e/output/restricted-annotate.png.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CodeServer, launchBrowser, newPage, REPO_ROOT, startCodeServer } from '../integration/codeServer';
import { packageExtension } from '../sample/launch';

const OUTPUT = path.join(REPO_ROOT, 'test', 'e2e', 'output');

describe('Restricted Mode in a browser', function () {
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    server = await startCodeServer(path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), {
      vsix: packageExtension(),
      workspaceTrust: true,
      // Not asked at startup: an untrusted folder simply opens in Restricted Mode.
      settings: { 'security.workspace.trust.startupPrompt': 'never', 'workbench.startupEditor': 'none' },
    });
    browser = await launchBrowser();
    page = await newPage(browser);
    await page.goto(server.url());
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('Annotate Selection (Ctrl+Alt+M) says the workspace must be trusted, and writes nothing', async () => {
    const sidecar = path.join(server.workspace, 'marginalia.yaml');
    const before = readFileSync(sidecar, 'utf8');
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ timeout: 60_000 });
    // Open the article with Quick Open, and select its first words with the keyboard.
    await page.keyboard.press('Control+p');
    await page.locator('.quick-input-widget input').fill('harbor-talks.txt');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'harbor-talks.txt' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active[aria-label*="harbor-talks.txt"]').waitFor();
    const editor = page.locator('.editor-group-container .monaco-editor');
    await editor.locator('.view-lines', { hasText: 'Harbor talks resume' }).waitFor();
    // The hover and highlights work in Restricted Mode: the extension is running and has indexed.
    await editor.locator('.view-overlays [class*="ced-"]').first().waitFor({ timeout: 60_000 });
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Control+Alt+m');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Restricted Mode' });
    await toast.waitFor({ timeout: 15_000 });
    assert.match(await toast.innerText(), /cannot write annotations[\s\S]*Trust the workspace to annotate/);
    assert.equal(await toast.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).count(), 1);
    assert.equal(await page.locator('.quick-input-widget:visible').count(), 0, 'no prompt was opened');
    await page.screenshot({ path: path.join(OUTPUT, 'restricted-annotate.png') });
    assert.equal(readFileSync(sidecar, 'utf8'), before, 'nothing was written');
  });
});
