/**
 * Fonts for PDFs with Chinese text: which font files to use and which of the
 * two draws each character.
 *
 * The main font is a configured TTF/OTF (or one face of a .ttc collection), or
 * Noto Sans SC from npm (30,890 characters: GB 18030's common range). Rare
 * characters in names (𠮷, in CJK Extension B) are missing from it, so Debian's
 * Noto Sans CJK SC collection, when installed (`fonts-noto-cjk`), draws the
 * characters the main font lacks.
 *
 * A configured font that cannot be used never fails a download: the bundled
 * font is used instead and `problem` says why, for the caller to log once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

export const DEBIAN_CJK = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const DEBIAN_CJK_FAMILY = 'NotoSansCJKsc-Regular';
const BUNDLED_NAME = 'Noto Sans SC';

export interface FontSource {
  path: string;
  /** The face inside a .ttc collection (its PostScript name). */
  family?: string;
}

export interface PdfFonts {
  main: FontSource;
  /** For characters the main font lacks; null when no such font is installed. */
  fallback: FontSource | null;
}

export interface ResolvedPdfFonts extends PdfFonts {
  /** Why the configured font is not used (a line for the log), or null. */
  problem: string | null;
}

export interface PdfFontOptions {
  /** A configured font file: TTF/OTF, or a .ttc collection together with `fontFamily`. */
  font?: string;
  /** The PostScript name of the face to use inside a collection. Ignored for single fonts. */
  fontFamily?: string;
  /** Names the setting in `problem`, e.g. `payroll: pdfFont`. */
  owner: string;
  /** The setting that holds `fontFamily`, named when a collection lacks it. Default `pdfFontFamily`. */
  familySetting?: string;
  /** The font for missing characters, used when its file exists; default Debian's Noto Sans CJK SC, `null` for none. */
  fallback?: FontSource | null;
}

interface FontFace {
  postscriptName?: string;
  hasGlyphForCodePoint(codePoint: number): boolean;
}
interface FontCollection {
  fonts: { postscriptName?: string }[];
}
interface Fontkit {
  create(data: Uint8Array, postscriptName?: string): FontFace | FontCollection | null;
}

export interface LoadedFont {
  data: Buffer;
  face: FontFace;
}

const req = createRequire(import.meta.url);
let fontkit: Fontkit | undefined;

/** The fontkit pdfkit itself uses, so glyph checks and drawing agree. */
function getFontkit(): Fontkit {
  fontkit ??= createRequire(req.resolve('pdfkit'))('fontkit') as Fontkit;
  return fontkit;
}

/** Noto Sans SC from the npm package. */
export function bundledFontPath(): string {
  return join(dirname(req.resolve('@expo-google-fonts/noto-sans-sc')), '400Regular', 'NotoSansSC_400Regular.ttf');
}

// A font file is read and parsed once per process: the Debian collection is 19 MB.
const files = new Map<string, Buffer>();
const loaded = new Map<string, LoadedFont>();

function readFont(path: string): Buffer {
  let data = files.get(path);
  if (!data) {
    data = readFileSync(path);
    files.set(path, data);
  }
  return data;
}

function isFace(font: FontFace | FontCollection | null): font is FontFace {
  return !!font && typeof (font as FontFace).hasGlyphForCodePoint === 'function';
}

/** Reads and parses a font once per process. Throws when the file is not a usable font. */
export function loadFont(source: FontSource): LoadedFont {
  const key = `${source.path}#${source.family ?? ''}`;
  let font = loaded.get(key);
  if (!font) {
    const data = readFont(source.path);
    const face = getFontkit().create(new Uint8Array(data), source.family);
    if (!isFace(face)) {
      throw new Error(source.family ? `${source.path} has no face named ${source.family}` : `${source.path} is a font collection: name the face`);
    }
    font = { data, face };
    loaded.set(key, font);
  }
  return font;
}

/**
 * Checks a configured font file: the source to draw with, or why it cannot be
 * used. The family is passed on only for collections: fontkit reads a name
 * given with a single font as a variation and fails.
 */
function checkConfigured(path: string, family: string | undefined, familySetting: string): FontSource | string {
  if (!existsSync(path)) return 'does not exist';
  let font: FontFace | FontCollection | null;
  try {
    font = getFontkit().create(new Uint8Array(readFont(path)));
  } catch (e) {
    return `is not a font file that can be read (${(e as Error).message})`;
  }
  if (isFace(font)) return { path };
  const faces = (font?.fonts ?? []).map((f) => f.postscriptName).filter((n): n is string => typeof n === 'string');
  const choices = faces.length ? ` (faces: ${faces.join(', ')})` : '';
  if (!family) return `is a collection; set ${familySetting}${choices}`;
  try {
    loadFont({ path, family });
  } catch {
    return `is a collection without a face named ${family}${choices}`;
  }
  return { path, family };
}

/**
 * Which fonts a document uses: the configured one when it can be used (else
 * the bundled one, with `problem` saying why), and the fallback for missing
 * characters when it is installed.
 */
export function resolvePdfFonts(options: PdfFontOptions): ResolvedPdfFonts {
  let main: FontSource = { path: bundledFontPath() };
  let problem: string | null = null;
  if (options.font) {
    const path = resolve(options.font);
    const checked = checkConfigured(path, options.fontFamily, options.familySetting ?? 'pdfFontFamily');
    if (typeof checked === 'string') problem = `${options.owner} ${path} ${checked}; using ${BUNDLED_NAME}`;
    else main = checked;
  }
  const candidate = options.fallback === undefined ? { path: DEBIAN_CJK, family: DEBIAN_CJK_FAMILY } : options.fallback;
  const fallback = candidate && existsSync(candidate.path) && candidate.path !== main.path ? candidate : null;
  return { main, fallback, problem };
}

export interface FontRun {
  text: string;
  fallback: boolean;
}

/**
 * Splits text into runs of the main font and of the fallback, character by
 * character. A character neither font has stays with the main font (it shows
 * as the main font's blank glyph rather than vanishing).
 */
export function fontRuns(text: string, has: (cp: number) => boolean, fallbackHas: ((cp: number) => boolean) | null): FontRun[] {
  const out: FontRun[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const fallback = !!fallbackHas && !has(cp) && fallbackHas(cp);
    const last = out.at(-1);
    if (last && last.fallback === fallback) last.text += ch;
    else out.push({ text: ch, fallback });
  }
  return out;
}
