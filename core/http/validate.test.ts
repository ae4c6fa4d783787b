import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { HrEnv, Locale } from '../sdk.js';
import { formArray, parseForm, parseQuery } from './validate.js';

const schema = z.object({
  name: z.string().min(2),
  age: z.coerce.number().int().min(18),
  tags: z.array(z.string()).optional(),
});

// The real app negotiates the locale; here a header picks it so one app serves both languages.
function app() {
  const hono = new Hono<HrEnv>();
  hono.use(async (c, next) => {
    c.set('locale', (c.req.header('x-locale') as Locale | undefined) ?? 'zh-CN');
    await next();
  });
  hono.post('/form', async (c) => c.json(await parseForm(c, schema)));
  hono.get('/query', async (c) => c.json(await parseQuery(c, schema)));
  return hono;
}

async function post(locale: Locale, body: string, type = 'application/x-www-form-urlencoded') {
  const res = await app().request('/form', { method: 'POST', body, headers: { 'content-type': type, 'x-locale': locale } });
  return res.json();
}

describe('parseForm', () => {
  it('returns the data of a valid form, without the CSRF field, repeated fields as arrays', async () => {
    const r = await post('zh-CN', 'name=%E5%BC%A0%E4%B8%89&age=30&tags=a&tags=b&_csrf=tok');
    expect(r).toEqual({ ok: true, data: { name: '张三', age: 30, tags: ['a', 'b'] } });
  });

  it('gives Chinese messages for zh-CN', async () => {
    const r = await post('zh-CN', 'name=a&age=12');
    expect(r.ok).toBe(false);
    expect(r.message).toBe('请修正标出的字段');
    expect(Object.keys(r.errors).sort()).toEqual(['age', 'name']);
    expect(r.errors.name).toMatch(/[\u4e00-\u9fff]/);
    expect(r.errors.age).toMatch(/[\u4e00-\u9fff]/);
  });

  it('gives English messages for en', async () => {
    const r = await post('en', 'name=a&age=12');
    expect(r.ok).toBe(false);
    expect(r.message).toBe('Please correct the highlighted fields');
    expect(r.errors.name).toBe('At least 2 characters');
    expect(r.errors.name).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('speaks plainly about empty fields, lengths and dates', async () => {
    const zh = await post('zh-CN', 'name=&age=12');
    expect(zh.errors.name).toBe('必填');
    const en = await post('en', 'age=12');
    expect(en.errors.name).toBe('Required');
  });

  it('reads JSON bodies and reports broken JSON as a form error', async () => {
    expect(await post('en', JSON.stringify({ name: 'Ann', age: 40 }), 'application/json')).toEqual({
      ok: true,
      data: { name: 'Ann', age: 40 },
    });
    const bad = await post('en', '{"name":', 'application/json; charset=utf-8');
    expect(bad.ok).toBe(false);
    expect(bad.errors._form).toMatch(/not valid/);
  });

  it('keys nested errors by their dotted path', async () => {
    const r = await post('en', JSON.stringify({ name: 'Ann', age: 40, tags: ['ok', 7] }), 'application/json');
    expect(Object.keys(r.errors)).toEqual(['tags.1']);
  });
});

describe('parseQuery', () => {
  it('validates the query string in the request locale', async () => {
    const ok = await app().request('/query?name=Ann&age=20&tags=x&tags=y', { headers: { 'x-locale': 'en' } });
    expect(await ok.json()).toEqual({ ok: true, data: { name: 'Ann', age: 20, tags: ['x', 'y'] } });
  });

  it('reports errors in Chinese for zh-CN', async () => {
    const res = await app().request('/query?name=Ann&age=abc');
    const r = await res.json();
    expect(r.ok).toBe(false);
    expect(r.errors.age).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('formArray', () => {
  it('accepts one value, several values or none as an array', () => {
    const s = z.object({ ids: formArray(z.coerce.number()) });
    expect(s.parse({ ids: '3' })).toEqual({ ids: [3] });
    expect(s.parse({ ids: ['3', '4'] })).toEqual({ ids: [3, 4] });
    expect(s.parse({})).toEqual({ ids: [] });
  });
});
