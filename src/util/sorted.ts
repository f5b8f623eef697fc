/**
 * The index of the first item of a sorted list that `isBefore` no longer holds for (the list's
 * length when it holds for all): a binary search, for lookups by offset in lists sorted by
 * position (sinks by start, masks by end).
 */
export function firstIndexWhereNot<T>(sorted: readonly T[], isBefore: (item: T) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (isBefore(sorted[mid]!)) low = mid + 1;
    else high = mid;
  }
  return low;
}
