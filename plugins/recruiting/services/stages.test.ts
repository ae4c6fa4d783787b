import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../core/sdk.js';
import type { StageDef } from '../schema.js';
import { DEFAULT_STAGES, nextStage, normalizeStages, stageLabel, type StageInput } from './stages.js';

const keyOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof HttpError) return e.messageKey;
    throw e;
  }
  return 'ok';
};

const base: StageInput[] = DEFAULT_STAGES.map((s) => ({ ...s }));
const without = (key: string) => base.filter((s) => s.key !== key);

describe('normalizeStages', () => {
  it.each<[string, StageInput[], string]>([
    ['the default pipeline', base, 'ok'],
    ['two interview rounds', [...base.slice(0, 3), { label: '二面', kind: 'interview' }, ...base.slice(3)], 'ok'],
    ['no offer stage', without('offer'), 'recruiting.error.stageKinds'],
    ['two applied stages', [base[0]!, { key: 'applied-2', label: '', kind: 'applied' }, ...base.slice(1)], 'recruiting.error.stageKinds'],
    ['hired not last', [...without('hired').slice(0, 2), base[4]!, ...without('hired').slice(2)], 'recruiting.error.stageOrder'],
    ['applied not first', [base[1]!, base[0]!, ...base.slice(2)], 'recruiting.error.stageOrder'],
    ['a duplicate key', [...base.slice(0, 3), { key: 'interview', label: '二面', kind: 'interview' }, ...base.slice(3)], 'recruiting.error.stageDuplicate'],
    ['a bad key', [...base.slice(0, 3), { key: 'Bad Key', label: 'x', kind: 'custom' }, ...base.slice(3)], 'recruiting.error.stageKey'],
    ['a custom stage without a name', [...base.slice(0, 3), { kind: 'custom' }, ...base.slice(3)], 'recruiting.error.stageLabel'],
    ['too few stages', [base[0]!, base[4]!], 'recruiting.error.stageCount'],
  ])('%s → %s', (_what, input, expected) => {
    expect(keyOf(() => normalizeStages(input, null))).toBe(expected);
  });

  it('gives new stages free keys and keeps the keys of existing ones', () => {
    const out = normalizeStages([...base.slice(0, 3), { label: '二面', kind: 'interview' }, { label: '背调', kind: 'custom' }, ...base.slice(3)], base as StageDef[]);
    expect(out.map((s) => s.key)).toEqual(['applied', 'screening', 'interview', 'interview-2', 'custom', 'offer', 'hired']);
  });

  it('refuses to drop a stage holding applications, and allows dropping an empty one', () => {
    const current = base as StageDef[];
    expect(keyOf(() => normalizeStages(without('screening'), current, new Map([['screening', 2]])))).toBe('recruiting.error.stageInUse');
    expect(normalizeStages(without('screening'), current, new Map([['interview', 2]])).map((s) => s.key)).toEqual(['applied', 'interview', 'offer', 'hired']);
  });

  it('finds the next stage and names stages', () => {
    expect(nextStage(DEFAULT_STAGES, 'applied')?.key).toBe('screening');
    expect(nextStage(DEFAULT_STAGES, 'hired')).toBeNull();
    const t = (key: string) => `«${key}»`;
    expect(stageLabel({ key: 'interview', label: '', kind: 'interview' }, t)).toBe('«recruiting.stage.interview»');
    expect(stageLabel({ key: 'interview-2', label: '二面', kind: 'interview' }, t)).toBe('二面');
  });
});
