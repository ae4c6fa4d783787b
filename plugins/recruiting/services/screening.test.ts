import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingConfigFrom } from '../../../core/ai/config.js';
import { createEmbedder } from '../../../core/ai/embed/index.js';
import { writeTinyEmbeddingModel } from '../../../tests/helpers/tiny-embedding-model.js';
import type { AiEmbeddings, SessionUser } from '../../../core/sdk.js';
import { PEOPLE, resumeLines, startRecruitingKit, type RecruitingKit, type ResumePerson } from '../../../tests/helpers/recruiting-kit.js';
import type { ScreeningResult } from '../domain/types.js';
import { CHUNK, suggestionFor } from './screening.js';

const result = (score: number, mustHave: number, yearsMet: boolean | null): ScreeningResult => ({
  score,
  breakdown: { mustHave, niceToHave: 0, years: 1, degree: 1, languages: 1, similarity: 0.5 },
  checks: [{ kind: 'skill', requirement: 'react', met: mustHave > 0, evidence: null }, ...(yearsMet === null ? [] : [{ kind: 'years' as const, requirement: '3', met: yearsMet, evidence: null }])],
  suggestion: 'hold',
  similarityMethod: 'bm25',
});

describe('suggestionFor (the admin thresholds)', () => {
  it.each([
    [75, 1, true, { advance: 70, reject: 40 }, 'advance'],
    [75, 1, false, { advance: 70, reject: 40 }, 'hold'],
    [75, 0.6, true, { advance: 70, reject: 40 }, 'hold'],
    [75, 1, true, { advance: 80, reject: 40 }, 'hold'],
    [42, 1, true, { advance: 70, reject: 40 }, 'hold'],
    [42, 1, true, { advance: 70, reject: 45 }, 'reject'],
    [65, 0.4, true, { advance: 70, reject: 40 }, 'reject'],
  ])('score %d, required skills %d, years met %s, %j → %s', (score, must, years, thresholds, expected) => {
    expect(suggestionFor(result(score, must, years), thresholds)).toBe(expected);
  });
});

/** Variations of a person: distinct contact details, a share of the job's skills. */
function crowd(n: number): ResumePerson[] {
  const skillSets = [['React', 'TypeScript', 'JavaScript', 'CSS'], ['Vue', 'JavaScript'], ['Java', 'Spring Boot', 'MySQL'], ['React', 'JavaScript']];
  return Array.from({ length: n }, (_, i) => ({
    ...PEOPLE.li,
    name: `测试${String.fromCharCode(0x4e00 + i)}`,
    mobile: `135${String(10_000_000 + i).slice(-8)}`,
    email: `p${i}@example.com`,
    skills: skillSets[i % skillSets.length]!,
  }));
}

describe('screening a job in the background (services)', () => {
  let kit: RecruitingKit;
  let hr: SessionUser;

  beforeAll(async () => {
    kit = await startRecruitingKit({ settings: { autoActions: { advance: true, reject: true }, thresholds: { advance: 60, reject: 40 } } });
    hr = kit.user('hr1', 'hr');
  });
  afterAll(() => kit?.close());

  it('processes every active application in chunks, yielding between them, with progress up to the total', async () => {
    const job = kit.job(hr, { title: '前端' });
    const people = crowd(CHUNK * 2 + 5);
    for (const p of people) await kit.rec.applications.apply({ jobId: job.id, text: resumeLines(p).join('\n'), candidate: { name: p.name }, source: 'manual', screen: false }, null);

    const batch = kit.rec.screening.screenJob(kit.request(hr), job.id);
    expect(batch).toMatchObject({ total: people.length, done: 0, status: 'running' });
    // Started twice while running: the same batch.
    expect(kit.rec.screening.screenJob(kit.request(hr), job.id).id).toBe(batch.id);
    // Progress seen from timers while it runs: only possible when the batch yields between chunks.
    const seen: number[] = [];
    const watch = setInterval(() => seen.push(kit.rec.screening.batchStatus(kit.request(hr), batch.id).done), 0);
    await kit.rec.screening.settled(batch.id);
    clearInterval(watch);

    const done = kit.rec.screening.batchStatus(kit.request(hr), batch.id);
    expect(done).toMatchObject({ total: people.length, done: people.length, failed: 0, status: 'done', progress: 1 });
    expect(done.finishedAt).not.toBeNull();
    expect(seen.some((n) => n > 0 && n < people.length)).toBe(true);
    const apps = kit.rows('recruiting_applications').filter((a) => a.job_id === job.id);
    expect(apps.every((a) => a.score !== null && a.screened_at !== null)).toBe(true);
  });

  it('acts on suggestions only when allowed, only in the first stage, and says it was the system', async () => {
    const job = kit.job(hr, { title: '前端 2' });
    const strong = await kit.apply(job.id, PEOPLE.zhang, { format: 'txt' });
    const weak = await kit.apply(job.id, PEOPLE.wang, { format: 'txt' });
    const rows = kit.rows('recruiting_applications');
    const strongRow = rows.find((r) => r.id === strong.applicationId)!;
    const weakRow = rows.find((r) => r.id === weak.applicationId)!;
    expect(strong.screening!.suggestion).toBe('advance');
    expect([strongRow.stage, strongRow.status]).toEqual(['screening', 'active']);
    expect(weak.screening!.suggestion).toBe('reject');
    expect([weakRow.status, weakRow.reject_reason]).toEqual(['rejected', 'low_score']);
    const auto = kit.rec.candidates.timeline(kit.request(hr), strong.candidateId).find((a) => a.kind === 'moved')!;
    expect([auto.actorUserId, auto.data.auto]).toEqual([null, true]);

    // Screening again does not move it further: it is no longer in the first stage.
    await kit.rec.screening.screenApplication(strong.applicationId);
    expect(kit.rows('recruiting_applications').find((r) => r.id === strong.applicationId)!.stage).toBe('screening');
  });
});

