/**
 * HR's payroll administration: the hub at /payroll/admin linking every admin
 * page (runs, salaries, components, structures, city policies, exports, the
 * tax calculator), and the setup pages of each area. Every route needs
 * `payroll.manage` at scope `all`.
 */
import type { PluginContext } from '../../../core/sdk.js';
import type { Payroll } from '../services/index.js';
import { EXAMPLE_NOTE } from '../services/setup-defaults.js';
import type { PayrollSettings } from '../settings.js';
import { registerCityPages } from './setup-cities.js';
import { MANAGE } from './setup-common.js';
import { registerSetupEmployeePages } from './setup-employees.js';
import { registerOpeningPages } from './setup-opening.js';
import { registerComponentPages } from './setup-components.js';

/** The hub's sections: [i18n key of the group, links (path, i18n key of label, key of the one-line hint)]. */
const SECTIONS: [string, [string, string, string][]][] = [
  [
    'payroll.setup.hub.pay',
    [
      ['/payroll/runs', 'payroll.setup.hub.runs', 'payroll.setup.hub.runsHint'],
      ['/payroll/exports', 'payroll.setup.hub.exports', 'payroll.setup.hub.exportsHint'],
      ['/payroll/tax-calculator', 'payroll.setup.hub.calculator', 'payroll.setup.hub.calculatorHint'],
    ],
  ],
  [
    'payroll.setup.hub.setup',
    [
      ['/payroll/admin/employees', 'payroll.setup.hub.employees', 'payroll.setup.hub.employeesHint'],
      ['/payroll/admin/opening-balances', 'payroll.opening.hub', 'payroll.opening.hubHint'],
      ['/payroll/admin/components', 'payroll.setup.hub.components', 'payroll.setup.hub.componentsHint'],
      ['/payroll/admin/structures', 'payroll.setup.hub.structures', 'payroll.setup.hub.structuresHint'],
      ['/payroll/admin/cities', 'payroll.setup.hub.cities', 'payroll.setup.hub.citiesHint'],
    ],
  ],
];

export function registerSetupPages(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  const { setup } = payroll;

  ctx.pages.get('/admin', MANAGE, (c) => {
    const employed = ctx.people.employees.roster();
    const statuses = setup.profileStatuses();
    const withoutProfile = employed.filter((e) => !statuses.has(e.id)).length;
    const unchecked = setup.cityPolicies().filter((p) => p.note === EXAMPLE_NOTE).length;
    return ctx.render(c, 'setup-home', { sections: SECTIONS, withoutProfile, unchecked }, { title: c.get('t')('payroll.setup.hub.title') });
  });

  registerSetupEmployeePages(ctx, payroll);
  registerOpeningPages(ctx, payroll);
  registerComponentPages(ctx, payroll);
  registerCityPages(ctx, payroll);
}
