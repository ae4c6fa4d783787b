/**
 * `npm run hr -- recruiting:screen --job <job.json> --resumes <folder> [--json] [--top N]`: rank a folder of
 * résumés against a job description, offline (no database, no model, nothing stored).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { CliError, defineCommand, UsageError, z } from '../../../core/sdk.js';
import { DEGREES, type JobRequirements, type RequirementCheck } from '../domain/types.js';
import { screenFolderFiles, type ScreenFolderResult } from '../domain/screen-eval.js';

/** What the command reads from a folder; anything else there is skipped (and counted). */
export const RESUME_EXTENSIONS = ['.pdf', '.docx', '.txt', '.md'] as const;

/** Résumé files are refused above this, as the careers page refuses them (`maxResumeMb` default). */
const MAX_FILE_MB = 10;

const skillList = z.array(z.string().trim().min(1).max(80)).max(60);

/** The job file: `requirements` parts given replace the ones extracted from the description. */
export const jobFileSchema = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().min(1, 'must be the job description as text (not empty)').max(50_000),
  requirements: z
    .strictObject({
      mustHave: skillList.optional(),
      niceToHave: skillList.optional(),
      minYears: z.number().min(0).max(50).nullable().optional(),
      degree: z.enum(DEGREES).nullable().optional(),
      languages: z.array(z.string().trim().min(1).max(40)).max(10).optional(),
    })
    .optional(),
});
export type JobFile = z.output<typeof jobFileSchema>;

function readJob(file: string): JobFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`Cannot read the job file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = jobFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`);
    throw new CliError(`${file} is not a valid job file:\n${lines.join('\n')}\nIt looks like {"title": "…", "description": "…", "requirements": {"mustHave": ["java"], "minYears": 3}}.`);
  }
  return parsed.data;
}

