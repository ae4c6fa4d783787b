/**
 * Profile tabs: the core ones (basic, job, contact, bank) and those plugins add
 * (`ctx.people.tab({...})` during setup; payroll, leave balances…).
 *
 * The registry is keyed by kernel, so two kernels in one process (tests) never
 * see each other's tabs and nothing needs clearing. A tab shows on a profile
 * when the viewer holds its permission and that permission's scope reaches the
 * employee (a payroll tab held with scope `self` shows on one's own profile only).
 * Core tabs are rendered by core/people/pages/profile.ts; plugin tabs render
 * themselves to an HTML string (escaped by the plugin, e.g. with `ctx.renderView`).
 */
import type { Employee } from '../queries.js';
import type { HrContext, Permission } from '../../sdk.js';

export interface ProfileTabDef {
  /** Unique on the profile; used in the URL (`?tab=<id>`): lower-case letters, digits, dashes. */
  id: string;
  /** i18n key of the tab's label. */
  label: string;
  /** Who sees the tab; its scope must also reach the employee shown. */
  permission: Permission;
  /** Position among the tabs; core tabs use 10–40. Default 100. */
  order?: number;
  /** The panel's HTML for this employee. */
  render: (c: HrContext, employee: Employee) => Promise<string> | string;
}

export interface ProfileTab extends ProfileTabDef {
  /** `core` or the plugin that registered it. */
  plugin: string;
  order: number;
}

const TAB_ID = /^[a-z][a-z0-9-]{0,39}$/;
/** Ids of the tabs core draws itself. */
export const CORE_TABS = ['basic', 'job', 'contact', 'bank'] as const;
export type CoreTab = (typeof CORE_TABS)[number];
const registries = new WeakMap<object, ProfileTab[]>();

/**
 * Add a tab for `kernel` (any object identifying one kernel). Throws on a bad
 * or duplicate id so a plugin's mistake shows at startup, not on a profile page.
 */
export function registerProfileTab(kernel: object, plugin: string, def: ProfileTabDef): void {
  if (!TAB_ID.test(def.id)) throw new Error(`Profile tab "${def.id}": the id must be lower-case letters, digits and dashes.`);
  if (typeof def.render !== 'function') throw new Error(`Profile tab "${def.id}": render must be a function.`);
  if ((CORE_TABS as readonly string[]).includes(def.id)) throw new Error(`Profile tab "${def.id}" is one of core's own tabs; choose another id.`);
  const list = registries.get(kernel) ?? [];
  const clash = list.find((t) => t.id === def.id);
  if (clash) throw new Error(`Profile tab "${def.id}" is registered twice (by ${clash.plugin} and ${plugin}).`);
  list.push({ ...def, plugin, order: def.order ?? 100 });
  registries.set(kernel, list);
}

/** Tabs plugins registered for `kernel`, in display order. */
export function profileTabs(kernel: object): ProfileTab[] {
  return [...(registries.get(kernel) ?? [])].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}
