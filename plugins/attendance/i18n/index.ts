/** The attendance plugin's texts, one file per area, merged here. Keys start with `attendance.`. */
import type { Messages } from '../../../core/sdk.js';
import { common } from './common.js';
import { leave } from './leave.js';
import { notify } from './notify.js';
import { reports } from './reports.js';
import { time } from './time.js';

function merge(...parts: Messages[]): Messages {
  const out: Messages = { 'zh-CN': {}, en: {} };
  for (const part of parts) {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const [key, text] of Object.entries(part[locale])) {
        if (key in out[locale]) throw new Error(`attendance i18n: duplicate key ${key}`);
        out[locale][key] = text;
      }
    }
  }
  return out;
}

export const messages: Messages = merge(common, leave, time, reports, notify);
