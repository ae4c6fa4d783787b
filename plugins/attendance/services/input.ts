/** Service-side validation: input that reached a service unparsed (API, other plugins) fails as a 400, never a 500. */
import { HttpError, z } from '../../../core/sdk.js';

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  // Schemas here carry i18n keys as messages where a person should read them.
  const message = issue.message.startsWith('attendance.') ? issue.message : 'attendance.time.error.invalid';
  throw new HttpError(400, message, { field, detail: issue.message });
}
