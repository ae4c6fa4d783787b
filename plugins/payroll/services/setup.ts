/**
 * Salary setup (薪资设置): the SetupService of services/types.ts. Per-employee
 * data lives in setup-profiles.ts (profiles, payroll card, 专项附加扣除),
 * company-wide setup in setup-policies.ts (components, structures, city
 * policies, defaults); validation in setup-input.ts.
 */
import { createPolicyStore } from './setup-policies.js';
import { createProfileStore } from './setup-profiles.js';
import type { PayrollParts, SetupService } from './types.js';

export function createSetupService(parts: PayrollParts): SetupService {
  const profiles = createProfileStore(parts);
  const policies = createPolicyStore(parts);
  return {
    ensureDefaults: policies.ensureDefaults,
    segmentsFor: profiles.segmentsFor,
    segmentsForMany: profiles.segmentsForMany,
    deductionsFor: profiles.deductionsFor,
    cityRules: policies.cityRules,
    componentsOf: policies.componentsOf,
    bankAccounts: profiles.bankAccounts,
    profileStatuses: profiles.profileStatuses,
    viewSalary: profiles.viewSalary,
    saveProfile: profiles.saveProfile,
    deleteProfile: profiles.deleteProfile,
    setBankAccount: profiles.setBankAccount,
    saveDeductions: profiles.saveDeductions,
    allComponents: policies.allComponents,
    saveComponent: policies.saveComponent,
    structures: policies.structures,
    saveStructure: policies.saveStructure,
    cityPolicies: policies.cityPolicies,
    saveCityPolicy: policies.saveCityPolicy,
  };
}
