/**
 * `npm run bench [-- --only <prefix>] [-- --json] [-- --list]`
 *
 * Runs the benchmarks of core/bench/*.bench.ts and plugins/<id>/bench.ts and
 * prints metric id -> value. With --json, stdout holds exactly one JSON object,
 * also written to data/bench/bench-<timestamp>.json and data/bench/latest.json.
 * HR_BENCH_ROOT (where to look for benchmarks) and HR_BENCH_OUT (where to write)
 * exist for the harness's own tests.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BenchError, discoverBenchmarks, mayReport, resultsTable, runBenchmarks, writeResults } from '../core/bench/registry.js';
import { formatTable } from '../core/cli/table.js';
import { ROOT } from '../core/config.js';

const HELP = `Usage: npm run bench [-- --only <prefix>] [-- --json] [-- --list]

  --only <prefix>  Report only metrics whose id starts with <prefix> (e.g. core.startup).
  --json           Print one JSON object (metric id -> number) and write it to
                   data/bench/bench-<timestamp>.json and data/bench/latest.json.
  --list           List the benchmarks found, without running them.
  -h, --help       Show this help.

Through npm, add -s so that npm's own "> hr-suite bench" banner stays off stdout:
  npm run -s bench -- --json`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { only: { type: 'string' }, json: { type: 'boolean' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    console.error(`${(err as Error).message.replace(/\. To specify[\s\S]*$/, '.')}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const root = process.env.HR_BENCH_ROOT ?? ROOT;
  const outDir = process.env.HR_BENCH_OUT ?? join(ROOT, 'data', 'bench');
  const all = await discoverBenchmarks(root);
  const chosen = all.filter((b) => mayReport(b, values.only));
  if (values.list) {
    console.log(formatTable(['ID', 'FILE', 'METRICS', 'DESCRIPTION'], all.map((b) => [b.id, b.file, (b.metrics ?? ['?']).join(' '), b.description ?? ''])));
    return 0;
  }
  if (chosen.length === 0) {
    console.error(values.only ? `No benchmark reports a metric starting with "${values.only}". Try --list.` : 'No benchmarks found.');
    return 2;
  }
  const { results, failures } = await runBenchmarks(chosen, { only: values.only });
  for (const f of failures) console.error(`Benchmark "${f.benchmark}"${f.file ? ` (${f.file})` : ''} failed: ${f.message}`);
  if (values.json) {
    const file = writeResults(outDir, results);
    console.error(`Results written to ${file} and latest.json`);
    process.stdout.write(`${JSON.stringify(results)}\n`);
  } else {
    console.log(resultsTable(results));
  }
  return failures.length ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof BenchError) {
    console.error(err.message);
    process.exitCode = 1;
  } else throw err;
}
