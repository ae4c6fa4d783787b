/**
 * Errors of the WeCom (企业微信) connector. Callers branch on `code` / `errcode` and
 * `retryable`, never on the message. Messages never carry a secret: the access token,
 * the app secret, the callback token and the EncodingAESKey stay out of them.
 */

/**
 * Why a callback could not be verified or read. Where Tencent's WXBizMsgCrypt samples
 * define a number for the same failure, `officialCode` carries it (-40001…-40008), so a
 * log line can be compared with WeCom's documentation and admin console.
 */
export type WecomCryptoErrorCode =
  | 'bad_signature' // msg_signature does not match token/timestamp/nonce/payload (-40001)
  | 'bad_xml' // the body is not the XML WeCom sends, or it declares a DOCTYPE/entities (-40002)
  | 'bad_key' // EncodingAESKey is not 43 base64 characters (-40004)
  | 'receive_id_mismatch' // decrypted, but addressed to another corp id (-40005)
  | 'bad_ciphertext' // not base64, or not whole AES blocks (-40007)
  | 'bad_padding' // PKCS#7 padding (block 32) is wrong: wrong key or tampered data (-40007)
  | 'bad_length' // the 4-byte length field points outside the plaintext (-40008)
  | 'stale_timestamp' // outside the replay window (no official code)
  | 'replayed_nonce'; // timestamp+nonce already seen within the window (no official code)

const OFFICIAL_CODES: Record<WecomCryptoErrorCode, number | null> = {
  bad_signature: -40001,
  bad_xml: -40002,
  bad_key: -40004,
  receive_id_mismatch: -40005,
  bad_ciphertext: -40007,
  bad_padding: -40007,
  bad_length: -40008,
  stale_timestamp: null,
  replayed_nonce: null,
};

export class WecomCryptoError extends Error {
  override readonly name = 'WecomCryptoError';
  readonly officialCode: number | null;
  constructor(
    readonly code: WecomCryptoErrorCode,
    message: string,
  ) {
    super(message);
    this.officialCode = OFFICIAL_CODES[code];
  }
}

export function isWecomCryptoError(e: unknown): e is WecomCryptoError {
  return e instanceof WecomCryptoError;
}

/**
 * How a WeCom API call failed:
 * - `api`: WeCom answered with a non-zero `errcode`;
 * - `http`: an HTTP status other than 200 (a proxy, or WeCom's front end in trouble);
 * - `network`: no answer at all (refused, reset, DNS);
 * - `timeout`: no answer within the client's deadline;
 * - `bad_response`: an answer we cannot read (not JSON, or fields missing).
 */
export type WecomApiErrorKind = 'api' | 'http' | 'network' | 'timeout' | 'bad_response';

/** WeCom errcodes worth another attempt later (the outbox's backoff), not an immediate retry. */
const RETRYABLE_ERRCODES = new Set([
  -1, // 系统繁忙 (system busy)
  45009, // 接口调用超过限制 (API frequency limit)
  45033, // 接口并发调用超过限制 (too many concurrent calls)
]);

/** Errcodes meaning the access token is invalid or expired: refresh it and retry once. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([
  40014, // 不合法的access_token
  42001, // access_token已过期
  40001, // 不合法的secret参数 — also returned for a token issued under a secret since reset
]);

export function isRetryableErrcode(errcode: number): boolean {
  return RETRYABLE_ERRCODES.has(errcode);
}

export class WecomApiError extends Error {
  override readonly name = 'WecomApiError';
  /** WeCom's errcode; null when WeCom gave none (network, timeout, HTTP status, unreadable body). */
  readonly errcode: number | null;
  readonly errmsg: string;
  readonly kind: WecomApiErrorKind;
  readonly retryable: boolean;
  /** The API path called (no query string, so no token). */
  readonly path: string;
  readonly status: number | null;

  constructor(init: {
    kind: WecomApiErrorKind;
    path: string;
    errcode?: number | null;
    errmsg?: string;
    status?: number | null;
    retryable?: boolean;
    cause?: unknown;
  }) {
    const errcode = init.errcode ?? null;
    const errmsg = init.errmsg ?? '';
    super(describe(init.kind, init.path, errcode, errmsg, init.status ?? null), init.cause !== undefined ? { cause: init.cause } : undefined);
    this.kind = init.kind;
    this.path = init.path;
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.status = init.status ?? null;
    this.retryable = init.retryable ?? defaultRetryable(init.kind, errcode, this.status);
  }
}

export function isWecomApiError(e: unknown): e is WecomApiError {
  return e instanceof WecomApiError;
}

function defaultRetryable(kind: WecomApiErrorKind, errcode: number | null, status: number | null): boolean {
  switch (kind) {
    case 'network':
    case 'timeout':
      return true;
    case 'http':
      return status !== null && (status >= 500 || status === 429);
    case 'api':
      return errcode !== null && isRetryableErrcode(errcode);
    case 'bad_response':
      return false;
  }
}

function describe(kind: WecomApiErrorKind, path: string, errcode: number | null, errmsg: string, status: number | null): string {
  switch (kind) {
    case 'api':
      return `WeCom ${path} failed: errcode ${errcode} ${errmsg}`.trim();
    case 'http':
      return `WeCom ${path} answered HTTP ${status}`;
    case 'network':
      return `WeCom ${path} unreachable${errmsg ? `: ${errmsg}` : ''}`;
    case 'timeout':
      return `WeCom ${path} timed out${errmsg ? ` ${errmsg}` : ''}`;
    case 'bad_response':
      return `WeCom ${path} returned an unreadable answer${errmsg ? `: ${errmsg}` : ''}`;
  }
}
