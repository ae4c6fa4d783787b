// Importing core/ai must not load @huggingface/transformers (≈0.5 s and its native runtime):
// a child process whose module resolver refuses transformers and onnxruntime imports core/ai,
// uses the cheap parts of an embedder, and only its first embed() reaches the library.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ROOT, tempDir } from '../../../tests/helpers/server.js';
import { writeTinyEmbeddingModel } from '../../../tests/helpers/tiny-embedding-model.js';

const dir = tempDir('hr-embed-lazy-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('importing core/ai/index.ts loads neither transformers nor onnxruntime', () => {
  writeTinyEmbeddingModel(join(dir, 'models'));
  writeFileSync(
    join(dir, 'refuse.mjs'),
    `export async function resolve(specifier, context, next) {
  if (/^(@huggingface\\/transformers|onnxruntime-)/.test(specifier)) throw new Error('REFUSED ' + specifier);
  return next(specifier, context);
}\n`,
  );
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./refuse.mjs', import.meta.url);\n`);
  const script = `
const ai = await import(${JSON.stringify(join(ROOT, 'core/ai/index.ts'))});
const embedder = ai.createEmbedder({ enabled: true, model: 'test/tiny-bert', modelsDir: ${JSON.stringify(join(dir, 'models'))},
  remoteHost: 'https://huggingface.co', allowRemote: false, batchSize: 16, dtype: 'q8' });
const before = [embedder.status(), embedder.available(), embedder.modelInfo().files.length];
const vectors = await embedder.embed(['react'], { kind: 'query' });
console.log(JSON.stringify({ before, vectors, status: embedder.status(), error: embedder.lastError() }));
`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--import', join(dir, 'register.mjs'), '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(child.status, child.stderr).toBe(0);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
  expect(result.before).toEqual(['present', true, 4]);
  // The first embed is where the library is imported: refused here, so it fails softly.
  expect(result.vectors).toBeNull();
  expect(result.status).toBe('error');
  expect(result.error).toContain('REFUSED @huggingface/transformers');
});
