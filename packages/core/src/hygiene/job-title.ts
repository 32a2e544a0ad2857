import { boundedMemo } from '../bounded-memo.ts';
import { foldText } from './fold-text.ts';

// Job-title classification for routing and scoring: which business function a person works in
// and how senior they are. Titles are messy free text, so this is a keyword table, ordered and
// tiered, read against a folded and abbreviation-expanded form of the title. The labelled sample
// in job-title.sample.ts measures it; extend the tables, not the control flow.

export const JOB_FUNCTIONS = [
  'marketing',
  'sales',
  'engineering',
  'it',
  'finance',
  'hr',
  'operations',
  'executive',
  'product',
  'customer_success',
  'legal',
  'data',
  'other',
] as const;
export type JobFunction = (typeof JOB_FUNCTIONS)[number];

export const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'senior_ic', 'ic', 'intern'] as const;
export type Seniority = (typeof SENIORITIES)[number];

export type TitleClassification = { function: JobFunction | null; seniority: Seniority | null };

// Whole-word rewrites applied after folding, so the tables only spell each idea once.
const EXPANSIONS: Readonly<Record<string, string>> = {
  sr: 'senior',
  snr: 'senior',
  jr: 'junior',
  mgr: 'manager',
  mngr: 'manager',
  dir: 'director',
  eng: 'engineering',
  engr: 'engineer',
  mktg: 'marketing',
  mkt: 'marketing',
  mkting: 'marketing',
  ops: 'operations',
  asst: 'assistant',
  assoc: 'associate',
  coord: 'coordinator',
  rep: 'representative',
  reps: 'representatives',
  exec: 'executive',
  admin: 'administrator',
  acct: 'account',
  mgmt: 'management',
  biz: 'business',
  bizdev: 'business development',
  bizops: 'business operations',
  revops: 'revenue operations',
  cust: 'customer',
  svc: 'service',
  svcs: 'services',
  tech: 'technology',
  dev: 'developer',
  pres: 'president',
  intl: 'international',
  cofounder: 'co founder',
  csm: 'customer success manager',
  sdr: 'sales development representative',
  bdr: 'business development representative',
  ae: 'account executive',
  pmm: 'product marketing manager',
  swe: 'software engineer',
  sre: 'site reliability engineer',
  hrbp: 'hr business partner',
  gm: 'general manager',
};

// Tier 1: phrases that settle the function even when a broader word also appears ("Product
// Marketing" is marketing, "Revenue Operations" is not sales). Tier 2: domain words; the first one
// in the title wins ("Sales & Marketing" is sales). Tier 3: weak hints used only when nothing else
// matched ("Operations Manager", "Engineer", "CEO").
type FunctionRule = readonly [fn: JobFunction, tier: 1 | 2 | 3, pattern: RegExp];

