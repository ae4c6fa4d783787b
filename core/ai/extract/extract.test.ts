import { fileURLToPath } from 'node:url';
import { zipSync, strToU8 } from 'fflate';
import iconv from 'iconv-lite';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { aiMessages } from '../i18n.js';
import { ExtractError, documentXmlText, extractText, type ExtractErrorCode } from './index.js';
import { extractPdf, pdfThreadsStarted } from './pdf.js';
import { readPdfText } from './pdf-text.js';

const FONT = fileURLToPath(new URL('../../../node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf', import.meta.url));

const CV_ZH = ['张三 简历', '精通JavaScript和React的前端工程师，本科学历。', '罕见字姓名：龘䶮堃'];
const CV_EN = ['John Smith - Resume', 'Senior frontend engineer: React, TypeScript, Node.js (5 years).'];

/** A PDF written by pdfkit with the Noto Sans SC font; `pages[i]` holds page i's lines. */
function makePdf(pages: string[][], options: PDFKit.PDFDocumentOptions = {}): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ autoFirstPage: false, ...options });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.font(FONT).fontSize(12);
    for (const lines of pages) {
      doc.addPage();
      for (const line of lines) doc.text(line);
    }
    doc.end();
  });
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A minimal valid DOCX: content types, package relationships and the document body. */
function makeDocx(body: string, extra: Record<string, Uint8Array> = {}): Uint8Array {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '</Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
        '</Relationships>',
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}<w:sectPr/></w:body></w:document>`,
    ),
    ...extra,
  });
}

const para = (...runs: string[]) => `<w:p><w:pPr><w:jc w:val="left"/></w:pPr>${runs.map((r) => `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${xmlEscape(r)}</w:t></w:r>`).join('')}</w:p>`;

async function expectError(p: Promise<unknown>, code: ExtractErrorCode): Promise<ExtractError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ExtractError);
  expect((e as ExtractError).code).toBe(code);
  expect((e as ExtractError).messageKey).toBe(`core.ai.extract.${code}`);
  return e as ExtractError;
}

describe('extractText: PDF', () => {
  it('reads a PDF given as a Node Buffer (what readFileSync returns) and leaves the caller\'s bytes intact', async () => {
    const pdf = Buffer.from(await makePdf([CV_EN]));
    const before = Buffer.from(pdf);
    expect((await extractText(pdf, 'cv.pdf')).text).toContain('John Smith');
    expect(pdf.equals(before)).toBe(true);
  });

  it('reads Chinese and English text, line by line, page by page', async () => {
    const pdf = await makePdf([CV_ZH, CV_EN]);
    const out = await extractText(pdf, 'cv.pdf');
    expect(out.kind).toBe('pdf');
    expect(out.pages).toBe(2);
    expect(out.text).toBe([...CV_ZH, '', ...CV_EN].join('\n'));
  });

  it('detects a PDF by content, whatever its name', async () => {
    const out = await extractText(await makePdf([['Hello 你好']]), 'resume.txt');
    expect(out).toEqual({ kind: 'pdf', pages: 1, text: 'Hello 你好' });
  });

  it('refuses a PDF over the page limit before reading it', async () => {
    const pdf = await makePdf([['1'], ['2'], ['3']]);
    const e = await expectError(extractText(pdf, 'long.pdf', { maxPages: 2 }), 'too_many_pages');
    expect(e.params).toEqual({ pages: 3, max: 2 });
    expect((await extractText(pdf, 'long.pdf', { maxPages: 3 })).pages).toBe(3);
  });

  it('stops a PDF that takes longer than maxMs with too_slow, and the next PDF still reads', async () => {
    const pages = Array.from({ length: 30 }, (_, i) => [`第 ${i + 1} 页`, ...CV_ZH, ...CV_EN]);
    const pdf = await makePdf(pages);
    const e = await expectError(extractText(pdf, 'slow.pdf', { maxMs: 1 }), 'too_slow');
    expect(e.params).toEqual({ seconds: 1 });
    // pdf.js was torn down cleanly: the same file, and another one, read in full afterwards.
    const again = await extractText(pdf, 'slow.pdf');
    expect(again.pages).toBe(30);
    expect(again.text).toContain('第 30 页');
    expect((await extractText(await makePdf([CV_EN]), 'cv.pdf')).text).toBe(CV_EN.join('\n'));
  });

  it('checks the budget between pages (inside the worker): a long document stops when time runs out, not after its last page', async () => {
    const pdf = await makePdf(Array.from({ length: 10 }, (_, i) => [`page ${i + 1}`]));
    let reads = 0;
    // Starts at 0, stays under the budget for the opening and two pages, then jumps past it.
    const clock = () => (reads++ <= 2 ? 0 : 60_000);
    const e = await readPdfText(pdf, { maxPages: 50, maxMs: 60_000, now: clock }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ExtractError);
    expect((e as ExtractError).code).toBe('too_slow');
    expect((e as ExtractError).params).toEqual({ seconds: 60 });
    expect(reads).toBe(4); // start, before page 1, before page 2, before page 3 — pages 3 to 10 never read
  });

  it('terminates the worker thread when a PDF overruns the budget, and the next PDF reads in a fresh one', async () => {
    const cv = await makePdf([CV_EN]);
    expect((await extractPdf(cv, { maxPages: 5, maxMs: 20_000 })).text).toBe(CV_EN.join('\n'));
    const before = pdfThreadsStarted();
    const big = await makePdf(Array.from({ length: 40 }, (_, i) => [`第 ${i + 1} 页`, ...CV_ZH, ...CV_EN]));
    await expectError(extractPdf(big, { maxPages: 50, maxMs: 1 }), 'too_slow');
    const after = await extractPdf(cv, { maxPages: 5, maxMs: 20_000 });
    expect(after.text).toBe(CV_EN.join('\n'));
    // The main thread killed the busy thread (the thread's own check comes 250 ms later): a new one read the CV.
    expect(pdfThreadsStarted()).toBe(before + 1);
  });

  it('has a too_slow message in every language, naming the seconds', () => {
    for (const messages of Object.values(aiMessages)) expect(messages['core.ai.extract.too_slow']).toContain('{seconds}');
  });

  it('reports a password-protected PDF as encrypted', async () => {
    const pdf = await makePdf([CV_EN], { userPassword: 'secret', ownerPassword: 'owner' });
    await expectError(extractText(pdf, 'locked.pdf'), 'encrypted');
  });

  it('reads a PDF that has only an owner password (no password needed to open)', async () => {
    const pdf = await makePdf([CV_ZH], { ownerPassword: 'owner', permissions: { printing: 'lowResolution' } });
    expect((await extractText(pdf, 'restricted.pdf')).text).toBe(CV_ZH.join('\n'));
  });

  it('reports a corrupt PDF', async () => {
    await expectError(extractText(strToU8('%PDF-1.7\n1 0 obj << /Type /Catalog garbage'), 'bad.pdf'), 'corrupt');
    const truncated = (await makePdf([CV_EN])).slice(0, 400);
    await expectError(extractText(truncated, 'cut.pdf'), 'corrupt');
  });
});

describe('extractText: DOCX', () => {
  it('reads paragraphs, runs, tabs, breaks, tables and entities; skips deleted text', async () => {
    const body =
      para('张三 简历') +
      para('精通JavaScript和', 'React的前端工程师') +
      '<w:p><w:r><w:t>姓名</w:t></w:r><w:r><w:tab/><w:t>龘䶮</w:t><w:br/><w:t>R&amp;D &lt;team&gt; &#x4E2D;&#25991;</w:t></w:r></w:p>' +
      '<w:p><w:del><w:r><w:delText>removed</w:delText></w:r></w:del><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>kept</w:t></w:r></w:p>' +
      '<w:p/>' +
      '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>技能</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>React</w:t></w:r></w:p></w:tc></w:tr>' +
      '<w:tr><w:tc><w:p><w:r><w:t>学历</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>本科</w:t></w:r></w:p></w:tc></w:tr></w:tbl>' +
      para(...CV_EN);
    const out = await extractText(makeDocx(body), 'cv.docx');
    expect(out.kind).toBe('docx');
    expect(out.pages).toBeUndefined();
    expect(out.text).toBe(
      ['张三 简历', '精通JavaScript和React的前端工程师', '姓名\t龘䶮', 'R&D <team> 中文', 'kept', '', '技能\tReact', '学历\t本科', CV_EN.join('')].join('\n'),
    );
  });

  it('reads page headers first and footers last, each distinct line once (résumés put contact details there)', async () => {
    const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
    const part = (tag: 'hdr' | 'ftr', ...lines: string[]) =>
      strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:${tag} xmlns:w="${W}">${lines.map((l) => para(l)).join('')}</w:${tag}>`);
    const docx = makeDocx(para('工作经历') + para('2019.03-至今 某科技有限公司 前端工程师'), {
      'word/header1.xml': part('hdr', '李雷 | 13800138000 | lilei@example.com'),
      'word/header2.xml': part('hdr', '李雷 | 13800138000 | lilei@example.com'), // first-page header repeating the default
      'word/footer1.xml': part('ftr', '第 1 页'),
    });
    expect((await extractText(docx, 'cv.docx')).text).toBe(['李雷 | 13800138000 | lilei@example.com', '工作经历', '2019.03-至今 某科技有限公司 前端工程师', '第 1 页'].join('\n'));
  });

  it('detects a DOCX by content, whatever its name', async () => {
    expect(await extractText(makeDocx(para('Hello 你好')), 'upload.bin')).toEqual({ kind: 'docx', text: 'Hello 你好' });
  });

  it('reports a truncated DOCX as corrupt', async () => {
    const docx = makeDocx(para(...CV_ZH));
    await expectError(extractText(docx.slice(0, Math.floor(docx.length * 0.6)), 'cut.docx'), 'corrupt');
  });

  it('reports a zip that is not a Word document as unsupported', async () => {
    const xlsx = zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') });
    const e = await expectError(extractText(xlsx, 'cv.docx'), 'unsupported');
    expect(e.params).toEqual({ detected: 'zip' });
  });

  it('refuses a DOCX body that expands beyond 10 × maxBytes (zip bomb)', async () => {
    const docx = makeDocx(para('x'.repeat(200_000)));
    expect(docx.length).toBeLessThan(10_000);
    await expectError(extractText(docx, 'bomb.docx', { maxBytes: 10_000 }), 'too_large');
  });

  it('reports a password-protected Office file as encrypted and a legacy .doc as unsupported', async () => {
    const ole = (stream: string) => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Buffer.from(stream, 'utf16le'), 0, 0]);
    await expectError(extractText(ole('EncryptedPackage'), 'locked.docx'), 'encrypted');
    await expectError(extractText(ole('WordDocument'), 'old.doc'), 'unsupported');
  });

  it('extracts WordprocessingML text with any namespace prefix', () => {
    expect(documentXmlText('<x:document><x:body><x:p><x:r><x:t>a</x:t></x:r></x:p><x:p><x:r><x:t>b</x:t></x:r></x:p></x:body></x:document>')).toBe('a\nb');
  });
});

