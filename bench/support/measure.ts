/** The `p`th percentile of ascending `sorted` values (NaN when there are none). */
export const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

export const ms = (value: number) => `${value.toFixed(1)} ms`
