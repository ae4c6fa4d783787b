/**
 * Cookie names carry a short fingerprint of the instance secret. Browsers keep
 * cookies per host, not per port, so two instances side by side on one machine
 * (localhost:3000 and :3001) would otherwise sign each other out and break each
 * other's CSRF tokens.
 */
import { createHash } from 'node:crypto';

export interface CookieNames {
  session: string;
  csrf: string;
  flash: string;
}

export function cookieNames(secret: string): CookieNames {
  const id = createHash('sha256').update(`cookie-names:${secret}`).digest('hex').slice(0, 8);
  return { session: `hr_session_${id}`, csrf: `hr_csrf_${id}`, flash: `hr_flash_${id}` };
}
