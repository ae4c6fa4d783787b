/** Positions (岗位): a flat list of job titles employees point to. */
import { asc, eq } from 'drizzle-orm';
import type { HrContext } from '../sdk.js';
import type { PeopleContext } from './context.js';
import { PeopleError, isUniqueViolation, parseOrThrow } from './errors.js';
import { positionCreateSchema, type PositionCreateInput } from './input.js';
import { positions } from './schema.js';

export type Position = typeof positions.$inferSelect;

export function createPositions(ctx: PeopleContext) {
  const { db } = ctx;
  return {
    create(input: PositionCreateInput, c: HrContext | null = null): Position {
      const data = parseOrThrow(positionCreateSchema.safeParse(input));
      try {
        return db.transaction((tx) => {
          if (tx.select({ id: positions.id }).from(positions).where(eq(positions.name, data.name)).get()) {
            throw new PeopleError(409, 'core.people.error.position_name_taken', 'name');
          }
          const row = tx.insert(positions).values({ name: data.name, code: data.code ?? null, createdAt: ctx.now() }).returning().get();
          ctx.audit(c, { action: 'people.position.create', entity: 'people.position', entityId: row.id, after: row });
          return row;
        });
      } catch (err) {
        if (isUniqueViolation(err, 'name')) throw new PeopleError(409, 'core.people.error.position_name_taken', 'name');
        throw err;
      }
    },

    list(): Position[] {
      return db.select().from(positions).orderBy(asc(positions.name)).all();
    },

    get(id: number): Position | undefined {
      return db.select().from(positions).where(eq(positions.id, id)).get();
    },
  };
}
export type PositionService = ReturnType<typeof createPositions>;
