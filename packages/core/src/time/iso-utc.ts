/**
 * `new Date(ms).toISOString()` for the years 0–9999, 1.5–3 times cheaper as measured here: V8's
 * builds the string through its date cache, which shows at tens of thousands of timestamps a
 * second (one per tracked event). Other years, and invalid times, are left to `toISOString`.
 */
export function isoUtc(ms: number): string {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9_999)) return date.toISOString();
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}.${pad(date.getUTCMilliseconds(), 3)}Z`;
}

const pad = (n: number, width: number) => {
  const text = String(n);
  return text.length >= width ? text : '000'.slice(0, width - text.length) + text;
};
