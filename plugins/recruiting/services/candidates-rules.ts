/**
 * Pure rules about candidates: how contact details are normalized before they are hashed
 * for duplicate detection, what part of a parsed profile is stored (identity and contact
 * live in their own columns, contact sealed), and how a new parse merges into a stored
 * profile without overwriting what HR corrected by hand.
 */
import { isEmail, normalizeMobile } from '../../../core/sdk.js';
import type { ResumeProfile } from '../domain/types.js';

/** Profile fields HR may correct; a corrected field keeps HR's value through later parses. */
export const PROFILE_FIELDS = ['highestDegree', 'totalYears', 'skills', 'languages', 'education', 'experience'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
/** Identity columns HR may correct (name, gender, birth year, contact). */
export const IDENTITY_FIELDS = ['name', 'gender', 'birthYear', 'mobile', 'email'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** Lower-case, trimmed, or null when it is not an address. */
export function normalizeEmail(raw: string | null | undefined): string | null {
  const e = raw?.trim().toLowerCase() ?? '';
  return e && isEmail(e) ? e : null;
}

/** 11 digits without +86, spaces or dashes, or null when it is not a mainland mobile. */
export function normalizeCandidateMobile(raw: string | null | undefined): string | null {
  return raw ? normalizeMobile(raw) : null;
}

const NONE = { value: null, confidence: 0, source: null } as const;

/** The profile as stored: identity and contact removed (they are columns; contact is sealed). */
export function storedProfile(profile: ResumeProfile): ResumeProfile {
  return { ...profile, name: NONE, gender: NONE, birthYear: NONE, mobile: NONE, email: NONE };
}

/** A fresh parse over a stored profile: every field HR corrected keeps HR's value. */
export function mergeProfile(stored: ResumeProfile | null, fresh: ResumeProfile, corrected: readonly string[]): ResumeProfile {
  const next = storedProfile(fresh);
  if (!stored) return next;
  const out = { ...next } as Record<string, unknown>;
  for (const field of PROFILE_FIELDS) if (corrected.includes(field)) out[field] = stored[field];
  return out as unknown as ResumeProfile;
}

/** The identity a parse offers, under what the person typed (forms, intake) and what HR corrected. */
export interface Identity {
  name: string;
  gender: 'male' | 'female' | null;
  birthYear: number | null;
  mobile: string | null;
  email: string | null;
}

export interface TypedIdentity {
  name?: string | null | undefined;
  gender?: 'male' | 'female' | null | undefined;
  birthYear?: number | null | undefined;
  mobile?: string | null | undefined;
  email?: string | null | undefined;
}

/**
 * Typed values win over parsed ones (the person typed their own name); the parse fills the
 * rest. `fallbackName` is used when neither has a name (a file name stem).
 */
export function resolveIdentity(typed: TypedIdentity, parsed: ResumeProfile, fallbackName: string): Identity {
  const name = typed.name?.trim() || parsed.name.value?.trim() || fallbackName.trim() || '?';
  return {
    name: name.slice(0, 64),
    gender: typed.gender ?? parsed.gender.value ?? null,
    birthYear: typed.birthYear ?? parsed.birthYear.value ?? null,
    mobile: normalizeCandidateMobile(typed.mobile) ?? normalizeCandidateMobile(parsed.mobile.value),
    email: normalizeEmail(typed.email) ?? normalizeEmail(parsed.email.value),
  };
}

/**
 * What changes on a stored candidate when they apply again: name, gender and birth year
 * follow the new résumé unless HR corrected them; contact details are only filled where
 * missing (they identify the person; HR corrects them by hand).
 */
export function mergeIdentity(stored: Identity, fresh: Identity, corrected: readonly string[]): Identity {
  const keep = (field: IdentityField) => corrected.includes(field);
  return {
    name: keep('name') ? stored.name : fresh.name || stored.name,
    gender: keep('gender') ? stored.gender : (fresh.gender ?? stored.gender),
    birthYear: keep('birthYear') ? stored.birthYear : (fresh.birthYear ?? stored.birthYear),
    mobile: stored.mobile ?? (keep('mobile') ? null : fresh.mobile),
    email: stored.email ?? (keep('email') ? null : fresh.email),
  };
}

/** A file name without its extension and the words 简历 / resume / CV, as a last-resort name. */
export function fileStem(fileName: string): string {
  return fileName
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/(个人)?简历|curriculum vitae|resume|\bcv\b/giu, ' ')
    .replace(/[-_()（）【】\[\]\s]+/gu, ' ')
    .trim();
}
