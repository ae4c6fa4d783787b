/**
 * The folder layout of a local model (what ai:download-model writes and what a person
 * copies by hand) and a cheap look at what is there: a few stat calls, nothing read.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddingDtype } from './settings.js';

/** The ONNX file @huggingface/transformers opens for a dtype (its `_quantized` suffix for q8). */
export function onnxFileFor(dtype: EmbeddingDtype): string {
  return dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

/** Files a feature-extraction model needs, relative to its folder. */
export function requiredModelFiles(dtype: EmbeddingDtype): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxFileFor(dtype)];
}

/** `<modelsDir>/<model>`: the same path transformers builds from `env.localModelPath`. */
export function modelDir(modelsDir: string, model: string): string {
  return join(modelsDir, ...model.split('/'));
}

export interface ModelFile {
  name: string;
  bytes: number;
}

export interface ModelFiles {
  dir: string;
  present: ModelFile[];
  missing: string[];
  /** Every required file is there and not empty. */
  complete: boolean;
  /** Changes whenever a file appears, disappears or is rewritten: lets a failed load be retried once someone fixes the folder. */
  signature: string;
}

export function inspectModelFiles(modelsDir: string, model: string, dtype: EmbeddingDtype): ModelFiles {
  const dir = modelDir(modelsDir, model);
  const present: ModelFile[] = [];
  const missing: string[] = [];
  const parts: string[] = [];
  for (const name of requiredModelFiles(dtype)) {
    const st = statSync(join(dir, name), { throwIfNoEntry: false });
    // An empty file is what an interrupted copy leaves behind: count it as missing.
    if (st?.isFile() && st.size > 0) {
      present.push({ name, bytes: st.size });
      parts.push(`${name}:${st.size}:${st.mtimeMs}`);
    } else {
      missing.push(name);
    }
  }
  return { dir, present, missing, complete: missing.length === 0, signature: parts.join('|') };
}
