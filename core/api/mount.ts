/**
 * /api/v1: plugin endpoints validated with zod, and one OpenAPI 3.1 document
 * built from the same schemas at /api/v1/openapi.json.
 */
import { z } from 'zod';
import { guard, type HrApp } from '../app.js';
import type { ApiRoute, Kernel } from '../kernel.js';
import { describeZodError, translateErrors, zodErrorMap } from '../http/validate.js';
import { PUBLIC, type HrContext } from '../sdk.js';

const API_VERSION = '1.0.0';
/** Top-level security requirement of the OpenAPI document. */
const API_SECURITY: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];

async function readBody(c: HrContext): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/json')) {
    try {
      return await c.req.json();
    } catch {
      return Symbol.for('invalid-json');
    }
  }
  if (type.includes('form')) return c.req.parseBody();
  const text = await c.req.text();
  return text ? Symbol.for('invalid-json') : undefined;
}

function badRequest(c: HrContext, part: string, details: Record<string, string>, message: string) {
  return c.json({ error: { status: 400, message, part, details } }, 400);
}

function mountOne(app: HrApp, api: ApiRoute): void {
  const { def } = api;
  app.on(api.method.toUpperCase(), api.path, guard('api', api.permission, api.scope), async (c) => {
    const t = c.get('t');
    const locale = c.get('locale');
    const input: { params: unknown; query: unknown; body: unknown } = { params: c.req.param(), query: c.req.query(), body: undefined };
    for (const part of ['params', 'query'] as const) {
      const schema = def[part];
      if (!schema) continue;
      const parsed = schema.safeParse(input[part], { error: zodErrorMap(locale) });
      if (!parsed.success) {
        const d = describeZodError(parsed.error, locale);
        return badRequest(c, part, translateErrors(t, d.errors), d.message);
      }
      input[part] = parsed.data;
    }
    if (def.body) {
      const raw = await readBody(c);
      if (raw === Symbol.for('invalid-json')) return badRequest(c, 'body', {}, t('core.error.invalid_json'));
      const parsed = def.body.safeParse(raw, { error: zodErrorMap(locale) });
      if (!parsed.success) {
        const d = describeZodError(parsed.error, locale);
        return badRequest(c, 'body', translateErrors(t, d.errors), d.message);
      }
      input.body = parsed.data;
    }
    const result = await def.handler(c, input as never);
    if (result instanceof Response) return result;
    // The response schema is a contract, not only documentation: extra fields
    // (internal ids, timestamps) are stripped, and a mismatch is a bug we log.
    const out = def.response.safeParse(result);
    if (!out.success) {
      c.get('log').error({ route: `${api.method.toUpperCase()} ${api.path}`, issues: out.error.issues }, 'API response does not match its schema');
      throw new Error(`response of ${api.method.toUpperCase()} ${api.path} does not match its schema`);
    }
    return c.json(out.data as object, (def.status ?? 200) as 200);
  });
}

/** `/notices/:id` -> `/notices/{id}` for OpenAPI. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    // Dates travel as ISO 8601 strings in JSON.
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === 'date') {
        ctx.jsonSchema.type = 'string';
        ctx.jsonSchema.format = 'date-time';
      }
    },
  }) as Record<string, unknown>;
}

export function buildOpenApi(kernel: Kernel): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchema = {
    type: 'object',
    properties: { error: { type: 'object', properties: { status: { type: 'integer' }, message: { type: 'string' } }, required: ['status', 'message'] } },
  };
  for (const api of kernel.apis) {
    const { def } = api;
    const parameters: unknown[] = [];
    for (const [part, where] of [['params', 'path'], ['query', 'query']] as const) {
      const schema = def[part];
      if (!schema) continue;
      const js = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
      }
    }
    const op: Record<string, unknown> = {
      operationId: `${api.plugin}.${api.method}${api.path.replace(/[^A-Za-z0-9]+/g, '_')}`,
      summary: def.summary,
      description: def.description,
      tags: [api.plugin],
      'x-permission': api.permission,
      ...(api.scope ? { 'x-scope': api.scope } : {}),
      parameters,
      responses: {
        [String(def.status ?? 200)]: { description: 'Success', content: { 'application/json': { schema: jsonSchema(def.response, 'output') } } },
        '400': { description: 'Invalid request', content: { 'application/json': { schema: errorSchema } } },
        ...(api.permission === PUBLIC
          ? {}
          : {
              '401': { description: 'Not signed in, or an unknown, expired or revoked token', content: { 'application/json': { schema: errorSchema } } },
              '403': { description: 'Missing permission', content: { 'application/json': { schema: errorSchema } } },
            }),
      },
    };
    if (def.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(def.body, 'input') } } };
    if (api.permission === PUBLIC) op.security = [];
    (paths[openApiPath(api.path)] ??= {})[api.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'HR Suite API',
      version: API_VERSION,
      description: 'Authenticate with the session cookie of a signed-in browser, or with an API token from /account/tokens sent as `Authorization: Bearer hrp_…` (no CSRF token needed then).',
    },
    servers: [{ url: kernel.config.publicUrl }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: kernel.cookies.session },
        // Personal access tokens from /account/tokens (later also OAuth2 client credentials).
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'hrp_…', description: 'An API token from /account/tokens: `Authorization: Bearer hrp_…`' },
      },
    },
    // Either a session cookie or a bearer token authenticates a protected operation.
    security: API_SECURITY,
    tags: kernel.plugins.map((p) => ({ name: p.id, description: p.def.name.en })),
    paths,
  };
}

export function mountApi(app: HrApp, kernel: Kernel): void {
  let doc: Record<string, unknown> | null = null;
  kernel.routes.push({ plugin: 'core', kind: 'api', method: 'get', path: '/api/v1/openapi.json', permission: PUBLIC });
  app.get('/api/v1/openapi.json', (c) => c.json((doc ??= buildOpenApi(kernel))));
  for (const api of kernel.apis) mountOne(app, api);
}
