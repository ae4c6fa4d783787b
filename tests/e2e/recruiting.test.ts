// Acceptance (recruiting): a candidate applies on the careers page from a phone with a PDF résumé; HR finds them
// in the job's pipeline with the parsed profile, a score and its explanation, moves them to the offer stage with
// the keyboard form, records the offer and hires them; the new employee is in the people directory.
// Real server process, real SQLite file, Debian's chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PluginContext } from '../../core/sdk.js';
import { loadScreeningCorpus } from '../../plugins/recruiting/fixtures/screening/index.js';
import { createRecruiting } from '../../plugins/recruiting/services/index.js';
import type { RecruitingSettings } from '../../plugins/recruiting/settings.js';
import { makePdf } from '../helpers/documents.js';
import { cleanup, startServer, tempDir, type TestServer } from '../helpers/server.js';
import { launchBrowser, signIn, watchErrors } from './browser.js';
import { seed } from './seed.js';

const HR = { login: 'wanghr', password: 'wang-hr-2026!', name: '王人事', role: 'hr' };
const PLUGINS = { recruiting: true };
/** The narrowest phone the pages are made for. */
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

const CANDIDATE = { name: '陈晓雨', mobile: '13912345678', email: 'chenxiaoyu@example.com', school: '华东师范大学' };
const RESUME = [
  '个人简历',
  `姓名：${CANDIDATE.name}    性别：女    出生年月：1995.08`,
  `电话：139 1234 5678    邮箱：${CANDIDATE.email}`,
  '求职意向：前端开发工程师',
  '',
  '教育背景',
  `2013.09 - 2017.06    ${CANDIDATE.school}    软件工程    本科`,
  '',
  '工作经历',
  '2019.07 - 至今    上海星图信息科技有限公司    前端开发工程师',
  '- 负责商家后台和微信小程序的开发，使用Vue 3和TypeScript；',
  '- 基于Webpack和Vite搭建前端工程化体系，首屏加载时间降低40%；',
  '- 熟练使用HTML5、CSS3、JavaScript（ES6+），与UI设计师和后端工程师协作完成接口联调。',
  '2017.07 - 2019.06    杭州微码网络有限公司    前端开发工程师',
  '- 使用React开发H5活动页面，参与Node.js中间层开发。',
  '',
  '专业技能',
  '熟悉HTML5、CSS3、JavaScript、TypeScript、Vue、React、Webpack、Vite、Node.js。',
];

const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function submit(page: Page, selector: string) {
  await Promise.all([page.waitForLoadState('load'), page.locator(selector).click()]);
}

