/**
 * Hire and edit: GET/POST /people/new (core.people.manage with scope all) and
 * GET/POST /people/:id/edit (core.people.manage reaching that employee).
 *
 * The form posts every field as text; the service's schemas read them (''
 * clears an optional field; a blank ID number or bank account on edit keeps the
 * stored one). Problems come back next to their fields, in the reader's
 * language, with what was typed kept.
 */
import { route, type HrApp } from '../../app.js';
import { addFlash } from '../../http/flash.js';
import { render } from '../../http/render.js';
import { describeZodError, zodErrorMap } from '../../http/validate.js';
import type { Kernel } from '../../kernel.js';
import type { HrContext } from '../../sdk.js';
import { PeopleError, PeopleValidationError } from '../errors.js';
import { employeeCreateSchema, employeeRules, employeeUpdateSchema } from '../input.js';
import type { Employee } from '../queries.js';
import { EMPLOYEE_STATUSES, EMPLOYMENT_TYPES, GENDERS } from '../schema.js';
import { MANAGE, idParam, visibleEmployee } from './common.js';
import { translateErrors } from '../../http/validate.js';
import { accountOptions, accountProblem, managerOptions } from './options.js';

/** The employee fields the form sends, in form order. */
export const FORM_FIELDS = [
  'employeeNo', 'name', 'gender', 'birthDate', 'idNumber',
  'departmentId', 'positionId', 'managerId', 'employmentType', 'status', 'hireDate', 'firstWorkDate', 'contractStart', 'contractEnd',
  'mobile', 'email', 'emergencyContactName', 'emergencyContactPhone',
  'bankName', 'bankAccount',
  'terminationDate', 'terminationReason',
] as const;
type FormField = (typeof FORM_FIELDS)[number];
type Values = Record<FormField | 'userId', string>;

/** An employee as form values: encrypted fields stay blank ("leave blank to keep"). */
function valuesOf(e: Employee): Values {
  const out = {} as Values;
  for (const f of FORM_FIELDS) {
    const v = f === 'idNumber' || f === 'bankAccount' ? null : (e as unknown as Record<string, unknown>)[f];
    out[f] = v == null ? '' : String(v);
  }
  out.userId = e.userId == null ? '' : String(e.userId);
  return out;
}

function blankValues(): Values {
  const out = Object.fromEntries([...FORM_FIELDS, 'userId'].map((f) => [f, ''])) as Values;
  out.employmentType = 'full_time';
  out.status = 'probation';
  return out;
}

export function mountFormRoutes(app: HrApp, kernel: Kernel): void {
  const people = kernel.people.service;

  function form(c: HrContext, employee: Employee | null, values: Values, errors: Record<string, string> = {}, status = 200) {
    const t = c.get('t');
    return render(
      kernel,
      c,
      'core/people-form',
      {
        employee,
        values,
        errors,
        action: employee ? `/people/${employee.id}/edit` : '/people/new',
        cancelHref: employee ? `/people/${employee.id}` : '/people',
        departments: people.departments.options(),
        positions: people.positions.list(),
        managers: managerOptions(kernel, employee),
        accounts: accountOptions(kernel, employee),
        genders: GENDERS,
        employmentTypes: EMPLOYMENT_TYPES,
        statuses: EMPLOYEE_STATUSES,
      },
      { title: employee ? t('core.people.page.edit_title', { name: employee.name }) : t('core.people.page.new_title'), status },
    );
  }

  async function submit(c: HrContext, employee: Employee | null): Promise<Response> {
    const t = c.get('t');
    const locale = c.get('locale');
    const body = await c.req.parseBody();
    const values = Object.fromEntries([...FORM_FIELDS, 'userId'].map((f) => [f, typeof body[f] === 'string' ? (body[f] as string) : ''])) as Values;
    const { userId: userIdText, ...fields } = values;

    const parsed = (employee ? employeeUpdateSchema : employeeCreateSchema).safeParse(fields, { error: zodErrorMap(locale) });
    // The rules across fields too, so every problem shows at once (the service checks them again).
    const errors: Record<string, string> = parsed.success ? employeeRules(parsed.data, kernel.people.context.today()) : describeZodError(parsed.error, locale).errors;
    // The service asks for a termination date; a leaver's reason belongs on record too.
    if (fields.status === 'left' && !fields.terminationReason.trim()) errors.terminationReason ??= 'core.people.page.error.reason_required';
    const userId = userIdText === '' ? null : Number(userIdText);
    const linkProblem = accountProblem(kernel, userId, employee?.id ?? null);
    if (linkProblem) errors.userId = linkProblem;
    if (Object.keys(errors).length) return form(c, employee, values, translateErrors(c.get('t'), errors), 400);

    let id: number;
    try {
      if (employee) {
        id = employee.id;
        const changed = people.employees.update(id, fields, c);
        if (userId !== employee.userId) people.linkUser(id, userId, c);
        addFlash(c, changed.length || userId !== employee.userId ? { kind: 'success', text: t('core.people.page.updated', { name: fields.name }) } : { kind: 'info', text: t('core.people.page.unchanged') });
      } else {
        id = people.employees.create(fields, c);
        if (userId != null) people.linkUser(id, userId, c);
        addFlash(c, { kind: 'success', text: t('core.people.page.created', { name: fields.name }) });
      }
    } catch (err) {
      if (err instanceof PeopleValidationError) return form(c, employee, values, translateErrors(c.get('t'), err.errors), 400);
      if (err instanceof PeopleError) {
        return form(c, employee, values, { [err.field ?? '_form']: t(err.messageKey, err.params) }, err.status);
      }
      throw err;
    }
    return c.redirect(`/people/${id}`, 303);
  }

  const create = { permission: MANAGE, scope: 'all' as const };
  route(app, kernel, 'core', 'get', '/people/new', create, (c) => form(c, null, blankValues()));
  route(app, kernel, 'core', 'post', '/people/new', create, (c) => submit(c, null));

  route(app, kernel, 'core', 'get', '/people/:id{[0-9]+}/edit', MANAGE, (c) => {
    const employee = visibleEmployee(kernel, c, idParam(c), MANAGE);
    return form(c, employee, valuesOf(employee));
  });
  route(app, kernel, 'core', 'post', '/people/:id{[0-9]+}/edit', MANAGE, (c) => submit(c, visibleEmployee(kernel, c, idParam(c), MANAGE)));
}
