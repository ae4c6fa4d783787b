/**
 * The people directory's tables (ledger id `core.people`). After a change here:
 * `npm run hr -- make-migration core.people --name <name>`.
 *
 * Calendar dates (birth, hire, contract…) are `YYYY-MM-DD` text: they are days,
 * not instants, and must not shift with a time zone. Timestamps are ms since the
 * epoch, as in core. Sensitive values are stored only encrypted (`*_enc`, see
 * core/crypto/fields.ts) beside what lists need without decrypting: the last four
 * characters, and for the ID number a keyed hash to find duplicates and exact matches.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { coreUsers } from '../db/schema.js';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];
export const EMPLOYMENT_TYPES = ['full_time', 'part_time', 'intern', 'contractor', 'dispatch'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];
export const EMPLOYEE_STATUSES = ['probation', 'regular', 'leaving', 'left'] as const;
export type EmployeeStatus = (typeof EMPLOYEE_STATUSES)[number];
export const CHANGE_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

export const departments = sqliteTable(
  'people_departments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    code: text('code'),
    parentId: integer('parent_id').references((): AnySQLiteColumn => departments.id, { onDelete: 'restrict' }),
    /**
     * No foreign key: employees already reference departments, and a reference
     * back would make the two tables impossible to rebuild or import in any order.
     * The service checks the employee exists when this is set.
     */
    managerEmployeeId: integer('manager_employee_id'),
    sort: integer('sort').notNull().default(0),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [
    uniqueIndex('people_departments_code_unique').on(t.code),
    uniqueIndex('people_departments_sibling_name_unique').on(t.parentId, t.name),
    // NULLs are distinct in a unique index, so top-level departments need their own
    // (an expression index with coalesce() is mangled by drizzle-kit 0.31).
    uniqueIndex('people_departments_root_name_unique').on(t.name).where(sql`${t.parentId} IS NULL`),
    index('people_departments_parent').on(t.parentId),
  ],
);

export const positions = sqliteTable(
  'people_positions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    code: text('code'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [uniqueIndex('people_positions_name_unique').on(t.name)],
);

export const employees = sqliteTable(
  'people_employees',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeNo: text('employee_no').notNull(),
    name: text('name').notNull(),
    gender: text('gender', { enum: GENDERS }),
    birthDate: text('birth_date'),
    idNumberEnc: text('id_number_enc'),
    /** HMAC-SHA256 (hex) of the normalised 18-character number under a key derived from the instance secret. */
    idNumberHash: text('id_number_hash'),
    idNumberLast4: text('id_number_last4'),
    mobile: text('mobile'),
    email: text('email'),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id, { onDelete: 'restrict' }),
    positionId: integer('position_id').references(() => positions.id, { onDelete: 'set null' }),
    managerId: integer('manager_id').references((): AnySQLiteColumn => employees.id, { onDelete: 'set null' }),
    hireDate: text('hire_date'),
    /** Date of first employment anywhere: statutory annual leave depends on total working years. */
    firstWorkDate: text('first_work_date'),
    employmentType: text('employment_type', { enum: EMPLOYMENT_TYPES }).notNull().default('full_time'),
    status: text('status', { enum: EMPLOYEE_STATUSES }).notNull().default('probation'),
    terminationDate: text('termination_date'),
    terminationReason: text('termination_reason'),
    contractStart: text('contract_start'),
    contractEnd: text('contract_end'),
    bankAccountEnc: text('bank_account_enc'),
    bankAccountLast4: text('bank_account_last4'),
    bankName: text('bank_name'),
    emergencyContactName: text('emergency_contact_name'),
    emergencyContactPhone: text('emergency_contact_phone'),
    userId: integer('user_id').references(() => coreUsers.id, { onDelete: 'set null' }),
    /** Full pinyin, lower case, no tones or spaces: 张三 → zhangsan. */
    namePinyin: text('name_pinyin').notNull().default(''),
    /** First letters: 张三 → zs. */
    nameInitials: text('name_initials').notNull().default(''),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [
    uniqueIndex('people_employees_no_unique').on(t.employeeNo),
    uniqueIndex('people_employees_id_hash_unique').on(t.idNumberHash),
    uniqueIndex('people_employees_user_unique').on(t.userId),
    index('people_employees_department').on(t.departmentId),
    index('people_employees_manager').on(t.managerId),
    index('people_employees_status').on(t.status),
    index('people_employees_initials').on(t.nameInitials),
    index('people_employees_pinyin').on(t.namePinyin),
  ],
);

/** Self-service contact changes an employee asks HR to apply. */
export const changeRequests = sqliteTable(
  'people_change_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    requestedByUserId: integer('requested_by_user_id').references(() => coreUsers.id, { onDelete: 'set null' }),
    /** field → { from, to } */
    changes: text('changes', { mode: 'json' }).notNull().$type<Record<string, { from: string | null; to: string | null }>>(),
    status: text('status', { enum: CHANGE_REQUEST_STATUSES }).notNull().default('pending'),
    decidedByUserId: integer('decided_by_user_id').references(() => coreUsers.id, { onDelete: 'set null' }),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    note: text('note'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('people_change_requests_status').on(t.status, t.createdAt), index('people_change_requests_employee').on(t.employeeId)],
);
