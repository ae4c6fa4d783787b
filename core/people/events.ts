/**
 * Lifecycle events of the people directory, raised on the core event bus with
 * source `core.people` inside the write's transaction (so they exist exactly
 * when the change committed). Payloads carry ids and field names, never the
 * values of sensitive fields: the outbox stores payloads in plain JSON.
 */
import type { EmploymentType, EmployeeStatus } from './schema.js';

export const PEOPLE_EVENT_SOURCE = 'core.people';

export interface EmployeeHiredEvent {
  id: number;
  employeeNo: string;
  name: string;
  departmentId: number;
  managerId: number | null;
  hireDate: string | null;
  employmentType: EmploymentType;
  status: EmployeeStatus;
}

export interface EmployeeUpdatedEvent {
  id: number;
  employeeNo: string;
  /** Names of the fields that changed (`departmentId`, `idNumber`…), never their values. */
  changed: string[];
}

export interface EmployeeLeftEvent {
  id: number;
  employeeNo: string;
  terminationDate: string | null;
  terminationReason: string | null;
}

/** What `HrEvents` in core/sdk.ts declares for these names. */
export interface PeopleEvents {
  'employee.hired': EmployeeHiredEvent;
  'employee.updated': EmployeeUpdatedEvent;
  'employee.left': EmployeeLeftEvent;
}

/** The part of the core event bus the service uses (`EventBus.emit`). */
export interface PeopleEventSink {
  emit(source: string, event: string, payload: unknown): string;
}
