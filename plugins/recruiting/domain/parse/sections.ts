/**
 * Sections: the headings résumés use (教育背景, 工作经历, 项目经验, 专业技能, Education,
 * Work History, Core Skills…) and the lines under each. A heading may be decorated
 * (【工作经验】, ■ 教育经历, 一、教育背景, —— Skills ——, EDUCATION:), bilingual (教育背景
 * Education) or carry its content on the same line (专业技能：Java、MySQL). Lines before
 * the first heading form the `header` section (name, contact, 姓名：… rows).
 */
import { HAN, type Line } from './lines.js';

export type SectionKind =
  | 'header'
  | 'education'
  | 'experience'
  | 'internship'
  | 'projects'
  | 'skills'
  | 'languages'
  | 'summary'
  | 'certificates'
  | 'other';

export interface Section {
  kind: SectionKind;
  /** The heading line (null for the header section). */
  heading: Line | null;
  lines: Line[];
}

const HEADINGS: Record<Exclude<SectionKind, 'header'> | 'personal', string[]> = {
  education: [
    '教育背景', '教育经历', '教育经验', '教育情况', '学历', '学历背景', '学习经历', '教育', '教育及培训', '教育与培训', '教育培训经历',
    'education', 'education background', 'educational background', 'academic background', 'academic qualifications',
    'education and training', 'qualifications', 'academic history', 'education history',
  ],
  experience: [
    '工作经历', '工作经验', '工作履历', '职业经历', '任职经历', '从业经历', '工作背景', '工作', '职业经验', '工作及实习经历', '工作与实习经历',
    'experience', 'work experience', 'professional experience', 'work history', 'employment', 'employment history',
    'career history', 'relevant experience', 'career experience', 'professional background', 'working experience',
    'professional history', 'work and internship experience',
  ],
  internship: ['实习经历', '实习经验', '实践经历', '社会实践', '实习', '实习与实践', '实习实践', 'internship', 'internships', 'internship experience'],
  projects: [
    '项目经验', '项目经历', '主要项目', '项目', '项目背景', '参与项目', '项目介绍', '项目成果',
    'projects', 'project experience', 'selected projects', 'key projects', 'personal projects', 'academic projects', 'notable projects',
  ],
  skills: [
    '专业技能', '技能特长', '技能', '个人技能', '技能专长', '职业技能', '技术能力', '技术栈', '掌握技能', '专业能力', 'it技能', '计算机技能', '技能证书', '技能与证书', '专业技能与证书',
    'skills', 'technical skills', 'core skills', 'key skills', 'skills and tools', 'core competencies', 'competencies', 'expertise',
    'areas of expertise', 'skill set', 'skillset', 'tools', 'technologies', 'technical proficiencies', 'professional skills',
    'skills summary', 'computer skills', 'it skills', 'skills and expertise', 'tools and technologies',
  ],
  languages: ['语言能力', '外语能力', '语言', '外语水平', '语言水平', '外语', 'languages', 'language skills', 'language', 'language proficiency'],
  summary: [
    '自我评价', '个人评价', '个人总结', '自我介绍', '个人简介', '职业概述', '个人优势', '个人介绍', '自我描述', '求职意向', '职业目标', '职业规划',
    'summary', 'profile', 'professional summary', 'about me', 'objective', 'career objective', 'professional profile',
    'personal statement', 'career summary', 'executive summary', 'overview', 'about', 'highlights', 'summary of qualifications',
  ],
  certificates: [
    '证书', '资格证书', '获得证书', '获奖情况', '荣誉奖项', '所获荣誉', '荣誉', '获奖经历', '证书及奖项', '荣誉证书', '资质证书', '证书与奖项', '奖项荣誉',
    'certifications', 'certificates', 'certification', 'awards', 'honors', 'honours', 'honors and awards', 'awards and honors',
    'licenses', 'licenses and certifications', 'certifications and licenses', 'achievements', 'licenses and certificates',
  ],
  personal: ['基本信息', '个人信息', '个人资料', '联系方式', '基本资料', '个人基本信息', 'contact', 'contact information', 'personal information', 'personal details', 'contact details'],
  other: [
    '校园经历', '在校经历', '社团经历', '兴趣爱好', '培训经历', '附加信息', '其他', '其他信息', '作品集', '发表论文', '科研经历', '学术成果', '社会活动', '学生工作',
    'interests', 'hobbies', 'volunteer experience', 'volunteering', 'activities', 'publications', 'references',
    'additional information', 'leadership', 'extracurricular activities', 'training', 'portfolio', 'research experience',
  ],
};

