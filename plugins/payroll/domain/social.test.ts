import { describe, expect, it } from 'vitest';
import { contributions, housingFundRate, validateCityRules } from './social.js';
import type { CityRules, InsuranceRule } from './types.js';

// ILLUSTRATIVE EXAMPLES ONLY: numbers shaped like Beijing's and Shanghai's rules,
// chosen for the tests. They are not the cities' current published figures.
const rule = (floorCents: number, capCents: number, employeeRatePpm: number, employerRatePpm: number): InsuranceRule => ({
  floorCents,
  capCents,
  employeeRatePpm,
  employerRatePpm,
});

/** Beijing-like example: one base range for all insurances, housing fund rounded to the yuan. */
const beijingLike: CityRules = {
  insurances: {
    pension: rule(6_000_00, 30_000_00, 80_000, 160_000),
    medical: rule(6_000_00, 30_000_00, 20_000, 98_000),
    unemployment: rule(6_000_00, 30_000_00, 5_000, 5_000),
    injury: rule(6_000_00, 30_000_00, 0, 4_000),
    maternity: rule(6_000_00, 30_000_00, 0, 8_000),
  },
  housingFund: { floorCents: 2_400_00, capCents: 30_000_00, minRatePpm: 50_000, maxRatePpm: 120_000, defaultRatePpm: 120_000 },
  rounding: { unit: 100, mode: 'half_up' },
};

/** Shanghai-like example: housing fund 5–7%, rounding to the cent. */
const shanghaiLike: CityRules = {
  insurances: {
    pension: rule(7_000_00, 35_000_00, 80_000, 160_000),
    medical: rule(7_000_00, 35_000_00, 20_000, 90_000),
    unemployment: rule(7_000_00, 35_000_00, 5_000, 5_000),
    injury: rule(7_000_00, 35_000_00, 0, 1_600),
    maternity: rule(7_000_00, 35_000_00, 0, 10_000),
  },
  housingFund: { floorCents: 2_600_00, capCents: 35_000_00, minRatePpm: 50_000, maxRatePpm: 70_000, defaultRatePpm: 70_000 },
  rounding: { unit: 1, mode: 'half_up' },
};

const byItem = (c: ReturnType<typeof contributions>) => Object.fromEntries(c.lines.map((l) => [l.item, l]));

describe('contributions (illustrative Beijing-like rules)', () => {
  it('a base inside the range: each item base × rate, rounded to the yuan', () => {
    const c = contributions(beijingLike, { socialBaseCents: 12_345_67, housingFundBaseCents: null, housingFundRatePpm: null });
    const l = byItem(c);
    expect(l.pension).toMatchObject({ baseCents: 12_345_67, employeeCents: 988_00, employerCents: 1_975_00 }); // 987.65 → 988; 1,975.31 → 1,975
    expect(l.medical).toMatchObject({ employeeCents: 247_00, employerCents: 1_210_00 }); // 246.91; 1,209.88
    expect(l.unemployment).toMatchObject({ employeeCents: 62_00, employerCents: 62_00 }); // 61.73
    expect(l.injury).toMatchObject({ employeeCents: 0, employerCents: 49_00 }); // 49.38
    expect(l.maternity).toMatchObject({ employeeCents: 0, employerCents: 99_00 }); // 98.77
    expect(l.housingFund).toMatchObject({ baseCents: 12_345_67, employeeCents: 1_481_00, employerCents: 1_481_00, employeeRatePpm: 120_000 }); // 1,481.48
    expect(c.employeeSocialCents).toBe(988_00 + 247_00 + 62_00);
    expect(c.employerSocialCents).toBe(1_975_00 + 1_210_00 + 62_00 + 49_00 + 99_00);
    expect(c.employeeHousingFundCents).toBe(1_481_00);
    expect(c.employerHousingFundCents).toBe(1_481_00);
  });

  it.each([
    ['null → floor', null, 6_000_00],
    ['below the floor → floor', 3_000_00, 6_000_00],
    ['above the cap → cap', 80_000_00, 30_000_00],
    ['at the cap', 30_000_00, 30_000_00],
    ['negative → floor', -1, 6_000_00],
  ])('social base %s', (_label, declared, expected) => {
    const c = contributions(beijingLike, { socialBaseCents: declared, housingFundBaseCents: null, housingFundRatePpm: null });
    for (const line of c.lines.filter((l) => l.item !== 'housingFund')) expect(line.baseCents).toBe(expected);
  });

  it.each([
    ['both null → the fund floor', null, null, 2_400_00],
    ['null → the declared social base', 8_000_00, null, 8_000_00],
    ['own base', 8_000_00, 5_000_00, 5_000_00],
    ['own base below its floor', null, 1_000_00, 2_400_00],
    ['social base above the fund cap', 50_000_00, null, 30_000_00],
  ])('housing fund base: %s', (_label, social, fund, expected) => {
    const c = contributions(beijingLike, { socialBaseCents: social, housingFundBaseCents: fund, housingFundRatePpm: null });
    expect(byItem(c).housingFund!.baseCents).toBe(expected);
  });
});

