/**
 * Notes are Markdown written by whoever shared the sidecar, so they are rendered, but only as far
 * as is safe: emphasis, lists, headings, code and links to ordinary web addresses (or to commands
 * the caller allows) keep their meaning; HTML, images, reference-style links and links anywhere
 * else are shown as the text that was written.
 *
 * The note is not filtered but rebuilt: every character that could open HTML, an image or a link
 * is escaped, and the links that pass are written out again from what was checked — so the
 * renderer's reading of the result can never differ from what was checked (entities and backslash
 * escapes in a destination are decoded before the check, and the checked address is written with
 * nothing left to decode). Code spans and fenced code blocks are written with fences of our own,
 * longer than any run of backticks inside, so nothing in them is markup.
 */
import { markdownCode } from './markdownText';

export interface SafeMarkdownOptions {
  /**
   * Commands a `command:` link may run, with any arguments: only commands that write nothing
   * belong here (opening a passage, say). Every other command link is shown as text.
   */
  allowedCommands?: readonly string[];
}

/** A note as Markdown that renders what it says, with no HTML and no link but the allowed ones. */
export function safeNoteMarkdown(note: string, options: SafeMarkdownOptions = {}): string {
  const lines = note.split(/\r\n|\r|\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (fence && !(fence[1][0] === '`' && fence[2].includes('`'))) {
      // A fenced code block: its lines are literal. It runs to a closing fence or the note's end.
      const closing = new RegExp(`^ {0,3}${fence[1][0] === '`' ? '`' : '~'}{${fence[1].length},}\\s*$`);
      const body: string[] = [];
      for (i++; i < lines.length && !closing.test(lines[i]); i++) body.push(lines[i]);
      out.push(...codeBlock(body, fence[2].trim()));
      continue;
    }
    const line = inline(lines[i], options, true);
    // A line break in a note is kept (as on GitHub): a hard break unless a blank line follows.
    const next = lines[i + 1];
    out.push(next !== undefined && next.trim() !== '' && line.trim() !== '' ? `${line}  ` : line);
  }
  return out.join('\n');
}

