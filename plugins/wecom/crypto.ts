/**
 * WeCom's callback cryptography (WXBizMsgCrypt), pure and synchronous over node:crypto:
 *
 *   msg_signature = sha1(sort([token, timestamp, nonce, encrypt]).join('')) in hex
 *   AES key       = base64(EncodingAESKey + '=') — 32 bytes; IV = its first 16 bytes
 *   ciphertext    = AES-256-CBC(random(16) ‖ len(msg) as 4 bytes big-endian ‖ msg ‖ receiveId),
 *                   PKCS#7-padded to 32-byte blocks (not AES's 16), base64
 *
 * The receive id is the corp id for an internal app. Nothing here does IO; the callback
 * route reads the request, calls `verifyUrl` / `decryptCallback`, and answers 4xx on a
 * `WecomCryptoError` before anything in the message is acted on.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from '../../core/sdk.js';
import { WecomCryptoError } from './errors.js';
import { parseWecomXml, xmlReply } from './xml.js';

export { parseWecomXml, readXmlList, xmlReply, type XmlFields, type XmlValue } from './xml.js';

/** What the callback needs: the app's Token and EncodingAESKey, and the corp id (the receive id). */
export interface WecomCallbackConfig {
  token: string;
  aesKey: string;
  corpId: string;
}

/** WeCom's console: Token is 3–32 letters or digits; EncodingAESKey is 43 base64 characters. */
export const wecomCallbackConfigSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9]{3,32}$/, 'Token: 3 to 32 letters or digits'),
  aesKey: z.string().regex(/^[A-Za-z0-9+/]{43}$/, 'EncodingAESKey: 43 characters'),
  corpId: z.string().min(1).max(64),
});

/** The query WeCom puts on the callback URL. Missing values fail the signature check. */
export interface WecomCallbackQuery {
  msg_signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
}

const BLOCK = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** sha1 of the lexicographically sorted, concatenated parts, in lower-case hex. */
export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

function aesKeyBytes(encodingAESKey: string): Buffer {
  if (typeof encodingAESKey !== 'string' || !/^[A-Za-z0-9+/]{43}$/.test(encodingAESKey)) {
    throw new WecomCryptoError('bad_key', 'EncodingAESKey must be 43 base64 characters');
  }
  return Buffer.from(`${encodingAESKey}=`, 'base64');
}

/**
 * Encrypts `message` for `receiveId`. `random16` (16 bytes, or a 16-byte string) is only
 * for reproducing known vectors; leave it out in production.
 */
