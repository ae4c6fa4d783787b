/**
 * The people directory's pages, mounted by core/routes/index.ts:
 *
 *   GET  /people                        directory (core.people.view, filtered by its scope)
 *   GET  /people/new, POST              hire (core.people.manage, scope all)
 *   GET  /people/:id                    profile, ?tab=<id> (core.people.view; 404 outside the scope)
 *   GET  /people/:id/tabs/:tab          the tab strip and panel, for htmx
 *   POST /people/:id/reveal/:field      idNumber | bankAccount in full (core.people.sensitive; audited by the service)
 *   GET  /people/:id/edit, POST         edit (core.people.manage reaching the employee)
 *
 * Ids are digits only, so /people/org, /people/import and friends stay free for their own pages.
 * Plugins add profile tabs through tabs.ts (`registerProfileTab`).
 */
import type { HrApp } from '../../app.js';
import type { Kernel } from '../../kernel.js';
import { mountDirectoryRoutes } from './directory.js';
import { mountFormRoutes } from './forms.js';
import { mountProfileRoutes } from './profile.js';

export { profileTabs, registerProfileTab, type ProfileTab, type ProfileTabDef } from './tabs.js';

export function mountPeopleRoutes(app: HrApp, kernel: Kernel): void {
  mountDirectoryRoutes(app, kernel);
  mountFormRoutes(app, kernel);
  mountProfileRoutes(app, kernel);
}
