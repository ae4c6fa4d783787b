/** Scheduled jobs with run history; see runner.ts. */
export { createJobRunner } from './runner.js';
export type { JobInfo, JobRun, JobRunner, JobRunnerOptions, JobStatus, JobTrigger } from './runner.js';