describe('extractText: TXT and Markdown', () => {
  const text = '张三\r\n前端工程师 (React)\r\n罕见字：龘䶮';
  const expected = '张三\n前端工程师 (React)\n罕见字：龘䶮';

  it.each([
    ['UTF-8', new TextEncoder().encode(text), 'utf-8'],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]), 'utf-8'],
    ['UTF-16LE with BOM', new Uint8Array(iconv.encode(text, 'utf-16le', { addBOM: true })), 'utf-16le'],
  ])('reads %s', async (_name, bytes, encoding) => {
    expect(await extractText(bytes, 'cv.txt')).toEqual({ kind: 'txt', text: expected, encoding });
  });

  it('reads GBK (GB18030) text', async () => {
    const gbk = new Uint8Array(iconv.encode('张三\n前端工程师，本科学历\nGBK 编码', 'gbk'));
    expect(await extractText(gbk, 'cv.txt')).toEqual({ kind: 'txt', text: '张三\n前端工程师，本科学历\nGBK 编码', encoding: 'gb18030' });
  });

  it('keeps Markdown as written and tells it from plain text by the name only', async () => {
    const md = '# 张三\n\n- **React** 前端\n- [博客](https://example.com)\n';
    expect(await extractText(new TextEncoder().encode(md), 'README.MD')).toEqual({ kind: 'md', text: md.trim(), encoding: 'utf-8' });
    expect((await extractText(new TextEncoder().encode(md), 'notes.markdown')).kind).toBe('md');
    expect((await extractText(new TextEncoder().encode(md), 'notes')).kind).toBe('txt');
  });

  it('returns empty text for an empty file', async () => {
    expect(await extractText(new Uint8Array(0), 'empty.txt')).toEqual({ kind: 'txt', text: '', encoding: 'utf-8' });
  });
});

describe('extractText: limits and unsupported files', () => {
  it('refuses a file over maxBytes before looking at it', async () => {
    const e = await expectError(extractText(new Uint8Array(2 * 1024 * 1024 + 1), 'big.txt', { maxBytes: 2 * 1024 * 1024 }), 'too_large');
    expect(e.params).toEqual({ size: 2 * 1024 * 1024 + 1, max: 2 * 1024 * 1024, maxMb: 2 });
    const big = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x61);
    await expectError(extractText(big, 'big.txt'), 'too_large'); // the 10 MB default
    await expectError(extractText(await makePdf([CV_EN]), 'cv.pdf', { maxBytes: 1000 }), 'too_large');
  });

  it.each([
    ['PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'PNG'],
    ['JPEG', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'JPEG'],
    ['binary with NUL bytes', new Uint8Array([1, 2, 3, 0, 4, 5, 6]), 'binary'],
    ['control characters', new Uint8Array(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41))), 'binary'],
  ])('reports %s as unsupported', async (_name, bytes, detected) => {
    const e = await expectError(extractText(bytes, 'cv.pdf'), 'unsupported');
    expect(e.params).toEqual({ detected });
  });
});
