/**
 * Events the recruiting plugin raises (declared in index.ts). Ids and stage keys only, never
 * names, contact details or scores: connectors forward these to chat apps and other systems.
 */
export interface RecruitingEvents {
  /** A new application (careers page, HR upload or intake), raised in the transaction that stores it. */
  'recruiting.application.created': { applicationId: number; jobId: number; candidateId: number; source: string };
  /** An application changed stage (`from`/`to` are stage keys of the job's pipeline). */
  'recruiting.application.moved': { applicationId: number; jobId: number; candidateId: number; from: string; to: string };
  /** An application was rejected; `reason` is a key of REJECT_REASONS (services/applications-rules.ts). */
  'recruiting.application.rejected': { applicationId: number; jobId: number; candidateId: number; reason: string };
  /** A candidate became an employee (the people directory raised `employee.hired` in the same transaction). */
  'recruiting.candidate.hired': { applicationId: number; jobId: number; candidateId: number; employeeId: number };
}
