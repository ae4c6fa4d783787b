/** Small vector helpers shared by the embedder and its caches. */
import { createHash } from 'node:crypto';

/**
 * Cosine similarity of two vectors from the same embedder. Its vectors are unit length,
 * so this is their dot product; vectors of different lengths (two models) throw.
 */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`vectors of different lengths (${a.length} and ${b.length}): were they made by the same model?`);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

/** Cache key of a text: SHA-256 (hex) of exactly what the model sees, prefix included. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The float32 bytes of a vector (platform byte order, little-endian on every supported CPU). */
export function vectorToBytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Back from bytes; copied, because a Float32Array needs 4-byte alignment that a BLOB buffer does not promise. */
export function bytesToVector(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes);
  return new Float32Array(copy.buffer, 0, copy.byteLength >> 2);
}
