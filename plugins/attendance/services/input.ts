/** Service-side validation for the attendance plugin: bad input that reached a service unparsed is a 400, never a 500. */
import { parseOrThrow as parse, type z } from '../../../core/sdk.js';

export const parseOrThrow = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> =>
  parse(schema, input, { prefix: 'attendance.', fallbackKey: 'attendance.time.error.invalid' });
