/**
 * Remembers the answers of a pure function of a string key, up to `size` of them; when full it
 * forgets them all at once (cheaper than an LRU, and the keys that matter come straight back).
 * For values that repeat by the thousand in a stream — hosts, UTM values, country spellings —
 * where working each one out again would cost more than looking it up.
 */
export function boundedMemo<T>(size: number, compute: (key: string) => T): (key: string) => T {
  const answers = new Map<string, T>();
  return (key) => {
    const known = answers.get(key);
    // One lookup for the usual hit; `has` only for an answer that is itself undefined.
    if (known !== undefined || answers.has(key)) return known as T;
    const answer = compute(key);
    if (answers.size >= size) answers.clear();
    answers.set(key, answer);
    return answer;
  };
}
