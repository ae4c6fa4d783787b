/**
 * The payslip as a PDF (pdfkit): company, month, employee, every line
 * (earnings, deductions, social insurance items, housing fund, tax), gross,
 * net, the tax working and whether the employee confirmed it. Labels in the
 * viewer's language.
 *
 * Fonts: `settings.pdfFont` (a TTF/OTF, or a .ttc with `pdfFontFamily`) or
 * Noto Sans SC, with Debian's Noto Sans CJK SC for rare characters in names
 * (such as 𠮷) when installed: the SDK's PDF writer (core/pdf) draws the runs.
 *
 * The document's date is the payslip's publication (a fixed date for one not
 * yet published), so the same payslip gives the same file.
 */
import { createPdfWriter, resolvePdfFonts, type Locale, type PdfFonts, type ResolvedPdfFonts } from '../../../core/sdk.js';
import { formatCents } from '../domain/money.js';
import type { PayrollSettings } from '../settings.js';
import { payslipSections, taxWorking } from './payslip-sections.js';
import { monthLabel, translate } from './payslip-text.js';
import type { PayslipData } from './types.js';

export type { PdfFonts };
/** Debian's Noto Sans CJK collection, the fallback when installed (tests check for it). */
export { DEBIAN_CJK } from '../../../core/sdk.js';

/** The payslip fonts from payroll's settings; `problem` names the setting for the log. */
export function resolvePayslipFonts(settings: Pick<PayrollSettings, 'pdfFont' | 'pdfFontFamily'>): ResolvedPdfFonts {
  return resolvePdfFonts({ font: settings.pdfFont, fontFamily: settings.pdfFontFamily, owner: 'payroll: pdfFont', familySetting: 'pdfFontFamily' });
}

export interface PayslipPdfInput {
  data: PayslipData;
  companyName: string;
  locale: Locale;
  timezone: string;
  /** Whether employees confirm payslips at all (settings.confirmation). */
  confirmation: boolean;
  confirmedAt: Date | null;
  /** The document's date: when the payslip was published (or calculated). */
  issuedAt: Date;
}

const GREY = '#555555';

export async function renderPayslipPdf(input: PayslipPdfInput, fonts: PdfFonts): Promise<Buffer> {
  const { data, locale } = input;
  const say = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const pdf = createPdfWriter({
    fonts,
    info: { Title: say('payroll.pdf.title', { month: data.month, name: data.name }), Author: input.companyName, CreationDate: input.issuedAt },
  });
  const { put, wrap, need, rule, left, right } = pdf;

  // Header: company, title and month.
  put(input.companyName, left, pdf.y, 16);
  pdf.y += 24;
  put(say('payroll.pdf.heading', { month: monthLabel(data.month, locale) }), left, pdf.y, 12, { color: GREY });
  pdf.y += 24;
  rule('#000000');
  pdf.y += 10;

  // The employee.
  const facts: [string, string][] = [
    [say('payroll.payslip.name'), data.name],
    [say('payroll.payslip.employeeNo'), data.employeeNo],
    [say('payroll.payslip.department'), data.departmentName || '—'],
    [say('payroll.payslip.month'), monthLabel(data.month, locale)],
  ];
  const colWidth = (right - left) / 2;
  facts.forEach(([label, value], i) => {
    const x = left + (i % 2) * colWidth;
    const rowY = pdf.y + Math.floor(i / 2) * 18;
    put(`${label}：`, x, rowY, 10, { color: GREY });
    put(value, x + 60, rowY, 10);
  });
  pdf.y += 42;

  // Sections.
  for (const section of payslipSections(data, locale)) {
    if (!section.rows.length) continue;
    need(40);
    rule();
    pdf.y += 6;
    put(section.title, left, pdf.y, 11);
    put(`${section.sign < 0 && section.totalCents > 0 ? '−' : ''}${formatCents(section.totalCents)}`, right, pdf.y, 11, { align: 'right' });
    pdf.y += 18;
    for (const r of section.rows) {
      need(16);
      put(r.name, left + 12, pdf.y, 9.5);
      if (r.note) put(r.note, left + 200, pdf.y, 8, { color: GREY });
      put(formatCents(r.amountCents), right, pdf.y, 9.5, { align: 'right' });
      pdf.y += 15;
    }
    pdf.y += 4;
  }

  // Totals.
  need(70);
  rule('#000000');
  pdf.y += 8;
  put(say('payroll.payslip.gross'), left, pdf.y, 11);
  put(formatCents(data.grossCents), right, pdf.y, 11, { align: 'right' });
  pdf.y += 20;
  put(say('payroll.payslip.net'), left, pdf.y, 14);
  put(formatCents(data.netCents), right, pdf.y, 14, { align: 'right' });
  pdf.y += 26;
  if (input.confirmation) {
    const state = input.confirmedAt
      ? say('payroll.pdf.confirmedAt', { at: new Intl.DateTimeFormat('sv-SE', { timeZone: input.timezone, dateStyle: 'short', timeStyle: 'short' }).format(input.confirmedAt) })
      : say('payroll.pdf.notConfirmed');
    put(state, left, pdf.y, 10, { color: input.confirmedAt ? '#1b5e20' : GREY });
    pdf.y += 20;
  }

  // The tax working.
  const working = taxWorking(data, locale);
  need(40);
  rule();
  pdf.y += 6;
  put(say('payroll.payslip.working'), left, pdf.y, 10);
  pdf.y += 16;
  for (const step of [working.formula, ...working.steps]) {
    for (const line of wrap(step, 8.5, right - left)) {
      need(13);
      put(line, left, pdf.y, 8.5, { color: GREY });
      pdf.y += 12;
    }
    pdf.y += 2;
  }
  need(24);
  pdf.y += 8;
  put(say('payroll.pdf.footer'), left, pdf.y, 8, { color: GREY });

  return pdf.end();
}
