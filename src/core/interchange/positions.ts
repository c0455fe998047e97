/**
 * Offsets between Marginalia and the interchange formats. Marginalia stores UTF-16 code units of
 * the BOM-stripped text (what `TextDocument.offsetAt` gives); the W3C TextPositionSelector and
 * brat count Unicode code points. The two differ only after a character outside the Basic
 * Multilingual Plane (an emoji, a rare CJK ideograph), which is one code point and two code units.
 */

/** The code point offset of UTF-16 offset `utf16` in `text`. */
export function codePointOffset(text: string, utf16: number): number {
  let points = 0;
  for (let i = 0; i < utf16 && i < text.length; i++) {
    points++;
    if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < utf16 && isLowSurrogate(text.charCodeAt(i + 1))) i++;
  }
  return points;
}

/** The UTF-16 offset of code point offset `points` in `text` (clamped to the text's end). */
export function utf16Offset(text: string, points: number): number {
  let i = 0;
  for (let n = 0; n < points && i < text.length; n++) {
    i += isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** A corpus path as a relative IRI: each segment percent-encoded (`summit report.txt` → `summit%20report.txt`). */
export function pathToRelativeIri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
