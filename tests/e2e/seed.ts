/**
 * Seeding for browser tests: builds the kernel on a data folder, inserts users
 * with real password hashes plus people records, then closes it so the real
 * server (startServer) starts on the same folder with the same instance secret.
 */
import { hashPassword } from '../../core/auth/passwords.js';
import { loadOrCreateSecret, resolveConfig, type HrConfigInput } from '../../core/config.js';
import { createKernel, type Kernel } from '../../core/kernel.js';

export interface SeedUser {
  login: string;
  password: string;
  name: string;
  role: string;
}

/** Run `fill` against a kernel on `dataDir` with `plugins` enabled; the kernel is closed afterwards. */
export async function seed<T>(dataDir: string, plugins: HrConfigInput['plugins'], fill: (kernel: Kernel, addUser: (u: SeedUser) => Promise<number>) => Promise<T>): Promise<T> {
  const config = resolveConfig({ dataDir, log: { level: 'silent' }, jobs: { enabled: false }, plugins });
  config.secret = loadOrCreateSecret(dataDir);
  const kernel = await createKernel(config);
  const addUser = async (u: SeedUser) =>
    Number(
      kernel.dbh.sqlite
        .prepare('INSERT INTO core_users (login, name, password_hash, role) VALUES (?, ?, ?, ?)')
        .run(u.login, u.name, await hashPassword(u.password), u.role).lastInsertRowid,
    );
  try {
    return await fill(kernel, addUser);
  } finally {
    await kernel.close();
  }
}
