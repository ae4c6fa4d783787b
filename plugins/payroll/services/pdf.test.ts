import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledFontPath, DEBIAN_CJK, fontRuns, renderPayslipPdf, resolvePayslipFonts } from './pdf.js';
import type { PayslipData } from './types.js';

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
});

describe('resolvePayslipFonts', () => {
  it('uses Noto Sans SC from npm by default, with the Debian collection as fallback when installed', () => {
    const fonts = resolvePayslipFonts({});
    expect(fonts.main.path).toBe(bundledFontPath());
    expect(existsSync(fonts.main.path)).toBe(true);
    expect(fonts.problem).toBeNull();
    expect(fonts.fallback).toEqual(existsSync(DEBIAN_CJK) ? { path: DEBIAN_CJK, family: 'NotoSansCJKsc-Regular' } : null);
  });

  it.each([
    [{ pdfFont: '/nowhere/font.ttf' }, /does not exist/],
    [{ pdfFont: DEBIAN_CJK }, /collection/],
  ])('falls back to Noto Sans SC and says why for %j', (settings, problem) => {
    if (settings.pdfFont === DEBIAN_CJK && !existsSync(DEBIAN_CJK)) return;
    const fonts = resolvePayslipFonts(settings);
    expect(fonts.main.path).toBe(bundledFontPath());
    expect(fonts.problem).toMatch(problem);
  });

  it('takes a collection with its face name', () => {
    if (!existsSync(DEBIAN_CJK)) return;
    expect(resolvePayslipFonts({ pdfFont: DEBIAN_CJK, pdfFontFamily: 'NotoSansCJKsc-Regular' }).main).toEqual({ path: DEBIAN_CJK, family: 'NotoSansCJKsc-Regular' });
  });
});

describe('renderPayslipPdf', () => {
  const data: PayslipData = {
    month: '2026-03',
    employeeNo: 'E9',
    name: '张三',
    departmentName: '财务部',
    lines: [{ code: 'base', nameZh: '基本工资', nameEn: 'Base pay', kind: 'earning', amountCents: 10_000_00, taxable: true }],
    grossCents: 10_000_00,
    contributions: { lines: [], employeeSocialCents: 0, employeeHousingFundCents: 0, employerSocialCents: 0, employerHousingFundCents: 0 },
    taxableIncomeCents: 10_000_00,
    additionalDeductions: { childrenEducation: 0, infantCare: 0, continuingEducation: 0, seriousIllness: 0, housingLoanInterest: 0, housingRent: 0, elderlySupport: 0 },
    withholding: {
      monthsCounted: 3,
      cumulativeIncome: 30_000_00,
      cumulativeTaxFree: 0,
      cumulativeSpecialDeductions: 0,
      cumulativeAdditionalDeductions: 0,
      cumulativeOtherDeductions: 0,
      cumulativeWithheld: 300_00,
      cumulativeBasicDeduction: 15_000_00,
      cumulativeTaxable: 15_000_00,
      ratePercent: 3,
      quickDeductionCents: 0,
      cumulativeTax: 450_00,
      taxCents: 150_00,
    },
    bonus: null,
    netCents: 9_850_00,
    attendance: {},
  };
  const input = { data, companyName: '示例公司', locale: 'zh-CN' as const, timezone: 'Asia/Shanghai', confirmation: true, confirmedAt: null, issuedAt: new Date('2026-04-05T02:00:00Z') };

  it('gives the same bytes for the same payslip', async () => {
    const fonts = resolvePayslipFonts({});
    const [a, b] = [await renderPayslipPdf(input, fonts), await renderPayslipPdf(input, fonts)];
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(a.equals(b)).toBe(true);
  });
});
