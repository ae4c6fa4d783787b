/** REST endpoints under /api/v1/__ID__, documented in the OpenAPI document. */
import { z, type PluginContext } from '__ROOT__/core/sdk.js';
import type { ItemService } from './services/items.js';

const item = z.object({
  id: z.number().int(),
  title: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
});

export function registerApi(ctx: PluginContext, service: ItemService, pageSize: number): void {
  ctx.api.route({
    method: 'get',
    path: '/',
    permission: '__ID__.view',
    summary: 'List the items, newest first',
    response: z.object({ items: z.array(item) }),
    handler: () => ({ items: service.list(pageSize) }),
  });
}
