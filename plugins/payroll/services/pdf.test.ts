import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEBIAN_CJK, renderPayslipPdf, resolvePayslipFonts } from './pdf.js';
import type { PayslipData } from './types.js';


// Font resolution itself is tested in core/pdf; here: payroll's settings reach it and its log lines name them.
describe('resolvePayslipFonts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payslip-fonts-'));
  const notAFont = join(dir, 'font.ttf');
  writeFileSync(notAFont, 'this is text, not a font');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the bundled font without a problem when nothing is configured', () => {
    const fonts = resolvePayslipFonts({});
    expect(fonts.problem).toBeNull();
    expect(fonts.main.path).toMatch(/NotoSansSC/);
  });

  it.each([
    [{ pdfFont: '/nowhere/font.ttf' }, /^payroll: pdfFont \/nowhere\/font\.ttf does not exist; using Noto Sans SC$/],
    [{ pdfFont: notAFont }, /^payroll: pdfFont .*font\.ttf is not a font file/],
  ])('names the setting when the configured font cannot be used: %j', (settings, problem) => {
    const fonts = resolvePayslipFonts(settings);
    expect(fonts.problem).toMatch(problem);
    expect(fonts.main.path).toMatch(/NotoSansSC/);
  });

  it.skipIf(!existsSync(DEBIAN_CJK))('asks for pdfFontFamily for a collection, and uses the face once named', () => {
    expect(resolvePayslipFonts({ pdfFont: DEBIAN_CJK }).problem).toMatch(/^payroll: pdfFont .* is a collection; set pdfFontFamily \(faces: .*NotoSansCJKsc-Regular/);
    const named = resolvePayslipFonts({ pdfFont: DEBIAN_CJK, pdfFontFamily: 'NotoSansCJKsc-Regular' });
    expect(named.problem).toBeNull();
    expect(named.main).toEqual({ path: DEBIAN_CJK, family: 'NotoSansCJKsc-Regular' });
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
