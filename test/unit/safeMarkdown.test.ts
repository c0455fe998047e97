/**
 * Notes rendered as Markdown, safely. Each case is checked twice: on the Markdown the sanitiser
 * writes, and on the HTML a CommonMark renderer makes of it with raw HTML *enabled* and bare URLs
 * linked (markdown-it, a devDependency for this test) — a stricter reader than VS Code's hover,
 * which has HTML off: whatever passes here passes there.
 */
import * as assert from 'node:assert/strict';
import { safeNoteMarkdown } from '../../src/core/safeMarkdown';

interface MarkdownRenderer {
  render(markdown: string): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options: { html: boolean; linkify: boolean }) => MarkdownRenderer;
const renderer = new MarkdownIt({ html: true, linkify: true });

const ALLOWED = ['marginalia.openPassage', 'marginalia.openSidecar'];
const safe = (note: string): string => safeNoteMarkdown(note, { allowedCommands: ALLOWED });
const html = (note: string): string => renderer.render(safe(note));

/** Every href in rendered HTML, decoded as a browser would read the attribute. */
function hrefs(rendered: string): string[] {
  return [...rendered.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"'));
}

/** Tags in rendered HTML other than the ones plain Markdown makes. */
function foreignTags(rendered: string): string[] {
  return [...rendered.matchAll(/<\/?([A-Za-z][\w-]*)/g)].map((m) => m[1].toLowerCase()).filter((tag) => !['p', 'a', 'em', 'strong', 'code', 'pre', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'br', 'blockquote', 's', 'del', 'hr'].includes(tag));
}

/** The text a reader sees: tags removed, entities decoded. */
function shown(rendered: string): string {
  return rendered.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&').trim();
}

describe('safeNoteMarkdown', () => {
  it('keeps ordinary Markdown: emphasis, lists, code, web links, line breaks', () => {
    const rendered = html('**Key** clause, *not* final.\n\n- one\n- two\n\nSee `art. 4` and [the text](https://example.org/treaty?a=1&b=2).\nSecond line.');
    assert.match(rendered, /<strong>Key<\/strong>/);
    assert.match(rendered, /<em>not<\/em>/);
    assert.match(rendered, /<li>one<\/li>/);
    assert.match(rendered, /<code>art\. 4<\/code>/);
    assert.deepEqual(hrefs(rendered), ['https://example.org/treaty?a=1&b=2']);
    assert.match(rendered, /<br>\s*Second line/, 'a line break is kept');
  });

  it('allows http, https and mailto links and autolinks', () => {
    assert.deepEqual(hrefs(html('[a](http://example.org) [b](<https://example.org/a(b)>) <https://example.org/c> [m](mailto:desk@example.org) <desk@example.org>')), [
      'http://example.org',
      'https://example.org/a(b)',
      'https://example.org/c',
      'mailto:desk@example.org',
      'mailto:desk@example.org',
    ]);
  });

  const shownAsText: [string, string, string][] = [
    ['an HTML tag', '<b>bold</b> <script>alert(1)</script>', '<b>bold</b> <script>alert(1)</script>'],
    ['an image with onerror', '<img src=x onerror="alert(1)">', '<img src=x onerror="alert(1)">'],
    ['an HTML block', '<div onclick="x()">\nhello\n</div>', '<div onclick="x()">\nhello\n</div>'],
    ['a command link', '[run](command:workbench.action.terminal.new)', '[run](command:workbench.action.terminal.new)'],
    ['a Marginalia command that writes', '[x](command:marginalia.deleteAnnotation?%5B%7B%22annotationId%22%3A%22n1%22%2C%22confirmed%22%3Atrue%7D%5D)', '[x](command:marginalia.deleteAnnotation?%5B%7B%22annotationId%22%3A%22n1%22%2C%22confirmed%22%3Atrue%7D%5D)'],
    ['an autolink to a command', '<command:marginalia.annotateSelection>', '<command:marginalia.annotateSelection>'],
    ['a file link', '[passwords](file:///etc/passwd)', '[passwords](file:///etc/passwd)'],
    ['a javascript link', '[x](javascript:alert(1))', '[x](javascript:alert(1))'],
    ['a vscode link', '[x](vscode://settings/security)', '[x](vscode://settings/security)'],
    ['a data link', '[x](data:text/html;base64,PHNjcmlwdD4=)', '[x](data:text/html;base64,PHNjcmlwdD4=)'],
    ['a reference-style link to a command', '[go][r]\n\n[r]: command:workbench.action.openSettings', '[go][r]\n\n[r]: command:workbench.action.openSettings'],
    ['a collapsed reference link', '[r][]\n\n[r]: command:evil', '[r][]\n\n[r]: command:evil'],
    ['an image', '![tracker](pixel.png)', '![tracker](pixel.png)'],
    ['a link in a code span', '`[x](command:evil)` and `<img onerror=x>`', '[x](command:evil) and <img onerror=x>'],
    ['an entity-encoded scheme', '[x](&#99;ommand:evil) [y](javascript&colon;alert(1)) [z](&#x6A;avascript:alert(1))', '[x](&#99;ommand:evil) [y](javascript&colon;alert(1)) [z](&#x6A;avascript:alert(1))'],
    ['a backslash-escaped scheme', '[x](java\\script:alert(1))', '[x](java\\script:alert(1))'],
    ['a percent-encoded command name', '[x](command:marginalia.openPassag%65)', '[x](command:marginalia.openPassag%65)'],
  ];
  for (const [name, note] of shownAsText) {
    it(`shows ${name} as text: no tag, no link`, () => {
      const rendered = html(note);
      assert.deepEqual(hrefs(rendered), [], rendered);
      assert.deepEqual(foreignTags(rendered), [], rendered);
      assert.doesNotMatch(rendered, /<img|<script|<div/i, rendered);
    });
  }

  it('shows what was written, character for character, where it is not Markdown', () => {
    assert.equal(shown(html('<img src=x onerror="alert(1)">')), '<img src=x onerror="alert(1)">');
    assert.equal(shown(html('[run](command:workbench.action.terminal.new)')), '[run](command:workbench.action.terminal.new)');
    const webImage = html('![tracker](https://example.org/p.png)');
    assert.doesNotMatch(webImage, /<img/, 'an image from the web is not loaded');
    assert.equal(shown(webImage), '![tracker](https://example.org/p.png)');
    assert.equal(shown(html('`<b>`')), '<b>');
    assert.equal(shown(html('C:\\path\\to a \\ b')), 'C:\\path\\to a \\ b');
    assert.equal(shown(html('costs $(5)')), 'costs $(5)');
  });

  it('decodes a destination before checking it: an entity-spelled web address works, the link written is the one checked', () => {
    assert.deepEqual(hrefs(html('[x](https&#58;//example.org/a&amp;b)')), ['https://example.org/a&b']);
    assert.equal(safe('[x](https&#58;//example.org/a&amp;b)'), '[x](<https://example.org/a&amp;b>)');
  });

  it('lets a link to an allowed command through, with its arguments', () => {
    const target = `command:marginalia.openPassage?${encodeURIComponent(JSON.stringify([{ annotationId: 'n1' }]))}`;
    assert.deepEqual(hrefs(html(`[see n1](${target}) and [the index](command:marginalia.openSidecar)`)), [target, 'command:marginalia.openSidecar']);
    assert.deepEqual(hrefs(html('[x](command:marginalia.openPassage?not-json)')), [], 'arguments that are not a JSON list');
  });

  it('handles nested brackets in link text, and never nests a link', () => {
    const rendered = html('[the [draft] text](https://example.org/d)');
    assert.deepEqual(hrefs(rendered), ['https://example.org/d']);
    assert.equal(shown(rendered), 'the [draft] text');
    const nested = html('[outer [inner](https://example.org/i)](command:evil)');
    assert.deepEqual(hrefs(nested), ['https://example.org/i'], nested);
    const inText = html('[a [b](command:evil) c](https://example.org/ok)');
    assert.deepEqual(hrefs(inText), ['https://example.org/ok'], inText);
    assert.equal(shown(inText), 'a [b](command:evil) c');
  });

  it('keeps a fenced code block literal, with a fence nothing inside can close', () => {
    const rendered = html('~~~js\n<img src=x onerror=alert(1)>\n```\n[x](command:evil)\n~~~\nafter');
    assert.deepEqual(hrefs(rendered), []);
    assert.deepEqual(foreignTags(rendered), []);
    assert.match(rendered, /<pre><code class="language-js">&lt;img src=x onerror=alert\(1\)&gt;\n```\n\[x\]\(command:evil\)\n<\/code><\/pre>\n<p>after<\/p>/);
    const unclosed = html('```\n[x](command:evil)');
    assert.deepEqual(hrefs(unclosed), [], 'a fence left open runs to the end');
  });

  it('closes nothing it did not open: unmatched backticks and brackets stay text', () => {
    const rendered = html('one `` two [three](four `five <six');
    assert.deepEqual(hrefs(rendered), []);
    assert.equal(shown(rendered), 'one `` two [three](four `five <six');
  });

  it('writes no raw HTML-opening character outside its own link destinations', () => {
    const nasty = '<a href="command:x">x</a> &lt;img&gt; <!-- c --> <?php ?> <![CDATA[x]]> [a](<command:x>) ![i](x) \\<b>';
    const markdown = safe(nasty);
    assert.doesNotMatch(markdown.replace(/\]\(<[^>]*>\)/g, ''), /(?<!\\)</, markdown);
    assert.deepEqual(foreignTags(renderer.render(markdown)), []);
    assert.deepEqual(hrefs(renderer.render(markdown)), []);
  });
});
