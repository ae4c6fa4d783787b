import { describe, expect, it } from 'vitest';
import { costTrend } from './widgets.js';

describe('costTrend', () => {
  it.each([
    ['nothing yet', [], []],
    [
      'adds adjustment runs to their month and scales bars to the largest',
      [
        { month: '2026-02', totals: { employerCostCents: 100_00 } },
        { month: '2026-01', totals: { employerCostCents: 200_00 } },
        { month: '2026-02', totals: { employerCostCents: 100_00 } },
      ],
      [
        { month: '2026-01', cents: 200_00, text: '200.00', step: 20 },
        { month: '2026-02', cents: 200_00, text: '200.00', step: 20 },
      ],
    ],
    [
      'a run without totals counts 0',
      [
        { month: '2026-03', totals: null },
        { month: '2026-04', totals: { employerCostCents: 1_000_00 } },
      ],
      [
        { month: '2026-03', cents: 0, text: '0.00', step: 1 },
        { month: '2026-04', cents: 1_000_00, text: '1,000.00', step: 20 },
      ],
    ],
  ])('%s', (_label, list, bars) => {
    expect(costTrend(list)).toEqual(bars);
  });

  it('keeps the last six months, oldest first', () => {
    const list = Array.from({ length: 9 }, (_, i) => ({ month: `2026-0${i + 1}`, totals: { employerCostCents: (i + 1) * 100 } }));
    expect(costTrend(list).map((b) => b.month)).toEqual(['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09']);
  });
});
