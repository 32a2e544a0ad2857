import type { AccountSnapshot } from '@mops/core';

interface AccountRow {
  id: string;
  domain: string;
  name: string | null;
  employees: number | null;
  industry: string | null;
  country: string | null;
  owner_rep_id: string | null;
  named: boolean;
}

export const snapshotOfAccount = (row: AccountRow): AccountSnapshot => ({
  id: row.id,
  domain: row.domain,
  name: row.name,
  employees: row.employees,
  industry: row.industry,
  country: row.country,
  ownerRepId: row.owner_rep_id,
  named: row.named,
});
