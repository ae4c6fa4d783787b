/**
 * The shapes of the WeCom API calls the connector uses: what we send (checked before it
 * leaves) and what WeCom answers (checked on arrival, mapped to camelCase records the rest
 * of the suite reads). Answers keep only what we use; unknown fields are ignored, and
 * fields WeCom withholds from newer apps (mobile, email since 2022-06-20) are optional.
 */
import { z } from '../../core/sdk.js';

const userIdList = z.array(z.string().min(1).max(64));
const partyOrTagList = z.array(z.union([z.string().min(1), z.number().int()]));

const messageTarget = {
  /** userids, or '@all'. WeCom accepts at most 1000 per message. */
  touser: z.union([z.literal('@all'), userIdList.max(1000)]).optional(),
  toparty: partyOrTagList.max(100).optional(),
  totag: partyOrTagList.max(100).optional(),
  safe: z.union([z.literal(0), z.literal(1)]).optional(),
  enable_id_trans: z.union([z.literal(0), z.literal(1)]).optional(),
  /** WeCom drops an identical message to the same people within duplicate_check_interval seconds. */
  enable_duplicate_check: z.union([z.literal(0), z.literal(1)]).optional(),
  duplicate_check_interval: z.number().int().min(1).max(14_400).optional(),
};

/** An application message (`POST /cgi-bin/message/send`) without `agentid`, which the client adds. */
export const wecomMessageSchema = z
  .discriminatedUnion('msgtype', [
    z.object({ msgtype: z.literal('text'), text: z.object({ content: z.string().min(1) }), ...messageTarget }),
    z.object({
      msgtype: z.literal('textcard'),
      textcard: z.object({
        title: z.string().min(1),
        description: z.string().min(1),
        url: z.url({ protocol: /^https?$/ }),
        btntxt: z.string().max(4).optional(),
      }),
      ...messageTarget,
    }),
    z.object({ msgtype: z.literal('markdown'), markdown: z.object({ content: z.string().min(1) }), ...messageTarget }),
  ])
  .refine((m) => (m.touser !== undefined && m.touser.length > 0) || (m.toparty?.length ?? 0) > 0 || (m.totag?.length ?? 0) > 0, {
    message: 'a message needs touser, toparty or totag',
  });
export type WecomMessage = z.input<typeof wecomMessageSchema>;

const pipeList = z
  .string()
  .optional()
  .transform((s) => (s ? s.split('|').filter(Boolean) : []));

export const sendResultSchema = z
  .object({
    msgid: z.string().optional(),
    invaliduser: pipeList,
    invalidparty: pipeList,
    invalidtag: pipeList,
    unlicenseduser: pipeList,
  })
  .transform((r) => ({
    msgId: r.msgid ?? null,
    /** Recipients WeCom did not deliver to (unknown userids, people outside the app's visible range). */
    invalidUsers: r.invaliduser,
    invalidParties: r.invalidparty,
    invalidTags: r.invalidtag,
    unlicensedUsers: r.unlicenseduser,
  }));
export type WecomSendResult = z.output<typeof sendResultSchema>;

const department = z
  .object({
    id: z.number().int(),
    name: z.string().optional(),
    parentid: z.number().int().optional(),
    order: z.number().optional(),
    department_leader: z.array(z.string()).optional(),
  })
  .transform((d) => ({
    id: d.id,
    /** Empty when WeCom withholds names from the app (third-party apps). */
    name: d.name ?? '',
    /** 0 for the root department. */
    parentId: d.parentid ?? 0,
    order: d.order ?? 0,
    leaderUserIds: d.department_leader ?? [],
  }));
export const departmentListSchema = z.object({ department: z.array(department) }).transform((r) => r.department);
export type WecomDepartment = z.output<typeof department>;

const optionalText = z
  .string()
  .optional()
  .transform((s) => (s ? s : null));

