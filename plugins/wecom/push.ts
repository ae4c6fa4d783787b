/**
 * Optional changes pushed from the suite to WeCom (both off by default):
 * - `pushHires`: a new employee who is not on WeCom yet becomes a member (invited by WeCom);
 * - `pushLeavers`: a leaver's member is disabled (not deleted: their chats and customers
 *   stay with the company for 离职继承, and HR can still delete them in WeCom).
 * Both run from the outbox after the change committed; WeCom being down retries them.
 */
import type { ConnectorLinks, EmployeeHiredEvent, EmployeeLeftEvent, PluginDepartment } from '../../core/sdk.js';
import type { WecomClient, WecomDepartment } from './client.js';
import { isWecomApiError } from './errors.js';

/** userid already taken; mobile or email already used by another member; member not found. */
const USERID_TAKEN = 60102;
const MOBILE_TAKEN = 60104;
const EMAIL_TAKEN = 60106;
const NO_SUCH_USER = 60111;

/** WeCom userids: 1–64 of letters, digits and `_-@.`. Employee numbers usually fit as they are. */
export function wecomUserIdFor(employeeNo: string): string {
  return employeeNo.trim().replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 64) || 'employee';
}

/**
 * The WeCom department for a department of the suite, by name: the remote departments with
 * the same name, narrowed by their parents' names when there are several; the root (the
 * company) when none fits. Names are compared without surrounding spaces.
 */
export function matchDepartment(localPath: string, remote: WecomDepartment[]): number {
  const root = remote.find((d) => d.parentId === 0) ?? [...remote].sort((a, b) => a.id - b.id)[0];
  const fallback = root?.id ?? 1;
  const names = localPath.split('/').map((n) => n.trim()).filter(Boolean);
  const leaf = names.at(-1);
  if (!leaf) return fallback;
  const byId = new Map(remote.map((d) => [d.id, d]));
  const chainOf = (d: WecomDepartment): string[] => {
    const out: string[] = [];
    for (let cur: WecomDepartment | undefined = d, guard = 0; cur && guard < 50; cur = byId.get(cur.parentId), guard++) out.unshift(cur.name.trim());
    return out;
  };
  const candidates = remote.filter((d) => d.name.trim() === leaf);
  if (candidates.length <= 1) return candidates[0]?.id ?? fallback;
  // Several "研发部": the one whose ancestors match most of the local path, from the leaf up.
  const score = (d: WecomDepartment) => {
    const chain = chainOf(d);
    let n = 0;
    while (n < names.length && n < chain.length && chain[chain.length - 1 - n] === names[names.length - 1 - n]) n++;
    return n;
  };
  const ranked = candidates.map((d) => ({ d, s: score(d) })).sort((a, b) => b.s - a.s || a.d.id - b.d.id);
  return ranked[0]!.d.id;
}

export interface PushEmployee {
  employeeNo: string;
  name: string;
  mobile: string | null;
  email: string | null;
  positionName: string | null;
  departmentId: number;
}

export interface PushDeps {
  settings: { pushHires: boolean; pushLeavers: boolean };
  client(): WecomClient | null;
  links: ConnectorLinks;
  employee(id: number): PushEmployee | null;
  departments(): PluginDepartment[];
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

export function createPushHandlers(deps: PushDeps) {
  const linkedId = (employeeId: number) => deps.links.remoteIdsOf('wecom', [employeeId]).get(employeeId) ?? null;

  return {
    async onHired(e: EmployeeHiredEvent): Promise<void> {
      const api = deps.client();
      // Someone who came from WeCom (org sync links them in the same transaction) is there already.
      if (!deps.settings.pushHires || !api || linkedId(e.id) !== null) return;
      const employee = deps.employee(e.id);
      if (!employee) return;
      if (!employee.mobile && !employee.email) {
        deps.log.warn({ employee: e.id }, 'wecom: new hire not pushed, WeCom needs a mobile or an email');
        return;
      }
      const path = deps.departments().find((d) => d.id === employee.departmentId)?.path ?? '';
      const department = matchDepartment(path, await api.listDepartments());
      const userid = wecomUserIdFor(employee.employeeNo);
      try {
        await api.createUser({
          userid,
          name: employee.name.slice(0, 64),
          department: [department],
          main_department: department,
          ...(employee.mobile ? { mobile: employee.mobile } : {}),
          ...(employee.email ? { email: employee.email } : {}),
          ...(employee.positionName ? { position: employee.positionName.slice(0, 128) } : {}),
          to_invite: true,
        });
      } catch (err) {
        if (isWecomApiError(err) && err.errcode !== null && [USERID_TAKEN, MOBILE_TAKEN, EMAIL_TAKEN].includes(err.errcode)) {
          // Probably the same person, added in WeCom by hand: linking them is the admin's call
          // (org sync matches by mobile), not a guess made here.
          deps.log.warn({ employee: e.id, errcode: err.errcode }, 'wecom: new hire not pushed, a member with this userid, mobile or email exists');
          return;
        }
        throw err;
      }
      deps.links.link(null, { connector: 'wecom', employeeId: e.id, remoteUserId: userid, via: 'sync' });
      deps.log.info({ employee: e.id, department }, 'wecom: new hire added to WeCom');
    },

    async onLeft(e: EmployeeLeftEvent): Promise<void> {
      const api = deps.client();
      const remoteUserId = deps.settings.pushLeavers && api ? linkedId(e.id) : null;
      if (!api || remoteUserId === null) return;
      try {
        await api.callApi('POST', '/cgi-bin/user/update', { body: { userid: remoteUserId, enable: 0 } });
      } catch (err) {
        if (isWecomApiError(err) && err.errcode === NO_SUCH_USER) return;
        throw err;
      }
      deps.log.info({ employee: e.id }, 'wecom: leaver disabled in WeCom');
    },
  };
}
