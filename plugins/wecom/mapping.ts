/**
 * WeCom's records → the connector layer's neutral shapes (pure), for org sync and check-ins.
 */
import type { RemoteDepartment, RemoteMember, RemoteOrg, RemotePunch } from '../../core/sdk.js';
import type { WecomCheckin, WecomDepartment, WecomUser } from './client.js';

/** WeCom member status: 1 active, 2 disabled, 4 invited but not yet activated, 5 left. */
const INACTIVE_STATUSES = new Set([2, 5]);

export function toRemoteDepartment(d: WecomDepartment): RemoteDepartment {
  return {
    remoteId: String(d.id),
    name: d.name,
    // WeCom's root department (usually id 1, the company itself) has parent 0.
    parentId: d.parentId === 0 ? null : String(d.parentId),
    order: d.order,
  };
}

/**
 * WeCom sends mainland mobiles as 11 digits, others as "+852 12345678"; the people
 * directory keeps mainland numbers bare, so "+86" and spaces go.
 */
export function normalizeWecomMobile(mobile: string | null): string | null {
  if (!mobile) return null;
  const compact = mobile.replace(/[\s-]/g, '');
  const mainland = /^(?:\+?86)?(1\d{10})$/.exec(compact);
  return mainland ? mainland[1]! : compact || null;
}

export function toRemoteMember(u: WecomUser): RemoteMember {
  return {
    remoteUserId: u.userId,
    name: u.name.trim(),
    mobile: normalizeWecomMobile(u.mobile),
    email: u.email,
    departmentId: u.mainDepartmentId === null ? null : String(u.mainDepartmentId),
    position: u.position,
    // Invited members who have not activated WeCom yet still work here.
    active: !INACTIVE_STATUSES.has(u.status),
  };
}

export function toRemoteOrg(departments: WecomDepartment[], users: WecomUser[]): RemoteOrg {
  return {
    departments: departments.map(toRemoteDepartment),
    members: users.filter((u) => u.name.trim() !== '').map(toRemoteMember),
  };
}

/**
 * Records WeCom lists but that are no punch: a scheduled punch that never happened (未打卡)
 * comes back with the scheduled time as its checkin_time.
 */
export function isRealPunch(c: WecomCheckin): boolean {
  return !c.exceptionType.split(';').some((e) => e.trim() === '未打卡');
}

/** "企业微信 上班打卡 · 总部大厦" — what the punch record's note shows. */
export function punchSource(c: WecomCheckin): string {
  const what = ['企业微信', c.checkinType.trim()].filter(Boolean).join(' ');
  const where = (c.locationTitle || c.wifiName).trim();
  return where ? `${what} · ${where}` : what;
}

export function toRemotePunch(c: WecomCheckin): RemotePunch {
  return {
    remoteUserId: c.userId,
    at: new Date(c.checkinTime * 1000).toISOString(),
    source: punchSource(c),
    // WeCom gives degrees times 1,000,000; 0/0 means "no location" (Wi-Fi punches).
    latitude: c.lat && c.lng ? c.lat / 1e6 : null,
    longitude: c.lat && c.lng ? c.lng / 1e6 : null,
  };
}

/** Real punches, oldest first, each once (a window overlap or a repeated answer). */
export function toRemotePunches(records: WecomCheckin[]): RemotePunch[] {
  const seen = new Set<string>();
  const out: RemotePunch[] = [];
  for (const r of [...records].sort((a, b) => a.checkinTime - b.checkinTime)) {
    if (!isRealPunch(r)) continue;
    const key = `${r.userId}:${r.checkinTime}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(toRemotePunch(r));
  }
  return out;
}
