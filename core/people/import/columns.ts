/**
 * The columns of the import files: field ids, the headers accepted for each
 * (Chinese first — the template uses the first one — then English and common
 * variants), and header-row mapping. Pure.
 */

export type FieldKind = 'text' | 'date' | 'enum' | 'id_number' | 'mobile' | 'phone' | 'email' | 'bank_account' | 'employee_no';

export interface ColumnDef<F extends string = string> {
  field: F;
  kind: FieldKind;
  required?: boolean;
  /** Headers accepted on import; [0] is the Chinese template header, [1] the English one. */
  headers: string[];
  /** For enums: stored value -> accepted spellings (the first Chinese one goes into templates). */
  values?: Record<string, string[]>;
  /** Example value for the template row. */
  example: string;
  maxLength?: number;
}

export const GENDERS: Record<string, string[]> = { male: ['男', 'male', 'm', '男性'], female: ['女', 'female', 'f', '女性'] };
export const EMPLOYMENT_TYPES: Record<string, string[]> = {
  full_time: ['全职', 'full-time', 'full time', 'fulltime', 'full_time'],
  part_time: ['兼职', 'part-time', 'part time', 'parttime', 'part_time'],
  intern: ['实习', '实习生', 'intern', 'internship'],
  contractor: ['外包', 'contractor', 'outsourced', 'outsourcing'],
  dispatch: ['派遣', '劳务派遣', 'dispatch', 'dispatched', 'agency'],
};
export const STATUSES: Record<string, string[]> = {
  probation: ['试用', '试用期', 'probation'],
  regular: ['正式', '在职', '转正', 'regular', 'active'],
  leaving: ['待离职', 'leaving'],
  left: ['离职', '已离职', 'left', 'terminated'],
};

export type EmployeeField =
  | 'employeeNo'
  | 'name'
  | 'gender'
  | 'birthDate'
  | 'idNumber'
  | 'mobile'
  | 'email'
  | 'department'
  | 'position'
  | 'managerNo'
  | 'hireDate'
  | 'firstWorkDate'
  | 'employmentType'
  | 'status'
  | 'terminationDate'
  | 'terminationReason'
  | 'contractStart'
  | 'contractEnd'
  | 'bankAccount'
  | 'bankName'
  | 'emergencyContactName'
  | 'emergencyContactPhone';

export const EMPLOYEE_COLUMNS: ColumnDef<EmployeeField>[] = [
  { field: 'employeeNo', kind: 'employee_no', required: true, headers: ['工号', 'Employee No.', '员工编号', '员工工号', '编号', 'employee no', 'employee number', 'employee_no', 'staff no'], example: 'E0001' },
  { field: 'name', kind: 'text', required: true, headers: ['姓名', 'Name', '员工姓名', 'full name'], example: '张三', maxLength: 64 },
  { field: 'gender', kind: 'enum', values: GENDERS, headers: ['性别', 'Gender', 'sex'], example: '男' },
  { field: 'birthDate', kind: 'date', headers: ['出生日期', 'Birth date', '生日', 'date of birth', 'birthday', 'dob'], example: '1990-03-07' },
  { field: 'idNumber', kind: 'id_number', headers: ['身份证号', 'ID number', '身份证号码', '身份证', '证件号码', 'id no', 'id card', 'id_number'], example: '110105199003070033' },
  { field: 'mobile', kind: 'mobile', headers: ['手机号', 'Mobile', '手机', '手机号码', '联系电话', '电话', 'phone', 'mobile phone', 'cell'], example: '13812345678' },
  { field: 'email', kind: 'email', headers: ['邮箱', 'Email', '电子邮箱', '电子邮件', 'e-mail', 'mail'], example: 'zhangsan@example.com' },
  { field: 'department', kind: 'text', required: true, headers: ['部门', 'Department', '所属部门', '部门路径', 'dept'], example: '总部/研发部', maxLength: 500 },
  { field: 'position', kind: 'text', headers: ['职位', 'Position', '岗位', '职务', 'job title', 'title'], example: '软件工程师', maxLength: 64 },
  { field: 'managerNo', kind: 'employee_no', headers: ['直属上级工号', 'Manager No.', '上级工号', '直属上级', '汇报对象工号', 'manager', 'manager employee no', 'manager_no'], example: '' },
  { field: 'hireDate', kind: 'date', headers: ['入职日期', 'Hire date', '入职时间', 'date hired', 'start date', 'hire_date'], example: '2024-01-15' },
  { field: 'firstWorkDate', kind: 'date', headers: ['参加工作日期', 'First work date', '首次参加工作日期', '参加工作时间', 'first employment date', 'first_work_date'], example: '2012-07-01' },
  { field: 'employmentType', kind: 'enum', values: EMPLOYMENT_TYPES, headers: ['用工类型', 'Employment type', '员工类型', '雇佣类型', 'type'], example: '全职' },
  { field: 'status', kind: 'enum', values: STATUSES, headers: ['状态', 'Status', '员工状态', '在职状态'], example: '试用' },
  { field: 'terminationDate', kind: 'date', headers: ['离职日期', 'Termination date', '离职时间', 'leave date', 'termination_date'], example: '' },
  { field: 'terminationReason', kind: 'text', headers: ['离职原因', 'Termination reason', 'reason for leaving'], example: '', maxLength: 500 },
  { field: 'contractStart', kind: 'date', headers: ['合同开始日期', 'Contract start', '合同起始日期', '合同开始', 'contract_start'], example: '2024-01-15' },
  { field: 'contractEnd', kind: 'date', headers: ['合同结束日期', 'Contract end', '合同终止日期', '合同到期日', '合同结束', 'contract_end'], example: '2027-01-14' },
  { field: 'bankAccount', kind: 'bank_account', headers: ['银行账号', 'Bank account', '银行卡号', '工资卡号', 'bank account no', 'bank_account'], example: '6222021234567890123' },
  { field: 'bankName', kind: 'text', headers: ['开户银行', 'Bank name', '开户行', '银行', 'bank'], example: '中国工商银行北京分行', maxLength: 64 },
  { field: 'emergencyContactName', kind: 'text', headers: ['紧急联系人', 'Emergency contact', '紧急联系人姓名', 'emergency contact name'], example: '李四', maxLength: 64 },
  { field: 'emergencyContactPhone', kind: 'phone', headers: ['紧急联系人电话', 'Emergency contact phone', '紧急联系电话', 'emergency phone'], example: '13900001111', maxLength: 40 },
];

