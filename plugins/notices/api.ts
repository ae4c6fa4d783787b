/** REST endpoints under /api/v1/notices, documented in the OpenAPI document. */
import { HttpError, z, type PluginContext } from '../../core/sdk.js';
import { noticeInput, type NoticeService } from './services/notices.js';

const summary = z.object({
  id: z.number().int(),
  title: z.string(),
  pinned: z.boolean(),
  publishedAt: z.date().nullable(),
  authorName: z.string().nullable(),
  read: z.boolean(),
});
const full = z.object({
  id: z.number().int(),
  title: z.string(),
  body: z.string(),
  pinned: z.boolean(),
  status: z.string(),
  publishedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  authorName: z.string().nullable(),
});

export function registerApi(ctx: PluginContext, service: NoticeService): void {
  ctx.api.route({
    method: 'get',
    path: '/',
    permission: 'notices.view',
    summary: 'List published notices, pinned first',
    query: z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }),
    response: z.object({ items: z.array(summary), total: z.number().int(), pages: z.number().int() }),
    handler: (c, { query }) => service.list({ ...query, userId: c.get('user')!.id }),
  });

  ctx.api.route({
    method: 'get',
    path: '/:id',
    permission: 'notices.view',
    summary: 'One published notice (marks it read)',
    params: z.object({ id: z.coerce.number().int().positive() }),
    response: full,
    handler: (c, { params }) => {
      const notice = service.get(params.id);
      if (!notice || !service.isVisible(notice)) throw new HttpError(404, 'core.error.404.body');
      service.markRead(notice.id, c.get('user')!.id);
      return notice;
    },
  });

  ctx.api.route({
    method: 'post',
    path: '/',
    permission: 'notices.manage',
    summary: 'Publish a notice',
    body: noticeInput,
    response: full,
    status: 201,
    handler: (c, { body }) => {
      const user = c.get('user')!;
      const notice = service.publish(body, { id: user.id, name: user.name });
      ctx.audit(c, { action: 'notices.publish', entity: 'notices_notices', entityId: notice.id, after: notice });
      return notice;
    },
  });
}
