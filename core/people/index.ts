/**
 * The people directory (`core.people`): departments, positions, employees,
 * reporting lines, record scopes. Everything other core code and plugins use
 * comes from here.
 *
 * Build once at startup:
 *   const context = createPeopleContext({ db, sqlite, secret, events: kernel.events,
 *     audit: (c, e) => audit(sqlite, c, e, trustProxy), today: () => todayIn(timezone) })
 *   const people = createPeopleService({ context })   // context also goes to import/export
 *
 * Writes take an optional `c` (the request) last, for the audit log's who/where.
 * They run in one transaction with their outbox event and audit entry. Problems a
 * person should read throw `PeopleError` (an HttpError: status, i18n `messageKey`,
 * `field`); invalid input throws `PeopleValidationError` with `errors`
 * (field → i18n key), the shape `parseForm` reports, ready to show next to fields.
 *
 * people.departments
 *   create({ name, code?, parentId?, managerEmployeeId?, sort? }, c?) → Department
 *   update(id, { name?, code?, managerEmployeeId?, sort? }, c?) → Department
 *   rename(id, name, c?) → Department
 *   move(id, parentId | null, c?) → Department          refuses a cycle (department_cycle)
 *   delete(id, c?)                                      refuses with employees or children
 *   get(id) → Department | undefined
 *   tree() → DepartmentNode[]                           nested, employeeCount / totalCount (not counting `left`)
 *   options() → DepartmentOption[]                      tree order with depth and 'A / B / C' path, for selects
 *   subtreeIds(id) → number[]                           the department and all below it
 * people.positions: create({ name, code? }, c?) → Position; list(); get(id)
 * people.employees
 *   create(input: EmployeeCreateInput, c?) → id         raises employee.hired
 *   update(id, patch: EmployeeUpdateInput, c?) → changed field names
 *                                                       raises employee.updated (+ employee.left)
 *   get(id) → Employee | null                           masked idNumber/bankAccount, department/position/manager names
 *   list(EmployeeListQuery) → Page<EmployeeSummary>     q (name, number, pinyin, initials, email, exact ID number),
 *                                                       departmentId (+ subs), status, visibleTo {user, scope}, page, pageSize
 *   reveal(id, 'idNumber' | 'bankAccount', c?) → string | null   AUDITED HERE (people.employee.reveal)
 *   idByEmployeeNo(no) → id | null; idByIdNumber(idNumber) → id | null
 * people.linkUser(employeeId, userId | null, c?)        one account per employee
 * people.employeeOfUser(userId) → { id, departmentId } | null
 * people.org.chart() → OrgDepartment[]; people.org.reportingLines(rootId?) → OrgReport[]
 * people.changeRequests: request(employeeId, contactFields, byUserId, c?), list({status?, employeeIds?}),
 *   get(id), decide(id, 'approved' | 'rejected', deciderUserId, note?, c?)
 * people.scopes: visibleEmployeeIds(user, scope), canSee(user, scope, employeeId),
 *   condition(user, scope, column = employees.id) → SQL for `.where(...)`
 */
export { createPeopleContext, createPeopleService, type PeopleService, type PeopleServiceOptions } from './service.js';
export { PeopleError, PeopleValidationError } from './errors.js';
export type { AuditFn, PeopleContext } from './context.js';
export type { Department, DepartmentNode, DepartmentOption } from './departments.js';
export type { Position } from './positions.js';
export { ACTIVE_STATUSES, type Employee, type EmployeeListQuery, type EmployeeSummary, type Page } from './queries.js';
export type { OrgDepartment, OrgPerson, OrgReport } from './org.js';
export type { ChangeRequest, ChangeRequestWithName } from './changes.js';
export { canSee, reportingLineIds, scopeCondition, visibleEmployeeIds, type ScopeUser } from './scope.js';
export { SENSITIVE_FIELDS, type SensitiveField } from './sensitive.js';
export {
  CONTACT_FIELDS,
  contactChangeSchema,
  departmentCreateSchema,
  departmentUpdateSchema,
  employeeCreateSchema,
  employeeRules,
  employeeUpdateSchema,
  positionCreateSchema,
  type ContactChangeInput,
  type DepartmentCreateInput,
  type DepartmentUpdateInput,
  type EmployeeCreateInput,
  type EmployeeUpdateInput,
  type PositionCreateInput,
} from './input.js';
export {
  bankAccountSchema,
  emailSchema,
  employeeNoSchema,
  idNumberSchema,
  isEmail,
  isIsoDate,
  isoDateSchema,
  mobileSchema,
  normalizeMobile,
  parseIdNumber,
  todayIn,
  type IdNumberResult,
} from './validate.js';
export { namePinyin } from './pinyin.js';
export { PEOPLE_EVENT_SOURCE, type EmployeeHiredEvent, type EmployeeLeftEvent, type EmployeeUpdatedEvent, type PeopleEvents } from './events.js';
export { peopleMessages } from './i18n.js';
export {
  CHANGE_REQUEST_STATUSES,
  EMPLOYEE_STATUSES,
  EMPLOYMENT_TYPES,
  GENDERS,
  changeRequests,
  departments,
  employees,
  positions,
  type ChangeRequestStatus,
  type EmployeeStatus,
  type EmploymentType,
  type Gender,
} from './schema.js';
