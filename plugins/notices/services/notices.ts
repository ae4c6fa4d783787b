/**
 * Notices: domain logic. Pure rules first (tested without a database), then the
 * queries that use them. Writes run in one transaction with their event.
 */
import { and, count, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { z, type Db, type Events, type PluginContext } from '../../../core/sdk.js';
import { noticeReads, notices } from '../schema.js';

export type Notice = typeof notices.$inferSelect;

/** What HR fills in, from the form or the API. */
export const noticeInput = z.object({
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().min(1).max(20_000),
  pinned: z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()).default(false),
  expiresAt: z.preprocess(
    (v) => (v === '' || v == null ? null : v),
    z.coerce.date().nullable(),
  ).default(null),
});
export type NoticeInput = z.output<typeof noticeInput>;

/** Which pinned notices lose their pin so that at most `limit` stay pinned (newest kept). */
export function pinsToDrop(pinnedNewestFirst: number[], limit: number): number[] {
  return pinnedNewestFirst.slice(Math.max(0, limit));
}

/** A notice is shown to employees while published and not yet expired. */
export function isVisible(n: Pick<Notice, 'status' | 'expiresAt'>, now: Date): boolean {
  return n.status === 'published' && (n.expiresAt === null || n.expiresAt.getTime() > now.getTime());
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export interface NoticeServiceOptions {
  pinnedLimit: number;
  now?: () => Date;
  /** Tell people of each notice published, through the connectors (absent: nobody is told, e.g. demo data). */
  announce?: { notify: PluginContext['notify']; audience: () => number[] };
}

/** The first words of a notice for a message card: one line, at most `max` characters. */
export function excerpt(body: string, max = 100): string {
  // Markdown marks out (headings and quotes at line starts, emphasis and code anywhere), one line.
  const line = body.replace(/^[ \t]*[#>]+[ \t]*/gm, '').replace(/[*`]+/g, '').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function createNoticeService(db: Db, events: Events, options: NoticeServiceOptions) {
  const now = options.now ?? (() => new Date());
  const visible = () => and(eq(notices.status, 'published'), sql`(${notices.expiresAt} IS NULL OR ${notices.expiresAt} > ${now().getTime()})`);

  return {
    /** Published notices for an employee, pinned first, with their own read state. */
    list(opts: { page: number; pageSize: number; userId: number }) {
      const total = db.select({ n: count() }).from(notices).where(visible()).get()?.n ?? 0;
      const items = db
        .select({
          id: notices.id,
          title: notices.title,
          pinned: notices.pinned,
          publishedAt: notices.publishedAt,
          authorName: notices.authorName,
          read: sql<number>`exists (select 1 from ${noticeReads} r where r.notice_id = ${notices.id} and r.user_id = ${opts.userId})`,
        })
        .from(notices)
        .where(visible())
        .orderBy(desc(notices.pinned), desc(notices.publishedAt), desc(notices.id))
        .limit(opts.pageSize)
        .offset((opts.page - 1) * opts.pageSize)
        .all()
        .map((r) => ({ ...r, read: Boolean(r.read) }));
      return { items, total, pages: pageCount(total, opts.pageSize) };
    },

    /** Every notice (for HR), newest first, with how many people read each. */
    listAll(opts: { page: number; pageSize: number }) {
      const total = db.select({ n: count() }).from(notices).get()?.n ?? 0;
      const items = db
        .select({
          id: notices.id,
          title: notices.title,
          status: notices.status,
          pinned: notices.pinned,
          publishedAt: notices.publishedAt,
          expiresAt: notices.expiresAt,
          reads: sql<number>`(select count(*) from ${noticeReads} r where r.notice_id = ${notices.id})`,
        })
        .from(notices)
        .orderBy(desc(notices.id))
        .limit(opts.pageSize)
        .offset((opts.page - 1) * opts.pageSize)
        .all();
      return { items, total, pages: pageCount(total, opts.pageSize) };
    },

    get(id: number): Notice | undefined {
      return db.select().from(notices).where(eq(notices.id, id)).get();
    },

    isVisible(n: Notice) {
      return isVisible(n, now());
    },

    markRead(id: number, userId: number): void {
      db.insert(noticeReads).values({ noticeId: id, userId, readAt: now() }).onConflictDoNothing().run();
    },

    unreadCount(userId: number): number {
      return (
        db
          .select({ n: count() })
          .from(notices)
          .where(and(visible(), sql`not exists (select 1 from ${noticeReads} r where r.notice_id = ${notices.id} and r.user_id = ${userId})`))
          .get()?.n ?? 0
      );
    },

    /** Publish a notice; its event reaches subscribers only if the write commits. */
    publish(input: NoticeInput, author: { id: number | null; name: string }): Notice {
      return db.transaction((tx) => {
        const at = now();
        const created = tx
          .insert(notices)
          .values({ ...input, status: 'published', publishedAt: at, authorId: author.id, authorName: author.name, createdAt: at, updatedAt: at })
          .returning()
          .get();
        if (created.pinned) {
          const pinned = tx
            .select({ id: notices.id })
            .from(notices)
            .where(and(eq(notices.pinned, true), eq(notices.status, 'published')))
            .orderBy(desc(notices.publishedAt), desc(notices.id))
            .all()
            .map((r) => r.id);
          const drop = pinsToDrop(pinned, options.pinnedLimit);
          if (drop.length) tx.update(notices).set({ pinned: false, updatedAt: at }).where(inArray(notices.id, drop)).run();
        }
        events.emit('notices.published', { id: created.id, title: created.title, pinned: created.pinned });
        const { announce } = options;
        announce?.notify({
          to: announce.audience(),
          title: { key: 'notices.notify.published', params: { title: created.title } },
          description: { key: 'notices.notify.excerpt', params: { text: excerpt(created.body) } },
          path: `/notices/${created.id}`,
          category: 'notices',
        });
        return created;
      });
    },

    archive(id: number): Notice | undefined {
      return db.update(notices).set({ status: 'archived', pinned: false, updatedAt: now() }).where(eq(notices.id, id)).returning().get();
    },

    /** The daily job: archive notices whose expiry has passed. */
    archiveExpired(): number {
      const at = now();
      return db
        .update(notices)
        .set({ status: 'archived', pinned: false, updatedAt: at })
        .where(and(eq(notices.status, 'published'), lte(notices.expiresAt, at)))
        .run().changes;
    },
  };
}

export type NoticeService = ReturnType<typeof createNoticeService>;
