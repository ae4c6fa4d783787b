import { describe, expect, it } from 'vitest';
import type { Translate } from '../../core/sdk.js';
import { messages } from './i18n/index.js';
import type { PlanProgress } from './services/plans.js';
import type { FunnelStage } from './services/stats.js';
import { funnelSteps, planRows, sourceLabel, sourceRows } from './widgets.js';

/** The plugin's own Chinese texts; a missing key comes back as the key, as core's translator does. */
const t: Translate = (key, params = {}) => (messages['zh-CN'][key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));

const stage = (key: string, kind: FunnelStage['stage']['kind'], label = '') => ({ key, kind, label });

describe('funnelSteps', () => {
  it('names each stage (HR’s label first) and gives the share of all applicants that got that far', () => {
    const stages: FunnelStage[] = [
      { stage: stage('applied', 'applied'), current: 2, reached: 8, rejected: 0 },
      { stage: stage('screening', 'screening'), current: 1, reached: 6, rejected: 2 },
      { stage: stage('tech', 'interview', '技术面'), current: 1, reached: 3, rejected: 1 },
      { stage: stage('offer', 'offer'), current: 0, reached: 1, rejected: 0 },
      { stage: stage('hired', 'hired'), current: 1, reached: 1, rejected: 0 },
    ];
    expect(funnelSteps(stages, t).map((s) => [s.label, s.reached, s.percent])).toEqual([
      ['已投递', 8, 100],
      ['筛选', 6, 75],
      ['技术面', 3, 38],
      ['录用', 1, 13],
      ['已入职', 1, 13],
    ]);
  });

  it('has no percentages before anyone applied', () => {
    const stages: FunnelStage[] = [stage('applied', 'applied'), stage('hired', 'hired')].map((s) => ({ stage: s, current: 0, reached: 0, rejected: 0 }));
    expect(funnelSteps(stages, t).map((s) => s.percent)).toEqual([null, null]);
  });
});

describe('sources', () => {
  it.each([
    ['careers', '官网投递'],
    ['boss', 'BOSS直聘'],
    ['acme-ats', 'acme-ats'],
  ])('%s is shown as %s', (source, label) => {
    expect(sourceLabel(source, t)).toBe(label);
  });

  it('keeps the busiest sources with their advance and hire rates', () => {
    const figures = Array.from({ length: 8 }, (_, i) => ({ source: `s${i}`, applications: 10 - i, advanced: 3, hired: i === 0 ? 1 : 0 }));
    const rows = sourceRows(figures, t, 6);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({ label: 's0', applications: 10, advancedPercent: 30, hiredPercent: 10 });
    expect(rows[5]).toMatchObject({ applications: 5, advancedPercent: 60, hiredPercent: 0 });
    expect(sourceRows([{ source: 'x', applications: 0, advanced: 0, hired: 0 }], t)[0]).toMatchObject({ advancedPercent: null, hiredPercent: null });
  });
});

describe('planRows', () => {
  const row = (over: Partial<PlanProgress>): PlanProgress =>
    ({ id: 1, month: '2026-11', departmentId: null, jobId: null, target: 4, note: '', departmentName: null, jobTitle: null, hired: 0, completion: 0, ...over }) as PlanProgress;

  it('labels company, department and job rows and caps the meter at a full plan', () => {
    const rows = planRows(
      [
        row({ hired: 2, target: 4, completion: 0.5 }),
        row({ departmentId: 3, departmentName: '总部 / 研发部', hired: 3, target: 2, completion: 1.5 }),
        row({ jobId: 7, jobTitle: '总账会计', hired: 0, target: 0, completion: null }),
      ],
      t,
    );
    expect(rows).toEqual([
      { label: '全公司', hired: 2, target: 4, percent: 50, meter: 0.5 },
      { label: '总部 / 研发部', hired: 3, target: 2, percent: 150, meter: 1 },
      { label: '总账会计', hired: 0, target: 0, percent: null, meter: 0 },
    ]);
  });
});
