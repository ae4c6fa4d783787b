/**
 * The offer letter (录用通知书 / offer of employment) as a PDF in the viewer's language:
 * company, candidate, position, department, location, type, start date, monthly salary,
 * probation, HR's note, and signature lines for the company and the candidate.
 *
 * Drawn with the SDK's PDF writer (Noto Sans SC, with Debian's CJK font for rare
 * characters in names). The document is dated from when the offer was made, so the same
 * offer gives the same bytes.
 */
import { createPdfWriter, todayIn, type Locale, type PdfFonts, type Translate } from '../../../core/sdk.js';
import type { OfferLetterData } from '../services/onboarding.js';

const GREY = '#555555';
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2026-04-01` → `2026年4月1日` / `1 April 2026` (a calendar date: no time zone involved). */
export function letterDate(iso: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return locale === 'en' ? `${d} ${EN_MONTHS[mo - 1] ?? mo} ${y}` : `${y}年${mo}月${d}日`;
}

/** Yuan without decimals: `¥28,000`. */
export function letterMoney(yuan: number, locale: Locale): string {
  return `¥${new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 0 }).format(yuan)}`;
}

/** The day the offer was made, in the company's time zone, as `YYYY-MM-DD`. */
const dayOf = (at: Date, timeZone: string): string => todayIn(timeZone, at);

export interface OfferLetterInput {
  data: OfferLetterData;
  /** The company name to print (setup's, else a fallback the caller chose). */
  company: string;
  locale: Locale;
  timeZone: string;
  t: Translate;
}

export async function renderOfferLetter(input: OfferLetterInput, fonts: PdfFonts): Promise<Buffer> {
  const { data, locale, t, company } = input;
  const pdf = createPdfWriter({
    fonts,
    info: { Title: t('recruiting.onboarding.letter.title'), Author: company, Subject: data.candidateName, CreationDate: data.offeredAt },
  });
  const { put, rule, left, right } = pdf;
  const department = data.departmentName ?? '—';

  put(company, left, pdf.y, 16);
  pdf.y += 26;
  put(t('recruiting.onboarding.letter.title'), left, pdf.y, 13, { color: GREY });
  pdf.y += 24;
  rule('#000000');
  pdf.y += 16;

  pdf.paragraph(t('recruiting.onboarding.letter.greeting', { name: data.candidateName }), { size: 11 });
  pdf.y += 6;
  pdf.paragraph(t('recruiting.onboarding.letter.intro', { company, position: data.positionTitle, department }), { size: 11, lineHeight: 18 });
  pdf.y += 10;

  const terms: [string, string][] = [
    [t('recruiting.onboarding.field.positionTitle'), data.positionTitle],
    [t('recruiting.onboarding.field.departmentId'), department],
    [t('recruiting.onboarding.letter.location'), data.location || '—'],
    [t('recruiting.onboarding.letter.type'), t(`recruiting.employmentType.${data.employmentType}`)],
    [t('recruiting.onboarding.field.startDate'), letterDate(data.startDate, locale)],
    [t('recruiting.onboarding.letter.salary'), t('recruiting.onboarding.letter.perMonth', { amount: letterMoney(data.monthlySalary, locale) })],
    [t('recruiting.onboarding.field.probationMonths'), data.probationMonths > 0 ? t('recruiting.onboarding.months', { n: data.probationMonths }) : t('recruiting.onboarding.noProbation')],
  ];
  const labelWidth = Math.max(...terms.map(([label]) => pdf.width(label, 10.5))) + 16;
  for (const [label, value] of terms) {
    pdf.need(20);
    put(label, left + 12, pdf.y, 10.5, { color: GREY });
    const lines = pdf.wrap(value, 10.5, right - left - 12 - labelWidth);
    lines.forEach((line, i) => put(line, left + 12 + labelWidth, pdf.y + i * 16, 10.5));
    pdf.y += Math.max(1, lines.length) * 16 + 4;
  }
  pdf.y += 8;
  if (data.note) {
    pdf.paragraph(data.note, { size: 10.5, lineHeight: 17 });
    pdf.y += 8;
  }
  pdf.paragraph(t('recruiting.onboarding.letter.bring'), { size: 10.5, lineHeight: 17 });
  pdf.y += 4;
  pdf.paragraph(t('recruiting.onboarding.letter.accept'), { size: 10.5, lineHeight: 17 });
  pdf.y += 14;
  put(company, right, pdf.y, 11, { align: 'right' });
  pdf.y += 18;
  put(letterDate(dayOf(data.offeredAt, input.timeZone), locale), right, pdf.y, 10.5, { align: 'right', color: GREY });
  pdf.y += 36;

  // Signature lines: the company (with its seal) and the candidate accepting.
  pdf.need(90);
  rule();
  pdf.y += 18;
  const half = (right - left) / 2;
  const blank = '________________';
  put(`${t('recruiting.onboarding.letter.companySign')}${blank}`, left, pdf.y, 10.5);
  put(`${t('recruiting.onboarding.letter.date')}${blank}`, left + half, pdf.y, 10.5);
  pdf.y += 34;
  put(`${t('recruiting.onboarding.letter.candidateSign')}${blank}`, left, pdf.y, 10.5);
  put(`${t('recruiting.onboarding.letter.date')}${blank}`, left + half, pdf.y, 10.5);
  pdf.y += 20;
  return pdf.end();
}
