import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePdfFonts } from './fonts.js';
import { createPdfWriter, type PdfWriterOptions } from './writer.js';

interface ReadItem {
  str: string;
  x: number;
  /** Baseline, in points from the top of the page (as the writer counts). */
  y: number;
  width: number;
  fontName: string;
}
interface ReadBack {
  pages: ReadItem[][];
  info: Record<string, unknown>;
}

/** What a reader gets out of the file: pdf.js (legacy build, no worker), text items with positions per page. */
async function readPdf(bytes: Buffer): Promise<ReadBack> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: join(root, 'cmaps') + '/',
    standardFontDataUrl: join(root, 'standard_fonts') + '/',
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const pages: ReadItem[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const height = page.view[3]!;
      const content = await page.getTextContent();
      pages.push(
        content.items
          .filter((item) => 'str' in item && item.str !== '')
          .map((item) => {
            const t = item as { str: string; transform: number[]; width: number; fontName: string };
            return { str: t.str, x: t.transform[4]!, y: height - t.transform[5]!, width: t.width, fontName: t.fontName };
          }),
      );
    }
    const meta = await doc.getMetadata();
    return { pages, info: meta.info as Record<string, unknown> };
  } finally {
    await task.destroy();
  }
}

const text = (items: ReadItem[]) => items.map((i) => i.str).join('');

function writer(overrides: Partial<PdfWriterOptions> = {}) {
  return createPdfWriter({
    fonts: resolvePdfFonts({ owner: 'test: font' }),
    info: { Title: '测试', Author: '示例公司', CreationDate: new Date('2026-04-05T02:00:00Z') },
    ...overrides,
  });
}

describe('createPdfWriter: text that can be read back', () => {
  const fonts = resolvePdfFonts({ owner: 'test: font' });

  it('prints rare characters the bundled font has (龘, 䶮, 𬀩) without a fallback', async () => {
    const pdf = writer({ fonts: resolvePdfFonts({ owner: 'test: font', fallback: null }) });
    pdf.put('姓名：田龘䶮', pdf.left, pdf.y, 12);
    pdf.put('Wang 王𬀩', pdf.left, pdf.y + 20, 12);
    const items = (await readPdf(await pdf.end())).pages[0]!;
    expect(text(items)).toBe('姓名：田龘䶮Wang 王𬀩');
  });

  // Without the fallback 𠮷 comes back as U+0000: the bundled font lacks it.
  it.skipIf(!fonts.fallback)('prints 𠮷 (CJK Extension B) from the fallback font, in line with its neighbours', async () => {
    const pdf = writer();
    pdf.put('姓名：𠮷田龘䶮', pdf.left, pdf.y, 12);
    const items = (await readPdf(await pdf.end())).pages[0]!;
    expect(text(items)).toBe('姓名：𠮷田龘䶮');
    const rare = items.find((i) => i.str === '𠮷')!;
    const after = items.find((i) => i.str === '田龘䶮')!;
    expect(rare.fontName).not.toBe(after.fontName);
    // the runs follow each other on the line: 𠮷 ends where 田 starts
    expect(rare.x + rare.width).toBeCloseTo(after.x, 0);
  });

  it('right-aligns text so it ends at x, fallback characters included', async () => {
    const pdf = writer();
    pdf.put('12,345.67', pdf.right, pdf.y, 11, { align: 'right' });
    pdf.put('王𠮷田', pdf.right, pdf.y + 20, 11, { align: 'right' });
    const items = (await readPdf(await pdf.end())).pages[0]!;
    const amount = items.find((i) => i.str === '12,345.67')!;
    expect(amount.x + amount.width).toBeCloseTo(pdf.right, 0);
    const name = items.filter((i) => i.y > amount.y);
    expect(text(name)).toBe(fonts.fallback ? '王𠮷田' : '王\u0000田');
    expect(Math.max(...name.map((i) => i.x + i.width))).toBeCloseTo(pdf.right, 0);
  });

  it('falls back to the bundled font when the configured one is missing, and still prints', async () => {
    const resolved = resolvePdfFonts({ font: '/nowhere/company.otf', owner: 'recruiting: offerFont' });
    expect(resolved.problem).toMatch(/^recruiting: offerFont \/nowhere\/company\.otf does not exist; using Noto Sans SC$/);
    const pdf = writer({ fonts: resolved });
    pdf.put('录用通知书', pdf.left, pdf.y, 16);
    expect(text((await readPdf(await pdf.end())).pages[0]!)).toBe('录用通知书');
  });
});

