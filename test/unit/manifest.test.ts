/**
 * The manifest and the code agree: every command and view the code registers is declared in
 * package.json with a title, and package.json declares nothing the code does not register.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, CONTEXT_KEYS, VIEWS } from '../../src/vscode/ids';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

describe('package.json', () => {
  it('declares exactly the commands the code registers', () => {
    const declared = contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, Object.values(COMMANDS).sort());
    for (const command of contributes.commands) assert.ok(command.title && command.category === 'Marginalia', command.command);
  });

  it('uses only known commands in menus and keybindings', () => {
    const known = new Set<string>(Object.values(COMMANDS));
    const used = [
      ...Object.values(contributes.menus as Record<string, { command: string }[]>).flat().map((m) => m.command),
      ...contributes.keybindings.map((k: { command: string }) => k.command),
    ];
    for (const command of used) assert.ok(known.has(command), `${command} is not a Marginalia command`);
  });

  it('declares the views and their container', () => {
    assert.deepEqual(contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id), [VIEWS.container]);
    assert.deepEqual(contributes.views[VIEWS.container].map((v: { id: string }) => v.id), [VIEWS.actors, VIEWS.annotations]);
  });

  it('gives every setting a description and a default', () => {
    for (const [key, setting] of Object.entries(contributes.configuration.properties as Record<string, { description?: string; markdownDescription?: string; default?: unknown }>)) {
      assert.ok(setting.description || setting.markdownDescription, key);
      assert.ok(setting.default !== undefined, key);
    }
  });

  it('uses context keys the code sets', () => {
    const text = JSON.stringify(contributes.menus) + JSON.stringify(contributes.viewsWelcome) + JSON.stringify(contributes.keybindings);
    const keys = [...text.matchAll(/marginalia\.(active|annotationsByTag|annotationsFiltered|refusedEdit)\b/g)].map((m) => `marginalia.${m[1]}`);
    for (const key of keys) assert.ok((Object.values(CONTEXT_KEYS) as string[]).includes(key), key);
  });

  it('is read-only in untrusted workspaces and points at bundled files', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.equal(manifest.main, './dist/extension.js');
    for (const file of [contributes.grammars[0].path, contributes.yamlValidation[0].url, contributes.languages[0].configuration, contributes.viewsContainers.activitybar[0].icon]) {
      assert.doesNotThrow(() => readFileSync(path.join(root, file)), file);
    }
  });
});