describe('from the careers page to a new employee, in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let jobId = 0;
  const dataDir = tempDir();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

  beforeAll(async () => {
    jobId = await seed(dataDir, { recruiting: { enabled: true } }, async (kernel, addUser) => {
      await addUser(HR);
      const people = kernel.people.service;
      const root = people.departments.create({ name: '总部' });
      const rnd = people.departments.create({ name: '研发部', parentId: root.id });
      // The job as HR would post it: the front-end description of the screening corpus, requirements extracted.
      const r = createRecruiting(kernel.contexts.get('recruiting') as PluginContext<RecruitingSettings>);
      const description = loadScreeningCorpus().jobs.find((j) => j.id === 'frontend')!.description;
      const job = r.jobs.create(null, { title: '前端开发工程师', departmentId: rnd.id, location: '上海', description, salaryMin: 15000, salaryMax: 25000 });
      r.jobs.setStatus(null, job.id, 'open');
      return job.id;
    });
    server = await startServer({ dataDir, config: { plugins: PLUGINS } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanup(dataDir);
  });

  it('applies on a phone, then HR screens, offers and hires', { timeout: 180_000 }, async () => {
    // ---- The candidate, on a phone, signed out.
    const phone = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(15_000);
    const careers = await phone.newPage();
    const phoneErrors = watchErrors(careers);
    await careers.goto(`${server.url}/recruiting/careers`);
    expect(await overflowOf(careers), 'careers list').toBeLessThanOrEqual(0);
    await Promise.all([careers.waitForURL(`${server.url}/recruiting/careers/${jobId}`), careers.getByRole('link', { name: '前端开发工程师' }).first().click()]);
    expect(await careers.locator('h1').innerText()).toBe('前端开发工程师');
    expect(await overflowOf(careers), 'job page').toBeLessThanOrEqual(0);

    await careers.fill('#apply-name', CANDIDATE.name);
    await careers.fill('#apply-mobile', CANDIDATE.mobile);
    await careers.fill('#apply-email', CANDIDATE.email);
    await careers.setInputFiles('#apply-resume', { name: '陈晓雨-简历.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await makePdf([RESUME])) });
    await careers.check('#apply-consent');
    await careers.locator('#careers-apply button[type="submit"]').click();
    await careers.getByText('我们已收到你的申请').waitFor();
    expect(await overflowOf(careers), 'thank-you page').toBeLessThanOrEqual(0);
    expect(phoneErrors).toEqual([]);

    // ---- HR, at a desk: the candidate is in the job's pipeline, parsed and scored.
    const desk = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    desk.setDefaultTimeout(15_000);
    const hr = await signIn(desk, server.url, HR.login, HR.password);
    const errors = watchErrors(hr);
    await hr.goto(`${server.url}/recruiting/jobs/${jobId}`);
    const card = hr.locator('.pipeline-card', { hasText: CANDIDATE.name });
    expect(await card.count()).toBe(1);
    expect(await card.getAttribute('data-stage')).toBe('applied');
    const score = Number(await card.locator('.pipeline-card-head .badge').innerText());
    expect(score).toBeGreaterThan(60);
    expect(await card.innerText()).toMatch(/typescript|vue|javascript/i);
    const appId = Number(await card.getAttribute('data-app'));

    // The candidate page: the parsed profile, and the explanation quoting the résumé.
    await card.locator('.pipeline-card-name').click();
    await hr.waitForURL(/\/recruiting\/candidates\/\d+$/);
    const profile = await hr.locator('#candidate-profile-title').locator('xpath=..').innerText();
    for (const expected of [CANDIDATE.name, CANDIDATE.school, '上海星图信息科技有限公司']) expect(profile).toContain(expected);
    const evidence = await hr.locator('q.pipeline-evidence').allInnerTexts();
    expect(evidence.length).toBeGreaterThan(2);
    expect(evidence.some((e) => e.includes('TypeScript') || e.includes('Vue'))).toBe(true);
    expect(await hr.locator('.badge', { hasText: `${score} 分` }).count()).toBeGreaterThan(0);

    // Back to the board: to the offer stage with the keyboard form on the card (what drag and drop also posts to).
    await hr.goto(`${server.url}/recruiting/jobs/${jobId}`);
    const move = hr.locator(`#card-${appId} form.pipeline-move`);
    await move.locator('select').selectOption('offer');
    await move.locator('select').focus();
    await hr.keyboard.press('Tab');
    await Promise.all([hr.waitForResponse((res) => res.url().endsWith(`/recruiting/applications/${appId}/move`)), hr.keyboard.press('Enter')]);
    await hr.locator(`#card-${appId}[data-stage="offer"]`).waitFor();

    // The offer, then the hire: the employee is created in the people directory.
    await hr.goto(`${server.url}/recruiting/applications/${appId}/onboarding`);
    await hr.fill('#offer-monthlySalary', '20000');
    await hr.fill('#offer-startDate', today);
    await hr.fill('#offer-probationMonths', '3');
    await submit(hr, 'form[action$="/offer"] button[type="submit"]');
    expect(await hr.locator('a[href$="/offer-letter.pdf"]').count()).toBe(1);
    await hr.fill('#hire-employeeNo', 'E2001');
    expect(await hr.locator('#hire-departmentId option:checked').innerText()).toContain('研发部');
    expect(await hr.inputValue('#hire-hireDate')).toBe(today);
    await submit(hr, 'form[action$="/hire"] button[type="submit"]');
    const profileLink = hr.locator('section[aria-labelledby="hire-title"] a[href^="/people/"]');
    await profileLink.waitFor();
    expect(await profileLink.getAttribute('href')).toMatch(/^\/people\/\d+$/);

    await hr.goto(`${server.url}/people`);
    const row = hr.locator('tr', { hasText: CANDIDATE.name });
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('E2001');

    // The dashboard counts the hire: the job's funnel and the time to hire.
    await hr.goto(`${server.url}/`);
    const widget = (title: string) => hr.locator('section.widget', { has: hr.locator('h2', { hasText: title }) });
    expect(await widget('招聘漏斗').innerText()).toContain('前端开发工程师');
    expect(await widget('招聘周期').innerText()).toMatch(/共 1 人入职/);
    expect(errors).toEqual([]);

    // The phone layout of HR's pipeline too: the board scrolls inside itself, never the page.
    const hrPhone = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const phoneHr = await signIn(hrPhone, server.url, HR.login, HR.password);
    for (const path of [`/recruiting/jobs/${jobId}`, `/recruiting/applications/${appId}/onboarding`, '/']) {
      await phoneHr.goto(`${server.url}${path}`);
      expect(await overflowOf(phoneHr), path).toBeLessThanOrEqual(0);
    }
  });
});