export function encrypt(encodingAESKey: string, message: string, receiveId: string, random16?: string | Uint8Array): string {
  const key = aesKeyBytes(encodingAESKey);
  const random = random16 === undefined ? randomBytes(16) : typeof random16 === 'string' ? Buffer.from(random16, 'utf8') : Buffer.from(random16);
  if (random.length !== 16) throw new Error('encrypt: random16 must be exactly 16 bytes');
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([random, length, body, Buffer.from(receiveId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/** Decrypts a WeCom ciphertext and checks its padding, length field and receive id. */
export function decrypt(encodingAESKey: string, ciphertextBase64: string, expectedReceiveId: string): string {
  const key = aesKeyBytes(encodingAESKey);
  if (typeof ciphertextBase64 !== 'string' || ciphertextBase64.length % 4 !== 0 || !BASE64.test(ciphertextBase64)) {
    throw new WecomCryptoError('bad_ciphertext', 'ciphertext is not base64');
  }
  const data = Buffer.from(ciphertextBase64, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new WecomCryptoError('bad_ciphertext', 'ciphertext is not whole AES blocks');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);

  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > BLOCK || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) {
    throw new WecomCryptoError('bad_padding', 'padding is wrong (wrong EncodingAESKey or altered ciphertext)');
  }
  const content = plain.subarray(16, plain.length - pad);
  if (content.length < 4) throw new WecomCryptoError('bad_length', 'plaintext too short for its length field');
  const length = content.readUInt32BE(0);
  if (4 + length > content.length) throw new WecomCryptoError('bad_length', 'length field points past the plaintext');
  const receiveId = content.subarray(4 + length).toString('utf8');
  if (receiveId !== expectedReceiveId) {
    throw new WecomCryptoError('receive_id_mismatch', 'message is addressed to another corp id');
  }
  return content.subarray(4, 4 + length).toString('utf8');
}

function checkSignature(token: string, query: WecomCallbackQuery, payload: string | undefined): { timestamp: string; nonce: string; payload: string } {
  const { msg_signature: given, timestamp, nonce } = query;
  if (!given || !timestamp || !nonce || !payload) {
    throw new WecomCryptoError('bad_signature', 'msg_signature, timestamp, nonce or the encrypted payload is missing');
  }
  const expected = Buffer.from(signature(token, timestamp, nonce, payload), 'utf8');
  const actual = Buffer.from(given.toLowerCase(), 'utf8');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new WecomCryptoError('bad_signature', 'msg_signature does not match');
  }
  return { timestamp, nonce, payload };
}

export interface CallbackOptions {
  /** Refuses stale timestamps and repeated nonces; consulted only once the signature is valid. */
  replayGuard?: ReplayGuard;
}

/**
 * The URL verification WeCom performs when an admin saves the callback URL (GET with
 * `msg_signature`, `timestamp`, `nonce`, `echostr`): returns the plaintext to answer with.
 */
export function verifyUrl(config: WecomCallbackConfig, query: WecomCallbackQuery, options: CallbackOptions = {}): string {
  // WeCom percent-encodes echostr, but a '+' left raw by a proxy reaches us as a space after
  // form-style decoding; base64 has no spaces, so putting '+' back is lossless.
  const echostr = query.echostr?.replaceAll(' ', '+');
  const checked = checkSignature(config.token, query, echostr);
  options.replayGuard?.check(checked.timestamp, checked.nonce);
  return decrypt(config.aesKey, checked.payload, config.corpId);
}

/**
 * An event or message POSTed to the callback: reads `<Encrypt>` from the body, checks the
 * signature (nothing is decrypted when it fails), then the replay guard, then decrypts.
 * Returns the inner XML (read it with `parseWecomXml`).
 */
export function decryptCallback(config: WecomCallbackConfig, query: WecomCallbackQuery, xmlBody: string, options: CallbackOptions = {}): string {
  const outer = parseWecomXml(xmlBody);
  const encrypted = outer.Encrypt?.trim();
  if (!encrypted) throw new WecomCryptoError('bad_xml', 'the body has no <Encrypt> element');
  const checked = checkSignature(config.token, query, encrypted);
  options.replayGuard?.check(checked.timestamp, checked.nonce);
  return decrypt(config.aesKey, checked.payload, config.corpId);
}

/** The passive reply to a callback, encrypted and signed: `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`. */
export function encryptReply(
  config: WecomCallbackConfig,
  replyXml: string,
  at: { timestamp: string; nonce: string; random16?: string | Uint8Array },
): string {
  if (!/^\d{1,12}$/.test(at.timestamp)) throw new Error('encryptReply: timestamp must be seconds since the epoch');
  const encrypted = encrypt(config.aesKey, replyXml, config.corpId, at.random16);
  return xmlReply({
    Encrypt: encrypted,
    MsgSignature: signature(config.token, at.timestamp, at.nonce, encrypted),
    TimeStamp: Number(at.timestamp),
    Nonce: at.nonce,
  });
}

export interface ReplayGuard {
  /** Throws `stale_timestamp` or `replayed_nonce`; otherwise remembers the pair. */
  check(timestamp: string, nonce: string): void;
  /** Pairs remembered now (for tests and metrics). */
  readonly size: number;
}

/**
 * Replay protection for signed callbacks. A timestamp more than `windowSeconds` away from
 * now (either way, allowing for clock skew) is refused; within the window each
 * timestamp+nonce pair is accepted once. A pair is forgotten when its timestamp leaves the
 * window — a replay after that is refused as stale anyway — so memory holds one window of
 * traffic, capped at `maxEntries` (the oldest go first). Only signed requests reach the
 * guard, so filling it takes the callback Token.
 */
export function createReplayGuard(options: { windowSeconds?: number; now?: () => number; maxEntries?: number } = {}): ReplayGuard {
  const windowSeconds = options.windowSeconds ?? 300;
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 50_000;
  if (!(windowSeconds > 0) || !(maxEntries > 0)) throw new Error('createReplayGuard: windowSeconds and maxEntries must be positive');
  /** `${timestamp}:${nonce}` → when it may be forgotten (ms). */
  const seen = new Map<string, number>();
  let lastSweep = 0;

  const sweep = (nowMs: number) => {
    if (nowMs - lastSweep < 10_000 && seen.size < maxEntries) return;
    lastSweep = nowMs;
    for (const [key, forgetAt] of seen) if (forgetAt < nowMs) seen.delete(key);
  };

  return {
    check(timestamp, nonce) {
      const nowMs = now();
      if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > windowSeconds) {
        throw new WecomCryptoError('stale_timestamp', `timestamp is more than ${windowSeconds} s away from now`);
      }
      sweep(nowMs);
      const key = `${timestamp}:${nonce}`;
      if (seen.has(key)) throw new WecomCryptoError('replayed_nonce', 'this timestamp and nonce were already used');
      seen.set(key, (Number(timestamp) + windowSeconds) * 1000);
      if (seen.size > maxEntries) seen.delete(seen.keys().next().value as string);
    },
    get size() {
      return seen.size;
    },
  };
}
