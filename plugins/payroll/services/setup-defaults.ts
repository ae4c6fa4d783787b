/**
 * What a new installation starts with (services/setup.ts `ensureDefaults`):
 * the default components, a default structure holding them, and EXAMPLE social
 * insurance and housing fund rules of five large cities.
 *
 * The city figures are examples written from memory of the published notices
 * for the 2024 contribution year (mostly effective July 2024). They are NOT
 * verified against the official notices: HR must check them against the local
 * social insurance bureau's (社保局) and housing fund centre's notice before
 * the first run; the pages say so. Where a city charges different bases per
 * insurance, or rates that depend on the industry (work injury), the example
 * shows one typical value.
 */
import { percentToPpm, yuanToCents } from '../domain/money.js';
import type { CityRules, Insurance } from '../domain/types.js';
import type { ComponentInput } from './types.js';

/** Formulas the payroll run evaluates (brief: "Defaults seeded"). */
export const DEFAULT_COMPONENTS: ComponentInput[] = [
  {
    code: 'overtime_pay',
    nameZh: '加班费',
    nameEn: 'Overtime pay',
    kind: 'earning',
    formula: 'hourly_rate * (ot_workday_hours * 1.5 + ot_restday_hours * 2 + ot_holiday_hours * 3)',
    taxable: true,
    sort: 10,
    active: true,
  },
  { code: 'unpaid_leave', nameZh: '事假扣款', nameEn: 'Unpaid leave', kind: 'deduction', formula: 'daily_rate * unpaid_leave_days', taxable: true, sort: 20, active: true },
  { code: 'absence', nameZh: '旷工扣款', nameEn: 'Absence', kind: 'deduction', formula: 'daily_rate * absent_days', taxable: true, sort: 30, active: true },
];

export const DEFAULT_STRUCTURE_NAME = { 'zh-CN': '标准薪资结构', en: 'Standard' } as const;

/** One insurance in yuan and percent, as a notice prints it. */
type Item = [floorYuan: number, capYuan: number, employeePercent: string, employerPercent: string];

interface CityExample {
  cityCode: string;
  cityName: string;
  effectiveFrom: string;
  insurances: Record<Insurance, Item>;
  housingFund: { floor: number; cap: number; min: string; max: string; default: string };
  note: string;
}

export const EXAMPLE_NOTE = '示例数据（2024 年度），仅供参考：首次发薪前请对照当地社保局、公积金中心的通知逐项核对。Example figures (2024 contribution year), for reference only: check every figure against the local social insurance and housing fund notices before the first run.';

export const CITY_EXAMPLES: CityExample[] = [
  {
    cityCode: 'shanghai',
    cityName: '上海',
    effectiveFrom: '2024-07',
    insurances: {
      pension: [7384, 36921, '8', '16'],
      medical: [7384, 36921, '2', '9'],
      unemployment: [7384, 36921, '0.5', '0.5'],
      // Work injury: by industry class; 0.16% is a low class.
      injury: [7384, 36921, '0', '0.16'],
      maternity: [7384, 36921, '0', '1'],
    },
    housingFund: { floor: 2690, cap: 36921, min: '5', max: '7', default: '7' },
    note: EXAMPLE_NOTE,
  },
  {
    cityCode: 'beijing',
    cityName: '北京',
    effectiveFrom: '2024-07',
    insurances: {
      pension: [6821, 35283, '8', '16'],
      // Employees also pay 3 yuan a month for 大额医疗互助: not a rate, add it as a component if wanted.
      medical: [6821, 35283, '2', '9'],
      unemployment: [6821, 35283, '0.5', '0.5'],
      injury: [6821, 35283, '0', '0.2'],
      maternity: [6821, 35283, '0', '0.8'],
    },
    housingFund: { floor: 2420, cap: 35283, min: '5', max: '12', default: '12' },
    note: EXAMPLE_NOTE,
  },
  {
    cityCode: 'shenzhen',
    cityName: '深圳',
    effectiveFrom: '2024-07',
    insurances: {
      pension: [2360, 27501, '8', '16'],
      medical: [6727, 33635, '2', '5'],
      unemployment: [2360, 33635, '0.3', '0.7'],
      injury: [2360, 33635, '0', '0.2'],
      maternity: [6727, 33635, '0', '0.5'],
    },
    housingFund: { floor: 2360, cap: 41190, min: '5', max: '12', default: '5' },
    note: EXAMPLE_NOTE,
  },
  {
    cityCode: 'guangzhou',
    cityName: '广州',
    effectiveFrom: '2024-07',
    insurances: {
      pension: [4588, 27501, '8', '16'],
      medical: [6727, 33635, '2', '5.5'],
      unemployment: [2300, 33635, '0.2', '0.8'],
      injury: [2300, 33635, '0', '0.2'],
      maternity: [6727, 33635, '0', '0.85'],
    },
    housingFund: { floor: 2300, cap: 38082, min: '5', max: '12', default: '5' },
    note: EXAMPLE_NOTE,
  },
  {
    cityCode: 'hangzhou',
    cityName: '杭州',
    effectiveFrom: '2024-07',
    insurances: {
      pension: [4462, 24930, '8', '16'],
      medical: [4462, 24930, '2', '9.5'],
      unemployment: [4462, 24930, '0.5', '0.5'],
      injury: [4462, 24930, '0', '0.2'],
      maternity: [4462, 24930, '0', '0'],
    },
    housingFund: { floor: 2490, cap: 38390, min: '5', max: '12', default: '12' },
    note: EXAMPLE_NOTE,
  },
];

/** An example in the stored units (cents and ppm), rounded half up to the cent. */
export function exampleRules(example: CityExample): CityRules {
  const insurances = Object.fromEntries(
    Object.entries(example.insurances).map(([name, [floor, cap, employee, employer]]) => [
      name,
      { floorCents: yuanToCents(floor), capCents: yuanToCents(cap), employeeRatePpm: percentToPpm(employee), employerRatePpm: percentToPpm(employer) },
    ]),
  ) as CityRules['insurances'];
  const hf = example.housingFund;
  return {
    insurances,
    housingFund: {
      floorCents: yuanToCents(hf.floor),
      capCents: yuanToCents(hf.cap),
      minRatePpm: percentToPpm(hf.min),
      maxRatePpm: percentToPpm(hf.max),
      defaultRatePpm: percentToPpm(hf.default),
    },
    rounding: { unit: 1, mode: 'half_up' },
  };
}