const FUNCTION_RULES: readonly FunctionRule[] = [
  [
    'marketing',
    1,
    /\b(product marketing|marketing operations|revenue marketing|cmo|chief marketing|leadgen|demand gen(eration)?)\b/,
  ],
  ['sales', 1, /\b(sales engineer(ing)?|solutions (engineer|consultant)|pre ?sales|account executive)\b/],
  ['sales', 1, /\b(cro|chief (revenue|sales|commercial)|business development)\b/],
  ['operations', 1, /\b(revenue operations|business operations|coo|chief operating|chief operations)\b/],
  ['engineering', 1, /\b(cto|chief (technology|technical))\b/],
  ['it', 1, /\b(cio|ciso|chief information|information (technology|security|systems)|infosec)\b/],
  ['it', 1, /\b((salesforce|crm|hubspot|marketo) (administrator|developer))\b/],
  ['it', 1, /\b((enterprise|security|network|infrastructure) architect)\b/],
  [
    'finance',
    1,
    /\b(cfo|chief financ(e|ial)|fp and a|controller|comptroller|accounts (payable|receivable))\b/,
  ],
  ['hr', 1, /\b(chro|chief (people|human|talent)|human resources?|talent acquisition|people operations)\b/],
  ['product', 1, /\b(cpo|chief product|product (manager|management|owner|designer|design))\b/],
  [
    'customer_success',
    1,
    /\b(chief (customer|experience)|customer (success|experience|support|service|care)|client success)\b/,
  ],
  ['customer_success', 1, /\b(technical support)\b/],
  ['legal', 1, /\b(clo|chief legal|general counsel)\b/],
  ['data', 1, /\b(cdo|chief data|data (scien\w*|engineer\w*|analyst|analytics)|machine learning|bi)\b/],
  ['data', 1, /\b(business intelligence|analytics engineer)\b/],

  ['marketing', 2, /\b(marketing|brand(ing)?|growth|seo|sem|ppc|content|communications|comms|pr)\b/],
  ['marketing', 2, /\b(public relations|social media|events?|campaigns?|copywrit\w*|abm|advertising)\b/],
  ['marketing', 2, /\b(creative|graphic design(er)?|digital|media|community|crm|e ?commerce|video)\b/],
  ['sales', 2, /\b(sales|accounts?|partnerships?|alliances?|channel|revenue|commercial|territory)\b/],
  ['sales', 2, /\b(partner (manager|account|development|sales|program|relations|ecosystem))\b/],
  ['engineering', 2, /\b(software|engineering|developers?|programmer|devops|site reliability|qa)\b/],
  ['engineering', 2, /\b(front ?end|back ?end|full ?stack|quality assurance|sdet|mobile|ios|android)\b/],
  ['engineering', 2, /\b(firmware|embedded|r and d|research and development)\b/],
  ['engineering', 2, /\b(scrum master|agile coach|technical writer)\b/],
  ['it', 2, /\b(it|network(ing)?|systems? administrator|sysadmin|help ?desk|desktop support)\b/],
  ['it', 2, /\b(service desk|infrastructure|security|cyber ?security|cyber|dba|database administrator)\b/],
  ['finance', 2, /\b(finance|financial|accounting|accountant|bookkeep\w*|treasury|treasurer|tax)\b/],
  ['finance', 2, /\b(audit(or)?|payroll|billing|investor relations|actuar\w*|credit)\b/],
  ['hr', 2, /\b(hr|people|talent|recruiter|recruiting|recruitment|sourcer|compensation|benefits)\b/],
  ['hr', 2, /\b(learning and development|training|personnel|workforce|dei|diversity)\b/],
  ['operations', 2, /\b(supply chain|logistics|procurement|purchasing|facilities|fulfil?ment|warehouse)\b/],
  [
    'operations',
    2,
    /\b(office (manager|administrator|coordinator)|(executive|administrative|personal) assistant)\b/,
  ],
  ['operations', 2, /\b(category (manager|management)|merchandis\w*)\b/],
  ['operations', 2, /\b(strategy|receptionist|secretary)\b/],
  ['product', 2, /\b(products?|ux|ui|user (experience|research\w*))\b/],
  ['customer_success', 2, /\b(onboarding|client services|customer operations|engagement manager)\b/],
  ['legal', 2, /\b(legal|counsel|attorney|lawyer|paralegal|compliance|contracts|privacy|solicitor)\b/],
  ['data', 2, /\b(data|analytics|statistician|insights|ai)\b/],
  ['other', 2, /\b(teacher|professor|lecturer|nurse|physician|doctor|pharmacist|freelancer?|volunteer)\b/],
  ['other', 2, /\b(self employed|retired|researcher|chef|driver|electrician|plumber|mechanic)\b/],

  ['engineering', 3, /\b(engineers?|technology|architect|development)\b/],
  ['it', 3, /\b(systems?)\b/],
  ['operations', 3, /\b(operations|project|program|programme)\b/],
  ['customer_success', 3, /\b(support|implementation|customer)\b/],
  ['product', 3, /\b(designer|design)\b/],
  ['data', 3, /\b(analyst)\b/],
  ['other', 3, /\b(consultant|advisor|adviser)\b/],
  [
    'executive',
    3,
    /\b(ceo|chief executive|co founder|founder|owner|(?<!vice )president|chairman|chairwoman)\b/,
  ],
  ['executive', 3, /\b(managing (director|partner)|general manager|executive director|chief of staff)\b/],
  ['executive', 3, /\b(partner|board)\b/],
];

// Ordered: the first rule that matches decides. "Senior Vice President" is vp because vp comes
// before senior; "Assistant to the CEO" never reaches this table with "ceo" in it (see below).
type SeniorityRule = readonly [seniority: Seniority, pattern: RegExp];

// "Partner" as a rank, not as in "Partner Marketing Manager" or "HR Business Partner".
const PARTNER_RANK =
  /^((managing|founding|senior|equity|general) )?partner\b(?! (marketing|manager|sales|success|development|account|program|relations|ecosystem|solutions|operations|enablement|engineer))/;

