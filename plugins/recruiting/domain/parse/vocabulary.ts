/**
 * Words the parsers recognise things by: company, school and title endings, degrees,
 * places, Chinese surnames. Data and small predicates; no parsing logic.
 */
import type { Degree } from '../types.js';

// ---------------------------------------------------------------- organisations

/** Endings of Chinese organisation names, longest first so 股份有限公司 wins over 公司. */
export const ZH_COMPANY_ENDINGS = [
  '股份有限公司', '有限责任公司', '有限公司', '集团公司', '公司', '集团', '银行', '医院', '卫生院', '诊所', '会计师事务所', '律师事务所', '事务所',
  '研究院', '研究所', '设计院', '工作室', '中心', '工厂', '制造厂', '酒店', '商场', '门店', '分行', '支行', '分公司', '分所', '分院', '分部', '事业部', '办事处',
];
/** A partnership form or city written after the name: 普华永道中天会计师事务所（特殊普通合伙）, 富士康科技集团（郑州）. */
const ZH_COMPANY_TAIL = /^\(\p{Script=Han}{2,8}\)/u;

/** Words written in front of an organisation inside a sentence: 就职于…, 在…担任. */
export const ZH_LEADING_VERB = /^(?:目前|现|曾|先后)?(?:就职于|任职于|供职于|受雇于|工作于|服务于|就读于|毕业于|求学于|加入|入职|加盟|在|于)/u;

/**
 * The Chinese organisation inside a run of text without spaces ("就职于上海浦东发展银行股份
 * 有限公司"): from the start of the run (less a leading verb) to the end of the last
 * organisation ending in it, so 上海浦东发展银行股份有限公司 is not cut at 银行.
 */
export function zhOrganisationIn(run: string, endings: readonly string[]): { name: string; end: number } | null {
  let bestEnd = -1;
  for (const ending of endings) {
    let from = run.indexOf(ending);
    while (from >= 0) {
      bestEnd = Math.max(bestEnd, from + ending.length);
      from = run.indexOf(ending, from + 1);
    }
  }
  if (bestEnd < 0) return null;
  const tail = ZH_COMPANY_TAIL.exec(run.slice(bestEnd));
  if (tail) bestEnd += tail[0].length;
  // 金蝶软件代理商（广州新思维信息技术有限公司）: close the bracket the name opened.
  const open = (run.slice(0, bestEnd).match(/\(/gu)?.length ?? 0) - (run.slice(0, bestEnd).match(/\)/gu)?.length ?? 0);
  if (open > 0 && run[bestEnd] === ')') bestEnd++;
  const lead = ZH_LEADING_VERB.exec(run)?.[0].length ?? 0;
  const name = run.slice(lead, bestEnd);
  // The ending alone (公司, 集团) or a name made only of it is no name.
  if ([...name.replace(/\(.*?\)/gu, '')].length < 3 || endings.includes(name)) return null;
  return { name, end: bestEnd };
}

/** English legal-form and organisation words that end a company name. */
const EN_COMPANY_END =
  /(?:\b(?:Inc|Ltd|LLC|LLP|PLC|plc|Co|Corp|Corporation|Company|Limited|GmbH|AG|SA|NV|BV|Pty|Bhd|Group|Holdings|Bank|Hospital|Clinic|Technologies|Technology|Systems|Partners|Consulting|Labs|Motors|Market|Foundation|Agency|Associates|Studios?|Capital|Securities|Insurance|Pharmaceuticals?|Logistics|Freight|Solutions|Industries|Electronics|Media|Ventures|Networks|Software)\.?|\bL\.L\.C\.|\bS\.A\.)$/u;
/** A comma part that only carries a legal form: "Tesla, Inc." splits into "Tesla" and "Inc.". */
export const EN_LEGAL_FORM_ONLY = /^(?:Inc|Ltd|LLC|LLP|PLC|plc|Co|Corp|Limited|GmbH|AG|S\.A|SA|L\.L\.C|Sdn\.? Bhd|Bhd)\.?$/u;