/** The résumé files of a folder (not its sub-folders), by name; `skipped` counts the other files. */
export function listResumeFiles(folder: string): { files: string[]; skipped: number } {
  let names: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new CliError(`${folder} is not a folder. --resumes takes the folder that holds the résumés.`);
    names = readdirSync(folder);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`Cannot read the folder ${folder}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
  }
  const files: string[] = [];
  let skipped = 0;
  for (const name of names.sort()) {
    if (name.startsWith('.') || name.startsWith('~$')) continue; // hidden files, Office lock files
    let isFile = false;
    try {
      isFile = statSync(join(folder, name)).isFile();
    } catch {
      // a broken link: not a résumé
    }
    if (!isFile) continue;
    if ((RESUME_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase())) files.push(name);
    else skipped++;
  }
  return { files, skipped };
}

// ---------------------------------------------------------------- the printed report

/** Terminal columns of a string: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd) ? 2 : 1;
  }
  return w;
}

const pad = (s: string, width: number, right = false) => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
};

function table(headers: string[], rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i]!, rightAligned.has(i))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** At most `max` columns, cut on a character with an ellipsis. */
export function clip(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (displayWidth(flat) <= max) return flat;
  let out = '';
  for (const ch of flat) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

const KIND_LABEL: Record<RequirementCheck['kind'], string> = { skill: 'must have', nice: 'nice to have', years: 'experience', degree: 'degree', language: 'language' };

export function describeRequirements(r: JobRequirements): string {
  const parts = [
    r.mustHave.length ? `must have ${r.mustHave.join(', ')}` : 'no required skills found',
    r.niceToHave.length ? `nice to have ${r.niceToHave.join(', ')}` : null,
    r.minYears !== null ? `≥ ${r.minYears} years` : null,
    r.degree !== null ? `${r.degree} or higher` : null,
    r.languages.length ? `languages ${r.languages.join(', ')}` : null,
  ];
  return parts.filter((p) => p !== null).join(' · ');
}

function checkLine(check: RequirementCheck): string {
  const mark = check.met ? '✓' : '✗';
  const what = `${check.requirement} (${KIND_LABEL[check.kind]})`;
  if (check.evidence) return `    ${mark} ${what}: “${clip(check.evidence, 110)}”`;
  return `    ${mark} ${what}${check.met ? '' : ': not found in the résumé'}`;
}

/** The human-readable report: requirements, the ranking table, each file's checks, unreadable files. */
export function formatReport(out: ScreenFolderResult, options: { top: number; folder: string; skipped: number }): string {
  const shown = out.results.slice(0, options.top);
  const lines: string[] = [];
  lines.push(`Job: ${out.title ?? '(untitled)'}`);
  lines.push(`Requirements: ${describeRequirements(out.requirements)}`);
  lines.push('');
  if (shown.length) {
    const rows = shown.map((r) => {
      const must = r.result.checks.filter((c) => c.kind === 'skill');
      return [
        String(r.rank),
        r.name,
        r.result.score.toFixed(1),
        r.result.suggestion,
        must.length ? `${must.filter((c) => c.met).length}/${must.length}` : '-',
        r.profile.totalYears.value === null ? '-' : String(r.profile.totalYears.value),
        r.profile.highestDegree.value ?? '-',
      ];
    });
    lines.push(table(['RANK', 'FILE', 'SCORE', 'SUGGESTION', 'MUST-HAVE', 'YEARS', 'DEGREE'], rows, new Set([0, 2, 5])));
    for (const r of shown) {
      lines.push('');
      lines.push(`${r.rank}. ${r.name}: ${r.result.score.toFixed(1)}, ${r.result.suggestion}`);
      const met = r.result.checks.filter((c) => c.met);
      const missing = r.result.checks.filter((c) => !c.met);
      if (met.length) lines.push('  Met:', ...met.map(checkLine));
      if (missing.length) lines.push('  Missing:', ...missing.map(checkLine));
      if (!r.result.checks.length) lines.push('  (the job states no requirement to check: ranked by text similarity only)');
    }
  } else {
    lines.push('No résumé could be read.');
  }
  if (out.results.length > shown.length) lines.push('', `${out.results.length - shown.length} more below rank ${options.top} (--top to show more).`);
  if (out.errors.length) {
    lines.push('', `Could not read ${out.errors.length} file${out.errors.length === 1 ? '' : 's'}:`);
    lines.push(table(['FILE', 'PROBLEM', 'DETAIL'], out.errors.map((e) => [e.name, e.code, clip(e.message, 90)]), new Set()));
  }
  const read = out.results.length;
  lines.push(
    '',
    `Screened ${read} of ${read + out.errors.length} files in ${options.folder} in ${out.timings.totalMs} ms (offline: BM25 similarity, no model).` +
      (options.skipped ? ` ${options.skipped} other file${options.skipped === 1 ? '' : 's'} skipped (only ${RESUME_EXTENSIONS.join(' ')}).` : ''),
  );
  return lines.join('\n');
}

/** What `--json` prints: no contact details, evidence sentences already blinded by screening. */
export function jsonReport(out: ScreenFolderResult, top: number) {
  return {
    job: { title: out.title, requirements: out.requirements },
    total: out.results.length,
    results: out.results.slice(0, top).map((r) => ({
      rank: r.rank,
      file: r.name,
      score: r.result.score,
      suggestion: r.result.suggestion,
      breakdown: r.result.breakdown,
      met: r.result.checks.filter((c) => c.met),
      missing: r.result.checks.filter((c) => !c.met),
      similarityMethod: r.result.similarityMethod,
      profile: {
        name: r.profile.name.value,
        totalYears: r.profile.totalYears.value,
        highestDegree: r.profile.highestDegree.value,
        skills: r.profile.skills.value,
      },
    })),
    errors: out.errors.map((e) => ({ file: e.name, code: e.code, message: e.message })),
    timings: out.timings,
  };
}

function topOption(raw: string | boolean | undefined): number {
  if (raw === undefined) return Number.POSITIVE_INFINITY;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`--top needs a whole number of at least 1, got "${String(raw)}".`);
  return Number(raw);
}

function todayOption(raw: string | boolean | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) throw new UsageError(`--today needs a date as YYYY-MM-DD, got "${String(raw)}".`);
  return raw;
}

export const command = defineCommand({
  usage: 'npm run hr -- recruiting:screen --job <job.json> --resumes <folder> [--json] [--top N]',
  description: `
Ranks the résumés of a folder against a job, offline: no database, no model, nothing stored. Reads every PDF,
DOCX, TXT and MD file of the folder (not its sub-folders), parses each résumé, checks it against the job's
requirements and prints, best first, the score (0–100), the suggestion (advance / hold / reject), each
requirement met or missing with the résumé sentence that shows it (name, gender, age and school masked), and the
files that could not be read and why. The job file is JSON:
{"title": "高级Java开发工程师", "description": "<the job description as pasted from the job board>"}
Requirements (required and nice-to-have skills, years, degree, languages) are extracted from the description;
an optional "requirements" object replaces the parts it names, e.g.
"requirements": {"mustHave": ["java", "spring", "mysql"], "minYears": 3, "degree": "bachelor", "languages": ["en"]}.
Exit codes: 1 for a job file or folder that cannot be used (or no résumé in it), 2 for wrong usage.`,
  options: {
    job: { type: 'string', value: '<job.json>', description: 'The job: {"title", "description", "requirements"?} as JSON.' },
    resumes: { type: 'string', value: '<folder>', description: 'The folder with the résumés (.pdf .docx .txt .md).' },
    json: { type: 'boolean', description: 'Print one JSON object instead of the table.' },
    top: { type: 'string', value: '<N>', description: 'Show only the N best (all by default).' },
    today: { type: 'string', value: '<YYYY-MM-DD>', description: 'Date that "至今 / present" in a résumé stands for (default: today).' },
  },
  async run({ values }) {
    const jobFile = values.job;
    const folder = values.resumes;
    if (typeof jobFile !== 'string' || jobFile === '') throw new UsageError(`Which job? --job <job.json> is required.\nUsage: ${command.usage}`);
    if (typeof folder !== 'string' || folder === '') throw new UsageError(`Which résumés? --resumes <folder> is required.\nUsage: ${command.usage}`);
    const top = topOption(values.top);
    const today = todayOption(values.today);

    const job = readJob(jobFile);
    const { files, skipped } = listResumeFiles(folder);
    if (!files.length) {
      throw new CliError(`No résumé in ${folder}: it holds no ${RESUME_EXTENSIONS.join(' ')} file${skipped ? ` (${skipped} other file${skipped === 1 ? '' : 's'} skipped)` : ''}.`);
    }
    const loaded: { name: string; bytes: Uint8Array }[] = [];
    const unreadable: ScreenFolderResult['errors'] = [];
    for (const name of files) {
      try {
        // A copy as a plain Uint8Array: pdf.js refuses Node's Buffer.
        loaded.push({ name, bytes: new Uint8Array(readFileSync(join(folder, name))) });
      } catch (err) {
        unreadable.push({ name, code: 'failed', message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
      }
    }
    const out = await screenFolderFiles(job, loaded, { today, limits: { maxBytes: MAX_FILE_MB * 1024 * 1024, maxPages: 30 } });
    if (unreadable.length) out.errors = [...out.errors, ...unreadable].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

    if (values.json) console.log(JSON.stringify(jsonReport(out, top), null, 2));
    else console.log(formatReport(out, { top, folder, skipped }));
    return 0;
  },
});
