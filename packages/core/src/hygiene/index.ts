// Data hygiene: pure normalizers and validators for contact data (countries, states, names, job
// titles, phone numbers, company names, web and email addresses and domains).
//
// The `Region` type is not re-exported here: the package root also re-exports the `Region` zod
// enum from conditions/condition.schema.ts (the same four values), and two exports of one name
// through `export *` collide. Import it from './countries.ts' inside core.
export { type CleanCompanyName, cleanCompanyName, companyMatchKey } from './company.ts';
export {
  type Country,
  countryByCode,
  isCountryCode,
  type NormalizedCountry,
  normalizeCountry,
  REGIONS,
  regionOfCountry,
} from './countries.ts';
export { registrableDomain } from './domain.ts';
export {
  type EmailError,
  type EmailErrorCode,
  emailMatchKey,
  type ParsedEmail,
  type ParseEmailResult,
  parseEmail,
} from './email.ts';
export { isDisposableDomain, isFreeMailDomain } from './email-domains.ts';
export {
  classifyTitle,
  JOB_FUNCTIONS,
  type JobFunction,
  SENIORITIES,
  type Seniority,
  type TitleClassification,
} from './job-title.ts';
export { capitalizeName, type SplitName, splitFullName } from './names.ts';
export { type NormalizedPhone, normalizePhone, phoneKeysMatch, phoneMatchKey } from './phone.ts';
export { listStates, type NormalizedState, normalizeState, type StateCountry } from './states.ts';
export { suggestEmailDomain } from './suggest-email-domain.ts';
