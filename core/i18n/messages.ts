/** Core's own messages, added to the catalogue as source `core` before any plugin. */
import type { Messages } from '../sdk.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

export const coreMessages: Messages = { 'zh-CN': zhCN, en };
