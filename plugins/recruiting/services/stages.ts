/**
 * A job's pipeline (applied → screening → interview → offer → hired by default), its
 * validation when HR edits it, and lookups. Pure: the caller says which stages hold
 * applications.
 *
 * Rules of an edited pipeline: 3 to 20 stages; exactly one stage of each kind `applied`
 * (first), `offer` and `hired` (last), because applying, making an offer and hiring act on
 * them; any number of screening, interview and custom stages (一面, 二面, 背调…); keys unique,
 * kept when a stage is renamed (applications point at keys); a stage that holds applications
 * cannot be removed.
 */
import { HttpError, z, type Translate } from '../../../core/sdk.js';
import type { StageDef } from '../schema.js';

export type StageKind = StageDef['kind'];
export const STAGE_KINDS = ['applied', 'screening', 'interview', 'offer', 'hired', 'custom'] as const satisfies readonly StageKind[];
/** Kinds a pipeline has exactly once. */
export const SINGLE_KINDS = ['applied', 'offer', 'hired'] as const satisfies readonly StageKind[];

export const DEFAULT_STAGES: readonly StageDef[] = Object.freeze([
  { key: 'applied', label: '', kind: 'applied' },
  { key: 'screening', label: '', kind: 'screening' },
  { key: 'interview', label: '', kind: 'interview' },
  { key: 'offer', label: '', kind: 'offer' },
  { key: 'hired', label: '', kind: 'hired' },
]);

export const stageInputSchema = z.object({
  /** Absent for a new stage: a key is made from the kind. */
  key: z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'recruiting.error.stageKey').optional(),
  label: z.string().trim().max(40, 'recruiting.error.stageLabel').default(''),
  kind: z.enum(STAGE_KINDS).default('custom'),
});
export type StageInput = z.input<typeof stageInputSchema>;

/**
 * The pipeline HR asked for, checked. `current` is the job's pipeline (null for a new job),
 * `inUse` how many applications each stage key holds.
 */
export function normalizeStages(input: readonly StageInput[], current: readonly StageDef[] | null, inUse: ReadonlyMap<string, number> = new Map()): StageDef[] {
  if (input.length < 3 || input.length > 20) throw new HttpError(400, 'recruiting.error.stageCount', { min: 3, max: 20 });
  const parsed = input.map((s) => {
    const r = stageInputSchema.safeParse(s);
    if (!r.success) throw new HttpError(400, r.error.issues[0]!.message.startsWith('recruiting.') ? r.error.issues[0]!.message : 'recruiting.error.stageKey');
    return r.data;
  });
  for (const kind of SINGLE_KINDS) {
    if (parsed.filter((s) => s.kind === kind).length !== 1) throw new HttpError(400, 'recruiting.error.stageKinds');
  }
  if (parsed[0]!.kind !== 'applied' || parsed[parsed.length - 1]!.kind !== 'hired') throw new HttpError(400, 'recruiting.error.stageOrder');

  const taken = new Set(parsed.flatMap((s) => (s.key ? [s.key] : [])));
  if (taken.size !== parsed.filter((s) => s.key).length) {
    const dup = parsed.find((s, i) => s.key && parsed.findIndex((o) => o.key === s.key) !== i)!;
    throw new HttpError(400, 'recruiting.error.stageDuplicate', { key: dup.key! });
  }
  const stages: StageDef[] = parsed.map((s) => {
    if (s.kind === 'custom' && s.label === '') throw new HttpError(400, 'recruiting.error.stageLabel');
    return { key: s.key ?? freshKey(s.kind, taken), label: s.label, kind: s.kind };
  });

  for (const old of current ?? []) {
    if (!stages.some((s) => s.key === old.key) && (inUse.get(old.key) ?? 0) > 0) {
      throw new HttpError(409, 'recruiting.error.stageInUse', { stage: old.label || old.key, count: inUse.get(old.key)! });
    }
  }
  return stages;
}

/** `interview`, then `interview-2`, `interview-3`… whichever is free (and marks it taken). */
function freshKey(kind: StageKind, taken: Set<string>): string {
  let key: string = kind;
  for (let n = 2; taken.has(key); n++) key = `${kind}-${n}`;
  taken.add(key);
  return key;
}

export function stageByKey(stages: readonly StageDef[], key: string): StageDef | undefined {
  return stages.find((s) => s.key === key);
}

/** The one stage of a single kind (applied, offer, hired). */
export function stageOfKind(stages: readonly StageDef[], kind: (typeof SINGLE_KINDS)[number]): StageDef {
  const found = stages.find((s) => s.kind === kind);
  if (!found) throw new Error(`pipeline without a stage of kind ${kind}`);
  return found;
}

/** Position of a stage in the pipeline (-1 when it is not there). */
export function stageIndex(stages: readonly StageDef[], key: string): number {
  return stages.findIndex((s) => s.key === key);
}

/** The stage after `key`, or null at the end. */
export function nextStage(stages: readonly StageDef[], key: string): StageDef | null {
  const i = stageIndex(stages, key);
  return i >= 0 && i + 1 < stages.length ? stages[i + 1]! : null;
}

/** Offer and hired stages: only recruiting.manage moves applications there (or out of them). */
export function isDecisionStage(stage: StageDef): boolean {
  return stage.kind === 'offer' || stage.kind === 'hired';
}

/** The name shown for a stage: HR's label, else the built-in name of its kind. */
export function stageLabel(stage: StageDef, t: Translate): string {
  if (stage.label) return stage.label;
  return stage.kind === 'custom' ? stage.key : t(`recruiting.stage.${stage.kind}`);
}