/** "Snowflake Inc.", "Boston Scientific Corporation"; in capitals too ("ACME CORPORATION"), but not "the design group". */
export function looksLikeEnglishCompany(s: string): boolean {
  const t = s.trim();
  if (EN_COMPANY_END.test(t)) return true;
  const shouting = /\p{Lu}{2}/u.test(t) && t === t.toUpperCase();
  return shouting && EN_COMPANY_END.test(t.toLowerCase().replace(/\b\p{L}/gu, (c) => c.toUpperCase()));
}

// ---------------------------------------------------------------- schools

export const ZH_SCHOOL_ENDINGS = ['大学', '学院', '学校', '中学', '高中', '党校', '研究生院', '科学院', '社会科学院', '技校', '职专', '职高', '中专'];

const EN_SCHOOL_WORD = /\b(?:University|College|Institute|School|Academy|Polytechnic|Conservatory|Universidad|Universität|Université|Universiteit|Università|Hochschule|Politecnico)\b/u;

export const looksLikeEnglishSchool = (s: string): boolean => EN_SCHOOL_WORD.test(s);

const SCHOOL_CONNECTOR = /^(?:of|at|the|and|&|de|del|la|di|für|for)$/u;
const isNameWord = (w: string) => /^[\p{Lu}][\p{L}'’.-]*$/u.test(w) && findDegree(w)?.index !== 0;

/**
 * The school named in a piece of English text: the capitalised words around University /
 * College / Institute / School…, joined by of/at/de…, stopping at commas and degree words
 * ("Tsinghua University B.Eng." → "Tsinghua University"). Null for a degree that merely
 * contains the word ("High School Diploma").
 */
export function englishSchoolIn(text: string): string | null {
  const words = text.split(/\s+/u).filter(Boolean);
  const at = words.findIndex((w) => EN_SCHOOL_WORD.test(w.replace(/[,.;:]+$/u, '')) && findDegree(w)?.index !== 0);
  if (at < 0) return null;
  let a = at;
  while (a > 0 && !/[,;:]$/u.test(words[a - 1]!) && isNameWord(words[a - 1]!)) a--;
  let b = at;
  while (!/[,;:]$/u.test(words[b]!) && b + 1 < words.length) {
    const next = words[b + 1]!;
    if (isNameWord(next.replace(/[,;:]$/u, ''))) b++;
    else if (SCHOOL_CONNECTOR.test(next) && b + 2 < words.length && isNameWord(words[b + 2]!.replace(/[,;:]$/u, ''))) b += 2;
    else break;
  }
  const school = words.slice(a, b + 1).join(' ').replace(/[,.;:]+$/u, '');
  return findDegree(school)?.index === 0 ? null : school;
}

// ---------------------------------------------------------------- degrees

/** Chinese degree words, most specific first; the school name is removed before matching (中国科学院研究生院). */
const ZH_DEGREES: Array<[RegExp, Degree]> = [
  [/博士/u, 'phd'],
  [/硕士|研究生|MBA|EMBA|MPA|MPAcc/u, 'master'],
  [/本科|学士/u, 'bachelor'],
  [/大专|专科|高职/u, 'associate'],
  [/中专|高中|职高|技校|中技|中职/u, 'high_school'],
];

/**
 * English degrees. Dotted and long forms are unambiguous; bare two-letter forms (BS, BA,
 * MS, MA) are state names and words too, so they count only when followed by "in", "of",
 * a comma, a parenthesis or a capitalised word, and not right after ", " (Boston, MA).
 */
const EN_DEGREES: Array<[RegExp, Degree]> = [
  [/\b(?:Ph\.\s?D\.?|PhD|DPhil|D\.Phil\.?|Doctor of [A-Z]|Doctorate|Ed\.D\.?|M\.D\.)(?![a-z])/u, 'phd'],
  [
    /\b(?:Master(?:'s|s)?\b|M\.B\.A\.|MBA|EMBA|M\.S\.c?|M\.Sc\.?|MSc|M\.A\.|M\.Eng\.?|MEng|M\.Ed\.?|MEd|MPH|M\.P\.H\.|MPA|MFA|MPhil|M\.Phil\.?|LL\.?M\.?|J\.D\.|MPAcc)(?![a-z])|(?<!, )\b(?:MS|MA|JD)(?=\s+(?:in|of)\b|\s*,|\s*\(|\s+[A-Z])/u,
    'master',
  ],
  [
    /\b(?:Bachelor(?:'s|s)?\b|B\.S\.c?|B\.Sc\.?|BSc|B\.A\.|B\.Eng\.?|BEng|B\.E\.|B\.Tech\.?|BTech|B\.Com\.?|BCom|B\.B\.A\.|BBA|BFA|B\.F\.A\.|BSN|B\.S\.N\.|LL\.?B\.?|Undergraduate degree)(?![a-z])|(?<!, )\b(?:BS|BA|BE)(?=\s+(?:in|of)\b|\s*,|\s*\(|\s+[A-Z])/u,
    'bachelor',
  ],
  // A diploma is sub-degree (Hong Kong, the UK, the Commonwealth), unless it is a high school or a postgraduate one.
  [/\b(?:Associate(?:'s)? (?:of|in|degree)\b|A\.A\.S?\.|A\.S\.|AAS\b|Higher National Diploma|HND\b|(?<!School |Graduate |Postgraduate )(?:Higher |Advanced )?Diploma\b)/u, 'associate'],
  [/\b(?:High School Diploma|High School|Secondary School|GED)\b/iu, 'high_school'],
];

export interface DegreeHit {
  degree: Degree;
  index: number;
  text: string;
}

/** The first degree named in a piece of text (Chinese or English). */
export function findDegree(text: string): DegreeHit | null {
  let best: DegreeHit | null = null;
  for (const [re, degree] of [...ZH_DEGREES, ...EN_DEGREES]) {
    const m = re.exec(text);
    if (m && (best === null || m.index < best.index)) best = { degree, index: m.index, text: m[0] };
  }
  return best;
}

// ---------------------------------------------------------------- titles

const ZH_TITLE_ENDING =
  /(?:工程师|经理|专员|主管|总监|助理|设计师|会计师?|出纳|护士长?|护师|销售|顾问|分析师|实习生|架构师|主任|组长|负责人|代表|文员|教师|讲师|技术员|操作员|质检员|检验员|采购员?|快递员|配送员|专家|总经理|总裁|董事|合伙人|运营|策划|编辑|客服|律师|医生|医师|药师|店长|研究员|审计员?|秘书|行政|前台|培训师|督导|调度员?|计划员|工艺员|班长|领班|开发|程序员|测试|美工|司机|仓管员?|管理员|法务|所长|院长|科长|部长|厂长|业务员|咨询师|翻译|记者|主播|摄影师|猎头|HRBP|HRD|HRM|HR|CEO|CTO|CFO|COO|设计|运维|自由职业者?|员)(?:\([\p{Script=Han}]{1,6}\))?$/u;

const EN_TITLE_WORD =
  /\b(?:Engineer|Developer|Programmer|Architect|Manager|Director|Analyst|Designer|Specialist|Consultant|Intern|Representative|Rep|Coordinator|Lead|Leader|Officer|Accountant|Bookkeeper|Auditor|Nurse|Assistant|Associate|Administrator|Scientist|Technician|Supervisor|Executive|Controller|Recruiter|Partner|President|VP|Head of|Generalist|Planner|Buyer|Teacher|Instructor|Editor|Writer|Advisor|Adviser|Agent|Clerk|Operator|Researcher|Strategist|Producer|Therapist|Pharmacist|Physician|Paralegal|Attorney|Lawyer|Counsel|Founder|Co-founder|Principal|Chief|Trainee|Apprentice|Cashier|Teller|Underwriter|Secretary|Receptionist|Superintendent|Foreman|Mechanic|Electrician|Machinist|Welder|Driver|Fellow|Professor|Lecturer|Tutor|Coach|Trainer|Marketer|Economist|Actuary|Broker|Trader|Banker|Inspector|Estimator|Dispatcher|Expert|CEO|CTO|CFO|COO|CMO|CIO|HRBP|SDE|SWE)s?\b/u;

export const looksLikeChineseTitle = (s: string): boolean => s.length <= 20 && ZH_TITLE_ENDING.test(s);
export const looksLikeEnglishTitle = (s: string): boolean => s.length <= 80 && EN_TITLE_WORD.test(s);

/** Internships: counted as experience entries, not as years of work. */
export const INTERNSHIP_TITLE = /实习|见习|intern(?:ship)?\b|co-?op\b|trainee\b|summer analyst/iu;

// ---------------------------------------------------------------- places

const ZH_CITIES =
  '北京|上海|天津|重庆|广州|深圳|杭州|南京|苏州|成都|武汉|西安|长沙|郑州|青岛|厦门|宁波|无锡|合肥|济南|福州|大连|沈阳|哈尔滨|长春|昆明|南昌|南宁|贵阳|太原|石家庄|兰州|海口|乌鲁木齐|呼和浩特|东莞|佛山|珠海|中山|惠州|常州|温州|嘉兴|绍兴|烟台|香港|澳门|台北|新加坡|远程';
export const ZH_CITY = new RegExp(`^(?:${ZH_CITIES})(?:市)?$`, 'u');

const EN_PLACES =
  'Beijing|Shanghai|Shenzhen|Guangzhou|Hangzhou|Chengdu|Wuhan|Nanjing|Suzhou|Hong Kong|Macau|Taipei|Singapore|Tokyo|Seoul|London|Dublin|Paris|Berlin|Munich|Madrid|Sydney|Melbourne|Toronto|Vancouver|New York|San Francisco|Seattle|Boston|Chicago|Los Angeles|Austin|Remote|Hybrid|China|USA|United States|UK|United Kingdom|Ireland|Germany|France|Spain|India|Japan|Canada|Australia';
const EN_PLACE = new RegExp(`^(?:${EN_PLACES})$`, 'u');
/** "Seattle, WA", "Galway, Ireland", "Menlo Park, CA", "Shanghai, China". */
const EN_CITY_REGION = /^[A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*){0,2}, (?:[A-Z]{2}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)$/u;

/**
 * "Alibaba Group, Hangzhou" / "Baidu, Beijing": an employer with its city, when the part
 * after the comma is a known place and the part before is not ("Galway, Ireland" reads as
 * an employer called Galway too; a line with another employer on it is not affected).
 */
export function employerWithPlace(s: string): string | null {
  const m = /^(.+?),\s*(.+)$/u.exec(s.trim());
  if (!m) return null;
  const [, name, where] = m as unknown as [string, string, string];
  if (EN_PLACE.test(name) || /^[A-Z]{2}$/u.test(where) || !EN_PLACE.test(where)) return null;
  return /^[A-Z0-9]/u.test(name) && !looksLikeEnglishTitle(name) ? name : null;
}

export function looksLikePlace(s: string): boolean {
  const t = s.trim();
  if (ZH_CITY.test(t) || EN_PLACE.test(t)) return true;
  if (!EN_CITY_REGION.test(t)) return false;
  const first = t.slice(0, t.lastIndexOf(',')).trim();
  const last = t.slice(t.lastIndexOf(',') + 1).trim();
  return !EN_LEGAL_FORM_ONLY.test(last) && !looksLikeEnglishCompany(first) && !looksLikeEnglishCompany(t) && !looksLikeEnglishTitle(t);
}

// ---------------------------------------------------------------- Chinese surnames

const SINGLE_SURNAMES = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由',
);
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '慕容', '令狐', '皇甫', '尉迟', '公孙', '夏侯', '宇文', '长孙', '端木', '轩辕', '澹台', '南宫', '呼延', '独孤', '西门', '万俟', '司徒', '司空', '闻人', '钟离', '申屠', '太史'];

/** Whether a 2–4 character Han string reads as a Chinese personal name (surname first). */
export function isChineseName(s: string): boolean {
  // 买买提·艾力: transliterated names with a middle dot have no surname list to check.
  if (s.includes('·')) return /^\p{Script=Han}{2,6}(?:·\p{Script=Han}{1,6}){1,2}$/u.test(s);
  const plain = s;
  if (!/^\p{Script=Han}{2,4}$/u.test(plain)) return false;
  if (COMPOUND_SURNAMES.some((c) => plain.startsWith(c))) return plain.length >= 3;
  return SINGLE_SURNAMES.has(plain[0]!);
}