export type DepartmentField = 'name' | 'parent' | 'code' | 'managerNo';

export const DEPARTMENT_COLUMNS: ColumnDef<DepartmentField>[] = [
  { field: 'name', kind: 'text', required: true, headers: ['部门名称', 'Department name', '部门', '名称', 'name', 'department'], example: '研发部', maxLength: 64 },
  { field: 'parent', kind: 'text', headers: ['上级部门', 'Parent department', '上级部门路径', '父部门', 'parent', 'parent path'], example: '总部', maxLength: 500 },
  { field: 'code', kind: 'text', headers: ['部门编码', 'Code', '部门代码', '编码', 'department code'], example: 'RD', maxLength: 32 },
  { field: 'managerNo', kind: 'employee_no', headers: ['负责人工号', 'Manager No.', '部门负责人工号', '负责人', 'manager', 'head'], example: 'E0001' },
];

/** Header text compared loosely: case, spaces, punctuation, a trailing `*` (required mark) or `(必填)`. */
export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[（(][^)）]*[)）]/g, '')
    .replace(/[\s*_.:：\-/]/g, '');
}

export interface HeaderMapping<F extends string> {
  /** Column index -> field. */
  columns: Map<number, F>;
  /** Header texts that matched no field (ignored, reported as a notice). */
  unknown: string[];
  /** Fields whose header appears twice (an error). */
  duplicated: F[];
  /** Required fields without a column (an error). */
  missing: F[];
}

export function mapHeaders<F extends string>(headerRow: readonly (string | null)[], defs: ColumnDef<F>[]): HeaderMapping<F> {
  const lookup = new Map<string, F>();
  for (const d of defs) for (const h of d.headers) if (!lookup.has(headerKey(h))) lookup.set(headerKey(h), d.field);
  const columns = new Map<number, F>();
  const seen = new Set<F>();
  const duplicated: F[] = [];
  const unknown: string[] = [];
  headerRow.forEach((cell, i) => {
    const text = (cell ?? '').trim();
    if (!text) return;
    const field = lookup.get(headerKey(text));
    if (!field) return void unknown.push(text);
    if (seen.has(field)) return void duplicated.push(field);
    seen.add(field);
    columns.set(i, field);
  });
  const missing = defs.filter((d) => d.required && !seen.has(d.field)).map((d) => d.field);
  return { columns, unknown, duplicated, missing };
}

/** How many cells of a row are known headers of `defs`: the header row is the first row with the most. */
export function headerScore(row: readonly (string | null)[], defs: ColumnDef[]): number {
  const keys = new Set(defs.flatMap((d) => d.headers.map(headerKey)));
  return row.filter((c) => c && keys.has(headerKey(c))).length;
}

/** Stored enum value for what a person typed, or null. */
export function enumValue(values: Record<string, string[]>, input: string): string | null {
  const k = headerKey(input);
  for (const [value, spellings] of Object.entries(values)) if (value === input || spellings.some((s) => headerKey(s) === k)) return value;
  return null;
}
