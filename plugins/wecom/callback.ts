/**
 * The callback endpoint's logic, free of HTTP: WeCom's URL verification (GET) and message
 * and event reception (POST) → the answer to send.
 *
 * Order matters: the signature is checked before anything is decrypted, the replay guard
 * after the signature (so only signed requests can fill it), and nothing is acted on unless
 * all of it passed. A request WeCom repeats because our first answer was late is answered
 * 200 and not acted on twice: its timestamp+nonce is known to the replay guard, and after a
 * restart its message key is known to `firstTime`.
 */
import { randomBytes } from 'node:crypto';
import { decryptCallback, encryptReply, verifyUrl, type ReplayGuard, type WecomCallbackConfig, type WecomCallbackQuery } from './crypto.js';
import { isWecomCryptoError, type WecomCryptoErrorCode } from './errors.js';
import { readInbound, textReplyXml, type InboundMessage } from './inbound.js';

/** WeCom's callbacks are a few KB; anything much larger is not one. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

export interface CallbackAnswer {
  status: number;
  contentType: 'text/plain; charset=utf-8' | 'application/xml; charset=utf-8';
  body: string;
}

export interface CallbackLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface CallbackDeps {
  /** Token, EncodingAESKey and corp id, or null while they are not configured. */
  config(): WecomCallbackConfig | null;
  replayGuard: ReplayGuard;
  now(): number;
  /**
   * Acts on one message, once: `accept(message)` runs inside `once(key, …)`, which returns
   * null without calling it when the key was already handled. Returns the text of a
   * passive reply, or null for none.
   */
  once(key: string, accept: () => string | null): { handled: true; reply: string | null } | { handled: false };
  accept(message: InboundMessage): string | null;
  log: CallbackLog;
}

const text = (status: number, body: string): CallbackAnswer => ({ status, contentType: 'text/plain; charset=utf-8', body });

/** Why a callback was refused, in words short enough for WeCom's console to show. */
function refusal(code: WecomCryptoErrorCode): CallbackAnswer {
  switch (code) {
    case 'bad_signature':
      return text(403, 'invalid msg_signature');
    case 'stale_timestamp':
      return text(403, 'timestamp outside the allowed window');
    case 'bad_key':
      // Our own configuration, not the request: the admin must look at the EncodingAESKey.
      return text(500, 'callback EncodingAESKey is misconfigured');
    default:
      return text(400, 'unreadable callback');
  }
}

/** GET with msg_signature, timestamp, nonce, echostr: answer the decrypted echostr. */
export function answerVerification(deps: CallbackDeps, query: WecomCallbackQuery): CallbackAnswer {
  const config = deps.config();
  if (!config) return text(503, 'WeCom callback is not configured (Token and EncodingAESKey)');
  try {
    // No nonce memory here: verification has no effect, and WeCom may verify twice.
    return text(200, verifyUrl(config, query));
  } catch (e) {
    if (!isWecomCryptoError(e)) throw e;
    deps.log.warn({ code: e.code, officialCode: e.officialCode }, 'wecom callback verification refused');
    return refusal(e.code);
  }
}

/** POST: verify, decrypt, act once, and answer (an encrypted passive reply, or empty). */
export function answerCallback(deps: CallbackDeps, query: WecomCallbackQuery, body: string): CallbackAnswer {
  const config = deps.config();
  if (!config) return text(503, 'WeCom callback is not configured (Token and EncodingAESKey)');
  if (Buffer.byteLength(body, 'utf8') > MAX_CALLBACK_BYTES) return text(413, 'callback too large');
  let message: InboundMessage;
  try {
    message = readInbound(decryptCallback(config, query, body, { replayGuard: deps.replayGuard }));
  } catch (e) {
    if (!isWecomCryptoError(e)) throw e;
    if (e.code === 'replayed_nonce') {
      // WeCom repeating a callback we already took: say so, do nothing again.
      deps.log.info({ code: e.code }, 'wecom callback repeated; already handled');
      return text(200, '');
    }
    deps.log.warn({ code: e.code, officialCode: e.officialCode }, 'wecom callback refused');
    return refusal(e.code);
  }

  const outcome = deps.once(message.key, () => deps.accept(message));
  if (!outcome.handled) {
    deps.log.info({ kind: message.kind, key: message.key }, 'wecom callback repeated; already handled');
    return text(200, '');
  }
  if (outcome.reply === null || !('fromUserId' in message) || !message.fromUserId) return text(200, '');
  const seconds = Math.floor(deps.now() / 1000);
  const reply = encryptReply(config, textReplyXml(message.fromUserId, config.corpId, outcome.reply, seconds), {
    timestamp: String(seconds),
    nonce: randomBytes(8).toString('hex'),
  });
  return { status: 200, contentType: 'application/xml; charset=utf-8', body: reply };
}
