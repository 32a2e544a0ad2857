import type { CompiledRep } from '../playbook/compile-playbook.ts';
import { isWithinWorkingHours } from '../time/working-hours.ts';
import { type ZonedParts, zonedParts } from '../time/zoned-time.ts';

export interface Availability {
  available: boolean;
  /** Why not (or a short "available" note), in words a sales manager understands. */
  why: string;
  local: ZonedParts;
}

/** Can this rep take a lead right now? Inactive and out-of-office always block; hours only if asked. */
export function repAvailability(rep: CompiledRep, now: Date, respectWorkingHours: boolean): Availability {
  const local = zonedParts(now, rep.timezone);
  if (!rep.active) return { available: false, why: 'inactive', local };
  const away = rep.outOfOffice.find((range) => local.date >= range.from && local.date <= range.to);
  if (away) return { available: false, why: `out of office ${away.from}..${away.to}`, local };
  if (respectWorkingHours && !isWithinWorkingHours(rep.workingHours, local)) {
    return {
      available: false,
      why: `outside working hours (${rep.hours}, ${rep.timezone}; local time ${local.label})`,
      local,
    };
  }
  return { available: true, why: `available (local time ${local.label})`, local };
}
