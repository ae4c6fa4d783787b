import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. Algorithm 2 = Argon2id
// (the enum is a const enum, which isolatedModules cannot inline).
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export interface PasswordProblem {
  key: string;
  params?: Record<string, number>;
}

/** A sane policy: long enough, not trivially guessable, not the login itself. */
export function checkPasswordPolicy(password: string, login = ''): PasswordProblem | null {
  if (password.length < 10) return { key: 'core.password.too_short', params: { min: 10 } };
  if (password.length > 200) return { key: 'core.password.too_long', params: { max: 200 } };
  if (new Set(password).size < 4) return { key: 'core.password.too_simple' };
  if (login && password.toLowerCase().includes(login.toLowerCase())) return { key: 'core.password.contains_login' };
  return null;
}