describe('screening with a local embedding model', () => {
  let kit: RecruitingKit;
  const calls: string[] = [];
  /** Two axes: web front end and finance; the cosine follows the words. */
  const embeddings: AiEmbeddings = {
    status: () => ({ state: 'ready' }) as never,
    available: () => true,
    embed: async (texts, { kind }) => {
      calls.push(kind);
      return texts.map((t) => {
        const web = (t.match(/React|TypeScript|前端|JavaScript/g) ?? []).length;
        const fin = (t.match(/会计|财务|Excel|金蝶/g) ?? []).length;
        const norm = Math.hypot(web, fin) || 1;
        return new Float32Array([web / norm, fin / norm]);
      });
    },
  };

  beforeAll(async () => {
    kit = await startRecruitingKit({ embeddings });
  });
  afterAll(() => kit?.close());

  it('uses the cosine of job and résumé as the similarity, method embeddings', async () => {
    const hr = kit.user('hr1', 'hr');
    const job = kit.job(hr);
    const front = await kit.apply(job.id, PEOPLE.zhang, { format: 'txt' });
    const acc = await kit.apply(job.id, PEOPLE.wang, { format: 'txt' });
    expect(front.screening!.similarityMethod).toBe('embeddings');
    expect(calls).toEqual(expect.arrayContaining(['query', 'passage']));
    expect(front.screening!.breakdown.similarity).toBeGreaterThan(0.9);
    expect(acc.screening!.breakdown.similarity).toBeLessThan(0.5);
  });
});

describe('screening with a real local embedding model (the tiny generated one, through transformers.js)', () => {
  let kit: RecruitingKit;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hr-recruiting-model-'));
    writeTinyEmbeddingModel(dir, 'test/tiny-bert', { dtypes: ['fp32'] });
    const embedder = createEmbedder(embeddingConfigFrom({ dataDir: dir, ai: { embeddings: { model: 'test/tiny-bert', dtype: 'fp32', modelsDir: dir } } }));
    kit = await startRecruitingKit({
      embeddings: { status: () => embedder.status(), available: () => embedder.available(), embed: (texts, options) => embedder.embed(texts, options) },
    });
  });
  afterAll(async () => {
    await kit?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the model on the first screening and scores with its cosine; a broken model falls back to BM25', async () => {
    const hr = kit.user('hr1', 'hr');
    const job = kit.job(hr);
    const first = await kit.apply(job.id, PEOPLE.zhang, { format: 'txt' });
    expect(first.screening!.similarityMethod).toBe('embeddings');
    expect(first.screening!.breakdown.similarity).toBeGreaterThanOrEqual(0);
    expect(first.screening!.breakdown.similarity).toBeLessThanOrEqual(1);

    // A damaged model file: the next load fails, screening carries on with BM25 and says so.
    writeFileSync(join(dir, 'test/tiny-bert/onnx/model.onnx'), 'not an onnx graph');
    const embedder2 = createEmbedder(embeddingConfigFrom({ dataDir: dir, ai: { embeddings: { model: 'test/tiny-bert', dtype: 'fp32', modelsDir: dir } } }));
    const broken = await startRecruitingKit({ embeddings: { status: () => embedder2.status(), available: () => embedder2.available(), embed: (t, o) => embedder2.embed(t, o) } });
    try {
      const hr2 = broken.user('hr1', 'hr');
      const job2 = broken.job(hr2);
      const second = await broken.apply(job2.id, PEOPLE.zhang, { format: 'txt' });
      expect(second.screening!.similarityMethod).toBe('bm25');
      expect(second.screening!.score).toBeGreaterThan(0);
      expect(embedder2.status()).toBe('error');
    } finally {
      await broken.close();
    }
  }, 60_000);
});
