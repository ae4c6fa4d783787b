/**
 * Import and export of the people directory: the public API.
 *
 *   const imports = createPeopleImport(wiring.context)   // the PeopleContext from core/people/wiring.ts
 *   const { job, done } = imports.start({ name, bytes }, userId)   // dry run in chunks; poll job.progress
 *   (await done).analysis -> counts, problems (row as shown in Excel + i18n reason), ok
 *   imports.commit(job, c)                                          // one transaction, re-validated
 *   await imports.run({ name, bytes }, c)                           // both, for scripts
 *   exportEmployees(ctx, { user, scope, reveal }, 'xlsx' | 'csv', locale, c)
 *   templateXlsx(locale), templateCsv(locale, 'employees' | 'departments')
 *   registerImportRoutes(app, kernel, { context: wiring.context })  // the pages, see routes.ts
 *   importMessages                                                  // i18n.add('core.people.import', importMessages)
 */
/** Kept for callers of this module: the directory's own `createPeopleContext` (service.ts). */
export { createPeopleContext as peopleContext } from '../service.js';

export { analyze, type Analysis, type Progress } from './analyze.js';
export { commitImport, ImportRejectedError, type CommitResult } from './commit.js';
export { createPeopleImport, type ImportJob, type PeopleImport } from './jobs.js';
export { DEPARTMENT_COLUMNS, EMPLOYEE_COLUMNS } from './columns.js';
export { LIMITS, ImportFileError, readUpload } from './read.js';
export type { RowProblem } from './rows.js';
export { templateCsv, templateXlsx } from './template.js';
export { importMessages } from './i18n.js';
export { EXPORT_PERMISSION, IMPORT_PERMISSION, REVEAL_PERMISSION, registerImportRoutes, type ImportRouteOptions } from './routes.js';
export { exportEmployees, exportTable, type ExportViewer } from '../export/export.js';
