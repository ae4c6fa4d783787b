/** Pages: thin handlers that parse, call the service and render. */
import type { HrContext, PluginContext } from '__ROOT__/core/sdk.js';
import { cleanTitle, type ItemService } from './services/items.js';

export function registerPages(ctx: PluginContext, service: ItemService, pageSize: number): void {
  const data = (c: HrContext, extra: { error?: string; value?: string } = {}) => ({
    items: service.list(pageSize),
    canManage: c.get('user')?.permissions.has('__ID__.manage') ?? false,
    error: extra.error ?? null,
    value: extra.value ?? '',
  });

  ctx.pages.get('/', '__ID__.view', (c) => ctx.render(c, 'index', data(c), { title: c.get('t')('__ID__.title') }));

  // The form posts with htmx and gets the refreshed items section back; without
  // JavaScript it is a plain form post followed by a redirect.
  ctx.pages.post('/', '__ID__.manage', async (c) => {
    const t = c.get('t');
    const htmx = c.req.header('hx-request') === 'true';
    const body = await c.req.parseBody();
    const title = cleanTitle(body.title);
    if (!title) {
      const invalid = data(c, { error: t('__ID__.error.title'), value: typeof body.title === 'string' ? body.title : '' });
      return ctx.render(c, htmx ? 'items' : 'index', invalid, { title: t('__ID__.title'), status: 400 });
    }
    const item = service.add(title, c.get('user')!.name);
    ctx.audit(c, { action: '__ID__.add', entity: '__TABLE__', entityId: item.id, after: item });
    if (htmx) return ctx.render(c, 'items', data(c));
    ctx.flash(c, { kind: 'success', text: t('__ID__.added', { title }) });
    return c.redirect('/__ID__', 303);
  });
}
