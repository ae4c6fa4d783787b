/**
 * The recruiting plugin's texts, one file per area, merged here. Keys start with
 * `recruiting.`. A new area (the pages' texts) is a file exporting `Messages` added to the
 * list below; a key defined twice stops startup.
 */
import type { Messages } from '../../../core/sdk.js';
import { common } from './common.js';
import { erasure } from './erasure.js';
import { errors } from './errors.js';
import { extra } from './extra.js';
import { pagesJobs } from './pages-jobs.js';
import { pagesPipeline } from './pages-pipeline.js';

function merge(...parts: Messages[]): Messages {
  const out: Messages = { 'zh-CN': {}, en: {} };
  for (const part of parts) {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const [key, text] of Object.entries(part[locale])) {
        if (key in out[locale]) throw new Error(`recruiting i18n: duplicate key ${key}`);
        out[locale][key] = text;
      }
    }
  }
  return out;
}

export const messages: Messages = merge(common, errors, extra, pagesJobs, pagesPipeline, erasure);
