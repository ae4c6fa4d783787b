/**
 * core/ai/llm: LLM providers (OpenAI-compatible endpoints and Ollama) through langchain.
 * Importing this module does not load langchain: it is imported on the first call.
 */
export { createLlm, resolveEndpoint, extractJson, disableRemoteTracing, LLM_DEFAULTS } from './llm.js';
export type {
  Llm,
  LlmConfig,
  LlmProvider,
  LlmUsage,
  LlmUsageEvent,
  ChatMessage,
  ChatRole,
  LlmInput,
  CallOptions,
  StructuredOptions,
  CompleteResult,
  CreateLlmDeps,
} from './llm.js';
export { LlmError, isLlmError } from './errors.js';
export type { LlmErrorCode } from './errors.js';
export { Semaphore } from './semaphore.js';
