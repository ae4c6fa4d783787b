/**
 * Why a document's text could not be extracted. `code` is stable; `messageKey`
 * (`core.ai.extract.<code>`) and `params` go to i18n (`aiMessages` in core/ai/i18n.ts)
 * for the message a person reads; `message` is an English fallback for logs.
 */
export type ExtractErrorCode = 'too_large' | 'too_many_pages' | 'too_slow' | 'corrupt' | 'encrypted' | 'unsupported';

export type ExtractErrorParams = Record<string, string | number>;

export class ExtractError extends Error {
  override readonly name = 'ExtractError';
  readonly messageKey: string;

  constructor(
    readonly code: ExtractErrorCode,
    message: string,
    readonly params: ExtractErrorParams = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.messageKey = `core.ai.extract.${code}`;
  }
}

export const isExtractError = (e: unknown): e is ExtractError => e instanceof ExtractError;
