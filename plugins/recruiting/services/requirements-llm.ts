/**
 * Job requirements from a pasted description, rules first and an LLM on top when the admin
 * configured one. The rules (domain/requirements.ts) always run: they are the result when no
 * LLM is configured or when it fails, and the base the LLM's answer is merged into.
 *
 * The merge trusts the rules where they read an explicit signal and lets the LLM fill gaps:
 * - must-have = the rules' must-haves ∪ the LLM's must-haves, except that a skill the rules
 *   put in nice-to-have stays nice: the rules only do that on a marker in the text (优先,
 *   a plus, 了解, "Java或Go", a duties-only mention), and a wrong must-have costs more than a
 *   wrong nice-to-have (screening rejects on must-haves);
 * - nice-to-have = both lists' nice-to-haves (a skill required by either side is not repeated);
 * - years and degree: the rules' value, the LLM's only when the rules found none;
 * - languages: both, as codes.
 * The LLM's skill names are canonicalized like typed ones (`canonicalSkill` through
 * `normalizeRequirements`), a phrase such as "熟悉React框架" becomes the known skills it names,
 * and a skill that the description does not mention at all is dropped (a model's guess, not a
 * requirement of this job).
 */
import { isLlmError, z, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { extractRequirements, languageCode, normalizeRequirements } from '../domain/requirements.js';
import { canonicalSkill, findSkills, skillInfo, skillsInSentence } from '../domain/skills.js';
import { DEGREES, type JobRequirements } from '../domain/types.js';

export const REQUIREMENTS_FEATURE = 'recruiting.requirements';

export type ExtractionMethod = 'rules' | 'rules+llm';

export interface RequirementsExtraction {
  requirements: JobRequirements;
  method: ExtractionMethod;
  /** Set when an LLM is configured but could not be used: the result is the rules' alone. */
  note?: string;
}

/** What the model is asked to answer; lenient where the merge checks anyway. */
export const llmRequirementsSchema = z.object({
  mustHave: z.array(z.string()).default([]),
  niceToHave: z.array(z.string()).default([]),
  minYears: z.number().nullable().default(null),
  degree: z.enum(DEGREES).nullable().default(null),
  languages: z.array(z.string()).default([]),
});
export type LlmRequirements = z.output<typeof llmRequirementsSchema>;

const SYSTEM_PROMPT = `You read a job description (Chinese or English) and list what a candidate needs.
你阅读一份职位描述（中文或英文），列出对候选人的要求。
- mustHave: skills, tools or knowledge the job requires (必须具备的技能/工具/知识).
- niceToHave: those marked as a plus (优先、加分、为佳, preferred, a plus), offered as alternatives (A或B, one of), or asked only lightly (了解, exposure to).
- Name each skill briefly, as the text writes it ("React", "财务分析", "Kubernetes"); no sentences, no soft phrases like "责任心强".
- Ignore the company introduction, benefits, salary and how to apply (公司介绍、福利、薪资、投递方式).
- minYears: the minimum years of experience required, or null. degree: the minimum degree required (high_school, associate, bachelor, master, phd), or null.
- languages: languages required with a level or use (英语四级, fluent English), as ISO codes such as "en", "ja".`;

/** Longest skill name kept from the model (longer is a sentence, not a skill). */
const MAX_SKILL_CHARS = 40;
/** Per list, matching the cap of the requirements schema with room for the rules' skills. */
const MAX_LLM_SKILLS = 30;
const LANGUAGE_CODE = /^[a-z]{2,3}$/;

const fold = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ');

/**
 * The canonical skills a model's list names, kept only when the description mentions them:
 * literally, or as a known skill the vocabulary finds in the text. A phrase around known
 * skills ("熟悉React框架") gives those skills.
 */
export function groundedSkills(names: readonly string[], description: string): string[] {
  const text = fold(description);
  const mentioned = new Set(findSkills(description).map((f) => f.skill));
  const out: string[] = [];
  for (const raw of names.slice(0, MAX_LLM_SKILLS)) {
    const name = raw.trim();
    if (name === '' || name.length > MAX_SKILL_CHARS) continue;
    const skill = canonicalSkill(name);
    const inside = skillInfo(skill) === null ? skillsInSentence(name) : [];
    const candidates = inside.length ? inside : [skill];
    for (const candidate of candidates) {
      const grounded = mentioned.has(candidate) || (inside.length === 0 && text.includes(fold(name)));
      if (grounded && candidate !== '' && !out.includes(candidate)) out.push(candidate);
    }
  }
  return out;
}

/** The rules' requirements with the model's answer merged in (see the file comment for the policy). */
export function mergeRequirements(rules: JobRequirements, llm: LlmRequirements, description: string): JobRequirements {
  const llmMust = groundedSkills(llm.mustHave, description).filter((s) => !rules.niceToHave.includes(s));
  const llmNice = groundedSkills(llm.niceToHave, description);
  const languages = llm.languages.map(languageCode).filter((code) => LANGUAGE_CODE.test(code));
  const years = llm.minYears !== null && llm.minYears >= 0 && llm.minYears <= 50 ? llm.minYears : null;
  return normalizeRequirements({
    mustHave: [...new Set([...rules.mustHave, ...llmMust])].slice(0, 60),
    niceToHave: [...new Set([...rules.niceToHave, ...llmNice])].slice(0, 60),
    minYears: rules.minYears ?? years,
    degree: rules.degree ?? llm.degree,
    languages: [...new Set([...rules.languages, ...languages])].slice(0, 10),
  });
}

/** Why the model could not be used, in words for HR (the admin page has the technical ones). */
const REASONS: Record<string, string> = {
  timeout: 'recruiting.jobs.extract.llmReason.timeout',
  invalid_output: 'recruiting.jobs.extract.llmReason.format',
  malformed: 'recruiting.jobs.extract.llmReason.format',
};

export function createLlmRequirements(ctx: Pick<PluginContext, 'ai' | 'log'>) {
  return {
    /** Whether `extract` will ask a model (false: the rules' result, method 'rules'). */
    get available(): boolean {
      return ctx.ai.llm.available;
    },

    /** Never throws for LLM problems: those give the rules' result with a `note`. */
    async extract(description: string, c: HrContext): Promise<RequirementsExtraction> {
      const { title: _title, ...rules } = extractRequirements(description);
      if (!ctx.ai.llm.available) return { requirements: rules, method: 'rules' };
      try {
        const answer = await ctx.ai.llm.structured(
          llmRequirementsSchema,
          [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: description },
          ],
          { feature: REQUIREMENTS_FEATURE, c },
        );
        return { requirements: mergeRequirements(rules, answer, description), method: 'rules+llm' };
      } catch (err) {
        if (!isLlmError(err)) throw err;
        // The code only: the description may be long and is not the log's business.
        ctx.log.warn({ feature: REQUIREMENTS_FEATURE, code: err.code }, 'LLM requirement extraction failed; using the rules');
        const t = c.get('t');
        const reason = t(REASONS[err.code] ?? 'recruiting.jobs.extract.llmReason.unavailable');
        return { requirements: rules, method: 'rules', note: t('recruiting.jobs.extract.llmFailed', { reason }) };
      }
    },
  };
}

export type LlmRequirementsService = ReturnType<typeof createLlmRequirements>;
