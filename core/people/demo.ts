/**
 * The demo company's people (`npm run hr -- demo`, or "load a demo company" at
 * setup): a small head office with four departments, heads, reporting lines
 * and a realistic spread of hire dates, so plugins' demo data (attendance,
 * notices…) has someone to belong to. No accounts: demo people cannot sign in
 * until an admin links an account. Skipped when the directory has people.
 */
import type { Locale } from '../sdk.js';
import type { PeopleService } from './service.js';

interface DemoPerson {
  no: string;
  zh: string;
  en: string;
  gender: 'male' | 'female';
  dept: number;
  /** Index in PEOPLE of the manager; -1 = none. */
  manager: number;
  hire: string;
  firstWork: string;
  status?: 'probation' | 'regular';
  head?: boolean;
}

const DEPARTMENTS = [
  { zh: '总经办', en: 'Executive Office', code: 'EXE' },
  { zh: '研发部', en: 'R&D', code: 'RND' },
  { zh: '市场部', en: 'Marketing', code: 'MKT' },
  { zh: '人力资源部', en: 'Human Resources', code: 'HR' },
  { zh: '财务部', en: 'Finance', code: 'FIN' },
];

// prettier-ignore
const PEOPLE: DemoPerson[] = [
  { no: 'D0001', zh: '周建国', en: 'Jianguo Zhou', gender: 'male', dept: 0, manager: -1, hire: '2012-03-01', firstWork: '1998-07-01', head: true },
  { no: 'D0002', zh: '林晓峰', en: 'Xiaofeng Lin', gender: 'male', dept: 1, manager: 0, hire: '2014-06-16', firstWork: '2006-07-01', head: true },
  { no: 'D0003', zh: '陈思远', en: 'Siyuan Chen', gender: 'male', dept: 1, manager: 1, hire: '2018-09-03', firstWork: '2015-07-01' },
  { no: 'D0004', zh: '王雨桐', en: 'Yutong Wang', gender: 'female', dept: 1, manager: 1, hire: '2020-04-13', firstWork: '2019-07-01' },
  { no: 'D0005', zh: '赵一鸣', en: 'Yiming Zhao', gender: 'male', dept: 1, manager: 1, hire: '2023-02-20', firstWork: '2021-07-01' },
  { no: 'D0006', zh: '刘欣然', en: 'Xinran Liu', gender: 'female', dept: 1, manager: 1, hire: '2026-07-01', firstWork: '2026-07-01', status: 'probation' },
  { no: 'D0007', zh: '孙浩', en: 'Hao Sun', gender: 'male', dept: 1, manager: 1, hire: '2021-11-08', firstWork: '2004-07-01' },
  { no: 'D0008', zh: '黄佳怡', en: 'Jiayi Huang', gender: 'female', dept: 2, manager: 0, hire: '2016-05-09', firstWork: '2010-07-01', head: true },
  { no: 'D0009', zh: '吴子涵', en: 'Zihan Wu', gender: 'female', dept: 2, manager: 7, hire: '2022-08-15', firstWork: '2020-07-01' },
  { no: 'D0010', zh: '郑凯', en: 'Kai Zheng', gender: 'male', dept: 2, manager: 7, hire: '2024-03-04', firstWork: '2017-07-01' },
  { no: 'D0011', zh: '何静', en: 'Jing He', gender: 'female', dept: 3, manager: 0, hire: '2015-01-05', firstWork: '2008-07-01', head: true },
  { no: 'D0012', zh: '马丽娜', en: 'Lina Ma', gender: 'female', dept: 3, manager: 10, hire: '2025-10-20', firstWork: '2022-07-01' },
  { no: 'D0013', zh: '高志强', en: 'Zhiqiang Gao', gender: 'male', dept: 4, manager: 0, hire: '2013-08-12', firstWork: '2003-07-01', head: true },
  { no: 'D0014', zh: '罗敏', en: 'Min Luo', gender: 'female', dept: 4, manager: 12, hire: '2019-12-02', firstWork: '2016-07-01' },
];

/** Adds the demo company's departments and people; returns how many people were added. */
export function loadPeopleDemo(people: PeopleService, locale: Locale): number {
  if (people.employees.list({ pageSize: 1 }).total > 0) return 0;
  const name = (o: { zh: string; en: string }) => (locale === 'en' ? o.en : o.zh);
  const root = people.departments.create({ name: locale === 'en' ? 'Head office' : '总部', code: 'HQ' });
  const deptIds = DEPARTMENTS.map((d, i) => people.departments.create({ name: name(d), code: d.code, parentId: root.id, sort: i }).id);
  const ids: number[] = [];
  PEOPLE.forEach((p) => {
    ids.push(
      people.employees.create({
        employeeNo: p.no,
        name: name(p),
        gender: p.gender,
        departmentId: deptIds[p.dept]!,
        managerId: p.manager >= 0 ? ids[p.manager] : undefined,
        hireDate: p.hire,
        firstWorkDate: p.firstWork,
        status: p.status ?? 'regular',
        employmentType: 'full_time',
      }),
    );
  });
  PEOPLE.forEach((p, i) => {
    if (p.head) people.departments.update(deptIds[p.dept]!, { managerEmployeeId: ids[i] });
  });
  people.departments.update(root.id, { managerEmployeeId: ids[0] });
  return ids.length;
}