const SENIORITY_RULES: readonly SeniorityRule[] = [
  ['intern', /\b(intern|interns|internship|trainee|apprentice|werkstudent|co op)\b/],
  ['c_level', /\b(ceo|cfo|cmo|cto|cio|coo|cro|ciso|cdo|cpo|chro|cco|cso|clo|cao|cxo)\b/],
  ['c_level', /\bchief\b(?! of staff)/],
  ['c_level', /\b(co founder|founder|chairman|chairwoman|chairperson|board member)\b/],
  [
    'c_level',
    /(?<!\b(product|process|business|service|program|content|system|data|budget|account) )\bowner\b/,
  ],
  ['c_level', /(?<!\bvice )\bpresident\b/],
  ['c_level', /\bmanaging (director|partner)\b/],
  ['c_level', PARTNER_RANK],
  ['c_level', /(?<!\b(deputy|associate|assistant) )\bgeneral counsel\b/],
  ['vp', /\b(vp|svp|evp|avp|vice president|vicepresident)\b/],
  ['director', /\b(directors?|head|general manager|chief of staff|general counsel)\b/],
  ['manager', /\b(managers?|supervisor|team lead(er)?|controller|comptroller|superintendent|foreman)\b/],
  ['senior_ic', /\b(senior|principal|lead|architect|distinguished|iii|iv|business partner)\b/],
  ['senior_ic', /\bstaff (software|engineer|developer|data|machine|ml|product|designer|scientist|research)/],
  ['intern', /\b(student)\b/],
];

// Nouns that say "an individual contributor" even when no function is recognized.
const IC_ROLE = /\b(specialist|associate|coordinator|representative|analyst|engineer|developer|assistant)\b/;

// Longer than any real title: the rest is pasted text, and it must not cost regex time.
const MAX_TITLE = 200;

function normalizeTitle(title: string): string {
  const bounded = title.length > MAX_TITLE ? title.slice(0, MAX_TITLE) : title;
  const withoutEmployer = bounded.replace(/\s+(?:@|at)\s+.*$/i, '');
  const folded = foldText(withoutEmployer)
    .split(' ')
    .map((word) => EXPANSIONS[word] ?? word)
    .join(' ')
    // "Lead generation" is marketing work, not a lead's seniority.
    .replace(/\blead gen(eration)?\b/g, 'leadgen')
    // "Admin" is short for both; before "assistant" it is the office role, not IT's.
    .replace(/\badministrator (assistant|coordinator|officer)\b/g, 'administrative $1');
  // "Executive Assistant to the CEO" describes the assistant, not the CEO.
  return folded.replace(/\b(assistant|associate|advisor|adviser|aide|consultant) to\b.*$/, '$1');
}

function classifyFunction(text: string): JobFunction | null {
  let best: { fn: JobFunction; tier: number; at: number } | null = null;
  for (const [fn, tier, pattern] of FUNCTION_RULES) {
    const at = text.search(pattern);
    if (at < 0) continue;
    if (best === null || tier < best.tier || (tier === best.tier && at < best.at)) best = { fn, tier, at };
  }
  return best?.fn ?? null;
}

function classifySeniority(text: string): Seniority | null {
  for (const [seniority, pattern] of SENIORITY_RULES) {
    if (pattern.test(text)) return seniority;
  }
  return null;
}

/**
 * Classifies a free-text job title into a business function and a seniority level. Either is
 * null when the title gives no evidence for it ("Director" has no function; "Marketing" has no
 * level beyond the default individual contributor).
 */
export function classifyTitle(title: string): TitleClassification {
  // A list repeats its titles by the thousand ("VP Marketing", "Sales Manager"): each distinct
  // short title is classified once (an import of 30,000 rows spent ~20 µs a row here).
  return title.length <= MAX_TITLE ? classifyUsualTitle(title) : classifyTitleText(title);
}

const classifyUsualTitle = boundedMemo(4_096, (title: string) => Object.freeze(classifyTitleText(title)));

function classifyTitleText(title: string): TitleClassification {
  const text = normalizeTitle(title);
  if (text === '') return { function: null, seniority: null };
  const seniority = classifySeniority(text);
  const fn = classifyFunction(text) ?? (seniority === 'c_level' ? 'executive' : null);
  const fallbackSeniority = fn !== null || IC_ROLE.test(text) ? 'ic' : null;
  return { function: fn, seniority: seniority ?? fallbackSeniority };
}
