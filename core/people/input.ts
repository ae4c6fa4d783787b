/**
 * What forms, the API and the importer hand to the service, as zod schemas, and
 * the rules that concern several fields at once (pure, table-tested).
 *
 * Form-friendly: numbers arrive as strings, an empty field as ''. For optional
 * fields '' means "cleared" (null); absent means "not sent" (unchanged on update).
 */
import { z } from 'zod';
import { EMPLOYEE_STATUSES, EMPLOYMENT_TYPES, GENDERS, type Gender } from './schema.js';
import {
  ERROR,
  bankAccountSchema,
  emailSchema,
  employeeNoSchema,
  idNumberSchema,
  isoDateSchema,
  mobileSchema,
  optional,
  parseIdNumber,
} from './validate.js';

const id = z.coerce.number().int().positive();
const text = (max: number) => z.string().trim().max(max);
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const choice = <const T extends readonly [string, ...string[]]>(values: T) => z.preprocess(blankToUndefined, z.enum(values));
/** A select left on its placeholder takes the default, like a field never sent. */
const choiceOr = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.preprocess(blankToUndefined, z.enum(values).default(fallback as never));
/**
 * Encrypted fields are never shown in an edit form, so a blank one there means
 * "keep what is stored"; only an explicit `null` (API, importer) clears it.
 */
const sensitive = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.nullable().optional());

const phone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s()-]{5,24}$/, { message: `${ERROR}phone` });

/** Every employee field a person may set, none required: the base of create and update. */
const fields = {
  employeeNo: employeeNoSchema,
  name: text(64).min(1),
  gender: optional(z.enum(GENDERS)),
  birthDate: optional(isoDateSchema),
  idNumber: sensitive(idNumberSchema),
  mobile: optional(mobileSchema),
  email: optional(emailSchema),
  departmentId: id,
  positionId: optional(id),
  managerId: optional(id),
  hireDate: optional(isoDateSchema),
  firstWorkDate: optional(isoDateSchema),
  employmentType: choice(EMPLOYMENT_TYPES),
  status: choice(EMPLOYEE_STATUSES),
  terminationDate: optional(isoDateSchema),
  terminationReason: optional(text(500)),
  contractStart: optional(isoDateSchema),
  contractEnd: optional(isoDateSchema),
  bankAccount: sensitive(bankAccountSchema),
  bankName: optional(text(64)),
  emergencyContactName: optional(text(64)),
  emergencyContactPhone: optional(phone),
};

/** A new employee: number, name and department are required. */
export const employeeCreateSchema = z.object({
  ...fields,
  employmentType: choiceOr(EMPLOYMENT_TYPES, 'full_time'),
  status: choiceOr(EMPLOYEE_STATUSES, 'probation'),
});
export type EmployeeCreateInput = z.input<typeof employeeCreateSchema>;
export type EmployeeCreate = z.output<typeof employeeCreateSchema>;

/** A change: only the fields present are touched; '' clears an optional one. */
export const employeeUpdateSchema = z.object(fields).partial();
export type EmployeeUpdateInput = z.input<typeof employeeUpdateSchema>;
export type EmployeeUpdate = z.output<typeof employeeUpdateSchema>;

/** The fields an employee may ask to change about themselves (self-service). */
export const CONTACT_FIELDS = ['mobile', 'email', 'emergencyContactName', 'emergencyContactPhone'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export const contactChangeSchema = z.object({
  mobile: fields.mobile,
  email: fields.email,
  emergencyContactName: fields.emergencyContactName,
  emergencyContactPhone: fields.emergencyContactPhone,
});
export type ContactChangeInput = z.input<typeof contactChangeSchema>;

const departmentFields = {
  name: text(64).min(1),
  code: optional(text(32).min(1)),
  parentId: optional(id),
  managerEmployeeId: optional(id),
  sort: z.coerce.number().int(),
};

export const departmentCreateSchema = z.object({ ...departmentFields, sort: departmentFields.sort.default(0) });
export type DepartmentCreateInput = z.input<typeof departmentCreateSchema>;

// Built from the fields without defaults: zod 4 applies a default inside .partial(), which would reset `sort` on a rename.
export const departmentUpdateSchema = z.object(departmentFields).omit({ parentId: true }).partial();
export type DepartmentUpdateInput = z.input<typeof departmentUpdateSchema>;

export const positionCreateSchema = z.object({ name: text(64).min(1), code: optional(text(32).min(1)) });
export type PositionCreateInput = z.input<typeof positionCreateSchema>;

// ---------------------------------------------------------------- rules across fields

/** The dated and identifying facts of one employee, after a change is applied. */
export interface EmployeeFacts {
  idNumber?: string | null;
  birthDate?: string | null;
  gender?: Gender | null;
  status?: string | null;
  hireDate?: string | null;
  firstWorkDate?: string | null;
  terminationDate?: string | null;
  contractStart?: string | null;
  contractEnd?: string | null;
}

/**
 * Problems that only show when fields are seen together: field → i18n key.
 * ISO dates compare correctly as strings.
 */
export function employeeRules(f: EmployeeFacts, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (f.birthDate && f.birthDate > today) errors.birthDate = `${ERROR}future_date`;
  if (f.idNumber) {
    const r = parseIdNumber(f.idNumber, { today });
    if (!r.ok) errors.idNumber = `${ERROR}id_number.${r.problem}`;
    else {
      if (f.birthDate && f.birthDate !== r.birthDate) errors.birthDate = `${ERROR}id_number.birth_date_mismatch`;
      if (f.gender && f.gender !== r.gender) errors.gender = `${ERROR}gender_mismatch`;
    }
  }
  if (f.status === 'left' && !f.terminationDate) errors.terminationDate = `${ERROR}termination_date_required`;
  if (f.terminationDate && f.hireDate && f.terminationDate < f.hireDate) errors.terminationDate = `${ERROR}termination_before_hire`;
  if (f.contractStart && f.contractEnd && f.contractEnd < f.contractStart) errors.contractEnd = `${ERROR}contract_end_before_start`;
  if (f.firstWorkDate && f.hireDate && f.firstWorkDate > f.hireDate) errors.firstWorkDate = `${ERROR}first_work_after_hire`;
  return errors;
}

/** Birth date and gender filled from the ID number where they were left empty. */
export function deriveFromIdNumber<T extends EmployeeFacts>(f: T): T {
  if (!f.idNumber) return f;
  const r = parseIdNumber(f.idNumber, { today: '9999-12-31' });
  if (!r.ok) return f;
  return { ...f, birthDate: f.birthDate || r.birthDate, gender: f.gender || r.gender };
}
