/**
 * The sidecar's bytes as text, losslessly. A sidecar must be UTF-8; one that is not is read all the
 * same (so its problems have a line and column) but never written: every byte that is not part of
 * valid UTF-8 becomes a lone surrogate U+DC80–U+DCFF (Python's "surrogateescape"). No valid UTF-8
 * decodes to a lone surrogate, so the text says exactly where the file is broken, two different
 * files never read as the same text, and the text cannot be encoded back by mistake.
 */

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes a sidecar file; a BOM is kept (the reader removes it), invalid bytes are escaped. */
export function decodeSidecarBytes(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // Not UTF-8: the slow path below, only for a file that is going to be refused.
  }
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    parts.push(strictUtf8.decode(bytes.subarray(start, i)), String.fromCharCode(0xdc00 + bytes[i]));
    start = ++i;
  }
  parts.push(strictUtf8.decode(bytes.subarray(start)));
  return parts.join('');
}

/** The length of the well-formed UTF-8 sequence at `i` (RFC 3629), or 0 when there is none. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i];
  if (lead < 0x80) return 1;
  const continuation = (k: number, low = 0x80, high = 0xbf): boolean => i + k < bytes.length && bytes[i + k] >= low && bytes[i + k] <= high;
  if (lead >= 0xc2 && lead <= 0xdf) return continuation(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const [low, high] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

/** `String.prototype.isWellFormed` (Node 20): the fast answer for the usual, valid text. */
const isWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Where text stops being encodable as UTF-8 (a lone surrogate: an escaped byte of a file that is not
 * UTF-8), with the byte when it is one; undefined when all of it is.
 */
export function firstUnencodable(text: string): { offset: number; byte?: number } | undefined {
  if (isWellFormed?.call(text)) return undefined;
  const match = LONE_SURROGATE.exec(text);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  return { offset: match.index, byte: code >= 0xdc80 && code <= 0xdcff ? code - 0xdc00 : undefined };
}
