/**
 * Benchmarks for `npm run bench`. A file `core/bench/<name>.bench.ts` or
 * `plugins/<id>/bench.ts` exports `benchmarks: Benchmark[]`.
 *
 * Metric ids are `<prefix>.<name>_<unit>` with the unit as suffix
 * (`core.startup_ms`, `core.idle_rss_mb`, `core.page_rps_ratio`, `core.page_rps`),
 * so a result file needs no separate unit column.
 */

/** Units a metric id may end with. */
export const METRIC_UNITS = ['ms', 'mb', 'ratio', 'rps', 'count', 'pct'] as const;

export interface BenchContext {
  /** Whether this run reports the metric (`--only <prefix>`): skip costly work nobody asked for. */
  wants(metric: string): boolean;
  /** A progress line on stderr; stdout is kept for the results. */
  log(message: string): void;
}

export interface Benchmark {
  /** Metric prefix: every metric id this benchmark reports starts with it (e.g. `core` or `payroll.tax`). */
  id: string;
  /** One line for `npm run bench -- --list`. */
  description?: string;
  /** The metric ids it reports, when known up front: `--only` then skips it without running it. */
  metrics?: string[];
  /** Run once and return metric id -> value. Keep it bounded in time and on loopback only. */
  run(ctx: BenchContext): Promise<Record<string, number>>;
}
