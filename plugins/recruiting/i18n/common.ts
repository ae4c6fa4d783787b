/** Menu, permissions and the names of stages, statuses and reasons: shared by services, API and pages. */
import type { Messages } from '../../../core/sdk.js';

export const common: Messages = {
  'zh-CN': {
    'recruiting.menu.jobs': '招聘职位',
    'recruiting.menu.candidates': '候选人',
    'recruiting.menu.requisitions': '招聘需求',
    'recruiting.menu.plans': '招聘计划',
    'recruiting.menu.approvals': '审批招聘需求',
    'recruiting.permission.manage': '管理招聘：职位、候选人（含身份和联系方式）、录用和入职',
    'recruiting.permission.screen': '筛选候选人：查看职位的候选人、评分、备注、推进阶段（录用和入职除外）',
    'recruiting.permission.requisition': '为本部门提交招聘需求',
    'recruiting.permission.approve': '审批招聘需求',
    'recruiting.permission.intake': '通过接口导入简历（招聘网站、ATS 对接）',

    'recruiting.stage.applied': '已投递',
    'recruiting.stage.screening': '筛选',
    'recruiting.stage.interview': '面试',
    'recruiting.stage.offer': '录用',
    'recruiting.stage.hired': '已入职',
    'recruiting.stage.custom': '自定义',

    'recruiting.jobStatus.draft': '草稿',
    'recruiting.jobStatus.open': '招聘中',
    'recruiting.jobStatus.paused': '已暂停',
    'recruiting.jobStatus.closed': '已关闭',

    'recruiting.applicationStatus.active': '进行中',
    'recruiting.applicationStatus.rejected': '已淘汰',
    'recruiting.applicationStatus.hired': '已入职',
    'recruiting.applicationStatus.withdrawn': '已放弃',

    'recruiting.requisitionStatus.pending': '待审批',
    'recruiting.requisitionStatus.approved': '已批准',
    'recruiting.requisitionStatus.rejected': '已驳回',
    'recruiting.requisitionStatus.cancelled': '已撤回',

    'recruiting.employmentType.full_time': '全职',
    'recruiting.employmentType.part_time': '兼职',
    'recruiting.employmentType.intern': '实习',
    'recruiting.employmentType.contract': '合同工',

    'recruiting.suggestion.advance': '建议推进',
    'recruiting.suggestion.hold': '待定',
    'recruiting.suggestion.reject': '建议淘汰',

    'recruiting.rejectReason.skills': '技能不匹配',
    'recruiting.rejectReason.experience': '工作经验不足',
    'recruiting.rejectReason.education': '学历不符合要求',
    'recruiting.rejectReason.salary': '薪资期望不匹配',
    'recruiting.rejectReason.location': '工作地点不合适',
    'recruiting.rejectReason.availability': '到岗时间不合适',
    'recruiting.rejectReason.no_show': '未参加面试',
    'recruiting.rejectReason.declined': '候选人拒绝',
    'recruiting.rejectReason.position_filled': '职位已招满',
    'recruiting.rejectReason.low_score': '筛选评分过低（自动）',
    'recruiting.rejectReason.other': '其他原因',

    'recruiting.checklist.id_card': '身份证复印件',
    'recruiting.checklist.diploma': '学历学位证书',
    'recruiting.checklist.bank_card': '工资卡信息',
    'recruiting.checklist.contract': '签订劳动合同',

    'recruiting.source.careers': '官网投递',
    'recruiting.source.manual': 'HR 上传',
    'recruiting.source.referral': '内部推荐',

    'recruiting.candidate.anonymous': '候选人 {ref}',
    'recruiting.activity.system': '系统自动',
    'recruiting.job.retention': '删除超过保留期限的候选人简历',

    // Notifications through the connectors (WeCom cards…): the candidate's name at most.
    'recruiting.notify.interview': '面试安排：{job}',
    'recruiting.notify.interview_detail': '候选人 #{ref} 进入面试阶段，请安排面试。',
    'recruiting.notify.interview_blind': '候选人 #{ref} 进入面试阶段，请安排面试（匿名筛选中）。',
  },
  en: {
    'recruiting.menu.jobs': 'Job openings',
    'recruiting.menu.candidates': 'Candidates',
    'recruiting.menu.requisitions': 'Requisitions',
    'recruiting.menu.plans': 'Hiring plan',
    'recruiting.menu.approvals': 'Approve requisitions',
    'recruiting.permission.manage': 'Manage recruiting: jobs, candidates (identity and contact details included), offers and onboarding',
    'recruiting.permission.screen': 'Screen candidates: see the candidates of jobs, scores, notes; move them between stages (not to offer or hired)',
    'recruiting.permission.requisition': 'Request headcount for the own department',
    'recruiting.permission.approve': 'Approve headcount requisitions',
    'recruiting.permission.intake': 'Import résumés through the API (job boards, ATS connectors)',

    'recruiting.stage.applied': 'Applied',
    'recruiting.stage.screening': 'Screening',
    'recruiting.stage.interview': 'Interview',
    'recruiting.stage.offer': 'Offer',
    'recruiting.stage.hired': 'Hired',
    'recruiting.stage.custom': 'Custom',

    'recruiting.jobStatus.draft': 'Draft',
    'recruiting.jobStatus.open': 'Open',
    'recruiting.jobStatus.paused': 'Paused',
    'recruiting.jobStatus.closed': 'Closed',

    'recruiting.applicationStatus.active': 'In progress',
    'recruiting.applicationStatus.rejected': 'Rejected',
    'recruiting.applicationStatus.hired': 'Hired',
    'recruiting.applicationStatus.withdrawn': 'Withdrawn',

    'recruiting.requisitionStatus.pending': 'Pending',
    'recruiting.requisitionStatus.approved': 'Approved',
    'recruiting.requisitionStatus.rejected': 'Rejected',
    'recruiting.requisitionStatus.cancelled': 'Cancelled',

    'recruiting.employmentType.full_time': 'Full-time',
    'recruiting.employmentType.part_time': 'Part-time',
    'recruiting.employmentType.intern': 'Internship',
    'recruiting.employmentType.contract': 'Contract',

    'recruiting.suggestion.advance': 'Suggest advancing',
    'recruiting.suggestion.hold': 'Undecided',
    'recruiting.suggestion.reject': 'Suggest rejecting',

    'recruiting.rejectReason.skills': 'Skills do not match',
    'recruiting.rejectReason.experience': 'Not enough experience',
    'recruiting.rejectReason.education': 'Education does not meet the requirement',
    'recruiting.rejectReason.salary': 'Salary expectations do not match',
    'recruiting.rejectReason.location': 'Location does not suit',
    'recruiting.rejectReason.availability': 'Start date does not suit',
    'recruiting.rejectReason.no_show': 'Did not attend the interview',
    'recruiting.rejectReason.declined': 'Candidate declined',
    'recruiting.rejectReason.position_filled': 'Position filled',
    'recruiting.rejectReason.low_score': 'Screening score too low (automatic)',
    'recruiting.rejectReason.other': 'Other reason',

    'recruiting.checklist.id_card': 'Copy of ID card',
    'recruiting.checklist.diploma': 'Diploma and degree certificates',
    'recruiting.checklist.bank_card': 'Salary bank account',
    'recruiting.checklist.contract': 'Labour contract signed',

    'recruiting.source.careers': 'Careers page',
    'recruiting.source.manual': 'Uploaded by HR',
    'recruiting.source.referral': 'Employee referral',

    'recruiting.candidate.anonymous': 'Candidate {ref}',
    'recruiting.activity.system': 'Automatic',
    'recruiting.job.retention': 'Remove résumés of candidates past the retention period',

    'recruiting.notify.interview': 'Interview: {job}',
    'recruiting.notify.interview_detail': 'Candidate #{ref} moved to the interview stage: please schedule the interview.',
    'recruiting.notify.interview_blind': 'Candidate #{ref} moved to the interview stage: please schedule the interview (blind screening).',
  },
};
