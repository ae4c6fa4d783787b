/** Callbacks already acted on (`wecom_inbound`), so WeCom's retries are not acted on twice. */
import type Database from 'better-sqlite3';

const KEEP_MS = 2 * 86_400_000;

export function createInboundLedger(sqlite: Database.Database, now: () => number = Date.now) {
  let statements: { insert: Database.Statement; purge: Database.Statement } | null = null;
  const s = () =>
    (statements ??= {
      insert: sqlite.prepare('INSERT OR IGNORE INTO wecom_inbound (key, received_at) VALUES (?, ?)'),
      purge: sqlite.prepare('DELETE FROM wecom_inbound WHERE received_at < ?'),
    });
  return {
    /**
     * Runs `accept` once per key, in one transaction with the mark: if it throws, the key is
     * not marked and WeCom's retry is acted on.
     */
    once<T>(key: string, accept: () => T): { handled: true; reply: T } | { handled: false } {
      return sqlite.transaction((): { handled: true; reply: T } | { handled: false } => {
        const at = now();
        s().purge.run(at - KEEP_MS);
        if (s().insert.run(key, at).changes === 0) return { handled: false };
        return { handled: true, reply: accept() };
      })();
    },
  };
}
