/** Items: a pure rule (tested without a database), then the queries. */
import { desc } from 'drizzle-orm';
import type { Db } from '__ROOT__/core/sdk.js';
import { items } from '../schema.js';

export type Item = typeof items.$inferSelect;

export const TITLE_MAX = 120;

/** The title as stored: whitespace collapsed and trimmed, at most TITLE_MAX characters; null when there is none. */
export function cleanTitle(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const title = [...raw.replace(/\s+/g, ' ').trim()].slice(0, TITLE_MAX).join('');
  return title === '' ? null : title;
}

export function createItemService(db: Db) {
  return {
    /** Newest first. */
    list(limit: number): Item[] {
      return db.select().from(items).orderBy(desc(items.id)).limit(limit).all();
    },
    add(title: string, createdBy: string | null): Item {
      return db.insert(items).values({ title, createdBy }).returning().get();
    },
  };
}

export type ItemService = ReturnType<typeof createItemService>;
