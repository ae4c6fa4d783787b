/**
 * __NAME__: scaffolded by `npm run hr -- create-plugin __ID__`.
 * Pages live in routes.ts, REST endpoints in api.ts, domain logic in services/,
 * tables in schema.ts (after changing it: `npm run hr -- make-migration __ID__`).
 */
import { definePlugin, z, type Locale } from '__ROOT__/core/sdk.js';
import { registerApi } from './api.js';
import { messages } from './i18n.js';
import { registerPages } from './routes.js';
import { createItemService } from './services/items.js';

const DEMO: Record<Locale, string[]> = {
  'zh-CN': ['第一个示例条目', '第二个示例条目'],
  en: ['First sample item', 'Second sample item'],
};

export default definePlugin({
  id: '__ID__',
  version: '0.1.0',
  // TODO: give the plugin its Chinese name.
  name: { 'zh-CN': '__NAME__', en: '__NAME__' },
  requires: ['core@^1'],
  settings: z.object({
    /** How many items the page and the API list. */
    pageSize: z.number().int().min(1).max(200).default(50),
  }),
  permissions: [
    { id: '__ID__.view', label: '__ID__.permission.view', roles: ['employee', 'manager', 'hr'] },
    { id: '__ID__.manage', label: '__ID__.permission.manage', roles: ['hr'] },
  ],
  menu: [{ id: 'index', section: 'self', label: '__ID__.menu', href: '/__ID__', permission: '__ID__.view', order: 100, icon: '🧩' }],
  i18n: messages,

  setup(ctx) {
    const service = createItemService(ctx.db);
    registerPages(ctx, service, ctx.settings.pageSize);
    registerApi(ctx, service, ctx.settings.pageSize);
  },

  demo(ctx) {
    const service = createItemService(ctx.db);
    for (const title of DEMO[ctx.locale]) service.add(title, null);
  },
});