describe('createPdfWriter: wrap', () => {
  const pdf = writer();
  const size = 10;
  /** Room for exactly five Chinese characters. */
  const five = pdf.width('一二三四五', size);

  it.each([
    ['between Chinese characters', '一二三四五六七八九十甲乙', five, ['一二三四五', '六七八九十', '甲乙']],
    ['never inside a number', '合计12,345.67元', pdf.width('12,345.67元', size), ['合计', '12,345.67元']],
    ['at spaces, dropping them at the break', 'net pay rises', pdf.width('net pay ri', size), ['net pay', 'rises']],
    ['a word wider than the line on a line of its own', '见 Supercalifragilistic 条款', pdf.width('见 Super', size), ['见', 'Supercalifragilistic', '条款']],
    ['at every newline, keeping empty lines', '第一条\n\n第二条', five, ['第一条', '', '第二条']],
    ['not at all when it fits', '月薪 ¥20,000', five * 3, ['月薪 ¥20,000']],
    ['to nothing for empty text', '', five, []],
  ])('%s', (_, input, max, lines) => {
    expect(pdf.wrap(input, size, max)).toEqual(lines);
  });

  it('keeps every character of a long Chinese paragraph, each line within the width', () => {
    const paragraph = '根据《中华人民共和国劳动合同法》，经双方协商一致，甲方聘用乙方为高级工程师，试用期3个月，月薪¥25,000.00元（税前），自2026-05-01起生效。';
    const lines = pdf.wrap(paragraph, size, five * 4);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join('')).toBe(paragraph);
    for (const line of lines) expect(pdf.width(line, size)).toBeLessThanOrEqual(five * 4);
    expect(lines.some((l) => l.includes('¥25,000.00'))).toBe(true);
    expect(lines.some((l) => l.includes('2026-05-01'))).toBe(true);
  });
});

describe('createPdfWriter: pages and cursor', () => {
  it('starts a new page only when the height does not fit, with the cursor at the top', () => {
    const pdf = writer();
    expect(pdf.y).toBe(pdf.top);
    pdf.y = pdf.bottom - 20;
    expect(pdf.need(20)).toBe(false);
    expect(pdf.y).toBe(pdf.bottom - 20);
    expect(pdf.need(21)).toBe(true);
    expect(pdf.y).toBe(pdf.top);
  });

  it('breaks a long paragraph across pages and moves the cursor below it', async () => {
    const pdf = writer({ size: 'A5', margin: 36 });
    pdf.put('劳动合同', pdf.left, pdf.y, 14);
    pdf.y += 30;
    const clause = '乙方应遵守甲方依法制定的规章制度，保守甲方的商业秘密。';
    const body = Array.from({ length: 60 }, (_, i) => `第${i + 1}条 ${clause}`).join('\n');
    const lineCount = pdf.paragraph(body, { size: 10, lineHeight: 15 });
    expect(lineCount).toBe(pdf.wrap(body, 10, pdf.right - pdf.left).length);
    const endY = pdf.y;
    const read = await readPdf(await pdf.end());
    expect(read.pages.length).toBeGreaterThan(1);
    const all = read.pages.flat();
    for (const n of [1, 30, 60]) expect(text(all)).toContain(`第${n}条`);
    const last = read.pages.at(-1)!;
    expect(Math.max(...last.map((i) => i.y))).toBeLessThanOrEqual(endY);
    for (const page of read.pages) for (const item of page) expect(item.y).toBeLessThanOrEqual(pdf.bottom + 10);
  });

  it('draws rules without moving the cursor', () => {
    const pdf = writer();
    pdf.y = 100;
    pdf.rule();
    pdf.rule('#000000');
    expect(pdf.y).toBe(100);
  });
});

describe('createPdfWriter: the same document gives the same bytes', () => {
  const render = async (creationDate: string) => {
    const pdf = writer({ info: { Title: '录用通知书', Author: '示例公司', CreationDate: new Date(creationDate) } });
    pdf.put('张三', pdf.left, pdf.y, 12);
    return pdf.end();
  };

  it('is byte-identical for the same input, and dated from info, not the clock', async () => {
    const [a, b, later] = [await render('2026-04-05T02:00:00Z'), await render('2026-04-05T02:00:00Z'), await render('2026-04-06T02:00:00Z')];
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(a.equals(b)).toBe(true);
    expect(a.equals(later)).toBe(false);
    const { info } = await readPdf(a);
    expect(info).toMatchObject({ Title: '录用通知书', Author: '示例公司', Creator: 'HR Suite', Producer: 'HR Suite' });
    expect(String(info.CreationDate)).toMatch(/^D:20260405020000/);
  });
});
