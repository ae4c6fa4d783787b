/** Errors of the LLM runtime. Callers branch on `code`, never on the message. */
export type LlmErrorCode =
  | 'unavailable' // no LLM configured: take the offline path
  | 'timeout' // no answer within timeoutMs
  | 'unreachable' // network failure (refused, reset, DNS)
  | 'unauthorized' // HTTP 401/403
  | 'rate_limited' // HTTP 429 after retries
  | 'http' // other HTTP error status
  | 'malformed' // non-JSON body, missing choices, unreadable stream
  | 'invalid_output' // structured output failed its schema after retries
  | 'aborted'; // the caller's signal aborted

export class LlmError extends Error {
  override readonly name = 'LlmError';
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly details: { status?: number; feature?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
  }
}

export function isLlmError(e: unknown): e is LlmError {
  return e instanceof LlmError;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function causeChain(e: unknown): unknown[] {
  const out: unknown[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    out.push(cur);
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

/**
 * Map whatever the OpenAI SDK / langchain threw to an LlmError. `timedOut` and `aborted`
 * come from our own signals, which are the reliable source for those two cases.
 */
export function classifyError(
  e: unknown,
  ctx: { feature: string; timedOut: boolean; aborted: boolean; timeoutMs: number },
): LlmError {
  if (e instanceof LlmError) return e;
  const feature = ctx.feature;
  if (ctx.timedOut) return new LlmError('timeout', `LLM call timed out after ${ctx.timeoutMs} ms`, { feature, cause: e });
  if (ctx.aborted) return new LlmError('aborted', 'LLM call aborted by caller', { feature, cause: e });
  const chain = causeChain(e);
  const status = chain
    .map((c) => (c as { status?: unknown }).status)
    .find((s): s is number => typeof s === 'number');
  const msg = e instanceof Error ? e.message : String(e);
  if (status === 401 || status === 403)
    return new LlmError('unauthorized', `LLM endpoint refused the credentials (HTTP ${status})`, { status, feature, cause: e });
  if (status === 429) return new LlmError('rate_limited', 'LLM endpoint rate limit (HTTP 429)', { status, feature, cause: e });
  if (typeof status === 'number') return new LlmError('http', `LLM endpoint answered HTTP ${status}: ${msg}`, { status, feature, cause: e });
  for (const c of chain) {
    const code = (c as { code?: unknown }).code;
    const name = (c as { name?: unknown }).name;
    const cname = (c as object).constructor?.name;
    if (typeof code === 'string' && NETWORK_CODES.has(code))
      return new LlmError('unreachable', `LLM endpoint unreachable (${code})`, { feature, cause: e });
    if (cname === 'APIConnectionError' || name === 'APIConnectionError')
      return new LlmError('unreachable', `LLM endpoint unreachable: ${msg}`, { feature, cause: e });
    if (name === 'TimeoutError' || cname === 'APIConnectionTimeoutError')
      return new LlmError('timeout', `LLM call timed out after ${ctx.timeoutMs} ms`, { feature, cause: e });
  }
  if (/fetch failed|connection error|ECONNREFUSED|socket hang up/i.test(msg))
    return new LlmError('unreachable', `LLM endpoint unreachable: ${msg}`, { feature, cause: e });
  // Everything else (SyntaxError from a non-JSON body, TypeError on a missing `choices`,
  // a broken stream) means the endpoint answered something we cannot read.
  return new LlmError('malformed', `LLM endpoint returned a malformed answer: ${msg}`, { feature, cause: e });
}

/** Worth another attempt (within the same deadline). */
export function isRetryable(e: LlmError): boolean {
  return e.code === 'unreachable' || e.code === 'rate_limited' || (e.code === 'http' && (e.details.status ?? 0) >= 500);
}
