/** Running `npm run hr -- …` from tests: a child process against a temp data folder and config. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT, tempDir, writeConfig } from '../tests/helpers/server.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}, script = 'scripts/cli.ts'): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    // stdin is not a terminal here, like in CI: commands that would ask must refuse instead.
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, HR_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A port nothing listens on right now (so `restore` does not see a server on it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Instance {
  dataDir: string;
  env: Record<string, string>;
}

/** A temp data folder with its own config file, and the HR_* variables that point the CLI at it. */
export async function instance(config: Record<string, unknown> = { plugins: { notices: true } }): Promise<Instance> {
  const dataDir = tempDir('hr-cli-');
  const configFile = writeConfig(dataDir, config);
  return { dataDir, env: { HR_CONFIG: configFile, HR_DATA_DIR: dataDir, HR_PORT: String(await freePort()) } };
}

export const dbFile = (i: Instance) => join(i.dataDir, 'hr.db');
