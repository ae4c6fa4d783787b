/**
 * People pages for the org chart, departments and positions, self-service and
 * the review of change requests. Mount before the people directory's
 * `/people/:id`: Hono tries routes in registration order.
 *
 *   GET  /people/org                          core.people.view      (?view=lines: reporting lines)
 *   GET  /people/departments (+ POST forms)   core.people.manage
 *   GET  /me, POST /me/requests               signed in
 *   GET  /people/requests, POST …/:id/decide  core.people.requests
 */
import type { HrApp } from '../../app.js';
import type { Kernel } from '../../kernel.js';
import { mountDepartmentPages } from './departments.js';
import { mountSelfService } from './me.js';
import { mountOrgChart } from './org.js';
import { mountRequestReview } from './requests.js';

export function mountOrgRoutes(app: HrApp, kernel: Kernel): void {
  mountOrgChart(app, kernel);
  mountDepartmentPages(app, kernel);
  mountRequestReview(app, kernel);
  mountSelfService(app, kernel);
}
