/**
 * The audit log for admins: a filterable page and a CSV export. Read-only by
 * design: only GET routes live under /admin/audit, and the table itself refuses
 * UPDATE and DELETE (triggers of core migration 0002_audit_append_only).
 */
import { route, type HrApp } from '../app.js';
import { audit } from '../audit.js';
import {
  activeFilters,
  auditBatches,
  csvLine,
  csvRow,
  CSV_COLUMNS,
  diffValues,
  exportFileName,
  maxAuditId,
  parseAuditQuery,
  queryAuditPage,
  type AuditCursor,
} from '../audit-query.js';
import { isFragmentRequest, render } from '../http/render.js';
import type { Kernel } from '../kernel.js';
import { withQuery } from '../views/page.js';

const PAGE_SIZE = 50;
const CSV_BATCH = 1000;
const PERMISSION = 'core.audit.view';

export function mountAuditRoutes(app: HrApp, kernel: Kernel): void {
  const sqlite = kernel.dbh.sqlite;
  const timeZone = kernel.config.timezone;

  route(app, kernel, 'core', 'get', '/admin/audit', PERMISSION, async (c) => {
    const t = c.get('t');
    const { filters, cursor, invalid } = parseAuditQuery(c.req.query());
    const page = queryAuditPage(sqlite, filters, timeZone, cursor, PAGE_SIZE);
    const active = activeFilters(filters);
    const href = (base: string, cur: AuditCursor | null) => (cur ? withQuery(base, { ...active, before: cur.before, after: cur.after }) : null);
    // htmx swaps only the results region; a history restore asks for the whole page again.
    const partial = isFragmentRequest(c) && c.req.header('hx-history-restore-request') !== 'true';
    c.header('Vary', 'HX-Request');
    return render(
      kernel,
      c,
      partial ? 'core/audit-results' : 'core/audit-log',
      {
        filters: { ...filters, from: filters.from ?? (invalid.includes('from') ? c.req.query('from') : ''), to: filters.to ?? (invalid.includes('to') ? c.req.query('to') : '') },
        invalid,
        filtered: Object.keys(active).length > 0,
        entities: entityNames(),
        rows: page.rows.map((r) => ({ ...r, diff: diffValues(r.before, r.after) })),
        total: page.total,
        newerHref: href('/admin/audit', page.newer),
        olderHref: href('/admin/audit', page.older),
        newestHref: page.newer ? withQuery('/admin/audit', active) : null,
        csvHref: withQuery('/admin/audit.csv', active),
      },
      { title: t('core.audit.title'), fragment: partial },
    );
  });

  route(app, kernel, 'core', 'get', '/admin/audit.csv', PERMISSION, (c) => {
    const t = c.get('t');
    const { filters } = parseAuditQuery(c.req.query());
    // A fixed upper bound: rows written while the file streams (this export's own entry too) stay out of it.
    const upTo = maxAuditId(sqlite);
    audit(sqlite, c, { action: 'core.audit.export', entity: 'core_audit_log', after: { format: 'csv', filters: activeFilters(filters), upToId: upTo } }, kernel.config.trustProxy);

    const encoder = new TextEncoder();
    const batches = auditBatches(sqlite, filters, timeZone, upTo, CSV_BATCH);
    let headerSent = false;
    // Pulled one batch at a time, so a 100k-row log never sits in memory whole.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!headerSent) {
          headerSent = true;
          // The BOM makes Excel (zh-CN Windows included) read the file as UTF-8.
          controller.enqueue(encoder.encode(`\uFEFF${csvLine(CSV_COLUMNS.map((k) => t(k)))}`));
          return;
        }
        const next = batches.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(next.value.map((r) => csvLine(csvRow(r, timeZone))).join('')));
      },
      cancel() {
        batches.return(undefined);
      },
    });
    const name = exportFileName(Date.now(), timeZone);
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
  });

  /** Entity names for the filter's suggestions (index-only scan of core_audit_entity). */
  function entityNames(): string[] {
    return (sqlite.prepare('SELECT DISTINCT entity FROM core_audit_log ORDER BY entity LIMIT 200').all() as { entity: string }[]).map((r) => r.entity);
  }
}
