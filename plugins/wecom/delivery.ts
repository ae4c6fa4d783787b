/**
 * Turning the core's platform-neutral notification into WeCom application messages (pure).
 *
 * WeCom's limits (应用消息 → 文本卡片消息): title ≤ 128 bytes, description ≤ 512 bytes,
 * url ≤ 2048 bytes, button text ≤ 4 characters, ≤ 1000 users per call. WeCom would cut a
 * long title itself, mid-character; we cut on a character boundary and mark the cut with
 * "…". A message without a link cannot be a card: it goes as plain text (≤ 2048 bytes).
 */
import type { OutgoingMessage } from '../../core/sdk.js';
import type { WecomMessage } from './client.js';

export const LIMITS = {
  titleBytes: 128,
  descriptionBytes: 512,
  urlBytes: 2048,
  buttonChars: 4,
  textBytes: 2048,
  usersPerCall: 1000,
} as const;

const ELLIPSIS = '…';
const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * `text` cut to at most `maxBytes` of UTF-8, on a code point boundary, ending in "…" when
 * cut. Emoji and rare characters (𠮷, 4 bytes) are never split in half.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Length(ELLIPSIS);
  let out = '';
  let used = 0;
  for (const ch of text) {
    const size = utf8Length(ch);
    if (used + size > budget) break;
    out += ch;
    used += size;
  }
  return out.trimEnd() + ELLIPSIS;
}

/** At most `max` characters (code points), for the card's button. */
export function truncateChars(text: string, max: number): string {
  return [...text].slice(0, max).join('');
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The body of one message without its recipients. */
export type WecomContent =
  | { msgtype: 'textcard'; textcard: { title: string; description: string; url: string; btntxt?: string } }
  | { msgtype: 'text'; text: { content: string } };

/**
 * The WeCom content for a notification: a text card when it links to a page (and the link
 * fits), plain text otherwise. An empty description repeats the title: WeCom refuses a
 * card without one.
 */
export function contentFor(message: OutgoingMessage): WecomContent {
  const title = message.title.trim() || message.category;
  const description = message.description.trim();
  const url = message.url && /^https?:\/\//.test(message.url) && utf8Length(message.url) <= LIMITS.urlBytes ? message.url : null;
  if (url) {
    const button = truncateChars(message.buttonText.trim(), LIMITS.buttonChars);
    return {
      msgtype: 'textcard',
      textcard: {
        title: truncateUtf8(title, LIMITS.titleBytes),
        description: truncateUtf8(description || title, LIMITS.descriptionBytes),
        url,
        ...(button ? { btntxt: button } : {}),
      },
    };
  }
  const body = description ? `${title}\n${description}` : title;
  return { msgtype: 'text', text: { content: truncateUtf8(body, LIMITS.textBytes) } };
}

/** One call per ≤1000 distinct recipients. */
export function messagesFor(message: OutgoingMessage, remoteUserIds: readonly string[]): WecomMessage[] {
  const content = contentFor(message);
  const unique = [...new Set(remoteUserIds.filter((id) => id.length > 0))];
  return chunk(unique, LIMITS.usersPerCall).map((touser) => ({ ...content, touser }));
}
