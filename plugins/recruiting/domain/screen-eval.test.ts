import { describe, expect, it } from 'vitest';
import { loadScreeningCorpus, screeningUploadFiles } from '../fixtures/screening/index.js';
import { evaluateScreening, screenFolderFiles, screenTexts } from './screen-eval.js';

const corpus = loadScreeningCorpus();
const resumeText = (id: string) => corpus.resumes.find((r) => r.id === id)!.text;
const javaJob = corpus.jobs.find((j) => j.id === 'java-backend')!;

describe('the screening corpus', () => {
  it('is big and varied enough to mean something', () => {
    expect(corpus.resumes.length).toBeGreaterThanOrEqual(48);
    expect(new Set(corpus.jobs.map((j) => j.family)).size).toBeGreaterThanOrEqual(6);
    const chinese = corpus.resumes.filter((r) => (r.text.match(/\p{Script=Han}/gu)?.length ?? 0) > 150).length;
    expect(chinese).toBeGreaterThan(corpus.resumes.length / 3);
    expect(corpus.resumes.length - chinese).toBeGreaterThan(corpus.resumes.length / 6);
    for (const job of corpus.jobs) {
      expect(job.qualified.length, job.id).toBeGreaterThanOrEqual(6);
      expect(Object.keys(job.hardNegatives).length, job.id).toBeGreaterThanOrEqual(3);
      // A résumé is never both shortlisted and a trap for the same job.
      expect(job.qualified.filter((id) => id in job.hardNegatives), job.id).toEqual([]);
    }
  });
});

describe('evaluateScreening', () => {
  it('puts shortlisted résumés in the top five of every job (precision@5)', async () => {
    const evaluation = await evaluateScreening();
    console.log(
      `recruiting.precision_at_5 = ${evaluation.mean} (MAP ${evaluation.meanAveragePrecision})`,
      JSON.stringify(evaluation.perFamily),
      evaluation.details.filter((d) => d.trapsInTop5.length > 0).map((d) => `${d.job}: ${d.trapsInTop5.join(', ')}`),
    );
    expect(evaluation.mean).toBeGreaterThanOrEqual(0.8);
    for (const [family, precision] of Object.entries(evaluation.perFamily)) expect(precision, family).toBeGreaterThanOrEqual(0.6);
    expect(Object.keys(evaluation.perFamily).length).toBe(corpus.jobs.length);
  }, 60_000);

  it('holds up on a held-out corpus written by someone who never read the scorer (6 other job families)', async () => {
    const evaluation = await evaluateScreening('screening-holdout');
    console.log(`recruiting.precision_at_5 (held out) = ${evaluation.mean} (MAP ${evaluation.meanAveragePrecision})`, JSON.stringify(evaluation.perFamily));
    expect(Object.keys(evaluation.perFamily).length).toBeGreaterThanOrEqual(6);
    expect(evaluation.mean).toBeGreaterThanOrEqual(0.8);
  }, 60_000);
});

describe('blind screening', () => {
  /** Swap who the person is (name, gender, age, school) between two résumés; nothing else changes. */
  const swaps: [from: string, to: string][][] = [
    [
      ['张伟', '陈静'],
      ['性别：男', '性别：女'],
      ['出生年月：1991.03', '出生年月：1998.07'],
      ['浙江工业大学', '杭州电子科技大学'],
    ],
    [
      ['陈静', '张伟'],
      ['性别：女', '性别：男'],
      ['年龄：27岁', '年龄：34岁'],
      ['杭州电子科技大学', '浙江工业大学'],
    ],
  ];
  const swap = (text: string, pairs: [string, string][]) => pairs.reduce((t, [from, to]) => t.split(from).join(to), text);

  it('gives the same scores when name, gender, age and school are swapped', () => {
    const others = ['li-na', 'zhao-lei', 'wu-hao', 'zhou-min'].map((id) => ({ id, text: resumeText(id) }));
    const original = [
      { id: 'a', text: resumeText('zhang-wei') },
      { id: 'b', text: resumeText('chen-jing') },
    ];
    const swapped = [
      { id: 'a', text: swap(original[0]!.text, swaps[0]!) },
      { id: 'b', text: swap(original[1]!.text, swaps[1]!) },
    ];
    expect(swapped[0]!.text).not.toBe(original[0]!.text);
    expect(swapped[1]!.text).not.toBe(original[1]!.text);
    const scores = (pool: { id: string; text: string }[]) =>
      Object.fromEntries(screenTexts({ description: javaJob.description }, pool, { today: corpus.today }).results.map((r) => [r.id, r.result]));
    const before = scores([...original, ...others]);
    const after = scores([...swapped, ...others]);
    for (const id of Object.keys(before)) {
      expect(after[id]!.score, id).toBe(before[id]!.score);
      expect(after[id]!.breakdown, id).toEqual(before[id]!.breakdown);
    }
    // The evidence shown to screeners carries no name or school.
    const evidence = Object.values(after).flatMap((r) => r.checks.map((c) => c.evidence ?? ''));
    for (const hidden of ['张伟', '陈静', '浙江工业大学', '杭州电子科技大学']) expect(evidence.join('\n')).not.toContain(hidden);
  });
});

describe('screenFolderFiles', () => {
  it('screens 100 PDF, DOCX and TXT résumés against a job offline, reporting unreadable files', async () => {
    const files = await screeningUploadFiles(100);
    const broken = [
      { name: 'scan.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
      { name: 'empty.txt', bytes: new Uint8Array() },
    ];
    const started = performance.now();
    const out = await screenFolderFiles({ description: javaJob.description }, [...files, ...broken], { today: corpus.today });
    const ms = Math.round(performance.now() - started);
    console.log(`recruiting.screen_100_ms ≈ ${ms} (cold: first PDF and Chinese text load pdf.js and jieba)`, out.timings);

    expect(out.title).toBe('高级Java开发工程师');
    expect(out.errors.map((e) => [e.name, e.code])).toEqual([
      ['empty.txt', 'empty'],
      ['scan.png', 'unsupported'],
    ]);
    expect(out.results).toHaveLength(100);
    expect(out.results.map((r) => r.rank)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const qualified = new Set(javaJob.qualified);
    const idOf = (name: string) => name.replace(/-\d+\.(pdf|docx|txt)$/, '');
    expect(qualified.has(idOf(out.results[0]!.name))).toBe(true);
    // The same résumé scores within a few points whatever file type it came in.
    const byId = new Map<string, number[]>();
    for (const r of out.results) byId.set(idOf(r.name), [...(byId.get(idOf(r.name)) ?? []), r.result.score]);
    for (const [id, scores] of byId) expect(Math.max(...scores) - Math.min(...scores), id).toBeLessThan(5);
    expect(ms).toBeLessThan(15_000);
  }, 60_000);
});
