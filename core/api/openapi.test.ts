import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ApiRoute, Kernel } from '../kernel.js';
import { PUBLIC, type ApiRouteDef } from '../sdk.js';
import { buildOpenApi, openApiPath } from './mount.js';

describe('openApiPath', () => {
  it.each([
    ['/api/v1/x/:id', '/api/v1/x/{id}'],
    ['/api/v1/notices/:noticeId/reads/:user_id', '/api/v1/notices/{noticeId}/reads/{user_id}'],
    ['/api/v1/notices/:id{[0-9]+}', '/api/v1/notices/{id}'],
    ['/api/v1/notices', '/api/v1/notices'],
  ])('%s -> %s', (path, expected) => {
    expect(openApiPath(path)).toBe(expected);
  });
});

const notice = z.object({ id: z.number().int(), title: z.string() });

function route(plugin: string, def: Omit<ApiRouteDef, 'handler'>): ApiRoute {
  const full = `/api/v1/${plugin}${def.path}`;
  return { plugin, kind: 'api', method: def.method, path: full, permission: def.permission, def: { ...def, handler: () => ({}) } as ApiRouteDef };
}

const kernel = {
  config: { publicUrl: 'https://hr.example.com' },
  cookies: { session: 'hr_session_test', csrf: 'hr_csrf_test', flash: 'hr_flash_test' },
  plugins: [{ id: 'notices', def: { id: 'notices', version: '1.0.0', name: { 'zh-CN': '公告', en: 'Notices' } } }],
  apis: [
    route('notices', {
      method: 'get',
      path: '/notices/:id',
      permission: 'notices.view',
      summary: 'One notice',
      params: z.object({ id: z.coerce.number().int() }),
      query: z.object({ lang: z.enum(['zh-CN', 'en']), fields: z.string().optional(), page: z.coerce.number().default(1) }),
      response: notice,
    }),
    route('notices', {
      method: 'post',
      path: '/notices',
      permission: 'notices.manage',
      summary: 'Publish a notice',
      body: z.object({ title: z.string().min(1), body: z.string(), pinned: z.boolean().default(false) }),
      response: notice,
      status: 201,
    }),
    route('notices', {
      method: 'get',
      path: '/status',
      permission: PUBLIC,
      summary: 'Health',
      response: z.object({ ok: z.boolean() }),
    }),
  ],
} as unknown as Kernel;

type Op = {
  operationId: string;
  summary: string;
  tags: string[];
  'x-permission': string;
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { required: boolean; content: Record<string, { schema: { type: string; properties: Record<string, unknown>; required?: string[] } }> };
  responses: Record<string, { content: Record<string, { schema: Record<string, unknown> }> }>;
  security?: unknown[];
};

const doc = buildOpenApi(kernel) as {
  openapi: string;
  servers: { url: string }[];
  security: unknown[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Op>>;
};

describe('buildOpenApi', () => {
  it('describes the suite with its public address and the plugins as tags', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://hr.example.com' }]);
    expect(doc.tags).toEqual([{ name: 'notices', description: 'Notices' }]);
    expect(doc.security).toEqual([{ session: [] }, { bearer: [] }]);
  });

  it('lists every route under its OpenAPI path', () => {
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/notices/notices', '/api/v1/notices/notices/{id}', '/api/v1/notices/status']);
    expect(Object.keys(doc.paths['/api/v1/notices/notices/{id}']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/notices/notices']!)).toEqual(['post']);
  });

  it('documents path parameters as required and query parameters as the schema says', () => {
    const op = doc.paths['/api/v1/notices/notices/{id}']!.get!;
    const byName = Object.fromEntries(op.parameters.map((p) => [p.name, p]));
    expect(byName.id).toMatchObject({ in: 'path', required: true });
    expect(byName.lang).toMatchObject({ in: 'query', required: true, schema: { enum: ['zh-CN', 'en'] } });
    expect(byName.fields).toMatchObject({ in: 'query', required: false });
    // a default means a client may leave it out
    expect(byName.page).toMatchObject({ in: 'query', required: false });
    expect(op.parameters).toHaveLength(4);
    expect(op.requestBody).toBeUndefined();
  });

  it('documents the request body from the zod schema as the client sends it', () => {
    const op = doc.paths['/api/v1/notices/notices']!.post!;
    expect(op.parameters).toEqual([]);
    expect(op.requestBody!.required).toBe(true);
    const schema = op.requestBody!.content['application/json']!.schema;
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties).sort()).toEqual(['body', 'pinned', 'title']);
    expect(schema.properties.title).toMatchObject({ type: 'string', minLength: 1 });
    expect([...(schema.required ?? [])].sort()).toEqual(['body', 'title']);
  });

  it('documents the success status and the error responses of a protected route', () => {
    const get = doc.paths['/api/v1/notices/notices/{id}']!.get!;
    expect(Object.keys(get.responses).sort()).toEqual(['200', '400', '401', '403']);
    expect(get.responses['200']!.content['application/json']!.schema).toMatchObject({
      type: 'object',
      properties: { id: { type: 'integer' }, title: { type: 'string' } },
    });
    const post = doc.paths['/api/v1/notices/notices']!.post!;
    expect(Object.keys(post.responses).sort()).toEqual(['201', '400', '401', '403']);
  });

  it('marks each operation with its permission and plugin, and gives unique operation ids', () => {
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(ops.map((o) => o['x-permission']).sort()).toEqual(['notices.manage', 'notices.view', PUBLIC].sort());
    for (const op of ops) expect(op.tags).toEqual(['notices']);
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
  });

  it('opens a public route to clients without a session, and keeps the others behind it', () => {
    const status = doc.paths['/api/v1/notices/status']!.get!;
    expect(status.security).toEqual([]);
    expect(Object.keys(status.responses).sort()).toEqual(['200', '400']);
    expect(doc.paths['/api/v1/notices/notices/{id}']!.get!.security).toBeUndefined();
    expect(doc.paths['/api/v1/notices/notices']!.post!.security).toBeUndefined();
  });

  it('is plain JSON (it is served as /api/v1/openapi.json)', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
