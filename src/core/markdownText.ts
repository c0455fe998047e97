/** Sidecar and corpus text inside Markdown: as a code span, or escaped so that it shows as written. */

/**
 * Text as a Markdown code span. Nothing inside a code span is markup, and backslashes are shown
 * as they are, so the text is not escaped (that showed `accord\\-terms`): the fence is made longer
 * than any run of backticks inside, and line breaks become spaces.
 */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Escapes text from the sidecar or the corpus so Markdown shows it as written, never as markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~&$-]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}
