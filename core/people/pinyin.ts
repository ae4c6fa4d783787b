/**
 * Names as people type them into a search box: full pinyin and initials.
 * 张三 → { full: 'zhangsan', initials: 'zs' }, so typing `zs` or `zhangs` finds him.
 *
 * pinyin-pro's surname mode reads the first characters of a name as a surname,
 * where several common ones sound different from the everyday word: 单 shan (not
 * dan), 曾 zeng (not ceng), 解 xie (not jie), 区 ou, 仇 qiu, 朴 piao, 尉迟 yuchi.
 * ü is written `v` (吕 → lv), which is what pinyin keyboards expect.
 *
 * Latin names pass through, lower-cased and without accents: `José Li` →
 * { full: 'joseli', initials: 'jl' }.
 */
import type * as PinyinPro from 'pinyin-pro';
import { lazy } from '../util/lazy.js';

const pinyinPro = lazy<typeof PinyinPro>('pinyin-pro');

export interface NamePinyin {
  /** Lower case, no tones, no spaces. */
  full: string;
  /** First letter of each syllable (Chinese) or word (Latin). */
  initials: string;
}

// Runs of Han characters, or of other letters and digits (a Latin word).
const TOKENS = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu;

function latin(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export function namePinyin(name: string): NamePinyin {
  let full = '';
  let initials = '';
  let first = true;
  for (const m of name.trim().matchAll(TOKENS)) {
    if (m[1]) {
      // Surname readings apply only where a surname stands: at the start of the name.
      const syllables = pinyinPro().pinyin(m[1], { toneType: 'none', type: 'array', v: true, surname: first ? 'head' : 'off' });
      for (const s of syllables) {
        const clean = latin(s);
        full += clean;
        initials += clean.slice(0, 1);
      }
    } else if (m[2]) {
      const clean = latin(m[2]);
      full += clean;
      initials += clean.slice(0, 1);
    }
    first = false;
  }
  return { full, initials };
}
