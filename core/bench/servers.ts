/** Processes and measurements the core benchmarks share. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ROOT } from '../config.js';

/** Every folder of plugins/ holding an index.ts, as a config `plugins` object switching them all on. */
export function allBuiltinPlugins(root = ROOT): Record<string, true> {
  const dir = join(root, 'plugins');
  const out: Record<string, true> = {};
  if (!existsSync(dir)) return out;
  for (const d of readdirSync(dir, { withFileTypes: true })) if (d.isDirectory() && existsSync(join(dir, d.name, 'index.ts'))) out[d.name] = true;
  return out;
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** Resident memory of a process in MB, from /proc/<pid>/status (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb[1]) / 1024;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until `url` answers 200; returns when it does, or throws after `timeoutMs`. */
export async function waitFor200(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await sleep(10);
  }
}

export interface ChildServer {
  proc: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/** Start `node --import tsx <script>` and wait for its "listening on port N" line. */
export function spawnTsServer(script: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${script} did not start in 30 s:\n${out}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk;
      const m = /listening on port (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout!.off('data', onData);
      proc.off('exit', onEarlyExit);
      resolve({
        proc,
        port: Number(m[1]),
        async stop() {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
          await exited;
        },
      });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d) => (out += d));
    const onEarlyExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${out}`));
    };
    proc.once('exit', onEarlyExit);
  });
}

export interface LoadResult {
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** autocannon against a loopback URL for a bounded time; refuses other hosts. */
export async function load(url: string, options: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') throw new Error(`benchmarks only load loopback addresses, not ${host}`);
  const r = await autocannon({ url, connections: options.connections, duration: options.seconds, headers: options.headers });
  return { rps: r.requests.average, requests: r.requests.total, non2xx: r.non2xx, errors: r.errors };
}
