// `npm run hr -- recruiting:screen`: spawned like a person would run it, on a folder of real files made from the screening corpus.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../scripts/test-helpers.js';
import { makeDocx, makePdf } from '../../../tests/helpers/documents.js';
import { loadScreeningCorpus } from '../fixtures/screening/index.js';
import { clip, displayWidth, type jsonReport } from './screen.js';

type Report = ReturnType<typeof jsonReport>;

const corpus = loadScreeningCorpus();
const javaJob = corpus.jobs.find((j) => j.id === 'java-backend')!;
const text = (id: string) => corpus.resumes.find((r) => r.id === id)!.text;
// Two the recruiter shortlisted and two traps of the same family (an Android developer, a Go backend developer).
const qualified = javaJob.qualified.slice(0, 2);
const traps = ['zhao-lei', 'daniel-kim'].filter((id) => id in javaJob.hardNegatives);

const dir = mkdtempSync(join(tmpdir(), 'recruiting-screen-'));
const folder = join(dir, 'resumes');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: unknown) => {
  const path = join(dir, `job-${++n}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const screen = (args: string[]) => runCli(['recruiting:screen', ...args]);
const TODAY = ['--today', corpus.today];

beforeAll(async () => {
  mkdirSync(folder);
  // One of each format a candidate sends, plus files a real folder holds.
  writeFileSync(join(folder, `${qualified[0]}.pdf`), await makePdf([text(qualified[0]!).split('\n')]));
  writeFileSync(join(folder, `${qualified[1]}.docx`), makeDocx(text(qualified[1]!).split('\n')));
  writeFileSync(join(folder, `${traps[0]}.txt`), text(traps[0]!));
  writeFileSync(join(folder, `${traps[1]}.md`), text(traps[1]!));
  writeFileSync(join(folder, 'broken.pdf'), '%PDF-1.7\nthis is not a PDF body');
  writeFileSync(join(folder, 'blank.txt'), '   \n\n');
  writeFileSync(join(folder, 'photo.jpg'), new Uint8Array([0xff, 0xd8, 0xff, 0xe0]));
  writeFileSync(join(folder, '.DS_Store'), 'x');
  mkdirSync(join(folder, 'old'));
  writeFileSync(join(folder, 'old', 'ignored.txt'), text(qualified[0]!));
});

describe('recruiting:screen', () => {
  it('ranks the readable files, qualified résumés above same-family traps, with evidence, and reports the unreadable ones', async () => {
    const r = await screen(['--job', file({ title: 'Java', description: javaJob.description }), '--resumes', folder, '--json', ...TODAY]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.total).toBe(4);
    expect(report.results.map((x) => x.rank)).toEqual([1, 2, 3, 4]);
    const scores = report.results.map((x) => x.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const order = report.results.map((x) => x.file.replace(/\.\w+$/, ''));
    expect(order.slice(0, 2).sort()).toEqual([...qualified].sort());
    expect(report.results[0]!.suggestion).toBe('advance');
    expect(report.results.slice(2).every((x) => x.suggestion !== 'advance')).toBe(true);
    // The job's own words became requirements, and a met must-have shows the résumé sentence that proves it.
    expect(report.job.requirements.mustHave).toContain('java');
    expect(report.job.requirements.minYears).toBe(3);
    const best = report.results[0]!;
    const java = best.met.find((c) => c.kind === 'skill' && c.requirement === 'java')!;
    expect(java.evidence).toMatch(/java/i);
    const source = text(order[0]!).replace(/\s+/g, ' ');
    expect(best.met.filter((c) => c.kind === 'skill').every((c) => c.evidence !== null && source.includes(c.evidence.replace(/\s+/g, ' ')))).toBe(true);
    // Screening reads a blinded résumé: the evidence never carries the school.
    expect(JSON.stringify(report.results.map((x) => [x.met, x.missing]))).not.toMatch(/大学|University/);
    expect(report.errors.map((e) => [e.file, e.code])).toEqual([
      ['blank.txt', 'empty'],
      ['broken.pdf', 'corrupt'],
    ]);
    expect(report.results.every((x) => x.similarityMethod === 'bm25')).toBe(true);
  });

  it('prints a table, each file with what it meets and misses, and --top cuts the list', async () => {
    const r = await screen(['--job', file({ title: '高级Java开发工程师', description: javaJob.description }), '--resumes', folder, '--top', '2', ...TODAY]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Job: 高级Java开发工程师\nRequirements: must have java/);
    expect(r.stdout).toMatch(/RANK\s+FILE\s+SCORE\s+SUGGESTION\s+MUST-HAVE\s+YEARS\s+DEGREE/);
    const rows = r.stdout.split('\n').filter((l) => /^\s+\d+\s{2}/.test(l));
    expect(rows).toHaveLength(2);
    expect(r.stdout).toMatch(/\n1\. .+: \d+\.\d, advance\n {2}Met:\n {4}✓ java \(must have\): “/);
    expect(r.stdout).toContain('2 more below rank 2');
    expect(r.stdout).toMatch(/Could not read 2 files:[\s\S]*broken\.pdf\s+corrupt/);
    expect(r.stdout).toMatch(/Screened 4 of 6 files in .+ in \d+ ms/);
    expect(r.stdout).toContain('1 other file skipped');
  });

  it('takes HR’s requirements over the extracted ones', async () => {
    const job = { description: javaJob.description, requirements: { mustHave: ['Kotlin'], niceToHave: [], minYears: null } };
    const r = await screen(['--job', file(job), '--resumes', folder, '--json', ...TODAY]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.job.requirements).toMatchObject({ mustHave: ['kotlin'], niceToHave: [], minYears: null, degree: 'bachelor' });
    const android = report.results.find((x) => x.file.startsWith(traps[0]!))!;
    expect(android.met.some((c) => c.requirement === 'kotlin')).toBe(true);
    expect(android.rank).toBe(1);
  });

  it.each([
    ['not JSON', '{"description": ', /is not valid JSON/],
    ['no description', { title: 'x' }, /description: /],
    ['an empty description', { description: '  ' }, /description: must be the job description/],
    ['an unknown field', { description: 'Java', salary: 3 }, /\(file\): Unrecognized key/],
    ['a bad degree', { description: 'Java', requirements: { degree: 'doctor' } }, /requirements\.degree/],
  ])('refuses a job file with %s: exit code 1 and a sentence', async (_label, content, message) => {
    const r = await screen(['--job', file(content), '--resumes', folder]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('refuses folders it cannot use with exit code 1', async () => {
    const job = file({ description: javaJob.description });
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'scan.png'), 'x');
    for (const [args, message] of [
      [['--job', job, '--resumes', empty], /No résumé in .+empty: it holds no \.pdf \.docx \.txt \.md file \(1 other file skipped\)/],
      [['--job', job, '--resumes', join(dir, 'nope')], /Cannot read the folder .+nope: ENOENT/],
      [['--job', job, '--resumes', job], /is not a folder/],
      [['--job', join(dir, 'nope.json'), '--resumes', folder], /Cannot read the job file .+nope\.json: ENOENT/],
    ] as const) {
      const r = await screen([...args]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it.each([
    [['--resumes', 'x'], /--job <job\.json> is required/],
    [['--job', 'x.json'], /--resumes <folder> is required/],
    [['--job', 'x.json', '--resumes', 'x', '--top', '0'], /--top needs a whole number/],
    [['--job', 'x.json', '--resumes', 'x', '--today', '2025-13-45'], /--today needs a date/],
    [['--job', 'x.json', '--resumes', 'x', '--frobnicate'], /Unknown option/],
  ])('wrong usage %j is exit code 2', async (args, message) => {
    const r = await screen(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('answers --help', async () => {
    const r = await screen(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"requirements"');
  });
});

describe('terminal layout', () => {
  it.each([
    ['ascii', 'resume.pdf', 10],
    ['Chinese counts two columns', '张伟简历.pdf', 12],
    ['full-width punctuation', '（）', 4],
  ])('displayWidth: %s', (_label, s, width) => {
    expect(displayWidth(s)).toBe(width);
  });

  it('clip keeps short text, flattens lines and cuts long text with an ellipsis within the width', () => {
    expect(clip('熟悉 Java\n与 Spring', 40)).toBe('熟悉 Java 与 Spring');
    const cut = clip('负责订单中心、库存中心的架构设计与核心代码开发', 12);
    expect(cut.endsWith('…')).toBe(true);
    expect(displayWidth(cut)).toBeLessThanOrEqual(12);
  });
});
