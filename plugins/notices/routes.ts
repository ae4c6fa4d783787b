/** Pages: thin handlers that parse, authorize (by route permission), call the service and render. */
import { HttpError, parseForm, z, type PluginContext } from '../../core/sdk.js';
import { noticeInput, type NoticeService } from './services/notices.js';

const PAGE_SIZE = 20;
const pageQuery = z.object({ page: z.coerce.number().int().min(1).catch(1) });
const idParam = z.coerce.number().int().positive();

export function registerPages(ctx: PluginContext, service: NoticeService): void {
  ctx.pages.get('/', 'notices.view', (c) => {
    const { page } = pageQuery.parse(c.req.query());
    const result = service.list({ page, pageSize: PAGE_SIZE, userId: c.get('user')!.id });
    return ctx.render(c, 'list', { ...result, page }, { title: c.get('t')('notices.title') });
  });

  ctx.pages.get('/manage', 'notices.manage', (c) => {
    const { page } = pageQuery.parse(c.req.query());
    const result = service.listAll({ page, pageSize: PAGE_SIZE });
    return ctx.render(c, 'manage', { ...result, page, values: {}, errors: {} }, { title: c.get('t')('notices.manage.title') });
  });

  ctx.pages.post('/manage', 'notices.manage', async (c) => {
    const t = c.get('t');
    const form = await parseForm(c, noticeInput);
    if (!form.ok) {
      const result = service.listAll({ page: 1, pageSize: PAGE_SIZE });
      const values = await c.req.parseBody();
      return ctx.render(c, 'manage', { ...result, page: 1, values, errors: form.errors, message: form.message }, { title: t('notices.manage.title'), status: 400 });
    }
    const user = c.get('user')!;
    const notice = service.publish(form.data, { id: user.id, name: user.name });
    ctx.audit(c, { action: 'notices.publish', entity: 'notices_notices', entityId: notice.id, after: notice });
    ctx.flash(c, { kind: 'success', text: t('notices.published_flash', { title: notice.title }) });
    return c.redirect('/notices/manage', 303);
  });

  ctx.pages.post('/:id/archive', 'notices.manage', (c) => {
    const id = idParam.safeParse(c.req.param('id'));
    const before = id.success ? service.get(id.data) : undefined;
    if (!before) throw new HttpError(404, 'core.error.404.body');
    const after = service.archive(before.id);
    ctx.audit(c, { action: 'notices.archive', entity: 'notices_notices', entityId: before.id, before, after });
    ctx.flash(c, { kind: 'success', text: c.get('t')('notices.archived_flash') });
    return c.redirect('/notices/manage', 303);
  });

  ctx.pages.get('/:id', 'notices.view', (c) => {
    const id = idParam.safeParse(c.req.param('id'));
    const notice = id.success ? service.get(id.data) : undefined;
    // Archived or expired notices are gone for employees; HR sees them in the manage list.
    if (!notice || !service.isVisible(notice)) throw new HttpError(404, 'core.error.404.body');
    service.markRead(notice.id, c.get('user')!.id);
    return ctx.render(c, 'show', { notice }, { title: notice.title });
  });
}