export const userSchema = z
  .object({
    userid: z.string().min(1),
    name: z.string().optional(),
    department: z.array(z.number().int()).optional(),
    main_department: z.number().int().optional(),
    position: optionalText,
    mobile: optionalText,
    email: optionalText,
    biz_mail: optionalText,
    status: z.number().int().optional(),
    is_leader_in_dept: z.array(z.number().int()).optional(),
    direct_leader: z.array(z.string()).optional(),
  })
  .transform((u) => ({
    userId: u.userid,
    name: u.name ?? '',
    departmentIds: u.department ?? [],
    mainDepartmentId: u.main_department ?? u.department?.[0] ?? null,
    position: u.position,
    /** Null when absent: WeCom no longer returns it to apps created after 2022-06-20. */
    mobile: u.mobile,
    email: u.email ?? u.biz_mail,
    /** 1 active, 2 disabled, 4 not yet activated, 5 left the company. */
    status: u.status ?? 1,
    /** Departments (ids) this user leads, from is_leader_in_dept aligned with department. */
    leaderOf: (u.department ?? []).filter((_, i) => u.is_leader_in_dept?.[i] === 1),
    directLeaderUserIds: u.direct_leader ?? [],
  }));
export type WecomUser = z.output<typeof userSchema>;
export const userListSchema = z.object({ userlist: z.array(userSchema) }).transform((r) => r.userlist);

export const userInfoByCodeSchema = z
  .object({ userid: z.string().optional(), openid: z.string().optional(), user_ticket: z.string().optional() })
  .transform((r) => ({
    /** The member's userid; null when the person is not a member of the corp (then openId is set). */
    userId: r.userid ?? null,
    openId: r.openid ?? null,
    userTicket: r.user_ticket ?? null,
  }));
export type WecomUserInfo = z.output<typeof userInfoByCodeSchema>;

export const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
export const ticketSchema = z.object({ ticket: z.string().min(1), expires_in: z.number().positive() });

/** 1 上下班打卡 (on/off duty), 2 外出打卡 (field), 3 all. */
export const checkinRequestSchema = z
  .object({
    opencheckindatatype: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    starttime: z.number().int().nonnegative(),
    endtime: z.number().int().nonnegative(),
    useridlist: userIdList.min(1),
  })
  .refine((r) => r.starttime <= r.endtime, { message: 'starttime must not be after endtime' });
export type WecomCheckinRequest = z.input<typeof checkinRequestSchema>;

const checkin = z
  .object({
    userid: z.string(),
    groupname: z.string().optional(),
    checkin_type: z.string(),
    exception_type: z.string().optional(),
    checkin_time: z.number().int(),
    location_title: z.string().optional(),
    location_detail: z.string().optional(),
    wifiname: z.string().optional(),
    wifimac: z.string().optional(),
    notes: z.string().optional(),
    deviceid: z.string().optional(),
    sch_checkin_time: z.number().int().optional(),
    lat: z.number().optional(),
    lng: z.number().optional(),
  })
  .transform((c) => ({
    userId: c.userid,
    /** WeCom's own label: 上班打卡, 下班打卡, 外出打卡… */
    checkinType: c.checkin_type,
    /** Empty when normal; else e.g. 时间异常, 地点异常, 未打卡, wifi异常, 非常用设备. */
    exceptionType: c.exception_type ?? '',
    /** Seconds since the epoch. */
    checkinTime: c.checkin_time,
    scheduledTime: c.sch_checkin_time ?? null,
    groupName: c.groupname ?? '',
    locationTitle: c.location_title ?? '',
    locationDetail: c.location_detail ?? '',
    wifiName: c.wifiname ?? '',
    notes: c.notes ?? '',
    deviceId: c.deviceid ?? '',
    /** WeCom gives latitude/longitude times 1,000,000. */
    lat: c.lat ?? null,
    lng: c.lng ?? null,
  }));
export type WecomCheckin = z.output<typeof checkin>;
export const checkinDataSchema = z.object({ checkindata: z.array(checkin).default([]) }).transform((r) => r.checkindata);

/** `POST /cgi-bin/user/create` (optional push of new hires); fields as WeCom names them. */
export const createUserSchema = z.object({
  userid: z.string().min(1).max(64),
  name: z.string().min(1).max(64),
  department: z.array(z.number().int()).min(1).max(100),
  main_department: z.number().int().optional(),
  mobile: z.string().optional(),
  email: z.email().optional(),
  position: z.string().max(128).optional(),
  alias: z.string().optional(),
  gender: z.enum(['1', '2']).optional(),
  direct_leader: z.array(z.string()).max(1).optional(),
  to_invite: z.boolean().optional(),
});
export type WecomCreateUser = z.input<typeof createUserSchema>;

/** Answers with nothing but errcode/errmsg. */
export const okSchema = z.object({}).transform(() => undefined);
