/**
 * One worker thread that runs jobs one at a time and can be killed mid-job. Work that may
 * block for long in one synchronous step (pdf.js on a crafted upload) runs here: the main
 * thread keeps serving requests, and on the time budget the thread is terminated — the only
 * way to stop synchronous JavaScript — and a fresh one is started for the next job.
 *
 * Protocol with the worker script: once it is ready (heavy imports done) it posts
 * `{ type: 'ready' }`; for each job it answers `{ type: 'done', result }` or
 * `{ type: 'failed', error }`. The budget starts when the job is handed to a ready thread,
 * so start-up is never charged to the job. `entry` is a module URL, or code with `{ eval: true }`.
 */
import { Worker, type TransferListItem, type WorkerOptions } from 'node:worker_threads';

type Reply<R> = { type: 'ready' } | { type: 'done'; result: R } | { type: 'failed'; error: unknown };

export interface JobOutcome<R> {
  ok: boolean;
  /** The worker's result (ok) or its error payload (not ok). */
  value: R | unknown;
}

export class WorkerTimeout extends Error {
  override readonly name = 'WorkerTimeout';
}

/** The thread died (crash, out of memory, exit) before answering. */
export class WorkerCrash extends Error {
  override readonly name = 'WorkerCrash';
}

interface Live<R> {
  worker: Worker;
  ready: Promise<void>;
  /** The job waiting for this thread's answer, if any. */
  pending?: { resolve: (o: JobOutcome<R>) => void; reject: (e: Error) => void };
}

export class TerminableWorker<Req, R> {
  private live: Live<R> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private started = 0;

  constructor(
    private readonly entry: URL | string,
    private readonly options: WorkerOptions = {},
  ) {}

  /** How many threads were started so far (a kill or crash makes the next job start one more). */
  get threadsStarted(): number {
    return this.started;
  }

  /**
   * Runs `request` on the thread, after any job queued before it. Resolves with the worker's
   * answer; rejects with WorkerTimeout after `timeoutMs` (thread terminated) or WorkerCrash.
   */
  run(request: Req, transfer: TransferListItem[], timeoutMs: number): Promise<JobOutcome<R>> {
    const job = this.queue.then(() => this.runNow(request, transfer, timeoutMs));
    this.queue = job.catch(() => {});
    return job;
  }

  /** Stops the thread (if any); the next job starts a new one. */
  async close(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    if (live) await live.worker.terminate();
  }

  private async runNow(request: Req, transfer: TransferListItem[], timeoutMs: number): Promise<JobOutcome<R>> {
    const live = this.live ?? this.spawn();
    await live.ready;
    live.worker.ref(); // a job in flight keeps the process alive (a CLI awaiting it must not exit)
    try {
      return await new Promise<JobOutcome<R>>((resolve, reject) => {
        const timer = setTimeout(() => {
          live.pending = undefined;
          this.discard(live);
          reject(new WorkerTimeout(`worker job took longer than ${timeoutMs} ms`));
        }, timeoutMs);
        live.pending = {
          resolve: (o) => (clearTimeout(timer), resolve(o)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        };
        live.worker.postMessage(request, transfer);
      });
    } finally {
      if (this.live === live) live.worker.unref();
    }
  }

  private spawn(): Live<R> {
    const worker = new Worker(this.entry, this.options);
    this.started++;
    worker.unref(); // an idle thread never keeps the process alive
    let markReady!: () => void;
    let failStart!: (e: Error) => void;
    const ready = new Promise<void>((resolve, reject) => ((markReady = resolve), (failStart = reject)));
    ready.catch(() => {});
    const live: Live<R> = { worker, ready };
    const die = (e: Error) => {
      this.discard(live);
      failStart(e);
      const pending = live.pending;
      live.pending = undefined;
      pending?.reject(e);
    };
    worker.on('message', (msg: Reply<R>) => {
      if (msg.type === 'ready') return markReady();
      const pending = live.pending;
      live.pending = undefined;
      pending?.resolve(msg.type === 'done' ? { ok: true, value: msg.result } : { ok: false, value: msg.error });
    });
    worker.on('error', (e) => die(new WorkerCrash(`worker failed: ${e.message}`, { cause: e })));
    worker.on('exit', (code) => die(new WorkerCrash(`worker exited with code ${code}`)));
    this.live = live;
    return live;
  }

  private discard(live: Live<R>): void {
    if (this.live === live) this.live = undefined;
    live.worker.removeAllListeners('message');
    void live.worker.terminate().catch(() => {});
  }
}