describe('contributions (illustrative Shanghai-like rules)', () => {
  it('rounds to the cent and uses the declared fund rate', () => {
    const c = contributions(shanghaiLike, { socialBaseCents: 10_000_05, housingFundBaseCents: null, housingFundRatePpm: 50_000 });
    const l = byItem(c);
    expect(l.pension).toMatchObject({ employeeCents: 800_00, employerCents: 1_600_01 }); // 800.0040; 1,600.0080
    expect(l.medical).toMatchObject({ employeeCents: 200_00, employerCents: 900_00 }); // 200.0010; 900.0045
    expect(l.unemployment).toMatchObject({ employeeCents: 50_00 }); // 50.00025
    expect(l.injury!.employerCents).toBe(16_00); // 16.00008
    expect(l.housingFund).toMatchObject({ baseCents: 10_000_05, employeeCents: 500_00 }); // 500.0025
  });

  it.each([
    [null, 70_000],
    [60_000, 60_000],
    [120_000, 70_000], // above the city's maximum → clamped
    [10_000, 50_000], // below the minimum → clamped
  ])('housing fund rate %s → %i ppm', (declared, used) => {
    expect(housingFundRate(shanghaiLike, declared)).toBe(used);
    const c = contributions(shanghaiLike, { socialBaseCents: 20_000_00, housingFundBaseCents: null, housingFundRatePpm: declared });
    expect(c.employeeHousingFundCents).toBe((20_000_00 * used) / 1_000_000);
  });

  it('refuses fractions of a cent', () => {
    expect(() => contributions(shanghaiLike, { socialBaseCents: 1.5, housingFundBaseCents: null, housingFundRatePpm: null })).toThrow(RangeError);
    expect(() => contributions(shanghaiLike, { socialBaseCents: null, housingFundBaseCents: null, housingFundRatePpm: 0.5 })).toThrow(RangeError);
  });
});

describe('validateCityRules', () => {
  it('accepts both examples', () => {
    expect(validateCityRules(beijingLike)).toEqual([]);
    expect(validateCityRules(shanghaiLike)).toEqual([]);
  });

  const edit = (f: (r: CityRules) => void): CityRules => {
    const r = structuredClone(beijingLike);
    f(r);
    return r;
  };
  it.each([
    ['floor above cap', edit((r) => (r.insurances.pension.floorCents = 40_000_00)), 'payroll.city.floorAboveCap', 'insurances.pension'],
    ['rate above 100%', edit((r) => (r.insurances.medical.employerRatePpm = 1_000_001)), 'payroll.city.badRate', 'insurances.medical.employerRatePpm'],
    ['negative rate', edit((r) => (r.insurances.medical.employeeRatePpm = -1)), 'payroll.city.badNumber', 'insurances.medical.employeeRatePpm'],
    ['fraction of a cent', edit((r) => (r.insurances.unemployment.capCents = 1.5)), 'payroll.city.badNumber', 'insurances.unemployment.capCents'],
    ['employee pays injury', edit((r) => (r.insurances.injury.employeeRatePpm = 1_000)), 'payroll.city.employeePaysNothing', 'insurances.injury.employeeRatePpm'],
    ['employee pays maternity', edit((r) => (r.insurances.maternity.employeeRatePpm = 1_000)), 'payroll.city.employeePaysNothing', 'insurances.maternity.employeeRatePpm'],
    ['fund floor above cap', edit((r) => (r.housingFund.floorCents = 31_000_00)), 'payroll.city.floorAboveCap', 'housingFund'],
    ['fund minimum under 5%', edit((r) => (r.housingFund.minRatePpm = 40_000)), 'payroll.city.housingFundRange', 'housingFund.minRatePpm'],
    ['fund maximum over 12%', edit((r) => (r.housingFund.maxRatePpm = 130_000)), 'payroll.city.housingFundRange', 'housingFund.maxRatePpm'],
    ['fund range inverted', edit((r) => ((r.housingFund.minRatePpm = 100_000), (r.housingFund.maxRatePpm = 80_000))), 'payroll.city.rateRangeInverted', 'housingFund'],
    ['fund default outside', edit((r) => ((r.housingFund.maxRatePpm = 100_000), (r.housingFund.defaultRatePpm = 120_000))), 'payroll.city.defaultOutOfRange', 'housingFund.defaultRatePpm'],
    ['bad rounding unit', edit((r) => ((r.rounding as { unit: number }).unit = 5)), 'payroll.city.badRounding', 'rounding'],
    ['bad rounding mode', edit((r) => ((r.rounding as { mode: string }).mode = 'banker')), 'payroll.city.badRounding', 'rounding'],
    ['missing insurance', edit((r) => delete (r.insurances as Partial<CityRules['insurances']>).medical), 'payroll.city.badNumber', 'insurances.medical.floorCents'],
  ])('%s', (_label, rules, code, path) => {
    expect(validateCityRules(rules)).toContainEqual(expect.objectContaining({ code, path }));
  });

  it.each([[null], ['rules'], [[]], [{}]])('garbage %j gives problems, not an exception', (input) => {
    const problems = validateCityRules(input);
    expect(problems.length).toBeGreaterThan(10);
    expect(problems.map((p) => p.code)).toContain('payroll.city.badRounding');
  });
});
