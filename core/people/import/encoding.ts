/**
 * Text encoding of uploaded CSV files. Chinese Excel saves "CSV" as GBK (GB18030
 * is its superset); newer Excel and most tools save UTF-8, sometimes with a BOM.
 * A strict UTF-8 decode fails on GBK bytes almost always (GBK lead bytes 0x81–0xFE
 * followed by 0x40–0xFE rarely form valid UTF-8 sequences), so: strict UTF-8
 * first, GB18030 when that fails.
 */
import iconv from 'iconv-lite';

export type DetectedEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: DetectedEncoding;
  /** Whether a byte-order mark was present (and stripped). */
  bom: boolean;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  }
  // Excel's "Unicode text" export is UTF-16LE with a BOM.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'utf-16be', bom: true };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bom: false };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030', bom: false };
  }
}
