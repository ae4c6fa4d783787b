/**
 * core/ai: the AI runtime's building blocks. Importing this module is cheap: jieba, pdf.js,
 * langchain and transformers.js each load on first use (see text/, extract/, llm/, embed/).
 * The kernel builds one `AiRuntime` (runtime.ts) from hr.config.ts; plugins get `ctx.ai`.
 */
export * from './text/index.js';
export * from './extract/index.js';
export { aiMessages } from './i18n.js';
export * from './llm/index.js';
export * from './embed/index.js';