const KIND_OF = new Map<string, SectionKind>();
for (const [kind, words] of Object.entries(HEADINGS)) {
  for (const w of words) KIND_OF.set(w, kind === 'personal' ? 'header' : (kind as SectionKind));
}

/** Kinds whose heading may carry content on the same line ("专业技能：Java、MySQL"). */
const INLINE_KINDS = new Set<SectionKind>(['skills', 'languages', 'summary', 'certificates']);

/** Decorations around a heading: brackets, bullets, rules, numbering (一、 1. I. 01), a final colon. */
const DECORATION_START = /^(?:[\s【】[\]〔〕■□●○◆◇▶►★☆#=_*|:·•\-—–~<>《》「」『』]+|[一二三四五六七八九十]+\s*[、.．]\s*|\d{1,2}\s*[、.．]\s*|[ivx]{1,4}\.\s+)+/iu;
const DECORATION_END = /[\s【】[\]〔〕■□●○◆◇▶►★☆#=_*|:·•\-—–~<>《》「」『』]+$/u;

function headingKey(text: string): string {
  const stripped = text.replace(DECORATION_START, '').replace(DECORATION_END, '').toLowerCase().replace(/&/g, ' and ');
  // Chinese headings are sometimes spaced out for looks: 教 育 背 景.
  return stripped.replace(/\s+/g, ' ').replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, '').trim();
}

/** The section a whole line names, or null. Handles bilingual headings ("教育背景 Education"). */
export function headingKind(text: string): SectionKind | null {
  if (text.length > 40) return null;
  const key = headingKey(text);
  if (key === '' || key.length > 36) return null;
  const direct = KIND_OF.get(key);
  if (direct) return direct;
  // 技能/语言, 证书与奖项, Skills & Languages: every part a heading; the first one names the section.
  const parts = key.split(/\s*(?:[/、,+]|\band\b)\s*|(?<=\p{Script=Han})(?:与|及|和)(?=\p{Script=Han})/u).filter(Boolean);
  if (parts.length > 1 && parts.every((p) => KIND_OF.has(p))) return KIND_OF.get(parts[0]!)!;
  // 教育背景 Education / EDUCATION 教育背景 / 工作经历 | Work Experience
  const bilingual = /^(?:(\p{Script=Han}+)\s*[/|]?\s*([a-z][a-z ]*)|([a-z][a-z ]*?)\s*[/|]?\s*(\p{Script=Han}+))$/u.exec(key);
  if (bilingual) {
    const han = bilingual[1] ?? bilingual[4]!;
    const latin = (bilingual[2] ?? bilingual[3]!).trim();
    const a = KIND_OF.get(han);
    const b = KIND_OF.get(latin);
    if (a && (a === b || b === undefined)) return a;
    if (b && a === undefined && !HAN.test(latin)) return b;
  }
  return null;
}

/** "专业技能：Java、MySQL" → skills + "Java、MySQL"; only for kinds whose content fits a line. */
export function inlineHeading(text: string): { kind: SectionKind; rest: string } | null {
  const m = /^([^:]{1,24}?)\s*:\s*(.+)$/u.exec(text);
  if (!m) return null;
  const kind = headingKind(m[1]!);
  if (!kind || !INLINE_KINDS.has(kind)) return null;
  return { kind, rest: m[2]! };
}

/**
 * Split lines into sections. An inline heading inside the skills section is a sub-label
 * ("Languages: Java, Go" under SKILLS means programming languages) and stays there.
 */
export function splitSections(lines: Line[]): Section[] {
  const sections: Section[] = [{ kind: 'header', heading: null, lines: [] }];
  let current = sections[0]!;
  for (const line of lines) {
    const kind = headingKind(line.text);
    if (kind) {
      current = { kind, heading: line, lines: [] };
      sections.push(current);
      continue;
    }
    const inline = current.kind === 'skills' ? null : inlineHeading(line.text);
    if (inline) {
      current = { kind: inline.kind, heading: line, lines: [{ ...line, text: inline.rest }] };
      sections.push(current);
      continue;
    }
    current.lines.push(line);
  }
  return sections.filter((s) => s.lines.length > 0 || s.heading !== null);
}

/** All lines of the sections of the given kinds, in document order. */
export function linesOf(sections: Section[], ...kinds: SectionKind[]): Line[] {
  return sections.filter((s) => kinds.includes(s.kind)).flatMap((s) => s.lines);
}
