import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DbHandle } from '../db/client.js';
import { migrate } from '../db/migrator.js';
import { createJobRunner, type JobRunner } from './index.js';

const MIGRATIONS = fileURLToPath(new URL('../db/migrations', import.meta.url));

let dir: string;
let handle: DbHandle;
let runners: JobRunner[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hr-jobs-'));
  handle = openDatabase(join(dir, 'hr.db'));
  migrate(handle.sqlite, [{ plugin: 'core', folder: MIGRATIONS }]);
  runners = [];
});

afterEach(async () => {
  for (const r of runners) await r.stop();
  handle.close();
  rmSync(dir, { recursive: true, force: true });
});

function makeRunner(): JobRunner {
  const runner = createJobRunner({ sqlite: handle.sqlite, log: pino({ level: 'silent' }), timezone: 'Asia/Shanghai' });
  runners.push(runner);
  return runner;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('job runner', () => {
  it('refuses a bad cron expression, naming the job and the expression', () => {
    const runner = makeRunner();
    const run = () => undefined;
    expect(() => runner.add('payroll', { id: 'close', cron: '61 * * * *', label: 'x', run })).toThrow(
      /Job "payroll\.close": invalid cron expression "61 \* \* \* \*"/,
    );
    expect(() => runner.add('payroll', { id: 'close', cron: 'every day', label: 'x', run })).toThrow(/payroll\.close.*"every day"/);
    expect(() => runner.add('payroll', { id: 'close', cron: '0 0 0 1 1 * 2030', label: 'x', run })).toThrow(/payroll\.close/);
    expect(() => runner.add('payroll', { id: 'close', cron: '0 0 31 2 *', label: 'x', run })).toThrow(/never fires/);
    expect(runner.list()).toEqual([]);
    runner.add('payroll', { id: 'close', cron: '0 2 * * *', label: 'x', run });
    expect(() => runner.add('payroll', { id: 'close', cron: '0 3 * * *', label: 'y', run })).toThrow(/"payroll\.close" is already registered/);
    expect(() => createJobRunner({ sqlite: handle.sqlite, log: pino({ level: 'silent' }), timezone: 'Mars/Olympus' })).toThrow(/time zone/);
  });

  it('runNow records an ok run with duration and summary', async () => {
    const runner = makeRunner();
    const seen = vi.fn();
    runner.forPlugin('attendance').add({
      id: 'daily',
      cron: '0 2 * * *',
      label: 'attendance.jobs.daily',
      run: async (job) => {
        seen(job.trigger);
        await sleep(20);
        return { summary: '42 days computed' };
      },
    });
    const run = await runner.runNow('attendance.daily');
    expect(seen).toHaveBeenCalledWith('manual');
    expect(run).toMatchObject({ jobId: 'attendance.daily', trigger: 'manual', status: 'ok', summary: '42 days computed', error: null });
    expect(run.durationMs).toBeGreaterThanOrEqual(15);
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect(run.finishedAt!.getTime() - run.startedAt.getTime()).toBe(run.durationMs);
    expect(runner.history('attendance.daily')).toEqual([run]);
    await expect(runner.runNow('attendance.nope')).rejects.toThrow(/Unknown job "attendance\.nope"/);
  });

  it('records a failing job as failed with the message and does not throw', async () => {
    const runner = makeRunner();
    runner.add('p', {
      id: 'boom',
      cron: '0 2 * * *',
      label: 'x',
      run: () => {
        throw new Error('no connection to WeCom');
      },
    });
    runner.add('p', { id: 'reject', cron: '0 2 * * *', label: 'x', run: () => Promise.reject(new Error('x'.repeat(5000))) });
    const run = await runner.runNow('p.boom');
    expect(run).toMatchObject({ status: 'failed', error: 'no connection to WeCom', summary: null });
    expect(run.error).not.toMatch(/at /); // message only, no stack
    const long = await runner.runNow('p.reject');
    expect(long.status).toBe('failed');
    expect(long.error).toHaveLength(2000);
  });

  it('never overlaps a job: a second runNow while it runs is skipped', async () => {
    const runner = makeRunner();
    let active = 0;
    let maxActive = 0;
    runner.add('p', {
      id: 'slow',
      cron: '0 2 * * *',
      label: 'x',
      run: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await sleep(100);
        active--;
        return { summary: 'done' };
      },
    });
    const first = runner.runNow('p.slow');
    expect(runner.list()[0]!.running).toBe(true);
    const [a, b] = await Promise.all([first, runner.runNow('p.slow')]);
    expect(maxActive).toBe(1);
    expect([a.status, b.status].sort()).toEqual(['ok', 'skipped']);
    expect(b).toMatchObject({ status: 'skipped', trigger: 'manual', durationMs: 0 });
    expect(runner.list()[0]!.running).toBe(false);
    expect(runner.history('p.slow').map((r) => r.status)).toEqual(['skipped', 'ok']); // newest first
    expect((await runner.runNow('p.slow')).status).toBe('ok'); // free again afterwards
  });

  it('runs a scheduled job on its schedule', async () => {
    const runner = makeRunner();
    const triggers: string[] = [];
    runner.add('p', {
      id: 'tick',
      cron: '* * * * * *',
      label: 'x',
      run: (job) => {
        triggers.push(job.trigger);
      },
    });
    await sleep(1200);
    expect(triggers).toEqual([]); // nothing is scheduled before start()
    runner.start();
    await vi.waitFor(() => expect(triggers.length).toBeGreaterThanOrEqual(1), { timeout: 2500, interval: 50 });
    await runner.stop();
    const count = triggers.length;
    expect(triggers.every((t) => t === 'schedule')).toBe(true);
    const history = runner.history('p.tick');
    expect(history.length).toBe(count);
    expect(history[0]).toMatchObject({ trigger: 'schedule', status: 'ok' });
    await sleep(1100);
    expect(triggers.length).toBe(count); // stop() unscheduled it
  });

  it('marks runs left running by a crashed process as failed', async () => {
    const startedAt = Date.now() - 60_000;
    handle.sqlite
      .prepare("INSERT INTO core_job_runs (job_id, trigger, status, started_at) VALUES ('p.old', 'schedule', 'running', ?)")
      .run(startedAt);
    const runner = makeRunner();
    let release!: () => void;
    runner.add('p', { id: 'live', cron: '0 2 * * *', label: 'x', run: () => new Promise<void>((r) => (release = r)) });
    const live = runner.runNow('p.live'); // running in this process when start() recovers
    runner.start();
    const [old] = runner.history('p.old');
    expect(old).toMatchObject({ status: 'failed', error: 'interrupted (server stopped)', durationMs: null });
    expect(old!.finishedAt).toBeInstanceOf(Date);
    expect(runner.history('p.live')[0]!.status).toBe('running');
    release();
    expect((await live).status).toBe('ok');
  });

  it('lists jobs with their next run and last run', async () => {
    const runner = makeRunner();
    runner.add('payroll', { id: 'close', cron: '0 2 * * *', label: 'payroll.jobs.close', run: async () => ({ summary: 'ok' }) });
    expect(runner.list()[0]!.nextRun).toBeNull(); // not scheduled yet
    runner.start();
    const [info] = runner.list();
    expect(info).toMatchObject({ id: 'payroll.close', pluginId: 'payroll', label: 'payroll.jobs.close', cron: '0 2 * * *', running: false, lastRun: null });
    expect(info!.nextRun).toBeInstanceOf(Date);
    expect(info!.nextRun!.getTime()).toBeGreaterThan(Date.now());
    expect(info!.nextRun!.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
    // 02:00 in Asia/Shanghai (UTC+8, no DST) is 18:00 UTC.
    expect(info!.nextRun!.getUTCHours()).toBe(18);
    expect(info!.nextRun!.getUTCMinutes()).toBe(0);

    const run = await runner.runNow('payroll.close');
    expect(runner.list()[0]!.lastRun).toEqual(run);
    runner.off('payroll');
    expect(runner.list()).toEqual([]);
  });
});
