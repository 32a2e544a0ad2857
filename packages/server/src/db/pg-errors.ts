/** SQLSTATE and constraint of an error PostgreSQL reported (undefined for other errors). */
export const pgCode = (error: unknown): string | undefined => (error as { code?: string } | null)?.code;
export const pgConstraint = (error: unknown): string | undefined =>
  (error as { constraint?: string } | null)?.constraint;
