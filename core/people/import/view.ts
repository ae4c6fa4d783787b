/** What the import pages show of a job: plain, translated data for the eta views. Pure. */
import type { Locale, Translate } from '../../sdk.js';
import { DEPARTMENT_COLUMNS, EMPLOYEE_COLUMNS } from './columns.js';
import type { ImportJob } from './jobs.js';
import type { RowProblem } from './rows.js';

export interface RowReport {
  sheet: string;
  row: string;
  reasons: string[];
}

export interface JobView {
  id: string;
  fileName: string;
  state: ImportJob['state'];
  running: boolean;
  phase: string;
  done: number;
  total: number;
  summary: string | null;
  fileProblems: string[];
  rows: RowReport[];
  notices: string[];
  canCommit: boolean;
  result: string | null;
  error: string | null;
}

/** One entry per bad row, every reason on it, with the column it concerns. */
export function rowReports(problems: RowProblem[], t: Translate, locale: Locale): RowReport[] {
  const header = (sheet: RowProblem['sheet'], field: string | null) => {
    const def = (sheet === 'employees' ? EMPLOYEE_COLUMNS : DEPARTMENT_COLUMNS).find((d) => d.field === field);
    return def ? (locale === 'en' ? def.headers[1]! : def.headers[0]!) : null;
  };
  const out = new Map<string, RowReport>();
  for (const p of problems) {
    const key = `${p.sheet}:${p.row}`;
    let r = out.get(key);
    if (!r) out.set(key, (r = { sheet: t(`core.people.import.report.sheet.${p.sheet}`), row: t('core.people.import.report.row', { row: p.row }), reasons: [] }));
    const col = header(p.sheet, p.field);
    const text = t(p.reason, p.params);
    r.reasons.push(col ? `${col}: ${text}` : text);
  }
  return [...out.values()];
}

export function jobView(job: ImportJob, t: Translate, locale: Locale): JobView {
  const a = job.analysis;
  const problems = job.commitProblems.length ? job.commitProblems : (a?.problems ?? []);
  const badCount = new Set(problems.map((p) => `${p.sheet}:${p.row}`)).size;
  const running = job.state === 'checking' || job.state === 'committing';
  const notices: string[] = [];
  if (a?.unknownHeaders.length) notices.push(t('core.people.import.report.unknown_headers', { headers: a.unknownHeaders.join('、') }));
  if (a?.encoding) notices.push(t('core.people.import.report.encoding', { encoding: a.encoding.toUpperCase() }));
  return {
    id: job.id,
    fileName: job.fileName,
    state: job.state,
    running,
    phase: t(`core.people.import.phase.${job.progress.phase}`, { done: job.progress.done, total: job.progress.total }),
    done: job.progress.done,
    total: job.progress.total,
    summary: !a || running ? null : a.fileProblems.length ? null : badCount ? t('core.people.import.report.bad', { count: badCount }) : t('core.people.import.report.ok', a.counts),
    fileProblems: (a?.fileProblems ?? []).map((f) => t(f.key, f.params)),
    rows: rowReports(problems, t, locale),
    notices,
    canCommit: job.state === 'checked' && !!a?.ok,
    result: job.result ? t('core.people.import.done', { ...job.result }) : null,
    error: job.state === 'failed' ? t('core.people.import.failed') : null,
  };
}
