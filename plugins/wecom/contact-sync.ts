/**
 * 通讯录变更 (a contact change WeCom reports through the callback) → an org sync now.
 *
 * A change is covered by any sync that *started* after it and *succeeded*, so a burst of
 * changes costs one or two syncs, not one each; a sync that failed covers nothing, and the
 * outbox's retry of the change runs it again.
 */
export function createContactSync(deps: { syncNow(): Promise<void>; now(): number }) {
  let coveredUntil = 0;
  return async (meta: { emittedAt: Date }): Promise<'synced' | 'covered'> => {
    if (meta.emittedAt.getTime() < coveredUntil) return 'covered';
    const started = deps.now();
    await deps.syncNow();
    coveredUntil = Math.max(coveredUntil, started);
    return 'synced';
  };
}
