/**
 * `npm run bench -- --only recruiting`: quality and speed of résumé screening, offline (no
 * database, no model).
 *
 * - `recruiting.parse_field_accuracy_ratio`: the parsing corpus rendered to PDF and DOCX,
 *   read back as uploads are, parsed; the share of field checks that hold (domain/parse-eval.ts).
 * - `recruiting.precision_at_5_ratio` and `recruiting.precision_at_5.<family>_ratio`: every
 *   screening-corpus résumé ranked against each family's job; the share of the five best a
 *   recruiter labelled as shortlisted, per family and their mean (domain/screen-eval.ts).
 * - `recruiting.precision_at_5_holdout_ratio`: the same over the held-out corpus (6 other job
 *   families, 54 résumés) written by someone who never read the scorer: the fairer figure.
 * - `recruiting.screen_100_ms`: 100 résumé files (PDF, DOCX and TXT in turn, made beforehand,
 *   not timed) screened against a job including text extraction, as `recruiting:screen` does.
 *   Median of three rounds; the first round also loads pdf.js and the Chinese word list.
 */
import type { Benchmark } from '../../core/sdk.js';
import { evaluateParsing } from './domain/parse-eval.js';
import { evaluateScreening, screenFolderFiles } from './domain/screen-eval.js';
import { loadScreeningCorpus, screeningUploadFiles } from './fixtures/screening/index.js';

const FILES = 100;
const ROUNDS = 3;

const corpus = loadScreeningCorpus();
/** Families as metric-id parts: lower-case letters, digits and dashes only. */
const familyKey = (family: string) => family.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
const FAMILY_METRICS = [...new Set(corpus.jobs.map((j) => familyKey(j.family)))].map((f) => `recruiting.precision_at_5.${f}_ratio`);

const parsing: Benchmark = {
  id: 'recruiting',
  description: 'résumé parsing: field accuracy over the parsing corpus as PDF and DOCX uploads',
  metrics: ['recruiting.parse_field_accuracy_ratio'],
  async run(bench) {
    const started = performance.now();
    const evaluation = await evaluateParsing();
    bench.log(`${evaluation.documents} documents in ${Math.round(performance.now() - started)} ms, parse ${evaluation.parseMsPerDocument} ms each`);
    for (const [field, s] of Object.entries(evaluation.fields)) if (s.correct < s.total) bench.log(`  ${field}: ${s.correct}/${s.total}`);
    return { 'recruiting.parse_field_accuracy_ratio': evaluation.accuracy };
  },
};

const screeningQuality: Benchmark = {
  id: 'recruiting',
  description: `screening quality: precision@5 per job family over the screening corpus (${corpus.resumes.length} résumés, ${corpus.jobs.length} jobs), offline BM25`,
  metrics: ['recruiting.precision_at_5_ratio', ...FAMILY_METRICS],
  async run(bench) {
    const evaluation = await evaluateScreening();
    const out: Record<string, number> = { 'recruiting.precision_at_5_ratio': evaluation.mean };
    for (const d of evaluation.details) {
      out[`recruiting.precision_at_5.${familyKey(d.family)}_ratio`] = d.precisionAt5;
      if (d.trapsInTop5.length) bench.log(`  ${d.job}: hard negatives in the top 5: ${d.trapsInTop5.join(', ')}`);
    }
    bench.log(`mean average precision ${evaluation.meanAveragePrecision}`);
    return out;
  },
};

const heldOut: Benchmark = {
  id: 'recruiting',
  description: 'screening quality on the held-out corpus (written without reading the scorer): mean precision@5',
  metrics: ['recruiting.precision_at_5_holdout_ratio'],
  async run(bench) {
    const evaluation = await evaluateScreening('screening-holdout');
    for (const d of evaluation.details) bench.log(`  ${d.family}: ${d.precisionAt5}${d.trapsInTop5.length ? ` (hard negatives in the top 5: ${d.trapsInTop5.join(', ')})` : ''}`);
    bench.log(`mean average precision ${evaluation.meanAveragePrecision}`);
    return { 'recruiting.precision_at_5_holdout_ratio': evaluation.mean };
  },
};

const screeningSpeed: Benchmark = {
  id: 'recruiting',
  description: `screen ${FILES} résumé files (PDF, DOCX, TXT) against a job, text extraction included, median of ${ROUNDS}`,
  metrics: ['recruiting.screen_100_ms'],
  async run(bench) {
    const files = await screeningUploadFiles(FILES);
    const job = corpus.jobs.find((j) => j.id === 'java-backend') ?? corpus.jobs[0]!;
    const times: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const started = performance.now();
      const out = await screenFolderFiles({ description: job.description }, files, { today: corpus.today });
      times.push(performance.now() - started);
      if (out.results.length !== FILES) throw new Error(`screened ${out.results.length} of ${FILES} files: ${out.errors.map((e) => `${e.name} ${e.code}`).join(', ')}`);
      const t = out.timings;
      bench.log(`round ${round}/${ROUNDS}: ${Math.round(times.at(-1)!)} ms (extract ${t.extractMs}, parse ${t.parseMs}, score ${t.scoreMs})`);
    }
    times.sort((a, b) => a - b);
    return { 'recruiting.screen_100_ms': Math.round(times[Math.floor(ROUNDS / 2)]!) };
  },
};

export const benchmarks: Benchmark[] = [parsing, screeningQuality, heldOut, screeningSpeed];
