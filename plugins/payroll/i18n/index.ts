/** The payroll plugin's texts, one file per area, merged here. Keys start with `payroll.`. */
import type { Messages } from '../../../core/sdk.js';
import { common } from './common.js';
import { domain } from './domain.js';
import { notify } from './notify.js';
import { opening } from './opening.js';
import { payslips } from './payslips.js';
import { runs } from './runs.js';
import { setup } from './setup.js';

function merge(...parts: Messages[]): Messages {
  const out: Messages = { 'zh-CN': {}, en: {} };
  for (const part of parts) {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const [key, text] of Object.entries(part[locale])) {
        if (key in out[locale]) throw new Error(`payroll i18n: duplicate key ${key}`);
        out[locale][key] = text;
      }
    }
  }
  return out;
}

export const messages: Messages = merge(common, domain, setup, opening, runs, payslips, notify);
