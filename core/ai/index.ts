/**
 * core/ai: the AI runtime's offline building blocks. Importing this module is cheap:
 * jieba and pdfjs-dist load on first use (see text/index.ts and extract/index.ts).
 */
export * from './text/index.js';
export * from './extract/index.js';
export { aiMessages } from './i18n.js';
export * from './llm/index.js';
