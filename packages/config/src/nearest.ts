// Suggestions for a mistyped key: the nearest valid one.

/** The classic edit distance (insert, delete, substitute one character). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const nameOf = (key: string) => key.slice(key.indexOf(':') + 1);

/**
 * The valid key closest to `key`: by edit distance on the whole key, or on the part after the namespace (so a
 * bare `overrides` finds `payments:overrides`), ties to the first candidate.
 */
export function nearestKey(key: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = Math.min(
      editDistance(key.toLowerCase(), candidate.toLowerCase()),
      editDistance(nameOf(key).toLowerCase(), nameOf(candidate).toLowerCase()) + 1,
    );
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best?.candidate;
}
