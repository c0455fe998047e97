/**
 * An article's headline: what to call an article the sidecar gives no `title`. Articles are often
 * saved with hashed file names (`000_8af6b316….txt`); their first line is usually the headline.
 */

/** A first line longer than this is the start of a paragraph, not a headline. */
export const MAX_HEADLINE_LENGTH = 120;

/**
 * Bylines, which some articles start with instead of a headline: `By Mara Quill, …`,
 * `Translated by …` (also `Translated from the Velsanian by …`), and an author in parentheses
 * (`(Tzou Wen-Feng, Assistant Professor, …)`).
 */
const BYLINE = /^(?:by\s|translated\b.*\bby\b|\(.*\)$)/iu;

/**
 * The headline of an article's text: its first non-empty line, trimmed, when that line is short
 * (at most {@link MAX_HEADLINE_LENGTH} characters) and is not a byline; else undefined.
 * A BOM and any kind of line break (LF, CRLF, CR) are accepted.
 */
export function headlineOf(text: string): string | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Only the first non-empty line is looked at: no need to split a long article.
  const first = /\S/u.exec(body);
  if (!first) return undefined;
  const lineEnd = body.slice(first.index).search(/[\r\n\u2028\u2029]/u);
  const line = (lineEnd === -1 ? body.slice(first.index) : body.slice(first.index, first.index + lineEnd)).trim();
  if (line.length > MAX_HEADLINE_LENGTH || BYLINE.test(line)) return undefined;
  return line;
}
