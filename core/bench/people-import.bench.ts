/**
 * People import: dry run + commit of a generated 5,000-row XLSX (with a
 * departments sheet and reporting lines) into a fresh, migrated SQLite file in
 * a temp folder. Reports the total and its two halves.
 */
import { analyze } from '../people/import/analyze.js';
import { commitImport } from '../people/import/commit.js';
import { employeeRows, employeeWorkbook, tempPeople } from '../people/import/testing.js';
import type { Benchmark } from './types.js';

const ROWS = 5000;

const peopleImport: Benchmark = {
  id: 'people',
  description: `Dry run + commit of a generated ${ROWS}-row XLSX on a temp database (one transaction)`,
  metrics: ['people.import_5000_ms', 'people.import_5000_dry_run_ms', 'people.import_5000_commit_ms'],
  async run(ctx) {
    const t = tempPeople();
    try {
      const bytes = await employeeWorkbook(employeeRows(ROWS));
      ctx.log(`file: ${(bytes.byteLength / 1024).toFixed(0)} KiB, ${ROWS} rows`);
      const t0 = performance.now();
      const analysis = await analyze(t.ctx, { name: 'bench.xlsx', bytes });
      const t1 = performance.now();
      if (!analysis.ok) throw new Error(`dry run found problems: ${JSON.stringify(analysis.fileProblems.concat(analysis.problems as never[]).slice(0, 3))}`);
      const result = commitImport(t.ctx, analysis);
      const t2 = performance.now();
      if (result.added !== ROWS) throw new Error(`added ${result.added} instead of ${ROWS}`);
      ctx.log(`dry run ${Math.round(t1 - t0)} ms, commit ${Math.round(t2 - t1)} ms`);
      return { 'people.import_5000_ms': Math.round(t2 - t0), 'people.import_5000_dry_run_ms': Math.round(t1 - t0), 'people.import_5000_commit_ms': Math.round(t2 - t1) };
    } finally {
      t.close();
    }
  },
};

export const benchmarks: Benchmark[] = [peopleImport];