function codeBlock(body: string[], info: string): string[] {
  const longest = Math.max(2, ...body.flatMap((line) => line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // Only a plain language name is kept from the info string.
  const language = /^[\w+#.-]+$/.test(info) ? info : '';
  return [`${fence}${language}`, ...body, fence];
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Characters escaped wherever they stand in text: they could open HTML, an image or a link, or a theme icon. */
const ESCAPED = new Set(['[', ']', '<', '!', '$']);

/** One line of inline Markdown, rebuilt; `links` is false inside a link's own text. */
function inline(text: string, options: SafeMarkdownOptions, links: boolean): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      // An escape is kept as it is (it already shows the next character as text); a lone backslash is escaped.
      if (i + 1 < text.length && ASCII_PUNCTUATION.test(text[i + 1])) {
        out += text.slice(i, i + 2);
        i += 2;
      } else {
        out += '\\\\';
        i++;
      }
      continue;
    }
    if (c === '`') {
      const span = codeSpanAt(text, i);
      if (span) {
        out += markdownCode(span.content);
        i = span.end;
      } else {
        const run = /^`+/.exec(text.slice(i))![0];
        out += '\\`'.repeat(run.length);
        i += run.length;
      }
      continue;
    }
    if (c === '!' && text[i + 1] === '[') {
      // An image, even from the web, is not shown: it would load something as the hover opens.
      out += '\\!\\[';
      i += 2;
      continue;
    }
    if (c === '[' && links) {
      const link = inlineLinkAt(text, i);
      const href = link && allowedHref(link.destination, options);
      if (link && href !== undefined) {
        out += `[${inline(link.text, options, false)}](<${href.replace(/&/g, '&amp;')}>)`;
        i = link.end;
        continue;
      }
    }
    if (c === '<' && links) {
      const auto = autolinkAt(text, i);
      const href = auto && allowedHref(auto.href, options);
      if (auto && href !== undefined) {
        out += `[${inline(auto.label, options, false)}](<${href.replace(/&/g, '&amp;')}>)`;
        i = auto.end;
        continue;
      }
    }
    out += ESCAPED.has(c) ? `\\${c}` : c;
    i++;
  }
  return out;
}

/** A code span opening at `start`: a backtick run closed by a run of the same length (CommonMark). */
function codeSpanAt(text: string, start: number): { content: string; end: number } | undefined {
  const run = /^`+/.exec(text.slice(start))![0].length;
  const closer = /`+/g;
  closer.lastIndex = start + run;
  for (let m = closer.exec(text); m; m = closer.exec(text)) {
    if (m[0].length !== run) continue;
    let content = text.slice(start + run, m.index);
    if (content.length >= 2 && content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') content = content.slice(1, -1);
    return { content, end: m.index + run };
  }
  return undefined;
}

/**
 * An inline link `[text](destination "title")` opening at `start`: brackets balanced, escapes and
 * code spans skipped as CommonMark does. Anything else (a reference link, a bare `[x]`) is not one.
 */
function inlineLinkAt(text: string, start: number): { text: string; destination: string; end: number } | undefined {
  let depth = 0;
  let i = start;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '`') {
      const span = codeSpanAt(text, i);
      i = (span ? span.end : i + /^`+/.exec(text.slice(i))![0].length) - 1;
    } else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) break;
  }
  if (depth !== 0 || text[i + 1] !== '(') return undefined;
  const label = text.slice(start + 1, i);
  i += 2;
  while (text[i] === ' ' || text[i] === '\t') i++;
  let raw = '';
  if (text[i] === '<') {
    const close = /^<((?:\\.|[^\\<>])*)>/.exec(text.slice(i));
    if (!close) return undefined;
    raw = close[1];
    i += close[0].length;
  } else {
    let parens = 0;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\\' && i + 1 < text.length) {
        raw += text.slice(i, i + 2);
        i++;
        continue;
      }
      if (c === ' ' || c === '\t' || c.charCodeAt(0) < 0x20) break;
      if (c === '(') parens++;
      if (c === ')' && parens-- === 0) break;
      raw += c;
    }
  }
  while (text[i] === ' ' || text[i] === '\t') i++;
  const title = /^(?:"(?:\\.|[^\\"])*"|'(?:\\.|[^\\'])*'|\((?:\\.|[^\\()])*\))/.exec(text.slice(i));
  if (title) {
    i += title[0].length;
    while (text[i] === ' ' || text[i] === '\t') i++;
  }
  if (text[i] !== ')') return undefined;
  return { text: label, destination: decodeDestination(raw), end: i + 1 };
}

/** An autolink `<scheme:…>` or `<name@host>` opening at `start` (CommonMark's definition). */
function autolinkAt(text: string, start: number): { label: string; href: string; end: number } | undefined {
  const rest = text.slice(start);
  const uri = /^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\p{Cc}]*)>/u.exec(rest);
  if (uri) return { label: uri[1], href: uri[1], end: start + uri[0].length };
  const email = /^<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/.exec(rest);
  if (email) return { label: email[1], href: `mailto:${email[1]}`, end: start + email[0].length };
  return undefined;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', sol: '/', bsol: '\\', lpar: '(', rpar: ')',
  period: '.', commat: '@', excl: '!', quest: '?', num: '#', percnt: '%', equals: '=', plus: '+', nbsp: '\u00a0',
  Tab: '\t', NewLine: '\n', lsqb: '[', rsqb: ']', lbrack: '[', rbrack: ']', semi: ';', comma: ',', hyphen: '-', dash: '-', lowbar: '_',
};

/**
 * A link destination as a renderer reads it: backslash escapes and character references decoded.
 * A reference this table does not know stays as written, and so stays in the checked address.
 */
function decodeDestination(raw: string): string {
  return raw.replace(/\\([!-/:-@[-`{-~])|&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/g, (whole, escaped: string | undefined, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (escaped !== undefined) return escaped;
    if (name !== undefined) return NAMED_ENTITIES[name] ?? whole;
    const code = parseInt(hex ?? decimal!, hex !== undefined ? 16 : 10);
    return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
  });
}

/**
 * The address a link may have, or undefined: a web address (`http`, `https` with a host), `mailto:`,
 * or an allowed command. Nothing that a renderer could read another way: no space, control
 * character, quote, angle bracket, backslash or percent-encoded command name.
 */
function allowedHref(href: string, options: SafeMarkdownOptions): string | undefined {
  if (/[\s\p{Cc}<>"`\\]/u.test(href)) return undefined;
  if (/^https?:\/\/[^/?#@:]/i.test(href)) return href;
  if (/^mailto:[^/?#]/i.test(href)) return href;
  const command = /^command:([A-Za-z0-9._-]+)(?:\?(.*))?$/.exec(href);
  if (command && (options.allowedCommands ?? []).includes(command[1])) {
    if (command[2] === undefined) return href;
    // Arguments are a URI-encoded JSON array, as VS Code expects; anything else is not a command link.
    try {
      return Array.isArray(JSON.parse(decodeURIComponent(command[2]))) ? href : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
