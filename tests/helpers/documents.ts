/**
 * Test documents: `makePdf(pages)` (pdfkit, Noto Sans SC, one paragraph per line) and
 * `makeDocx(paragraphs)` (fflate; a tab in a line becomes `<w:tab/>`). The rendering lives
 * with the recruiting fixtures because the parsing bench needs it outside the tests too.
 */
export { makeDocx, makePdf } from '../../plugins/recruiting/fixtures/parse/render.js';
