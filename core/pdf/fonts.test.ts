import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledFontPath, DEBIAN_CJK, DEBIAN_CJK_FAMILY, fontRuns, loadFont, resolvePdfFonts } from './fonts.js';

const hasDebianCjk = existsSync(DEBIAN_CJK);

describe('fontRuns', () => {
  const has = (cp: number) => cp !== 0x20bb7; // the main font lacks 𠮷
  it.each([
    ['王𬀩', [{ text: '王𬀩', fallback: false }]],
    ['𠮷田', [{ text: '𠮷', fallback: true }, { text: '田', fallback: false }]],
    ['吉𠮷𠮷吉', [{ text: '吉', fallback: false }, { text: '𠮷𠮷', fallback: true }, { text: '吉', fallback: false }]],
    ['', []],
  ])('%s', (text, runs) => {
    expect(fontRuns(text, has, () => true)).toEqual(runs);
  });

  it('keeps a character in the main font when the fallback lacks it too, or there is none', () => {
    expect(fontRuns('𠮷', has, () => false)).toEqual([{ text: '𠮷', fallback: false }]);
    expect(fontRuns('𠮷', has, null)).toEqual([{ text: '𠮷', fallback: false }]);
  });

  it('splits by the real fonts: the bundled font has 龘 and 䶮 but not 𠮷', () => {
    const main = loadFont({ path: bundledFontPath() });
    const runs = fontRuns('𠮷田龘䶮', (cp) => main.face.hasGlyphForCodePoint(cp), () => true);
    expect(runs).toEqual([{ text: '𠮷', fallback: true }, { text: '田龘䶮', fallback: false }]);
  });
});

describe('resolvePdfFonts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'core-pdf-fonts-'));
  const notAFont = join(dir, 'notes.ttf');
  writeFileSync(notAFont, 'plain text, not a font');
  const ownTtf = join(dir, 'company.ttf');
  copyFileSync(bundledFontPath(), ownTtf);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const owner = 'payroll: pdfFont';

  it('uses Noto Sans SC from npm by default, with the Debian collection as fallback when installed', () => {
    const fonts = resolvePdfFonts({ owner });
    expect(fonts.main).toEqual({ path: bundledFontPath() });
    expect(existsSync(fonts.main.path)).toBe(true);
    expect(fonts.problem).toBeNull();
    expect(fonts.fallback).toEqual(hasDebianCjk ? { path: DEBIAN_CJK, family: DEBIAN_CJK_FAMILY } : null);
  });

  it.each([
    ['a missing file', { font: '/nowhere/font.ttf' }, /^payroll: pdfFont \/nowhere\/font\.ttf does not exist; using Noto Sans SC$/],
    ['a file that is not a font', { font: notAFont }, /^payroll: pdfFont .*notes\.ttf is not a font file that can be read \(.+\); using Noto Sans SC$/],
  ])('falls back to Noto Sans SC and says why for %s', (_, options, problem) => {
    const fonts = resolvePdfFonts({ ...options, owner });
    expect(fonts.main).toEqual({ path: bundledFontPath() });
    expect(fonts.problem).toMatch(problem);
  });

  it('uses a configured TTF, ignoring a face name meant for collections', () => {
    for (const fontFamily of [undefined, 'Whatever-Regular']) {
      const fonts = resolvePdfFonts({ font: ownTtf, fontFamily, owner });
      expect(fonts).toMatchObject({ main: { path: ownTtf }, problem: null });
      expect(fonts.main.family).toBeUndefined();
    }
  });

  it.skipIf(!hasDebianCjk)('names the face setting for a collection without a face, and lists the faces', () => {
    const fonts = resolvePdfFonts({ font: DEBIAN_CJK, owner: 'recruiting: offerFont', familySetting: 'offerFontFamily' });
    expect(fonts.main).toEqual({ path: bundledFontPath() });
    expect(fonts.problem).toMatch(/^recruiting: offerFont .* is a collection; set offerFontFamily \(faces: .*NotoSansCJKsc-Regular.*\); using Noto Sans SC$/);
  });

  it.skipIf(!hasDebianCjk)('refuses a face the collection does not have', () => {
    const fonts = resolvePdfFonts({ font: DEBIAN_CJK, fontFamily: 'NotoSansCJKxx-Regular', owner });
    expect(fonts.main).toEqual({ path: bundledFontPath() });
    expect(fonts.problem).toMatch(/without a face named NotoSansCJKxx-Regular/);
  });

  it.skipIf(!hasDebianCjk)('takes a collection with its face name, and then has no separate fallback from the same file', () => {
    const fonts = resolvePdfFonts({ font: DEBIAN_CJK, fontFamily: 'NotoSansCJKtc-Regular', owner });
    expect(fonts).toEqual({ main: { path: DEBIAN_CJK, family: 'NotoSansCJKtc-Regular' }, fallback: null, problem: null });
  });

  it.each([
    ['no fallback wanted', null],
    ['a fallback that is not installed', { path: join(dir, 'absent.ttc'), family: 'X' }],
  ])('has no fallback with %s', (_, fallback) => {
    expect(resolvePdfFonts({ owner, fallback }).fallback).toBeNull();
  });
});
